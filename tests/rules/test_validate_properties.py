"""Properties of validation: valid plans pass, and one mutation yields exactly its finding.

``valid_plans`` builds plans that satisfy every error rule by construction:
each cadre's active sessions neither overlap nor repeat a program, every
session has room for its enrollments, every program's audience admits every
generated cadre, seat quotas cover what their units use. To show that the
rules judge only what counts, the plans also carry what must count for
nothing: withdrawn enrollments that would overfill, overlap and repeat, and
incomplete history of the plan's own programs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from cadreplan import (
    Audience,
    Cadre,
    DispatchQuota,
    Enrollment,
    EnrollmentStatus,
    Finding,
    Institution,
    Period,
    Plan,
    Post,
    PostKind,
    PracticeAssignment,
    Program,
    SeatQuota,
    Session,
    TrainingRecord,
    Unit,
    UnitKind,
    validate,
)

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn

D = dt.date
PERIOD = Period(D(2024, 1, 1), D(2024, 12, 31))
AUDIENCE = Audience(categories={"township_cadre"})
# Tiers that allow any institution kind, so no session breaks CP204.
TIERS = ("prefecture_key", "county_general", "sector_system", "partner_aid_supplementary")
# Each program has a theme of its own, so no two trainings share a theme (CP306);
# the mutations use the theme no generated program has.
THEMES = (
    "long_term_stability",
    "high_quality_development",
    "ecological_protection",
    "border_development",
    "rural_governance",
    "party_theory",
)
SPARE_THEME = "cybersecurity"
ACTIVE = (EnrollmentStatus.PLANNED, EnrollmentStatus.CONFIRMED, EnrollmentStatus.COMPLETED)


BOOLEANS = st.booleans()
COUNTIES = st.integers(1, 3)
TOWNSHIPS = st.integers(1, 2)
RANKS = st.sampled_from(["township", "staff"])
HOURS = st.integers(1, 80)
TIER_CODES = st.sampled_from(TIERS)
STARTS = st.dates(D(2024, 1, 1), D(2024, 12, 1))
LENGTHS = st.integers(0, 9)
STATUSES = st.sampled_from(ACTIVE)


@st.composite
def valid_plans(draw: DrawFn) -> Plan:
    """Draw a plan with enrollments that no error rule objects to."""
    units = [Unit(id="R", name="Region", kind=UnitKind.REGION)]
    townships: list[str] = []
    for county in range(draw(COUNTIES)):
        units.append(Unit(id=f"K{county}", name="County", kind=UnitKind.COUNTY, parent="R"))
        for township in range(draw(TOWNSHIPS)):
            townships.append(f"K{county}T{township}")
            units.append(
                Unit(id=townships[-1], name="Township", kind=UnitKind.TOWNSHIP, parent=f"K{county}")
            )
    homes = st.sampled_from(townships)
    cadres = [
        Cadre(
            id=f"c{index}",
            name=f"Cadre {index}",
            unit=draw(homes),
            category="township_cadre",
            rank=draw(RANKS),
        )
        for index in range(draw(st.integers(1, 6)))
    ]
    programs = [
        Program(
            id=f"p{index}",
            title=f"Program {index}",
            tier=draw(TIER_CODES),
            organizer="R",
            hours=draw(HOURS),
            themes={theme},
            audience=AUDIENCE,
        )
        for index, theme in enumerate(THEMES[: draw(st.integers(1, len(THEMES)))])
    ]
    sessions = []
    for program in programs:
        for run in range(draw(TOWNSHIPS)):
            start_on = draw(STARTS)
            end_on = start_on + dt.timedelta(days=draw(LENGTHS))
            sessions.append((f"{program.id}-{run}", program.id, start_on, end_on))

    # Each cadre asks for some sessions in some order and takes a seat in each
    # that fits; the ones that would overlap or repeat a program, and a few
    # others, are kept as withdrawn enrollments.
    choices = st.lists(st.sampled_from(sessions), unique=True, max_size=len(sessions))
    enrollments: list[Enrollment] = []
    for position, cadre in enumerate(cadres):
        taken: list[tuple[str, str, dt.date, dt.date]] = []
        # The first cadre asks for at least one, so every plan has an active enrollment.
        asked = draw(choices) or ([sessions[0]] if position == 0 else [])
        for session in asked:
            session_id, program_id, start_on, end_on = session
            free = all(
                program_id != other[1] and (end_on < other[2] or other[3] < start_on)
                for other in taken
            )
            if free and (not taken or draw(BOOLEANS)):
                taken.append(session)
                status = draw(STATUSES)
            else:
                status = EnrollmentStatus.WITHDRAWN
            enrollments.append(Enrollment(cadre=cadre.id, session=session_id, status=status))
    enrollments = draw(st.permutations(enrollments))

    active = Counter(e.session for e in enrollments if e.is_active)
    session_list = [
        Session(
            id=session_id,
            program=program_id,
            institution="school",
            start_on=start_on,
            end_on=end_on,
            capacity=max(active[session_id], 1) + draw(st.integers(0, active[session_id])),
        )
        for session_id, program_id, start_on, end_on in sessions
    ]

    county_of = {cadre.id: cadre.unit[: cadre.unit.index("T")] for cadre in cadres}
    used = Counter((county_of[e.cadre], e.session) for e in enrollments if e.is_active)
    seat_quotas = [
        SeatQuota(unit=county, seats=count + slack, session=session_id)
        for ((county, session_id), count), slack in zip(
            sorted(used.items()),
            draw(st.lists(st.integers(-1, 2), min_size=len(used), max_size=len(used))),
            strict=True,
        )
        if slack >= 0
    ]
    sent = sum(active.values())
    dispatch_quotas = [DispatchQuota(id="dq", seats=draw(st.integers(0, sent)))]

    trained = draw(st.lists(st.sampled_from(cadres), unique_by=lambda c: c.id))
    history = [
        TrainingRecord(
            cadre=cadre.id,
            start_on=D(2024, 2, 1),
            end_on=D(2024, 2, 2),
            hours=8,
            program=programs[0].id,
            themes=programs[0].themes,
            is_completed=False,
        )
        for cadre in trained
    ]
    history += [
        TrainingRecord(
            cadre=cadre.id, start_on=D(2023, 5, 2), end_on=D(2023, 5, 4), hours=24, program="old"
        )
        for cadre in trained
    ]
    assigned = draw(st.lists(st.sampled_from(cadres), unique_by=lambda c: c.id))

    post = Post(
        id="post",
        title="Village residency",
        kind=PostKind.VILLAGE_TEMPLE_RESIDENCY,
        unit="R",
        start_on=D(2024, 12, 15),
        end_on=D(2024, 12, 31),
        slots=len(cadres),
    )
    assignments = [
        PracticeAssignment(cadre=cadre.id, post="post", start_on=post.start_on, end_on=post.end_on)
        for cadre in assigned
    ]

    return Plan(
        name="generated",
        period=PERIOD,
        units=tuple(units),
        cadres=tuple(cadres),
        institutions=(Institution(id="school", name="Party school", kind="party_school"),),
        programs=tuple(programs),
        sessions=tuple(session_list),
        enrollments=tuple(enrollments),
        history=tuple(history),
        seat_quotas=tuple(seat_quotas),
        dispatch_quotas=tuple(dispatch_quotas),
        posts=(post,),
        assignments=tuple(assignments),
    )


def _new_findings(before: Plan, after: Plan) -> tuple[list[Finding], tuple[Finding, ...]]:
    """Return the findings *after* has and *before* has not, and all errors of *after*."""
    report = validate(after)
    added = Counter(report) - Counter(validate(before))
    return list(added.elements()), report.errors


def _active_positions(plan: Plan) -> list[int]:
    return [index for index, enrollment in enumerate(plan.enrollments) if enrollment.is_active]


@given(valid_plans())
def test_valid_plans_have_no_errors(plan: Plan) -> None:
    """A plan valid by construction has no error findings, and at most under-filled sessions."""
    report = validate(plan)

    assert report.errors == ()
    assert set(report.counts) <= {"CP602"}


@given(valid_plans(), st.data())
def test_overfilling_a_session_yields_exactly_cp301(plan: Plan, data: st.DataObject) -> None:
    """Enrolling one cadre more than a session seats yields one CP301 at that session."""
    position = data.draw(st.sampled_from(_active_positions(plan)))
    session_id = plan.enrollments[position].session
    index = next(i for i, session in enumerate(plan.sessions) if session.id == session_id)
    taken = sum(e.is_active for e in plan.enrollments_in(session_id))
    extra = plan.sessions[index].capacity - taken + 1
    newcomers = [
        Cadre(id=f"new{n}", name="New", unit="R", category="township_cadre", rank="staff")
        for n in range(extra)
    ]
    mutated = plan.evolve(
        cadres=(*plan.cadres, *newcomers),
        enrollments=(
            *plan.enrollments,
            *(Enrollment(cadre=cadre.id, session=session_id) for cadre in newcomers),
        ),
    )

    [finding], errors = _new_findings(plan, mutated)

    assert ("CP301", f"$.sessions[{index}]", (session_id,)) == (
        finding.code,
        finding.path,
        finding.subjects,
    )
    assert (finding,) == errors


@given(valid_plans(), st.data())
def test_enrolling_an_ineligible_cadre_yields_exactly_cp302(
    plan: Plan, data: st.DataObject
) -> None:
    """Giving one seat to a cadre outside the audience yields one CP302 at that enrollment."""
    position = data.draw(st.sampled_from(_active_positions(plan)))
    seat = plan.enrollments[position]
    outsider = Cadre(
        id="outsider",
        name="Outsider",
        unit=plan.cadre(seat.cadre).unit,
        category="village_cadre",
        rank="unranked",
    )
    enrollments = list(plan.enrollments)
    enrollments[position] = Enrollment(cadre="outsider", session=seat.session, status=seat.status)
    mutated = plan.evolve(cadres=(*plan.cadres, outsider), enrollments=enrollments)

    [finding], errors = _new_findings(plan, mutated)

    assert ("CP302", f"$.enrollments[{position}]", ("outsider", seat.session)) == (
        finding.code,
        finding.path,
        finding.subjects,
    )
    assert (finding,) == errors


@given(valid_plans(), st.data())
def test_double_booking_a_cadre_yields_exactly_cp303(plan: Plan, data: st.DataObject) -> None:
    """Enrolling a cadre in a second session on the same days yields one CP303."""
    position = data.draw(st.sampled_from(_active_positions(plan)))
    seat = plan.enrollments[position]
    busy = plan.session(seat.session)
    program = Program(
        id="extra",
        title="Extra",
        tier="county_general",
        organizer="R",
        hours=8,
        themes={SPARE_THEME},
        audience=AUDIENCE,
    )
    clash = Session(
        id="extra-1",
        program="extra",
        institution="school",
        start_on=busy.start_on,
        end_on=busy.end_on,
        capacity=1,
    )
    mutated = plan.evolve(
        programs=(*plan.programs, program),
        sessions=(*plan.sessions, clash),
        enrollments=(*plan.enrollments, Enrollment(cadre=seat.cadre, session="extra-1")),
    )

    [finding], errors = _new_findings(plan, mutated)

    expected = (
        "CP303",
        f"$.enrollments[{len(plan.enrollments)}]",
        (seat.cadre, "extra-1", busy.id),
    )
    assert expected == (finding.code, finding.path, finding.subjects)
    assert (finding,) == errors
