-- Every pair of projects considered the same across two years, with its evidence: the links the
-- comparison uses (link_status linked) and the pairs a person should look at (review: similar but
-- below the link score, or beaten by a better pair; rejected: a reviewer said no). To decide one,
-- add a line to seeds/project_link_overrides.csv (link or reject, with the evidence).
select
    {{ text_key(['l.project_key', 'l.fiscal_year', 'l.prior_project_key']) }} as project_link_key,
    l.link_status,
    l.match_method,
    l.score,
    l.name_similarity,
    l.amount_ratio,
    l.evidence,
    u.canonical_name as using_unit_name,
    l.fiscal_year,
    cur.project_name,
    {{ to_wan('cur.amount_yuan') }} as amount_wan,
    cur.document_key,
    cur.page,
    l.prior_fiscal_year,
    prev.project_name as prior_project_name,
    {{ to_wan('prev.amount_yuan') }} as prior_amount_wan,
    prev.document_key as prior_document_key,
    prev.page as prior_page,
    l.project_key,
    l.prior_project_key,
    l.using_unit_key
from {{ ref('int_project_links') }} as l
inner join {{ ref('int_project_years') }} as cur on cur.project_key = l.project_key and cur.fiscal_year = l.fiscal_year
inner join {{ ref('int_project_years') }} as prev
    on prev.project_key = l.prior_project_key and prev.fiscal_year = l.prior_fiscal_year
left join {{ ref('dim_budget_unit') }} as u on u.unit_key = l.using_unit_key
