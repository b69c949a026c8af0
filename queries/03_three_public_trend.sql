-- 三公 expenses per unit and year with the previous year and the change: the row to count
-- (is_preferred: the unit's 部门预算 over a 单位预算 that repeats it, the document's own figure, in the
-- widest fund the table prints), one per unit and year.
select
    f.unit_name,
    d.kind_label,
    f.fiscal_year,
    f.item,
    f.amount_wan,
    f.prior_year_amount_wan,
    f.stated_change_wan,
    f.prior_year_source,
    f.page
from main.fct_three_public_expenses as f
join main.dim_document as d using (document_key)
where f.item = 'three_public_total'
  and f.phase = 'budget'  -- budgets year on year; budget against final: 10_three_public_budget_vs_final.sql
  and f.is_preferred
order by f.unit_name, f.fiscal_year;
