-- Codes printed in documents that the reference seeds do not list: kept in the dimensions,
-- flagged here with where they were printed, for review (add them to the seed or fix the source).
select
    s.scheme_kind,
    coalesce(s.scheme, 'functional') as scheme,
    s.code,
    list_sort(list(distinct s.name_printed)) as names_printed,
    list_sort(list(distinct s.document_id)) as document_keys,
    min(s.fiscal_year) as first_seen_year,
    max(s.fiscal_year) as last_seen_year,
    min(s.page) as first_page,
    regexp_full_match(s.code, '\d{3}(\d{2}){0,2}') as has_valid_shape,
    'printed' as why_listed
from {{ ref('int_codes_seen') }} as s
left join {{ ref('functional_classification') }} as f
    on s.scheme_kind = 'functional' and f.code = s.code
left join {{ ref('economic_classification') }} as e
    on s.scheme_kind = 'economic' and e.scheme = s.scheme and e.code = s.code
where f.code is null and e.code is null
group by all
union all
-- the 类 / 款 of a printed code that neither the seed nor any document names
select
    'functional', 'functional', code, [], [], first_seen_year, last_seen_year, null, true, 'parent of a printed code'
from {{ ref('dim_functional_classification') }}
where is_inferred_parent and not in_official_list
