{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- 三公: the total = 因公出国（境） + 公务用车购置及运行 + 公务接待, and 公务用车购置及运行 =
-- 购置 + 运行, per fund column of the document's table.
with items as (
    select
        f.*,
        {{ text_decimals('f.amount_text') }} as decimals,
        t.printed_title,
        t.table_type
    from {{ changed_rows(ref('fct_three_public_expenses'), 'document_key') }} as f
    inner join {{ changed_rows(ref('int_table_context')) }} as t
        on t.document_id = f.document_key and t.table_seq = f.table_seq
),

rules as (
    select 'three_public_total' as total_item, ['outbound', 'vehicle_total', 'reception'] as parts,
        '三公 = 因公出国（境） + 公务用车购置及运行 + 公务接待' as detail
    union all
    select 'vehicle_total', ['vehicle_purchase', 'vehicle_operation'], '公务用车购置及运行 = 购置 + 运行'
),

pairs as (
    select
        t.document_key, t.table_seq, t.table_type, t.printed_title, t.fund, r.total_item, r.detail,
        t.amount_yuan as expected, t.decimals as total_decimals, t.page as total_page, t.printed_unit,
        t.row_number as total_row, t.col_index as total_col,
        p.amount_yuan as part_yuan, p.decimals as part_decimals, p.page as part_page, p.item as part_item
    from items as t
    inner join rules as r on r.total_item = t.item
    inner join items as p
        on p.document_key = t.document_key and p.table_seq = t.table_seq and p.fund = t.fund
        and list_contains(r.parts, p.item)
        -- items printed as columns add up along their row; items printed as rows, down their column
        and (case t.items_in when 'columns' then p.row_number = t.row_number else p.col_index = t.col_index end)
)

select
    'three_public_parts' as check_kind,
    document_key, table_seq, table_type, printed_title as table_title,
    list_sort(list_distinct(list(part_page) || [any_value(total_page)])) as pages,
    any_value(total_page) as page,
    total_item || case when count(*) over (partition by document_key, table_seq, fund, total_item) > 1
        then ' (row ' || total_row || ')' else '' end as subject,
    fund as measure,
    any_value(expected) as expected,
    sum(part_yuan) as actual,
    count(*) as n_items,
    {{ sum_tolerance_yuan('sum(' ~ item_rounding('part_decimals') ~ ')', 'coalesce(any_value(total_decimals), 0)', 'any_value(printed_unit)') }} as tolerance,
    '元' as value_unit,
    any_value(printed_unit) as printed_unit,
    '=' as comparison,
    any_value(detail) || ' (' || string_agg(part_item, ' + ' order by part_item) || ')' as detail,
    false as figures_from_one_sentence
from pairs
group by document_key, table_seq, table_type, printed_title, fund, total_item, total_row, total_col
