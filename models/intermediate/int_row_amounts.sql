-- Long form: one row per (body row, amount column) with the row's identity and the amount.
-- Every period a table prints is here (the checks hold for each); the facts keep the current one.
-- The using unit of Shenzhen-style tables (a 预算单位 row above its codes) is carried down.
with rows as (
    select
        *,
        last_value(unit_name_printed ignore nulls) over (
            partition by document_id, table_seq order by row_number
            rows between unbounded preceding and current row
        ) as using_unit_printed
    from {{ ref('int_table_rows') }}
)

select
    c.document_id,
    c.table_seq,
    c.row_number,
    c.page,
    c.col_index,
    c.table_type,
    c.template,
    c.fiscal_year,
    c.code_kind,
    c.type_code_kind,
    c.fund_scope,
    c.side,
    c.measure,
    c.fund,
    c.period,
    c.is_subset,
    c.is_sum,
    c.column_path,
    c.cell_text as amount_text,
    c.amount_printed,
    c.amount_unit,
    c.printed_decimals,
    c.amount_decimals,
    c.amount_yuan,
    c.amount_wan,
    r.code,
    r.code_printed,
    r.name_printed,
    r.government_code,
    r.government_name_printed,
    r.unit_name_printed,
    r.using_unit_printed,
    r.label_printed,
    r.year_label_printed,
    r.goal_printed,
    r.is_total
from {{ ref('int_cells') }} as c
inner join rows as r using (document_id, table_seq, row_number)
where c.role = 'amount'
