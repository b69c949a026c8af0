-- The documents extracted since the warehouse this build started from was built: all of them for
-- a build into a new file, else those whose extraction (id, time, extractor version) is not in
-- that warehouse's build_manifest. The per-document layers recompute only these.
{% set previous = adapter.get_relation(database=this.database, schema=this.schema, identifier='build_manifest') -%}
select d.document_id
from {{ ref('stg_raw__documents') }} as d
{%- if previous is not none %}
left join {{ previous }} as p
    on p.document_id = d.document_id and p.extracted_at = d.extracted_at
    and p.extractor_version = d.extractor_version
where p.document_id is null
{%- endif %}
