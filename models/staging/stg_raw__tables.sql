{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
select
    document_id,
    table_seq,
    table_type,
    title as printed_title,
    table_no,
    unit_name_line,
    unit_name as printed_unit_name,
    currency_unit,
    currency_unit_source,
    currency_unit_line,
    subtitle_line,
    precision as printed_decimals,
    pages,
    first_page,
    n_cols,
    header_rows,
    column_paths,
    note,
    follows_table_seq,
    row_count,
    phase,
    code_kind,
    unmapped_cells
from {{ raw_dataset('tables') }}
