{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- Across the tables of one document: the equalities of domain.md (seeds/cross_table_rules.csv),
-- each checked where the document has both figures (int_document_figures counts an economic
-- code that complete economic tables do not print as zero).
with figures as (
    select * from {{ changed_rows(ref('int_document_figures')) }}
),

pairs as (
    -- a rule may name alternatives for its right figure ('a|b': two conventions of the family);
    -- the alternative the document's figures agree with best is the one checked
    select
        r.rule_name, r.description, l.document_id,
        l.amount_yuan as expected, l.decimals as left_decimals, l.page as left_page, l.table_seq as left_table,
        l.amount_unit as left_unit,
        rt.amount_yuan as actual, rt.decimals as right_decimals, rt.page as right_page,
        rt.amount_unit as right_unit, rt.amount_text as right_text, rt.figure as right_figure
    from {{ ref('cross_table_rules') }} as r
    inner join figures as l on l.figure = r.left_figure
    inner join {{ changed_rows(ref('int_table_context')) }} as lt
        on lt.document_id = l.document_id and lt.table_seq = l.table_seq and r.phase in ('any', lt.phase)
    inner join figures as rt
        on list_contains(string_split(r.right_figure, '|'), rt.figure) and rt.document_id = l.document_id
    qualify row_number() over (partition by r.rule_name, l.document_id, l.table_seq, l.amount_yuan
                               order by abs(rt.amount_yuan - l.amount_yuan), rt.figure) = 1
)

select
    'cross_table' as check_kind,
    p.document_id as document_key,
    p.left_table as table_seq,
    t.table_type,
    t.printed_title as table_title,
    list_sort(list_distinct([p.left_page, coalesce(p.right_page, p.left_page)])) as pages,
    p.left_page as page,
    p.rule_name as subject,
    'all' as measure,
    p.expected,
    p.actual,
    1 as n_items,
    cast(({{ item_rounding('p.left_decimals') }}) * (case p.left_unit when '万元' then 10000 else 1 end)
         + ({{ item_rounding('p.right_decimals') }}) * (case p.right_unit when '万元' then 10000 else 1 end)
         as decimal(20, 2)) as tolerance,
    '元' as value_unit,
    p.left_unit as printed_unit,
    '=' as comparison,
    p.description || case when p.right_figure like '%with_carryover' then ' (with 上年结转)' else '' end as detail,
    false as figures_from_one_sentence
from pairs as p
inner join {{ changed_rows(ref('int_table_context')) }} as t on t.document_id = p.document_id and t.table_seq = p.left_table
