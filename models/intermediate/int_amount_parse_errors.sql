-- Cells in an amount column that do not read as an amount, or that carry more precision than
-- a yuan amount can hold: never turned into a silent NULL or a rounded number. (Current versions:
-- a duplicate or superseded file is not judged.)
select
    document_id,
    table_seq,
    row_number,
    page,
    col_index,
    column_path,
    cell_text,
    amount_unit,
    case
        when amount_printed is null then 'not an amount'
        else 'more precision than 0.01 yuan'
    end as problem
from {{ ref('int_cells') }}
where role = 'amount'
    and document_id in (select document_id from {{ ref('int_document_versions') }} where is_current)
    and not is_blank
    and (
        amount_printed is null
        or amount_yuan != case amount_unit when '万元' then amount_printed * 10000 when '千元' then amount_printed * 1000
            else amount_printed end
    )
