{#- The per-document layers (staging, the long form of the cells, rows, row amounts, the facts,
    the checks of one document) are built incrementally: a refresh inserts only the documents it
    has to recompute after deleting their old rows and those of documents no longer read. The
    cross-document models (dimensions, comparisons, links, cross-document checks) are rebuilt
    whole. A full build (a new file, or a changed dbt project) builds everything. -#}

{#- key: the model's document column; changes: the model listing the documents to recompute
    (int_changed_documents: extracted since; int_affected_documents: those, and the documents whose
    context — their int_documents row, a companion part — changed, for the layers that read it);
    also: a further condition of rows to forget (rows that depend on other documents). -#}
{% macro per_document_config(key='document_id', changes='int_changed_documents', also=none) -%}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ forget_changed_documents('" ~ key ~ "', '" ~ changes ~ "', " ~ ((also | tojson) if also else 'none') ~ ") }}"
) }}
{%- endmacro %}

{#- Run before the insert of an incremental build: the rows of a changed document go (its new
    rows come in), and so do those of a document no longer in the store (a changed one too, 'removed'
    in int_changed_documents, and so in int_affected_documents). (A document read ok before and
    rejected now was extracted again: it is a changed one. A rejected document keeps the rows it
    has, e.g. the issues of its pages, as a full build keeps them.) -#}
{% macro forget_changed_documents(key='document_id', changes='int_changed_documents', also=none) -%}
{%- if is_incremental() -%}
delete from {{ this }}
where {{ key }} in (select document_id from {{ ref(changes) }})
    {%- if also %} or ({{ also }}){% endif %}
{%- else -%}
select 1
{%- endif -%}
{%- endmacro %}

{#- A raw dataset as a staging model reads it: every document's file on a full build; on an
    incremental one only the files of the documents extracted since (the store keeps one file per
    document in each dataset, named by its id), so a refresh never opens the unchanged documents'
    files. source() is called on every path: dbt records the dependency when it parses. -#}
{% macro raw_dataset(name) -%}
{%- set everything = source('raw', name) -%}
{%- if is_incremental() -%}
{%- set folder = env_var('CNBUDGET_RAW', 'data/raw') ~ '/' ~ name -%}
{%- set ids = run_query('select document_id from ' ~ ref('int_changed_documents')
                        ~ " where change = 'extracted' order by 1").columns[0].values() -%}
{%- if ids | length > 0 -%}
read_parquet([{% for id in ids %}'{{ folder }}/{{ id }}.parquet'{{ ', ' if not loop.last }}{% endfor %}], union_by_name = true)
{%- else -%}
{#- nothing to read: the columns of any one file, no rows -#}
{%- set first = run_query("select file from glob('" ~ folder ~ "/*.parquet') limit 1").columns[0].values() -%}
(select * from {{ "read_parquet('" ~ first[0] ~ "')" if first | length > 0 else everything }} where false)
{%- endif -%}
{%- else -%}
{{ everything }}
{%- endif -%}
{%- endmacro %}

{#- A per-document relation as an incremental model reads it: only the rows of the documents it
    recomputes (the whole relation on a full build). -#}
{% macro changed_rows(relation, column='document_id', changes='int_affected_documents') -%}
{%- if is_incremental() -%}
(select * from {{ relation }} where {{ column }} in (select document_id from {{ ref(changes) }}))
{%- else -%}
{{ relation }}
{%- endif -%}
{%- endmacro %}
