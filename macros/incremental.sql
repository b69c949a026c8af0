{#- The per-document layers (the long form of the cells, their meaning, rows, row amounts) are
    built incrementally: a refresh inserts only the documents extracted since the last build
    (int_changed_documents) after deleting their old rows and those of documents no longer
    read. A full build (a new file, or a changed dbt project) builds them whole. -#}

{% macro per_document_config() -%}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ forget_changed_documents() }}"
) }}
{%- endmacro %}

{#- Run before the insert of an incremental build: the rows of a changed document go (its new
    rows come in), and so do those of a document that is no longer read ok. -#}
{% macro forget_changed_documents() -%}
{%- if is_incremental() -%}
delete from {{ this }}
where document_id in (select document_id from {{ ref('int_changed_documents') }})
    or document_id not in (select document_id from {{ ref('stg_raw__documents') }} where status = 'ok')
{%- else -%}
select 1
{%- endif -%}
{%- endmacro %}

{#- The filter of an incremental build: only the changed documents' rows are computed. -#}
{% macro only_changed_documents(column='document_id') -%}
{%- if is_incremental() %}
    and {{ column }} in (select document_id from {{ ref('int_changed_documents') }})
{%- endif %}
{%- endmacro %}
