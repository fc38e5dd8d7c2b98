"""Tests of the coverage ledger: cycles, windows, amounts, grace and summaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import (
    Audience,
    Cadre,
    CoverageEntry,
    CoverageSummary,
    CycleBasis,
    Enrollment,
    EnrollmentStatus,
    Institution,
    Period,
    Plan,
    Program,
    Requirement,
    Session,
    TrainingRecord,
    Unit,
    UnitKind,
    coverage,
    cycle_window,
    default_requirements,
)
from cadreplan.ledger._windows import CycleWindows

D = dt.date
ONE_DAY = dt.timedelta(days=1)
YEAR = relativedelta(years=1)

UNITS = (
    Unit(id="R", name="Region", kind=UnitKind.REGION),
    Unit(id="P", name="Prefecture", kind=UnitKind.PREFECTURE, parent="R"),
    Unit(id="C", name="County", kind=UnitKind.COUNTY, parent="P"),
    Unit(id="T", name="Township", kind=UnitKind.TOWNSHIP, parent="C"),
    Unit(id="C2", name="Other county", kind=UnitKind.COUNTY, parent="P"),
)


def _cadre(cadre_id: str, **fields: Any) -> Cadre:
    values: dict[str, Any] = {
        "name": cadre_id,
        "unit": "T",
        "category": "township_cadre",
        "rank": "township",
    }
    values.update(fields)
    return Cadre(id=cadre_id, **values)


def _requirement(**fields: Any) -> Requirement:
    values: dict[str, Any] = {
        "id": "yearly",
        "title": "90 hours or 12 days a year",
        "audience": Audience(ranks={"township"}),
        "cycle": YEAR,
        "hours": 90,
        "days": 12,
        "basis": CycleBasis.FIXED,
        "anchor_on": D(2024, 1, 1),
    }
    values.update(fields)
    return Requirement(**values)


def _record(
    cadre: str, start_on: dt.date, days: int, hours: float, **fields: Any
) -> TrainingRecord:
    return TrainingRecord(
        cadre=cadre,
        start_on=start_on,
        end_on=start_on + (days - 1) * ONE_DAY,
        hours=hours,
        **fields,
    )


def _plan(**changes: Any) -> Plan:
    fields: dict[str, Any] = {
        "name": "coverage",
        "period": Period(D(2024, 1, 1), D(2024, 12, 31)),
        "units": UNITS,
        "cadres": (_cadre("c1"),),
        "requirements": (_requirement(),),
    }
    fields.update(changes)
    return Plan(**fields)


def _only_entry(plan: Plan, on: dt.date | None = None) -> CoverageEntry:
    [entry] = coverage(plan, on=on)
    return entry


# -- cycle windows ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2024, 12, 31), (D(2020, 1, 1), D(2024, 12, 31))),
        (D(2024, 2, 29), (D(2019, 3, 1), D(2024, 2, 29))),
        (D(2024, 3, 1), (D(2019, 3, 2), D(2024, 3, 1))),
    ],
    ids=["year-end", "leap-day", "after-leap-day"],
)
def test_rolling_window_ends_on_the_reference_day(
    on: dt.date, expected: tuple[dt.date, dt.date]
) -> None:
    """A rolling five-year window is the five years up to and including the reference day."""
    requirement = _requirement(
        basis=CycleBasis.ROLLING, anchor_on=None, cycle=relativedelta(years=5)
    )

    actual = cycle_window(requirement, _cadre("c1"), on)

    assert (*expected, on) == actual


@pytest.mark.parametrize(
    ("anchor_on", "on", "expected"),
    [
        (D(2024, 1, 1), D(2024, 1, 1), (D(2024, 1, 1), D(2024, 12, 31))),
        (D(2024, 1, 1), D(2024, 12, 31), (D(2024, 1, 1), D(2024, 12, 31))),
        (D(2024, 1, 1), D(2025, 1, 1), (D(2025, 1, 1), D(2025, 12, 31))),
        (D(2024, 1, 1), D(2023, 12, 31), (D(2023, 1, 1), D(2023, 12, 31))),
        (D(2024, 1, 1), D(2031, 7, 1), (D(2031, 1, 1), D(2031, 12, 31))),
        (D(2023, 7, 1), D(2024, 6, 30), (D(2023, 7, 1), D(2024, 6, 30))),
        (D(2023, 7, 1), D(2024, 7, 1), (D(2024, 7, 1), D(2025, 6, 30))),
        (D(2020, 2, 29), D(2021, 2, 28), (D(2021, 2, 28), D(2022, 2, 27))),
        (D(2020, 2, 29), D(2024, 2, 29), (D(2024, 2, 29), D(2025, 2, 27))),
    ],
    ids=[
        "first-day",
        "last-day",
        "next-year",
        "year-before-anchor",
        "years-later",
        "fiscal-year-end",
        "fiscal-year-start",
        "leap-anchor-common-year",
        "leap-anchor-leap-year",
    ],
)
def test_fixed_yearly_cycle_contains_the_reference_day(
    anchor_on: dt.date, on: dt.date, expected: tuple[dt.date, dt.date]
) -> None:
    """Fixed yearly cycles follow each other from the anchor, across year boundaries both ways."""
    requirement = _requirement(anchor_on=anchor_on)

    start, end, _ = cycle_window(requirement, _cadre("c1"), on) or (None, None, None)

    assert expected == (start, end)


@pytest.mark.parametrize(
    ("anchor_on", "on", "expected"),
    [
        (D(2024, 1, 31), D(2024, 2, 15), (D(2024, 1, 31), D(2024, 2, 28))),
        (D(2024, 1, 31), D(2024, 2, 29), (D(2024, 2, 29), D(2024, 3, 30))),
        (D(2024, 1, 31), D(2024, 3, 31), (D(2024, 3, 31), D(2024, 4, 29))),
        (D(2024, 1, 31), D(2024, 5, 1), (D(2024, 4, 30), D(2024, 5, 30))),
        (D(2024, 1, 31), D(2024, 12, 31), (D(2024, 12, 31), D(2025, 1, 30))),
        (D(2024, 1, 31), D(2025, 2, 28), (D(2025, 2, 28), D(2025, 3, 30))),
        (D(2024, 1, 31), D(2024, 1, 15), (D(2023, 12, 31), D(2024, 1, 30))),
        (D(2024, 1, 31), D(2023, 12, 30), (D(2023, 11, 30), D(2023, 12, 30))),
        (D(2023, 1, 31), D(2023, 2, 28), (D(2023, 2, 28), D(2023, 3, 30))),
    ],
    ids=[
        "first-cycle",
        "leap-february",
        "march-31",
        "april-30-start",
        "across-new-year",
        "common-february-next-year",
        "before-anchor",
        "two-before-anchor",
        "common-year-anchor",
    ],
)
def test_monthly_cycle_from_january_31_never_drifts(
    anchor_on: dt.date, on: dt.date, expected: tuple[dt.date, dt.date]
) -> None:
    """Monthly cycles from 31 January start on each month's last day, counted from the anchor."""
    requirement = _requirement(anchor_on=anchor_on, cycle=relativedelta(months=1))

    start, end, _ = cycle_window(requirement, _cadre("c1"), on) or (None, None, None)

    assert expected == (start, end)


