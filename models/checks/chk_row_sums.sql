-- Within a table, across its columns: 合计 = Σ the source or type columns of each row
-- (seeds/column_sum_rules.csv). A rule applies to a table when all its columns are printed;
-- of two applicable rules for the same total, the one with more components wins.
with amounts as (
    select
        a.*,
        case r.key_by when 'measure' then a.measure else a.fund end as column_key,
        r.rule_name, r.total_key, r.component_keys, r.key_by, r.description,
        t.printed_title
    from {{ ref('int_row_amounts') }} as a
    inner join {{ ref('int_table_context') }} as t using (document_id, table_seq)
    inner join {{ ref('column_sum_rules') }} as r
        on r.table_type = a.table_type and r.side = a.side
),

table_columns as (
    select document_id, table_seq, rule_name, list(distinct column_key) as keys_printed
    from amounts
    group by all
),

applicable as (
    select r.*, c.document_id, c.table_seq,
        row_number() over (partition by c.document_id, c.table_seq, r.total_key
                           order by len(string_split(r.component_keys, ';')) desc) as pick
    from {{ ref('column_sum_rules') }} as r
    inner join table_columns as c using (rule_name)
    inner join {{ ref('int_table_context') }} as t on t.document_id = c.document_id and t.table_seq = c.table_seq
        and t.table_type = r.table_type
    where list_has_all(c.keys_printed, string_split(r.component_keys, ';'))
        and list_contains(c.keys_printed, r.total_key)
),

per_row as (
    select
        a.document_id, a.table_seq, a.table_type, a.printed_title, a.row_number, a.rule_name, a.description,
        any_value(a.page) as page,
        coalesce(any_value(a.code), any_value(a.label_printed), any_value(a.name_printed),
                 any_value(a.unit_name_printed), '') || ' (row ' || a.row_number || ')' as subject,
        any_value(a.amount_yuan) filter (where a.column_key = a.total_key) as expected_yuan,
        sum(a.amount_yuan) filter (where list_contains(string_split(a.component_keys, ';'), a.column_key)) as actual_yuan,
        count(*) filter (where list_contains(string_split(a.component_keys, ';'), a.column_key)) as n_items,
        sum({{ item_rounding('a.amount_decimals') }}) filter (
            where list_contains(string_split(a.component_keys, ';'), a.column_key)) as item_rounding_sum,
        any_value(a.amount_decimals) filter (where a.column_key = a.total_key) as total_decimals,
        any_value(a.amount_unit) as printed_unit
    from amounts as a
    inner join applicable as p
        on p.document_id = a.document_id and p.table_seq = a.table_seq and p.rule_name = a.rule_name and p.pick = 1
    group by a.document_id, a.table_seq, a.table_type, a.printed_title, a.row_number, a.rule_name, a.description,
        a.total_key, a.component_keys
)

select
    'row_sum' as check_kind,
    document_id as document_key,
    table_seq,
    table_type,
    printed_title as table_title,
    [page] as pages,
    page,
    subject,
    rule_name as measure,
    expected_yuan as expected,
    actual_yuan as actual,
    n_items,
    {{ sum_tolerance_yuan('coalesce(item_rounding_sum, 0)', 'coalesce(total_decimals, 0)', 'printed_unit') }} as tolerance,
    printed_unit,
    description as detail,
    '元' as value_unit,
    '=' as comparison,
    false as figures_from_one_sentence
from per_row
where expected_yuan is not null
