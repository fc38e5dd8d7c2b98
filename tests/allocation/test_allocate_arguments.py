"""``allocate``'s arguments, its refusal of plans with errors, and the names of its results.

Every argument is checked once, in the library, with a `FieldError` that
names it, says what was expected and what was found (the command line shows
the same message with its option's name). A plan with error findings is
refused with them unless ``allow_errors=True``. The result names what it
holds: ``still_short`` and ``unseated``, ``TierFill`` records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from cadreplan import (
    Audience,
    Cadre,
    CadreShortfall,
    CascadePolicy,
    CycleBasis,
    Enrollment,
    FieldTypeError,
    FieldValueError,
    Institution,
    OptimalPolicy,
    Outcome,
    Period,
    Plan,
    Program,
    Requirement,
    SeatQuota,
    Session,
    ShortfallReason,
    TierFill,
    TrainingRecord,
    Unit,
    UnitKind,
    UnknownIdError,
    Unplaced,
    UnplacedReason,
    ValidationError,
    allocate,
    explain,
)
from cadreplan.datasets import demo_region

D = dt.date
PERIOD = Period(D(2024, 1, 1), D(2024, 12, 31))
UNITS = (
    Unit(id="R", name="Region", kind=UnitKind.REGION),
    Unit(id="C1", name="County 1", kind=UnitKind.COUNTY, parent="R"),
    Unit(id="C2", name="County 2", kind=UnitKind.COUNTY, parent="R"),
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


def cadre(cadre_id: str, unit: str = "T1") -> Cadre:
    return Cadre(id=cadre_id, name=cadre_id, unit=unit, category="township_cadre", rank="township")


def session(session_id: str, program_id: str, start_on: dt.date, capacity: int = 1) -> Session:
    return Session(
        id=session_id,
        program=program_id,
        institution="school",
        start_on=start_on,
        end_on=start_on + dt.timedelta(days=2),
        capacity=capacity,
    )


def make_plan(**parts: Any) -> Plan:
    parts.setdefault("requirements", (YEARLY,))
    parts.setdefault("cadres", (cadre("a"), cadre("b"), cadre("c", unit="T2")))
    parts.setdefault(
        "programs", (Program(id="p", title="p", tier="county_general", organizer="R", hours=30),)
    )
    parts.setdefault("sessions", (session("s", "p", D(2024, 3, 4), capacity=2),))
    return Plan(
        name="test",
        period=PERIOD,
        units=UNITS,
        institutions=(Institution(id="school", name="Party school", kind="party_school"),),
        **parts,
    )


CHOICES = "'policy' must be a CascadePolicy, an OptimalPolicy, or one of 'cascade' or 'optimal'"


@pytest.fixture(name="plan")
def _plan() -> Plan:
    """Three short cadres and one session of two seats."""
    return make_plan()


# -- arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), [("cascade", CascadePolicy), ("optimal", OptimalPolicy)])
def test_policies_by_name(plan: Plan, name: str, kind: type) -> None:
    """The names the command line uses give the default policies, with the same placements."""
    result = allocate(plan, policy=name)  # type: ignore[arg-type]

    assert kind() == result.policy
    assert allocate(plan, policy=kind()).placements == result.placements


@pytest.mark.parametrize(
    ("policy", "error", "message"),
    [
        (
            "optimum",
            FieldValueError,
            f"{CHOICES} (got 'optimum'); did you mean 'optimal'?",
        ),
        (
            "Cascade",
            FieldValueError,
            f"{CHOICES} (got 'Cascade'); did you mean 'cascade'?",
        ),
        (
            3,
            FieldTypeError,
            f"{CHOICES} (got 3)",
        ),
    ],
)
def test_a_bad_policy_is_named(
    plan: Plan, policy: object, error: type[Exception], message: str
) -> None:
    """Another policy name or object is refused with the choices and a did-you-mean."""
    with pytest.raises(error) as caught:
        allocate(plan, policy=policy)  # type: ignore[arg-type]

    assert (message, "policy") == (str(caught.value), caught.value.field)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("options", "error", "field", "message"),
    [
        ({"seed": -1}, FieldValueError, "seed", "'seed' must be >= 0 (got -1)"),
        ({"seed": 2.0}, FieldTypeError, "seed", "'seed' must be a whole number >= 0 (got 2.0)"),
        ({"on": "2024-06-30"}, FieldTypeError, "on", "'on' must be a date (got '2024-06-30')"),
        (
            {"on": dt.datetime(2024, 6, 30, tzinfo=dt.UTC)},
            FieldTypeError,
            "on",
            "'on' must be a date (got datetime.datetime(2024, 6, 30, 0, 0, ",
        ),
        (
            {"progress": "bar"},
            FieldTypeError,
            "progress",
            "'progress' must be None or a function called as progress(done, total) (got 'bar')",
        ),
        (
            {"allow_errors": "yes"},
            FieldTypeError,
            "allow_errors",
            "'allow_errors' must be true or false (got 'yes')",
        ),
    ],
)
def test_bad_arguments_are_named(
    plan: Plan, options: dict[str, Any], error: type[Exception], field: str, message: str
) -> None:
    """Each argument is checked before any work, with a message naming it (its start, here)."""
    with pytest.raises(error) as caught:
        allocate(plan, **options)

    assert (message, field) == (
        str(caught.value)[: len(message)],
        caught.value.field,  # type: ignore[attr-defined]
    )


def test_a_path_is_not_a_plan() -> None:
    """A file name where the plan goes says to load it first."""
    with pytest.raises(FieldTypeError, match=r"^'plan' must be a Plan \(got 'plan.json'\); read"):
        allocate("plan.json")  # type: ignore[arg-type]


def test_weights_of_requirements_the_plan_lacks_are_refused(plan: Plan) -> None:
    """A weight for a requirement id the plan does not have is a typo, not a weight of nothing."""
    with pytest.raises(FieldValueError) as caught:
        allocate(plan, policy=OptimalPolicy(weights={"yearlly": 2}))

    assert "weights" == caught.value.field
    assert (
        "'weights' names requirement 'yearlly', which the plan does not have; did you mean "
        "'yearly'? (its requirements: 'yearly')"
    ) == str(caught.value)


@pytest.mark.parametrize(
    ("cadre_id", "error", "message"),
    [
        ("aa", UnknownIdError, "no cadre with id 'aa'; did you mean 'a'?"),
        (1, FieldTypeError, "'cadre_id' must be a cadre's id, a string (got 1)"),
    ],
)
def test_explain_names_a_bad_cadre(
    plan: Plan, cadre_id: object, error: type[Exception], message: str
) -> None:
    """Both ways of explaining refuse an unknown cadre with a suggestion, or a non-string id."""
    result = allocate(plan)
    for ask in (lambda: result.explain(cadre_id), lambda: explain(plan, cadre_id)):  # type: ignore[arg-type]
        with pytest.raises(error) as caught:
            ask()
        assert message == str(caught.value).strip('"')


@pytest.mark.parametrize(
    ("options", "field"),
    [({"on": 20240101}, "on"), ({"theme_window": 6}, "theme_window")],
)
def test_explain_names_a_bad_option(plan: Plan, options: dict[str, Any], field: str) -> None:
    """``explain``'s options are checked like ``allocate``'s."""
    with pytest.raises(FieldTypeError) as caught:
        explain(plan, "a", **options)

    assert field == caught.value.field


# -- plans with error findings ------------------------------------------------------------


@pytest.fixture(name="faulty")
def _faulty(plan: Plan) -> Plan:
    """The plan with two error findings: a session over capacity, an unknown cadre enrolled."""
    return plan.evolve(
        enrollments=(
            Enrollment(cadre="a", session="s"),
            Enrollment(cadre="b", session="s"),
            Enrollment(cadre="c", session="s"),
            Enrollment(cadre="ghost", session="s"),
        )
    )


def test_a_plan_with_errors_is_refused(faulty: Plan) -> None:
    """``allocate`` refuses a plan with error findings, lists them and carries the report."""
    with pytest.raises(ValidationError) as caught:
        allocate(faulty)

    codes = [finding.code for finding in caught.value.report]  # type: ignore[attr-defined]
    assert ["CP101", "CP301"] == codes
    head = (
        "allocate refuses a plan with validation errors: 2 errors (fix them, or pass "
        "allow_errors=True to allocate it all the same):"
    )
    assert str(caught.value).splitlines() == [
        head,
        *(f"  {finding}" for finding in caught.value.report),  # type: ignore[attr-defined]
    ]


def test_a_refusal_lists_the_first_ten_findings() -> None:
    """A plan with many errors is refused with the first ten and the count of the rest."""
    ghosts = tuple(Enrollment(cadre=f"ghost{n}", session="s") for n in range(12))
    faulty = make_plan(
        sessions=(session("s", "p", D(2024, 3, 4), capacity=20),), enrollments=ghosts
    )

    with pytest.raises(ValidationError) as caught:
        allocate(faulty)

    lines = str(caught.value).splitlines()
    assert (12, "  … and 2 more") == (len(lines), lines[-1])


def test_allow_errors_allocates_and_says_so(faulty: Plan) -> None:
    """With ``allow_errors=True`` the plan is allocated; the result names the errors let through."""
    result = allocate(faulty, allow_errors=True)

    assert ["CP101", "CP301"] == [finding.code for finding in result.allowed_errors]
    assert repr(result).endswith(", seed=0, 2 errors allowed>")
    assert repr(
        allocate(faulty.evolve(enrollments=faulty.enrollments[:3]), allow_errors=True)
    ).endswith(", seed=0, 1 error allowed>")


def test_a_plan_without_errors_allows_none(plan: Plan) -> None:
    """A plan without error findings is allocated with nothing let through, warnings or not."""
    result = allocate(plan)

    assert () == result.allowed_errors
    assert () == allocate(demo_region(), seed=0).allowed_errors


# -- the names of the results -------------------------------------------------------------


def test_still_short_and_unseated_are_two_answers() -> None:
    """A cadre placed once but short of two sessions is still short, not unseated."""
    twice = Requirement(
        id="twice",
        title="Two sessions a year",
        audience=Audience(),
        cycle=relativedelta(years=1),
        sessions=2,
        basis=CycleBasis.FIXED,
        anchor_on=D(2024, 1, 1),
    )
    plan = make_plan(requirements=(twice,), cadres=(cadre("a"), cadre("b")))

    result = allocate(plan)

    placed = {enrollment.cadre for enrollment in result.placements}
    assert {"a", "b"} == placed
    assert [("a", ("twice",)), ("b", ("twice",))] == [
        (item.cadre, item.requirements) for item in result.still_short
    ]
    assert () == result.unseated


def test_unseated_are_those_short_before_who_got_nothing(plan: Plan) -> None:
    """Of three short cadres and two seats, one gets no seat at all, and says why."""
    result = allocate(plan, seed=0)
    placed = {enrollment.cadre for enrollment in result.placements}
    (left,) = {"a", "b", "c"} - placed

    assert (CadreShortfall(cadre=left, requirements=("yearly",), reason="all_full"),) == (
        result.unseated
    )
    assert result.unseated == result.still_short


def test_unseated_includes_requirements_not_yet_due() -> None:
    """Short of a requirement in its grace period and given nothing: unseated, not still short."""
    with_grace = Requirement(
        id="induction",
        title="Induction within a year",
        audience=Audience(),
        cycle=relativedelta(years=1),
        sessions=1,
        grace=relativedelta(years=1),
    )
    new = Cadre(
        id="new",
        name="new",
        unit="T1",
        category="township_cadre",
        rank="township",
        appointed_on=D(2024, 9, 1),
    )
    plan = make_plan(requirements=(with_grace,), cadres=(new,), sessions=())

    result = allocate(plan)

    assert () == result.still_short
    assert ("new",) == tuple(item.cadre for item in result.unseated)


def test_unplaced_is_the_old_name_of_still_short(plan: Plan) -> None:
    """``unplaced`` is a documented alias: the same records; ``Unplaced`` is the same class."""
    result = allocate(plan)

    assert result.unplaced is result.still_short
    assert Unplaced is CadreShortfall
    assert UnplacedReason is ShortfallReason
    assert "still_short" in (type(result).unplaced.__doc__ or "")


def test_fill_by_tier_holds_named_records(plan: Plan) -> None:
    """Each tier's fill is a ``TierFill`` that still unpacks as ``(taken, capacity)``."""
    fill = allocate(plan).fill_by_tier["county_general"]
    taken, capacity = fill

    assert TierFill(taken=2, capacity=2) == fill
    assert (2, 2, 1.0) == (taken, capacity, fill.rate)
    assert "TierFill(taken=2, capacity=2)" == repr(fill)
    assert 1.0 == TierFill(0, 0).rate


