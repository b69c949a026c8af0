-- Named whole-document figures that several tables print, for the cross-table equalities of
-- domain.md: '<table_type>:<measure>:<fund>' for the 合计 row of a table, 'summary:…' for the
-- 收支总体 lines, 'three_public:<item>', 'economic:<code>' (basic + project). `decimals` is the
-- printed precision of the (first) figure, for the rounding tolerance of the checks.
with total_rows as (
    select
        document_id, table_seq, table_type || ':' || measure || ':' || fund as figure,
        amount_yuan, amount_text, amount_unit, page
    from {{ ref('int_row_amounts') }}
    where is_total and code is null and measure is not null and fund is not null and period = 'current'
        and table_type not in ('income_expenditure_summary', 'fiscal_appropriation_summary', 'three_public_expenses')
    union all
    select
        l.document_id, l.table_seq, a.table_type || ':' || a.measure || ':' || a.fund, a.amount_yuan, a.amount_text,
        a.amount_unit, a.page
    from {{ ref('int_unit_table_lines') }} as l
    inner join {{ ref('int_row_amounts') }} as a using (document_id, table_seq, row_number)
    where l.line_kind = 'total' and not a.is_total and a.period = 'current'  -- Jiangmen prints its unit-table total without a label
),

summary as (
    select
        document_key as document_id, table_seq,
        'summary:' || table_type || ':' || side || '_total:' || fund as figure,
        amount_yuan, amount_text, printed_unit as amount_unit, page
    from {{ ref('fct_budget_summary') }}
    where line_kind = 'total' and measure = 'total'
    union all
    -- the 一般公共预算 income line of the 财政拨款 summary (一、一般公共预算 / 一般公共预算拨款 / 一般公共预算资金)
    select document_key, table_seq, 'summary:fiscal_appropriation_summary:income_general_public_budget', amount_yuan,
        amount_text, printed_unit, page
    from {{ ref('fct_budget_summary') }}
    where table_type = 'fiscal_appropriation_summary' and side = 'income' and measure = 'total'
        and line_kind in ('line', 'sub_line', 'unnumbered_line') and line_name like '一般公共预算%'
),

three_public as (
    select document_key, table_seq, 'three_public:' || item, amount_yuan, amount_text, printed_unit, page
    from {{ ref('fct_three_public_expenses') }}
    where fund = 'all' or (fund = 'general_public_budget' and document_key not in (
        select document_key from {{ ref('fct_three_public_expenses') }} where fund = 'all'))
),

economic_tables as (
    -- economic codes are complete only where both basic and project expenditure are tabled:
    -- there a code the tables do not print is zero, elsewhere it is unknown
    select document_key, min(table_seq) as table_seq
    from {{ ref('fct_budget_by_economic') }}
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
        string_agg(e.amount_text, ' + '), any_value(e.printed_unit), min(e.page)
    from economic_tables as t
    cross join economic_codes as c
    left join {{ ref('fct_budget_by_economic') }} as e
        on e.document_key = t.document_key and e.economic_code = c.economic_code
    group by t.document_key, t.table_seq, c.economic_code
),

figures as (
    select * from total_rows
    union all select * from summary
    union all select * from three_public
    union all select * from economic
)

select
    *,
    {{ text_decimals("regexp_replace(amount_text, ' \\+ .*$', '')") }} as decimals
from figures
