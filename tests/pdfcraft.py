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