CYCLES = st.sampled_from(
    [
        relativedelta(months=1),
        relativedelta(months=3),
        relativedelta(months=6),
        relativedelta(years=1),
        relativedelta(years=5),
        relativedelta(days=10),
        relativedelta(months=1, days=15),
    ]
)


@given(
    anchor_on=st.dates(D(2000, 1, 1), D(2040, 12, 31)),
    on=st.dates(D(2000, 1, 1), D(2040, 12, 31)),
    cycle=CYCLES,
)
def test_fixed_cycles_tile_the_calendar(
    anchor_on: dt.date, on: dt.date, cycle: relativedelta
) -> None:
    """Fixed cycles contain the reference day and meet their neighbours without gap or overlap."""
    requirement = _requirement(anchor_on=anchor_on, cycle=cycle)
    cadre = _cadre("c1")

    start, end, due = cycle_window(requirement, cadre, on) or (on, on, on)
    _, before_end, _ = cycle_window(requirement, cadre, start - ONE_DAY) or (on, on, on)
    after_start, _, _ = cycle_window(requirement, cadre, end + ONE_DAY) or (on, on, on)

    assert start <= on <= end == due
    assert (start - ONE_DAY, end + ONE_DAY) == (before_end, after_start)


@given(anchor_on=st.dates(D(2000, 1, 1), D(2040, 12, 31)), cycle=CYCLES)
def test_first_fixed_cycle_starts_on_the_anchor(anchor_on: dt.date, cycle: relativedelta) -> None:
    """The cycle containing the anchor starts on it and lasts one cycle."""
    expected = (anchor_on, anchor_on + cycle - ONE_DAY)

    actual = cycle_window(_requirement(anchor_on=anchor_on, cycle=cycle), _cadre("c1"), anchor_on)

    assert expected == (actual or (None, None))[:2]


