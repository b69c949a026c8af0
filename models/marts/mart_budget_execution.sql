-- What was budgeted against what was spent: one row per unit × fiscal year × subject (a functional
-- code of a fund, or a 三公 item) with the final account's 决算数 and the budget it executed.
--   budget_amount_yuan   the unit's budget document of that year when the warehouse has it,
--                        else the budget the 决算 prints beside its 决算数 (年初预算数, else 预算数);
--                        budget_source says which, with the document and page of each figure
--   adjusted_budget_yuan the 调整预算数 / 全年预算数 where the 决算 prints one
--   execution_ratio       final / budget (1.0000 = spent as budgeted), null without a budget or at zero
-- A subject only one side prints is kept (budgeted, nothing spent; spent, never budgeted).
with documents as (
    select document_key, unit_key, fiscal_year, phase
    from {{ ref('int_documents') }}
    where is_current and unit_key is not null
),

function_figures as (
    -- a functional code's total expenditure per fund, from the first table of the document printing it
    select
        d.unit_key, d.fiscal_year, d.phase, f.document_key, 'function' as subject_kind,
        f.function_code as subject_code, f.function_level as subject_level, f.function_name_printed as subject_name,
        f.fund, f.amount_yuan, f.page, f.table_seq
    from {{ ref('fct_budget_by_function') }} as f
    inner join documents as d using (document_key)
    where f.side = 'expenditure' and f.measure = 'total' and not f.is_subset
    qualify row_number() over (partition by f.document_key, f.function_code, f.fund order by f.table_seq, f.row_number) = 1
),

three_public_figures as (
    -- the 三公 items of the widest fund the document's table prints
    select
        d.unit_key, d.fiscal_year, d.phase, p.document_key, 'three_public' as subject_kind,
        p.item as subject_code, null as subject_level, p.item_label_printed as subject_name,
        p.fund, p.amount_yuan, p.page, p.table_seq
    from {{ ref('fct_three_public_expenses') }} as p
    inner join documents as d using (document_key)
    where p.row_scope = 'document'
    qualify dense_rank() over (partition by p.document_key
        order by case p.fund when 'all' then 1 when 'fiscal_appropriation' then 2 else 3 end) = 1
),

figures as (
    select * from function_figures
    union all
    select * from three_public_figures
),

finals as (
    select * from figures where phase = 'final'
),

budget_documents as (
    -- the year's budget document of the unit (a unit with two, e.g. 部门预算 and 单位预算, has its
    -- figures from the one listed first)
    select * from figures where phase = 'budget'
    qualify row_number() over (partition by unit_key, fiscal_year, subject_kind, subject_code, fund
                               order by document_key) = 1
),

printed_budgets as (
    -- the budget figures a 决算 prints beside its 决算数, by column or row label
    select
        a.document_id as document_key,
        case when a.table_type = 'three_public_expenses' then 'three_public' else 'function' end as subject_kind,
        coalesce(a.code, a.measure) as subject_code,
        a.fund,
        a.period,
        a.amount_yuan,
        a.page
    from {{ ref('int_row_amounts') }} as a
    where a.phase = 'final' and a.period in ('budget', 'initial_budget', 'adjusted_budget') and not a.is_subset
        and (
            (a.table_type = 'three_public_expenses' and a.measure is not null)
            or (a.code_kind = 'functional' and a.type_code_kind = 'functional' and a.code is not null
                and a.side = 'expenditure' and a.measure = 'total')
        )
    qualify row_number() over (partition by a.document_id, subject_kind, subject_code, a.fund, a.period
                               order by a.table_seq, a.row_number) = 1
),

