-- The unit key of each ok document's own unit, and of every printed unit name in it.
select
    n.document_id,
    n.name_key,
    n.canonical_name,
    {{ text_key(['n.canonical_name']) }} as unit_key,
    n.seen_as
from {{ ref('int_unit_names') }} as n
