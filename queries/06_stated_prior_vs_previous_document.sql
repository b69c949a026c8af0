-- Units whose prose states a previous-year figure (this year − stated change) that differs from
-- what the previous year's documents print: worth a journalist's question. Differences within
-- 0.01 万元 per summed figure are rounding.
select
    unit_name,
    fiscal_year,
    measure,
    cast(prior_from_stated_change_yuan / 10000 as decimal(20, 2)) as stated_previous_year_wan,
    cast(prior_from_documents_yuan / 10000 as decimal(20, 2)) as previous_documents_wan,
    cast(documents_minus_stated_yuan / 10000 as decimal(20, 2)) as difference_wan,
    prior_documents_source
from main.mart_unit_year_comparison
where prior_from_stated_change_yuan is not null
  and prior_from_documents_yuan is not null
order by abs(documents_minus_stated_yuan) desc, unit_name, measure;
