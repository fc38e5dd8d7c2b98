"""``explain``: each session a cadre is enrolled in or may attend, and why they are there or not.

The plans are small and hand-built for the year 2024 (see ``make_plan``): one
region, one prefecture, counties C1 and C2 with townships T1 and T2, a party
school, and the requirement "one session a year" that every session counts
toward. Cadre ``a`` works in township T1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from cadreplan import (
    AllocationEvent,
    Audience,
    Cadre,
    CycleBasis,
    Enrollment,
    EnrollmentStatus,
    Explanation,
    Institution,
    Outcome,
    Period,
    Plan,
    PracticeAssignment,
    Program,
    Requirement,
    SeatQuota,
    Session,
    TrainingRecord,
    Unit,
    UnitKind,
    UnknownIdError,
    allocate,
    coverage,
    duplicate_reason,
    explain,
)
from cadreplan.datasets import demo_region

D = dt.date
PERIOD = Period(D(2024, 1, 1), D(2024, 12, 31))
UNITS = (
    Unit(id="R", name="Region", kind=UnitKind.REGION),
    Unit(id="P", name="Prefecture", kind=UnitKind.PREFECTURE, parent="R"),
    Unit(id="C1", name="County 1", kind=UnitKind.COUNTY, parent="P"),
    Unit(id="C2", name="County 2", kind=UnitKind.COUNTY, parent="P"),
    Unit(id="T1", name="Township 1", kind=UnitKind.TOWNSHIP, parent="C1"),
    Unit(id="T2", name="Township 2", kind=UnitKind.TOWNSHIP, parent="C2"),
)
YEARLY = Requirement(
    id="yearly",
    title="One session a year",
    audience=Audience(),
    cycle=relativedelta(years=1),
    sessions=1,
    basis=CycleBasis.FIXED,
    anchor_on=D(2024, 1, 1),
)
NATIONAL_ONLY = Requirement(
    id="national",
    title="A national session a year",
    audience=Audience(),
    cycle=relativedelta(years=1),
    sessions=1,
    basis=CycleBasis.FIXED,
    anchor_on=D(2024, 1, 1),
    tiers={"national_dispatch"},
)


def cadre(cadre_id: str, unit: str = "T1") -> Cadre:
    return Cadre(id=cadre_id, name=cadre_id, unit=unit, category="township_cadre", rank="township")


def program(program_id: str, tier: str = "county_general", **fields: Any) -> Program:
    fields.setdefault("hours", 30)
    return Program(id=program_id, title=program_id, tier=tier, organizer="P", **fields)


def session(
    session_id: str, program_id: str, start_on: dt.date, *, days: int = 3, capacity: int = 2
) -> Session:
    return Session(
        id=session_id,
        program=program_id,
        institution="school",
        start_on=start_on,
        end_on=start_on + dt.timedelta(days=days - 1),
        capacity=capacity,
    )


def make_plan(**parts: Any) -> Plan:
    parts.setdefault("requirements", (YEARLY,))
    parts.setdefault("cadres", (cadre("a"), cadre("b"), cadre("c", unit="T2")))
    return Plan(
        name="test",
        period=PERIOD,
        units=UNITS,
        institutions=(Institution(id="school", name="Party school", kind="party_school"),),
        **parts,
    )


def outcomes(explanation: Explanation) -> list[tuple[str, str]]:
    return [(event.session, event.outcome) for event in explanation.events]


def only_event(plan: Plan, cadre_id: str = "a", **options: Any) -> AllocationEvent:
    (event,) = explain(plan, cadre_id, **options).events
    return event


# -- which sessions, in which order --------------------------------------------------------------


def test_sessions_come_in_cascade_order() -> None:
    """Sessions are listed by tier priority, then start date, whatever their order in the plan."""
    plan = make_plan(
        programs=(program("county"), program("national", tier="national_dispatch")),
        sessions=(
            session("county-late", "county", D(2024, 9, 1)),
            session("county-early", "county", D(2024, 3, 1)),
            session("national", "national", D(2024, 11, 1)),
        ),
    )

    actual = [event.session for event in explain(plan, "a").events]

    assert ["national", "county-early", "county-late"] == actual


def test_sessions_outside_the_audience_say_which_condition_excludes() -> None:
    """A session of a program whose audience excludes the cadre is explained as ineligible."""
    plan = make_plan(
        programs=(program("mine"), program("theirs", audience=Audience(units={"C2"}))),
        sessions=(
            session("mine-1", "mine", D(2024, 3, 1)),
            session("theirs-1", "theirs", D(2024, 5, 1)),
        ),
    )

    excluded = AllocationEvent(
        "theirs-1", Outcome.INELIGIBLE, "not in the audience: unit 'T1' is not within 'C2'"
    )
    assert Outcome.OPEN_SEAT == explain(plan, "a").for_session("mine-1").outcome
    assert excluded == explain(plan, "a").for_session("theirs-1")
    assert [("mine-1", Outcome.OPEN_SEAT), ("theirs-1", Outcome.OPEN_SEAT)] == outcomes(
        explain(plan, "c")
    )


def test_enrolled_sessions_outside_the_audience_are_kept() -> None:
    """A session the cadre is enrolled in is explained even when its audience excludes them."""
    plan = make_plan(
        programs=(program("theirs", audience=Audience(units={"C2"})),),
        sessions=(session("theirs-1", "theirs", D(2024, 5, 1)),),
        enrollments=(Enrollment(cadre="a", session="theirs-1"),),
    )

    assert AllocationEvent("theirs-1", Outcome.ALREADY_ENROLLED, "enrolled, planned") == (
        only_event(plan)
    )


def test_sessions_of_unknown_programs_and_tiers_go_last() -> None:
    """Enrolled sessions of an unknown program or tier follow every session of a known tier."""
    plan = make_plan(
        programs=(program("known"), program("odd", tier="moon_base")),
        sessions=(
            session("ghost-1", "ghost", D(2024, 1, 10)),
            session("odd-1", "odd", D(2024, 2, 10)),
            session("known-1", "known", D(2024, 12, 1)),
        ),
        enrollments=(
            Enrollment(cadre="a", session="ghost-1"),
            Enrollment(cadre="a", session="odd-1"),
        ),
    )

    actual = [event.session for event in explain(plan, "a").events]

    assert ["known-1", "odd-1", "ghost-1"] == actual


# -- each outcome -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "detail"),
    [
        (EnrollmentStatus.CONFIRMED, "enrolled, confirmed"),
        (EnrollmentStatus.COMPLETED, "enrolled, completed"),
        (
            EnrollmentStatus.WITHDRAWN,
            "enrolled, withdrawn (takes no seat and counts for nothing)",
        ),
    ],
)
def test_enrolled_gives_the_status(status: EnrollmentStatus, detail: str) -> None:
    """An enrollment of the cadre in the session is reported with its status."""
    plan = make_plan(
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 1)),),
        enrollments=(Enrollment(cadre="a", session="s", status=status),),
    )

    assert AllocationEvent("s", Outcome.ALREADY_ENROLLED, detail) == only_event(plan)


def test_full_session() -> None:
    """A session whose seats are all taken by active enrollments is full."""
    plan = make_plan(
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 1), capacity=1),),
        enrollments=(
            Enrollment(cadre="b", session="s"),
            Enrollment(cadre="c", session="s", status=EnrollmentStatus.WITHDRAWN),
        ),
    )

    assert AllocationEvent("s", Outcome.FULL, "all 1 seat taken") == only_event(plan)


def test_a_withdrawn_seat_is_open() -> None:
    """A withdrawn enrollment takes no seat, so the session has a seat open."""
    plan = make_plan(
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 1), capacity=1),),
        enrollments=(Enrollment(cadre="b", session="s", status=EnrollmentStatus.WITHDRAWN),),
    )

    assert Outcome.OPEN_SEAT == only_event(plan).outcome


def test_conflict_with_another_session() -> None:
    """A session overlapping another session of the cadre is a conflict naming that session."""
    plan = make_plan(
        programs=(program("p"), program("q", tier="township_backstop")),
        sessions=(
            session("mine", "q", D(2024, 3, 2), days=5),
            session("s", "p", D(2024, 3, 1)),
        ),
        enrollments=(Enrollment(cadre="a", session="mine"),),
    )

    event = explain(plan, "a").events[0]

    expected = AllocationEvent(
        "s", Outcome.CONFLICT, "busy with session 'mine' 2024-03-02..2024-03-06 ($.enrollments[0])"
    )
    assert expected == event


def test_conflict_with_a_practice_assignment() -> None:
    """A session during a practice assignment of the cadre is a conflict naming the post."""
    plan = make_plan(
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 1)),),
        assignments=(
            PracticeAssignment(
                cadre="a", post="border", start_on=D(2024, 2, 1), end_on=D(2024, 3, 1)
            ),
        ),
    )

    detail = (
        "busy with practice assignment at post 'border' 2024-02-01..2024-03-01 ($.assignments[0])"
    )
    assert AllocationEvent("s", Outcome.CONFLICT, detail) == only_event(plan)


def test_duplicate_program_in_history() -> None:
    """A cadre who completed the program before is told the session would be duplicate."""
    plan = make_plan(
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 9, 1)),),
        history=(
            TrainingRecord(
                cadre="a", start_on=D(2023, 1, 9), end_on=D(2023, 1, 9), hours=10, program="p"
            ),
        ),
    )

    expected = AllocationEvent("s", Outcome.DUPLICATE, "already has program 'p' ($.history[0])")
    assert expected == only_event(plan)


def test_duplicate_theme_within_the_window() -> None:
    """A shared theme trained within the window is duplicate; a shorter window frees the seat."""
    plan = make_plan(
        programs=(program("p", themes={"ecology"}),),
        sessions=(session("s", "p", D(2024, 6, 1)),),
        history=(
            TrainingRecord(
                cadre="a", start_on=D(2024, 3, 1), end_on=D(2024, 3, 1), hours=8, themes={"ecology"}
            ),
        ),
    )

    detail = "theme 'ecology' already trained on 2024-03-01 ($.history[0])"
    assert AllocationEvent("s", Outcome.DUPLICATE, detail) == only_event(plan)
    assert Outcome.OPEN_SEAT == only_event(plan, theme_window=relativedelta(months=2)).outcome


@pytest.mark.parametrize(
    ("quota", "target", "blocked"),
    [
        (SeatQuota(unit="C1", seats=1, session="s"), "session 's'", {"s"}),
        (SeatQuota(unit="T1", seats=1, program="p"), "program 'p'", {"s", "other"}),
    ],
)
def test_quota_of_an_enclosing_unit_used_up(
    quota: SeatQuota, target: str, blocked: set[str]
) -> None:
    """A used-up quota of the cadre's unit or one above it blocks its session or program."""
    plan = make_plan(
        programs=(program("p"),),
        sessions=(
            session("s", "p", D(2024, 3, 1), capacity=5),
            session("other", "p", D(2024, 3, 1), capacity=5),
        ),
        enrollments=(Enrollment(cadre="b", session="s"),),
        seat_quotas=(SeatQuota(unit="T2", seats=0, session="s"), quota),
    )
    detail = f"unit {quota.unit!r} has used up its quota of 1 seat for {target} ($.seat_quotas[1])"
    expected = {
        name: AllocationEvent(name, Outcome.QUOTA, detail) if name in blocked else Outcome.OPEN_SEAT
        for name in ("s", "other")
    }

    actual = {
        event.session: event if event.session in blocked else event.outcome
        for event in explain(plan, "a").events
    }

    assert expected == actual


