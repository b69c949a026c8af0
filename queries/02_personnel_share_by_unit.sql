-- Personnel cost (经济分类 301 工资福利支出, general public budget) as a share of each unit's
-- total expenditure, latest year per unit.
with latest as (
    select unit_key, max(fiscal_year) as fiscal_year
    from main.mart_unit_year_comparison
    where measure = 'personnel_301'
    group by unit_key
)
select
    p.unit_name,
    p.fiscal_year,
    p.amount_wan as personnel_301_wan,
    t.amount_wan as total_expenditure_wan,
    cast(100 * p.amount_yuan / t.amount_yuan as decimal(6, 2)) as personnel_share_pct
from main.mart_unit_year_comparison as p
join latest using (unit_key, fiscal_year)
join main.mart_unit_year_comparison as t
  on t.unit_key = p.unit_key and t.fiscal_year = p.fiscal_year and t.measure = 'total_expenditure'
where p.measure = 'personnel_301'
order by personnel_share_pct desc;
