{{ per_document_config('document_id', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- Named whole-document figures that several tables print, for the cross-table equalities of
-- domain.md: '<table_type>:<measure>:<fund>' for the 合计 row of a table, 'summary:…' for the
-- 收支总体 lines, 'three_public:<item>', 'economic:<code>' (basic + project). `decimals` is the
-- printed precision of the (first) figure, for the rounding tolerance of the checks.
with total_rows as (
    select
        document_id, table_seq, table_type || ':' || measure || ':' || fund as figure,
        amount_yuan, amount_text, amount_unit, page
    from {{ changed_rows(ref('int_row_amounts')) }}
    where is_total and code is null and measure is not null and fund is not null and period = 'current'
        and table_type not in ('income_expenditure_summary', 'fiscal_appropriation_summary', 'three_public_expenses')
    -- two columns of one meaning (上年结转 beside 合计 in a table by fund): the total column, else the first
    qualify row_number() over (partition by document_id, table_seq, row_number, figure
                               order by is_subset, not is_sum, col_index) = 1
    union all
    select
        l.document_id, l.table_seq, a.table_type || ':' || a.measure || ':' || a.fund, a.amount_yuan, a.amount_text,
        a.amount_unit, a.page
    from {{ changed_rows(ref('int_unit_table_lines')) }} as l
    inner join {{ changed_rows(ref('int_row_amounts')) }} as a using (document_id, table_seq, row_number)
    where l.line_kind = 'total' and not a.is_total and a.period = 'current'  -- Jiangmen prints its unit-table total without a label
),

summary as (
    select
        document_key as document_id, table_seq,
        'summary:' || table_type || ':' || side || '_total:' || fund as figure,
        amount_yuan, amount_text, printed_unit as amount_unit, page
    from {{ changed_rows(ref('fct_budget_summary'), 'document_key') }}
    where line_kind = 'total' and measure = 'total'
    union all
    -- this year's figure, without 结转下年 / 上年结转: 本年收支合计, else 总计 less the carry-overs and transfers
    select
        document_key, table_seq, 'summary:' || table_type || ':' || side || '_this_year:' || fund,
        coalesce(
            any_value(amount_yuan) filter (where line_kind = 'subtotal'),
            any_value(amount_yuan) filter (where line_kind = 'total')
                - coalesce(sum(amount_yuan) filter (where line_kind in ('carry_over', 'transfer')), 0)),
        coalesce(any_value(amount_text) filter (where line_kind = 'subtotal'),
                 any_value(amount_text) filter (where line_kind = 'total')),
        any_value(printed_unit),
        coalesce(any_value(page) filter (where line_kind = 'subtotal'), any_value(page) filter (where line_kind = 'total'))
    from {{ changed_rows(ref('fct_budget_summary'), 'document_key') }}
    where measure = 'total'
    group by document_key, table_seq, table_type, side, fund
    having bool_or(line_kind in ('subtotal', 'total'))
    union all
    -- the 一般公共预算 income of the 财政拨款 summary: this year's line (一、一般公共预算 / （一）一般公共预算拨款 /
    -- 一般公共预算资金), and with the 一般公共预算 part of 上年结转 (what a 一般公共预算支出表 that
    -- includes the carried-over funds adds up to)
    select document_key, any_value(table_seq), 'summary:fiscal_appropriation_summary:income_general_public_budget',
        sum(amount_yuan) filter (where in_current_year),
        string_agg(amount_text, ' + ' order by row_number) filter (where in_current_year),
        any_value(printed_unit), min(page) filter (where in_current_year)
    from {{ changed_rows(ref('fct_budget_summary'), 'document_key') }}
    where table_type = 'fiscal_appropriation_summary' and side = 'income' and measure = 'total'
        and line_kind in ('line', 'sub_line', 'unnumbered_line') and line_name like '一般公共预算%'
    group by document_key, fund
    having bool_or(in_current_year)
    union all
    select document_key, any_value(table_seq),
        'summary:fiscal_appropriation_summary:income_general_public_budget_with_carryover',
        sum(amount_yuan), string_agg(amount_text, ' + ' order by row_number), any_value(printed_unit), min(page)
    from {{ changed_rows(ref('fct_budget_summary'), 'document_key') }}
    where table_type = 'fiscal_appropriation_summary' and side = 'income' and measure = 'total'
        and line_kind in ('line', 'sub_line', 'unnumbered_line') and line_name like '一般公共预算%'
    group by document_key, fund
    having bool_or(not in_current_year)
),

three_public as (
    -- the widest fund the table prints: all funds, else 财政拨款, else 一般公共预算
    select document_key, table_seq, 'three_public:' || item, amount_yuan, amount_text, printed_unit, page
    from {{ changed_rows(ref('fct_three_public_expenses'), 'document_key') }}
    where row_scope = 'document' and fund in ('all', 'fiscal_appropriation', 'general_public_budget')
    qualify dense_rank() over (partition by document_key
        order by case fund when 'all' then 1 when 'fiscal_appropriation' then 2 else 3 end) = 1
),

economic_tables as (
    -- economic codes are complete only where both basic and project expenditure are tabled:
    -- there a code the tables do not print is zero, elsewhere it is unknown
    select document_key, min(table_seq) as table_seq
    from {{ changed_rows(ref('fct_budget_by_economic'), 'document_key') }}
    group by document_key
    having bool_or(expenditure_type = 'total')
        or (bool_or(expenditure_type = 'basic') and bool_or(table_type = 'general_budget_project_by_economic'))
),

economic_codes as (
    select unnest(['30212', '30217', '30231', '31013']) as economic_code
),

economic as (
    select
        t.document_key, t.table_seq, 'economic:' || c.economic_code,
        coalesce(
            sum(e.amount_yuan) filter (where e.expenditure_type = 'total'),
            sum(e.amount_yuan) filter (where e.expenditure_type in ('basic', 'project')),
            0),
        string_agg(e.amount_text, ' + ' order by e.table_seq, e.row_number, e.budget_fact_key), any_value(e.printed_unit), min(e.page)
    from economic_tables as t
    cross join economic_codes as c
    left join {{ changed_rows(ref('fct_budget_by_economic'), 'document_key') }} as e
        on e.document_key = t.document_key and e.economic_code = c.economic_code
    group by t.document_key, t.table_seq, c.economic_code
),

expenditure_this_year as (
    -- the expenditure table's 合计 less its own 结转下年 column (a table without one is all this year's)
    select
        document_id, table_seq, 'expenditure_by_function:this_year:all',
        any_value(amount_yuan) filter (where figure = 'expenditure_by_function:total:all')
            - coalesce(any_value(amount_yuan) filter (where figure = 'expenditure_by_function:carry_forward:all'), 0),
        any_value(amount_text) filter (where figure = 'expenditure_by_function:total:all'),
        any_value(amount_unit), any_value(page)
    from total_rows
    where figure in ('expenditure_by_function:total:all', 'expenditure_by_function:carry_forward:all')
    group by document_id, table_seq
    having bool_or(figure = 'expenditure_by_function:total:all')
),

figures as (
    select * from total_rows
    union all select * from expenditure_this_year
    union all select * from summary
    union all select * from three_public
    union all select * from economic
)

select
    *,
    {{ text_decimals("regexp_replace(amount_text, ' \\+ .*$', '')") }} as decimals
from figures
