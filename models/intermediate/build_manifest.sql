-- What this warehouse was built from: one row per extracted document, as the next incremental
-- build compares it — its extraction (int_changed_documents) and its context, a digest of its
-- int_documents row (int_affected_documents). Built after the changes were read.
-- depends_on: {{ ref('int_changed_documents') }} {{ ref('int_affected_documents') }}
select s.document_id, s.extracted_at, s.extractor_version, md5(cast(d as varchar)) as context_digest
from {{ ref('stg_raw__documents') }} as s
left join {{ ref('int_documents') }} as d on d.document_key = s.document_id
