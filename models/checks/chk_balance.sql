{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- The 收支总体 tables balance: 本年合计 = Σ its lines, 总计 = 本年合计 + transfers + carry-overs
-- (or Σ lines + … where no 本年合计 is printed), a line = Σ the sub-lines printed under it
-- ('1. 一般公共预算资金' under '一、财政拨款收入', '（一）一般公共预算拨款' under '一、本年收入' or
-- under '二、上年结转'), and 收入总计 = 支出总计.  In a final account, every row of a table that prints
-- the balances beside the year's flows (政府性基金 / 国有资本经营 收入支出决算表) carries its money
-- forward: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余.
with lines as (
    select
        s.*,
        t.printed_title,
        {{ text_decimals('s.amount_text') }} as decimals
    from {{ changed_rows(ref('fct_budget_summary'), 'document_key') }} as s
    inner join {{ changed_rows(ref('int_table_context')) }} as t
        on t.document_id = s.document_key and t.table_seq = s.table_seq
),

columns_ as (
    select
        document_key, table_seq, table_type, any_value(printed_title) as printed_title, side, measure, fund,
        any_value(printed_unit) as printed_unit,
        sum(amount_yuan) filter (where line_kind = 'line') as lines_sum,
        count(*) filter (where line_kind = 'line') as n_lines,
        sum({{ item_rounding('decimals') }}) filter (where line_kind = 'line') as lines_rounding,
        list_sort(list(page) filter (where line_kind = 'line')) as lines_pages,
        coalesce(sum(amount_yuan) filter (where line_kind in ('transfer', 'carry_over')), 0) as other_sum,
        count(*) filter (where line_kind in ('transfer', 'carry_over')) as n_other,
        coalesce(sum({{ item_rounding('decimals') }}) filter (where line_kind in ('transfer', 'carry_over')), 0)
            as other_rounding,
        any_value(amount_yuan) filter (where line_kind = 'subtotal') as subtotal,
        any_value(decimals) filter (where line_kind = 'subtotal') as subtotal_decimals,
        any_value(page) filter (where line_kind = 'subtotal') as subtotal_page,
        any_value(line_label) filter (where line_kind = 'subtotal') as subtotal_label,
        any_value(amount_yuan) filter (where line_kind = 'total') as total,
        any_value(decimals) filter (where line_kind = 'total') as total_decimals,
        any_value(page) filter (where line_kind = 'total') as total_page,
        any_value(line_label) filter (where line_kind = 'total') as total_label
    from lines
    group by document_key, table_seq, table_type, side, measure, fund
),

subtotal_checks as (
    select
        'balance_subtotal' as check_kind, document_key, table_seq, table_type, printed_title,
        list_sort(list_distinct(lines_pages || [subtotal_page])) as pages, subtotal_page as page,
        subtotal_label as subject, side || ':' || measure || ':' || fund as measure,
        subtotal as expected, lines_sum as actual, n_lines as n_items,
        {{ sum_tolerance_yuan('coalesce(lines_rounding, 0)', 'coalesce(subtotal_decimals, 0)', 'printed_unit') }} as tolerance,
        printed_unit, 'Σ numbered lines (一、二、…)' as detail
    from columns_
    where subtotal is not null and n_lines > 0
),

total_checks as (
    select
        'balance_total' as check_kind, document_key, table_seq, table_type, printed_title,
        list_sort(list_distinct(coalesce(lines_pages, []) || [total_page])) as pages, total_page as page,
        total_label as subject, side || ':' || measure || ':' || fund as measure,
        total as expected,
        coalesce(subtotal, lines_sum) + other_sum as actual,
        case when subtotal is not null then 1 else n_lines end + n_other as n_items,
        {{ sum_tolerance_yuan('(case when subtotal is not null then ' ~ item_rounding('subtotal_decimals')
                              ~ ' else coalesce(lines_rounding, 0) end) + other_rounding',
                              'coalesce(total_decimals, 0)',
                              'printed_unit') }} as tolerance,
        printed_unit,
        case when subtotal is not null then '本年合计 + transfers + carry-overs' else 'Σ lines + transfers + carry-overs' end
            as detail
    from columns_
    where total is not null and (subtotal is not null or n_lines > 0)
),

both_sides as (
    select
        'balance_income_equals_expenditure' as check_kind, i.document_key, i.table_seq, i.table_type, i.printed_title,
        list_sort(list_distinct([i.total_page, e.total_page])) as pages, i.total_page as page,
        i.total_label || ' = ' || e.total_label as subject, i.fund as measure,
        i.total as expected, e.total as actual, 1 as n_items,
        {{ sum_tolerance_yuan(item_rounding('e.total_decimals'), 'coalesce(i.total_decimals, 0)', 'i.printed_unit') }} as tolerance,
        i.printed_unit, '收入总计 = 支出总计' as detail
    from columns_ as i
    inner join columns_ as e
        on e.document_key = i.document_key and e.table_seq = i.table_seq and e.side = 'expenditure'
        and e.measure = 'total' and e.fund = i.fund
    where i.side = 'income' and i.measure = 'total' and i.total is not null and e.total is not null
),

sub_lines as (
    select
        'balance_sub_lines' as check_kind, c.document_key, c.table_seq, c.table_type, any_value(c.printed_title) as printed_title,
        list_sort(list_distinct(list(c.page) || [any_value(p.page)])) as pages, any_value(p.page) as page,
        any_value(p.line_label) as subject, c.side || ':' || c.measure || ':' || c.fund as measure,
        any_value(p.amount_yuan) as expected, sum(c.amount_yuan) as actual, count(*) as n_items,
        {{ sum_tolerance_yuan('sum(' ~ item_rounding('c.decimals') ~ ')', 'coalesce(any_value(p.decimals), 0)', 'any_value(c.printed_unit)') }} as tolerance,
        any_value(c.printed_unit) as printed_unit, 'line = Σ its sub-lines (1. 2. …)' as detail
    from lines as c
    inner join lines as p
        on p.document_key = c.document_key and p.table_seq = c.table_seq and p.side = c.side
        and p.measure = c.measure and p.fund = c.fund and p.row_number = c.parent_row_number
    where c.line_kind = 'sub_line'
    group by c.document_key, c.table_seq, c.table_type, c.side, c.measure, c.fund, c.parent_row_number
),

carry_forward as (
    select
        'balance_carry_forward' as check_kind, a.document_id as document_key, a.table_seq, a.table_type,
        any_value(t.printed_title) as printed_title, list_sort(list_distinct(list(a.page))) as pages, min(a.page) as page,
        coalesce(any_value(a.code), any_value(a.name_printed), '合计') || ' (row ' || a.row_number || ')' as subject,
        'opening + income = expenditure + closing' as measure,
        sum(a.amount_yuan) filter (where a.measure in ('opening_balance', 'income_this_year')) as expected,
        sum(a.amount_yuan) filter (where a.measure in ('total', 'closing_balance')) as actual,
        4 as n_items,
        {{ sum_tolerance_yuan('sum(' ~ item_rounding('a.amount_decimals') ~ ') filter (where a.measure != \'closing_balance\')',
                              'coalesce(any_value(a.amount_decimals) filter (where a.measure = \'closing_balance\'), 0)',
                              'any_value(a.amount_unit)') }} as tolerance,
        any_value(a.amount_unit) as printed_unit,
        '年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余' as detail
    from {{ changed_rows(ref('int_row_amounts')) }} as a
    inner join {{ changed_rows(ref('int_table_context')) }} as t on t.document_id = a.document_id and t.table_seq = a.table_seq
    where a.period = 'current' and not a.is_subset
        and a.measure in ('opening_balance', 'income_this_year', 'total', 'closing_balance')
    group by a.document_id, a.table_seq, a.table_type, a.row_number, a.column_group
    having count(distinct a.measure) = 4 and count(*) = 4
)

select
    check_kind, document_key, table_seq, table_type, printed_title as table_title, pages, page, subject, measure,
    expected, actual, n_items, tolerance, '元' as value_unit, printed_unit, '=' as comparison, detail,
    false as figures_from_one_sentence
from (
    select * from subtotal_checks
    union all select * from total_checks
    union all select * from both_sides
    union all select * from sub_lines
    union all select * from carry_forward
)
