{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- The prose (情况说明) against the tables and against itself: stated income, expenditure and 三公
-- (and parts) = the tables; stated % = stated change / (stated figure − change); key projects =
-- the project table; Shanghai's per-项 lines = the function table, and each line's two statements
-- of this year's budget agree (both in one sentence: a disagreement is the document's own).
-- A final account's execution statements: its 决算数 = the tables (三公 items, 机关运行经费, the
-- appropriation, a functional 项 by its names or code), its 预算数 = the budget its 三公 table prints,
-- and its '完成预算的 P%' = 决算数 / 预算数 of the same sentence.
-- Per document on a refresh: a 情况说明 and its 报表 file are recomputed together (int_affected_documents).
with facts as (
    select
        f.*,
        -- a 情况说明 printed as its own file is checked against the tables of its 报表 file
        coalesce(d.companion_document_key, f.document_key) as tables_document_key,
        coalesce(length(nullif(regexp_extract(f.value_text, '\.(\d+)$', 1), '')), 0) as decimals
    from {{ changed_rows(ref('fct_stated_facts'), 'document_key') }} as f
    inner join {{ ref('int_documents') }} as d using (document_key)
),

firsts as (
    -- the first statement of each fact (the summary paragraph, not a later repetition)
    select * exclude (k) from (
        select *, row_number() over (partition by document_key, fact_name, coalesce(subject, '') order by fact_seq) as k
        from facts
    ) where k = 1
),

figures as (
    select document_id as document_key, figure, amount_yuan, amount_unit, page, table_seq, decimals
    from {{ changed_rows(ref('int_document_figures')) }}
    union all
    -- "收入预算X万元" names either 本年收入合计 or 收入总计 (Jiangmen states the first, Shenzhen the
    -- second): the prose figure is compared with the one of the two it is closest to
    select document_key, 'summary:subtotal:' || side, amount_yuan, printed_unit, page, table_seq,
        {{ text_decimals('amount_text') }}
    from {{ changed_rows(ref('fct_budget_summary'), 'document_key') }}
    where table_type = 'income_expenditure_summary' and line_kind = 'subtotal' and measure = 'total' and fund = 'all'
),

stated_vs_table as (
    select
        'prose_vs_table' as check_kind, v.document_key, g.table_seq, v.page, [v.page, g.page] as pages,
        v.fact_name as subject, g.figure as measure,
        g.amount_yuan as expected, v.value_yuan as actual,
        {{ stated_tolerance_yuan('v.value_text', "'万元'") }}
            + cast(({{ item_rounding('g.decimals') }}) * (case g.amount_unit when '万元' then 10000 else 1 end) as decimal(20, 2))
            as tolerance,
        '元' as value_unit, '万元' as printed_unit,
        'stated in the prose: ' || v.sentence as detail, false as figures_from_one_sentence
    from firsts as v
    inner join figures as g
        on g.document_key = v.tables_document_key
        and g.figure in (case v.fact_name
            when 'income_total' then 'summary:income_expenditure_summary:income_total:all'
            when 'expenditure_total' then 'summary:income_expenditure_summary:expenditure_total:all'
            when 'three_public_total' then 'three_public:three_public_total'
            when 'three_public_outbound' then 'three_public:outbound'
            when 'three_public_vehicle_total' then 'three_public:vehicle_total'
            when 'three_public_vehicle_purchase' then 'three_public:vehicle_purchase'
            when 'three_public_vehicle_operation' then 'three_public:vehicle_operation'
            when 'three_public_reception' then 'three_public:reception'
            when 'admin_operation_cost' then 'three_public:admin_operation_cost'
            when 'meeting_fee' then 'three_public:meeting'
            when 'training_fee' then 'three_public:training'
            when 'final_income_this_year' then 'summary:income_expenditure_summary:income_this_year:all'
            when 'final_expenditure_this_year' then 'summary:income_expenditure_summary:expenditure_this_year:all'
            when 'execution_final' then case v.subject_code
                when 'general_budget_expenditure' then 'general_budget_by_function:total:general_public_budget'
                when 'fiscal_appropriation_expenditure'
                    then 'summary:fiscal_appropriation_summary:expenditure_this_year:fiscal_appropriation'
                else 'three_public:' || v.subject_code end
        end, case v.fact_name when 'income_total' then 'summary:subtotal:income'
            when 'expenditure_total' then 'summary:subtotal:expenditure' end)
    where v.fact_kind = 'value' and v.unit = '万元'
    qualify row_number() over (partition by v.document_key, v.fact_seq order by abs(g.amount_yuan - v.value_yuan), g.figure, g.table_seq, g.page) = 1
),

