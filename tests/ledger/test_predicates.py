"""Tests of the predicates shared by validation and allocation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import (
    Audience,
    Cadre,
    Commitment,
    Enrollment,
    EnrollmentStatus,
    Institution,
    Period,
    Plan,
    Post,
    PostKind,
    PracticeAssignment,
    Program,
    Requirement,
    Session,
    Training,
    TrainingRecord,
    Unit,
    UnitKind,
    commitments_of,
    counts_toward,
    duplicate_reason,
    is_eligible,
    overlapping_commitments,
    starts_too_close,
    trainings_of,
)
from cadreplan.ledger import too_close_to
from tests.strategies import plan_settings, plans

D = dt.date


def _plan(**changes: Any) -> Plan:
    """Return a small plan: two counties, two cadres, two programs, three sessions."""
    fields: dict[str, Any] = {
        "name": "predicates",
        "period": Period(D(2024, 1, 1), D(2024, 12, 31)),
        "units": (
            Unit(id="R", name="Region", kind=UnitKind.REGION),
            Unit(id="C", name="County", kind=UnitKind.COUNTY, parent="R"),
            Unit(id="T", name="Township", kind=UnitKind.TOWNSHIP, parent="C"),
            Unit(id="C2", name="Other county", kind=UnitKind.COUNTY, parent="R"),
        ),
        "cadres": (
            Cadre(
                id="c1",
                name="Dawa",
                unit="T",
                category="township_cadre",
                rank="township",
                born_on=D(1984, 3, 5),
            ),
            Cadre(id="c2", name="Yangzom", unit="C2", category="village_cadre", rank="unranked"),
        ),
        "institutions": (
            Institution(id="school", name="County party school", kind="party_school"),
        ),
        "programs": (
            Program(
                id="gov",
                title="Rural governance",
                tier="county_general",
                organizer="C",
                hours=40,
                themes={"rural_governance", "party_theory"},
                audience=Audience(units={"C"}),
            ),
            Program(
                id="eco",
                title="Ecology",
                tier="prefecture_key",
                organizer="C",
                hours=24,
                themes={"ecological_protection"},
            ),
        ),
        "sessions": (
            Session(
                id="gov-1",
                program="gov",
                institution="school",
                start_on=D(2024, 3, 4),
                end_on=D(2024, 3, 8),
                capacity=10,
            ),
            Session(
                id="eco-1",
                program="eco",
                institution="school",
                start_on=D(2024, 5, 6),
                end_on=D(2024, 5, 8),
                capacity=10,
            ),
            Session(
                id="gov-2",
                program="gov",
                institution="school",
                start_on=D(2024, 9, 4),
                end_on=D(2024, 9, 8),
                capacity=10,
            ),
        ),
    }
    fields.update(changes)
    return Plan(**fields)


@pytest.fixture(name="plan")
def _plan_fixture() -> Plan:
    return _plan()


# -- is_eligible ---------------------------------------------------------------


def test_cadre_in_the_unit_scope_is_eligible(plan: Plan) -> None:
    """A cadre of a township below the audience's county is eligible."""
    assert is_eligible(plan, plan.cadre("c1"), plan.session("gov-1"))


def test_cadre_outside_the_unit_scope_is_not_eligible(plan: Plan) -> None:
    """A cadre of another county is outside the audience's unit scope."""
    assert not is_eligible(plan, plan.cadre("c2"), plan.session("gov-1"))


def test_open_audience_admits_everyone(plan: Plan) -> None:
    """A program with an open audience admits every cadre."""
    assert [is_eligible(plan, c, plan.session("eco-1")) for c in plan.cadres] == [True, True]


def test_session_of_a_missing_program_admits_nobody(plan: Plan) -> None:
    """A session whose program is not in the plan has no audience: nobody is eligible."""
    orphan = Session(
        id="x",
        program="missing",
        institution="school",
        start_on=D(2024, 3, 4),
        end_on=D(2024, 3, 4),
        capacity=1,
    )

    assert not is_eligible(plan, plan.cadre("c1"), orphan)


