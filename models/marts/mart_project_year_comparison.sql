-- Each project of a year beside the same project in the previous year. Projects are matched
-- within the same using unit (aliases resolved): first by identical name, then by name with the
-- years it mentions removed ("2023年-2024年基础运维项目" ~ "2024年-2025年基础运维项目").
-- match_evidence says which; predecessor_claims > 1 flags two projects claiming one predecessor.
with projects as (
    select
        project_key,
        using_unit_key,
        any_value(using_unit_name_printed) as using_unit_name_printed,
        any_value(project_name) as project_name,
        fiscal_year,
        any_value(document_key) as document_key,
        sum(amount_yuan) as amount_yuan,
        min(page) as page,
        {{ squash('any_value(project_name)') }} as name_key,
        regexp_replace({{ squash('any_value(project_name)') }},
            '\d{4}(年度?)?([-—–至~]\d{4}(年度?)?)?', '', 'g') as name_without_years
    from {{ ref('fct_project_budget') }}
    where fund = 'all' and phase = 'budget'
    group by project_key, using_unit_key, fiscal_year
),

candidates as (
    select
        cur.project_key,
        cur.fiscal_year,
        prev.project_key as prior_project_key,
        case when prev.name_key = cur.name_key then 1 else 2 end as tier
    from projects as cur
    inner join projects as prev
        on prev.using_unit_key = cur.using_unit_key
        and prev.fiscal_year = cur.fiscal_year - 1
        and (prev.name_key = cur.name_key or prev.name_without_years = cur.name_without_years)
),

best as (
    select * exclude (pick)
    from (select *, row_number() over (partition by project_key, fiscal_year order by tier, prior_project_key) as pick
          from candidates)
    where pick = 1
),

claims as (
    select prior_project_key, fiscal_year, count(*) as predecessor_claims
    from best
    group by all
)

select
    {{ text_key(['cur.project_key', 'cur.fiscal_year']) }} as project_comparison_key,
    cur.project_key,
    cur.using_unit_key,
    u.canonical_name as using_unit_name,
    cur.project_name,
    cur.fiscal_year,
    cur.amount_yuan,
    {{ to_wan('cur.amount_yuan') }} as amount_wan,
    cur.document_key,
    cur.page,
    prev.project_name as prior_project_name,
    prev.fiscal_year as prior_fiscal_year,
    prev.amount_yuan as prior_amount_yuan,
    {{ to_wan('prev.amount_yuan') }} as prior_amount_wan,
    prev.document_key as prior_document_key,
    prev.page as prior_page,
    case b.tier
        when 1 then 'same using unit, identical name'
        when 2 then 'same using unit, same name apart from the years it mentions'
    end as match_evidence,
    coalesce(c.predecessor_claims, 0) as predecessor_claims,
    cur.amount_yuan - prev.amount_yuan as change_yuan,
    {{ to_wan('cur.amount_yuan - prev.amount_yuan') }} as change_wan,
    case when prev.amount_yuan != 0 then
        round(cast(100 * (cur.amount_yuan - prev.amount_yuan) / prev.amount_yuan as decimal(18, 4)), 2)
    end as change_pct
from projects as cur
left join best as b on b.project_key = cur.project_key and b.fiscal_year = cur.fiscal_year
left join projects as prev on prev.project_key = b.prior_project_key and prev.fiscal_year = cur.fiscal_year - 1
left join claims as c on c.prior_project_key = b.prior_project_key and c.fiscal_year = cur.fiscal_year
left join {{ ref('dim_budget_unit') }} as u on u.unit_key = cur.using_unit_key
