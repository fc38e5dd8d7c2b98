"""Share the 30 seats of a training session among six units by eligible headcount.

Each unit's quota is its exact share of the seats; the four apportionment methods
round those quotas differently (see docs/how-to/apportion-seats.md). The last column
guarantees every unit one seat and caps any unit at ten with Sainte-Laguë.

Run it with ``python examples/apportion_seats.py``.
"""

from fractions import Fraction

from cadreplan import apportion

SEATS = 30
HEADCOUNTS = {
    "Upper Valley": 412,
    "Lower Valley": 236,
    "Lakeside": 198,
    "Highland": 87,
    "Borderland": 31,
    "Town Centre": 9,
}
METHODS = ("largest_remainder", "dhondt", "sainte_lague", "huntington_hill")
HEADINGS = ("unit", "eligible", "quota", "largest rem.", "D'Hondt", "Sainte-Laguë", "Hunt.-Hill")


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    first, *rest = cells
    aligned = (cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True))
    return "  ".join((first.ljust(widths[0]), *aligned))


def main() -> None:
    total = sum(HEADCOUNTS.values())
    columns = [apportion(SEATS, HEADCOUNTS, method=method) for method in METHODS]
    bounded = apportion(SEATS, HEADCOUNTS, method="sainte_lague", min_seats=1, max_seats=10)
    headings = (*HEADINGS, "S-L, 1 to 10")
    widths = [max(12, len(heading)) for heading in headings]

    print(f"{SEATS} seats among {len(HEADCOUNTS)} units ({total} eligible cadres)\n")
    print(_row(headings, widths))
    for unit, headcount in HEADCOUNTS.items():
        quota = Fraction(headcount * SEATS, total)
        cells = (
            unit,
            str(headcount),
            f"{float(quota):.2f}",  # for display only; apportion never uses floats
            *(str(column[unit]) for column in columns),
            str(bounded[unit]),
        )
        print(_row(cells, widths))
    sums = (sum(column.values()) for column in (*columns, bounded))
    totals = ("total", str(total), str(SEATS), *(str(seats) for seats in sums))
    print(_row(totals, widths))


if __name__ == "__main__":
    main()