@given(
    basis=st.sampled_from(CycleBasis),
    grace=st.none() | CYCLES,
    on=st.dates(D(2020, 1, 1), D(2030, 12, 31)),
    appointed=st.lists(st.none() | st.dates(D(2015, 1, 1), D(2030, 12, 31)), max_size=4),
)
def test_a_shared_window_is_every_cadres_window(
    basis: CycleBasis, grace: relativedelta | None, on: dt.date, appointed: list[dt.date | None]
) -> None:
    """A window the ledger takes as shared is the one computed for every appointment date.

    It is shared exactly for fixed and rolling cycles without a grace period.
    """
    requirement = _requirement(
        basis=basis, grace=grace, anchor_on=D(2024, 1, 1) if basis is CycleBasis.FIXED else None
    )
    windows = CycleWindows(requirement, on)

    shared = windows.shared()

    assert (shared is not None) == (basis is not CycleBasis.APPOINTMENT and grace is None)
    if shared is not None:
        assert all(windows(day) == shared for day in appointed)
        assert all(
            cycle_window(requirement, _cadre("c1", appointed_on=day), on) == shared
            for day in appointed
        )


def test_appointment_cycle_needs_an_appointment_date() -> None:
    """An appointment-based requirement does not apply to a cadre without an appointment date."""
    requirement = _requirement(basis=CycleBasis.APPOINTMENT, anchor_on=None)

    assert cycle_window(requirement, _cadre("c1"), D(2024, 12, 31)) is None


@pytest.mark.parametrize(
    ("appointed_on", "expected"),
    [
        (D(2024, 12, 31), (D(2024, 12, 31), D(2025, 12, 30), D(2025, 12, 30))),
        (D(2025, 1, 1), None),
        (D(2024, 3, 15), (D(2024, 3, 15), D(2025, 3, 14), D(2025, 3, 14))),
    ],
    ids=["appointed-on-the-day", "appointed-the-day-after", "appointed-earlier"],
)
def test_appointment_cycle_starts_on_the_appointment(
    appointed_on: dt.date, expected: tuple[dt.date, dt.date, dt.date] | None
) -> None:
    """The one cycle of induction training runs a cycle's length from the appointment day."""
    requirement = _requirement(basis=CycleBasis.APPOINTMENT, anchor_on=None)

    actual = cycle_window(requirement, _cadre("c1", appointed_on=appointed_on), D(2024, 12, 31))

    assert expected == actual


@pytest.mark.parametrize(
    ("grace", "expected_due"),
    [
        (None, D(2025, 3, 14)),
        (relativedelta(months=18), D(2025, 9, 14)),
        (relativedelta(months=6), D(2025, 3, 14)),
    ],
    ids=["no-grace", "longer-grace", "shorter-grace"],
)
def test_grace_can_only_postpone_an_appointment_cycle(
    grace: relativedelta | None, expected_due: dt.date
) -> None:
    """A grace longer than the cycle moves the due date; a shorter one changes nothing."""
    requirement = _requirement(basis=CycleBasis.APPOINTMENT, anchor_on=None, grace=grace)
    cadre = _cadre("c1", appointed_on=D(2024, 3, 15))

    actual = cycle_window(requirement, cadre, D(2024, 12, 31))

    assert (D(2024, 3, 15), D(2025, 3, 14), expected_due) == actual


