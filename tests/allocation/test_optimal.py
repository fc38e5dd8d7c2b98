"""``OptimalPolicy``: the min-cost-flow optimizer, its objective and its hard constraints.

The plans are small and hand-built for the year 2024 (see ``make_plan``); the
optimizer needs OR-Tools (the ``solver`` extra), which the test environment has.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

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
    EnrollmentStatus,
    Institution,
    OptimalPolicy,
    OptionalDependencyError,
    Outcome,
    Period,
    Plan,
    PracticeAssignment,
    Program,
    Requirement,
    SeatQuota,
    Session,
    SessionFill,
    TrainingRecord,
    Unit,
    UnitKind,
    allocate,
    coverage,
    validate,
)
from cadreplan.allocation._objective import placement_worth
from cadreplan.allocation._optimal import solve_optimal
from cadreplan.datasets import demo_region
from cadreplan.ledger import DEFAULT_THEME_WINDOW

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
INSTITUTIONS = (Institution(id="school", name="Party school", kind="party_school"),)


def yearly(requirement_id: str = "yearly", **fields: Any) -> Requirement:
    return Requirement(
        id=requirement_id,
        title=requirement_id,
        audience=fields.pop("audience", Audience()),
        cycle=relativedelta(years=1),
        sessions=1,
        basis=CycleBasis.FIXED,
        anchor_on=D(2024, 1, 1),
        **fields,
    )


def cadre(cadre_id: str, unit: str = "T1", **fields: Any) -> Cadre:
    fields.setdefault("category", "township_cadre")
    fields.setdefault("rank", "township")
    return Cadre(id=cadre_id, name=cadre_id, unit=unit, **fields)


def program(program_id: str, tier: str = "county_general", **fields: Any) -> Program:
    fields.setdefault("hours", 30)
    return Program(id=program_id, title=program_id, tier=tier, organizer="P", **fields)


def session(
    session_id: str, program_id: str, start_on: dt.date, *, days: int = 3, capacity: int = 1
) -> Session:
    return Session(
        id=session_id,
        program=program_id,
        institution="school",
        start_on=start_on,
        end_on=start_on + dt.timedelta(days=days - 1),
        capacity=capacity,
    )


def record(cadre_id: str, start_on: dt.date, **fields: Any) -> TrainingRecord:
    return TrainingRecord(cadre=cadre_id, start_on=start_on, end_on=start_on, hours=10, **fields)


def make_plan(**parts: Any) -> Plan:
    parts.setdefault("requirements", (yearly(),))
    return Plan(name="test", period=PERIOD, units=UNITS, institutions=INSTITUTIONS, **parts)


def seats(result: AllocationResult) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for enrollment in result.placements:
        found.setdefault(enrollment.session, []).append(enrollment.cadre)
    return {key: sorted(value) for key, value in found.items()}


def solve(plan: Plan, **options: Any) -> list[tuple[str, str]]:
    """Run the optimizer alone and return its (cadre, session) pairs, sorted."""
    options.setdefault("weights", {})
    options.setdefault("theme_window", DEFAULT_THEME_WINDOW)
    options.setdefault("seed", 0)
    solution = solve_optimal(plan, coverage(plan), **options)
    return sorted((e.cadre, e.session) for e in solution.placements)


@pytest.fixture(name="greedy_trap")
def _greedy_trap() -> Plan:
    """The cascade's first pick blocks the best assignment.

    Village cadre "flexible" (never trained) may take either session; township
    cadre "picky" (trained in 2023) only the March one. The cascade gives March
    to "flexible", who ranks higher, and June has nobody else to serve.
    """
    return make_plan(
        cadres=(cadre("flexible", category="village_cadre"), cadre("picky")),
        history=(record("picky", D(2023, 3, 1)),),
        programs=(program("p"), program("q", audience=Audience(categories={"village_cadre"}))),
        sessions=(session("march", "p", D(2024, 3, 4)), session("june", "q", D(2024, 6, 3))),
    )


# -- objective and optimum ------------------------------------------------------------------


def test_optimizer_serves_more_than_the_cascade(greedy_trap: Plan) -> None:
    """Where the cascade serves one cadre, the optimizer serves both."""
    cascade = allocate(greedy_trap)
    optimal = allocate(greedy_trap, policy=OptimalPolicy())

    assert (1, 2, 2) == (cascade.objective, optimal.objective, optimal.optimum)
    assert {"march": ["picky"], "june": ["flexible"]} == seats(optimal)


def test_cascade_objective_never_exceeds_the_optimum(greedy_trap: Plan) -> None:
    """The cascade's objective is at most the optimum of the same plan."""
    optimum = allocate(greedy_trap, policy=OptimalPolicy()).optimum
    assert optimum is not None

    for seed in range(5):
        assert allocate(greedy_trap, seed=seed).objective <= optimum


