{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
select
    document_id,
    number_seq,
    page,
    printed_text,
    x,
    y,
    table_seq,
    reason
from {{ raw_dataset('unplaced') }}
