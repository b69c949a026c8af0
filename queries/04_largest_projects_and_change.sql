-- The ten largest projects that the warehouse has in two consecutive years: each with its amount,
-- the same project's amount the year before (under its earlier name, where it was renamed), the
-- change, and the evidence that the two are one project.
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
where prior_amount_wan is not null
qualify row_number() over (order by amount_yuan desc, project_name) <= 10
order by amount_yuan desc, project_name;
