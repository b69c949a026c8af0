-- Per classification code (and scheme), the names documents print beside it and where.
select
    scheme_kind,
    coalesce(scheme, 'functional') as scheme,
    code,
    mode(name_printed) as most_printed_name,
    list(distinct name_printed order by name_printed) as names_seen,
    min(fiscal_year) as first_seen_year,
    max(fiscal_year) as last_seen_year,
    count(distinct document_id) as documents_seen
from {{ ref('int_codes_seen') }}
group by all
