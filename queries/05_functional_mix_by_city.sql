-- Functional mix by city and year: each functional 类's share of the expenditure of the units of a
-- city in a year (each unit's own documents; a unit's 部门预算 when it has one that year). Years are
-- never added together.
with by_class as (
    select
        coalesce(u.city, u.province) as city,
        f.fiscal_year,
        f.function_class_code,
        sum(f.amount_yuan) as amount_yuan
    from main.fct_budget_by_function as f
    join main.dim_document as d using (document_key)
    join main.dim_budget_unit as u on u.unit_key = d.unit_key
    where f.table_type = 'expenditure_by_function'
      and f.function_level = '类'
      and f.measure = 'total'
      and f.phase = 'budget'
      and d.kind = 'department_budget'
    group by all
)
select
    b.city,
    b.fiscal_year,
    b.function_class_code,
    c.name as function_class_name,
    cast(b.amount_yuan / 10000 as decimal(20, 2)) as amount_wan,
    cast(100 * b.amount_yuan / sum(b.amount_yuan) over (partition by b.city, b.fiscal_year) as decimal(6, 2)) as share_pct
from by_class as b
join main.dim_functional_classification as c on c.code = b.function_class_code
order by b.city, b.fiscal_year, share_pct desc;