def test_optimal_result_passes_validation(greedy_trap: Plan) -> None:
    """The optimizer's new plan has no validation errors."""
    result = allocate(greedy_trap, policy=OptimalPolicy())

    assert [] == [finding.code for finding in validate(result.plan).errors]


def test_optimum_is_zero_when_nobody_is_short() -> None:
    """With every cadre's requirement met, the optimum is 0 and seats still get filled."""
    plan = make_plan(
        cadres=(cadre("met"),),
        history=(record("met", D(2024, 2, 1)),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    result = allocate(plan, policy=OptimalPolicy())

    assert (0, 0) == (result.optimum, result.objective)
    assert {"s": ["met"]} == seats(result)


def test_cascade_reaches_the_optimum_on_the_demo_region() -> None:
    """On the demo region the cascade's objective is at least 99% of the optimum."""
    plan = demo_region()

    optimum = allocate(plan, policy=OptimalPolicy(), seed=1).optimum
    objective = allocate(plan, seed=1).objective

    assert optimum is not None
    assert objective >= 0.99 * optimum


def test_objective_counts_each_cadre_once_at_their_best_seat() -> None:
    """A cadre with two new seats counts once, at the worth of the better one."""
    plan = make_plan(
        requirements=(yearly("one"), yearly("two", tiers={"prefecture_key"})),
        cadres=(cadre("a"),),
        programs=(program("p"), program("q", tier="prefecture_key")),
        sessions=(session("s", "p", D(2024, 3, 4)), session("t", "q", D(2024, 6, 3))),
    )
    placements = (Enrollment(cadre="a", session="s"), Enrollment(cadre="a", session="t"))

    assert 2 == placement_worth(plan, coverage(plan), placements, {})
    assert 4 == placement_worth(plan, coverage(plan), placements, {"two": 3})


# -- weights ---------------------------------------------------------------------------------


@pytest.fixture(name="two_needs")
def _two_needs() -> Plan:
    """One seat; cadre "a" is short of requirement "low", cadre "b" of requirement "high"."""
    return make_plan(
        requirements=(
            yearly("low", audience=Audience(tags={"low"})),
            yearly("high", audience=Audience(tags={"high"})),
        ),
        cadres=(cadre("a", tags={"low"}), cadre("b", tags={"high"})),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )


def test_weights_decide_who_gets_the_seat(two_needs: Plan) -> None:
    """Weighting requirement "high" 5 gives the seat to the cadre short of it, for any seed."""
    policy = OptimalPolicy(weights={"high": 5})

    results = [allocate(two_needs, policy=policy, seed=seed) for seed in range(5)]

    assert {("b", 5, 5)} == {(r.placements[0].cadre, r.objective, r.optimum) for r in results}


def test_weights_are_kept_sorted() -> None:
    """Weights are stored as a dict sorted by requirement id."""
    assert ["a", "b"] == list(OptimalPolicy(weights={"b": 1, "a": 2}).weights)


@pytest.mark.parametrize(
    ("weights", "error", "message"),
    [
        ({"r": 0}, ValueError, r"'weights' must map to weights >= 1 \(got 'r': 0\)"),
        ({"r": 1.5}, TypeError, r"'weights' maps requirement ids to integers \(got 'r': 1.5\)"),
        ({"r": True}, TypeError, r"'weights' maps requirement ids to integers \(got 'r': True\)"),
        ({1: 1}, TypeError, r"'weights' maps requirement ids to integers \(got 1: 1\)"),
        ({1: 1, "a": 2}, TypeError, r"'weights' maps requirement ids to integers \(got 1: 1\)"),
        ([("r", 1)], TypeError, r"^'weights' must be a mapping from requirement ids to integer "),
        (None, TypeError, r"^'weights' must be a mapping .* \(got None\)$"),
    ],
    ids=["zero", "float", "bool", "int-key", "int-and-str-keys", "pairs", "none"],
)
def test_weights_are_positive_integers_by_requirement_id(
    weights: dict[Any, Any], error: type[Exception], message: str
) -> None:
    """Each weight maps a requirement id to an int of at least 1; the error names the entry."""
    with pytest.raises(error, match=message):
        OptimalPolicy(weights=weights)


def test_optimal_policy_field_types_are_checked() -> None:
    """``fill_with_unneeded`` must be a bool."""
    with pytest.raises(TypeError, match="'fill_with_unneeded' must be true or false"):
        OptimalPolicy(fill_with_unneeded=1)  # type: ignore[arg-type]


# -- hard constraints ------------------------------------------------------------------------


def test_optimizer_keeps_the_hard_constraints() -> None:
    """The optimizer seats nobody busy, trained on the program or theme, or out of the audience."""
    young = D(1995, 1, 1)
    plan = make_plan(
        cadres=(
            cadre("busy", born_on=young),
            cadre("had_program", born_on=young),
            cadre("had_theme", born_on=young),
            cadre("too_old", born_on=D(1980, 1, 1)),
            cadre("outside", unit="T2", born_on=young),
            cadre("fine", born_on=young),
        ),
        history=(
            record("had_program", D(2023, 1, 2), program="p"),
            record("had_theme", D(2023, 12, 4), themes={"cybersecurity"}),
        ),
        programs=(
            program("p", themes={"cybersecurity"}, audience=Audience(units={"C1"}, max_age=30)),
        ),
        sessions=(session("s", "p", D(2024, 3, 4), capacity=6),),
        assignments=(
            PracticeAssignment(
                cadre="busy", post="x", start_on=D(2024, 3, 1), end_on=D(2024, 3, 5)
            ),
        ),
    )

    assert [("fine", "s")] == solve(plan)


def test_optimizer_values_seats_inside_the_requirement_window_only() -> None:
    """A session after a cadre's induction window closed is worth nothing to that cadre."""
    induction = Requirement(
        id="induction",
        title="Induction within three months of appointment",
        audience=Audience(),
        cycle=relativedelta(months=3),
        sessions=1,
        basis=CycleBasis.APPOINTMENT,
    )
    plan = make_plan(
        requirements=(induction,),
        cadres=(
            cadre("window_closed", appointed_on=D(2023, 12, 1)),
            cadre("window_open", appointed_on=D(2024, 5, 1)),
        ),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert [("window_open", "s")] == solve(plan)


def test_optimizer_judges_age_on_each_session_start() -> None:
    """A cadre too young for a program's first session gets its later one."""
    plan = make_plan(
        cadres=(cadre("turning_40", born_on=D(1984, 6, 15)),),
        programs=(program("p", audience=Audience(min_age=40)),),
        sessions=(session("march", "p", D(2024, 3, 4)), session("september", "p", D(2024, 9, 2))),
    )

    assert [("turning_40", "september")] == solve(plan)


def test_optimizer_skips_programs_that_count_toward_nothing() -> None:
    """A program no requirement counts toward gets no seat from the optimizer."""
    plan = make_plan(
        requirements=(yearly(tiers={"prefecture_key"}),),
        cadres=(cadre("a"),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert [] == solve(plan)


def test_optimizer_respects_capacity_and_existing_seats() -> None:
    """A full session takes nobody; a session with one seat left takes one."""
    plan = make_plan(
        cadres=(cadre("a"), cadre("b"), cadre("c"), cadre("d", unit="T2")),
        programs=(program("p"), program("q")),
        sessions=(
            session("full", "p", D(2024, 3, 4)),
            session("open", "q", D(2024, 6, 3), capacity=2),
        ),
        enrollments=(
            Enrollment(cadre="d", session="full"),
            Enrollment(cadre="d", session="open"),
            Enrollment(cadre="c", session="full", status=EnrollmentStatus.WITHDRAWN),
        ),
    )

    assert 1 == len(solve(plan))


def test_optimizer_respects_a_session_quota_cap() -> None:
    """County C1 with a quota of 1 gets one seat of two, however many it could use."""
    plan = make_plan(
        cadres=(cadre("a"), cadre("b"), cadre("c", unit="T2")),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=3),),
        seat_quotas=(SeatQuota(unit="C1", seats=1, session="s"),),
    )

    result = allocate(plan, policy=OptimalPolicy(fill_with_unneeded=False))

    assert {"C1": 1, "C2": 1} == result.fill_by_unit()
    assert validate(result.plan).ok


@pytest.mark.parametrize(
    "quotas",
    [
        pytest.param(
            (
                SeatQuota(unit="C1", seats=1, session="s"),
                SeatQuota(unit="T1", seats=1, session="t"),
            ),
            id="township-quota-of-another-session",
        ),
        pytest.param(
            (
                SeatQuota(unit="C1", seats=1, session="s"),
                SeatQuota(unit="T1", seats=2, session="s"),
            ),
            id="nested-quotas-of-one-session",
        ),
    ],
)
def test_optimizer_respects_a_county_quota_for_township_cadres(
    quotas: tuple[SeatQuota, ...],
) -> None:
    """A county's session quota caps its townships' cadres too, whatever other quotas exist."""
    plan = make_plan(
        cadres=(cadre("a"), cadre("b")),
        programs=(program("p"), program("q", audience=Audience(categories={"village_cadre"}))),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=2), session("t", "q", D(2024, 8, 5))),
        seat_quotas=quotas,
    )

    result = allocate(plan, policy=OptimalPolicy())

    assert [] == [finding.code for finding in validate(result.plan).errors]


def test_program_quotas_are_enforced_after_the_optimizer() -> None:
    """A program quota the optimizer does not model still holds; the objective falls short."""
    plan = make_plan(
        cadres=(cadre("a"), cadre("b")),
        programs=(program("p"),),
        sessions=(session("s1", "p", D(2024, 3, 4)), session("s2", "p", D(2024, 9, 2))),
        seat_quotas=(SeatQuota(unit="C1", seats=1, program="p"),),
    )

    result = allocate(plan, policy=OptimalPolicy())

    assert (2, 1, 1) == (result.optimum, result.objective, len(result.placements))
    assert validate(result.plan).ok


def test_program_quotas_count_seats_held_before() -> None:
    """A unit's earlier seats in a program use up its program quota for the optimizer's seats."""
    plan = make_plan(
        cadres=(cadre("a"), cadre("b")),
        history=(record("a", D(2024, 2, 1)),),
        programs=(program("p"),),
        sessions=(session("s1", "p", D(2024, 3, 4)), session("s2", "p", D(2024, 9, 2))),
        enrollments=(Enrollment(cadre="a", session="s1"),),
        seat_quotas=(SeatQuota(unit="C1", seats=1, program="p"),),
    )

    result = allocate(plan, policy=OptimalPolicy())

    assert () == result.placements


def test_no_second_enrollment_where_a_cadre_withdrew() -> None:
    """The optimizer does not enroll a cadre again in a session they withdrew from (CP102)."""
    plan = make_plan(
        cadres=(cadre("a"),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
        enrollments=(Enrollment(cadre="a", session="s", status=EnrollmentStatus.WITHDRAWN),),
    )

    result = allocate(plan, policy=OptimalPolicy())

    assert [] == [finding.code for finding in validate(result.plan).errors]


# -- merged nodes, the cascade afterwards, the result ----------------------------------------


def test_interchangeable_cadres_share_one_node() -> None:
    """Ten cadres who can take the same sessions at the same worth form one flow node."""
    plan = make_plan(
        cadres=tuple(cadre(f"c{number}") for number in range(10)),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=4),),
    )

    solution = solve_optimal(
        plan, coverage(plan), weights={}, theme_window=DEFAULT_THEME_WINDOW, seed=0
    )

    assert (1, 4, 4) == (solution.groups, len(solution.placements), solution.optimum)


