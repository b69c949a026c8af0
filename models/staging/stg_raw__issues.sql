{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
select
    document_id,
    severity,
    message,
    page,
    table_seq
from {{ raw_dataset('issues') }}
