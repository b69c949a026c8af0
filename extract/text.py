"""Pure string helpers shared by the extractors: whitespace, wrapped cells, value shapes."""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")
# An amount as budget tables print it: "7,776.80", "-3.5", "0", "1011.92", optionally "100万元".
# (a separator printed only before the last group, "120258,600", reads as the number it prints)
_AMOUNT = re.compile(r"^[-−]?(?:\d+(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*(?:万元|元|%))?$")
# A classification code as printed: "2080104", "[2080104]名称", "208 05 01", "301 2".
_CODE = re.compile(r"^\[?\d{3}(?:\s?\d{1,2}){0,2}\]?(?:\D.*)?$")
_TOTAL_LABELS = ("合计", "总计", "小计")
# The number of an outline item or a listed table: 一、 / （一） / 1. / 表1
OUTLINE_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[.．、](?!\d)|表\s*\d)")
_ASCII_WORD = re.compile(r"[A-Za-z]")


def squash(text: str | None) -> str:
    """Remove every whitespace character: how titles and headers are compared."""
    return _WS.sub("", text or "")


def join_wrapped(text: str | None) -> str:
    """Join the lines of a wrapped cell the way a reader does.

    A cell's text is wrapped by the layout, not by its author, so the lines are glued
    without a separator; only two Latin words meeting at a wrap keep a space between them.
    """
    if not text:
        return ""
    lines = [line.strip() for line in text.split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(line[0]):
            out += " "
        out += line
    return out


def is_amount(cell: str) -> bool:
    return bool(cell) and bool(_AMOUNT.match(cell.strip()))


def is_code_cell(cell: str) -> bool:
    """A cell that starts with a functional/economic code (not a year like '2023 年')."""
    cell = cell.strip()
    if not cell or not _CODE.match(cell):
        return False
    return not re.match(r"^\d{4}\s*年", cell)


def is_total_label(cell: str) -> bool:
    return squash(cell) in _TOTAL_LABELS


def decimals(cell: str) -> int | None:
    """Number of printed decimals of an amount cell, None when the cell is not an amount."""
    cell = cell.strip()
    if not is_amount(cell):
        return None
    number = re.sub(r"[^\d.]", "", cell)
    return len(number.split(".", 1)[1]) if "." in number else 0
