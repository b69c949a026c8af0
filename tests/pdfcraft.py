"""Tiny hand-made PDFs for the hostile-input tests: every object written out, xref computed, so a
test controls exactly what is broken (a content stream, the page tree, a font's Unicode map)."""

from __future__ import annotations

import zlib

FONT_WITHOUT_UNICODE_MAP = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H "
    b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
    b"/FontDescriptor << /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 0 1000 1000] "
    b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >> >>] >>"
)
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (object 1 must be the catalog), numbered from 1 in order."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pages_pdf(contents: list[bytes], font: bytes = HELVETICA) -> bytes:
    """One page per content stream (already encoded), all sharing one font F1."""
    n = len(contents)
    font_obj = 3
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), font]
    for i, content in enumerate(contents):
        page = first_page + 2 * i
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
                       b"/Contents %d 0 R >>" % (font_obj, page + 1))
        objects.append(content)
    return pdf(objects)


def looping_page_tree() -> bytes:
    """A /Pages node that lists itself among its kids, with a /Count claiming a million pages."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1000000 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def inflating_stream(inflated_bytes: int) -> bytes:
    """A content stream of a few MB that inflates to `inflated_bytes` of spaces: a zip bomb. One
    16 MiB block is compressed once and repeated (a full flush makes the blocks independent),
    closed by an empty final block and the Adler-32 of the whole: built in a second or two."""
    chunk = b" " * (1 << 24)
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    blocks = max(1, inflated_bytes // len(chunk))
    adler = 1
    for _ in range(blocks):
        adler = zlib.adler32(chunk, adler)
    data = first + repeat * (blocks - 1) + b"\x03\x00" + adler.to_bytes(4, "big")
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"


def many_rules(count: int) -> bytes:
    """A page of text over `count` little ruled boxes: a table page to every parser, and slow."""
    boxes = b"".join(b"%d %d 2 2 re S\n" % (i % 500, (i // 500) % 800) for i in range(count))
    return stream(b"BT /F1 12 Tf 72 800 Td (Budget 2026 total 1,234.56) Tj ET\n" + boxes, compress=True)


# -- pages of Chinese text and ruled tables -----------------------------------------------------
# A CID font with the identity encoding (two bytes per character: its Unicode code point) and a
# ToUnicode map: pdfminer and pdfium read the text exactly; no glyphs are embedded (nothing here
# renders the page), so every character is 1 em wide.

def _to_unicode(text: str) -> bytes:
    blocks = sorted({ord(ch) >> 8 for ch in text})
    ranges = b"".join(b"<%02X00> <%02XFF> <%02X00>\n" % (b, b, b) for b in blocks)
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            + b"%d beginbfrange\n" % len(blocks) + ranges + b"endbfrange\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return stream(cmap)


def _cjk_font(to_unicode_obj: int) -> bytes:
    return (b"<< /Type /Font /Subtype /Type0 /BaseFont /CraftSong /Encoding /Identity-H "
            b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /CraftSong "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 "
            b"/CIDToGIDMap /Identity /FontDescriptor << /Type /FontDescriptor /FontName /CraftSong /Flags 4 "
            b"/FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >> >>] "
            b"/ToUnicode %d 0 R >>" % to_unicode_obj)


PAGE_W, PAGE_H = 595, 842


def text_at(x: float, top: float, text: str, size: float = 10) -> bytes:
    """Text whose first character's box starts at (x, top), top measured down from the page's top."""
    baseline = PAGE_H - top - size * 0.88
    return b"BT /F1 %.2f Tf %.2f %.2f Td <%s> Tj ET\n" % (size, x, baseline, text.encode("utf-16-be").hex().encode())


def rule(x0: float, top: float, x1: float, bottom: float) -> bytes:
    """A line from (x0, top) to (x1, bottom), top-down coordinates."""
    return b"%.2f %.2f m %.2f %.2f l S\n" % (x0, PAGE_H - top, x1, PAGE_H - bottom)


def ruled_table(left: float, top: float, widths: list[float], rows: list[list[str]], row_h: float = 20,
                size: float = 9, left_rule: bool = True) -> bytes:
    """A grid of cells, text at each cell's left; `left_rule=False` leaves its left side open
    (the horizontal rules still run across the first column, as in open-sided tables)."""
    edges = [left]
    for w in widths:
        edges.append(edges[-1] + w)
    bottom = top + row_h * len(rows)
    out = b"0.5 w\n"
    for r in range(len(rows) + 1):
        out += rule(edges[0], top + r * row_h, edges[-1], top + r * row_h)
    for e in edges[0 if left_rule else 1:]:
        out += rule(e, top, e, bottom)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            if text:
                out += text_at(edges[c] + 2, top + r * row_h + (row_h - size) / 2, text, size)
    return out


def cjk_pdf(pages: list[bytes]) -> bytes:
    """A PDF of A4 pages whose content streams use text_at / rule / ruled_table."""
    chars = "".join(bytes.fromhex(h).decode("utf-16-be") for h in _hex_strings(b"".join(pages).decode("latin-1")))
    n = len(pages)
    font_obj, cmap_obj, first_page = 3, 4, 5
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
               _cjk_font(cmap_obj), _to_unicode(chars or "a")]
    for i, content in enumerate(pages):
        page = first_page + 2 * i
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> "
                       b"/Contents %d 0 R >>" % (PAGE_W, PAGE_H, font_obj, page + 1))
        objects.append(stream(content))
    return pdf(objects)


def _hex_strings(content: str) -> list[str]:
    import re

    return re.findall(r"<([0-9a-f]+)> Tj", content)
