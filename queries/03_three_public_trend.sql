-- 三公 expenses per unit and year with the previous year and the change: the whole document's
-- figure (its 合计 row where the table prints one per unit), in the widest fund the table prints
-- (all funds, else 财政拨款, else the general public budget).
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
  and f.phase = 'budget'  -- budgets year on year; budget against final: 10_three_public_budget_vs_final.sql
  and f.row_scope = 'document'
  and f.fund in ('all', 'fiscal_appropriation', 'general_public_budget')
qualify dense_rank() over (partition by f.document_key
    order by case f.fund when 'all' then 1 when 'fiscal_appropriation' then 2 else 3 end) = 1
order by unit_name, f.fiscal_year, d.kind_label;
