-- 三公 budget against final account per unit and year: each item (因公出国（境）, 公务用车购置 /
-- 运行维护, 公务接待, the total; 会议费 / 培训费 where printed), budget, final and execution rate.
select
    e.unit_name,
    e.fiscal_year,
    e.subject_code as item,
    e.fund,
    e.budget_amount_wan,
    e.final_amount_wan,
    e.execution_ratio,
    e.budget_source,
    e.final_page
from main.mart_budget_execution as e
where e.subject_kind = 'three_public'
order by e.unit_name, e.fiscal_year,
    case e.subject_code when 'three_public_total' then 0 when 'outbound' then 1 when 'vehicle_total' then 2
        when 'vehicle_purchase' then 3 when 'vehicle_operation' then 4 when 'reception' then 5 else 6 end;
