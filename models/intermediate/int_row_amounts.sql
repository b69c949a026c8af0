{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
-- Long form: one row per (body row, amount column) with the row's identity and the amount.
-- Every period a table prints is here (the checks hold for each); the facts keep the current one.
-- The using unit of Shenzhen-style tables (a 预算单位 row above its codes) is carried down.
-- A final account may print its budget figures as rows (西安's 三公 决算 table: a 预算数 row over a
-- 决算数 row): the row's label then says the period, in the vocabulary of the column headers.
with rows as (
    select
        *,
        last_value(unit_name_printed ignore nulls) over (
            partition by document_id, table_seq, column_group order by row_number
            rows between unbounded preceding and current row
        ) as using_unit_printed
    from {{ changed_rows(ref('int_table_rows'), 'document_id', 'int_changed_documents') }}
),

budget_terms as (
    select term, match, value as period
    from {{ ref('column_terms') }}
    where kind = 'period' and value in ('budget', 'initial_budget', 'adjusted_budget')
),

row_periods as (
    select r.document_id, r.table_seq, r.row_number, r.column_group, arg_max(t.period, length(t.term)) as row_period
    from rows as r
    inner join budget_terms as t
        on case when t.match = 'exact' then {{ squash('r.label_printed') }} = t.term
                else contains({{ squash('r.label_printed') }}, t.term) end
    group by all
)

select
    c.document_id,
    c.table_seq,
    c.row_number,
    c.page,
    c.col_index,
    c.column_group,
    c.table_type,
    c.template,
    c.fiscal_year,
    c.code_kind,
    c.type_code_kind,
    c.fund_scope,
    c.side,
    c.measure,
    c.fund,
    c.phase,
    -- a budget figure of a final account: by its column (预算数 / 年初预算数 …) or its row label
    case when c.phase = 'final' and c.period = 'current' and p.row_period is not null then p.row_period
         else c.period end as period,
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
from {{ changed_rows(ref('int_cells'), 'document_id', 'int_changed_documents') }} as c
inner join rows as r using (document_id, table_seq, row_number, column_group)
left join row_periods as p using (document_id, table_seq, row_number, column_group)
where c.role = 'amount' and c.row_kind = 'body'
    -- a cell that does not read as an amount is no figure: it is listed in int_amount_parse_errors,
    -- which quarantines its document (a NULL here would fail the facts' tests, and so the build)
    and c.amount_yuan is not null
