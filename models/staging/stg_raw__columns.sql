{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
select
    document_id,
    table_seq,
    col_index,
    column_path,
    role,
    side,
    measure,
    fund,
    period,
    is_subset,
    is_sum,
    sum_of,
    column_group
from {{ raw_dataset('columns') }}
