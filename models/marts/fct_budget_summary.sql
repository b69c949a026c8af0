-- The 收支总体 / 财政拨款收支总体 tables read as lines: one row per (document, side, printed
-- line, fund column). line_kind says what a line is: an income source or functional 类 line,
-- a sub-line of one (printed '1. …'), the 本年合计 subtotal, a transfer or carry-over, or 总计.
with cells as (
    select * from {{ ref('int_cells') }}
    where table_type in ('income_expenditure_summary', 'fiscal_appropriation_summary') and period = 'current'
),

labels as (
    select document_id, table_seq, row_number, side, cell_text as line_label
    from cells
    where role = 'label'
),

amounts as (
    select * from cells where role = 'amount'
),

lines as (
    select
        a.*,
        l.line_label,
        {{ strip_list_number('l.line_label') }} as line_name,
        {{ squash('l.line_label') }} as label_key
    from amounts as a
    inner join labels as l using (document_id, table_seq, row_number, side)
    where nullif(trim(l.line_label), '') is not null
),

classes as (
    select code, name from {{ ref('functional_classification') }} where level = '类'
),

documents as (
    select document_key, unit_key from {{ ref('dim_document') }}
)

select
    {{ text_key(['li.document_id', 'li.table_seq', 'li.row_number', 'li.col_index']) }} as summary_line_key,
    li.document_id as document_key,
    d.unit_key,
    li.fiscal_year,
    li.table_type,
    li.table_seq,
    li.side,
    li.row_number,
    li.line_label,
    li.line_name,
    case
        when regexp_matches(li.label_key, '总计$') then 'total'
        when regexp_matches(li.label_key, '^本年.*合计$|^(收入|支出)合计$') then 'subtotal'
        when regexp_matches(li.label_key, '结转|结余') then 'carry_over'
        when regexp_matches(li.label_key, '上级补助|附属单位|事业基金弥补|上缴上级') then 'transfer'
        when regexp_matches(li.label_key, '^[一二三四五六七八九十]+、') then 'line'
        when regexp_matches(li.label_key, '^\d+[.．、]') then 'sub_line'
        else 'unnumbered_line'
    end as line_kind,
    case when li.side = 'expenditure' then c.code end as function_class_code,
    li.measure,
    li.fund,
    li.cell_text as amount_text,
    li.is_blank as amount_is_blank,
    li.amount_printed,
    li.amount_unit as printed_unit,
    li.printed_decimals,
    li.amount_yuan,
    li.amount_wan,
    li.page
from lines as li
inner join documents as d on d.document_key = li.document_id
left join classes as c on c.name = li.line_name
