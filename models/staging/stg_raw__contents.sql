{{ per_document_config() }}
-- depends_on: {{ ref('int_changed_documents') }}
select
    document_id,
    entry_seq,
    printed_number,
    printed_title,
    table_type,
    listed_page,
    contents_page,
    matched_table_seq,
    declared_empty
from {{ raw_dataset('contents') }}
