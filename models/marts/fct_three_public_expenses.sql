{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- 三公 expenses and 行政经费 / 机关运行经费 (and 会议费 / 培训费 where the table prints them), by item
-- and fund, from the document's own table: Guangdong prints items as rows and funds as columns,
-- most others items as columns; some print a row per unit under the table's 合计 (row_scope
-- says which row is the whole document's).
-- Shenzhen prints the previous year and the change as rows, 西安 and 重庆 as columns beside this
-- year's; Guangdong and Shanghai state the change in the prose (fct_stated_facts), joined here so
-- the prior year is one subtraction away.
with cells as (
    select * from {{ changed_rows(ref('int_row_amounts')) }} where table_type = 'three_public_expenses'
),

items as (
    select * from {{ ref('three_public_items') }}
),

itemised as (
    select
        c.*,
        coalesce(c.measure, (
            select i.item from items as i
            where {{ squash('c.label_printed') }} like i.label_pattern
            order by i.priority desc limit 1
        )) as item,
        case
            when c.period = 'previous' then 'prior_year'
            when c.period = 'change' then 'change'
            when c.period != 'current' then null
            when c.year_label_printed is null then 'budget'
            when regexp_matches({{ squash('c.year_label_printed') }}, '增减|变化') then 'change'
            when cast(regexp_extract(c.year_label_printed, '(\d{4})', 1) as integer) = c.fiscal_year then 'budget'
            when cast(regexp_extract(c.year_label_printed, '(\d{4})', 1) as integer) = c.fiscal_year - 1 then 'prior_year'
        end as row_role,
        -- the using unit a row is printed under (深圳 prints this year, last year and the change per unit)
        coalesce(c.using_unit_printed, c.unit_name_printed, '') as row_unit
    from cells as c
),

current_year as (
    select
        *,
        case when measure is not null then 'columns' else 'rows' end as items_in,
        -- the whole document's figure: the 合计 row, or any row of a table without per-unit rows
        case
            when is_total then 'document'
            when bool_or(is_total) over (partition by document_id, table_seq) then 'unit'
            when coalesce(using_unit_printed, unit_name_printed) is not null
                and count(distinct coalesce(using_unit_printed, unit_name_printed)) over (partition by document_id, table_seq) > 1
                then 'unit'
            else 'document'
        end as row_scope,
        -- the widest fund the table prints, which the prose speaks of
        first_value(fund) over (partition by document_id
            order by case fund when 'all' then 1 when 'fiscal_appropriation' then 2
                               when 'general_public_budget' then 3 else 4 end) as widest_fund
    from itemised where row_role = 'budget' and item is not null
),

table_prior as (
    -- a previous-year row (its own row) or column (on the same row as this year's figure)
    select document_id, item, fund, row_unit, amount_wan as prior_wan, amount_yuan as prior_yuan,
        case when period = 'previous' then row_number end as same_row
    from itemised where row_role = 'prior_year'
),

table_change as (
    select document_id, item, fund, row_unit, amount_wan as change_wan,
        case when period = 'change' then row_number end as same_row
    from itemised where row_role = 'change'
),

prose_change as (
    select
        document_id,
        case regexp_replace(fact_name, '_change$', '')
            when 'three_public_total' then 'three_public_total'
            when 'three_public_outbound' then 'outbound'
            when 'three_public_vehicle_total' then 'vehicle_total'
            when 'three_public_vehicle_purchase' then 'vehicle_purchase'
            when 'three_public_vehicle_operation' then 'vehicle_operation'
            when 'three_public_reception' then 'reception'
            when 'admin_operation_cost' then 'admin_operation_cost'
        end as item,
        first(value order by fact_seq) as change_wan,
        first(page order by fact_seq) as change_page
    from {{ ref('stg_raw__facts') }}
    where fact_name like '%\_change' escape '\' and unit = '万元'
    group by all
),

documents as (
    select document_key, unit_key, unit_name, is_preferred_publication, phase from {{ changed_rows(ref('int_documents'), 'document_key') }} where is_current
)

select
    {{ text_key(['c.document_id', 'c.table_seq', 'c.row_number', 'c.col_index']) }} as three_public_key,
    c.document_id as document_key,
    d.unit_key,
    d.unit_name,
    -- the row to count for the unit's 三公 of the year: its preferred publication's own figure (not a
    -- subordinate unit's row), in the widest fund the table prints
    coalesce(d.is_preferred_publication and c.row_scope = 'document' and c.fund = c.widest_fund, false) as is_preferred,
    c.fiscal_year,
    d.phase,
    c.item,
    c.label_printed as item_label_printed,
    c.row_scope,
    coalesce(c.using_unit_printed, c.unit_name_printed) as using_unit_printed,
    c.items_in,
    c.fund,
    c.amount_yuan,
    c.amount_wan,
    c.amount_text,
    c.amount_unit as printed_unit,
    c.printed_decimals,
    coalesce(tc.change_wan, pc.change_wan) as stated_change_wan,
    coalesce(tp.prior_wan, c.amount_wan - coalesce(tc.change_wan, pc.change_wan)) as prior_year_amount_wan,
    case
        when tp.prior_wan is not null then 'table: previous-year ' || case when tp.same_row is null then 'row' else 'column' end
        when tc.change_wan is not null then 'table: change ' || case when tc.same_row is null then 'row' else 'column' end
        when pc.change_wan is not null then 'prose: stated change'
    end as prior_year_source,
    c.page,
    c.table_seq,
    c.row_number,
    c.col_index
from current_year as c
inner join documents as d on d.document_key = c.document_id
left join table_prior as tp on tp.document_id = c.document_id and tp.item = c.item and tp.fund = c.fund
    and tp.row_unit = c.row_unit and coalesce(tp.same_row, c.row_number) = c.row_number
left join table_change as tc on tc.document_id = c.document_id and tc.item = c.item and tc.fund = c.fund
    and tc.row_unit = c.row_unit and coalesce(tc.same_row, c.row_number) = c.row_number
left join prose_change as pc
    -- the prose states the change of the whole figure (all funds, or the widest the table prints)
    on pc.document_id = c.document_id and pc.item = c.item and c.fund = c.widest_fund