@pytest.mark.parametrize(
    ("appointed_on", "expected_due"),
    [
        (None, D(2024, 12, 31)),
        (D(2020, 5, 1), D(2024, 12, 31)),
        (D(2024, 1, 1), D(2024, 12, 31)),
        (D(2024, 1, 2), D(2025, 1, 1)),
        (D(2024, 6, 1), D(2025, 5, 31)),
    ],
    ids=[
        "not-appointed",
        "long-ago",
        "grace-ends-with-the-cycle",
        "grace-ends-a-day-later",
        "mid-year",
    ],
)
def test_grace_after_appointment_moves_the_due_date_not_the_window(
    appointed_on: dt.date | None, expected_due: dt.date
) -> None:
    """A recently appointed cadre's yearly requirement falls due a year after appointment."""
    requirement = _requirement(grace=YEAR)

    actual = cycle_window(requirement, _cadre("c1", appointed_on=appointed_on), D(2024, 12, 31))

    assert (D(2024, 1, 1), D(2024, 12, 31), expected_due) == actual


# -- what counts, and how much ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start_on", "counted"),
    [
        (D(2020, 1, 1), True),
        (D(2019, 12, 31), False),
        (D(2024, 12, 31), True),
    ],
    ids=["first-day-of-window", "day-before-window", "last-day-of-window"],
)
def test_rolling_window_counts_training_that_starts_inside(
    start_on: dt.date, *, counted: bool
) -> None:
    """Training counts in a five-year window when it starts inside it, both ends included."""
    requirement = _requirement(
        basis=CycleBasis.ROLLING,
        anchor_on=None,
        cycle=relativedelta(years=5),
        hours=550,
        days=90,
    )
    plan = _plan(requirements=(requirement,), history=(_record("c1", start_on, 3, 40),))

    entry = _only_entry(plan)

    assert (40.0 if counted else 0.0, 3 if counted else 0) == (entry.done_hours, entry.done_days)


@pytest.mark.parametrize(
    ("hours", "days", "expected_met"),
    [
        (90, 2, True),
        (10, 12, True),
        (89.5, 11, False),
        (0, 1, False),
    ],
    ids=["hours-alone", "days-alone", "just-short-of-both", "nearly-nothing"],
)
def test_hours_or_days_either_threshold_meets_the_requirement(
    hours: float, days: int, *, expected_met: bool
) -> None:
    """Meeting the hours or the days is enough ("90 class hours or 12 days")."""
    plan = _plan(history=(_record("c1", D(2024, 3, 1), days, hours),))

    entry = _only_entry(plan)

    assert expected_met == entry.is_met
    assert expected_met == entry.is_met_by_history


def test_shortfall_is_what_is_missing_of_each_amount() -> None:
    """The shortfall of each amount is what done and planned training leave missing."""
    plan = _plan(history=(_record("c1", D(2024, 3, 1), 3, 50),))
    entry = _only_entry(plan)
    expected = (40.0, 9, None, "short of 40 hours or 9 days")

    actual = (
        entry.shortfall_hours,
        entry.shortfall_days,
        entry.shortfall_sessions,
        entry.describe_shortfall(),
    )

    assert expected == actual
    assert pytest.approx(40 / 90) == entry.shortfall_ratio


def test_shortfall_of_one_reads_in_the_singular() -> None:
    """One missing hour and one missing day read '1 hour or 1 day', as one session does."""
    plan = _plan(history=(_record("c1", D(2024, 3, 1), 11, 89),))

    assert _only_entry(plan).describe_shortfall() == "short of 1 hour or 1 day"


def test_met_entry_describes_itself_as_met() -> None:
    """An entry that is met has no shortfall ratio and describes itself as met."""
    plan = _plan(history=(_record("c1", D(2024, 3, 1), 12, 80),))
    entry = _only_entry(plan)

    assert (entry.describe_shortfall(), entry.shortfall_ratio, entry.shortfall_days) == (
        "met",
        0.0,
        0,
    )