function_paths as (
    -- '类名/款名/项名' of every 项 of the general public budget function table, as printed
    select
        i.document_id, i.table_seq, i.code,
        {{ squash('c.name_printed') }} || '/' || {{ squash('s.name_printed') }} || '/' || {{ squash('i.name_printed') }} as path
    from {{ ref('int_table_rows') }} as i
    inner join {{ ref('int_table_rows') }} as s
        on s.document_id = i.document_id and s.table_seq = i.table_seq and s.code = left(i.code, 5)
    inner join {{ ref('int_table_rows') }} as c
        on c.document_id = i.document_id and c.table_seq = i.table_seq and c.code = left(i.code, 3)
    where i.table_type = 'general_budget_by_function' and length(i.code) = 7
),

line_items as (
    select
        'prose_line_item' as check_kind, l.document_key, a.table_seq, l.page, [l.page, a.page] as pages,
        l.subject, coalesce(l.subject_code, fp.code) as measure,
        a.amount_yuan as expected, l.value_yuan as actual,
        {{ stated_tolerance_yuan('l.value_text', "'万元'") }}
            + cast(({{ item_rounding(text_decimals('a.amount_text')) }}) * (case a.amount_unit when '万元' then 10000 else 1 end)
                   as decimal(20, 2)) as tolerance,
        '元' as value_unit, '万元' as printed_unit,
        'Shanghai per-项 line against the general public budget function table' as detail,
        false as figures_from_one_sentence
    from facts as l
    inner join function_paths as fp
        on fp.document_id = l.tables_document_key
        and (fp.code = l.subject_code or (l.subject_code is null and fp.path = l.subject))
    inner join {{ ref('int_row_amounts') }} as a
        on a.document_id = fp.document_id and a.table_seq = fp.table_seq and a.code = fp.code and a.measure = 'total'
        and a.period = 'current'
    where l.fact_name = 'line_item_budget'
),

line_item_restated as (
    select
        'prose_self_consistency' as check_kind, b.document_key, null::integer as table_seq, b.page, [b.page] as pages,
        b.subject, 'this year''s budget stated twice' as measure,
        b.value_yuan as expected, r.value_yuan as actual,
        {{ stated_tolerance_yuan('b.value_text', "'万元'") }} + {{ stated_tolerance_yuan('r.value_text', "'万元'") }} as tolerance,
        '元' as value_unit, '万元' as printed_unit,
        b.sentence as detail, true as figures_from_one_sentence
    from facts as b
    inner join facts as r
        on r.document_key = b.document_key and r.subject = b.subject and r.sentence = b.sentence
        and r.fact_name = 'line_item_budget_restated'
    where b.fact_name = 'line_item_budget'
),

execution_budget_vs_table as (
    -- the 预算数 a 决算's prose states for a 三公 item = the one its 三公 table prints beside the 决算数
    select
        'prose_vs_table' as check_kind, v.document_key, null::integer as table_seq, v.page, [v.page, e.budget_page] as pages,
        v.fact_name || ':' || v.subject_code as subject, 'three_public_budget:' || e.subject_code as measure,
        e.final_account_printed_budget_yuan as expected, v.value_yuan as actual,
        {{ stated_tolerance_yuan('v.value_text', "'万元'") }} + 50 as tolerance,
        '元' as value_unit, '万元' as printed_unit,
        'stated in the prose: ' || v.sentence as detail, false as figures_from_one_sentence
    from firsts as v
    inner join {{ ref('mart_budget_execution') }} as e
        on e.final_document_key = v.tables_document_key and e.subject_kind = 'three_public'
        and e.subject_code = v.subject_code
    where v.fact_name in ('execution_budget', 'execution_initial_budget') and e.final_account_printed_budget_yuan is not null
),

