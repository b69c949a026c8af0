-- Across documents: (1) the previous-year figure a document's prose implies (figure − stated
-- change) equals what the previous year's documents print, where the warehouse has both; (2) a
-- department's 部门预算 total is at least the 单位预算 total of its own unit for the same year; (3)
-- the budget a 决算 prints beside its 决算数 (年初预算数 / 预算数) equals the budget document of that
-- year (a difference is a finding about the two publications, not a failure of ours).
with stated as (
    select
        c.*, v.value_text as value_text_v
    from {{ ref('mart_unit_year_comparison') }} as c
    left join {{ ref('fct_stated_facts') }} as v
        on v.document_key = c.document_key and v.fact_kind = 'value'
        and v.fact_name = case c.measure when 'total_income' then 'income_total'
            when 'total_expenditure' then 'expenditure_total' else c.measure end
    where c.prior_from_stated_change_yuan is not null and c.prior_from_documents_yuan is not null
    qualify row_number() over (partition by c.comparison_key order by v.fact_seq) = 1
),

prior_vs_documents as (
    select
        'stated_prior_vs_previous_documents' as check_kind, s.document_key, null::integer as table_seq,
        [s.page] as pages, s.page,
        s.unit_name || ' ' || (s.fiscal_year - 1) as subject, s.measure,
        s.prior_from_documents_yuan as expected, s.prior_from_stated_change_yuan as actual, 2 as n_items,
        cast(2 * 100 + coalesce({{ stated_tolerance_yuan('s.value_text_v', "'万元'") }}, 100) as decimal(20, 2)) as tolerance,
        'previous year stated in ' || s.fiscal_year || ' (figure − stated change) vs ' || s.prior_documents_source
            || ' of ' || (s.fiscal_year - 1) as detail
    from stated as s
),

department_vs_unit as (
    select
        'department_covers_unit' as check_kind, dep.document_key, null::integer, [dep_total.page, unit_total.page],
        dep_total.page,
        u.canonical_name || ' ' || dep.fiscal_year, 'total_expenditure',
        dep_total.amount_yuan, unit_total.amount_yuan, 1,
        cast(0 as decimal(20, 2)),
        '部门预算 total (expected, an upper bound) >= 单位预算 total of the same unit and year (actual)'
    from {{ ref('int_documents') }} as dep
    inner join {{ ref('int_documents') }} as un
        on un.unit_key = dep.unit_key and un.fiscal_year = dep.fiscal_year and un.kind = 'unit_budget'
    inner join {{ ref('int_document_totals') }} as dep_total
        on dep_total.document_id = dep.document_key and dep_total.measure = 'total_expenditure'
    inner join {{ ref('int_document_totals') }} as unit_total
        on unit_total.document_id = un.document_key and unit_total.measure = 'total_expenditure'
    inner join {{ ref('dim_budget_unit') }} as u on u.unit_key = dep.unit_key
    where dep.kind = 'department_budget' and dep.is_current and un.is_current
),

final_vs_budget as (
    select
        'final_budget_vs_budget_document', e.final_document_key, null::integer, [e.final_page, e.budget_page],
        e.final_page,
        e.unit_name || ' ' || e.fiscal_year || ' ' || e.subject_code, e.subject_kind || ':' || e.fund,
        e.budget_amount_yuan, e.final_account_printed_budget_yuan, 1,
        cast(100 as decimal(20, 2)),  -- both printed to 0.01 万元: each within half of it (50 元)
        'budget printed in the 决算 (actual) = the budget document of ' || e.fiscal_year || ' (expected)'
    from {{ ref('mart_budget_execution') }} as e
    where e.budget_source = 'budget document' and e.final_account_printed_budget_yuan is not null
)

select
    check_kind, document_key, table_seq, null::varchar as table_type, null::varchar as table_title, pages, page, subject,
    measure, expected, actual, n_items, tolerance, '元' as value_unit, '万元' as printed_unit,
    case check_kind when 'department_covers_unit' then '<=' else '=' end as comparison,
    detail, false as figures_from_one_sentence
from (select * from prior_vs_documents union all select * from department_vs_unit union all select * from final_vs_budget)