def test_shortfall_in_chinese() -> None:
    """In Chinese the same amounts read '尚差 40 学时或 9 天', and a met entry '已达标'."""
    short = _only_entry(_plan(history=(_record("c1", D(2024, 3, 1), 3, 50),)))
    met = _only_entry(_plan(history=(_record("c1", D(2024, 3, 1), 12, 80),)))

    assert ("尚差 40 学时或 9 天", "已达标") == (
        short.describe_shortfall("zh"),
        met.describe_shortfall("zh"),
    )


def test_fractional_hours_are_shown_without_trailing_zeros() -> None:
    """A shortfall of half an hour reads '0.5 hours'."""
    plan = _plan(
        requirements=(_requirement(days=None),), history=(_record("c1", D(2024, 3, 1), 1, 89.5),)
    )

    assert _only_entry(plan).describe_shortfall() == "short of 0.5 hours"


def test_sessions_requirement_counts_sessions() -> None:
    """A requirement in sessions counts trainings, one per record or enrollment."""
    requirement = _requirement(hours=None, days=None, sessions=2)
    one = _plan(requirements=(requirement,), history=(_record("c1", D(2024, 3, 1), 1, 2),))
    two = one.evolve(history=(*one.history, _record("c1", D(2024, 5, 1), 1, 2)))

    assert _only_entry(one).describe_shortfall() == "short of 1 session"
    assert (_only_entry(one).shortfall_sessions, _only_entry(one).shortfall_ratio) == (1, 1.0 / 2)
    assert _only_entry(two).is_met


def test_three_sessions_short_reads_in_the_plural() -> None:
    """Several missing sessions read in the plural."""
    plan = _plan(requirements=(_requirement(hours=None, days=None, sessions=3),))

    assert _only_entry(plan).describe_shortfall() == "short of 3 sessions"


@pytest.fixture(name="trained")
def _trained() -> Plan:
    """A plan where c1 has one of each kind of training, 10 hours and 1 day each."""
    program = Program(
        id="p", title="p", tier="county_general", organizer="C", hours=10, themes={"party_theory"}
    )
    sessions = tuple(
        Session(
            id=f"s{month}",
            program="p",
            institution="school",
            start_on=D(2024, month, 1),
            end_on=D(2024, month, 1),
            capacity=5,
        )
        for month in (2, 3, 4, 5)
    )
    return _plan(
        institutions=(Institution(id="school", name="school", kind="party_school"),),
        programs=(program,),
        sessions=sessions,
        history=(
            _record("c1", D(2024, 1, 10), 1, 10),
            _record("c1", D(2024, 1, 20), 1, 10, is_completed=False),
        ),
        enrollments=(
            Enrollment(cadre="c1", session="s2", status=EnrollmentStatus.COMPLETED),
            Enrollment(cadre="c1", session="s3", status=EnrollmentStatus.CONFIRMED),
            Enrollment(cadre="c1", session="s4", status=EnrollmentStatus.PLANNED),
            Enrollment(cadre="c1", session="s5", status=EnrollmentStatus.WITHDRAWN),
        ),
    )


def test_done_and_planned_come_from_status(trained: Plan) -> None:
    """History and completed enrollments are done, other active ones planned, the rest nothing."""
    entry = _only_entry(trained)
    expected = (20.0, 2, 2, 20.0, 2, 2)

    actual = (
        entry.done_hours,
        entry.done_days,
        entry.done_sessions,
        entry.planned_hours,
        entry.planned_days,
        entry.planned_sessions,
    )

    assert expected == actual


def test_planned_training_meets_a_requirement_history_does_not(trained: Plan) -> None:
    """With 40 of 40 hours only half done, the entry is met but not met by history."""
    plan = trained.evolve(requirements=(_requirement(hours=40, days=None),))
    entry = _only_entry(plan)

    assert (entry.is_met, entry.is_met_by_history) == (True, False)


