select
    document_id,
    table_seq,
    row_number,
    page,
    cells
from {{ source('raw', 'rows') }}
