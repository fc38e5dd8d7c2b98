"""Properties of allocation over generated valid plans.

Whatever the plan, allocation never breaks a hard rule (the new plan has no
validation error), keeps what was there, and is a pure function of the plan,
the policy and the seed. The same holds for ``OptimalPolicy``, whose optimum
bounds the cascade's objective. Each test checks several properties of one
allocation, because drawing the plan costs more than allocating it.

The plans come from ``allocation_plans`` below: a fixed unit tree and
institutions, a handful of cadres, programs of every tier, sessions in the
plan year, history, requirements, quotas, practice assignments and earlier
enrollments (withdrawn ones included). Every plan is valid before allocation.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar
from unittest import mock

from dateutil.relativedelta import relativedelta
from hypothesis import assume, given
from hypothesis import strategies as st

from cadreplan import (
    DEFAULT_TIERS,
    Audience,
    Cadre,
    CascadePolicy,
    CycleBasis,
    Enrollment,
    EnrollmentStatus,
    Institution,
    OptimalPolicy,
    Period,
    Plan,
    Post,
    PostKind,
    PracticeAssignment,
    Program,
    Requirement,
    SeatQuota,
    Session,
    TrainingRecord,
    Unit,
    UnitKind,
    allocate,
    coverage,
    validate,
)
from cadreplan.allocation import _cascade
from cadreplan.allocation._cascade_needs import needs_of

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn

T = TypeVar("T")

YEAR = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
UNITS = (
    Unit(id="R", name="Region", kind=UnitKind.REGION),
    Unit(id="P", name="Prefecture", kind=UnitKind.PREFECTURE, parent="R"),
    Unit(id="C1", name="County 1", kind=UnitKind.COUNTY, parent="P"),
    Unit(id="C2", name="County 2", kind=UnitKind.COUNTY, parent="P"),
    Unit(id="T1", name="Township 1", kind=UnitKind.TOWNSHIP, parent="C1"),
    Unit(id="T2", name="Township 2", kind=UnitKind.TOWNSHIP, parent="C1"),
    Unit(id="T3", name="Township 3", kind=UnitKind.TOWNSHIP, parent="C2"),
)
UNIT_IDS = tuple(unit.id for unit in UNITS)
INSTITUTIONS = (
    Institution(id="cps", name="Central Party School", kind="national_institution"),
    Institution(id="school", name="Party school", kind="party_school"),
    Institution(id="venue", name="Township hall", kind="local_venue"),
)
VENUE_OF_TIER = {
    "national_dispatch": "cps",
    "regional_demonstration": "school",
    "township_backstop": "venue",
}
CATEGORIES = ("township_cadre", "village_cadre", "young_cadre")
RANKS = ("staff", "township", "county")
THEMES = ("cybersecurity", "rural_governance", "party_theory")
POST = Post(
    id="post",
    title="Village residency",
    kind=PostKind.VILLAGE_TEMPLE_RESIDENCY,
    unit="T1",
    start_on=YEAR.start_on,
    end_on=YEAR.end_on,
    slots=5,
)


def days_in(start_on: dt.date, end_on: dt.date) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=start_on, max_value=end_on)


def small_sets(values: tuple[str, ...], max_size: int = 2) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(values), max_size=max_size)


# Every strategy is built once, here: building strategies inside a draw is slow.


def ordered_ages(ages: tuple[int | None, int | None]) -> tuple[int | None, int | None]:
    """Return (min_age, max_age) with the maximum raised to the minimum where both are set."""
    low, high = ages
    return low, high if low is None or high is None else max(low, high)


AGES = st.tuples(st.none() | st.integers(25, 45), st.none() | st.integers(30, 60)).map(ordered_ages)
AUDIENCES = st.just(Audience()) | st.builds(
    lambda categories, ranks, units, tags, ages: Audience(
        categories=categories, ranks=ranks, units=units, tags=tags, min_age=ages[0], max_age=ages[1]
    ),
    small_sets(CATEGORIES),
    small_sets(RANKS),
    small_sets(UNIT_IDS, 1),
    small_sets(("leader",), 1),
    AGES,
)
CADRE_FIELDS: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(UNIT_IDS),
        "category": st.sampled_from(CATEGORIES),
        "rank": st.sampled_from(RANKS),
        "appointed_on": st.none() | days_in(dt.date(2022, 1, 1), YEAR.end_on),
        "born_on": st.none() | days_in(dt.date(1960, 1, 1), dt.date(2000, 12, 31)),
        "tags": small_sets(("leader",), 1),
    }
)
PROGRAM_FIELDS: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {
        "tier": st.sampled_from(DEFAULT_TIERS.codes),
        "hours": st.integers(1, 60),
        "themes": small_sets(THEMES),
        "audience": AUDIENCES,
    }
)
SESSION_FIELDS = st.tuples(
    st.integers(0, 100),  # which program, modulo their number
    days_in(YEAR.start_on, dt.date(2024, 12, 20)),
    st.integers(0, 10),  # days after the first
    st.integers(1, 4),  # capacity
)
HISTORY_FIELDS = st.tuples(
    st.integers(0, 100),  # whose, modulo the number of cadres
    days_in(dt.date(2023, 1, 1), YEAR.end_on),
    st.integers(0, 5),
    st.integers(0, 40),
    st.none() | st.integers(0, 100),  # which program (or one not in the plan)
    st.none() | st.sampled_from(DEFAULT_TIERS.codes),
    small_sets(THEMES),
    st.booleans(),
)
REQUIREMENT_FIELDS = st.tuples(
    AUDIENCES,
    st.sampled_from(CycleBasis),
    st.sampled_from([relativedelta(years=1), relativedelta(months=6)]),
    st.sampled_from([("sessions", 1), ("sessions", 2), ("hours", 30), ("hours", 90), ("days", 5)]),
    st.none() | st.just(relativedelta(years=1)),
    small_sets(DEFAULT_TIERS.codes),
    small_sets(THEMES, 1),
)
QUOTA_FIELDS = st.tuples(
    st.sampled_from(UNIT_IDS),
    st.booleans(),  # for a session, else for a program
    st.integers(0, 100),  # which one
    st.integers(0, 3),
    st.none() | days_in(YEAR.start_on, YEAR.end_on),
)
ASSIGNMENT_FIELDS = st.tuples(
    st.integers(0, 100), days_in(YEAR.start_on, YEAR.end_on), st.integers(0, 60)
)
ENROLLMENT_FIELDS = st.tuples(
    st.integers(0, 100), st.integers(0, 100), st.sampled_from(EnrollmentStatus)
)


def pick(items: tuple[T, ...], number: int) -> T:
    return items[number % len(items)]


@st.composite
def allocation_plans(draw: DrawFn, *, crowded: bool = False) -> Plan:
    """Draw a small plan that validates without errors, earlier enrollments included.

    A *crowded* plan has more cadres, sessions, history and requirements and
    fewer programs: more cadres wait in one program's queue over several
    sessions, as at region scale.
    """
    cadres = tuple(
        Cadre(id=f"c{number}", name=f"c{number}", **fields)
        for number, fields in enumerate(
            draw(
                st.lists(CADRE_FIELDS, min_size=6 if crowded else 1, max_size=14 if crowded else 6)
            )
        )
    )
    programs = tuple(
        Program(id=f"p{number}", title=f"p{number}", organizer="R", **fields)
        for number, fields in enumerate(
            draw(st.lists(PROGRAM_FIELDS, min_size=1, max_size=3 if crowded else 4))
        )
    )
    program_ids = tuple(program.id for program in programs)
    sessions = tuple(
        Session(
            id=f"s{number}",
            program=pick(programs, which).id,
            institution=VENUE_OF_TIER.get(pick(programs, which).tier, "school"),
            start_on=start_on,
            end_on=start_on + dt.timedelta(days=length),
            capacity=capacity,
        )
        for number, (which, start_on, length, capacity) in enumerate(
            draw(
                st.lists(
                    SESSION_FIELDS, min_size=4 if crowded else 1, max_size=12 if crowded else 5
                )
            )
        )
    )
    history = tuple(
        TrainingRecord(
            cadre=pick(cadres, whose).id,
            start_on=start_on,
            end_on=start_on + dt.timedelta(days=length),
            hours=hours,
            program=None if which is None else pick((*program_ids, "old_program"), which),
            tier=tier,
            themes=themes,
            is_completed=is_completed,
        )
        for whose, start_on, length, hours, which, tier, themes, is_completed in draw(
            st.lists(HISTORY_FIELDS, min_size=2 if crowded else 0, max_size=8 if crowded else 3)
        )
    )
    requirements = tuple(
        Requirement(
            id=f"r{number}",
            title=f"r{number}",
            audience=audience,
            cycle=cycle,
            basis=basis,
            anchor_on=YEAR.start_on if basis is CycleBasis.FIXED else None,
            grace=grace,
            tiers=tiers,
            themes=themes,
            **{amount[0]: amount[1]},
        )
        for number, (audience, basis, cycle, amount, grace, tiers, themes) in enumerate(
            draw(
                st.lists(
                    REQUIREMENT_FIELDS, min_size=1 if crowded else 0, max_size=3 if crowded else 2
                )
            )
        )
    )
    quotas: dict[tuple[str, str | None, str | None], SeatQuota] = {}
    for unit, for_session, which, seats, reserved_until in draw(st.lists(QUOTA_FIELDS, max_size=3)):
        session_id = pick(sessions, which).id if for_session else None
        program_id = None if for_session else pick(programs, which).id
        quotas.setdefault(
            (unit, session_id, program_id),
            SeatQuota(
                unit=unit,
                seats=seats,
                session=session_id,
                program=program_id,
                reserved_until=reserved_until,
            ),
        )
    assignments = tuple(
        PracticeAssignment(
            cadre=pick(cadres, whose).id,
            post=POST.id,
            start_on=start_on,
            end_on=start_on + dt.timedelta(days=length),
        )
        for whose, start_on, length in draw(st.lists(ASSIGNMENT_FIELDS, max_size=2))
    )
    plan = Plan(
        name="generated",
        period=YEAR,
        units=UNITS,
        institutions=INSTITUTIONS,
        cadres=cadres,
        programs=programs,
        sessions=sessions,
        history=history,
        requirements=requirements,
        seat_quotas=tuple(quotas.values()),
        posts=(POST,),
        assignments=assignments,
    )
    assume(validate(plan).ok)
    # Keep each earlier enrollment that leaves the plan valid, as a planner would.
    for whose, where, status in draw(st.lists(ENROLLMENT_FIELDS, max_size=5)):
        enrollment = Enrollment(
            cadre=pick(cadres, whose).id, session=pick(sessions, where).id, status=status
        )
        longer = plan.evolve(enrollments=(*plan.enrollments, enrollment))
        if validate(longer).ok:
            plan = longer
    return plan


cascade_policies = st.builds(
    CascadePolicy,
    fill_with_unneeded=st.booleans(),
    quota_release=st.sampled_from(["after_pass", "release_date", "never"]),
    min_fill=st.sampled_from([0.0, 0.5, 0.9]),
    under_filled=st.sampled_from(["flag", "drop"]),
)
seeds = st.integers(0, 2**32)


def error_codes(plan: Plan) -> list[str]:
    return [finding.code for finding in validate(plan).errors]


@given(plan=allocation_plans(), policy=cascade_policies, seed=seeds)
def test_cascade_is_valid_and_deterministic(plan: Plan, policy: CascadePolicy, seed: int) -> None:
    """The cascade never breaks a hard rule, keeps earlier enrollments and repeats itself exactly."""  # noqa: E501
    result = allocate(plan, policy=policy, seed=seed)
    again = allocate(plan, policy=policy, seed=seed)

    assert [] == error_codes(result.plan)
    assert plan.enrollments == result.plan.enrollments[: len(plan.enrollments)]
    assert (result.placements, result.unplaced, result.dropped) == (
        again.placements,
        again.unplaced,
        again.dropped,
    )
    assert [result.explain(c.id) for c in plan.cadres] == [again.explain(c.id) for c in plan.cadres]


@given(plan=allocation_plans(crowded=True), policy=cascade_policies, seed=seeds)
def test_the_cascades_shortcuts_change_nothing(
    plan: Plan, policy: CascadePolicy, seed: int
) -> None:
    """Without its shortcuts (see ``_cascade._SHORTCUTS``) the cascade tells the same story.

    The same placements, unplaced reasons and explanations, event by event.
    """
    with mock.patch.object(_cascade, "_SHORTCUTS", False):  # noqa: FBT003 - the switch's value
        plain = allocate(plan, policy=policy, seed=seed)
    result = allocate(plan, policy=policy, seed=seed)

    assert (plain.placements, plain.unplaced, plain.dropped) == (
        result.placements,
        result.unplaced,
        result.dropped,
    )
    assert [plain.explain(c.id) for c in plan.cadres] == [result.explain(c.id) for c in plan.cadres]


@given(plan=allocation_plans(), seed=seeds)
def test_optimizer_is_valid_deterministic_and_bounds_the_cascade(plan: Plan, seed: int) -> None:
    """The optimizer never breaks a hard rule, repeats itself, and its optimum bounds both objectives."""  # noqa: E501
    result = allocate(plan, policy=OptimalPolicy(), seed=seed)
    again = allocate(plan, policy=OptimalPolicy(), seed=seed)
    assert result.optimum is not None

    assert [] == error_codes(result.plan)
    assert plan.enrollments == result.plan.enrollments[: len(plan.enrollments)]
    assert (result.placements, result.optimum) == (again.placements, again.optimum)
    assert result.objective <= result.optimum
    assert allocate(plan, seed=seed).objective <= result.optimum


@given(
    plan=allocation_plans(),
    on=st.sampled_from([YEAR.start_on, dt.date(2024, 7, 1), YEAR.end_on]),
)
def test_the_cascades_needs_are_the_short_entries_of_the_ledger(plan: Plan, on: dt.date) -> None:
    """The cascade reads its needs without the ledger; they are the ledger's short entries.

    Checked on the allocated plan, whose new enrollments meet some entries
    and count toward others.
    """
    plan = allocate(plan, on=on).plan
    position_of = {cadre.id: position for position, cadre in enumerate(plan.cadres)}
    # Cadre by cadre, each one's entries in ledger order, as the cascade keeps them.
    short = sorted(
        (entry for entry in coverage(plan, on=on) if not entry.is_met),
        key=lambda entry: position_of[entry.cadre],
    )
    needs = [
        (position, need) for position, mine in enumerate(needs_of(plan, on)) for need in mine or ()
    ]

    assert [(entry.cadre, entry.requirement) for entry in short] == [
        (plan.cadres[position].id, need.requirement) for position, need in needs
    ]
    for entry, (_, need) in zip(short, needs, strict=True):
        assert (need.first_day, need.last_day, need.due) == (
            entry.window_start.toordinal(),
            entry.window_end.toordinal(),
            entry.due_on.toordinal(),
        )
        assert (need.hours, need.days, need.sessions, need.ratio) == (
            entry.shortfall_hours,
            entry.shortfall_days,
            entry.shortfall_sessions,
            entry.shortfall_ratio,
        )
