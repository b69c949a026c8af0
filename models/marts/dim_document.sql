-- One row per input PDF: what it is, where it came from, whether it was read, which version of its
-- publication the warehouse reads, and what the checks found in it.
--   quality_status  pass                  every relation of the document holds
--                   source_inconsistency  it holds but for relations the printed document breaks
--                                         itself (reviewed or by rule)
--                   quarantined           a relation fails unreviewed, or an amount cell does not
--                                         parse: published, and named in the quality report as
--                                         needing review; filter it out of an analysis with
--                                         `where quality_status != 'quarantined'`
--                   incomplete            its relations hold, but numbers printed in its tables are
--                                         in no recognised table (unplaced_numbers, on the pages of
--                                         unplaced_pages): published, named in the report with what
--                                         was not read; its totals may miss those tables
--                   null                  not read (rejected, failed) or not the current version
-- A refresh publishes the warehouse with its quarantined documents (exit 1 of make build); one
-- document that disagrees with itself never holds back the others.
with relations as (
    select
        document_key,
        count(*) as relations_checked,
        count(*) filter (where status = 'fail') as failing_relations,
        count(*) filter (where status = 'source_inconsistency') as source_inconsistencies
    from {{ ref('check_results') }}
    group by document_key
),

parse_errors as (
    select document_id as document_key, count(*) as amount_parse_errors
    from {{ ref('int_amount_parse_errors') }}
    group by document_id
),

unplaced as (
    select document_id as document_key, list(distinct page order by page) as unplaced_pages
    from {{ ref('stg_raw__unplaced') }}
    group by document_id
)

select
    d.*,
    case
        when not d.is_current then null
        when coalesce(r.failing_relations, 0) + coalesce(p.amount_parse_errors, 0) > 0 then 'quarantined'
        when coalesce(d.unplaced_numbers, 0) > 0 then 'incomplete'
        when coalesce(r.source_inconsistencies, 0) > 0 then 'source_inconsistency'
        else 'pass'
    end as quality_status,
    coalesce(x.unplaced_pages, []) as unplaced_pages,
    coalesce(r.relations_checked, 0) as relations_checked,
    coalesce(r.failing_relations, 0) as failing_relations,
    coalesce(r.source_inconsistencies, 0) as source_inconsistencies,
    coalesce(p.amount_parse_errors, 0) as amount_parse_errors
from {{ ref('int_documents') }} as d
left join relations as r using (document_key)
left join parse_errors as p using (document_key)
left join unplaced as x using (document_key)
