-- Drill down the functional hierarchy of one document: 类 -> 款 -> 项 with names and pages,
-- e.g. for 广州市人力资源和社会保障数据服务中心 2025.
select
    f.function_code,
    c.level,
    c.name,
    f.amount_wan as total_wan,
    f.page
from main.fct_budget_by_function as f
join main.dim_functional_classification as c on c.code = f.function_code
join main.dim_budget_unit as u using (unit_key)
where u.canonical_name = '广州市人力资源和社会保障数据服务中心'
  and f.fiscal_year = 2025
  and f.table_type = 'expenditure_by_function'
  and f.measure = 'total'
  and f.phase = 'budget'
order by f.function_code;
