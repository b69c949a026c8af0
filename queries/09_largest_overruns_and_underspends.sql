-- The largest overruns and underspends: functional 项 (all funds) whose final account differs most
-- from their budget, in either direction, with the execution rate and both pages to check.
-- A 项 budgeted but not spent at all, or spent without a budget, counts with its whole amount;
-- only units whose budget of that year the warehouse knows are ranked.
select
    e.unit_name,
    e.fiscal_year,
    e.subject_code as function_code,
    coalesce(c.name, e.subject_name_printed) as function_name,
    coalesce(e.budget_amount_wan, 0) as budget_wan,
    coalesce(e.final_amount_wan, 0) as final_wan,
    coalesce(e.final_amount_wan, 0) - coalesce(e.budget_amount_wan, 0) as final_minus_budget_wan,
    case when coalesce(e.final_amount_wan, 0) >= coalesce(e.budget_amount_wan, 0) then 'overrun' else 'underspend' end
        as direction,
    e.execution_ratio,
    e.budget_page,
    e.final_page
from main.mart_budget_execution as e
left join main.dim_functional_classification as c on c.code = e.subject_code
where e.subject_kind = 'function'
  and e.subject_level = '项'
  and e.fund = 'all'
  and exists (
      select 1 from main.mart_budget_execution as b
      where b.unit_key = e.unit_key and b.fiscal_year = e.fiscal_year and b.subject_kind = 'function'
        and b.budget_amount_yuan is not null)
order by abs(coalesce(e.final_amount_wan, 0) - coalesce(e.budget_amount_wan, 0)) desc, e.unit_name, e.subject_code
limit 20;
