-- Every printed cell with the meaning of its column (role, side, measure, fund) and its amount
-- in yuan and 万元, exactly. Columns the catalogue does not know keep role 'unmapped'.
with columns_map as (
    select
        table_type,
        {{ normalize_column_path('column_path') }} as column_key,
        role,
        side,
        measure,
        fund
    from {{ ref('column_measures') }}
)

select
    c.document_id,
    c.table_seq,
    c.row_number,
    c.page,
    c.col_index,
    c.column_path,
    c.cell_text,
    c.is_blank,
    t.table_type,
    t.template,
    t.fiscal_year,
    t.code_kind,
    t.fund_scope,
    coalesce(m.role, 'unmapped') as role,
    coalesce(m.side, t.table_side) as side,
    m.measure,
    m.fund,
    c.amount_printed,
    c.amount_unit,
    c.printed_decimals,
    -- decimals of this very figure: its rounding (a blank or '-' is an exact nothing)
    case when not c.is_blank and c.amount_printed is not null
        then length(regexp_extract(c.cell_text, '\.(\d+)', 1)) end as amount_decimals,
    case when m.role = 'amount' then {{ to_yuan('c.amount_printed', 'c.amount_unit') }} end as amount_yuan,
    case when m.role = 'amount' then {{ to_wan(to_yuan('c.amount_printed', 'c.amount_unit')) }} end as amount_wan
from {{ ref('stg_raw__cells') }} as c
inner join {{ ref('int_table_context') }} as t using (document_id, table_seq)
left join columns_map as m
    on m.table_type = t.table_type
    and m.column_key = {{ normalize_column_path('c.column_path') }}
