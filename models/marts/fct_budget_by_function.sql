{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- One row per (document, functional code, measure column) of the tables by functional
-- classification: 收入 / 支出 总体情况表, 一般公共预算, 政府性基金, 国有资本经营 by function.
-- Total rows (合计) are not facts: sum codes of one level, or read the printed totals in the checks.
with amounts as (
    select * from {{ changed_rows(ref('int_row_amounts')) }}
    -- a table by functional classification whose rows print functional codes (not a procurement list
    -- that cites codes, nor a table whose rows are units)
    where period = 'current' and code_kind = 'functional' and type_code_kind = 'functional' and code is not null
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
    a.code as function_code,
    case length(a.code) when 3 then '类' when 5 then '款' when 7 then '项' end as function_level,
    left(a.code, 3) as function_class_code,
    a.name_printed as function_name_printed,
    a.table_type,
    a.side,
    a.fund_scope,
    a.measure,
    a.fund,
    a.is_subset,
    a.using_unit_printed,
    {{ amount_with_provenance('a') }}
from amounts as a
inner join documents as d on d.document_key = a.document_id
