-- One row per input PDF: what it is, where it came from, whether it was read.
with currency as (
    select document_id, mode(currency_unit) as currency_unit, list(distinct currency_unit) as currency_units
    from {{ ref('stg_raw__tables') }}
    where currency_unit is not null
    group by document_id
),

unit as (
    select document_id, canonical_name
    from {{ ref('int_unit_names') }}
    where seen_as = 'document unit'
)

select
    d.document_id as document_key,
    case when u.canonical_name is not null then {{ text_key(['u.canonical_name']) }} end as unit_key,
    d.unit_name as unit_name_printed,
    d.fiscal_year,
    d.kind,
    d.kind_label,
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
    d.admin_level,
    d.is_consolidated,
    d.subordinate_units,
    d.status,
    d.reason,
    d.reason_code,
    d.extractor_version,
    d.extracted_at,
    d.table_count,
    d.row_count,
    d.fact_count
from {{ ref('stg_raw__documents') }} as d
left join currency as c using (document_id)
left join unit as u using (document_id)
