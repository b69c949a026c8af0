-- One row per unit x fiscal year x measure, with the previous year's figure, the change and the
-- percentage. The current figure comes from the unit's own document (部门预算 preferred over
-- 单位预算) or, where it has none that year, from its parent department's per-unit tables.
-- The previous year comes from the previous year's documents when the warehouse has them
-- (including the parent's per-unit tables, matched through the unit aliases, or those of the unit
-- it was renamed from: int_unit_links, predecessor_evidence), else from the
-- change this year's prose states; prior_year_source says which, and both are shown when both exist.
with chosen as (
    select * from {{ ref('int_unit_year_values') }}
),

predecessors as (
    -- a unit renamed between two years: its figures of the year before are its predecessor's
    select unit_key, fiscal_year, prior_unit_key, evidence
    from {{ ref('int_unit_links') }}
    where link_status = 'linked'
)

select
    {{ text_key(['c.unit_key', 'c.fiscal_year', 'c.measure']) }} as comparison_key,
    c.unit_key,
    u.canonical_name as unit_name,
    c.fiscal_year,
    c.measure,
    {{ yuan('c.amount_yuan') }} as amount_yuan,
    {{ to_wan('c.amount_yuan') }} as amount_wan,
    c.source,
    c.document_key,
    c.page,
    {{ yuan('p.amount_yuan') }} as prior_from_documents_yuan,
    p.source as prior_documents_source,
    p.document_key as prior_document_key,
    {{ yuan('c.stated_prior_yuan') }} as prior_from_stated_change_yuan,
    {{ yuan('coalesce(p.amount_yuan, c.stated_prior_yuan)') }} as prior_year_amount_yuan,
    {{ to_wan('coalesce(p.amount_yuan, c.stated_prior_yuan)') }} as prior_year_amount_wan,
    pr.prior_unit_key as predecessor_unit_key,
    pr.evidence as predecessor_evidence,
    case
        when p.amount_yuan is not null and p.source like 'parent%' then 'previous-year parent document (per-unit tables)'
        when p.amount_yuan is not null then 'previous-year document'
        when c.stated_prior_yuan is not null then 'stated change in this year''s prose'
    end as prior_year_source,
    {{ yuan('p.amount_yuan - c.stated_prior_yuan') }} as documents_minus_stated_yuan,
    {{ yuan('c.amount_yuan - coalesce(p.amount_yuan, c.stated_prior_yuan)') }} as change_yuan,
    {{ to_wan('c.amount_yuan - coalesce(p.amount_yuan, c.stated_prior_yuan)') }} as change_wan,
    case when coalesce(p.amount_yuan, c.stated_prior_yuan) != 0 then
        round(cast(100 * (c.amount_yuan - coalesce(p.amount_yuan, c.stated_prior_yuan))
            / coalesce(p.amount_yuan, c.stated_prior_yuan) as decimal(18, 4)), 2)
    end as change_pct
from chosen as c
inner join {{ ref('dim_budget_unit') }} as u using (unit_key)
left join predecessors as pr on pr.unit_key = c.unit_key and pr.fiscal_year = c.fiscal_year
left join chosen as p
    on p.unit_key = coalesce(pr.prior_unit_key, c.unit_key) and p.measure = c.measure
    and p.fiscal_year = c.fiscal_year - 1
