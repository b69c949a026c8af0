-- What this warehouse was built from: one row per extracted document, as the next incremental
-- build compares it — its file in the store (int_changed_documents), its extraction, and its
-- context, a digest of its int_documents row (int_affected_documents). Built after the changes
-- were read.
-- depends_on: {{ ref('int_changed_documents') }} {{ ref('int_affected_documents') }}
select s.document_id, f.file_size, f.file_modified_ns, s.extracted_at, s.extractor_version,
    md5(cast(d as varchar)) as context_digest
from {{ ref('stg_raw__documents') }} as s
inner join {{ ref('stg_raw__document_files') }} as f using (document_id)
left join {{ ref('int_documents') }} as d on d.document_key = s.document_id
