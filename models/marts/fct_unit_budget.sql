{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- Per using unit, from the per-unit tables of a document (a consolidated department gives each
-- of its units here): the unit's basic and project subtotals by fund, and its basic expenditure
-- by economic 类. using_unit_key resolves the printed name through the unit aliases.
with lines as (
    select * from {{ ref('int_unit_table_lines') }} where line_kind in ('unit_subtotal', 'economic_class')
),

amounts as (
    select * from {{ changed_rows(ref('int_row_amounts')) }}
    where table_type in ('unit_basic_expenditure', 'unit_project_expenditure') and period = 'current'
),

names as (
    select distinct document_id, name_key, canonical_name from {{ ref('int_unit_names') }}
),

documents as (
    select document_key, unit_key, unit_name, is_preferred_publication, fiscal_year, phase from {{ changed_rows(ref('int_documents'), 'document_key') }} where is_current
)

select
    {{ text_key(['a.document_id', 'a.table_seq', 'a.row_number', 'a.col_index']) }} as unit_budget_key,
    a.document_id as document_key,
    d.unit_key,
    d.unit_name,
    -- the row of the publication to count when the unit publishes two of the year (its 部门预算 over a 单位预算 copy)
    coalesce(d.is_preferred_publication, false) as is_preferred,
    d.fiscal_year,
    d.phase,
    l.using_unit_name as using_unit_name_printed,
    {{ text_key(['n.canonical_name']) }} as using_unit_key,
    l.expenditure_type,
    l.line_kind,
    l.label_printed,
    l.economic_class_code,
    case when l.economic_class_code is not null then 'department:' || l.economic_class_code end as economic_key,
    a.fund,
    {{ amount_with_provenance('a') }}
from lines as l
inner join amounts as a using (document_id, table_seq, row_number)
inner join documents as d on d.document_key = a.document_id
left join names as n
    on n.document_id = l.document_id and n.name_key = {{ normalize_unit_name('l.using_unit_name') }}
