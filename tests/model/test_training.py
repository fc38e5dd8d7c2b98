"""Institutions, action plans, programs, sessions and enrollments."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import (
    ActionPlan,
    Audience,
    DeliveryMode,
    Enrollment,
    EnrollmentStatus,
    Institution,
    Program,
    Session,
    TeachingMethod,
)
from tests.strategies import date_ranges, sessions


def _session(start_on: dt.date, end_on: dt.date) -> Session:
    return Session(
        id="S", program="P", institution="I", start_on=start_on, end_on=end_on, capacity=30
    )


def test_institution_defaults() -> None:
    """An institution's location and altitude are optional."""
    institution = Institution(id="PS", name="党校", kind="party_school")
    expected = ("", None)

    assert expected == (institution.location, institution.altitude_m)


def test_action_plan_fields() -> None:
    """An action plan is an id and a title."""
    plan = ActionPlan(id="AP1", title="基层干部主题培训行动计划")
    expected = ("AP1", "基层干部主题培训行动计划")

    assert expected == (plan.id, plan.title)


@pytest.mark.parametrize(
    ("cls", "fields", "error", "message"),
    [
        (
            Institution,
            {"id": "I", "name": "n", "kind": ""},
            ValueError,
            "'kind' must be a non-empty",
        ),
        (
            Institution,
            {"id": "I", "name": "n", "kind": "k", "altitude_m": 10_000},
            ValueError,
            "'altitude_m' must be <= 9000 (got 10000)",
        ),
        (ActionPlan, {"id": "A", "title": None}, TypeError, "'title' must be a string (got None)"),
    ],
    ids=["institution-kind", "institution-altitude", "action-plan-title"],
)
def test_institution_and_action_plan_reject(
    cls: type, fields: dict[str, object], error: type[Exception], message: str
) -> None:
    """Institutions and action plans check their fields."""
    with pytest.raises(error) as raised:
        cls(**fields)

    assert message in str(raised.value)


# -- Program ------------------------------------------------------------------------------


def test_program_defaults() -> None:
    """A program is for everyone, in person, with no themes, methods or co-organizers."""
    program = Program(id="P", title="t", tier="county_general", organizer="CG", hours=32)
    expected = (Audience(), DeliveryMode.IN_PERSON, frozenset(), frozenset(), (), None)

    assert expected == (
        program.audience,
        program.delivery,
        program.themes,
        program.methods,
        program.co_organizers,
        program.action_plan,
    )


def test_program_collections_are_converted() -> None:
    """Themes and methods become frozensets, co-organizers a tuple in the order given."""
    program = Program(
        id="P",
        title="t",
        tier="county_general",
        organizer="CG",
        hours=32,
        themes=["rural_governance", "rural_governance"],
        co_organizers=["宣传部", "政法委"],
        methods=[TeachingMethod.LECTURE],
    )
    expected = (frozenset({"rural_governance"}), ("宣传部", "政法委"), frozenset({"lecture"}))

    assert expected == (program.themes, program.co_organizers, program.methods)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"hours": -8}, ValueError, "'hours' must be > 0 (got -8)"),
        ({"hours": 0}, ValueError, "'hours' must be > 0 (got 0)"),
        ({"hours": float("nan")}, ValueError, "'hours' must be finite (got nan)"),
        ({"audience": {"categories": []}}, TypeError, "'audience' must be an Audience"),
        ({"delivery": "onlin"}, ValueError, "'delivery' must be a DeliveryMode: "),
        ({"methods": ["lectur"]}, ValueError, "(got 'lectur'); did you mean 'lecture'?"),
        ({"methods": "lecture"}, TypeError, "not the string 'lecture'"),
        (
            {"co_organizers": "宣传部"},
            TypeError,
            "'co_organizers' must be a sequence of values, not",
        ),
        ({"action_plan": ""}, ValueError, "'action_plan' must be a non-empty id"),
        ({"tier": None}, TypeError, "'tier' must be a string id (got None)"),
    ],
    ids=[
        "hours-negative",
        "hours-zero",
        "hours-nan",
        "audience-dict",
        "delivery-unknown",
        "methods-unknown",
        "methods-string",
        "co-organizers-string",
        "action-plan-empty",
        "tier-none",
    ],
)
def test_program_rejects(changes: dict[str, object], error: type[Exception], message: str) -> None:
    """Each field of a program is checked; an enum takes its members or their values."""
    fields: dict[str, object] = {
        "id": "P",
        "title": "t",
        "tier": "county_general",
        "organizer": "CG",
        "hours": 32,
        **changes,
    }

    with pytest.raises(error) as raised:
        Program(**fields)  # type: ignore[arg-type]

    assert message in str(raised.value)


def test_enum_values() -> None:
    """Enums are written as their lower-case names."""
    for kind in (DeliveryMode, TeachingMethod, EnrollmentStatus):
        assert [member.name.lower() for member in kind] == [member.value for member in kind]