execution_function_vs_table as (
    -- a functional 项 named by its 款 and 项 names (the 类 is often printed without 支出) or by its code
    select
        'prose_vs_table' as check_kind, v.document_key, a.table_seq, v.page, [v.page, a.page] as pages,
        v.subject, a.code as measure,
        a.amount_yuan as expected, v.value_yuan as actual,
        {{ stated_tolerance_yuan('v.value_text', "'万元'") }}
            + cast(({{ item_rounding(text_decimals('a.amount_text')) }}) * (case a.amount_unit when '万元' then 10000 else 1 end)
                   as decimal(20, 2)) as tolerance,
        '元' as value_unit, '万元' as printed_unit,
        'stated in the prose: ' || v.sentence as detail, false as figures_from_one_sentence
    from facts as v
    left join function_paths as fp
        on fp.document_id = v.tables_document_key and v.subject_code is null
        and regexp_extract(fp.path, '[^/]+/[^/]+$') = regexp_extract(v.subject, '[^/]+/[^/]+$')
    inner join {{ ref('int_row_amounts') }} as a
        on a.document_id = v.tables_document_key and a.code = coalesce(fp.code, v.subject_code)
        and a.measure = 'total' and a.period = 'current' and a.side = 'expenditure'
        and a.code_kind = 'functional' and a.type_code_kind = 'functional' and not a.is_subset
        and (fp.code is null or a.table_seq = fp.table_seq)
    where v.fact_name = 'execution_final' and (fp.code is not null or regexp_full_match(v.subject_code, '\d{3,7}'))
    qualify row_number() over (partition by v.document_key, v.fact_seq order by abs(a.amount_yuan - v.value_yuan), a.table_seq, a.row_number, a.col_index) = 1
),

execution_rates as (
    select
        'prose_percentage' as check_kind, p.document_key, null::integer as table_seq, p.page, [p.page] as pages,
        coalesce(p.subject, '') as subject, 'completion %' as measure,
        p.value as expected,
        cast(round(100 * f.value / b.value, 4) as decimal(20, 4)) as actual,
        cast(0.5 * power(10, -p.decimals)
             + 100 * 0.5 * power(10, -f.decimals) / b.value
             + 100 * f.value * 0.5 * power(10, -b.decimals) / power(b.value, 2)
             as decimal(20, 4)) as tolerance,
        '%' as value_unit, '%' as printed_unit,
        'stated completion % against 决算数 / 预算数: ' || p.sentence as detail,
        true as figures_from_one_sentence
    from facts as p
    inner join facts as f on f.document_key = p.document_key and f.fact_name = 'execution_final'
        and f.sentence = p.sentence and coalesce(f.subject, '') = coalesce(p.subject, '')
    inner join facts as b on b.document_key = p.document_key and b.sentence = p.sentence
        and b.fact_name in ('execution_budget', 'execution_initial_budget', 'execution_adjusted_budget')
        and coalesce(b.subject, '') = coalesce(p.subject, '')
    where p.fact_name = 'execution_rate_pct' and b.value != 0
    qualify row_number() over (partition by p.document_key, p.fact_seq order by f.fact_seq, b.fact_seq) = 1
),

percentages as (
    select
        'prose_percentage' as check_kind, p.document_key, null::integer as table_seq, p.page, [p.page] as pages,
        p.base_fact_name as subject, 'change %' as measure,
        p.value as expected,
        -- a ratio (decimal division is computed in double): kept as a decimal of 4 places
        cast(round(100 * c.value / (v.value - c.value), 4) as decimal(20, 4)) as actual,
        cast(0.5 * power(10, -p.decimals)
             + 100 * (0.5 * power(10, -c.decimals) + 0.5 * power(10, -v.decimals)) / abs(v.value - c.value)
             + 100 * abs(c.value) * (0.5 * power(10, -c.decimals) + 0.5 * power(10, -v.decimals)) / power(v.value - c.value, 2)
             as decimal(20, 4)) as tolerance,
        '%' as value_unit, '%' as printed_unit,
        'stated % against stated change / (figure − change): ' || p.sentence as detail,
        true as figures_from_one_sentence
    -- the three figures of one statement: 'X万元，较上年减少Y万元，下降Z%'
    from facts as p
    inner join facts as c on c.document_key = p.document_key and c.fact_name = p.base_fact_name || '_change'
        and coalesce(c.subject, '') = coalesce(p.subject, '') and c.sentence = p.sentence
    inner join facts as v on v.document_key = p.document_key and v.fact_name = p.base_fact_name
        and coalesce(v.subject, '') = coalesce(p.subject, '') and v.sentence = p.sentence
    where p.fact_kind = 'change_pct' and v.value - c.value != 0
    qualify row_number() over (partition by p.document_key, p.fact_seq order by c.fact_seq, v.fact_seq) = 1
),

