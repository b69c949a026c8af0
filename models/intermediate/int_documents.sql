-- One row per input PDF: what it is, where it came from, whether it was read, and whether it is the
-- version of its publication the warehouse reads (int_document_versions), and whether it is the one of its
-- unit and year an analyst counts. dim_document adds its quality.
with currency as (
    select document_id, mode(currency_unit) as currency_unit, list_sort(list(distinct currency_unit)) as currency_units
    from {{ ref('stg_raw__tables') }}
    where currency_unit is not null
    group by document_id
),

unit as (
    select document_id, canonical_name
    from {{ ref('int_unit_names') }}
    where seen_as = 'document unit'
),

companions as (
    -- a 报表 file and a 情况说明 file of the same unit, year and kind are one document in two parts
    select e.document_id, t.document_id as companion_document_key
    from {{ ref('stg_raw__documents') }} as e
    inner join {{ ref('stg_raw__documents') }} as t
        on t.document_id != e.document_id and t.status = 'ok' and e.status = 'ok'
    inner join {{ ref('int_document_versions') }} as tv on tv.document_id = t.document_id and tv.is_current
        and {{ normalize_unit_name('t.unit_name') }} = {{ normalize_unit_name('e.unit_name') }}
        and t.fiscal_year = e.fiscal_year and t.kind = e.kind
        and [e.document_part, t.document_part] in (['tables', 'explanation'], ['explanation', 'tables'])
    qualify row_number() over (partition by e.document_id order by t.extracted_at desc, t.document_id) = 1
),

documents as (
select
    d.document_id as document_key,
    case when u.canonical_name is not null then {{ text_key(['u.canonical_name']) }} end as unit_key,
    -- the unit's name as the warehouse knows it (dim_budget_unit.canonical_name), and as this document prints it
    u.canonical_name as unit_name,
    d.unit_name as unit_name_printed,
    d.fiscal_year,
    d.kind,
    d.kind_label,
    -- what the document's figures are: the year's approved budget, or its execution (决算)
    case when d.kind like '%final_account' then 'final' when d.status = 'ok' then 'budget' end as phase,
    d.document_part,
    p.companion_document_key,
    d.template,
    d.printed_title,
    d.source_file,
    d.file_name,
    d.document_id as sha256,
    d.file_size,
    d.pages,
    c.currency_unit,
    c.currency_units,
    d.province,
    d.city,
    d.district,
    d.region_path,
    d.region_code,
    d.admin_level,
    d.is_consolidated,
    d.subordinate_units,
    d.status,
    v.version_status,
    v.duplicate_of as duplicate_of_document_key,
    v.superseded_by as superseded_by_document_key,
    coalesce(v.is_current, false) as is_current,
    d.modified_at as pdf_modified_at,
    d.content_sha256,
    d.reason,
    d.reason_code,
    d.extractor_version,
    d.extracted_at,
    d.table_count,
    d.row_count,
    d.fact_count,
    d.table_numbers,
    d.placed_numbers,
    d.table_numbers - d.placed_numbers as unplaced_numbers,
    case when d.table_numbers > 0 then round(d.placed_numbers::decimal(18, 6) / d.table_numbers, 4)
         when d.table_numbers = 0 then 1 end::decimal(5, 4) as number_coverage,
    d.unplaced_summary
from {{ ref('stg_raw__documents') }} as d
left join currency as c using (document_id)
left join unit as u using (document_id)
left join companions as p using (document_id)
left join {{ ref('int_document_versions') }} as v using (document_id)
)

select
    *,
    -- the publication an analyst counts when one unit publishes two of a year and phase: the
    -- department's own document (部门预算 / 部门决算) over a 单位预算 of the same unit, which repeats its
    -- figures; a 情况说明 printed as its own file is the other part of one publication, not a copy
    case when is_current then row_number() over (
        partition by is_current, unit_key, fiscal_year, phase, document_part = 'explanation'
        order by case when kind like 'department%' then 1 when kind like 'unit%' then 2 else 3 end,
                 case document_part when 'complete' then 1 when 'tables' then 2 else 3 end, document_key) = 1
    end as is_preferred_publication
from documents