@pytest.mark.parametrize(
    ("filters", "expected_hours"),
    [
        ({}, 40.0),
        ({"tiers": {"county_general"}}, 30.0),
        ({"themes": {"party_theory"}}, 30.0),
        ({"institution_kinds": {"party_school"}}, 30.0),
        ({"programs": {"p"}}, 30.0),
        ({"tiers": {"national_dispatch"}}, 0.0),
    ],
    ids=["open", "tier", "theme", "institution-kind", "program", "other-tier"],
)
def test_only_matching_training_counts(
    trained: Plan, filters: dict[str, Any], expected_hours: float
) -> None:
    """Only training matching the filters counts; history of unknown traits matches none."""
    plan = trained.evolve(requirements=(_requirement(**filters),))
    entry = _only_entry(plan)

    assert expected_hours == entry.done_hours + entry.planned_hours


# -- who is in the ledger -------------------------------------------------------------


def test_ledger_covers_the_audience_requirement_by_requirement() -> None:
    """Entries come per requirement in plan order, cadres in plan order, audience only."""
    cadres = (
        _cadre("v1", category="village_cadre", rank="unranked"),
        _cadre("t1"),
        _cadre("lead", category="leading_body_member", rank="county", unit="C", tags={"leader"}),
        _cadre("t2"),
        _cadre("v2", category="village_cadre", rank="unranked"),
    )
    village = _requirement(
        id="winter",
        audience=Audience(categories={"village_cadre", "township_cadre"}),
        hours=None,
        days=None,
        sessions=1,
    )
    defaults = default_requirements(anchor_on=dt.date(2024, 1, 1))
    plan = _plan(cadres=cadres, requirements=(*defaults, village))
    expected = [
        ("county_leaders_5y", "lead"),
        ("township_and_below_1y", "t1"),
        ("township_and_below_1y", "t2"),
        ("winter", "v1"),
        ("winter", "t1"),
        ("winter", "t2"),
        ("winter", "v2"),
    ]

    actual = [(entry.requirement, entry.cadre) for entry in coverage(plan)]

    assert expected == actual


def test_audience_is_judged_on_the_reference_day() -> None:
    """An age-bounded audience includes the cadre only once they reach the age."""
    plan = _plan(
        cadres=(_cadre("c1", born_on=D(1990, 7, 1)),),
        requirements=(_requirement(audience=Audience(min_age=34)),),
    )

    assert (len(coverage(plan, on=D(2024, 6, 30))), len(coverage(plan, on=D(2024, 7, 1)))) == (0, 1)


def test_reference_day_defaults_to_the_end_of_the_period() -> None:
    """Without a day, the ledger is computed on the last day of the plan period."""
    ledger = coverage(_plan())

    assert D(2024, 12, 31) == ledger.on


@pytest.mark.parametrize(
    ("appointed_on", "has_entry"),
    [(D(2022, 12, 31), False), (D(2023, 1, 1), False), (D(2023, 1, 2), True)],
    ids=["cycle-ends-a-year-before", "cycle-ends-the-day-before", "cycle-ends-on-the-first-day"],
)
def test_appointments_long_before_the_plan_are_left_out(
    appointed_on: dt.date, *, has_entry: bool
) -> None:
    """An appointment cycle that ended before the plan period started is not in the ledger."""
    requirement = _requirement(basis=CycleBasis.APPOINTMENT, anchor_on=None)
    plan = _plan(cadres=(_cadre("c1", appointed_on=appointed_on),), requirements=(requirement,))

    assert has_entry == bool(len(coverage(plan)))


# -- ledger queries and summaries ---------------------------------------------------------


@pytest.fixture(name="region")
def _region() -> Plan:
    """Three township cadres in county C (one trained), one in C2, one at the region."""
    cadres = (
        _cadre("c1"),
        _cadre("c2"),
        _cadre("c3", category="village_cadre"),
        _cadre("d1", unit="C2"),
        _cadre("r1", unit="R"),
    )
    return _plan(
        cadres=cadres,
        history=(_record("c1", D(2024, 3, 1), 12, 90),),
        requirements=(_requirement(), _requirement(id="late", grace=YEAR)),
    )


def test_ledger_queries(region: Plan) -> None:
    """A ledger is a sized iterable with per-cadre look-up and the short and due entries."""
    ledger = coverage(region)

    assert len(ledger) == 10
    assert ledger.entries == tuple(ledger)
    assert [entry.requirement for entry in ledger.of("c1")] == ["yearly", "late"]
    assert ledger.of("nobody") == ()
    assert len(ledger.short()) == 8
    assert len(ledger.due_and_short()) == 8
    assert pytest.approx(0.2) == ledger.rate()