@pytest.mark.parametrize(
    ("start_on", "expected"),
    [(D(2024, 3, 4), True), (D(2024, 3, 5), False)],
    ids=["day-before-40th-birthday", "on-40th-birthday"],
)
def test_age_bound_is_judged_on_the_first_day(
    plan: Plan, start_on: dt.date, *, expected: bool
) -> None:
    """An age bound of at most 39 admits the cadre up to the day before they turn 40."""
    young = Program(
        id="young",
        title="Young cadres",
        tier="county_general",
        organizer="C",
        hours=8,
        audience=Audience(max_age=39),
    )
    session = Session(
        id="y",
        program="young",
        institution="school",
        start_on=start_on,
        end_on=start_on + dt.timedelta(days=3),
        capacity=1,
    )
    plan = plan.evolve(programs=(*plan.programs, young), sessions=(session,))

    assert expected == is_eligible(plan, plan.cadre("c1"), session)


# -- counts_toward -------------------------------------------------------------


def _requirement(**filters: Any) -> Requirement:
    return Requirement(
        id="r", title="r", audience=Audience(), cycle=relativedelta(years=1), hours=90, **filters
    )


TRAITS: dict[str, Any] = {
    "tier": "county_general",
    "themes": {"rural_governance"},
    "institution_kind": "party_school",
    "program": "gov",
}


@pytest.mark.parametrize(
    ("filters", "traits", "expected"),
    [
        ({}, {}, True),
        ({}, {"tier": None, "themes": set(), "institution_kind": None, "program": None}, True),
        ({"tiers": {"county_general", "prefecture_key"}}, {}, True),
        ({"tiers": {"national_dispatch"}}, {}, False),
        ({"tiers": {"county_general"}}, {"tier": None}, False),
        ({"themes": {"rural_governance", "cybersecurity"}}, {}, True),
        ({"themes": {"cybersecurity"}}, {}, False),
        ({"themes": {"rural_governance"}}, {"themes": set()}, False),
        ({"institution_kinds": {"party_school"}}, {}, True),
        ({"institution_kinds": {"party_school"}}, {"institution_kind": None}, False),
        ({"institution_kinds": {"university_base"}}, {}, False),
        ({"programs": {"gov"}}, {}, True),
        ({"programs": {"gov"}}, {"program": None}, False),
        ({"programs": {"eco"}}, {}, False),
        ({"tiers": {"county_general"}, "themes": {"cybersecurity"}}, {}, False),
    ],
    ids=[
        "open",
        "open-unknown-traits",
        "tier-in",
        "tier-out",
        "tier-unknown",
        "theme-overlap",
        "theme-disjoint",
        "theme-none",
        "kind-in",
        "kind-unknown",
        "kind-out",
        "program-in",
        "program-unknown",
        "program-out",
        "every-set-filter-must-match",
    ],
)
def test_counts_toward_checks_every_set_filter(
    filters: dict[str, Any], traits: dict[str, Any], *, expected: bool
) -> None:
    """Training counts when it matches every filter that is set; unknown traits match none."""
    actual = counts_toward(_requirement(**filters), **{**TRAITS, **traits})

    assert expected == actual


# -- trainings_of -------------------------------------------------------------------


def test_trainings_of_yields_completed_history_then_active_enrollments(plan: Plan) -> None:
    """History comes first, then enrollments, each with its traits and its path in the plan."""
    plan = plan.evolve(
        history=(
            TrainingRecord(
                cadre="c1",
                start_on=D(2023, 6, 1),
                end_on=D(2023, 6, 2),
                hours=12,
                program="old",
                tier="county_general",
                themes={"cybersecurity"},
                institution_kind="party_school",
            ),
        ),
        enrollments=(
            Enrollment(cadre="c2", session="eco-1"),
            Enrollment(cadre="c1", session="gov-1", status=EnrollmentStatus.COMPLETED, hours=30),
        ),
    )
    expected = [
        Training(
            cadre="c1",
            start_on=D(2023, 6, 1),
            end_on=D(2023, 6, 2),
            hours=12,
            program="old",
            tier="county_general",
            themes=frozenset({"cybersecurity"}),
            institution_kind="party_school",
            session=None,
            is_done=True,
            path="$.history[0]",
        ),
        Training(
            cadre="c1",
            start_on=D(2024, 3, 4),
            end_on=D(2024, 3, 8),
            hours=30,
            program="gov",
            tier="county_general",
            themes=frozenset({"rural_governance", "party_theory"}),
            institution_kind="party_school",
            session="gov-1",
            is_done=True,
            path="$.enrollments[1]",
        ),
    ]

    assert expected == list(trainings_of(plan, "c1"))


