{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- The numbers a current document prints in its table regions that no recognised table holds:
-- what the warehouse did not read of it, where it is printed, and why (extract.accounting).
select
    u.document_id as document_key,
    u.number_seq,
    d.file_name,
    d.unit_name_printed,
    d.fiscal_year,
    u.page,
    u.printed_text,
    u.x,
    u.y,
    u.table_seq,
    t.printed_title as table_title,
    t.table_type,
    u.reason
from {{ changed_rows(ref('stg_raw__unplaced')) }} as u
inner join {{ changed_rows(ref('int_documents'), 'document_key') }} as d on d.document_key = u.document_id
left join {{ ref('stg_raw__tables') }} as t using (document_id, table_seq)
where d.is_current
