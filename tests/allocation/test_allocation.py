"""``allocate`` and its result: policies, reasons, explanations, fill, shortfall, determinism.

The plans are small and hand-built for the year 2024 (see ``make_plan``): one
region, one prefecture, counties C1 and C2 with townships T1 and T2, a party
school and a local venue, and by default the requirement "one session a year"
that every session counts toward.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from dateutil.relativedelta import relativedelta

from cadreplan import (
    AllocationEvent,
    AllocationResult,
    Audience,
    Cadre,
    CascadePolicy,
    CycleBasis,
    Enrollment,
    Explanation,
    FieldTypeError,
    FieldValueError,
    Institution,
    Outcome,
    Period,
    Plan,
    Post,
    PostKind,
    PracticeAssignment,
    Program,
    Requirement,
    SeatQuota,
    Session,
    TownshipShortfall,
    TrainingRecord,
    Unit,
    UnitKind,
    UnknownIdError,
    Unplaced,
    allocate,
    coverage,
    save_plan,
    validate,
)
from cadreplan.datasets import demo_region

if TYPE_CHECKING:
    from pathlib import Path

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
INSTITUTIONS = (
    Institution(id="school", name="Party school", kind="party_school"),
    Institution(id="venue", name="Township hall", kind="local_venue"),
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
    tiers={"national_dispatch"},
)


def cadre(cadre_id: str, unit: str = "T1", **fields: Any) -> Cadre:
    fields.setdefault("category", "township_cadre")
    fields.setdefault("rank", "township")
    return Cadre(id=cadre_id, name=cadre_id, unit=unit, **fields)


def program(program_id: str, tier: str = "county_general", **fields: Any) -> Program:
    fields.setdefault("hours", 30)
    return Program(id=program_id, title=program_id, tier=tier, organizer="P", **fields)


def session(
    session_id: str,
    program_id: str,
    start_on: dt.date,
    *,
    days: int = 3,
    capacity: int = 1,
    institution: str = "school",
) -> Session:
    return Session(
        id=session_id,
        program=program_id,
        institution=institution,
        start_on=start_on,
        end_on=start_on + dt.timedelta(days=days - 1),
        capacity=capacity,
    )


def record(cadre_id: str, start_on: dt.date, **fields: Any) -> TrainingRecord:
    return TrainingRecord(cadre=cadre_id, start_on=start_on, end_on=start_on, hours=10, **fields)


def assignment(cadre_id: str, start_on: dt.date, end_on: dt.date) -> PracticeAssignment:
    return PracticeAssignment(cadre=cadre_id, post="post", start_on=start_on, end_on=end_on)


POST = Post(
    id="post",
    title="Village residency",
    kind=PostKind.VILLAGE_TEMPLE_RESIDENCY,
    unit="T1",
    start_on=PERIOD.start_on,
    end_on=PERIOD.end_on,
    slots=5,
)


def make_plan(**parts: Any) -> Plan:
    parts.setdefault("requirements", (YEARLY,))
    parts.setdefault("posts", (POST,))
    return Plan(name="test", period=PERIOD, units=UNITS, institutions=INSTITUTIONS, **parts)


def seats(result: AllocationResult) -> dict[str, list[str]]:
    """Return the new placements as {session: [cadres, sorted]}."""
    found: dict[str, list[str]] = {}
    for enrollment in result.placements:
        found.setdefault(enrollment.session, []).append(enrollment.cadre)
    return {key: sorted(value) for key, value in found.items()}


def reasons(result: AllocationResult) -> dict[str, str]:
    return {item.cadre: item.reason for item in result.unplaced}


@pytest.fixture(name="plan")
def _plan() -> Plan:
    """Two short cadres, one seat in a county session and a later one in a backstop session."""
    return make_plan(
        cadres=(cadre("a"), cadre("b", unit="T2")),
        programs=(
            program("county", themes={"cybersecurity"}),
            program("backstop", tier="township_backstop", themes={"cybersecurity"}),
        ),
        sessions=(
            session("s", "county", D(2024, 3, 4)),
            session("b", "backstop", D(2024, 11, 4), capacity=2, institution="venue"),
        ),
    )


# -- policies and arguments -----------------------------------------------------------


def test_default_policy() -> None:
    """The default cascade fills spare seats, keeps a 6-month theme window and flags nothing."""
    policy = CascadePolicy()

    assert (True, relativedelta(months=6), "after_pass", 0.0, "flag") == (
        policy.fill_with_unneeded,
        policy.theme_window,
        policy.quota_release,
        policy.min_fill,
        policy.under_filled,
    )


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (-0.1, FieldValueError),
        (1.5, FieldValueError),
        (True, FieldTypeError),
        ("0.5", FieldTypeError),
        (None, FieldTypeError),
    ],
)
def test_min_fill_is_a_fraction(value: object, error: type[Exception]) -> None:
    """``min_fill`` must be a number from 0 to 1: another type is a type error, another number a value error."""  # noqa: E501
    with pytest.raises(error, match=r"'min_fill' must be a number from 0 to 1 \(got "):
        CascadePolicy(min_fill=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [0, 1, 0.25])
def test_min_fill_bounds_are_included(value: float) -> None:
    """0 and 1 are valid fill thresholds."""
    assert value == CascadePolicy(min_fill=value).min_fill


def test_quota_release_is_one_of_three_choices() -> None:
    """``quota_release`` accepts only "after_pass", "release_date" and "never"."""
    expected = "'quota_release' must be one of 'after_pass', 'release_date', 'never' (got 'soon')"

    with pytest.raises(ValueError, match="^" + expected.replace("(", r"\(").replace(")", r"\)")):
        CascadePolicy(quota_release="soon")  # type: ignore[arg-type]


def test_under_filled_is_flag_or_drop() -> None:
    """``under_filled`` accepts only "flag" and "drop"."""
    with pytest.raises(ValueError, match="'under_filled' must be one of 'flag', 'drop'"):
        CascadePolicy(under_filled="delete")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("fill_with_unneeded", "yes", "'fill_with_unneeded' must be true or false"),
        ("theme_window", 5, "'theme_window' must be a relativedelta"),
    ],
)
def test_policy_field_types_are_checked(field: str, value: object, message: str) -> None:
    """A policy field of the wrong type is a ``TypeError`` that names the field."""
    with pytest.raises(TypeError, match=message):
        CascadePolicy(**{field: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [True, 1.5, "1", None])
def test_seed_must_be_an_integer(plan: Plan, seed: object) -> None:
    """A seed that is not an int (bools excluded) is a ``FieldTypeError`` on ``seed``."""
    with pytest.raises(
        FieldTypeError, match=r"^'seed' must be a whole number >= 0 \(got "
    ) as caught:
        allocate(plan, seed=seed)  # type: ignore[arg-type]

    assert "seed" == caught.value.field


def test_reference_day_defaults_to_the_end_of_the_period(plan: Plan) -> None:
    """Without ``on``, coverage is judged on the last day of the plan period."""
    result = allocate(plan, seed=3)

    assert (D(2024, 12, 31), 3) == (result.on, result.seed)


def test_reference_day_can_be_given(plan: Plan) -> None:
    """With ``on``, coverage before and after is judged on that day."""
    result = allocate(plan, on=D(2024, 6, 30))

    assert (D(2024, 6, 30), D(2024, 6, 30)) == (result.coverage_before.on, result.coverage_after.on)


def test_repr_counts_placements_still_short_and_unseated(plan: Plan) -> None:
    """The result's repr says how many were placed, still short and unseated, and the seed."""
    result = allocate(plan.evolve(sessions=plan.sessions[:1]), seed=5)

    assert "<AllocationResult 1 placements, 1 still short, 1 unseated, seed=5>" == repr(result)


