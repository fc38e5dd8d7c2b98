"""Plans with error findings: ``allocate(allow_errors=True)`` and ``explain`` never raise.

A plan that loaded may still break the rules (a dangling reference, a
duplicate id, a unit cycle, a session over capacity): ``allocate`` refuses it
by default, and when asked to go on it, as ``explain``, works with what is
there. The plans are the valid generated ones of ``test_allocation_properties``
with faults of every kind added.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import (
    Audience,
    Enrollment,
    OptimalPolicy,
    PracticeAssignment,
    Requirement,
    SeatQuota,
    TrainingRecord,
    Unit,
    UnitKind,
    ValidationError,
    allocate,
    explain,
    validate,
)
from tests.allocation.test_allocation_properties import allocation_plans, cascade_policies, seeds

if TYPE_CHECKING:
    from collections.abc import Callable

    from cadreplan import Plan

D = dt.date


def _cadre_elsewhere(plan: Plan) -> Plan:
    return plan.evolve(cadres=(*plan.cadres[1:], attrs.evolve(plan.cadres[0], unit="nowhere")))


def _session_of_nothing(plan: Plan) -> Plan:
    first = plan.sessions[0]
    return plan.evolve(sessions=(attrs.evolve(first, program="ghost"), *plan.sessions[1:]))


def _session_nowhere(plan: Plan) -> Plan:
    first = plan.sessions[0]
    return plan.evolve(sessions=(attrs.evolve(first, institution="ghost"), *plan.sessions[1:]))


def _tier_unknown(plan: Plan) -> Plan:
    first = plan.programs[0]
    return plan.evolve(programs=(attrs.evolve(first, tier="moon_base"), *plan.programs[1:]))


def _ghost_enrollments(plan: Plan) -> Plan:
    ghosts = (
        Enrollment(cadre="ghost", session=plan.sessions[0].id),
        Enrollment(cadre=plan.cadres[0].id, session="ghost"),
    )
    return plan.evolve(enrollments=(*plan.enrollments, *ghosts))


def _ghost_quotas(plan: Plan) -> Plan:
    quotas = (
        SeatQuota(unit="ghost", seats=1, session=plan.sessions[0].id),
        SeatQuota(unit="T1", seats=0, session="ghost"),
        SeatQuota(unit="C1", seats=0, program="ghost"),
    )
    return plan.evolve(seat_quotas=(*plan.seat_quotas, *quotas))


def _twin_cadre(plan: Plan) -> Plan:
    twin = attrs.evolve(plan.cadres[0], unit="T3", category="village_cadre")
    return plan.evolve(cadres=(*plan.cadres, twin))


def _twin_session(plan: Plan) -> Plan:
    first = plan.sessions[0]
    twin = attrs.evolve(first, start_on=D(2024, 12, 1), end_on=D(2024, 12, 2), capacity=3)
    return plan.evolve(sessions=(*plan.sessions, twin))


def _unit_cycle(plan: Plan) -> Plan:
    loop = (
        Unit(id="L1", name="Loop 1", kind=UnitKind.TOWNSHIP, parent="L2"),
        Unit(id="L2", name="Loop 2", kind=UnitKind.COUNTY, parent="L1"),
    )
    looped = attrs.evolve(plan.cadres[0], unit="L1")
    return plan.evolve(units=(*plan.units, *loop), cadres=(looped, *plan.cadres[1:]))


def _over_capacity(plan: Plan) -> Plan:
    session = plan.sessions[0]
    crowd = tuple(
        Enrollment(cadre=cadre_id, session=session.id)
        for cadre_id in (*(cadre.id for cadre in plan.cadres), "ghost")
    )
    taken = {(e.cadre, e.session) for e in plan.enrollments}
    extra = tuple(e for e in crowd if (e.cadre, e.session) not in taken)
    return plan.evolve(
        sessions=(attrs.evolve(session, capacity=1), *plan.sessions[1:]),
        enrollments=(*plan.enrollments, *extra),
    )


def _clashing(plan: Plan) -> Plan:
    cadre = plan.cadres[0].id
    busy = PracticeAssignment(
        cadre=cadre, post="post", start_on=D(2024, 1, 1), end_on=D(2024, 12, 31)
    )
    everywhere = tuple(Enrollment(cadre=cadre, session=session.id) for session in plan.sessions)
    kept = tuple(e for e in plan.enrollments if e.cadre != cadre)
    return plan.evolve(assignments=(*plan.assignments, busy), enrollments=(*kept, *everywhere))


def _ghost_records(plan: Plan) -> Plan:
    record = TrainingRecord(cadre="ghost", start_on=D(2024, 2, 1), end_on=D(2024, 2, 1), hours=8)
    busy = PracticeAssignment(
        cadre="ghost", post="ghost", start_on=D(2024, 1, 1), end_on=D(2024, 2, 1)
    )
    return plan.evolve(history=(*plan.history, record), assignments=(*plan.assignments, busy))


def _ghost_audiences(plan: Plan) -> Plan:
    scoped = Audience(units={"ghost", "C1"}, categories={"no_such_category", "township_cadre"})
    again = Requirement(
        id="r0",
        title="A requirement of an id the plan may have already",
        audience=scoped,
        cycle=relativedelta(years=1),
        sessions=1,
    )
    first = plan.programs[0]
    programs = (attrs.evolve(first, audience=scoped), *plan.programs[1:])
    return plan.evolve(programs=programs, requirements=(*plan.requirements, again))


def _wrong_institution_kind(plan: Plan) -> Plan:
    first = plan.programs_by_id.get(plan.sessions[0].program, plan.programs[0])
    programs = tuple(
        attrs.evolve(item, tier="national_dispatch") if item is first else item
        for item in plan.programs
    )
    sessions = tuple(
        attrs.evolve(session, institution="venue") if session.program == first.id else session
        for session in plan.sessions
    )
    return plan.evolve(programs=programs, sessions=sessions)


FAULTS: tuple[Callable[[Plan], Plan], ...] = (
    _cadre_elsewhere,
    _session_of_nothing,
    _session_nowhere,
    _tier_unknown,
    _ghost_enrollments,
    _ghost_quotas,
    _twin_cadre,
    _twin_session,
    _unit_cycle,
    _over_capacity,
    _clashing,
    _ghost_records,
    _ghost_audiences,
    _wrong_institution_kind,
)


@st.composite
def faulty_plans(draw: st.DrawFn) -> Plan:
    """Draw a valid plan and add one to four faults of different kinds."""
    plan = draw(allocation_plans())
    for fault in draw(st.lists(st.sampled_from(FAULTS), min_size=1, max_size=4, unique=True)):
        plan = fault(plan)
    return plan


def exercise(plan: Plan, policy: object, seed: int) -> None:
    """Allocate *plan* despite its errors and read every part of the result."""
    result = allocate(plan, policy=policy, seed=seed, allow_errors=True)  # type: ignore[arg-type]
    assert result.allowed_errors == validate(plan).errors
    for cadre_id in dict.fromkeys(cadre.id for cadre in plan.cadres):
        for story in (
            result.explain(cadre_id),
            explain(result.plan, cadre_id),
            explain(plan, cadre_id),
        ):
            assert story.describe("en")
            assert story.describe("zh")
    repr(result)
    assert result.fill_by_tier is not None
    result.fill_by_unit()
    result.fill_by_unit(level=UnitKind.TOWNSHIP)
    placed = {enrollment.cadre for enrollment in result.placements}
    assert not placed & {item.cadre for item in result.unseated}
    result.backstop_shortfall  # noqa: B018 - reading it is the test
    result.under_filled  # noqa: B018 - reading it is the test
    result.objective  # noqa: B018 - reading it is the test


@given(plan=faulty_plans(), policy=cascade_policies, seed=seeds)
def test_the_cascade_goes_on_past_errors_when_asked(plan: Plan, policy: object, seed: int) -> None:
    """With ``allow_errors=True`` the cascade, its result and both explanations raise nothing."""
    exercise(plan, policy, seed)


@given(plan=faulty_plans(), seed=seeds)
def test_the_optimizer_goes_on_past_errors_when_asked(plan: Plan, seed: int) -> None:
    """With ``allow_errors=True`` the optimizer, its result and both explanations raise nothing."""
    exercise(plan, OptimalPolicy(), seed)


@given(plan=faulty_plans())
def test_a_plan_with_errors_is_refused_by_default(plan: Plan) -> None:
    """Without ``allow_errors``, a plan with error findings is refused with exactly those."""
    errors = validate(plan).errors
    if not errors:
        allocate(plan)
        return
    with pytest.raises(ValidationError) as caught:
        allocate(plan)

    assert errors == caught.value.report.findings  # type: ignore[attr-defined]


@given(plan=allocation_plans())
def test_every_fault_is_an_error(plan: Plan) -> None:
    """Each fault the strategy adds gives a finding of error severity to a valid plan."""
    for fault in FAULTS:
        assert not validate(fault(plan)).ok, fault.__name__


@given(plan=allocation_plans(), on=st.dates(D(1800, 1, 1), D(2999, 12, 31)), seed=seeds)
def test_any_reference_day_is_answered(plan: Plan, on: dt.date, seed: int) -> None:
    """Any day a plan may name as ``on``: allocation and both explanations raise nothing."""
    result = allocate(plan, on=on, seed=seed)

    for cadre in plan.cadres:
        assert result.explain(cadre.id).describe("zh")
        assert explain(result.plan, cadre.id, on=on).describe("en")
    placed = {enrollment.cadre for enrollment in result.placements}
    assert placed.isdisjoint(item.cadre for item in result.unseated)
