select
    document_id,
    severity,
    message,
    page,
    table_seq
from {{ source('raw', 'issues') }}
