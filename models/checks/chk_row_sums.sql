{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- Within a table, across its columns: a 合计 / 小计 / 总计 column = Σ the columns its header puts
-- beside it (the extractor reads them from the header tree: siblings under the same group header,
-- a sibling group by its own total or its parts, never a part printed as 其中 or a subset such as
-- 政府采购). Every row that prints the total is checked, whatever the layout.
with sums as (
    select
        c.document_id, c.table_seq, c.col_index as total_col, c.column_path as total_path,
        unnest(c.sum_of) as part_col,
        len(c.sum_of) as n_parts
    from {{ changed_rows(ref('stg_raw__columns')) }} as c
    where c.is_sum and len(c.sum_of) > 0
),

paths as (
    select
        s.document_id, s.table_seq, s.total_col, any_value(s.total_path) as total_path,
        string_agg(p.column_path, ' + ' order by p.col_index) as parts_path
    from sums as s
    inner join {{ changed_rows(ref('stg_raw__columns')) }} as p
        on p.document_id = s.document_id and p.table_seq = s.table_seq and p.col_index = s.part_col
    group by all
),

per_row as (
    select
        t.document_id, t.table_seq, t.row_number, s.total_col,
        any_value(t.table_type) as table_type,
        any_value(t.page) as page,
        coalesce(any_value(t.code), any_value(t.label_printed), any_value(t.name_printed),
                 any_value(t.unit_name_printed), '') || ' (row ' || t.row_number || ')' as subject,
        any_value(t.amount_yuan) as expected_yuan,
        any_value(t.amount_decimals) as total_decimals,
        any_value(t.amount_unit) as printed_unit,
        any_value(t.amount_text) as total_text
    from {{ changed_rows(ref('int_row_amounts')) }} as t
    inner join (select distinct document_id, table_seq, total_col from sums) as s
        on s.document_id = t.document_id and s.table_seq = t.table_seq and s.total_col = t.col_index
    group by t.document_id, t.table_seq, t.row_number, s.total_col
),

parts as (
    select
        s.document_id, s.table_seq, a.row_number, s.total_col,
        sum(a.amount_yuan) as actual_yuan,
        count(*) as n_items,
        sum({{ item_rounding('a.amount_decimals') }}) as item_rounding_sum
    from sums as s
    inner join {{ changed_rows(ref('int_row_amounts')) }} as a
        on a.document_id = s.document_id and a.table_seq = s.table_seq and a.col_index = s.part_col
    group by all
)

select
    'row_sum' as check_kind,
    r.document_id as document_key,
    r.table_seq,
    r.table_type,
    t.printed_title as table_title,
    [r.page] as pages,
    r.page,
    r.subject,
    p.total_path as measure,
    r.expected_yuan as expected,
    x.actual_yuan as actual,
    x.n_items,
    {{ sum_tolerance_yuan('coalesce(x.item_rounding_sum, 0)', 'coalesce(r.total_decimals, 0)', 'r.printed_unit') }}
        as tolerance,
    r.printed_unit,
    p.total_path || ' = ' || p.parts_path as detail,
    '元' as value_unit,
    '=' as comparison,
    false as figures_from_one_sentence
from per_row as r
inner join parts as x using (document_id, table_seq, row_number, total_col)
inner join paths as p using (document_id, table_seq, total_col)
inner join {{ changed_rows(ref('int_table_context')) }} as t using (document_id, table_seq)
where r.expected_yuan is not null
