{#- Text normalisation shared by the models. -#}

{#- Remove all whitespace (ASCII and full-width): how printed labels are compared. NULL stays NULL. -#}
{% macro squash(text) -%}
regexp_replace({{ text }}, '[\s　]+', '', 'g')
{%- endmacro %}

{#- A header path without the printed years, so 2023 and 2024 headers map alike:
    '2024年“三公”经费预算数/合计' -> '“三公”经费预算数/合计'. -#}
{% macro normalize_column_path(path) -%}
regexp_replace({{ squash(path) }}, '\d{4}年度?', '', 'g')
{%- endmacro %}

{#- A line label without its list number: '八、社会保障和就业支出' -> '社会保障和就业支出'
    (a stray digit before a bracketed number, as 重庆 p18 prints one invisibly, goes too). -#}
{% macro strip_list_number(label) -%}
regexp_replace({{ squash(label) }}, '^(其中[:：])?(\d?[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．]|[0-9]+[、.．)）]|[（(][0-9]+[）)])', '')
{%- endmacro %}

{#- Stable surrogate key from text parts. -#}
{% macro text_key(parts) -%}
substr(md5(concat_ws('|', {% for p in parts %}coalesce(cast({{ p }} as varchar), ''){% if not loop.last %}, {% endif %}{% endfor %})), 1, 16)
{%- endmacro %}
