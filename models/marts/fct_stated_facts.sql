{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- Facts stated in the prose (情况说明), typed: amounts in 万元 also in yuan, changes signed
-- (a stated decrease is negative), percentages as printed, counts with their unit.
with facts as (
    select * from {{ changed_rows(ref('stg_raw__facts')) }}
),

documents as (
    select document_key, unit_key, unit_name, is_preferred_publication, fiscal_year, phase from {{ changed_rows(ref('int_documents'), 'document_key') }} where is_current
)

select
    {{ text_key(['f.document_id', 'f.fact_seq']) }} as stated_fact_key,
    f.document_id as document_key,
    d.unit_key,
    d.unit_name,
    -- the row of the publication to count when the unit publishes two of the year (its 部门预算 over a 单位预算 copy)
    coalesce(d.is_preferred_publication, false) as is_preferred,
    d.fiscal_year,
    d.phase,
    f.fact_seq,
    f.fact_name,
    case
        when f.fact_name like '%\_change\_pct' escape '\' then 'change_pct'
        when f.fact_name like '%\_change' escape '\' then 'change'
        else 'value'
    end as fact_kind,
    regexp_replace(f.fact_name, '_change(_pct)?$', '') as base_fact_name,
    f.subject,
    -- the subject's code or item key (execution statements of a 决算: a code, three_public_total, reception …)
    case when f.fact_name like 'line\_item%' escape '\'
        or (f.fact_name like 'execution\_%' escape '\' and f.fact_name not in ('execution_reason', 'execution_final_change_pct'))
        then f.detail end as subject_code,
    case when f.fact_name = 'execution_reason' then f.detail end as stated_reason,
    case when f.fact_name like '%\_change%' escape '\' and f.fact_name != 'execution_reason' then f.detail end as compared_with,
    case when f.fact_name = 'key_project_budget' then f.detail end as performance_goal,
    f.using_unit_printed,
    f.value,
    f.value_text,
    f.unit,
    case f.unit when '万元' then {{ to_yuan('f.value', "'万元'") }} when '元' then {{ to_yuan('f.value', "'元'") }} end as value_yuan,
    f.sentence,
    f.page
from facts as f
inner join documents as d on d.document_key = f.document_id
