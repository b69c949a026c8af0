{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
-- The long form of every wide table: one row per (document, table, row, column) with the
-- printed cell, its column path, and the cell read as an amount where it has an amount's shape.
with rows as (
    select
        document_id,
        table_seq,
        row_number,
        page,
        coalesce(row_kind, 'body') as row_kind,
        unnest(cells) as cell_text,
        unnest(range(1, len(cells) + 1)) as col_index
    from {{ raw_dataset('rows') }}
),

tables as (
    select document_id, table_seq, column_paths, currency_unit, precision
    from {{ raw_dataset('tables') }}
)

select
    r.document_id,
    r.table_seq,
    r.row_number,
    r.page,
    r.row_kind,
    r.col_index,
    t.column_paths[r.col_index] as column_path,
    r.cell_text,
    {{ is_blank_amount('r.cell_text') }} as is_blank,
    {{ parse_amount('r.cell_text') }} as amount_printed,
    {{ amount_unit('r.cell_text', 't.currency_unit') }} as amount_unit,
    t.precision as printed_decimals
from rows as r
inner join tables as t using (document_id, table_seq)