def test_due_and_short_waits_for_the_due_date(region: Plan) -> None:
    """A short entry whose grace has not run out is short but not yet due."""
    cadres = tuple(
        cadre if cadre.id != "c2" else _cadre("c2", appointed_on=D(2024, 6, 1))
        for cadre in region.cadres
    )
    ledger = coverage(region.evolve(cadres=cadres))

    short = {(e.cadre, e.requirement) for e in ledger.short()}
    due = {(e.cadre, e.requirement) for e in ledger.due_and_short()}

    assert {("c2", "late")} == short - due


def test_summary_by_county(region: Plan) -> None:
    """By county, each cadre counts toward the county at or above their unit, or is left out."""
    expected = (
        CoverageSummary(group="C", requirement="late", cadres=3, met=1, met_by_history=1),
        CoverageSummary(group="C", requirement="yearly", cadres=3, met=1, met_by_history=1),
        CoverageSummary(group="C2", requirement="late", cadres=1, met=0, met_by_history=0),
        CoverageSummary(group="C2", requirement="yearly", cadres=1, met=0, met_by_history=0),
    )

    assert expected == coverage(region).by_unit()


def test_summary_by_prefecture_and_region(region: Plan) -> None:
    """A higher level groups more cadres; the region level includes the cadre at the region."""
    ledger = coverage(region)

    assert [(s.group, s.cadres) for s in ledger.by_unit(level=UnitKind.PREFECTURE)] == [
        ("P", 4),
        ("P", 4),
    ]
    assert [(s.group, s.cadres) for s in ledger.by_unit(level=UnitKind.REGION)] == [
        ("R", 5),
        ("R", 5),
    ]


def test_summary_by_unit_leaves_out_unknown_units(region: Plan) -> None:
    """A cadre of a unit the plan lacks belongs to no county and is left out."""
    plan = region.evolve(cadres=(*region.cadres, _cadre("lost", unit="nowhere")))

    assert sum(summary.cadres for summary in coverage(plan).by_unit()) == 8


def test_summary_by_category(region: Plan) -> None:
    """By category, every cadre in the ledger counts toward their own category."""
    expected = [
        ("township_cadre", "late", 4, 1),
        ("township_cadre", "yearly", 4, 1),
        ("village_cadre", "late", 1, 0),
        ("village_cadre", "yearly", 1, 0),
    ]

    actual = [(s.group, s.requirement, s.cadres, s.met) for s in coverage(region).by_category()]

    assert expected == actual


def test_summary_rates_and_shortfalls() -> None:
    """A summary's rate is the met share and its short count the rest; empty groups rate 1."""
    summary = CoverageSummary(group="C", requirement="r", cadres=4, met=1, met_by_history=0)
    empty = CoverageSummary(group="C", requirement="r", cadres=0, met=0, met_by_history=0)

    assert (summary.rate, summary.short) == (0.25, 3)
    assert (empty.rate, empty.short) == (1.0, 0)


def test_empty_ledger_has_full_rate() -> None:
    """A plan whose requirements apply to nobody has a rate of 1 and no summaries."""
    ledger = coverage(_plan(cadres=()))

    assert (len(ledger), ledger.rate(), ledger.by_unit(), ledger.by_category()) == (0, 1.0, (), ())


def test_default_catalogue_follows_article_14() -> None:
    """The default catalogue: 550 hours or 90 days in five years, 90 hours or 12 days a year."""
    leaders, township = default_requirements(anchor_on=D(2025, 1, 1))
    expected = [
        (relativedelta(years=5), 550, 90, CycleBasis.ROLLING, None, YEAR),
        (YEAR, 90, 12, CycleBasis.FIXED, D(2025, 1, 1), YEAR),
    ]

    actual = [
        (r.cycle, r.hours, r.days, r.basis, r.anchor_on, r.grace) for r in (leaders, township)
    ]

    assert expected == actual
    assert "第十四条" in leaders.reference
