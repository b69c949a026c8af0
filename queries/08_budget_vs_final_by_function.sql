-- Budget against final account by unit and functional 类 (all funds): what each unit was budgeted
-- for each function, what it spent, the difference and the execution rate — with where each
-- figure was read (the budget document or the 预算数 the 决算 prints, and the pages).
select
    e.unit_name,
    e.fiscal_year,
    e.subject_code as function_code,
    c.name as function_name,
    e.budget_amount_wan,
    e.final_amount_wan,
    e.final_amount_wan - e.budget_amount_wan as final_minus_budget_wan,
    e.execution_ratio,
    e.budget_source,
    e.budget_page,
    e.final_page
from main.mart_budget_execution as e
left join main.dim_functional_classification as c on c.code = e.subject_code
where e.subject_kind = 'function'
  and e.subject_level = '类'
  and e.fund = 'all'
order by e.unit_name, e.fiscal_year, e.subject_code;
