-- What this warehouse was built from: one row per extracted document, as the next incremental
-- build compares it (int_changed_documents). Built after the changes were read.
-- depends_on: {{ ref('int_changed_documents') }}
select document_id, extracted_at, extractor_version
from {{ ref('stg_raw__documents') }}