procurement_parts as (
    -- '政府采购支出总额 X 万元，其中：货物 a、工程 b、服务 c' — the parts of one sentence add up to its total
    select
        'prose_self_consistency' as check_kind, t.document_key, null::integer as table_seq, t.page, [t.page] as pages,
        'procurement_total' as subject, 'goods + works + services' as measure,
        t.value_yuan as expected, sum(p.value_yuan) as actual,
        {{ stated_tolerance_yuan('t.value_text', "'万元'") }}
            + sum({{ stated_tolerance_yuan('p.value_text', "'万元'") }}) as tolerance,
        '元' as value_unit, '万元' as printed_unit,
        t.sentence as detail, true as figures_from_one_sentence
    from facts as t
    inner join facts as p
        on p.document_key = t.document_key and p.sentence = t.sentence
        and p.fact_name in ('procurement_goods', 'procurement_works', 'procurement_services')
    where t.fact_name = 'procurement_total' and t.unit = '万元' and p.unit = '万元'
    group by t.document_key, t.fact_seq, t.page, t.value_yuan, t.value_text, t.sentence
    having count(distinct p.fact_name) = 3 and count(*) = 3
),

key_listed as (
    -- a name the key-project list prints more than once (under two units, or twice) is told apart by its place in the list
    select
        *,
        row_number() over (partition by document_key, {{ squash('subject') }} order by fact_seq) as nth,
        count(*) over (partition by document_key, {{ squash('subject') }}) as of_name
    from facts
    where fact_name = 'key_project_budget' and unit = '万元'
),

key_candidates as (
    -- the projects of the project table with the key project's name (and unit, where the list prints one):
    -- the key project is one of them, the nearest in amount
    select
        k.document_key, k.fact_seq, k.page, k.value_yuan, k.value_text, k.nth, k.of_name, k.subject,
        pb.table_seq, pb.page as table_page, pb.amount_yuan,
        count(*) over (partition by k.document_key, k.fact_seq) as candidates,
        row_number() over (partition by k.document_key, k.fact_seq
                           order by abs(pb.amount_yuan - k.value_yuan), pb.table_seq, pb.row_number) as nearest
    from key_listed as k
    inner join {{ ref('fct_project_budget') }} as pb
        on pb.document_key = k.tables_document_key and pb.fund = 'all'
        and {{ squash('pb.project_name') }} = {{ squash('k.subject') }}
        -- the same project name under each of several units (深圳 lists key projects by 二级预算单位)
        and {{ normalize_unit_name('coalesce(k.using_unit_printed, pb.using_unit_name_printed)') }}
            = {{ normalize_unit_name('pb.using_unit_name_printed') }}
),

key_projects as (
    select
        'prose_key_project' as check_kind, document_key, table_seq, page, [page, table_page] as pages,
        case when of_name > 1 then subject || ' (' || nth || ')' else subject end as subject, 'all' as measure,
        amount_yuan as expected, value_yuan as actual,
        {{ stated_tolerance_yuan('value_text', "'万元'") }} + 100 as tolerance,
        '元' as value_unit, '万元' as printed_unit,
        'key project (重点项目) against the project table'
            || case when candidates > 1 then ': the nearest of the ' || candidates || ' projects of that name' else '' end
            as detail,
        false as figures_from_one_sentence
    from key_candidates
    where nearest = 1
)

select
    c.check_kind, c.document_key, c.table_seq, t.table_type, t.printed_title as table_title,
    list_sort(list_distinct(list_filter(c.pages, x -> x is not null))) as pages, c.page, c.subject, c.measure,
    c.expected, c.actual, 1 as n_items, c.tolerance, c.value_unit, c.printed_unit, '=' as comparison, c.detail,
    c.figures_from_one_sentence
from (
    -- one decimal type of 6 places: a percentage (4 places) must not be cut to an amount's 2 by the union
    {%- for part in ['stated_vs_table', 'percentages', 'key_projects', 'line_items', 'line_item_restated',
                     'execution_budget_vs_table', 'execution_function_vs_table', 'execution_rates',
                     'procurement_parts'] %}
    {% if not loop.first %}union all {% endif -%}
    select * replace (cast(expected as decimal(38, 6)) as expected, cast(actual as decimal(38, 6)) as actual)
    from {{ part }}
    {%- endfor %}
) as c
left join {{ ref('int_documents') }} as d on d.document_key = c.document_key
left join {{ ref('int_table_context') }} as t
    on t.document_id = coalesce(d.companion_document_key, c.document_key) and t.table_seq = c.table_seq
