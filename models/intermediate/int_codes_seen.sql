{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
-- Every classification code printed in a document, with the name printed beside it.
select
    r.code_kind as scheme_kind,
    case r.code_kind when 'economic' then 'department' end as scheme,
    r.code,
    r.name_printed,
    r.government_code,
    r.document_id,
    d.fiscal_year,
    r.table_seq,
    r.page
from {{ changed_rows(ref('int_table_rows'), 'document_id', 'int_changed_documents') }} as r
inner join {{ ref('stg_raw__documents') }} as d using (document_id)
where r.code is not null and r.code_kind in ('functional', 'economic')
union all
-- government economic codes printed beside department codes (Jiangmen pairs them)
select
    'economic', 'government', r.government_code, r.government_name_printed, null,
    r.document_id, d.fiscal_year, r.table_seq, r.page
from {{ changed_rows(ref('int_table_rows'), 'document_id', 'int_changed_documents') }} as r
inner join {{ ref('stg_raw__documents') }} as d using (document_id)
where r.government_code is not null
