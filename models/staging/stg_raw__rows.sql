select
    document_id,
    table_seq,
    row_number,
    page,
    coalesce(row_kind, 'body') as row_kind,
    cells
from {{ source('raw', 'rows') }}