printed as (
    select
        document_key, subject_kind, subject_code, fund,
        coalesce(any_value(amount_yuan) filter (where period = 'initial_budget'),
                 any_value(amount_yuan) filter (where period = 'budget')) as printed_budget_yuan,
        case when bool_or(period = 'initial_budget') then '年初预算数' when bool_or(period = 'budget') then '预算数' end
            as printed_budget_label,
        coalesce(any_value(page) filter (where period = 'initial_budget'),
                 any_value(page) filter (where period = 'budget')) as printed_budget_page,
        any_value(amount_yuan) filter (where period = 'adjusted_budget') as adjusted_budget_yuan,
        any_value(page) filter (where period = 'adjusted_budget') as adjusted_budget_page
    from printed_budgets
    group by all
),

final_side as (
    select f.*, p.printed_budget_yuan, p.printed_budget_label, p.printed_budget_page, p.adjusted_budget_yuan,
        p.adjusted_budget_page
    from finals as f
    left join printed as p
        on p.document_key = f.document_key and p.subject_kind = f.subject_kind and p.subject_code = f.subject_code
        and p.fund = f.fund
),

budget_years as (
    -- execution is reported for the years that have a final account
    select distinct unit_key, fiscal_year from finals
),

joined as (
    select
        coalesce(f.unit_key, b.unit_key) as unit_key,
        coalesce(f.fiscal_year, b.fiscal_year) as fiscal_year,
        coalesce(f.subject_kind, b.subject_kind) as subject_kind,
        coalesce(f.subject_code, b.subject_code) as subject_code,
        coalesce(f.subject_level, b.subject_level) as subject_level,
        coalesce(f.subject_name, b.subject_name) as subject_name_printed,
        coalesce(f.fund, b.fund) as fund,
        f.amount_yuan as final_amount_yuan,
        f.document_key as final_document_key,
        f.page as final_page,
        b.amount_yuan as budget_document_yuan,
        b.document_key as budget_document_key,
        b.page as budget_document_page,
        f.printed_budget_yuan,
        f.printed_budget_label,
        f.printed_budget_page,
        f.adjusted_budget_yuan,
        f.adjusted_budget_page
    from final_side as f
    full outer join budget_documents as b
        on b.unit_key = f.unit_key and b.fiscal_year = f.fiscal_year and b.subject_kind = f.subject_kind
        and b.subject_code = f.subject_code and b.fund = f.fund
)

select
    {{ text_key(['j.unit_key', 'j.fiscal_year', 'j.subject_kind', 'j.subject_code', 'j.fund']) }} as execution_key,
    j.unit_key,
    u.canonical_name as unit_name,
    j.fiscal_year,
    j.subject_kind,
    j.subject_code,
    j.subject_level,
    j.subject_name_printed,
    j.fund,
    coalesce(j.budget_document_yuan, j.printed_budget_yuan) as budget_amount_yuan,
    {{ to_wan('coalesce(j.budget_document_yuan, j.printed_budget_yuan)') }} as budget_amount_wan,
    case
        when j.budget_document_yuan is not null then 'budget document'
        when j.printed_budget_yuan is not null then 'final account: ' || j.printed_budget_label
    end as budget_source,
    case when j.budget_document_yuan is not null then j.budget_document_key else j.final_document_key end
        as budget_document_key,
    case when j.budget_document_yuan is not null then j.budget_document_page else j.printed_budget_page end
        as budget_page,
    j.printed_budget_yuan as final_account_printed_budget_yuan,
    j.adjusted_budget_yuan,
    j.adjusted_budget_page,
    j.final_amount_yuan,
    {{ to_wan('j.final_amount_yuan') }} as final_amount_wan,
    j.final_document_key,
    j.final_page,
    {{ yuan('j.final_amount_yuan - coalesce(j.budget_document_yuan, j.printed_budget_yuan)') }} as final_minus_budget_yuan,
    case when coalesce(j.budget_document_yuan, j.printed_budget_yuan) != 0 then
        round(cast(j.final_amount_yuan / coalesce(j.budget_document_yuan, j.printed_budget_yuan) as decimal(18, 6)), 4)
    end as execution_ratio
from joined as j
inner join budget_years as y using (unit_key, fiscal_year)
inner join {{ ref('dim_budget_unit') }} as u using (unit_key)
