-- One row per project of a using unit and a budget year (all funds), with the two forms of its
-- name the links compare: as printed without blanks, and without the years it mentions.
select
    project_key,
    using_unit_key,
    any_value(using_unit_name_printed) as using_unit_name_printed,
    any_value(project_name) as project_name,
    fiscal_year,
    any_value(document_key) as document_key,
    sum(amount_yuan) as amount_yuan,
    min(page) as page,
    {{ squash('any_value(project_name)') }} as name_key,
    regexp_replace({{ squash('any_value(project_name)') }},
        '\d{4}(年度?)?([-—–至~]\d{4}(年度?)?)?', '', 'g') as name_without_years
from {{ ref('fct_project_budget') }}
where fund = 'all' and phase = 'budget'
group by project_key, using_unit_key, fiscal_year