@pytest.mark.parametrize("status", [EnrollmentStatus.PLANNED, EnrollmentStatus.CONFIRMED], ids=str)
def test_planned_and_confirmed_enrollments_are_not_done(
    plan: Plan, status: EnrollmentStatus
) -> None:
    """Only completed enrollments are done; planned and confirmed ones are planned training."""
    plan = plan.evolve(enrollments=(Enrollment(cadre="c1", session="eco-1", status=status),))

    [training] = trainings_of(plan, "c1")

    assert (training.is_done, training.hours) == (False, 24)


def test_withdrawn_enrollments_and_incomplete_history_count_for_nothing(plan: Plan) -> None:
    """A withdrawn enrollment and an incomplete history record yield no training."""
    plan = plan.evolve(
        history=(
            TrainingRecord(
                cadre="c1",
                start_on=D(2023, 1, 1),
                end_on=D(2023, 1, 2),
                hours=8,
                is_completed=False,
            ),
        ),
        enrollments=(Enrollment(cadre="c1", session="gov-1", status=EnrollmentStatus.WITHDRAWN),),
    )

    assert list(trainings_of(plan, "c1")) == []


def test_enrollments_in_unknown_sessions_or_programs_are_skipped(plan: Plan) -> None:
    """Enrollments whose session or program the plan lacks yield no training."""
    orphan = Session(
        id="orphan",
        program="missing",
        institution="school",
        start_on=D(2024, 3, 4),
        end_on=D(2024, 3, 4),
        capacity=1,
    )
    plan = plan.evolve(
        sessions=(*plan.sessions, orphan),
        enrollments=(
            Enrollment(cadre="c1", session="nowhere"),
            Enrollment(cadre="c1", session="orphan"),
        ),
    )

    assert list(trainings_of(plan, "c1")) == []


def test_unknown_institution_leaves_the_kind_unknown(plan: Plan) -> None:
    """A session at an institution the plan lacks gives training of unknown institution kind."""
    session = Session(
        id="away",
        program="eco",
        institution="nowhere",
        start_on=D(2024, 3, 4),
        end_on=D(2024, 3, 4),
        capacity=1,
    )
    plan = plan.evolve(sessions=(session,), enrollments=(Enrollment(cadre="c1", session="away"),))

    [training] = trainings_of(plan, "c1")

    assert training.institution_kind is None


@pytest.mark.parametrize(
    ("start_on", "end_on", "expected"),
    [
        (D(2024, 3, 4), D(2024, 3, 4), 1),
        (D(2024, 2, 28), D(2024, 3, 1), 3),
        (D(2024, 3, 4), D(2024, 3, 3), 0),
    ],
    ids=["one-day", "across-leap-day", "inverted"],
)
def test_training_days_count_both_ends(start_on: dt.date, end_on: dt.date, expected: int) -> None:
    """Training days count both ends; inverted dates count 0 days."""
    training = Training(
        cadre="c1",
        start_on=start_on,
        end_on=end_on,
        hours=1,
        program=None,
        tier=None,
        themes=frozenset(),
        institution_kind=None,
        session=None,
        is_done=True,
        path="$.history[0]",
    )

    assert expected == training.days


# -- commitments ---------------------------------------------------------------------


@pytest.fixture(name="busy")
def _busy(plan: Plan) -> Plan:
    """The plan with c1 in gov-1 (4-8 March), on a post in June and trained on 5 March."""
    post = Post(
        id="post",
        title="Village residency",
        kind=PostKind.VILLAGE_TEMPLE_RESIDENCY,
        unit="T",
        start_on=D(2024, 6, 1),
        end_on=D(2024, 6, 30),
        slots=2,
    )
    return plan.evolve(
        enrollments=(
            Enrollment(cadre="c2", session="eco-1"),
            Enrollment(cadre="c1", session="gov-1"),
            Enrollment(cadre="c1", session="eco-1", status=EnrollmentStatus.WITHDRAWN),
        ),
        history=(_record(D(2024, 3, 5), program="old"),),
        posts=(post,),
        assignments=(
            PracticeAssignment(
                cadre="c2", post="post", start_on=D(2024, 6, 1), end_on=D(2024, 6, 9)
            ),
            PracticeAssignment(
                cadre="c1", post="post", start_on=D(2024, 6, 10), end_on=D(2024, 6, 30)
            ),
        ),
    )


