{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
-- Every name under which a budget unit is seen, with where it was seen and under which parent:
-- each document's rows from its own tables alone (so an incremental build reads only the changed ones).
with documents as (
    select * from {{ changed_rows(ref('stg_raw__documents'), changes='int_changed_documents') }} where status = 'ok'
),

seen as (
    select document_id, fiscal_year, unit_name as unit_name, 'document unit' as seen_as,
        cast(null as varchar) as parent_name, is_consolidated
    from documents
    union all
    select document_id, fiscal_year, unnest(subordinate_units), 'subordinate unit listed in 部门预算构成',
        unit_name, null
    from documents
    union all
    select distinct l.document_id, d.fiscal_year, l.using_unit_name, 'using unit in per-unit tables', d.unit_name, null
    from {{ changed_rows(ref('int_unit_table_lines'), changes='int_changed_documents') }} as l
    inner join documents as d using (document_id)
    where l.using_unit_name is not null
    union all
    -- the 预算单位 column lists the department above its units: no parent is implied
    select distinct r.document_id, d.fiscal_year, r.unit_name_printed, 'using unit (预算单位) column', null, null
    from {{ changed_rows(ref('int_table_rows'), changes='int_changed_documents') }} as r
    inner join documents as d using (document_id)
    where r.unit_name_printed is not null and r.code is null
)

select
    s.document_id,
    s.fiscal_year,
    s.unit_name as name_printed,
    {{ normalize_unit_name('s.unit_name') }} as name_key,
    coalesce({{ normalize_unit_name('a.canonical_name') }}, {{ normalize_unit_name('s.unit_name') }}) as canonical_name,
    a.evidence as alias_evidence,
    s.seen_as,
    case
        when {{ normalize_unit_name('s.parent_name') }}
            != coalesce({{ normalize_unit_name('a.canonical_name') }}, {{ normalize_unit_name('s.unit_name') }})
        then {{ normalize_unit_name('s.parent_name') }}
    end as parent_name,
    s.is_consolidated
from seen as s
left join {{ ref('unit_aliases') }} as a
    on {{ normalize_unit_name('a.alias_name') }} = {{ normalize_unit_name('s.unit_name') }}
where nullif(trim(s.unit_name), '') is not null
