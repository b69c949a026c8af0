-- 支出功能分类科目: one row per code, conformed across documents and years. The seed gives the
-- official name; names_seen lists every printed variant; codes printed in a document but absent
-- from the seed are kept (in_official_list = false) and listed in unknown_classification_codes;
-- the 类 / 款 of a printed code that neither the seed nor any document names is kept too
-- (is_inferred_parent, no name), so the hierarchy is always whole; so is a code a document prints
-- without a name (a 政府采购 table's code columns) that the seed does not list (is_unnamed).
with official as (
    select * from {{ ref('functional_classification') }}
),

seen as (
    select * exclude (scheme_kind, scheme) from {{ ref('int_code_names') }} where scheme_kind = 'functional'
),

printed_codes as (
    select code from official
    union
    select code from seen
),

codes as (
    -- a code's 类 and 款 are codes too, printed or not (北京 prints only 项 rows)
    select code, false as is_inferred_parent from printed_codes
    union all
    select distinct parent, true from (
        select left(code, 3) as parent from printed_codes where length(code) > 3
        union select left(code, 5) from printed_codes where length(code) > 5
    ) where parent not in (select code from printed_codes)
),

named as (
    select
        c.code,
        c.is_inferred_parent,
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
    n.is_inferred_parent,
    n.name is null and not n.is_inferred_parent as is_unnamed,
    o.source as name_source,
    o.note
from named as n
left join official as o using (code)
left join seen as s using (code)
left join named as cls on cls.code = left(n.code, 3)
left join named as sec on sec.code = left(n.code, 5)
