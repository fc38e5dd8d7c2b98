"""The cascade's running account of a shortfall agrees with the coverage ledger's.

The cascade keeps, per cadre and requirement, what is still short and the
share of it (``Need``) and updates both with every seat it gives. Those are
the ledger's ``shortfall_*``, ``shortfall_ratio`` and ``is_met`` written out
for speed; these properties hold the two together.
"""

from __future__ import annotations

import datetime as dt
import operator

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import Audience, Cadre, CoverageEntry, Period, Plan, Requirement, Unit, UnitKind
from cadreplan.allocation._cascade_needs import Need, needs_of

DAY = dt.date(2024, 1, 1)

WINDOW_FIELDS = ("window_start", "window_end", "due_on")
COUNTED = operator.attrgetter(
    "done_hours", "done_days", "done_sessions", "planned_hours", "planned_days", "planned_sessions"
)
"""An entry's done and planned amounts, as `_applicable` counts them."""

amounts = st.integers(min_value=0, max_value=600)
"""Whole amounts: sums of whole hours are exact in floating point, in any order."""


@st.composite
def entries(draw: st.DrawFn) -> CoverageEntry:
    """Draw an entry with at least one required amount and any done and planned amounts."""
    positive = st.none() | st.integers(min_value=1, max_value=600)
    required = draw(
        st.tuples(positive, positive, positive).filter(
            lambda amounts: any(amount is not None for amount in amounts)
        )
    )
    hours, days, sessions = required
    return CoverageEntry(
        cadre="c1",
        requirement="r1",
        window_start=DAY,
        window_end=DAY,
        due_on=DAY,
        required_hours=None if hours is None else float(hours),
        required_days=days,
        required_sessions=sessions,
        done_hours=float(draw(amounts)),
        done_days=draw(amounts),
        done_sessions=draw(amounts),
        planned_hours=float(draw(amounts)),
        planned_days=draw(amounts),
        planned_sessions=draw(amounts),
    )


REQUIREMENT = Requirement(
    id="r1", title="Yearly", audience=Audience(), cycle=relativedelta(years=1), hours=90.0
)


def need_of(entry: CoverageEntry) -> Need:
    """The cascade's need built from the entry's fields, as `_needs` builds it."""
    return Need(
        entry.requirement,
        (entry.window_start.toordinal(), entry.window_end.toordinal(), entry.due_on.toordinal()),
        entry.required_hours,
        entry.required_days,
        entry.required_sessions,
        COUNTED(entry),
    )


def assert_agrees(need: Need, entry: CoverageEntry) -> None:
    assert (need.hours, need.days, need.sessions) == (
        entry.shortfall_hours,
        entry.shortfall_days,
        entry.shortfall_sessions,
    )
    assert need.ratio == entry.shortfall_ratio
    # The rank is the ratio negated (the priority's order); -0.0 for a zero ratio.
    assert str(need.rank) == str(-entry.shortfall_ratio)
    assert need.is_met == entry.is_met


@given(entries())
def test_a_need_starts_as_the_ledger_entry(entry: CoverageEntry) -> None:
    """Shortfalls, their ratio and whether the requirement is met: as in the ledger."""
    assert_agrees(need_of(entry), entry)


@given(entries(), st.lists(st.tuples(amounts, amounts), max_size=4))
def test_credits_agree_with_planning_more(
    entry: CoverageEntry, seats: list[tuple[int, int]]
) -> None:
    """Crediting seats equals an entry with those seats planned: one session each."""
    need = need_of(entry)
    for hours, days in seats:
        need.credit(float(hours), days)
        entry = attrs.evolve(
            entry,
            planned_hours=entry.planned_hours + hours,
            planned_days=entry.planned_days + days,
            planned_sessions=entry.planned_sessions + 1,
        )
        assert_agrees(need, entry)


def slots(need: Need) -> dict[str, object]:
    return {name: getattr(need, name) for name in Need.__slots__}


_DAYS = st.integers(dt.date(1800, 1, 1).toordinal(), dt.date(2999, 12, 31).toordinal())


@given(entries(), st.tuples(_DAYS, _DAYS, _DAYS))
def test_a_need_moved_to_another_window_is_the_need_of_that_window(
    entry: CoverageEntry, window: tuple[int, int, int]
) -> None:
    """``over`` copies every field but the window's days, which it takes from its argument."""
    moved = need_of(entry).over(window)
    fresh = need_of(
        attrs.evolve(
            entry, **dict(zip(WINDOW_FIELDS, map(dt.date.fromordinal, window), strict=True))
        )
    )

    assert slots(fresh) == slots(moved)
    assert str(fresh.rank) == str(moved.rank)


def test_requirements_sharing_an_id_keep_their_own_amounts() -> None:
    """Never-trained cadres' needs are copied per requirement object, not per id."""
    period = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    sessions = attrs.evolve(REQUIREMENT, hours=None, sessions=2)
    plan = Plan(
        name="twins",
        period=period,
        units=(Unit(id="R", name="Region", kind=UnitKind.REGION),),
        cadres=tuple(
            Cadre(id=f"c{n}", name=f"c{n}", unit="R", category="township_cadre", rank="township")
            for n in range(2)
        ),
        requirements=(REQUIREMENT, sessions),
    )

    needs = [
        [(need.need_hours, need.need_sessions) for need in mine or ()]
        for mine in needs_of(plan, period.end_on)
    ]

    assert [[(90.0, None), (None, 2)], [(90.0, None), (None, 2)]] == needs
