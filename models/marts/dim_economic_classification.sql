-- 支出经济分类科目 in both schemes: 部门预算 (department, 301…399) and 政府预算 (government,
-- 501…599). One row per (scheme, code); the department -> government pairs printed in a
-- document (Jiangmen prints both codes side by side) are kept on both sides.
with official as (
    select * from {{ ref('economic_classification') }}
),

seen as (
    select * exclude (scheme_kind) from {{ ref('int_code_names') }} where scheme_kind = 'economic'
),

pairs as (
    select distinct code as department_code, government_code
    from {{ ref('int_codes_seen') }}
    where scheme = 'department' and government_code is not null
),

codes as (
    select scheme, code from official
    union
    select scheme, code from seen
),

named as (
    select c.scheme, c.code, coalesce(o.name, s.most_printed_name) as name, o.code is not null as in_official_list
    from codes as c
    left join official as o using (scheme, code)
    left join seen as s using (scheme, code)
)

select
    n.scheme || ':' || n.code as economic_key,
    n.scheme,
    n.code,
    n.name,
    case length(n.code) when 3 then '类' when 5 then '款' end as level,
    left(n.code, 3) as class_code,
    cls.name as class_name,
    case when length(n.code) = 5 then left(n.code, 3) end as parent_code,
    o.valid_from_year,
    o.valid_to_year,
    coalesce(s.names_seen, []) as names_seen,
    s.first_seen_year,
    s.last_seen_year,
    coalesce(s.documents_seen, 0) as documents_seen,
    n.in_official_list,
    case when n.scheme = 'department' then (
        select list(distinct p.government_code order by p.government_code) from pairs as p where p.department_code = n.code
    ) end as government_codes_printed,
    case when n.scheme = 'government' then (
        select list(distinct p.department_code order by p.department_code) from pairs as p where p.government_code = n.code
    ) end as department_codes_printed
from named as n
left join official as o using (scheme, code)
left join seen as s using (scheme, code)
left join named as cls on cls.scheme = n.scheme and cls.code = left(n.code, 3)
