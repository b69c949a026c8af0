-- The printed whole-document figures per measure: the 总计 lines of the summary table and the
-- 合计 row of the expenditure-by-function table (Shenzhen prints the unit's row instead).
with summary as (
    select
        document_key as document_id,
        case side when 'income' then 'total_income' else 'total_expenditure' end as measure,
        any_value(amount_yuan) as amount_yuan,
        any_value(page) as page
    from {{ ref('fct_budget_summary') }}
    where table_type = 'income_expenditure_summary' and line_kind = 'total' and fund = 'all' and measure = 'total'
    group by all
),

expenditure_rows as (
    select *
    from {{ ref('int_row_amounts') }}
    where table_type = 'expenditure_by_function' and fund = 'all' and measure in ('basic', 'project') and period = 'current'
),

expenditure as (
    select
        document_id,
        measure || '_expenditure' as measure,
        coalesce(
            sum(amount_yuan) filter (where is_total),
            sum(amount_yuan) filter (where code is null and unit_name_printed is not null)
        ) as amount_yuan,
        coalesce(min(page) filter (where is_total), min(page)) as page
    from expenditure_rows
    group by all
)

select * from summary
union all
select * from expenditure where amount_yuan is not null
