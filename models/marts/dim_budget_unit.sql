-- One row per budget unit (部门 or 单位), conformed across documents and years: every name it is
-- printed under resolves to one canonical name (exact match after whitespace and parenthesis
-- normalisation, or a reviewed alias in seeds/unit_aliases.csv with its evidence).
with names as (
    select * from {{ ref('int_unit_names') }}
),

own_documents as (
    select n.canonical_name, d.province, d.city, d.district, d.region_path, d.region_code, d.admin_level,
        d.is_consolidated, d.fiscal_year
    from names as n
    inner join {{ ref('stg_raw__documents') }} as d using (document_id)
    where n.seen_as = 'document unit'
),

units as (
    select
        canonical_name,
        list(distinct name_printed order by name_printed) as name_variants,
        list(distinct seen_as order by seen_as) as seen_as,
        mode(parent_name) filter (where parent_name is not null) as parent_name,
        list_sort(list(distinct alias_evidence) filter (where alias_evidence is not null)) as alias_evidence,
        count(distinct document_id) as documents_seen,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year
    from names
    group by canonical_name
),

regions as (
    select
        canonical_name,
        any_value(province) as province,
        any_value(city) as city,
        any_value(district) as district,
        any_value(region_path) as region_path,
        any_value(region_code) as region_code,
        any_value(admin_level) as admin_level,
        bool_or(is_consolidated) as is_consolidated,
        count(*) as own_documents
    from own_documents
    group by canonical_name
)

select
    {{ text_key(['u.canonical_name']) }} as unit_key,
    u.canonical_name,
    u.name_variants,
    len(u.name_variants) > 1 as has_name_variants,
    u.alias_evidence,
    case when u.parent_name is not null then {{ text_key(['u.parent_name']) }} end as parent_unit_key,
    u.parent_name as parent_unit_name,
    coalesce(r.province, pr.province) as province,
    coalesce(r.city, pr.city) as city,
    coalesce(r.district, pr.district) as district,
    coalesce(r.region_path, pr.region_path) as region_path,
    coalesce(r.region_code, pr.region_code) as region_code,
    coalesce(r.admin_level, pr.admin_level) as admin_level,
    coalesce(r.is_consolidated, false) as is_consolidated,
    coalesce(r.own_documents, 0) as own_documents,
    u.documents_seen,
    u.first_fiscal_year,
    u.last_fiscal_year,
    u.seen_as
from units as u
left join regions as r using (canonical_name)
left join regions as pr on pr.canonical_name = u.parent_name
