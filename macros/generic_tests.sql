{#- Generic tests dbt does not ship (no package hub here: dbt_utils is not available). -#}

{#- Every row satisfies a boolean SQL expression, e.g. "amount_yuan = amount_wan * 10000". -#}
{% test expression_is_true(model, expression) %}
select * from {{ model }} where not coalesce(({{ expression }}), false)
{% endtest %}

{#- The combination of columns is unique. document_column: on a staging model whose key holds the
    document, only the rows of the documents this build read (int_changed_documents: every document
    on a full build) can collide — two rows of one document are written together, and the other
    documents' rows are those the build it started from tested — so only those are grouped. -#}
{% test unique_combination_of_columns(model, combination_of_columns, document_column=none) %}
select {{ combination_of_columns | join(', ') }}, count(*) as n
from {{ model }}
{%- if document_column %}
where {{ document_column }} in (select document_id from {{ ref('int_changed_documents') }})
{%- endif %}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- Every current document that prints a table of the kind the model reads (tables_where, on
    int_table_context) has at least one row in the model: a table found but not loaded is a failure. -#}
{% test has_rows_for_every_document(model, column_name, tables_where) %}
select distinct t.document_id as document_key
from {{ ref('int_table_context') }} as t
inner join {{ ref('int_document_versions') }} as v using (document_id)
where v.is_current and t.row_count > 0 and ({{ tables_where }})
    and not exists (select 1 from {{ model }} as m where m.{{ column_name }} = t.document_id)
{% endtest %}

{#- Codes have the shape of the classification: 3 digits, then 2 per level. -#}
{% test is_classification_code(model, column_name, max_levels=3) %}
select * from {{ model }}
where {{ column_name }} is not null
    and not regexp_full_match({{ column_name }}, '\d{3}(\d{2}){0,{{ max_levels - 1 }}}')
{% endtest %}