def test_fill_by_unit_takes_the_level_by_name(plan: Plan) -> None:
    """``fill_by_unit`` takes a ``UnitKind`` or its value, and names a bad one."""
    result = allocate(plan, seed=0)

    assert result.fill_by_unit(level=UnitKind.TOWNSHIP) == result.fill_by_unit(level="township")
    with pytest.raises(
        FieldValueError, match=r"^'level' must be a UnitKind: .*; did you mean 'county'\?$"
    ):
        result.fill_by_unit(level="countie")


def test_a_quota_is_judged_as_it_stood_at_each_turn() -> None:
    """A program quota used up by a later session did not stand in the way at an earlier one.

    ``b`` of C1 loses March's one seat to ``c`` of C2 (never trained); in
    September ``a`` of C1 takes C1's one seat of the program. At March's
    turn C1's quota was unused: the seat went to a higher priority.
    """
    history = (
        TrainingRecord(cadre="a", start_on=D(2023, 5, 1), end_on=D(2023, 5, 1), hours=8),
        TrainingRecord(cadre="b", start_on=D(2023, 6, 1), end_on=D(2023, 6, 1), hours=8),
    )
    plan = make_plan(
        history=history,
        sessions=(session("march", "p", D(2024, 3, 4)), session("september", "p", D(2024, 9, 2))),
        seat_quotas=(SeatQuota(unit="C1", seats=1, program="p"),),
    )

    result = allocate(plan)
    story = result.explain("b")

    assert [("march", "c"), ("september", "a")] == [(e.session, e.cadre) for e in result.placements]
    assert Outcome.FULL == story.for_session("march").outcome
    assert "the last seat went to 'c'" in story.for_session("march").detail
    assert Outcome.QUOTA == story.for_session("september").outcome
    # The allocated plan tells why b could not take March now: C1's quota is used up.
    assert Outcome.QUOTA == explain(result.plan, "b").for_session("march").outcome
