{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }} {{ ref('stg_raw__documents') }}
select
    document_id,
    severity,
    message,
    page,
    table_seq
from {{ raw_dataset('issues') }}
