{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- Per-unit tables: each using unit's subtotal = Σ its lines (economic 类 lines in the basic
-- table, projects in the project table), and the table total = Σ the unit subtotals; per fund.
with lines as (
    select
        l.document_id, l.table_seq, l.row_number, l.line_kind, l.using_unit_name, l.label_printed,
        a.fund, a.col_index, a.column_path, a.amount_yuan, a.amount_unit, a.page, a.table_type,
        {{ text_decimals('a.amount_text') }} as decimals
    from {{ changed_rows(ref('int_unit_table_lines')) }} as l
    inner join {{ changed_rows(ref('int_row_amounts')) }} as a using (document_id, table_seq, row_number)
),

titles as (
    select document_id, table_seq, printed_title from {{ changed_rows(ref('int_table_context')) }}
),

unit_checks as (
    select
        'unit_subtotal' as check_kind, s.document_id, s.table_seq, s.table_type,
        list_sort(list_distinct(list(c.page) || [any_value(s.page)])) as pages, any_value(s.page) as page,
        -- the column as printed: several columns of one fund (事业收入, 上级补助收入 … are other_funds)
        s.using_unit_name as subject, s.column_path as measure,
        any_value(s.amount_yuan) as expected, sum(c.amount_yuan) as actual, count(*) as n_items,
        {{ sum_tolerance_yuan('sum(' ~ item_rounding('c.decimals') ~ ')', 'coalesce(any_value(s.decimals), 0)', 'any_value(s.amount_unit)') }} as tolerance,
        any_value(s.amount_unit) as printed_unit,
        'unit subtotal = Σ its ' || case when s.table_type = 'unit_basic_expenditure' then 'economic 类 lines' else 'projects' end
            as detail
    from lines as s
    inner join lines as c
        on c.document_id = s.document_id and c.table_seq = s.table_seq and c.col_index = s.col_index
        and c.using_unit_name = s.using_unit_name and c.line_kind in ('economic_class', 'project')
    where s.line_kind = 'unit_subtotal'
    group by s.document_id, s.table_seq, s.table_type, s.row_number, s.using_unit_name, s.column_path, s.col_index
),

total_checks as (
    select
        'unit_table_total' as check_kind, t.document_id, t.table_seq, t.table_type,
        list_sort(list_distinct(list(u.page) || [any_value(t.page)])) as pages, any_value(t.page) as page,
        '合计' as subject, t.column_path as measure,
        any_value(t.amount_yuan) as expected, sum(u.amount_yuan) as actual, count(*) as n_items,
        {{ sum_tolerance_yuan('sum(' ~ item_rounding('u.decimals') ~ ')', 'coalesce(any_value(t.decimals), 0)', 'any_value(t.amount_unit)') }} as tolerance,
        any_value(t.amount_unit) as printed_unit, 'table total = Σ unit subtotals' as detail
    from lines as t
    inner join lines as u
        on u.document_id = t.document_id and u.table_seq = t.table_seq and u.col_index = t.col_index
        and u.line_kind = 'unit_subtotal'
    where t.line_kind = 'total'
    group by t.document_id, t.table_seq, t.table_type, t.column_path, t.col_index
)

select
    c.check_kind, c.document_id as document_key, c.table_seq, c.table_type, ti.printed_title as table_title,
    c.pages, c.page, c.subject, c.measure, c.expected, c.actual, c.n_items, c.tolerance, '元' as value_unit,
    c.printed_unit, '=' as comparison, c.detail, false as figures_from_one_sentence
from (select * from unit_checks union all select * from total_checks) as c
inner join titles as ti using (document_id, table_seq)
