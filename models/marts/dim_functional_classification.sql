-- 支出功能分类科目: one row per code, conformed across documents and years. The seed gives the
-- official name; names_seen lists every printed variant; codes printed in a document but absent
-- from the seed are kept (in_official_list = false) and listed in unknown_classification_codes.
with official as (
    select * from {{ ref('functional_classification') }}
),

seen as (
    select * exclude (scheme_kind, scheme) from {{ ref('int_code_names') }} where scheme_kind = 'functional'
),

codes as (
    select code from official
    union
    select code from seen
),

named as (
    select
        c.code,
        coalesce(o.name, s.most_printed_name) as name,
        o.code is not null as in_official_list
    from codes as c
    left join official as o using (code)
    left join seen as s using (code)
)

select
    n.code,
    n.name,
    case length(n.code) when 3 then '类' when 5 then '款' when 7 then '项' end as level,
    left(n.code, 3) as class_code,
    cls.name as class_name,
    case when length(n.code) >= 5 then left(n.code, 5) end as section_code,
    case when length(n.code) >= 5 then sec.name end as section_name,
    case length(n.code) when 5 then left(n.code, 3) when 7 then left(n.code, 5) end as parent_code,
    o.valid_from_year,
    o.valid_to_year,
    coalesce(s.names_seen, []) as names_seen,
    s.first_seen_year,
    s.last_seen_year,
    coalesce(s.documents_seen, 0) as documents_seen,
    n.in_official_list,
    o.source as name_source,
    o.note
from named as n
left join official as o using (code)
left join seen as s using (code)
left join named as cls on cls.code = left(n.code, 3)
left join named as sec on sec.code = left(n.code, 5)