def test_seed_picks_among_interchangeable_cadres() -> None:
    """Which of two interchangeable cadres gets the seat depends on the seed, stably."""
    plan = make_plan(
        cadres=(cadre("a"), cadre("b")),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )
    policy = OptimalPolicy(fill_with_unneeded=False)

    def winner(seed: int) -> str:
        return allocate(plan, policy=policy, seed=seed).placements[0].cadre

    assert {"a", "b"} == {winner(seed) for seed in range(20)}
    assert [winner(seed) for seed in range(5)] == [winner(seed) for seed in range(5)]


def test_cascade_fills_the_seats_the_optimizer_left(greedy_trap: Plan) -> None:
    """After the optimizer, spare seats go to cadres who need nothing, unless told otherwise."""
    plan = greedy_trap.evolve(
        sessions=(session("march", "p", D(2024, 3, 4), capacity=3), greedy_trap.sessions[1]),
        cadres=(*greedy_trap.cadres, cadre("met")),
        history=(*greedy_trap.history, record("met", D(2024, 2, 1))),
    )

    filled = allocate(plan, policy=OptimalPolicy())
    lean = allocate(plan, policy=OptimalPolicy(fill_with_unneeded=False))

    assert {"march": ["flexible", "met", "picky"], "june": ["flexible"]} == seats(filled)
    assert {"march": ["picky"], "june": ["flexible"]} == seats(lean)


