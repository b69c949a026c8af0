"""Open a PDF once, read every page's plain text cheaply, and parse only the pages with tables.

pypdfium2 reads a page's text and counts its drawn paths ~20x faster than pdfminer parses it,
so prose pages are never handed to pdfplumber; table pages are parsed exactly once.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
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


def read_page_texts(data: bytes, password: str | None) -> list[PageText]:
    document = _open_pdfium(data, password)
    try:
        pages = []
        for i in range(len(document)):
            page = document[i]
            text = page.get_textpage().get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
            rules = sum(1 for obj in page.get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH)
            pages.append(PageText(number=i + 1, text=text, rules=rules))
            page.close()
        return pages
    finally:
        document.close()


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
