{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
-- Every table of an ok document (every version: facts and checks keep the current one) with what the catalogue says about its type, and what its rows'
-- codes are (functional / economic / unit codes, as the extractor read them).
select
    t.document_id,
    t.table_seq,
    t.table_type,
    t.printed_title,
    t.currency_unit,
    t.printed_decimals,
    t.pages,
    t.first_page,
    t.n_cols,
    t.row_count,
    t.follows_table_seq,
    t.phase,
    d.template,
    d.fiscal_year,
    d.unit_name as document_unit_name,
    tt.side as table_side,
    tt.fund_scope,
    t.code_kind,
    tt.code_kind as type_code_kind
from {{ changed_rows(ref('stg_raw__tables'), 'document_id', 'int_changed_documents') }} as t
inner join {{ ref('stg_raw__documents') }} as d using (document_id)
left join {{ ref('table_types') }} as tt using (table_type)
where d.status = 'ok'
