-- Codes printed in documents that the reference seeds do not list: kept in the dimensions,
-- flagged here with where they were printed, for review (add them to the seed or fix the source).
with known as (  -- one key per listed code (a functional code has one scheme), compared as text
    select 'functional' as scheme_kind, 'functional' as scheme, cast(code as varchar) as code
    from {{ ref('functional_classification') }}
    union all
    select 'economic', scheme, cast(code as varchar) from {{ ref('economic_classification') }}
)

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
-- an equality on every key, so a hash join (a condition on one side only made it a nested loop)
anti join known as k
    on k.scheme_kind = s.scheme_kind and k.code = s.code
    and k.scheme = case when s.scheme_kind = 'functional' then 'functional' else s.scheme end
group by all
union all
-- the 类 / 款 of a printed code that neither the seed nor any document names
select
    'functional', 'functional', code, [], [], first_seen_year, last_seen_year, null, true, 'parent of a printed code'
from {{ ref('dim_functional_classification') }}
where is_inferred_parent and not in_official_list
