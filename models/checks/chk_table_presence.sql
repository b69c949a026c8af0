-- Every standard table of the document's template is there (seeds/template_tables.csv), with
-- at least one body row. A missing table is an extraction failure, named with its title.
with expected as (
    select d.document_key, d.template, r.table_type, r.description
    from {{ ref('dim_document') }} as d
    inner join {{ ref('template_tables') }} as r using (template)
    where d.status = 'ok'
),

found as (
    select document_id as document_key, table_type, count(*) as tables, sum(row_count) as rows_found,
        min(first_page) as page
    from {{ ref('int_table_context') }}
    group by all
)

select
    'table_present' as check_kind,
    e.document_key,
    null::integer as table_seq,
    e.table_type,
    e.description as table_title,
    case when f.page is not null then [f.page] else [] end as pages,
    f.page,
    e.table_type as subject,
    'body rows' as measure,
    cast(1 as decimal(20, 2)) as expected,
    cast(least(coalesce(f.rows_found, 0), 1) as decimal(20, 2)) as actual,
    1 as n_items,
    cast(0 as decimal(20, 2)) as tolerance,
    'table' as value_unit,
    null as printed_unit,
    '=' as comparison,
    'the ' || e.template || ' template prints ' || e.description
        || case when f.tables is null then '; not found' else '; found with ' || f.rows_found || ' rows' end as detail,
    false as figures_from_one_sentence
from expected as e
left join found as f using (document_key, table_type)
