{#- A unit name as compared: no whitespace, full-width parentheses. -#}
{% macro normalize_unit_name(name) -%}
replace(replace({{ squash(name) }}, '(', '（'), ')', '）')
{%- endmacro %}

{#- An economic 类 name as printed in per-unit tables, reduced to compare with the official one:
    '对个人和家庭补助支出' and '对个人和家庭的补助' both -> '对个人家庭补助'; '工资和福利支出' and
    '工资福利支出' both -> '工资福利'. -#}
{% macro economic_class_key(name) -%}
regexp_replace(replace(replace({{ squash(name) }}, '的', ''), '和', ''), '(支出)$', '')
{%- endmacro %}

{#- Names that end like an organisation: how a using unit's row is told from a project's. -#}
{% macro looks_like_unit(name) -%}
regexp_matches({{ squash(name) }}, '(局|中心|院|学院|学校|所|队|站|办公室|委员会|馆|处|社|厅|团|办事处|街道)$')
{%- endmacro %}
