-- The ten largest projects of the latest year of each unit, with their change against the
-- same project the year before where the warehouse has it.
select
    using_unit_name,
    project_name,
    fiscal_year,
    amount_wan,
    prior_amount_wan,
    change_wan,
    change_pct,
    match_evidence
from main.mart_project_year_comparison
qualify row_number() over (order by amount_yuan desc, project_name) <= 10
order by amount_yuan desc, project_name;
