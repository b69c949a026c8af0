{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
-- One row per printed body row (per side-by-side column group: a 决算's 基本支出 table prints
-- 人员经费 and 公用经费 codes beside each other on one line) with what identifies it: the classification code however the
-- layout prints it (and the 政府预算 economic code paired with it), its printed name, labels,
-- unit names, goals.
--   code column:   2080104 · [2080104]综合业务管理 · 2010601-行政运行 · 30101 基本工资
--   类/款/项 columns: every segment on every row (208 | 05 | 01), or only the new segment with
--   the rest carried down from the rows above (201 / 40 / 01 -> 201, 20140, 2014001)
with pivoted as (
    select
        document_id,
        table_seq,
        row_number,
        column_group,
        any_value(page) as page,
        any_value(table_type) as table_type,
        any_value(template) as template,
        any_value(code_kind) as code_kind,
        max(cell_text) filter (where role = 'code' and cell_text != '') as code_cell,
        max(cell_text) filter (where role = 'gov_code' and cell_text != '') as gov_code_cell,
        max(cell_text) filter (where role = 'gov_code_class') as gov_class_cell,
        max(cell_text) filter (where role = 'gov_code_section') as gov_section_cell,
        max(cell_text) filter (where role = 'gov_name') as gov_name_cell,
        max(cell_text) filter (where role = 'name') as name_cell,
        max(cell_text) filter (where role = 'code_class') as code_class_cell,
        max(cell_text) filter (where role = 'code_section') as code_section_cell,
        max(cell_text) filter (where role = 'code_item') as code_item_cell,
        max(cell_text) filter (where role = 'unit_name') as unit_name_cell,
        max(cell_text) filter (where role = 'unit_code') as unit_code_cell,
        max(cell_text) filter (where role = 'label') as label_cell,
        max(cell_text) filter (where role = 'year_label') as year_label_cell,
        max(cell_text) filter (where role = 'goal') as goal_cell,
        string_agg(cell_text, ' ' order by col_index) filter (where role != 'amount' and cell_text != '') as row_text,
        bool_or({{ squash('cell_text') }} in ('合计', '总计')) filter (where role != 'amount') as has_total_label
    from {{ changed_rows(ref('int_cells'), 'document_id', 'int_changed_documents') }}
    where row_kind = 'body'  -- not the 栏次 1 2 3 … row
    group by document_id, table_seq, row_number, column_group
),

segmented as (
    select
        *,
        case when regexp_full_match({{ squash('code_class_cell') }}, '\d{3}') then {{ squash('code_class_cell') }} end
            as seg_class,
        case when regexp_full_match({{ squash('code_section_cell') }}, '\d{1,2}')
            then lpad({{ squash('code_section_cell') }}, 2, '0') end as seg_section,
        case when regexp_full_match({{ squash('code_item_cell') }}, '\d{1,2}')
            then lpad({{ squash('code_item_cell') }}, 2, '0') end as seg_item
    from pivoted
),

carried as (
    select
        *,
        last_value(seg_class ignore nulls) over w as last_class,
        last_value(case when seg_class is not null then row_number end ignore nulls) over w as last_class_row,
        last_value(seg_section ignore nulls) over w as last_section,
        last_value(case when seg_section is not null then row_number end ignore nulls) over w as last_section_row
    from segmented
    window w as (partition by document_id, table_seq, column_group order by row_number
                 rows between unbounded preceding and 1 preceding)
),

coded as (
    select
        *,
        regexp_extract(code_cell, '^\s*\[?\s*(\d{3,7})\s*\]?(?:\s*[-－—:：]?\s*)(.*)$', ['code', 'rest']) as code_parts,
        regexp_extract(gov_code_cell, '^\s*\[?\s*(\d{3,7})\s*\]?(?:\s*[-－—:：]?\s*)(.*)$', ['code', 'rest']) as gov_parts,
        case
            -- a 类 column that holds whole codes (西南大学 prints 20502 under 类, nothing under 款 / 项)
            when regexp_full_match({{ squash('code_class_cell') }}, '\d{5}|\d{7}') and seg_section is null
                and seg_item is null then {{ squash('code_class_cell') }}
            when seg_class is not null then seg_class || coalesce(seg_section || coalesce(seg_item, ''), '')
            when seg_section is not null and last_class is not null then last_class || seg_section || coalesce(seg_item, '')
            when seg_item is not null and last_section_row > last_class_row then last_class || last_section || seg_item
        end as segment_code
    from carried
)

select
    document_id,
    table_seq,
    row_number,
    column_group,
    page,
    table_type,
    template,
    code_kind,
    coalesce(
        case when regexp_full_match({{ squash('code_cell') }}, '\d{3,7}') then {{ squash('code_cell') }} end,
        nullif(code_parts.code, ''),
        segment_code
    ) as code,
    coalesce(
        nullif(trim(code_cell), ''),
        nullif(concat_ws(' ', nullif({{ squash('code_class_cell') }}, ''), nullif({{ squash('code_section_cell') }}, ''),
                         nullif({{ squash('code_item_cell') }}, '')), '')
    ) as code_printed,
    nullif(trim(coalesce(nullif(trim(name_cell), ''), nullif(code_parts.rest, ''))), '') as name_printed,
    coalesce(
        nullif(left(gov_parts.code, 5), ''),
        case when regexp_full_match({{ squash('gov_class_cell') }}, '\d{3}') then {{ squash('gov_class_cell') }}
            || coalesce(case when regexp_full_match({{ squash('gov_section_cell') }}, '\d{1,2}')
                             then lpad({{ squash('gov_section_cell') }}, 2, '0') end, '') end
    ) as government_code,
    coalesce(nullif(trim(gov_parts.rest), ''), nullif(trim(gov_name_cell), '')) as government_name_printed,
    nullif(trim(unit_name_cell), '') as unit_name_printed,
    nullif(trim(unit_code_cell), '') as unit_code_printed,
    nullif(trim(label_cell), '') as label_printed,
    nullif(trim(year_label_cell), '') as year_label_printed,
    nullif(trim(goal_cell), '') as goal_printed,
    row_text,
    coalesce(has_total_label, false) as is_total
from coded