def test_commitments_are_active_sessions_then_assignments(busy: Plan) -> None:
    """A cadre's commitments are their active sessions, then their assignments; never history."""
    expected = [
        Commitment(
            kind="session",
            id="gov-1",
            start_on=D(2024, 3, 4),
            end_on=D(2024, 3, 8),
            path="$.enrollments[1]",
        ),
        Commitment(
            kind="assignment",
            id="post",
            start_on=D(2024, 6, 10),
            end_on=D(2024, 6, 30),
            path="$.assignments[1]",
        ),
    ]

    assert expected == list(commitments_of(busy, "c1"))


def test_cadre_without_anything_has_no_commitments(busy: Plan) -> None:
    """An unknown cadre id has no commitments rather than raising."""
    assert list(commitments_of(busy, "nobody")) == []


@pytest.mark.parametrize(
    ("start_on", "end_on", "expected"),
    [
        (D(2024, 3, 8), D(2024, 3, 9), ["gov-1"]),
        (D(2024, 3, 9), D(2024, 3, 10), []),
        (D(2024, 3, 1), D(2024, 3, 3), []),
        (D(2024, 3, 1), D(2024, 3, 4), ["gov-1"]),
        (D(2024, 3, 5), D(2024, 3, 6), ["gov-1"]),
        (D(2024, 3, 1), D(2024, 6, 10), ["gov-1", "post"]),
        (D(2024, 6, 9), D(2024, 6, 9), []),
    ],
    ids=[
        "touching-last-day",
        "day-after",
        "day-before",
        "touching-first-day",
        "inside",
        "spanning-both",
        "gap",
    ],
)
def test_overlapping_commitments_share_at_least_a_day(
    busy: Plan, start_on: dt.date, end_on: dt.date, expected: list[str]
) -> None:
    """Spans sharing a day overlap (touching on one day counts); consecutive days do not."""
    actual = [c.id for c in overlapping_commitments(busy, "c1", start_on, end_on)]

    assert expected == actual


def test_overlapping_commitments_can_leave_out_a_session(busy: Plan) -> None:
    """The session under test can be excluded, so a cadre does not conflict with their own seat."""
    actual = overlapping_commitments(
        busy, "c1", D(2024, 3, 1), D(2024, 6, 10), exclude_session="gov-1"
    )

    assert [c.id for c in actual] == ["post"]


def test_excluding_a_session_keeps_an_assignment_of_the_same_id(plan: Plan) -> None:
    """Excluding a session never hides a practice assignment to a post with the same id."""
    post = Post(
        id="gov-1",
        title="Post",
        kind=PostKind.ROTATION,
        unit="T",
        start_on=D(2024, 3, 1),
        end_on=D(2024, 3, 31),
        slots=1,
    )
    plan = plan.evolve(
        posts=(post,),
        assignments=(
            PracticeAssignment(
                cadre="c1", post="gov-1", start_on=D(2024, 3, 1), end_on=D(2024, 3, 31)
            ),
        ),
    )

    actual = overlapping_commitments(
        plan, "c1", D(2024, 3, 4), D(2024, 3, 8), exclude_session="gov-1"
    )

    assert [c.kind for c in actual] == ["assignment"]


# -- duplicate_reason --------------------------------------------------------------------


def _record(start_on: dt.date, **fields: Any) -> TrainingRecord:
    return TrainingRecord(
        cadre="c1", start_on=start_on, end_on=start_on + dt.timedelta(days=2), hours=16, **fields
    )


def test_no_training_means_no_duplicate(plan: Plan) -> None:
    """A cadre with no training has no duplicate, whatever the session."""
    assert duplicate_reason(plan, "c1", plan.session("gov-1")) is None


def test_completed_history_of_the_same_program_is_duplicate(plan: Plan) -> None:
    """Having completed the program before makes another session of it duplicate training."""
    plan = plan.evolve(history=(_record(D(2019, 3, 1), program="gov"),))

    assert (
        duplicate_reason(plan, "c1", plan.session("gov-2"))
        == "already has program 'gov' ($.history[0])"
    )


