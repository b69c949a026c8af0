{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
-- Every printed cell with the meaning of its column, as the extractor composed it from the
-- header's terms (role, side, measure, fund, period), and its amount in yuan and 万元, exactly.
select
    c.document_id,
    c.table_seq,
    c.row_number,
    c.page,
    c.row_kind,
    c.col_index,
    coalesce(m.column_group, 0) as column_group,
    c.column_path,
    c.cell_text,
    c.is_blank,
    t.table_type,
    t.phase,
    t.template,
    t.fiscal_year,
    t.code_kind,
    t.type_code_kind,
    t.fund_scope,
    coalesce(m.role, 'unmapped') as role,
    coalesce(m.side, t.table_side) as side,
    m.measure,
    m.fund,
    coalesce(m.period, 'current') as period,
    coalesce(m.is_subset, false) as is_subset,
    coalesce(m.is_sum, false) as is_sum,
    c.amount_printed,
    c.amount_unit,
    c.printed_decimals,
    -- decimals of this very figure: its rounding (a blank or '-' is an exact nothing)
    case when not c.is_blank and c.amount_printed is not null
        then length(regexp_extract(c.cell_text, '\.(\d+)', 1)) end as amount_decimals,
    case when m.role = 'amount' then {{ to_yuan('c.amount_printed', 'c.amount_unit') }} end as amount_yuan,
    case when m.role = 'amount' then {{ to_wan(to_yuan('c.amount_printed', 'c.amount_unit')) }} end as amount_wan
from {{ changed_rows(ref('stg_raw__cells'), 'document_id', 'int_changed_documents') }} as c
inner join {{ changed_rows(ref('int_table_context'), 'document_id', 'int_changed_documents') }} as t using (document_id, table_seq)
left join {{ changed_rows(ref('stg_raw__columns'), 'document_id', 'int_changed_documents') }} as m using (document_id, table_seq, col_index)
