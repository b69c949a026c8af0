-- 三公 expenses per unit and year with the previous year and the change (all funds where the
-- table has a total column, else the general public budget).
select
    u.canonical_name as unit_name,
    d.kind_label,
    f.fiscal_year,
    f.item,
    f.amount_wan,
    f.prior_year_amount_wan,
    f.stated_change_wan,
    f.prior_year_source,
    f.page
from main.fct_three_public_expenses as f
join main.dim_budget_unit as u using (unit_key)
join main.dim_document as d using (document_key)
where f.item = 'three_public_total'
  and f.fund = (case when d.template = 'shenzhen' then 'general_public_budget' else 'all' end)
order by unit_name, f.fiscal_year, d.kind_label;
