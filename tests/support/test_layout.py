"""Plain-text layout: display widths, tables and number formats."""

from __future__ import annotations

import pytest

from cadreplan._support import layout


def test_combining_marks_take_no_column() -> None:
    """A combining accent adds no width to the letter it decorates."""
    assert layout.width("e\u0301") == 1


def test_table_aligns_wide_characters() -> None:
    """Columns line up when cells mix Chinese and Latin text."""
    lines = layout.table(["代码", "名称"], [["a", "村（居）"], ["long_code", "x"]], indent=0)

    expected = ["代码       名称", "---------  --------", "a          村（居）", "long_code  x"]
    assert expected == lines


def test_table_footer_follows_a_rule() -> None:
    """Footer rows come after a second rule and align with the body."""
    lines = layout.table(["Kind", "N"], [["a", "1"]], align="<>", footer=[["Total", "10"]])

    expected = ["  Kind    N", "  -----  --", "  a       1", "  -----  --", "  Total  10"]
    assert expected == lines


def test_table_rejects_ragged_rows() -> None:
    """A row with the wrong number of cells is an error, not a misaligned table."""
    with pytest.raises(ValueError, match="every row must have 2 cells"):
        layout.table(["a", "b"], [["1"]])


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, "0 B"),
        (999, "999 B"),
        (1000, "1.0 kB"),
        (999_999, "1.0 MB"),
        (1_500_000_000, "1.5 GB"),
        (2_000_000_000_000, "2.0 TB"),
    ],
)
def test_format_size(size: int, expected: str) -> None:
    """Sizes use decimal units and never show 1000 of a unit."""
    assert expected == layout.format_size(size)
