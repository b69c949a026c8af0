-- How did each unit's total expenditure change from one year to the next, and where does the
-- previous year's figure come from?
select
    unit_name,
    fiscal_year,
    prior_year_amount_wan as previous_year_wan,
    amount_wan as this_year_wan,
    change_wan,
    change_pct,
    prior_year_source
from main.mart_unit_year_comparison
where measure = 'total_expenditure'
  and prior_year_amount_wan is not null
order by unit_name, fiscal_year;
