{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
select
    document_id,
    table_seq,
    row_number,
    page,
    coalesce(row_kind, 'body') as row_kind,
    cells
from {{ raw_dataset('rows') }}
