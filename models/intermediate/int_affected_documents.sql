-- The documents whose per-document marts and checks this build recomputes: the documents
-- extracted since the last build (int_changed_documents), the documents whose context changed —
-- their int_documents row (a new version supersedes one, a unit's name resolves differently, a
-- companion part appears) differs from the one the last build recorded (build_manifest) — and
-- the documents whose companion part (报表 / 情况说明 in two files) is among these. Every document
-- on a full build.
{% set previous = adapter.get_relation(database=this.database, schema=this.schema, identifier='build_manifest') -%}
with documents as (
    select document_key, companion_document_key, md5(cast(d as varchar)) as context_digest
    from {{ ref('int_documents') }} as d
),

affected as (
    select document_id from {{ ref('int_changed_documents') }}
    {%- if previous is not none and 'context_digest' in adapter.get_columns_in_relation(previous) | map(attribute='name') %}
    union
    select d.document_key
    from documents as d
    left join {{ previous }} as p on p.document_id = d.document_key and p.context_digest = d.context_digest
    where p.document_id is null
    {%- elif previous is not none %}
    union
    select document_key from documents  -- the last build did not record contexts: all of them
    {%- endif %}
)

select document_id from affected
union
select d.document_key from documents as d inner join affected as a on a.document_id = d.companion_document_key