# -- the new plan, coverage and fill ------------------------------------------------------


def test_new_plan_is_the_old_plus_placements(plan: Plan) -> None:
    """The new plan is the input with the placements appended and nothing else changed."""
    result = allocate(plan)

    assert plan.evolve(enrollments=result.placements) == result.plan
    assert validate(result.plan).ok


def test_coverage_after_improves_on_coverage_before(plan: Plan) -> None:
    """Nobody meets the requirement before; both cadres meet it after."""
    result = allocate(plan)

    assert (0.0, 1.0) == (result.coverage_before.rate(), result.coverage_after.rate())
    assert coverage(plan).entries == result.coverage_before.entries


def test_fill_by_tier_in_tier_order(plan: Plan) -> None:
    """Fill by tier lists every tier of the scheme in order, with seats taken and capacity."""
    result = allocate(plan)

    assert list(plan.tiers.codes) == list(result.fill_by_tier)
    assert (1, 1) == result.fill_by_tier["county_general"]
    assert (1, 2) == result.fill_by_tier["township_backstop"]
    assert (0, 0) == result.fill_by_tier["national_dispatch"]


def test_fill_sums_match_the_placements() -> None:
    """Seats taken over all tiers are the old seats plus the new; placements by unit add up."""
    plan = make_plan(
        cadres=(*(cadre(f"t1_{n}") for n in range(4)), *(cadre(f"t2_{n}", "T2") for n in range(3))),
        programs=(program("p"), program("q", tier="prefecture_key")),
        sessions=(
            session("s", "p", D(2024, 3, 4), capacity=3),
            session("r", "q", D(2024, 5, 6), capacity=2),
        ),
        enrollments=(Enrollment(cadre="t1_0", session="s"),),
    )

    result = allocate(plan)

    assert 1 + len(result.placements) == sum(taken for taken, _ in result.fill_by_tier.values())
    assert len(result.placements) == sum(result.fill_by_unit().values())
    assert len(result.placements) == sum(result.fill_by_unit(level=UnitKind.TOWNSHIP).values())
    assert {"P": len(result.placements)} == result.fill_by_unit(level=UnitKind.PREFECTURE)


