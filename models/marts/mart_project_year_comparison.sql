-- Each project of a year beside the same project in the previous year. Projects are linked within
-- the same using unit (aliases resolved) by int_project_links: identical name, name without the
-- years it mentions, a reviewed override, or a similar name scored with its evidence (a word
-- inserted, 项目 become 经费, an amount close to last year's). Only links, never candidates for
-- review (those are listed in project_link_candidates). match_evidence says why, link_score how sure.
with projects as (
    select * from {{ ref('int_project_years') }}
),

best as (
    select project_key, fiscal_year, prior_project_key, match_method, evidence, score
    from {{ ref('int_project_links') }}
    where link_status = 'linked'
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
    {{ yuan('cur.amount_yuan') }} as amount_yuan,
    {{ to_wan('cur.amount_yuan') }} as amount_wan,
    cur.document_key,
    cur.page,
    prev.project_name as prior_project_name,
    prev.fiscal_year as prior_fiscal_year,
    {{ yuan('prev.amount_yuan') }} as prior_amount_yuan,
    {{ to_wan('prev.amount_yuan') }} as prior_amount_wan,
    prev.document_key as prior_document_key,
    prev.page as prior_page,
    b.match_method,
    b.evidence as match_evidence,
    b.score as link_score,
    coalesce(c.predecessor_claims, 0) as predecessor_claims,
    {{ yuan('cur.amount_yuan - prev.amount_yuan') }} as change_yuan,
    {{ to_wan('cur.amount_yuan - prev.amount_yuan') }} as change_wan,
    case when prev.amount_yuan != 0 then
        round(cast(100 * (cur.amount_yuan - prev.amount_yuan) / prev.amount_yuan as decimal(18, 4)), 2)
    end as change_pct
from projects as cur
left join best as b on b.project_key = cur.project_key and b.fiscal_year = cur.fiscal_year
left join projects as prev on prev.project_key = b.prior_project_key and prev.fiscal_year = cur.fiscal_year - 1
left join claims as c on c.prior_project_key = b.prior_project_key and c.fiscal_year = cur.fiscal_year
left join {{ ref('dim_budget_unit') }} as u on u.unit_key = cur.using_unit_key
