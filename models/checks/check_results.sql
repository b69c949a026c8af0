-- Every checked relation of every document, one row each, with its verdict:
--   pass                  within the rounding tolerance of domain.md;
--   source_inconsistency  the printed document itself breaks the relation — by rule (the document
--                         states both figures itself; two published documents disagree) or by
--                         the reviewed list seeds/reviewed_source_inconsistencies.csv — kept and
--                         reported with both figures, not a build failure;
--   fail                  anything else: an extraction mistake until someone shows otherwise.
--
-- Incremental: a refresh recomputes the rows of the documents it recomputes (int_affected_documents)
-- and every row of the checks across documents (chk_cross_document: rebuilt whole).
{%- set per_document = ['chk_hierarchy', 'chk_row_sums', 'chk_balance', 'chk_three_public', 'chk_unit_tables',
                        'chk_cross_table', 'chk_prose', 'chk_table_presence'] %}
{%- set across_documents = ['chk_cross_document'] %}
{{ per_document_config('document_key', 'int_affected_documents', also="invariant_family = 'cross_document'") }}
-- depends_on: {{ ref('int_affected_documents') }}
with checks as (
    -- one decimal type for all: amounts in yuan (2 places) and percentages (4 places) alike
    {%- for model in per_document + across_documents %}
    {% if not loop.first %}union all by name {% endif -%}
    select * replace (cast(expected as decimal(38, 6)) as expected, cast(actual as decimal(38, 6)) as actual)
    from {{ changed_rows(ref(model), 'document_key') if model in per_document else ref(model) }}
    {%- endfor %}
),

judged as (
    select
        c.*,
        c.actual - c.expected as difference,
        case c.comparison
            when '=' then abs(c.actual - c.expected) <= c.tolerance
            when '<=' then c.actual - c.expected <= c.tolerance
            when '>=' then c.expected - c.actual <= c.tolerance
        end as within_tolerance
    from checks as c
),

reviewed as (
    select * from {{ ref('reviewed_source_inconsistencies') }}
)

select
    {{ text_key(['j.check_kind', 'j.document_key', 'j.table_seq', 'j.subject', 'j.measure', 'j.page', 'j.detail']) }} as check_id,
    j.check_kind,
    case
        when j.check_kind in ('functional_hierarchy', 'economic_hierarchy', 'unit_hierarchy', 'total_equals_top_codes')
            then 'hierarchy'
        when j.check_kind = 'row_sum' then 'row_sum'
        when j.check_kind like 'balance%' then 'balance'
        when j.check_kind = 'three_public_parts' then 'three_public'
        when j.check_kind like 'unit_%' then 'per_unit_tables'
        when j.check_kind = 'cross_table' then 'cross_table'
        when j.check_kind like 'prose%' then 'prose'
        when j.check_kind in ('stated_prior_vs_previous_documents', 'department_covers_unit',
                              'final_budget_vs_budget_document') then 'cross_document'
        when j.check_kind = 'table_listed' then 'table_presence'
    end as invariant_family,
    j.document_key,
    d.file_name,
    d.unit_name_printed as unit_name,
    d.fiscal_year,
    d.template,
    j.table_seq,
    j.table_type,
    j.table_title,
    j.pages,
    j.page,
    j.subject,
    j.measure,
    j.expected,
    j.actual,
    j.difference,
    j.tolerance,
    j.n_items,
    j.value_unit,
    j.printed_unit,
    case when j.value_unit = '元' then {{ in_printed_unit('j.expected', 'j.printed_unit') }} else j.expected end
        as expected_printed,
    case when j.value_unit = '元' then {{ in_printed_unit('j.actual', 'j.printed_unit') }} else j.actual end
        as actual_printed,
    j.comparison,
    j.detail,
    j.within_tolerance,
    case
        when j.within_tolerance then 'pass'
        when r.reason is not null then 'source_inconsistency'
        when j.figures_from_one_sentence then 'source_inconsistency'
        when j.check_kind in ('stated_prior_vs_previous_documents', 'final_budget_vs_budget_document')
            then 'source_inconsistency'
        else 'fail'
    end as status,
    case
        when j.within_tolerance then null
        when r.reason is not null then 'reviewed: ' || r.reason
        when j.figures_from_one_sentence then 'rule: the document states both figures itself'
        when j.check_kind in ('stated_prior_vs_previous_documents', 'final_budget_vs_budget_document')
            then 'rule: two published documents disagree'
    end as reason
from judged as j
inner join {{ ref('int_documents') }} as d using (document_key)
left join reviewed as r
    on r.document_key = j.document_key and r.check_kind = j.check_kind and r.subject = j.subject
    and (r.measure = '*' or r.measure = j.measure)
where d.is_current  -- a duplicate or superseded version is not judged: its current version is