def test_optimal_result_explains_and_fills(greedy_trap: Plan) -> None:
    """The result tells who the optimizer placed and counts those seats as placed."""
    result = allocate(greedy_trap, policy=OptimalPolicy())

    assert (AllocationEvent("march", Outcome.PLACED, "placed by the optimizer"),) == (
        result.explain("picky").events[:1]
    )
    assert (
        SessionFill(session="march", capacity=1, existing=0, placed=1)
        == (result.fill_by_session["march"])
    )
    assert () == result.under_filled
    assert () == result.unplaced


def test_optimal_result_is_deterministic(greedy_trap: Plan) -> None:
    """The same plan and seed give the same placements."""
    first = allocate(greedy_trap, policy=OptimalPolicy(), seed=4)
    second = allocate(greedy_trap, policy=OptimalPolicy(), seed=4)

    assert first.placements == second.placements


def test_progress_reports_the_cascade_after_the_optimizer(greedy_trap: Plan) -> None:
    """Progress counts the sessions of the cascade that fills the remaining seats."""
    calls: list[tuple[int, int]] = []

    allocate(greedy_trap, policy=OptimalPolicy(), progress=lambda *call: calls.append(call))

    assert [(1, 2), (2, 2)] == calls


def test_missing_solver(greedy_trap: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without OR-Tools, ``OptimalPolicy`` raises ``OptionalDependencyError`` naming the extra."""
    monkeypatch.setitem(sys.modules, "ortools.graph.python", None)
    monkeypatch.setitem(sys.modules, "cadreplan.allocation._ortools", None)

    with pytest.raises(OptionalDependencyError, match=r"pip install 'cadreplan\[solver\]'"):
        allocate(greedy_trap, policy=OptimalPolicy())


def test_missing_solver_does_not_affect_the_cascade(
    greedy_trap: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cascade and its objective need no solver."""
    monkeypatch.setitem(sys.modules, "ortools.graph.python", None)
    monkeypatch.setitem(sys.modules, "cadreplan.allocation._ortools", None)

    assert 1 == allocate(greedy_trap, policy=CascadePolicy()).objective


def test_a_session_the_optimizer_filled_says_so(greedy_trap: Plan) -> None:
    """A cadre left out of a session whose seats the optimizer gave is told so, not outranked."""
    result = allocate(greedy_trap, policy=OptimalPolicy())

    assert AllocationEvent(
        "march", Outcome.FULL, "all 1 seat taken: 0 before allocation, 1 given by the optimizer"
    ) == result.explain("flexible").for_session("march")