def test_fill_by_unit_leaves_out_cadres_above_the_level() -> None:
    """A county-level cadre counts for no township."""
    plan = make_plan(
        cadres=(cadre("county_official", unit="C1"), cadre("a")),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 4), capacity=2),),
    )

    result = allocate(plan)

    assert {"T1": 1} == result.fill_by_unit(level=UnitKind.TOWNSHIP)
    assert {"C1": 2} == result.fill_by_unit()


# -- under-filled sessions ------------------------------------------------------------------


@pytest.fixture(name="thin_plan")
def _thin_plan() -> Plan:
    """Two short cadres, a 10-seat session in March and a 2-seat one in June."""
    return make_plan(
        cadres=(cadre("x"), cadre("y")),
        programs=(program("big"), program("small")),
        sessions=(
            session("big_march", "big", D(2024, 3, 4), capacity=10),
            session("small_june", "small", D(2024, 6, 3), capacity=2),
        ),
    )


def test_min_fill_flags_under_filled_sessions(thin_plan: Plan) -> None:
    """With ``min_fill=0.5``, sessions filled below half are flagged and kept."""
    policy = CascadePolicy(min_fill=0.5, fill_with_unneeded=False)

    result = allocate(thin_plan, policy=policy)

    assert ("big_march", "small_june") == result.under_filled
    assert {"big_march": ["x", "y"]} == seats(result)
    assert () == result.dropped


def test_no_min_fill_flags_nothing(thin_plan: Plan) -> None:
    """With ``min_fill=0`` (the default) no session is under-filled."""
    assert () == allocate(thin_plan).under_filled


def test_drop_places_the_people_of_a_dropped_session_elsewhere(thin_plan: Plan) -> None:
    """Dropping the under-filled March session moves its two cadres to the June session."""
    policy = CascadePolicy(min_fill=0.5, under_filled="drop", fill_with_unneeded=False)

    result = allocate(thin_plan, policy=policy)

    assert ("big_march",) == result.dropped
    assert {"small_june": ["x", "y"]} == seats(result)
    assert () == result.under_filled
    assert ["small_june"] == list(result.fill_by_session)


