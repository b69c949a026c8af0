{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- Within a table: every parent code = Σ its children one level down (functional 类 = Σ 款,
-- 款 = Σ 项; economic 类 = Σ 款; a department's unit code = Σ its units: 116 = 116001 + 116003),
-- and the table's 合计 row = Σ its highest printed codes (its 类; its 项 where it prints no 类 / 款);
-- per column.
with amounts as (
    select
        a.*,
        coalesce(a.using_unit_printed, '') as unit_group,
        -- a table printing the codes of several using units, each under its unit (深圳's 支出总表)
        count(distinct coalesce(a.using_unit_printed, '')) over (partition by a.document_id, a.table_seq) > 1 as by_unit,
        t.printed_title
    from {{ changed_rows(ref('int_row_amounts')) }} as a
    inner join {{ changed_rows(ref('int_table_context')) }} as t using (document_id, table_seq)
    where a.code_kind in ('functional', 'economic', 'unit')
),

coded as (
    select * from amounts where code is not null
),

parent_child as (
    select
        p.document_id, p.table_seq, p.table_type, p.printed_title, p.col_index, p.column_path,
        p.code as subject, p.government_code as parent_government_code, p.unit_group, p.by_unit,
        p.amount_yuan as expected_yuan, p.amount_unit, p.amount_decimals as parent_decimals, p.page as parent_page,
        c.amount_yuan as child_yuan, c.amount_decimals as child_decimals, c.page as child_page, c.code as child_code,
        p.code_kind || '_hierarchy' as check_kind
    from coded as p
    inner join coded as c
        on c.document_id = p.document_id and c.table_seq = p.table_seq and c.col_index = p.col_index
        and c.unit_group = p.unit_group
        and length(c.code) = length(p.code) + case p.code_kind when 'unit' then 3 else 2 end
        and starts_with(c.code, p.code)
        -- Jiangmen pairs codes: a child belongs to the parent of its government class too
        and (p.government_code is null or starts_with(coalesce(c.government_code, ''), p.government_code))
),

top_codes as (
    -- the highest codes a table prints: its 类, or, where it prints only 项 rows (北京), those
    select c.* from coded as c
    where not exists (
        select 1 from coded as p
        where p.document_id = c.document_id and p.table_seq = c.table_seq and p.col_index = c.col_index
            and p.unit_group = c.unit_group and length(p.code) < length(c.code) and starts_with(c.code, p.code)
    )
),

total_top as (
    select
        t.document_id, t.table_seq, t.table_type, t.printed_title, t.col_index, t.column_path,
        '合计' as subject, null as parent_government_code, '' as unit_group, false as by_unit,
        t.amount_yuan as expected_yuan, t.amount_unit, t.amount_decimals as parent_decimals, t.page as parent_page,
        c.amount_yuan as child_yuan, c.amount_decimals as child_decimals, c.page as child_page, c.code as child_code,
        'total_equals_top_codes' as check_kind
    from amounts as t
    inner join top_codes as c
        on c.document_id = t.document_id and c.table_seq = t.table_seq and c.col_index = t.col_index
    where t.is_total and t.code is null
        -- a list that cites a code on each of its items (a 政府采购 table: one row per purchase) is
        -- not a roll-up of its codes; a classification table is, whatever it repeats
        and (t.type_code_kind in ('functional', 'economic') or not exists (
            select 1 from top_codes as d
            where d.document_id = c.document_id and d.table_seq = c.table_seq and d.col_index = c.col_index
                and d.code = c.code and d.row_number != c.row_number))
),

pairs as (
    select * from parent_child
    union all
    select * from total_top
)

select
    check_kind,
    document_id as document_key,
    table_seq,
    table_type,
    printed_title as table_title,
    list_sort(list_distinct(list(parent_page) || list(child_page))) as pages,
    any_value(parent_page) as page,
    subject || coalesce('/' || parent_government_code, '') || case when by_unit then ' (' || unit_group || ')' else '' end
        as subject,
    column_path as measure,
    any_value(expected_yuan) as expected,
    sum(child_yuan) as actual,
    count(*) as n_items,
    {{ sum_tolerance_yuan('sum(' ~ item_rounding('child_decimals') ~ ')', 'coalesce(any_value(parent_decimals), 0)', 'any_value(amount_unit)') }} as tolerance,
    any_value(amount_unit) as printed_unit,
    'Σ ' || string_agg(child_code, ' + ' order by child_code) as detail,
    '元' as value_unit,
    '=' as comparison,
    false as figures_from_one_sentence
from pairs
group by check_kind, document_id, table_seq, table_type, printed_title, col_index, column_path, subject, parent_government_code,
    unit_group, by_unit
