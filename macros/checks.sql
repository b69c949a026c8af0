{#- The rounding residual one printed figure can carry, in the printed unit: half a unit of its
    last printed digit (0.005 for "7,776.80", 0.5 for "156,211,123" — domain.md's 0.5 per item
    for whole numbers). A blank or '-' is an exact nothing. -#}
{% macro item_rounding(decimals) -%}
(case when {{ decimals }} is null then 0 else 0.5 * power(10, -{{ decimals }}) end)
{%- endmacro %}

{#- Tolerance of "printed total = Σ printed items", in yuan: the residuals the summed items can
    carry plus the total's own — (n + 1) half units for a uniformly printed table, within
    domain.md's bound of 0.01 per summed item for two-decimal tables. Exact for correctly rounded
    figures; never a flat percentage. -#}
{% macro sum_tolerance_yuan(item_decimals_sum_expr, total_decimals, unit) -%}
cast(
    ({{ item_decimals_sum_expr }} + 0.5 * power(10, -{{ total_decimals }}))
    * (case {{ unit }} when '万元' then 10000 when '千元' then 1000 else 1 end)
as decimal(20, 2))
{%- endmacro %}

{#- A figure stated in prose ("7,776.8万元") carries the rounding of its own last printed digit —
    one unit of it, the same per-figure allowance domain.md gives a two-decimal table (documents
    truncate as often as they round). In yuan. -#}
{% macro stated_tolerance_yuan(value_text, unit) -%}
cast(power(10, -coalesce(length(nullif(regexp_extract({{ value_text }}, '\.(\d+)$', 1), '')), 0))
     * (case {{ unit }} when '万元' then 10000 else 1 end) as decimal(20, 2))
{%- endmacro %}

{#- Amount in the printed unit, for people reading a report. -#}
{% macro in_printed_unit(amount_yuan, unit) -%}
cast(({{ amount_yuan }}) / (case {{ unit }} when '万元' then 10000 when '千元' then 1000 else 1 end) as decimal(24, 6))
{%- endmacro %}

{#- Decimals printed in an amount's text ("7,776.80" -> 2, "156,211,123" -> 0); NULL for a blank. -#}
{% macro text_decimals(text) -%}
case when {{ is_blank_amount(text) }} then null
     else coalesce(length(nullif(regexp_extract({{ text }}, '\.(\d+)', 1), '')), 0) end
{%- endmacro %}
