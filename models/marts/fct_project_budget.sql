{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- Projects of the 项目支出 table, each with the unit that uses it (a consolidated department's
-- table groups projects under each unit), amounts by fund and the printed 绩效目标. Projects the
-- document also lists as key projects (重点项目, 第三部分) are flagged.
with lines as (
    select * from {{ ref('int_unit_table_lines') }} where line_kind = 'project'
),

amounts as (
    select * from {{ changed_rows(ref('int_row_amounts')) }} where table_type = 'unit_project_expenditure' and period = 'current'
),

names as (
    select distinct document_id, name_key, canonical_name from {{ ref('int_unit_names') }}
),

key_projects as (
    select distinct document_id, {{ squash('subject') }} as project_key_name
    from {{ ref('stg_raw__facts') }}
    where fact_name = 'key_project_budget'
),

documents as (
    select document_key, unit_key, unit_name, is_preferred_publication, fiscal_year, phase from {{ changed_rows(ref('int_documents'), 'document_key') }} where is_current
),

resolved as (
    select
        l.*,
        -- a project table without unit rows lists the document's own projects
        coalesce(case when n.canonical_name is not null then {{ text_key(['n.canonical_name']) }} end, d.unit_key)
            as using_unit_key
    from lines as l
    inner join documents as d on d.document_key = l.document_id
    left join names as n
        on n.document_id = l.document_id and n.name_key = {{ normalize_unit_name('l.using_unit_name') }}
)

select
    {{ text_key(['a.document_id', 'a.table_seq', 'a.row_number', 'a.col_index']) }} as project_budget_key,
    {{ text_key(['l.using_unit_key', squash('l.project_name')]) }} as project_key,
    a.document_id as document_key,
    d.unit_key,
    d.unit_name,
    -- the row of the publication to count when the unit publishes two of the year (its 部门预算 over a 单位预算 copy)
    coalesce(d.is_preferred_publication, false) as is_preferred,
    d.fiscal_year,
    d.phase,
    l.using_unit_name as using_unit_name_printed,
    l.using_unit_key,
    l.project_name,
    l.goal_printed as performance_goal,
    k.project_key_name is not null as is_key_project,
    a.fund,
    {{ amount_with_provenance('a') }}
from resolved as l
inner join amounts as a using (document_id, table_seq, row_number)
inner join documents as d on d.document_key = a.document_id
left join key_projects as k
    on k.document_id = l.document_id and k.project_key_name = {{ squash('l.project_name') }}