def test_quota_with_seats_left_or_of_another_unit_does_not_block() -> None:
    """A quota with seats left, or one of a unit the cadre is not under, leaves the seat open."""
    plan = make_plan(
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 1), capacity=5),),
        enrollments=(Enrollment(cadre="b", session="s"),),
        seat_quotas=(
            SeatQuota(unit="T1", seats=2, session="s"),
            SeatQuota(unit="C2", seats=1, program="p"),
            SeatQuota(unit="T2", seats=0, session="s"),
        ),
    )

    assert Outcome.OPEN_SEAT == only_event(plan).outcome


def test_open_seat_says_whether_the_cadre_needs_it() -> None:
    """An open seat counts toward a requirement the cadre is short of, or toward none."""
    plan = make_plan(
        requirements=(YEARLY, NATIONAL_ONLY),
        programs=(program("p"), program("q")),
        sessions=(session("s", "p", D(2024, 3, 1)), session("t", "q", D(2024, 5, 1))),
        cadres=(cadre("a"), cadre("b")),
        enrollments=(Enrollment(cadre="b", session="t"),),
    )

    needy = only_event(plan.evolve(sessions=plan.sessions[:1]))
    served = explain(plan, "b").events[0]

    expected_needy = AllocationEvent(
        "s",
        Outcome.OPEN_SEAT,
        "2 of 2 seats free; counts toward 'yearly', where the cadre is short",
    )
    expected_served = AllocationEvent(
        "s",
        Outcome.OPEN_SEAT,
        "2 of 2 seats free; counts toward no requirement the cadre is short of",
    )
    assert (expected_needy, expected_served) == (needy, served)


