-- Every pair of units considered one unit renamed between two years, with its evidence: the links
-- mart_unit_year_comparison uses (linked) and the pairs a person should look at (review: below
-- the link score or beaten by a better pair, never applied: a new unit's three best candidates;
-- rejected: a reviewer said no). To
-- decide one, add a line to seeds/unit_link_overrides.csv.
select
    {{ text_key(['unit_key', 'prior_unit_key']) }} as unit_link_key,
    link_status,
    match_method,
    score,
    name_similarity,
    money_agreement,
    evidence,
    prior_unit_name,
    prior_fiscal_year,
    unit_name,
    fiscal_year,
    prior_unit_key,
    unit_key
from {{ ref('int_unit_links') }}