def test_incomplete_history_of_the_same_program_is_not_duplicate(plan: Plan) -> None:
    """An incomplete history record counts for nothing, so the program may be taken again."""
    plan = plan.evolve(history=(_record(D(2024, 3, 4), program="gov", is_completed=False),))

    assert duplicate_reason(plan, "c1", plan.session("gov-2")) is None


def test_another_active_session_of_the_program_is_duplicate(plan: Plan) -> None:
    """An active enrollment in another session of the same program is duplicate."""
    plan = plan.evolve(enrollments=(Enrollment(cadre="c1", session="gov-1"),))

    assert (
        duplicate_reason(plan, "c1", plan.session("gov-2"))
        == "already has program 'gov' ($.enrollments[0])"
    )


def test_the_session_itself_is_not_a_duplicate_of_itself(plan: Plan) -> None:
    """Asking about a session the cadre is already in ignores that very enrollment."""
    plan = plan.evolve(enrollments=(Enrollment(cadre="c1", session="gov-1"),))

    assert duplicate_reason(plan, "c1", plan.session("gov-1")) is None


def test_withdrawn_enrollment_of_the_program_is_not_duplicate(plan: Plan) -> None:
    """A withdrawn enrollment counts for nothing, so another session of the program is fine."""
    plan = plan.evolve(
        enrollments=(Enrollment(cadre="c1", session="gov-1", status=EnrollmentStatus.WITHDRAWN),)
    )

    assert duplicate_reason(plan, "c1", plan.session("gov-2")) is None


@pytest.mark.parametrize(
    ("history_on", "expected"),
    [
        (D(2024, 3, 5), "theme 'party_theory' already trained on 2024-03-05 ($.history[0])"),
        (D(2023, 9, 5), "theme 'party_theory' already trained on 2023-09-05 ($.history[0])"),
        (D(2023, 9, 4), None),
        (D(2024, 9, 3), "theme 'party_theory' already trained on 2024-09-03 ($.history[0])"),
        (D(2024, 9, 4), None),
    ],
    ids=[
        "days-apart",
        "a-day-under-six-months-before",
        "exactly-six-months-before",
        "a-day-under-six-months-after",
        "exactly-six-months-after",
    ],
)
def test_shared_theme_within_six_months_is_duplicate(
    plan: Plan, history_on: dt.date, expected: str | None
) -> None:
    """A shared theme starting less than six months away is duplicate; exactly six is not."""
    plan = plan.evolve(
        history=(_record(history_on, program="other", themes={"party_theory", "cybersecurity"}),)
    )

    assert expected == duplicate_reason(plan, "c1", plan.session("gov-1"))


def test_disjoint_themes_are_not_duplicate(plan: Plan) -> None:
    """Training on other themes is never duplicate, however close."""
    plan = plan.evolve(history=(_record(D(2024, 3, 4), program="other", themes={"cybersecurity"}),))

    assert duplicate_reason(plan, "c1", plan.session("gov-1")) is None


def test_theme_window_is_configurable(plan: Plan) -> None:
    """A one-month window lets the same theme come back two months later."""
    plan = plan.evolve(history=(_record(D(2024, 1, 4), program="other", themes={"party_theory"}),))
    session = plan.session("gov-1")

    assert duplicate_reason(plan, "c1", session, theme_window=relativedelta(months=1)) is None
    assert duplicate_reason(plan, "c1", session, theme_window=relativedelta(months=3)) is not None


def test_session_of_an_unknown_program_only_checks_nothing(plan: Plan) -> None:
    """A session whose program the plan lacks has no themes and matches no program."""
    plan = plan.evolve(history=(_record(D(2024, 3, 4), program="gov", themes={"party_theory"}),))
    orphan = Session(
        id="x",
        program="missing",
        institution="school",
        start_on=D(2024, 3, 4),
        end_on=D(2024, 3, 4),
        capacity=1,
    )

    assert duplicate_reason(plan, "c1", orphan) is None


