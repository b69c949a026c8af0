"""Open a PDF once, read every page's plain text cheaply, and parse only the pages with tables.

pypdfium2 reads a page's text and counts its drawn paths ~20x faster than pdfminer parses it,
so prose pages are never handed to pdfplumber; table pages are parsed exactly once.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pdfplumber
import pypdfium2 as pdfium

from extract.grid import page_blocks
from extract.model import PageGrid, TextLine

_MIN_RULES = 4  # a ruled table draws at least a frame
_AMOUNT_LINE = re.compile(r"(\d{1,3}(,\d{3})+|\d+)\.\d{2}\s*$")


class Rejected(Exception):
    """The input is not something we extract from; the message is the one-line reason."""

    def __init__(self, reason: str, code: str):
        super().__init__(reason)
        self.code = code


@dataclass
class PageText:
    number: int  # 1-based
    text: str
    rules: int  # drawn path objects: table rules, frames
    images: int = 0  # image objects: a scanned page is one
    objects: int = 0  # everything drawn: 0 is a blank page (or a content stream that cannot be read)


def _open_pdfium(data: bytes, password: str | None) -> Any:
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            if password:
                raise Rejected("encrypted PDF: the password given does not open it", "encrypted") from None
            raise Rejected("encrypted PDF, password required (use --password)", "encrypted") from None
        raise Rejected("corrupt or truncated PDF: it cannot be parsed", "corrupt") from None


@dataclass
class TextLayer:
    pages: list[PageText]
    modified_at: datetime | None  # when the file says it was last written (ModDate, else CreationDate), UTC


def read_text_layer(data: bytes, password: str | None) -> TextLayer:
    """Every page's plain text and drawn objects, and the file's date, in one pass of pdfium."""
    document = _open_pdfium(data, password)
    try:
        return TextLayer(_page_texts(document), _modified_at(document))
    finally:
        document.close()


def _page_texts(document: Any) -> list[PageText]:
    pages = []
    for i in range(len(document)):
        page = _load_page(document, i)
        text = page.get_textpage().get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
        kinds = [obj.type for obj in page.get_objects()]
        pages.append(PageText(number=i + 1, text=text, rules=kinds.count(pdfium.raw.FPDF_PAGEOBJ_PATH),
                              images=kinds.count(pdfium.raw.FPDF_PAGEOBJ_IMAGE), objects=len(kinds)))
        page.close()
    return pages


def _load_page(document: Any, index: int) -> Any:
    try:
        return document[index]
    except pdfium.PdfiumError:  # a /Pages tree that loops or points nowhere claims pages it has not
        raise Rejected(f"broken page tree: page {index + 1} of the {len(document):,} pages the file claims cannot be "
                       "loaded", "corrupt") from None


def page_count(data: bytes, password: str | None) -> int:
    """Pages for the progress bar: 0 when unknown (unreadable, or a page tree whose last page
    does not load: its count is not to be believed)."""
    try:
        document = pdfium.PdfDocument(data, password=password)
    except Exception:
        return 0
    try:
        count = len(document)
        if count:
            document.get_page_size(count - 1)  # the page's dictionary only: its content is not parsed
        return count
    except Exception:
        return 0
    finally:
        document.close()


def _modified_at(document: Any) -> datetime | None:
    metadata = document.get_metadata_dict(skip_empty=True)
    for key in ("ModDate", "CreationDate"):
        when = pdf_date(metadata.get(key, ""))
        if when is not None:
            return when
    return None


_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+\-])(\d{2})?'?(\d{2})?'?)?")


def pdf_date(text: str) -> datetime | None:
    """A PDF date string (D:YYYYMMDDHHmmSS+HH'mm') as a UTC datetime; None when it is not one."""
    m = _PDF_DATE.match(text.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, sign, tz_hours, tz_minutes = m.groups()
    try:
        when = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    offset = timedelta(hours=int(tz_hours or 0), minutes=int(tz_minutes or 0))
    if sign == "-":
        offset = -offset
    return (when - offset).replace(tzinfo=UTC) if sign in {"+", "-"} else when.replace(tzinfo=UTC)


def glyphs_without_text(data: bytes, password: str | None, sample_pages: int = 3) -> float:
    """Share of the characters on the first pages with text whose font has no Unicode map:
    pdfminer names them (cid:N); pdfium hands back their raw codes, which read as random text."""
    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            chars = [c["text"] for page in pdf.pages[:sample_pages] for c in page.chars]
    except Exception:
        return 0.0
    return sum(1 for c in chars if c.startswith("(cid:")) / len(chars) if chars else 0.0


def may_hold_table(page: PageText) -> bool:
    """Cheap test: ruled pages, or pages whose lines end in amounts (borderless tables)."""
    if page.rules >= _MIN_RULES:
        return True
    amount_lines = sum(1 for line in page.text.split("\n") if _AMOUNT_LINE.search(line))
    return amount_lines >= 5


def _plain_lines(page: PageText) -> list[PageGrid | TextLine]:
    """The lines of a page without tables, from its plain text (a title at its foot names the
    table on the next page)."""
    lines = [line.strip() for line in page.text.split("\n")]
    return [TextLine(page=page.number, top=float(i), text=line) for i, line in enumerate(lines) if line]


def iter_blocks(data: bytes, password: str | None, pages: list[PageText]) -> Iterator[list[PageGrid | TextLine]]:
    """Blocks of every page in order; pages without tables are not parsed: their plain lines."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise Rejected(f"corrupt or truncated PDF: {type(exc).__name__}", "corrupt") from None
    with pdf:
        for page_text in pages:
            if not may_hold_table(page_text):
                yield _plain_lines(page_text)
                continue
            page = pdf.pages[page_text.number - 1]
            try:
                yield page_blocks(page, page_text.number)
            finally:
                page.close()
