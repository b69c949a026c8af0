-- The documents to recompute since the warehouse this build started from was built, decided from
-- the store's listing before any file is read: on a full build every document; else those whose
-- file in documents/ (its size and modification time: the extraction rewrites the files of a
-- document it extracts again) is not the one that warehouse's build_manifest recorded
-- ('extracted'), and those no longer in the store ('removed': their rows go, none come in).
-- Staging reads the files of the extracted ones only.
{% set previous = adapter.get_relation(database=this.database, schema=this.schema, identifier='build_manifest') -%}
select f.document_id, 'extracted' as change
from {{ ref('stg_raw__document_files') }} as f
{%- if previous is not none %}
left join {{ previous }} as p
    on p.document_id = f.document_id and p.file_size = f.file_size
    and p.file_modified_ns = f.file_modified_ns
where p.document_id is null
union all
select p.document_id, 'removed' as change
from {{ previous }} as p
anti join {{ ref('stg_raw__document_files') }} as f using (document_id)
{%- endif %}
