{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
-- value is the printed number with thousands separators removed; typed here, exactly.
select
    document_id,
    fact_seq,
    name as fact_name,
    subject,
    value as value_text,
    {{ parse_amount('value') }} as value,
    unit,
    text as detail,
    sentence,
    page,
    using_unit as using_unit_printed
from {{ raw_dataset('facts') }}
