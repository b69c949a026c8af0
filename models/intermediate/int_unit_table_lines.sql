{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
-- The per-unit tables (部门预算基本支出预算表, 部门预算项目支出及其他支出预算表) read line by line:
-- the table total, each using unit's subtotal, the economic 类 lines under a unit (basic table)
-- and the projects under a unit (project table), each line carrying its using unit.
with lines as (
    select
        r.*,
        coalesce(r.label_printed, '') as label,
        d.unit_name as document_unit_name,
        d.subordinate_units
    from {{ changed_rows(ref('int_table_rows'), 'document_id', 'int_changed_documents') }} as r
    inner join {{ ref('stg_raw__documents') }} as d using (document_id)
    -- tables read per using unit (their rows may print unit codes); where the rows print economic
    -- codes instead (烟台's 基本支出预算情况表) the code hierarchy checks them
    where r.table_type in ('unit_basic_expenditure', 'unit_project_expenditure')
        and coalesce(r.code_kind, 'unit') = 'unit'
),

economic_classes as (
    select code, {{ economic_class_key('name') }} as class_key
    from {{ ref('economic_classification') }}
    where scheme = 'department' and level = '类'
),

economic_items as (
    -- the 款 of the department scheme: 深圳's 基本支出总表 prints them by name under each 类
    -- (基本工资, 津贴补贴, 奖金 …), never a using unit
    select distinct {{ economic_class_key('name') }} as item_key
    from {{ ref('economic_classification') }}
    where scheme = 'department' and level = '款'
),

aliases as (
    select {{ normalize_unit_name('alias_name') }} as name_key from {{ ref('unit_aliases') }}
),

classified as (
    select
        l.*,
        e.code as economic_class_code,
        case
            when l.is_total and l.unit_name_printed is null then 'total'
            -- Jiangmen prints the table total with no label at all
            when l.label = '' and l.unit_name_printed is null and l.row_number = 1 then 'total'
            when regexp_matches({{ squash('l.label') }}, '[-－—]?小计$') then 'unit_subtotal'
            when e.code is not null then 'economic_class'
            when l.table_type = 'unit_basic_expenditure' and i.item_key is not null then 'economic_item'
            -- an economic 类 named otherwise ('其他资本性等支出'): not a unit's name
            when l.table_type = 'unit_basic_expenditure' and regexp_matches({{ squash('l.label') }}, '(支出|补助|费用?)$')
                and not {{ looks_like_unit('l.label') }} then 'economic_class'
            when l.table_type = 'unit_basic_expenditure' then 'unit_subtotal'
            when l.goal_printed is null and (
                {{ normalize_unit_name('l.label') }} = {{ normalize_unit_name('l.document_unit_name') }}
                or list_contains(list_transform(coalesce(l.subordinate_units, []), x -> {{ normalize_unit_name('x') }}),
                                 {{ normalize_unit_name('l.label') }})
                or {{ normalize_unit_name('l.label') }} in (select name_key from aliases)
                or {{ looks_like_unit('l.label') }}
            ) then 'unit_subtotal'
            else 'project'
        end as line_kind
    from lines as l
    left join economic_classes as e
        on e.class_key = {{ economic_class_key('l.label') }}
    left join economic_items as i
        on i.item_key = {{ economic_class_key('l.label') }}
)

select
    document_id,
    table_seq,
    row_number,
    page,
    table_type,
    case table_type when 'unit_basic_expenditure' then 'basic' else 'project' end as expenditure_type,
    line_kind,
    label as label_printed,
    economic_class_code,
    case when line_kind = 'project' then label end as project_name,
    goal_printed,
    unit_code_printed,
    -- the unit a line belongs to: its own name on a subtotal line, else the last subtotal above
    coalesce(
        unit_name_printed,
        last_value(case when line_kind = 'unit_subtotal' then regexp_replace(label, '[-－—]?小计$', '') end ignore nulls)
            over (partition by document_id, table_seq order by row_number
                  rows between unbounded preceding and current row)
    ) as using_unit_name
from classified
