{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- The 收支总体 / 财政拨款收支总体 tables read as lines: one row per (document, side, printed
-- line, fund column), with what each line is and the line it belongs to. Every layout of the
-- family is read by the same rules:
--   本年收入合计 / 一、本年收入 / 本年支出          subtotal (this year's income or expenditure)
--   收入总计 / 支出总计, or a last 合计 after carry-overs   total
--   上年结转 / 结转下年 / 使用非财政拨款结余 …       carry_over;  上级补助 / 附属单位上缴 … transfer
--   一、… (an income source or a functional 类)       line
--   （一）… / 1. … / (1) … / a line printed under a carry-over   sub_line of the line above it at
--                            a higher outline level (the numbering styles, in the order they appear)
--   其中：…                                              memo (a part restated: never summed)
--   a fund named plainly under a carry-over (决算: 年初财政拨款结转和结余 / 一般公共预算财政拨款 / 政府性基金…)
--                            sub_line of that carry-over
-- A line outside every carry-over section counts in this year's figures (in_current_year).
with cells as (
    select * from {{ changed_rows(ref('int_cells')) }}
    where table_type in ('income_expenditure_summary', 'fiscal_appropriation_summary') and period = 'current'
        and row_kind = 'body'
),

labels as (
    select
        document_id, table_seq, row_number, side, cell_text as line_label,
        {{ strip_list_number('cell_text') }} as line_name,
        {{ squash('cell_text') }} as label_key
    from cells
    where role = 'label' and nullif(trim(cell_text), '') is not null
),

named as (
    select
        *,
        case
            when regexp_matches(label_key, '^其中') then 'memo'
            when regexp_matches(label_key, '^[一二三四五六七八九十]+、') then 'cn'
            -- (重庆 p18 prints an invisible '1' before some markers)
            when regexp_matches(label_key, '^\d?[（(][一二三四五六七八九十]+[）)]') then 'paren_cn'
            when regexp_matches(label_key, '^\d+[.．、]') then 'arabic'
            when regexp_matches(label_key, '^[（(]\d+[）)]') then 'paren_arabic'
            else 'plain'
        end as numbering,
        case
            when regexp_matches(line_name, '总计$') or line_name = '合计' then 'total'
            when regexp_matches(line_name, '^本年(收入|支出)(合计)?$|^(收入|支出)合计$') then 'subtotal'
            when regexp_matches(line_name, '结转|结余') then 'carry_over'
            when regexp_matches(line_name, '上级补助|附属单位|事业基金弥补|上缴上级') then 'transfer'
            when regexp_matches(line_name, '^(一般公共预算|政府性基金预算|国有资本经营预算)(财政)?(拨款)?(资金|收入)?$')
                then 'fund'
        end as base_kind,
        max(row_number) over (partition by document_id, table_seq, side) as last_row
    from labels
),

first_seen as (
    select document_id, table_seq, side, numbering, min(row_number) as first_row
    from named
    where numbering not in ('plain', 'memo')
    group by all
),

styles as (
    -- an outline's levels are its numbering styles in the order they first appear
    select *, row_number() over (partition by document_id, table_seq, side order by first_row) as level
    from first_seen
),

levelled as (
    select
        n.*,
        case when n.numbering = 'plain' then 0 when n.numbering = 'memo' then 99 else s.level end as level,
        bool_or(n.base_kind = 'subtotal') over w as after_subtotal,
        bool_or(n.base_kind in ('carry_over', 'transfer')) over w as after_carry_over
    from named as n
    left join styles as s using (document_id, table_seq, side, numbering)
    window w as (partition by n.document_id, n.table_seq, n.side order by n.row_number
                 rows between unbounded preceding and 1 preceding)
),

kinded_read as (
    select
        *,
        case
            when numbering = 'memo' then 'memo'  -- '其中：…' restates a part of the line above: never summed
            when base_kind = 'fund' and numbering = 'plain' and coalesce(after_carry_over, false) then 'fund_part' 
            when base_kind = 'total' then 'total'
            -- 重庆 prints its grand total as '收入合计' after the carry-overs
            when base_kind = 'subtotal' and row_number = last_row and coalesce(after_carry_over, false) then 'total'
            when base_kind = 'subtotal' then 'subtotal'
            -- before 本年合计, a numbered 上级补助 is a line of this year's income (重庆 numbers all its sources)
            when base_kind in ('transfer', 'carry_over') and (numbering = 'plain' or coalesce(after_subtotal, false))
                then base_kind
            -- a plain line between 本年收入合计 and 收入总计 (上年实户资金余额) is added like a carry-over
            when numbering = 'plain' and coalesce(after_subtotal, false) then 'transfer'
            when level = 1 then 'line'
            when level > 1 then 'sub_line'
            else 'unnumbered_line'
        end as line_kind_read
    from levelled
),

kinded as (
    select
        * exclude (line_kind_read, level),
        case when line_kind_read = 'fund_part' then 'sub_line' else line_kind_read end as line_kind,
        -- a fund part sits one level below any line (the carry-over above it is its parent)
        case when line_kind_read = 'fund_part' then 98 else level end as level
    from kinded_read
),

parented as (
    select
        c.document_id, c.table_seq, c.side, c.row_number,
        max(p.row_number) as parent_row_number
    from kinded as c
    inner join kinded as p
        on p.document_id = c.document_id and p.table_seq = c.table_seq and p.side = c.side
        and p.row_number < c.row_number and p.level < c.level
        and p.line_kind not in ('memo', 'total')
    where c.line_kind in ('sub_line', 'memo') or (c.line_kind = 'line' and c.after_carry_over)
    group by all
),

structured as (
    select
        k.*,
        -- 北京 numbers the parts of 上年结转 一、二、… again: a line under a carry-over is its sub-line
        case when k.line_kind = 'line' and pa.parent_row_number is not null then 'sub_line' else k.line_kind end
            as line_kind_final,
        pa.parent_row_number,
        k.line_kind in ('line', 'sub_line', 'unnumbered_line')
            and coalesce(parent.line_kind, '') not in ('carry_over', 'transfer')
            and coalesce(grandparent.line_kind, '') not in ('carry_over', 'transfer') as in_current_year
    from kinded as k
    left join parented as pa using (document_id, table_seq, side, row_number)
    left join kinded as parent
        on parent.document_id = k.document_id and parent.table_seq = k.table_seq and parent.side = k.side
        and parent.row_number = pa.parent_row_number
    left join parented as ppa
        on ppa.document_id = k.document_id and ppa.table_seq = k.table_seq and ppa.side = k.side
        and ppa.row_number = pa.parent_row_number
    left join kinded as grandparent
        on grandparent.document_id = k.document_id and grandparent.table_seq = k.table_seq
        and grandparent.side = k.side and grandparent.row_number = ppa.parent_row_number
),

classes as (
    select code, name from {{ ref('functional_classification') }} where level = '类'
),

documents as (
    select document_key, unit_key, unit_name, is_preferred_publication, phase from {{ changed_rows(ref('int_documents'), 'document_key') }} where is_current
)

select
    {{ text_key(['a.document_id', 'a.table_seq', 'a.row_number', 'a.col_index']) }} as summary_line_key,
    a.document_id as document_key,
    d.unit_key,
    d.unit_name,
    -- the row of the publication to count when the unit publishes two of the year (its 部门预算 over a 单位预算 copy)
    coalesce(d.is_preferred_publication, false) as is_preferred,
    a.fiscal_year,
    d.phase,
    a.table_type,
    a.table_seq,
    a.side,
    a.row_number,
    l.line_label,
    l.line_name,
    l.line_kind_final as line_kind,
    l.parent_row_number,
    l.in_current_year,
    case when a.side = 'expenditure' then c.code end as function_class_code,
    a.measure,
    a.fund,
    a.cell_text as amount_text,
    a.is_blank as amount_is_blank,
    a.amount_printed,
    a.amount_unit as printed_unit,
    a.printed_decimals,
    a.amount_yuan,
    a.amount_wan,
    a.page
from cells as a
inner join structured as l using (document_id, table_seq, row_number, side)
inner join documents as d on d.document_key = a.document_id
left join classes as c on c.name = l.line_name
where a.role = 'amount'