def test_reasons_follow_a_fixed_precedence() -> None:
    """Duplicate outranks conflict, conflict outranks quota, quota outranks full."""
    record = TrainingRecord(
        cadre="a", start_on=D(2023, 1, 9), end_on=D(2023, 1, 9), hours=10, program="p"
    )
    busy = PracticeAssignment(cadre="a", post="x", start_on=D(2024, 1, 1), end_on=D(2024, 12, 31))
    plan = make_plan(
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 1), capacity=1),),
        enrollments=(Enrollment(cadre="b", session="s"),),
        seat_quotas=(SeatQuota(unit="T1", seats=1, session="s"),),
        history=(record,),
        assignments=(busy,),
    )

    steps = [
        plan,
        plan.evolve(history=()),
        plan.evolve(history=(), assignments=()),
        plan.evolve(history=(), assignments=(), seat_quotas=()),
    ]

    actual = [only_event(step).outcome for step in steps]

    assert [Outcome.DUPLICATE, Outcome.CONFLICT, Outcome.QUOTA, Outcome.FULL] == actual


# -- coverage and errors --------------------------------------------------------------------------


def test_coverage_matches_the_ledger_for_every_demo_cadre() -> None:
    """The explanation's coverage is the cadre's part of the coverage ledger, on any day."""
    plan = allocate(demo_region(), seed=0).plan
    for day in (None, D(2024, 6, 30)):
        ledger = coverage(plan, on=day)
        for person in plan.cadres:
            assert ledger.of(person.id) == explain(plan, person.id, on=day).coverage


