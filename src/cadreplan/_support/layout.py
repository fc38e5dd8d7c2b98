"""Plain-text layout for the command line and text reports: headings and aligned tables.

Widths are counted in terminal columns, not characters: a Chinese character
takes two columns, so tables with ``zh`` labels stay aligned. Every line is
stripped of trailing spaces, and the same input always gives the same text.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "Align",
    "format_count",
    "format_number",
    "format_size",
    "heading",
    "pad",
    "table",
    "width",
]

Align = Literal["<", ">"]
"""Left (``"<"``) or right (``">"``) alignment of a table column."""


def width(text: str) -> int:
    """Return how many terminal columns *text* takes.

    Wide and full-width characters (CJK, full-width punctuation) take two
    columns, combining marks none.

    Examples:
        >>> width("Township"), width("乡镇"), width("（居）")
        (8, 4, 6)
    """
    columns = 0
    for character in text:
        if unicodedata.combining(character):
            continue
        columns += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return columns


def pad(text: str, columns: int, align: Align = "<") -> str:
    """Return *text* padded with spaces to *columns* terminal columns.

    Examples:
        >>> pad("乡镇", 6) + "|", pad("42", 4, ">")
        ('乡镇  |', '  42')
    """
    fill = " " * max(0, columns - width(text))
    return fill + text if align == ">" else text + fill


def heading(title: str, rule: str = "-") -> list[str]:
    """Return *title* underlined with *rule* across its full display width.

    Examples:
        >>> heading("单位")
        ['单位', '----']
    """
    return [title, rule * width(title)]


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: str = "",
    footer: Sequence[Sequence[str]] = (),
    indent: int = 2,
    gap: int = 2,
) -> list[str]:
    """Lay out *rows* under *headers* as aligned columns, returned line by line.

    Args:
        headers: One title per column.
        rows: The cells, already formatted as text; each row has one cell per column.
        align: One ``<`` or ``>`` per column; missing positions align left.
        footer: Rows shown below a rule, such as totals.
        indent: Spaces before every line.
        gap: Spaces between columns.

    Examples:
        >>> rows = [["county", "12"], ["township", "3"]]
        >>> for line in table(["Tier", "期"], rows, align="<>"):
        ...     print(line)
          Tier      期
          --------  --
          county    12
          township   3
    """
    count = len(headers)
    for row in (*rows, *footer):
        if len(row) != count:
            msg = f"every row must have {count} cells (got {len(row)}: {list(row)!r})"
            raise ValueError(msg)
    aligns: list[Align] = [">" if mark == ">" else "<" for mark in align.ljust(count, "<")]
    columns = [
        max(width(cell) for cell in column) for column in zip(headers, *rows, *footer, strict=True)
    ]
    margin = " " * indent
    spacer = " " * gap

    def line(cells: Sequence[str]) -> str:
        text = spacer.join(
            pad(cell, size, side) for cell, size, side in zip(cells, columns, aligns, strict=True)
        )
        return (margin + text).rstrip()

    rule = line(["-" * size for size in columns])
    lines = [line(headers), rule, *(line(row) for row in rows)]
    if footer:
        lines.append(rule)
        lines.extend(line(row) for row in footer)
    return lines


def format_count(value: int) -> str:
    """Return an integer with thousands separators.

    Examples:
        >>> format_count(140000)
        '140,000'
    """
    return f"{value:,}"


def format_number(value: float) -> str:
    """Return a number without a trailing ``.0`` when it is whole.

    Examples:
        >>> format_number(550.0), format_number(90.5), format_number(1200)
        ('550', '90.5', '1,200')
    """
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def format_size(size: int) -> str:
    """Return a byte count in decimal units (``kB``, ``MB``, ``GB``; 1 MB = 10⁶ bytes).

    Examples:
        >>> format_size(512), format_size(52_345_678)
        ('512 B', '52.3 MB')
    """
    if size < 1000:
        return f"{size} B"
    amount = size / 1000
    units = ("kB", "MB", "GB")
    for unit in units:
        # Compare the rounded amount, so that 999,999 bytes read 1.0 MB, not 1000.0 kB.
        if round(amount, 1) < 1000:
            return f"{amount:.1f} {unit}"
        amount /= 1000
    return f"{amount:.1f} TB"
