{#- The rounding residual one printed figure may carry (domain.md), in the printed unit: 0.01 for a
    two-decimal figure (one unit of its last digit in general), 0.5 for a whole number; a blank
    or '-' is an exact nothing. -#}
{% macro item_rounding(decimals) -%}
(case when {{ decimals }} is null then 0 when {{ decimals }} >= 1 then power(10, -{{ decimals }})
      else {{ var('rounding_per_item_whole') }} end)
{%- endmacro %}

{#- Tolerance of "printed total = Σ printed items", in yuan: the residuals of the summed items,
    plus half a unit of the total's last digit when the total is printed coarser than its items
    (Shanghai prints some totals in whole 元 above items with fen). Never a flat percentage. -#}
{% macro sum_tolerance_yuan(item_decimals_sum_expr, total_decimals, max_item_decimals, unit) -%}
cast(
    ({{ item_decimals_sum_expr }}
     + case when {{ total_decimals }} < {{ max_item_decimals }} then 0.5 * power(10, -{{ total_decimals }}) else 0 end)
    * (case {{ unit }} when '万元' then 10000 when '千元' then 1000 else 1 end)
as decimal(20, 2))
{%- endmacro %}

{#- The rounding tolerance of domain.md for a table, in yuan: per summed item 0.01 of the printed
    unit for a two-decimal table and 0.5 for a whole-number table, times the number of items. -#}
{% macro rounding_tolerance_yuan(decimals, unit, n_items) -%}
cast(
    (case when coalesce({{ decimals }}, 0) >= 1 then power(10, -{{ decimals }})
          else {{ var('rounding_per_item_whole') }} end)
    * greatest({{ n_items }}, 1)
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