def test_drop_keeps_sessions_with_earlier_enrollments(thin_plan: Plan) -> None:
    """A session that already had enrollments is never dropped, however thin."""
    plan = thin_plan.evolve(
        cadres=(*thin_plan.cadres, cadre("z")),
        enrollments=(Enrollment(cadre="z", session="big_march"),),
    )
    policy = CascadePolicy(min_fill=0.5, under_filled="drop", fill_with_unneeded=False)

    result = allocate(plan, policy=policy)

    assert () == result.dropped
    assert ("big_march", "small_june") == result.under_filled


def test_progress_counts_up_when_sessions_are_dropped(thin_plan: Plan) -> None:
    """Progress only ever counts up, also when dropping sessions makes the cascade run again."""
    calls: list[tuple[int, int]] = []
    policy = CascadePolicy(min_fill=0.5, under_filled="drop", fill_with_unneeded=False)

    allocate(thin_plan, policy=policy, progress=lambda done, total: calls.append((done, total)))

    assert list(range(1, len(calls) + 1)) == [done for done, _ in calls]
    assert sorted(calls) == calls
    assert calls[-1][1] == calls[-1][0]


# -- unplaced cadres and their reasons ---------------------------------------------------------


def test_no_eligible_session() -> None:
    """A cadre short of a requirement no session counts toward has no eligible session."""
    plan = make_plan(
        requirements=(NATIONAL_ONLY,),
        cadres=(cadre("a"),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
    )

    result = allocate(plan)

    assert (Unplaced(cadre="a", requirements=("national",), reason="no_eligible_session"),) == (
        result.unplaced
    )


def test_no_eligible_session_under_an_age_bounded_audience() -> None:
    """A cadre of another rank is not eligible for an age-bounded program, whatever their age."""
    plan = make_plan(
        cadres=(cadre("a", born_on=D(1980, 1, 1)),),
        programs=(program("p", audience=Audience(ranks={"county"}, min_age=20, max_age=60)),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
    )

    result = allocate(plan)

    assert {"a": "no_eligible_session"} == reasons(result)


def test_all_full(plan: Plan) -> None:
    """A cadre who lost every seat to higher priorities is unplaced because all were full."""
    result = allocate(plan.evolve(sessions=plan.sessions[:1]))

    assert ["all_full"] == list(reasons(result).values())


def test_quota_exhausted() -> None:
    """A cadre whose unit's quota is used up is unplaced for the quota."""
    plan = make_plan(
        cadres=(cadre("a"),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
        seat_quotas=(SeatQuota(unit="C1", seats=0, session="s"),),
    )

    assert {"a": "quota_exhausted"} == reasons(allocate(plan))


def test_conflict() -> None:
    """A cadre busy during every session is unplaced for the conflict."""
    plan = make_plan(
        cadres=(cadre("a"),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
        assignments=(assignment("a", D(2024, 1, 1), D(2024, 12, 31)),),
    )

    assert {"a": "conflict"} == reasons(allocate(plan))


def test_duplicate() -> None:
    """A cadre who had the only program before is unplaced as duplicate."""
    plan = make_plan(
        cadres=(cadre("a"),),
        history=(record("a", D(2023, 3, 1), program="p"),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
    )

    assert {"a": "duplicate"} == reasons(allocate(plan))


def test_the_most_frequent_reason_wins() -> None:
    """A cadre blocked once by a conflict and twice as duplicate is unplaced as duplicate."""
    plan = make_plan(
        cadres=(cadre("a"),),
        history=(record("a", D(2023, 3, 1), program="p"), record("a", D(2023, 3, 1), program="q")),
        programs=(program("p"), program("q"), program("r")),
        sessions=(
            session("s1", "p", D(2024, 3, 4)),
            session("s2", "q", D(2024, 4, 1)),
            session("s3", "r", D(2024, 5, 6)),
        ),
        assignments=(assignment("a", D(2024, 5, 1), D(2024, 5, 31)),),
    )

    assert {"a": "duplicate"} == reasons(allocate(plan))


def test_conflict_wins_a_tie_of_reasons() -> None:
    """Blocked once by a conflict and once as duplicate, the cadre is unplaced for the conflict."""
    plan = make_plan(
        cadres=(cadre("a"),),
        history=(record("a", D(2023, 3, 1), program="p"),),
        programs=(program("p"), program("r")),
        sessions=(session("s1", "p", D(2024, 3, 4)), session("s3", "r", D(2024, 5, 6))),
        assignments=(assignment("a", D(2024, 5, 1), D(2024, 5, 31)),),
    )

    assert {"a": "conflict"} == reasons(allocate(plan))


def test_only_due_requirements_are_unplaced() -> None:
    """A cadre short of a requirement not yet due (grace period) is not listed as unplaced."""
    with_grace = Requirement(
        id="yearly",
        title="One session a year, a year's grace after appointment",
        audience=Audience(),
        cycle=relativedelta(years=1),
        sessions=1,
        grace=relativedelta(years=1),
    )
    plan = make_plan(
        requirements=(with_grace,),
        cadres=(cadre("new", appointed_on=D(2024, 9, 1)), cadre("old")),
        programs=(program("p", audience=Audience(categories={"village_cadre"})),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
    )

    assert ["old"] == [item.cadre for item in allocate(plan).unplaced]


# -- explanations ------------------------------------------------------------------------------


def test_explain_a_placement(plan: Plan) -> None:
    """A placed cadre's story names the session and the priority that won it."""
    result = allocate(plan, seed=0)
    winner = result.placements[0].cadre

    event = result.explain(winner).events[0]

    assert ("s", Outcome.PLACED) == (event.session, event.outcome)
    assert "short by 100% of a requirement, due 2024-12-31, never trained" in event.detail


def test_explain_a_full_session_lost_on_the_draw(plan: Plan) -> None:
    """The cadre who lost the one seat on the tie-break is told so, with who took it and the key."""
    result = allocate(plan, seed=0)
    winner = result.placements[0].cadre
    loser = ({"a", "b"} - {winner}).pop()

    events = result.explain(loser).events

    detail = (
        f"all 1 seat taken; same priority; lost the draw, seed 0: the last seat went to "
        f"{winner!r} at the cut-off priority (short by 100% of a requirement, due 2024-12-31, "
        "never trained)"
    )
    assert (
        AllocationEvent("s", Outcome.FULL, detail),
        AllocationEvent("b", Outcome.PLACED, events[1].detail),
    ) == events


def test_explain_a_full_session_lost_to_a_higher_priority() -> None:
    """A cadre ranked below the last seat's holder is told both priorities."""
    plan = make_plan(
        cadres=(cadre("met"), cadre("short")),
        history=(record("met", D(2024, 2, 1)),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
    )

    event = allocate(plan).explain("met").for_session("s")

    detail = (
        "all 1 seat went to candidates with higher priority: the last seat went to 'short' at "
        "the cut-off priority (short by 100% of a requirement, due 2024-12-31, never trained); "
        "this cadre's priority: not short of a requirement this session counts toward"
    )
    assert AllocationEvent("s", Outcome.FULL, detail) == event


def test_explain_a_session_full_before_allocation() -> None:
    """A session whose seats were all taken before allocation says so."""
    plan = make_plan(
        cadres=(cadre("a"), cadre("b")),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
        enrollments=(Enrollment(cadre="b", session="s"),),
    )

    event = allocate(plan).explain("a").for_session("s")

    assert AllocationEvent("s", Outcome.FULL, "all 1 seat taken before allocation") == event


def test_explain_a_conflict() -> None:
    """A cadre on a practice assignment is told when they were busy."""
    plan = make_plan(
        cadres=(cadre("a"),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
        assignments=(assignment("a", D(2024, 3, 1), D(2024, 3, 31)),),
    )

    explanation = allocate(plan).explain("a")

    detail = (
        "busy with practice assignment at post 'post' 2024-03-01..2024-03-31 ($.assignments[0])"
    )
    assert (AllocationEvent("s", Outcome.CONFLICT, detail),) == explanation.events


def test_explain_not_needed() -> None:
    """A cadre who needs nothing, in a cascade that seats only the short, is told so."""
    plan = make_plan(
        cadres=(cadre("met"),),
        history=(record("met", D(2024, 2, 1)),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
    )

    result = allocate(plan, policy=CascadePolicy(fill_with_unneeded=False))

    assert (
        AllocationEvent("s", Outcome.NOT_NEEDED, "needs no training this session counts toward"),
    ) == result.explain("met").events


def test_explain_an_earlier_enrollment() -> None:
    """A cadre enrolled before allocation is told so, for the session they hold."""
    plan = make_plan(
        cadres=(cadre("a"),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
        enrollments=(Enrollment(cadre="a", session="s"),),
    )

    assert (AllocationEvent("s", Outcome.ALREADY_ENROLLED, "enrolled, planned"),) == (
        allocate(plan).explain("a").events
    )


def test_explain_names_the_audience_condition_that_excludes() -> None:
    """A session outside the cadre's audience is explained, with the condition that fails."""
    plan = make_plan(
        cadres=(cadre("a"),),
        programs=(program("p", audience=Audience(categories={"village_cadre"})),),
        sessions=(session("s", "p", D(2024, 3, 4)),),
    )

    explanation = allocate(plan).explain("a")

    detail = "not in the audience: category 'township_cadre' is not one of 'village_cadre'"
    assert (AllocationEvent("s", Outcome.INELIGIBLE, detail),) == explanation.events
    assert ("allocation", 0) == (explanation.basis, explanation.seed)
    assert (
        "cadre 'a', in this allocation, seed 0, each session at its turn:\n"
        f"  s: ineligible - {detail}\n"
        "coverage:\n"
        "  yearly (2024-01-01..2024-12-31, due 2024-12-31): short of 1 session"
    ) == str(explanation)


def test_explanation_reads_as_lines() -> None:
    """An explanation prints the question it answers, then a line per session: id, outcome, why."""
    explanation = Explanation(
        cadre="a",
        events=(
            AllocationEvent(
                "s1", Outcome.FULL, "all 3 seats went to candidates with higher priority"
            ),
            AllocationEvent("s2", Outcome.PLACED, "priority short by 100% of a requirement"),
        ),
    )

    assert (
        "cadre 'a', in the plan as it stands:\n"
        "  s1: full - all 3 seats went to candidates with higher priority\n"
        "  s2: placed - priority short by 100% of a requirement"
    ) == str(explanation)


def test_explain_later_sessions_of_a_program_the_cadre_was_placed_in() -> None:
    """After a seat in one session of a program, its later sessions are duplicate, not full."""
    plan = make_plan(
        cadres=(cadre("a"), cadre("b")),
        programs=(program("p"),),
        sessions=(session("s1", "p", D(2024, 3, 4)), session("s2", "p", D(2024, 9, 2))),
    )
    result = allocate(plan, seed=0)
    first = result.placements[0].cadre

    assert [("s1", Outcome.PLACED), ("s2", Outcome.DUPLICATE)] == [
        (event.session, event.outcome) for event in result.explain(first).events
    ]


def test_explain_an_unknown_cadre(plan: Plan) -> None:
    """Explaining a cadre who is not in the plan raises ``UnknownIdError``."""
    with pytest.raises(UnknownIdError, match="no cadre with id 'nobody'"):
        allocate(plan).explain("nobody")


# -- backstop shortfall -------------------------------------------------------------------


@pytest.fixture(name="uncovered_plan")
def _uncovered_plan() -> Plan:
    """45 short cadres in T1, 3 in T2 and 2 at county level, none of whom any session serves."""
    return make_plan(
        requirements=(NATIONAL_ONLY,),
        cadres=(
            *(cadre(f"t1_{number}") for number in range(45)),
            *(cadre(f"t2_{number}", unit="T2") for number in range(3)),
            cadre("county_1", unit="C1"),
            cadre("county_2", unit="C2"),
        ),
        programs=(program("backstop", tier="township_backstop"),),
    )


def test_backstop_shortfall_by_the_median_backstop_session(uncovered_plan: Plan) -> None:
    """Each township needs a seat per uncovered cadre, in sessions the median backstop size."""
    plan = uncovered_plan.evolve(
        sessions=tuple(
            session(
                f"b{capacity}", "backstop", D(2024, 11, 4), capacity=capacity, institution="venue"
            )
            for capacity in (10, 20, 30)
        )
    )

    result = allocate(plan)

    assert (
        TownshipShortfall(unit="T1", cadres=45, seats_needed=45, sessions_needed=3),
        TownshipShortfall(unit="T2", cadres=3, seats_needed=3, sessions_needed=1),
    ) == result.backstop_shortfall


def test_backstop_shortfall_without_backstop_sessions(uncovered_plan: Plan) -> None:
    """Without a backstop session to measure, a backstop class is taken to have 30 seats."""
    result = allocate(uncovered_plan)

    assert [("T1", 2), ("T2", 1)] == [
        (item.unit, item.sessions_needed) for item in result.backstop_shortfall
    ]


def test_backstop_shortfall_leaves_out_cadres_of_unknown_units(uncovered_plan: Plan) -> None:
    """A short cadre whose unit is not in the plan (CP101) belongs to no township."""
    plan = uncovered_plan.evolve(cadres=(*uncovered_plan.cadres, cadre("lost", unit="nowhere")))

    result = allocate(plan, allow_errors=True)

    assert "lost" in {item.cadre for item in result.unplaced}
    assert [("T1", 45), ("T2", 3)] == [
        (item.unit, item.cadres) for item in result.backstop_shortfall
    ]


def test_no_shortfall_when_everyone_is_covered(plan: Plan) -> None:
    """When every cadre is served, no township falls short."""
    assert () == allocate(plan).backstop_shortfall


# -- objective and determinism ---------------------------------------------------------------


def test_objective_counts_cadres_served(plan: Plan) -> None:
    """The cascade's objective is one per short cadre who got a seat that counts."""
    assert 2 == allocate(plan).objective
    assert allocate(plan).optimum is None


def test_same_plan_and_seed_save_the_same_bytes(tmp_path: Path) -> None:
    """Allocating the same plan with the same seed twice saves byte-identical files."""

    def build() -> Plan:
        return make_plan(
            cadres=tuple(
                cadre(f"c{number}", unit=("T1", "T2")[number % 2]) for number in range(12)
            ),
            programs=(program("p"), program("q", tier="prefecture_key"), program("r")),
            sessions=(
                session("s1", "p", D(2024, 3, 4), capacity=3),
                session("s2", "q", D(2024, 4, 1), capacity=4),
                session("s3", "r", D(2024, 5, 6), capacity=3),
            ),
        )

    first = save_plan(allocate(build(), seed=11).plan, tmp_path / "first.json")
    second = save_plan(allocate(build(), seed=11).plan, tmp_path / "second.json")

    assert first.read_bytes() == second.read_bytes()


def test_demo_region_allocates_validly() -> None:
    """Allocating the demo region keeps it valid and raises its coverage."""
    plan = demo_region()

    result = allocate(plan, seed=1)

    assert [] == [finding.code for finding in validate(result.plan).errors]
    assert result.coverage_after.rate() > result.coverage_before.rate()
    assert len(result.placements) == sum(result.fill_by_unit(level=UnitKind.REGION).values())
