{#- Schemas are named exactly as configured (staging, intermediate, main, checks, reference),
    not prefixed with the target schema: BI users see stable names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
