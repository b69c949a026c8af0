{#- Amount parsing: the one place where printed text becomes a number.

    "1,234.50", "835,711.80", "0", "1011.92", "-3.50" -> exact DECIMAL; "", "-", "—" -> 0
    (an empty or dashed cell in a numeric column means zero); "100万元" -> 100 with its own unit.
    A thousands separator printed only before the last group ("120258,600", as a table of 上海
    prints them) and a space the layout put beside a separator ("25180591 .33") are read as the
    number they print: every group after a comma still has three digits.
    Anything else -> NULL, and the cell lands in int_amount_parse_errors (never silently). -#}

{% macro amount_pattern() -%}
'^[-−]?(\d{1,15}(,\d{3}){1,5}|\d{1,15})(\.\d{1,6})?\s*(万元|元)?$'
{%- endmacro %}

{% macro without_separator_spaces(text) -%}
regexp_replace(trim({{ text }}), '\s*([.,])\s*', '\1', 'g')
{%- endmacro %}

{% macro is_blank_amount(text) -%}
(coalesce(trim({{ text }}), '') in ('', '-', '—', '－', '–', '--'))
{%- endmacro %}

{% macro parse_amount(text) -%}
case
    when {{ is_blank_amount(text) }} then cast(0 as decimal(24, 6))
    when regexp_matches({{ without_separator_spaces(text) }}, {{ amount_pattern() }})
        then cast(regexp_replace(replace(replace({{ without_separator_spaces(text) }}, ',', ''), '−', '-'), '\s*(万元|元)$', '')
                  as decimal(24, 6))
end
{%- endmacro %}

{#- The unit a cell prints itself ("100万元"), else the table's unit line. -#}
{% macro amount_unit(text, table_unit) -%}
coalesce(nullif(regexp_extract(trim({{ text }}), '(万元|元)$', 1), ''), {{ table_unit }})
{%- endmacro %}

{% macro to_yuan(amount, unit) -%}
cast(case {{ unit }} when '万元' then ({{ amount }}) * 10000 when '千元' then ({{ amount }}) * 1000 else ({{ amount }}) end as decimal(20, 2))
{%- endmacro %}

{#- Every amount in yuan a mart publishes has one type: exact to the fen, 18 digits before it
    (sums and differences of DECIMAL(20,2) would otherwise widen to DECIMAL(38,2)). -#}
{% macro yuan(amount) -%}
cast(({{ amount }}) as decimal(20, 2))
{%- endmacro %}

{% macro to_wan(amount_yuan) -%}
cast(({{ amount_yuan }}) / 10000 as decimal(24, 6))
{%- endmacro %}

{#- The amount of a fact row and where it is printed: the same columns on every fact model, so a
    BI user finds the exact figure, its printed text, unit and precision, and its page. -#}
{% macro amount_with_provenance(alias) -%}
    {{ alias }}.amount_yuan,
    {{ alias }}.amount_wan,
    {{ alias }}.amount_printed,
    {{ alias }}.amount_text,
    {{ alias }}.amount_unit as printed_unit,
    {{ alias }}.printed_decimals,
    {{ alias }}.page,
    {{ alias }}.table_seq,
    {{ alias }}.row_number
{%- endmacro %}
