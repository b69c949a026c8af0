-- Which document of a publication the warehouse reads. One unit's budget of one year can arrive
-- more than once: a second download (other bytes, the same tables and text), a corrected
-- republication (other figures), a file renamed by a mirror. Every read document is kept and
-- listed; checks, facts and marts read one per publication:
--   duplicate   its content (content_sha256: tables, rows, facts, not the file) equals that of a
--               document read earlier (extracted_at, then file name): duplicate_of names it;
--   superseded  another version of the same unit, year, kind, part and scope (consolidated or
--               not) — a document that differs — was published later: superseded_by names it;
--   current     the one read: the latest by the date the PDF states (ModDate, else CreationDate;
--               a dated file before an undated one), then the one read last (a republication
--               is downloaded after the first), then the id.
with documents as (
    select
        document_id,
        coalesce(content_sha256, document_id) as content,
        modified_at,
        extracted_at,
        file_name,
        is_consolidated,
        -- the publication a document belongs to; without a unit or a year it is its own
        case when unit_name is not null and fiscal_year is not null
            then {{ normalize_unit_name('unit_name') }} || '|' || fiscal_year || '|' || kind || '|'
                || coalesce(document_part, '') || '|' || coalesce(is_consolidated, false)
            else document_id
        end as publication
    from {{ ref('stg_raw__documents') }}
    where status = 'ok'
),

contents as (
    -- one document per content: the one read first stays, a later download is the duplicate
    select
        *,
        first(document_id order by extracted_at, file_name, document_id) over (partition by content)
            as content_document_id,
        max(modified_at) over (partition by content) as content_modified_at,
        max(extracted_at) over (partition by content) as content_extracted_at
    from documents
),

ranked as (
    select
        *,
        first(content_document_id order by content_modified_at desc nulls last, content_extracted_at desc,
              content_document_id) over (partition by publication) as current_document_id
    from contents
)

select
    document_id,
    publication,
    case
        when document_id != content_document_id then 'duplicate'
        when document_id != current_document_id then 'superseded'
        else 'current'
    end as version_status,
    case when document_id != content_document_id then content_document_id end as duplicate_of,
    case when document_id = content_document_id and document_id != current_document_id
        then current_document_id end as superseded_by,
    document_id = current_document_id as is_current,
    count(distinct content) over (partition by publication) as versions
from ranked