# -- Session ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_on", "end_on", "expected"),
    [
        (dt.date(2024, 3, 4), dt.date(2024, 3, 15), 12),
        (dt.date(2024, 3, 4), dt.date(2024, 3, 4), 1),
        (dt.date(2024, 2, 28), dt.date(2024, 3, 1), 3),
    ],
)
def test_session_days(start_on: dt.date, end_on: dt.date, expected: int) -> None:
    """A session counts both end days."""
    assert expected == _session(start_on, end_on).days


@pytest.mark.parametrize(
    ("start_on", "end_on", "expected"),
    [
        (dt.date(2024, 3, 1), dt.date(2024, 3, 3), False),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 4), True),
        (dt.date(2024, 3, 6), dt.date(2024, 3, 7), True),
        (dt.date(2024, 3, 10), dt.date(2024, 3, 12), True),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 31), True),
        (dt.date(2024, 3, 11), dt.date(2024, 3, 12), False),
    ],
)
def test_session_overlaps(start_on: dt.date, end_on: dt.date, *, expected: bool) -> None:
    """A session 4-10 March overlaps a range when they share at least one day."""
    session = _session(dt.date(2024, 3, 4), dt.date(2024, 3, 10))

    assert expected == session.overlaps(start_on, end_on)


@given(sessions(), date_ranges())
def test_session_overlap_is_a_shared_day(session: Session, other: tuple[dt.date, dt.date]) -> None:
    """``overlaps`` is true exactly when some day lies in both ranges."""
    start_on, end_on = other
    session_days = {session.start_on + dt.timedelta(days=n) for n in range(session.days)}
    other_days = {start_on + dt.timedelta(days=n) for n in range((end_on - start_on).days + 1)}

    assert bool(session_days & other_days) == session.overlaps(start_on, end_on)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"capacity": -1}, ValueError, "'capacity' must be >= 1 (got -1)"),
        ({"capacity": 0}, ValueError, "'capacity' must be >= 1 (got 0)"),
        (
            {"end_on": dt.date(2024, 3, 3)},
            ValueError,
            "'end_on' must not be before 'start_on' (2024-03-03 < 2024-03-04)",
        ),
        ({"capacity": 1.0}, TypeError, "'capacity' must be an integer (got 1.0)"),
        ({"start_on": "2024-03-04"}, TypeError, "'start_on' must be a date (got '2024-03-04')"),
        ({"program": ""}, ValueError, "'program' must be a non-empty id"),
    ],
    ids=[
        "capacity-negative",
        "capacity-zero",
        "ends-before-start",
        "capacity-float",
        "start-string",
        "program-empty",
    ],
)
def test_session_rejects(changes: dict[str, object], error: type[Exception], message: str) -> None:
    """Each field of a session is checked, and its dates against each other."""
    fields: dict[str, object] = {
        "id": "S",
        "program": "P",
        "institution": "I",
        "start_on": dt.date(2024, 3, 4),
        "end_on": dt.date(2024, 3, 15),
        "capacity": 30,
        **changes,
    }

    with pytest.raises(error) as raised:
        Session(**fields)  # type: ignore[arg-type]

    assert message in str(raised.value)


# -- Enrollment ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (EnrollmentStatus.PLANNED, True),
        (EnrollmentStatus.CONFIRMED, True),
        (EnrollmentStatus.COMPLETED, True),
        (EnrollmentStatus.WITHDRAWN, False),
    ],
)
def test_enrollment_is_active(status: EnrollmentStatus, *, expected: bool) -> None:
    """Every enrollment takes a seat except a withdrawn one."""
    assert expected == Enrollment(cadre="c1", session="S1", status=status).is_active


def test_enrollment_defaults() -> None:
    """An enrollment is planned and credits the program's hours by default."""
    enrollment = Enrollment(cadre="c1", session="S1")
    expected = (EnrollmentStatus.PLANNED, None)

    assert expected == (enrollment.status, enrollment.hours)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"status": "plan"}, ValueError, "'status' must be an EnrollmentStatus: 'planned', "),
        ({"hours": -1}, ValueError, "'hours' must be >= 0 (got -1)"),
        ({"hours": "8"}, TypeError, "'hours' must be a number (got '8')"),
    ],
    ids=["status-unknown", "hours-negative", "hours-string"],
)
def test_enrollment_rejects(
    changes: dict[str, object], error: type[Exception], message: str
) -> None:
    """The status must be an ``EnrollmentStatus`` and credited hours a non-negative number."""
    with pytest.raises(error) as raised:
        Enrollment(cadre="c1", session="S1", **changes)  # type: ignore[arg-type]

    assert message in str(raised.value)


@given(st.sampled_from(EnrollmentStatus), st.none() | st.floats(0, 1000))
def test_enrollment_accepts_any_status_and_hours(
    status: EnrollmentStatus, hours: float | None
) -> None:
    """Any status and any non-negative credited hours make a valid enrollment."""
    enrollment = Enrollment(cadre="c1", session="S1", status=status, hours=hours)

    assert (status, hours) == (enrollment.status, enrollment.hours)