@pytest.mark.parametrize(
    ("first_on", "second_on"),
    [
        (D(2024, 3, 31), D(2024, 9, 30)),
        (D(2024, 8, 31), D(2025, 2, 28)),
    ],
    ids=["31-march-30-september", "31-august-28-february"],
)
def test_duplicate_reason_is_symmetric_at_month_ends(first_on: dt.date, second_on: dt.date) -> None:
    """Whether two sessions are theme duplicates does not depend on which one is asked about.

    Six months from 31 March is 30 September, but six months before 30
    September is 30 March: both questions must get the same answer, and the
    answer CP306 gives.
    """
    programs = tuple(
        Program(
            id=program_id,
            title=program_id,
            tier="county_general",
            organizer="C",
            hours=8,
            themes={"party_theory"},
        )
        for program_id in ("a", "b")
    )
    sessions = tuple(
        Session(
            id=session_id,
            program=session_id,
            institution="school",
            start_on=start_on,
            end_on=start_on,
            capacity=1,
        )
        for session_id, start_on in (("a", first_on), ("b", second_on))
    )
    plan = _plan(
        period=Period(D(2024, 1, 1), D(2025, 12, 31)), programs=programs, sessions=sessions
    )
    in_a = plan.evolve(enrollments=(Enrollment(cadre="c1", session="a"),))
    in_b = plan.evolve(enrollments=(Enrollment(cadre="c1", session="b"),))

    asked_about_b = duplicate_reason(in_a, "c1", plan.session("b")) is not None
    asked_about_a = duplicate_reason(in_b, "c1", plan.session("a")) is not None

    assert asked_about_b == asked_about_a


# -- trainings_of against a per-cadre reference ---------------------------------------------


def _reference_trainings(plan: Plan, cadre_id: str) -> list[Training]:
    """The trainings of one cadre, built the slow, obvious way from the plan's look-ups."""
    found = [
        Training(
            cadre=cadre_id,
            start_on=record.start_on,
            end_on=record.end_on,
            hours=record.hours,
            program=record.program,
            tier=record.tier,
            themes=record.themes,
            institution_kind=record.institution_kind,
            session=None,
            is_done=True,
            path=f"$.history[{index}]",
        )
        for index, record in enumerate(plan.history)
        if record.cadre == cadre_id and record.is_completed
    ]
    for index, enrollment in enumerate(plan.enrollments):
        if enrollment.cadre != cadre_id or not enrollment.is_active:
            continue
        session = plan.sessions_by_id.get(enrollment.session)
        program = None if session is None else plan.programs_by_id.get(session.program)
        if session is None or program is None:
            continue
        institution = plan.institutions_by_id.get(session.institution)
        found.append(
            Training(
                cadre=cadre_id,
                start_on=session.start_on,
                end_on=session.end_on,
                hours=program.hours if enrollment.hours is None else enrollment.hours,
                program=program.id,
                tier=program.tier,
                themes=program.themes,
                institution_kind=None if institution is None else institution.kind,
                session=session.id,
                is_done=enrollment.status is EnrollmentStatus.COMPLETED,
                path=f"$.enrollments[{index}]",
            )
        )
    return found


@plan_settings()
@given(plans())
def test_trainings_of_agrees_with_a_per_cadre_reference(plan: Plan) -> None:
    """Every cadre's trainings, built in one pass for all, match a per-cadre build."""
    for cadre_id in {cadre.id for cadre in plan.cadres} | {"nobody"}:
        assert list(trainings_of(plan, cadre_id)) == _reference_trainings(plan, cadre_id)


def test_first_of_two_sessions_with_one_id_decides_the_training() -> None:
    """With a duplicate session id, the first session counts, as in ``sessions_by_id``."""
    plan = _plan()
    first = attrs.evolve(plan.sessions[0], program="P-missing")
    twin = attrs.evolve(plan.sessions[1], id=first.id)
    plan = plan.evolve(
        sessions=(first, twin, *plan.sessions[2:]),
        enrollments=(Enrollment(cadre="c1", session=first.id),),
    )
    assert list(trainings_of(plan, "c1")) == []


@given(
    day=st.dates(D(2020, 1, 1), D(2026, 12, 31)),
    start=st.dates(D(2020, 1, 1), D(2026, 12, 31)),
    months=st.integers(0, 24),
    days=st.integers(0, 40),
)
def test_too_close_to_a_start_agrees_with_starts_too_close(
    day: dt.date, start: dt.date, months: int, days: int
) -> None:
    """The allocators' form, with ``start - window`` made once, answers as the public test.

    Earlier and later days both, month ends included; the public test is symmetric.
    """
    window = relativedelta(months=months, days=days)
    expected = starts_too_close(day, start, window)
    assert expected == starts_too_close(start, day, window)
    assert expected == too_close_to(day, start, start - window, window)
