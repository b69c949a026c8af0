-- One row per printed body row with what identifies it: the classification code (functional or
-- economic, however the template prints it), its printed name, labels, unit names, goals.
with pivoted as (
    select
        document_id,
        table_seq,
        row_number,
        any_value(page) as page,
        any_value(table_type) as table_type,
        any_value(template) as template,
        any_value(code_kind) as code_kind,
        max(cell_text) filter (where role = 'code') as code_cell,
        max(cell_text) filter (where role = 'code_name') as code_name_cell,
        max(cell_text) filter (where role = 'gov_code_name') as gov_code_name_cell,
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
    from {{ ref('int_cells') }}
    group by document_id, table_seq, row_number
),

coded as (
    select
        *,
        {{ squash('code_class_cell') }} as seg_class,
        {{ squash('code_section_cell') }} as seg_section,
        {{ squash('code_item_cell') }} as seg_item
    from pivoted
)

select
    document_id,
    table_seq,
    row_number,
    page,
    table_type,
    template,
    code_kind,
    nullif(coalesce(
        nullif(regexp_extract(code_name_cell, '^\s*\[(\d{3,7})\]', 1), ''),
        case when regexp_full_match({{ squash('code_cell') }}, '\d{3,7}') then {{ squash('code_cell') }} end,
        -- Shanghai prints 类 / 款 / 项 in separate cells ("208 05 01"); a 款 or 项 is two digits
        case when regexp_full_match(seg_class, '\d{3}') then seg_class
            || case when regexp_full_match(seg_section, '\d{1,2}') then lpad(seg_section, 2, '0') else '' end
            || case when regexp_full_match(seg_item, '\d{1,2}') then lpad(seg_item, 2, '0') else '' end
        end
    ), '') as code,
    coalesce(
        nullif(trim(code_cell), ''),
        nullif(regexp_extract(code_name_cell, '^\s*(\[\d+\])', 1), ''),
        nullif(concat_ws(' ', nullif(seg_class, ''), nullif(seg_section, ''), nullif(seg_item, '')), '')
    ) as code_printed,
    nullif(trim(coalesce(
        nullif(regexp_extract(code_name_cell, '^\s*\[\d+\]\s*(.*)$', 1), ''),
        name_cell,
        code_name_cell
    )), '') as name_printed,
    nullif(regexp_extract(gov_code_name_cell, '^\s*\[(\d{3,5})\]', 1), '') as government_code,
    nullif(regexp_extract(gov_code_name_cell, '^\s*\[\d+\]\s*(.*)$', 1), '') as government_name_printed,
    nullif(trim(unit_name_cell), '') as unit_name_printed,
    nullif(trim(unit_code_cell), '') as unit_code_printed,
    nullif(trim(label_cell), '') as label_printed,
    nullif(trim(year_label_cell), '') as year_label_printed,
    nullif(trim(goal_cell), '') as goal_printed,
    row_text,
    coalesce(has_total_label, false) as is_total
from coded
