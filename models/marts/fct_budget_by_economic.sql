{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- One row per (document, department economic code, measure column) of the economic tables
-- (一般公共预算基本 / 项目支出 按经济分类). Where the document prints the government economic
-- code beside it (Jiangmen), government_code carries it.
with amounts as (
    select * from {{ changed_rows(ref('int_row_amounts')) }}
    -- a table by economic classification whose rows print economic codes (not a procurement list
    -- that cites codes, nor a table whose rows are units)
    where period = 'current' and code_kind = 'economic' and type_code_kind = 'economic' and code is not null
),

documents as (
    select document_key, unit_key, unit_name, is_preferred_publication, fiscal_year, phase from {{ changed_rows(ref('int_documents'), 'document_key') }} where is_current
)

select
    {{ text_key(['a.document_id', 'a.table_seq', 'a.row_number', 'a.col_index']) }} as budget_fact_key,
    a.document_id as document_key,
    d.unit_key,
    d.unit_name,
    -- the row of the publication to count when the unit publishes two of the year (its 部门预算 over a 单位预算 copy)
    coalesce(d.is_preferred_publication, false) as is_preferred,
    d.fiscal_year,
    d.phase,
    a.code as economic_code,
    'department:' || a.code as economic_key,
    case length(a.code) when 3 then '类' when 5 then '款' end as economic_level,
    left(a.code, 3) as economic_class_code,
    a.name_printed as economic_name_printed,
    a.government_code,
    case when a.government_code is not null then 'government:' || a.government_code end as government_economic_key,
    a.table_type,
    a.fund_scope,
    a.measure as expenditure_type,
    a.fund,
    a.is_subset,
    a.using_unit_printed,
    {{ amount_with_provenance('a') }}
from amounts as a
inner join documents as d on d.document_key = a.document_id
