{{ per_document_config('document_key', 'int_affected_documents') }}
-- depends_on: {{ ref('int_affected_documents') }}
-- Columns whose header's words the vocabulary (seeds/column_terms.csv) does not know, though their
-- cells hold numbers (role unmapped: add the words to the vocabulary), and the amount columns of a
-- table printed without a header beside the one read as its total (role unnamed: nothing says what
-- they are): kept with their cells as printed, never given a guessed meaning, and listed here and
-- in the quality report with where they are printed.
with unmapped as (
    select c.*
    from {{ changed_rows(ref('stg_raw__columns')) }} as c
    inner join {{ ref('int_document_versions') }} as v using (document_id)
    where c.role in ('unmapped', 'unnamed') and v.is_current
),

cells as (
    -- the cells of those columns only (not an aggregate of every cell of every document)
    select
        document_id, table_seq, col_index,
        list(cell_text order by row_number) filter (where trim(cell_text) != '')[1:3] as printed_examples,
        count(*) filter (where amount_printed is not null and not is_blank) as amount_cells
    from {{ changed_rows(ref('stg_raw__cells')) }}
    where (document_id, table_seq, col_index) in (select (document_id, table_seq, col_index) from unmapped)
    group by all
)

select
    c.document_id as document_key,
    d.file_name,
    d.unit_name as unit_name_printed,
    d.fiscal_year,
    c.table_seq,
    t.printed_title as table_title,
    t.table_type,
    t.pages,
    c.col_index,
    c.column_path,
    case c.role when 'unnamed' then 'no header printed' else 'header words not known' end as why,
    x.printed_examples,
    x.amount_cells
from unmapped as c
inner join {{ ref('stg_raw__tables') }} as t using (document_id, table_seq)
inner join {{ ref('stg_raw__documents') }} as d using (document_id)
left join cells as x using (document_id, table_seq, col_index)