def test_coverage_of_a_cadre_without_requirements_is_empty() -> None:
    """A cadre outside every requirement's audience has no coverage entries."""
    plan = make_plan(
        requirements=(
            Requirement(
                id="villages",
                title="Village cadres",
                audience=Audience(categories={"village_cadre"}),
                cycle=relativedelta(years=1),
                sessions=1,
            ),
        ),
    )

    assert Explanation(cadre="a", events=(), coverage=()) == explain(plan, "a")


def test_unknown_cadre_raises() -> None:
    """Asking about a cadre the plan does not have raises UnknownIdError naming the id."""
    with pytest.raises(UnknownIdError) as caught:
        explain(make_plan(), "nobody")

    assert ("cadre", "nobody") == (caught.value.kind, caught.value.id)


def test_explains_every_demo_allocation() -> None:
    """Placements show as enrolled; no cadre still short has an open seat they need."""
    result = allocate(demo_region(), seed=0)
    enrolled = {
        (placement.cadre, event.session)
        for placement in result.placements
        for event in explain(result.plan, placement.cadre).events
        if event.outcome == Outcome.ALREADY_ENROLLED
    }
    wasted = [
        (item.cadre, event.session)
        for item in result.unplaced
        for event in explain(result.plan, item.cadre).events
        if event.detail.endswith("where the cadre is short")
    ]

    assert {(p.cadre, p.session) for p in result.placements} <= enrolled
    assert [] == wasted


@pytest.mark.parametrize(
    ("audience", "fields", "words"),
    [
        (
            Audience(categories={"village_cadre"}),
            {},
            "干部类别为乡镇（街道）干部（township_cadre），本项目面向村（居）干部（village_cadre）",
        ),
        (Audience(ranks={"county"}), {}, "职级为乡科级（township），本项目面向县处级（county）"),
        (Audience(units={"C2"}), {}, "所在单位 T1 不在本项目范围（C2）内"),
        (Audience(tags={"leader"}), {}, "缺少标签 leader"),
        (Audience(min_age=30), {"born_on": D(2000, 6, 1)}, "年龄 23 岁，低于 30 岁的下限"),
        (Audience(max_age=45), {"born_on": D(1970, 6, 1)}, "年龄 53 岁，超过 45 岁的上限"),
        (Audience(max_age=45), {}, "无出生日期，无法确认是否符合年龄要求"),
        (Audience(min_potential=4), {"potential": 2}, "发展潜力评级 2，低于要求的 4"),
        (Audience(min_potential=4), {}, "无发展潜力评级（要求不低于 4）"),
    ],
    ids=["category", "rank", "unit", "tags", "young", "old", "no-birth", "potential", "no-rating"],
)
def test_the_excluding_condition_in_chinese(
    audience: Audience, fields: dict[str, Any], words: str
) -> None:
    """Each audience condition that keeps a cadre out is worded in Chinese, codes with labels."""
    person = Cadre(
        id="a", name="a", unit="T1", category="township_cadre", rank="township", **fields
    )
    plan = make_plan(
        cadres=(person,),
        programs=(program("p", audience=audience),),
        sessions=(session("s", "p", D(2024, 3, 1)),),
    )

    event = only_event(plan)

    assert (Outcome.INELIGIBLE, words) == (event.outcome, event.describe("zh"))
    assert event.detail.startswith("not in the audience: ")


def test_a_session_of_a_program_the_plan_lacks_is_explained() -> None:
    """A session whose program is missing is ineligible for everyone, and says why."""
    plan = make_plan(sessions=(session("s", "ghost", D(2024, 3, 1)),))

    expected = AllocationEvent(
        "s", Outcome.INELIGIBLE, "its program 'ghost' is not in the plan: nobody may attend"
    )
    assert expected == only_event(plan)


def test_every_duplicate_is_worded_as_duplicate_reason_words_it() -> None:
    """On the demo, each duplicate event's detail is ``duplicate_reason``'s, word for word."""
    plan = allocate(demo_region(), seed=0).plan
    for person in plan.cadres[:60]:
        for event in explain(plan, person.id).events:
            if event.outcome == Outcome.DUPLICATE:
                reason = duplicate_reason(plan, person.id, plan.session(event.session))
                assert reason == event.detail
