-- One row per unit x fiscal year x measure, with the previous year's figure, the change and the
-- percentage. The current figure comes from the unit's own document (部门预算 preferred over
-- 单位预算) or, where it has none that year, from its parent department's per-unit tables.
-- The previous year comes from the previous year's documents when the warehouse has them
-- (including the parent's per-unit tables, matched through the unit aliases), else from the
-- change this year's prose states; prior_year_source says which, and both are shown when both exist.
with documents as (
    select *,
        row_number() over (
            partition by unit_key, fiscal_year
            order by case kind when 'department_budget' then 0 else 1 end, extracted_at desc
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
    select unit_key, fiscal_year, any_value(document_key) as document_key, any_value(source) as source,
        'total_expenditure' as measure, sum(amount_yuan) as amount_yuan, min(page) as page
    from parent_values
    group by unit_key, fiscal_year
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
        select *, row_number() over (partition by unit_key, fiscal_year, measure order by priority) as rank_in_year
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
    {{ text_key(['c.unit_key', 'c.fiscal_year', 'c.measure']) }} as comparison_key,
    c.unit_key,
    u.canonical_name as unit_name,
    c.fiscal_year,
    c.measure,
    c.amount_yuan,
    {{ to_wan('c.amount_yuan') }} as amount_wan,
    c.source,
    c.document_key,
    c.page,
    p.amount_yuan as prior_from_documents_yuan,
    p.source as prior_documents_source,
    p.document_key as prior_document_key,
    s.prior_yuan as prior_from_stated_change_yuan,
    coalesce(p.amount_yuan, s.prior_yuan) as prior_year_amount_yuan,
    {{ to_wan('coalesce(p.amount_yuan, s.prior_yuan)') }} as prior_year_amount_wan,
    case
        when p.amount_yuan is not null and p.source like 'parent%' then 'previous-year parent document (per-unit tables)'
        when p.amount_yuan is not null then 'previous-year document'
        when s.prior_yuan is not null then 'stated change in this year''s prose'
    end as prior_year_source,
    p.amount_yuan - s.prior_yuan as documents_minus_stated_yuan,
    c.amount_yuan - coalesce(p.amount_yuan, s.prior_yuan) as change_yuan,
    {{ to_wan('c.amount_yuan - coalesce(p.amount_yuan, s.prior_yuan)') }} as change_wan,
    case when coalesce(p.amount_yuan, s.prior_yuan) != 0 then
        round(cast(100 * (c.amount_yuan - coalesce(p.amount_yuan, s.prior_yuan)) / coalesce(p.amount_yuan, s.prior_yuan)
            as decimal(18, 4)), 2)
    end as change_pct
from chosen as c
inner join {{ ref('dim_budget_unit') }} as u using (unit_key)
left join chosen as p
    on p.unit_key = c.unit_key and p.measure = c.measure and p.fiscal_year = c.fiscal_year - 1
left join stated_prior as s
    on s.document_key = c.document_key and s.measure = c.measure and c.source like 'own%'
