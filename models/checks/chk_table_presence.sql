{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- Every table the document's own contents list (目录, or a 报表目录 printed as a table) is there
-- with at least one body row, or the document says it is empty (注：…本表无数据 / 是否空表: 是). A
-- listed table not found is an extraction failure in a layout nobody has seen yet, named with
-- the title the contents print; a document without contents has nothing to check here.
-- A 情况说明 printed as its own file (北京) lists the tables of its 报表 file: they are looked for
-- there, by type; while that file is not in the warehouse there is nothing to look in.
with listed as (
    select c.*, d.unit_name as document_unit_name, d.document_part, i.companion_document_key
    from {{ changed_rows(ref('stg_raw__contents')) }} as c
    inner join {{ changed_rows(ref('stg_raw__documents')) }} as d using (document_id)
    inner join {{ changed_rows(ref('int_document_versions')) }} as v using (document_id)
    inner join {{ ref('int_documents') }} as i on i.document_key = c.document_id
    where v.is_current and (d.document_part != 'explanation' or i.companion_document_key is not null)
),

found as (
    select document_id, table_seq, table_type, row_count, first_page, printed_title
    from {{ ref('int_table_context') }}
),

in_companion as (
    -- the companion's first table of each type
    select document_id, table_type, arg_min(table_seq, table_seq) as table_seq
    from found
    group by all
),

matched as (
    select
        l.*,
        coalesce(case when l.document_part = 'explanation' then l.companion_document_key end, l.document_id)
            as tables_document_id,
        case when l.document_part = 'explanation' then c.table_seq else l.matched_table_seq end as found_seq
    from listed as l
    left join in_companion as c on c.document_id = l.companion_document_key and c.table_type = l.table_type
)

select
    'table_listed' as check_kind,
    l.document_id as document_key,
    l.found_seq as table_seq,
    l.table_type,
    l.printed_title as table_title,
    list_filter([l.contents_page, f.first_page], x -> x is not null) as pages,
    coalesce(f.first_page, l.contents_page) as page,
    l.printed_title as subject,
    'body rows' as measure,
    cast(1 as decimal(20, 2)) as expected,
    cast(case when f.row_count > 0 or (f.table_seq is not null and l.declared_empty) then 1 else 0 end
         as decimal(20, 2)) as actual,
    1 as n_items,
    cast(0 as decimal(20, 2)) as tolerance,
    'table' as value_unit,
    null as printed_unit,
    '=' as comparison,
    'listed in the contents' || coalesce(' (page ' || l.listed_page || ')', '')
        || case
            when f.table_seq is null then '; not found'
            when f.row_count > 0 then '; found with ' || f.row_count || ' rows'
            when l.declared_empty then '; found empty, as the document says'
            else '; found without rows'
        end as detail,
    false as figures_from_one_sentence
from matched as l
left join found as f on f.document_id = l.tables_document_id and f.table_seq = l.found_seq
