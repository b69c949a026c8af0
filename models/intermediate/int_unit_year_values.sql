-- Each unit's figures of each budget year (total income and expenditure, 301 / 302, 三公, each
-- functional 类): from its own document (部门预算 preferred over 单位预算) or, where it has none
-- that year, from its parent department's per-unit tables; with the previous-year figure its own
-- prose states (the stated figure minus the stated change). What mart_unit_year_comparison and
-- the unit links across years (int_unit_links) compare.
with documents as (
    select *,
        row_number() over (
            partition by unit_key, fiscal_year
            order by case kind when 'department_budget' then 0 else 1 end, extracted_at desc, document_key
        ) as preference
    from {{ ref('int_documents') }}
    where is_current and unit_key is not null and phase = 'budget'  -- budgets against budgets: execution is mart_budget_execution
),

own as (
    select document_key, unit_key, fiscal_year, kind_label from documents where preference = 1
),

own_values as (
    select o.unit_key, o.fiscal_year, o.document_key, 'own document (' || o.kind_label || ')' as source,
        t.measure, t.amount_yuan, t.page
    from own as o
    inner join {{ ref('int_document_totals') }} as t on t.document_id = o.document_key
    union all
    select o.unit_key, o.fiscal_year, o.document_key, 'own document (' || o.kind_label || ')',
        case e.economic_code when '301' then 'personnel_301' else 'goods_services_302' end,
        coalesce(sum(e.amount_yuan) filter (where e.expenditure_type = 'total'),
                 sum(e.amount_yuan) filter (where e.expenditure_type in ('basic', 'project'))),
        min(e.page)
    from own as o
    inner join {{ ref('fct_budget_by_economic') }} as e on e.document_key = o.document_key
    where e.economic_code in ('301', '302')
    group by all
    union all
    select o.unit_key, o.fiscal_year, o.document_key, 'own document (' || o.kind_label || ')',
        'three_public_total', p.amount_yuan, p.page
    from own as o
    inner join {{ ref('fct_three_public_expenses') }} as p on p.document_key = o.document_key
    where p.item = 'three_public_total'
        and p.fund = case when exists (
            select 1 from {{ ref('fct_three_public_expenses') }} as q
            where q.document_key = p.document_key and q.item = p.item and q.fund = 'all'
        ) then 'all' else 'general_public_budget' end
    union all
    select o.unit_key, o.fiscal_year, o.document_key, 'own document (' || o.kind_label || ')',
        'function_' || f.function_code, f.amount_yuan, f.page
    from own as o
    inner join {{ ref('fct_budget_by_function') }} as f on f.document_key = o.document_key
    where f.table_type = 'expenditure_by_function' and f.function_level = '类' and f.measure = 'total'
),

parent_values as (
    -- a unit inside its parent's consolidated document: its per-unit subtotals
    select
        u.using_unit_key as unit_key,
        u.fiscal_year,
        u.document_key,
        'parent document per-unit tables' as source,
        u.expenditure_type || '_expenditure' as measure,
        sum(u.amount_yuan) as amount_yuan,
        min(u.page) as page
    from {{ ref('fct_unit_budget') }} as u
    where u.line_kind = 'unit_subtotal' and u.fund = 'all' and u.using_unit_key != u.unit_key and u.phase = 'budget'
    group by all
),

parent_totals as (
    -- per parent document: a unit can be listed by two (a 部门 and its 二级 unit both print it)
    select unit_key, fiscal_year, document_key, source,
        'total_expenditure' as measure, sum(amount_yuan) as amount_yuan, min(page) as page
    from parent_values
    group by unit_key, fiscal_year, document_key, source
    having count(*) = 2  -- both the basic and the project subtotal are printed
),

all_values as (
    select *, 1 as priority from own_values
    union all
    select *, 2 from parent_values
    union all
    select *, 2 from parent_totals
),

chosen as (
    select * exclude (rank_in_year)
    from (
        -- its own document first; of two parents' tables, the same one on every build (by document)
        select *, row_number() over (partition by unit_key, fiscal_year, measure order by priority, document_key)
            as rank_in_year
        from all_values
    )
    where rank_in_year = 1
),

stated_prior as (
    -- prior year = the figure this year's prose states minus the change it states
    select
        v.document_key,
        case v.base_fact_name when 'income_total' then 'total_income' when 'expenditure_total' then 'total_expenditure'
            when 'three_public_total' then 'three_public_total' end as measure,
        any_value(v.value_yuan - c.value_yuan) as prior_yuan,
        any_value(c.page) as page
    from {{ ref('fct_stated_facts') }} as v
    inner join {{ ref('fct_stated_facts') }} as c
        on c.document_key = v.document_key and c.base_fact_name = v.base_fact_name
        and c.fact_kind = 'change' and v.fact_kind = 'value'
    where v.base_fact_name in ('income_total', 'expenditure_total', 'three_public_total')
    group by all
)

select
    c.unit_key,
    c.fiscal_year,
    c.measure,
    c.amount_yuan,
    c.source,
    c.document_key,
    c.page,
    -- (the condition on the source outside the join: a condition on one side only in a left
    -- join's ON makes it a nested loop, all values against all stated figures)
    case when c.source like 'own%' then s.prior_yuan end as stated_prior_yuan
from chosen as c
left join stated_prior as s  -- one row per document and measure
    on s.document_key = c.document_key and s.measure = c.measure
