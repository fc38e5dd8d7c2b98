"""Tests of the built-in rules: for each, a plan that breaks it and one that just satisfies it.

Every case starts from the same small plan, which has no findings at all, and
changes one thing. ``_found`` runs only the rule under test and returns the
path and subjects of each finding, so a case shows exactly where the rule
points and about whom.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta

from cadreplan import (
    Audience,
    Cadre,
    CycleBasis,
    DispatchQuota,
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
    SeatQuota,
    Session,
    Severity,
    Tier,
    TierScheme,
    TrainingRecord,
    Unit,
    UnitKind,
    ValidationOptions,
    builtin_rules,
    validate,
)

D = dt.date
WITHDRAWN = EnrollmentStatus.WITHDRAWN


def _session(
    session_id: str, program: str, start_on: dt.date, days: int = 1, **fields: Any
) -> Session:
    values: dict[str, Any] = {"institution": "school", "capacity": 2}
    values.update(fields)
    return Session(
        id=session_id,
        program=program,
        start_on=start_on,
        end_on=start_on + dt.timedelta(days=days - 1),
        **values,
    )


def _program(program_id: str, **fields: Any) -> Program:
    values: dict[str, Any] = {
        "title": program_id,
        "tier": "county_general",
        "organizer": "C",
        "hours": 16,
    }
    values.update(fields)
    return Program(id=program_id, **values)


def _record(start_on: dt.date, cadre: str = "c1", **fields: Any) -> TrainingRecord:
    values: dict[str, Any] = {"hours": 16}
    values.update(fields)
    return TrainingRecord(
        cadre=cadre, start_on=start_on, end_on=start_on + dt.timedelta(days=1), **values
    )


BASE_PROGRAMS = (
    _program("gov", hours=40, themes={"rural_governance"}, audience=Audience(units={"C"})),
    _program("eco", tier="prefecture_key", hours=24, themes={"ecological_protection"}),
)
BASE_SESSIONS = (
    _session("gov-1", "gov", D(2024, 3, 4), days=5),
    _session("eco-1", "eco", D(2024, 5, 6), days=3),
)
BASE_ENROLLMENTS = (
    Enrollment(cadre="c1", session="gov-1"),
    Enrollment(cadre="c2", session="gov-1"),
    Enrollment(cadre="c1", session="eco-1"),
    Enrollment(cadre="c3", session="eco-1"),
)


def _plan(**changes: Any) -> Plan:
    """Return the base plan with *changes*; the base plan has no findings at all.

    c1 and c2 are township cadres of township T in county C, c3 a village cadre
    of county C2. gov-1 (4-8 March, program gov for county C) seats c1 and c2;
    eco-1 (6-8 May, program eco for anyone) seats c1 and c3: both are full.
    """
    fields: dict[str, Any] = {
        "name": "rules",
        "period": Period(D(2024, 1, 1), D(2024, 12, 31)),
        "units": (
            Unit(id="R", name="Region", kind=UnitKind.REGION),
            Unit(id="P", name="Prefecture", kind=UnitKind.PREFECTURE, parent="R"),
            Unit(id="C", name="County", kind=UnitKind.COUNTY, parent="P"),
            Unit(id="T", name="Township", kind=UnitKind.TOWNSHIP, parent="C"),
            Unit(id="C2", name="Other county", kind=UnitKind.COUNTY, parent="P"),
        ),
        "cadres": (
            Cadre(id="c1", name="Dawa", unit="T", category="township_cadre", rank="township"),
            Cadre(id="c2", name="Pema", unit="T", category="township_cadre", rank="township"),
            Cadre(id="c3", name="Yangzom", unit="C2", category="village_cadre", rank="unranked"),
        ),
        "institutions": (
            Institution(id="school", name="County party school", kind="party_school"),
            Institution(id="cps", name="Central Party School", kind="national_institution"),
        ),
        "programs": BASE_PROGRAMS,
        "sessions": BASE_SESSIONS,
        "enrollments": BASE_ENROLLMENTS,
    }
    fields.update(changes)
    return Plan(**fields)


def _found(plan: Plan, code: str, **options: Any) -> list[tuple[str, tuple[str, ...]]]:
    """Run only rule *code* on *plan*; return each finding's path and subjects."""
    report = validate(plan, select=[code], options=ValidationOptions(**options))
    assert {code} >= set(report.counts)
    return [(finding.path, finding.subjects) for finding in report]


def _messages(plan: Plan, code: str, **options: Any) -> list[str]:
    report = validate(plan, select=[code], options=ValidationOptions(**options))
    return [finding.message for finding in report]


def _enroll(plan: Plan, *enrollments: Enrollment) -> Plan:
    return plan.evolve(enrollments=(*plan.enrollments, *enrollments))


def _add_sessions(plan: Plan, *sessions: Session) -> Plan:
    return plan.evolve(sessions=(*plan.sessions, *sessions))


@pytest.fixture(name="plan")
def _plan_fixture() -> Plan:
    return _plan()


def test_base_plan_has_no_findings(plan: Plan) -> None:
    """The plan every case starts from is clean, so each case's finding comes from its change."""
    report = validate(plan)

    assert report.to_records() == []
    assert [item.code for item in builtin_rules()] == [item.code for item in report.rules]


def test_every_builtin_rule_has_its_documented_default_severity() -> None:
    """Rules that make a plan unusable are errors; the rest are warnings."""
    warnings = {"CP205", "CP306", "CP402", "CP501", "CP601", "CP602"}
    expected = {
        item.code: Severity.WARNING if item.code in warnings else Severity.ERROR
        for item in builtin_rules()
    }

    assert expected == {item.code: item.severity for item in builtin_rules()}


# -- CP101 dangling reference -------------------------------------------------------------


def _dangling_cases() -> list[tuple[str, dict[str, Any], str, str]]:
    plan = _plan()
    cadre = plan.cadres[0]
    session = plan.sessions[0]
    program = plan.programs[0]
    post = Post(
        id="post",
        title="Post",
        kind=PostKind.ROTATION,
        unit="T",
        start_on=D(2024, 9, 1),
        end_on=D(2024, 9, 30),
        slots=1,
    )
    requirement = Requirement(
        id="r", title="r", audience=Audience(), cycle=relativedelta(years=1), hours=10
    )

    def swap_cadre(**fields: Any) -> dict[str, Any]:
        return {"cadres": (Cadre(**{**_fields(cadre), **fields}), *plan.cadres[1:])}

    def swap_session(**fields: Any) -> dict[str, Any]:
        return {"sessions": (Session(**{**_fields(session), **fields}), *plan.sessions[1:])}

    def swap_program(**fields: Any) -> dict[str, Any]:
        return {"programs": (Program(**{**_fields(program), **fields}), *plan.programs[1:])}

    return [
        (
            "unit-parent",
            {"units": (*plan.units, Unit(id="X", name="X", kind=UnitKind.VILLAGE, parent="Y"))},
            "$.units[5].parent",
            "unknown unit 'Y'",
        ),
        ("cadre-unit", swap_cadre(unit="nowhere"), "$.cadres[0].unit", "unknown unit 'nowhere'"),
        (
            "cadre-category",
            swap_cadre(category="monk"),
            "$.cadres[0].category",
            "unknown category 'monk'",
        ),
        ("cadre-rank", swap_cadre(rank="general"), "$.cadres[0].rank", "unknown rank 'general'"),
        (
            "session-program",
            swap_session(program="nope"),
            "$.sessions[0].program",
            "unknown program 'nope'",
        ),
        (
            "session-institution",
            swap_session(institution="nope"),
            "$.sessions[0].institution",
            "unknown institution 'nope'",
        ),
        ("program-tier", swap_program(tier="nope"), "$.programs[0].tier", "unknown tier 'nope'"),
        (
            "program-organizer",
            swap_program(organizer="nope"),
            "$.programs[0].organizer",
            "unknown unit 'nope'",
        ),
        (
            "program-theme",
            swap_program(themes={"rural_governance", "yak_herding"}),
            "$.programs[0].themes",
            "unknown theme 'yak_herding'",
        ),
        (
            "audience-unit",
            swap_program(audience=Audience(units={"C9"})),
            "$.programs[0].audience.units",
            "unknown unit 'C9'",
        ),
        (
            "enrollment-cadre",
            {
                "enrollments": (
                    *plan.enrollments,
                    Enrollment(cadre="c9", session="eco-1", status=WITHDRAWN),
                )
            },
            "$.enrollments[4].cadre",
            "unknown cadre 'c9'",
        ),
        (
            "enrollment-session",
            {
                "enrollments": (
                    *plan.enrollments,
                    Enrollment(cadre="c2", session="s9", status=WITHDRAWN),
                )
            },
            "$.enrollments[4].session",
            "unknown session 's9'",
        ),
        (
            "history-cadre",
            {"history": (_record(D(2023, 1, 1), cadre="c9"),)},
            "$.history[0].cadre",
            "unknown cadre 'c9'",
        ),
        (
            "history-theme",
            {"history": (_record(D(2023, 1, 1), themes={"x"}),)},
            "$.history[0].themes",
            "unknown theme 'x'",
        ),
        (
            "requirement-program",
            {"requirements": (Requirement(**{**_fields(requirement), "programs": {"nope"}}),)},
            "$.requirements[0].programs",
            "unknown program 'nope'",
        ),
        (
            "seat-quota-unit",
            {"seat_quotas": (SeatQuota(unit="nope", seats=1, session="gov-1"),)},
            "$.seat_quotas[0].unit",
            "unknown unit 'nope'",
        ),
        (
            "dispatch-quota-tier",
            {"dispatch_quotas": (DispatchQuota(id="d", seats=0, tier="nope"),)},
            "$.dispatch_quotas[0].tier",
            "unknown tier 'nope'",
        ),
        (
            "assignment-post",
            {
                "posts": (post,),
                "assignments": (
                    PracticeAssignment(
                        cadre="c2", post="nope", start_on=D(2024, 9, 1), end_on=D(2024, 9, 2)
                    ),
                ),
            },
            "$.assignments[0].post",
            "unknown post 'nope'",
        ),
        (
            "tier-institution-kind",
            {
                "tiers": TierScheme(
                    (
                        Tier(
                            code="county_general",
                            zh="县",
                            en="County",
                            institution_kinds={"temple"},
                        ),
                        Tier(code="prefecture_key", zh="市", en="Prefecture"),
                    )
                )
            },
            "$.tiers[0].institution_kinds",
            "unknown institution kind 'temple'",
        ),
    ]


def _fields(value: Any) -> dict[str, Any]:
    return attrs.asdict(value, recurse=False)


DANGLING = _dangling_cases()


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [case[1:] for case in DANGLING],
    ids=[case[0] for case in DANGLING],
)
def test_cp101_dangling_reference(changes: dict[str, Any], path: str, message: str) -> None:
    """An id or code the plan does not define is reported at the field that mentions it."""
    report = validate(_plan(**changes), select=["CP101"])

    assert [(path, message, ())] == [(f.path, f.message, f.subjects) for f in report]


def test_cp101_history_may_name_programs_outside_the_plan(plan: Plan) -> None:
    """History predates the plan, so its program ids need not be in the plan."""
    plan = plan.evolve(history=(_record(D(2019, 1, 1), program="long-gone"),))

    assert _found(plan, "CP101") == []


# -- CP102 duplicate id --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"cadres": (*_plan().cadres, _plan().cadres[0])},
            ("$.cadres[3]", "duplicate id 'c1' (first at $.cadres[0])"),
        ),
        (
            {"sessions": (*BASE_SESSIONS, _session("gov-1", "gov", D(2024, 9, 2)))},
            ("$.sessions[2]", "duplicate id 'gov-1' (first at $.sessions[0])"),
        ),
        (
            {
                "enrollments": (
                    *BASE_ENROLLMENTS,
                    Enrollment(cadre="c1", session="gov-1", status=WITHDRAWN),
                )
            },
            (
                "$.enrollments[4]",
                (
                    "duplicate enrollment of (cadre, session) ('c1', 'gov-1') "
                    "(first at $.enrollments[0])"
                ),
            ),
        ),
        (
            {
                "seat_quotas": (
                    SeatQuota(unit="C", seats=2, session="gov-1"),
                    SeatQuota(unit="C", seats=3, session="gov-1"),
                )
            },
            (
                "$.seat_quotas[1]",
                (
                    "duplicate seat quota of (unit, session, program) ('C', 'gov-1', None) "
                    "(first at $.seat_quotas[0])"
                ),
            ),
        ),
    ],
    ids=["cadre", "session", "enrollment-even-withdrawn", "seat-quota"],
)
def test_cp102_duplicate_id(changes: dict[str, Any], expected: tuple[str, str]) -> None:
    """The second object with an id already taken is reported, pointing back at the first."""
    report = validate(_plan(**changes), select=["CP102"])

    assert [expected] == [(finding.path, finding.message) for finding in report]


def test_cp102_ids_are_unique_per_kind_only(plan: Plan) -> None:
    """A session may share its id with a program or a cadre: ids are unique per kind."""
    plan = _add_sessions(
        plan, _session("gov", "gov", D(2024, 9, 2)), _session("c1", "gov", D(2024, 10, 2))
    )

    assert _found(plan, "CP102") == []


# -- CP103 unit-tree cycle --------------------------------------------------------------------


def test_cp103_unit_cycle(plan: Plan) -> None:
    """Each unit on a cycle of parent links is reported at its parent field, and only those.

    D's own parent link is fine: it hangs below the cycle, and fixing A or B
    fixes it. Reporting D as "part of a parent cycle" would send the user to
    the wrong field.
    """
    plan = plan.evolve(
        units=(
            *plan.units,
            Unit(id="A", name="A", kind=UnitKind.DEPARTMENT, parent="B"),
            Unit(id="B", name="B", kind=UnitKind.DEPARTMENT, parent="A"),
            Unit(id="D", name="D", kind=UnitKind.DEPARTMENT, parent="A"),
        )
    )
    expected = [
        ("$.units[5].parent", "unit 'A' is part of a parent cycle"),
        ("$.units[6].parent", "unit 'B' is part of a parent cycle"),
    ]

    report = validate(plan, select=["CP103"])

    assert expected == [(finding.path, finding.message) for finding in report]


def test_cp103_deep_chain_without_cycle(plan: Plan) -> None:
    """A long chain of units that ends at a root is no cycle."""
    chain = [Unit(id="u0", name="u0", kind=UnitKind.DEPARTMENT, parent="R")]
    chain += [
        Unit(id=f"u{index}", name="u", kind=UnitKind.DEPARTMENT, parent=f"u{index - 1}")
        for index in range(1, 50)
    ]

    assert _found(plan.evolve(units=(*plan.units, *reversed(chain))), "CP103") == []


# -- CP2xx session sanity -----------------------------------------------------------------------


def _replace_session(plan: Plan, **fields: Any) -> Plan:
    first = Session(**{**_fields(plan.sessions[0]), **fields})
    return plan.evolve(sessions=(first, *plan.sessions[1:]))


@pytest.mark.parametrize(
    ("code", "changes", "expected"),
    [
        ("CP204", {"program": "dispatch"}, [("$.sessions[0].institution", ("gov-1", "school"))]),
        ("CP204", {"program": "dispatch", "institution": "cps"}, []),
        ("CP204", {"program": "nowhere"}, []),
        ("CP204", {"institution": "cps"}, []),
        (
            "CP205",
            {"start_on": D(2024, 12, 31), "end_on": D(2025, 1, 1)},
            [("$.sessions[0]", ("gov-1",))],
        ),
        (
            "CP205",
            {"start_on": D(2023, 12, 31), "end_on": D(2024, 1, 1)},
            [("$.sessions[0]", ("gov-1",))],
        ),
        ("CP205", {"start_on": D(2024, 12, 31), "end_on": D(2024, 12, 31)}, []),
        ("CP205", {"start_on": D(2024, 1, 1), "end_on": D(2024, 1, 1)}, []),
    ],
    ids=[
        "national-dispatch-at-party-school",
        "national-dispatch-at-national-institution",
        "unknown-program-left-to-CP101",
        "tier-without-kinds-allows-any",
        "runs-into-next-year",
        "starts-in-previous-year",
        "last-day-of-period",
        "first-day-of-period",
    ],
)
def test_session_sanity(
    plan: Plan, code: str, changes: dict[str, Any], expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """Session tier and period: the break case and the boundary that just passes."""
    dispatch = _program("dispatch", tier="national_dispatch")
    plan = _replace_session(plan.evolve(programs=(*plan.programs, dispatch)), **changes)

    assert expected == _found(plan, code)


@pytest.mark.parametrize("code", ["CP201", "CP202", "CP203"])
def test_one_object_facts_are_not_rules(code: str) -> None:
    """One-object facts (CP201-CP203) are refused at construction: no rule has their codes."""
    assert code not in {builtin.code for builtin in builtin_rules()}


def test_cp204_message_lists_the_allowed_kinds(plan: Plan) -> None:
    """The message names the kinds the tier uses and the kind the session is at."""
    dispatch = _program("dispatch", tier="national_dispatch")
    plan = _replace_session(plan.evolve(programs=(*plan.programs, dispatch)), program="dispatch")
    expected = (
        "tier 'national_dispatch' uses institution kinds 'national_institution', "
        "'online_academy'; session 'gov-1' is at 'school' of kind 'party_school'"
    )

    assert [expected] == _messages(plan, "CP204")


# -- CP301 over capacity ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capacity", "extra", "expected"),
    [
        (1, (), [("$.sessions[0]", ("gov-1",))]),
        (2, (), []),
        (2, (Enrollment(cadre="c3", session="gov-1", status=WITHDRAWN),), []),
        (2, (Enrollment(cadre="c3", session="gov-1"),), [("$.sessions[0]", ("gov-1",))]),
    ],
    ids=["one-seat-two-enrolled", "exactly-full", "withdrawn-take-no-seat", "third-enrolled"],
)
def test_cp301_session_over_capacity(
    plan: Plan,
    capacity: int,
    extra: tuple[Enrollment, ...],
    expected: list[tuple[str, tuple[str, ...]]],
) -> None:
    """More active enrollments than seats is an error; exactly full is fine; withdrawn is free."""
    plan = _enroll(_replace_session(plan, capacity=capacity), *extra)

    assert expected == _found(plan, "CP301")


def test_cp301_message_counts_enrollments_and_seats(plan: Plan) -> None:
    """The message gives enrollments and seats, in the singular for one."""
    assert _messages(_replace_session(plan, capacity=1), "CP301") == [
        "session 'gov-1' has 2 enrollments for 1 seat"
    ]


# -- CP302 eligibility -----------------------------------------------------------------------------


def test_cp302_cadre_outside_the_unit_scope(plan: Plan) -> None:
    """A cadre of another county enrolled in a county program is not eligible."""
    plan = _enroll(_replace_session(plan, capacity=3), Enrollment(cadre="c3", session="gov-1"))

    assert _found(plan, "CP302") == [("$.enrollments[4]", ("c3", "gov-1"))]
    assert _messages(plan, "CP302") == [
        "cadre 'c3' is not in the audience of program 'gov' (session 'gov-1')"
    ]


def test_cp302_cadre_of_the_scope_unit_itself_is_eligible(plan: Plan) -> None:
    """A cadre of the audience's own unit (not only below it) is eligible."""
    cadre = Cadre(
        id="c4", name="Tashi", unit="C", category="county_department_official", rank="staff"
    )
    plan = _enroll(
        _replace_session(plan.evolve(cadres=(*plan.cadres, cadre)), capacity=3),
        Enrollment(cadre="c4", session="gov-1"),
    )

    assert _found(plan, "CP302") == []


def test_cp302_withdrawn_and_unknown_cadres_are_not_judged(plan: Plan) -> None:
    """Withdrawn enrollments count for nothing; unknown cadres or programs are CP101's business."""
    orphan = _session("orphan", "nowhere", D(2024, 6, 3))
    plan = _enroll(
        _add_sessions(plan, orphan),
        Enrollment(cadre="c3", session="gov-1", status=WITHDRAWN),
        Enrollment(cadre="c9", session="gov-1"),
        Enrollment(cadre="c3", session="orphan"),
    )

    assert _found(plan, "CP302") == []


@pytest.mark.parametrize(
    ("born_on", "expected"),
    [
        (D(1984, 3, 5), []),
        (D(1984, 3, 4), [("$.enrollments[4]", ("c4", "young-1"))]),
    ],
    ids=["turns-40-the-day-after-the-start", "turns-40-on-the-first-day"],
)
def test_cp302_age_is_judged_on_the_first_day(
    plan: Plan, born_on: dt.date, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """An age bound of 39 admits a cadre who turns 40 after the session's first day."""
    cadre = Cadre(
        id="c4", name="Nyima", unit="T", category="young_cadre", rank="staff", born_on=born_on
    )
    young = _program("young", audience=Audience(max_age=39))
    plan = plan.evolve(
        cadres=(*plan.cadres, cadre),
        programs=(*plan.programs, young),
        sessions=(*plan.sessions, _session("young-1", "young", D(2024, 3, 4), days=5)),
        enrollments=(*plan.enrollments, Enrollment(cadre="c4", session="young-1")),
    )

    assert expected == _found(plan, "CP302")


# -- CP303 overlapping sessions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_on", "expected"),
    [
        (D(2024, 3, 8), [("$.enrollments[4]", ("c1", "gov-2", "gov-1"))]),
        (D(2024, 3, 9), []),
        (D(2024, 2, 29), [("$.enrollments[0]", ("c1", "gov-1", "gov-2"))]),
        (D(2024, 2, 28), []),
    ],
    ids=[
        "starts-on-the-last-day",
        "starts-the-day-after",
        "ends-on-the-first-day",
        "ends-the-day-before",
    ],
)
def test_cp303_sessions_touching_on_a_day_overlap(
    plan: Plan, start_on: dt.date, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """Sessions sharing one day overlap; sessions on consecutive days do not."""
    plan = _enroll(
        _add_sessions(plan, _session("gov-2", "eco", start_on, days=5)),
        Enrollment(cadre="c1", session="gov-2"),
    )

    assert expected == _found(plan, "CP303")


def test_cp303_each_session_inside_a_long_one_is_reported_once(plan: Plan) -> None:
    """Two short sessions inside a long one each conflict with the long one, not each other."""
    plan = _enroll(
        _add_sessions(
            plan,
            _session("long", "eco", D(2024, 7, 1), days=10),
            _session("early", "eco", D(2024, 7, 2)),
            _session("late", "eco", D(2024, 7, 8)),
        ),
        Enrollment(cadre="c2", session="late"),
        Enrollment(cadre="c2", session="early"),
        Enrollment(cadre="c2", session="long"),
    )
    expected = [
        ("$.enrollments[5]", ("c2", "early", "long")),
        ("$.enrollments[4]", ("c2", "late", "long")),
    ]

    assert expected == _found(plan, "CP303")


def test_cp303_withdrawn_enrollment_frees_the_days(plan: Plan) -> None:
    """A withdrawn enrollment in an overlapping session is no conflict."""
    plan = _enroll(
        _add_sessions(plan, _session("gov-2", "eco", D(2024, 3, 6))),
        Enrollment(cadre="c1", session="gov-2", status=WITHDRAWN),
    )

    assert _found(plan, "CP303") == []


def test_cp303_message_names_both_sessions_and_dates(plan: Plan) -> None:
    """The message names both sessions with their dates."""
    plan = _enroll(
        _add_sessions(plan, _session("gov-2", "eco", D(2024, 3, 8))),
        Enrollment(cadre="c1", session="gov-2"),
    )
    expected = (
        "cadre 'c1' is in session 'gov-2' (2024-03-08..2024-03-08) and session 'gov-1' "
        "(2024-03-04..2024-03-08) at once"
    )

    assert [expected] == _messages(plan, "CP303")


# -- CP304 practice assignment ---------------------------------------------------------------------


POST = Post(
    id="post",
    title="Village residency",
    kind=PostKind.VILLAGE_TEMPLE_RESIDENCY,
    unit="T",
    start_on=D(2024, 1, 1),
    end_on=D(2024, 12, 31),
    slots=3,
)


@pytest.mark.parametrize(
    ("start_on", "end_on", "expected"),
    [
        (D(2024, 3, 8), D(2024, 4, 30), [("$.enrollments[0]", ("c1", "gov-1", "post"))]),
        (D(2024, 3, 9), D(2024, 4, 30), []),
        (D(2024, 2, 1), D(2024, 3, 4), [("$.enrollments[0]", ("c1", "gov-1", "post"))]),
        (D(2024, 2, 1), D(2024, 3, 3), []),
    ],
    ids=[
        "starts-on-the-last-day",
        "starts-the-day-after",
        "ends-on-the-first-day",
        "ends-the-day-before",
    ],
)
def test_cp304_session_during_a_practice_assignment(
    plan: Plan, start_on: dt.date, end_on: dt.date, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """A session sharing a day with the cadre's practice assignment is reported."""
    assignment = PracticeAssignment(cadre="c1", post="post", start_on=start_on, end_on=end_on)
    plan = plan.evolve(posts=(POST,), assignments=(assignment,))

    assert expected == _found(plan, "CP304")


def test_cp304_another_cadres_assignment_is_no_conflict(plan: Plan) -> None:
    """Only the enrolled cadre's own assignments conflict with their sessions."""
    assignment = PracticeAssignment(
        cadre="c3", post="post", start_on=D(2024, 3, 1), end_on=D(2024, 3, 31)
    )

    assert _found(plan.evolve(posts=(POST,), assignments=(assignment,)), "CP304") == []


# -- CP305 same program twice ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ((_record(D(2019, 6, 1), program="gov"),), [("$.enrollments[0]", ("c1", "gov"))]),
        ((_record(D(2024, 11, 1), program="gov"),), [("$.enrollments[0]", ("c1", "gov"))]),
        ((_record(D(2019, 6, 1), program="gov", is_completed=False),), []),
        ((_record(D(2019, 6, 1), program="gov-old"),), []),
        (
            (_record(D(2019, 6, 1), program="gov"), _record(D(2020, 6, 1), program="gov")),
            [("$.enrollments[0]", ("c1", "gov"))],
        ),
    ],
    ids=["completed-before", "completed-after", "incomplete", "other-program", "twice-in-history"],
)
def test_cp305_program_already_in_history(
    plan: Plan,
    history: tuple[TrainingRecord, ...],
    expected: list[tuple[str, tuple[str, ...]]],
) -> None:
    """Completed history of the program makes an enrollment duplicate; incomplete does not."""
    assert expected == _found(plan.evolve(history=history), "CP305")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (EnrollmentStatus.PLANNED, [("$.enrollments[4]", ("c1", "gov"))]),
        (EnrollmentStatus.COMPLETED, [("$.enrollments[4]", ("c1", "gov"))]),
        (WITHDRAWN, []),
    ],
    ids=str,
)
def test_cp305_second_session_of_the_program(
    plan: Plan, status: EnrollmentStatus, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """An active enrollment in a second session of a program is reported; a withdrawn one is not."""
    plan = _enroll(
        _add_sessions(plan, _session("gov-2", "gov", D(2024, 9, 2))),
        Enrollment(cadre="c1", session="gov-2", status=status),
    )

    assert expected == _found(plan, "CP305")


def test_cp305_message_points_at_the_first(plan: Plan) -> None:
    """The message names the program and where the cadre already has it."""
    plan = plan.evolve(history=(_record(D(2019, 6, 1), program="gov"),))

    assert _messages(plan, "CP305") == ["cadre 'c1' already has program 'gov' ($.history[0])"]


# -- CP306 same theme within the window ------------------------------------------------------------


@pytest.mark.parametrize(
    ("history_on", "expected"),
    [
        (D(2023, 9, 5), [("$.enrollments[0]", ("c1", "gov-1"))]),
        (D(2023, 9, 4), []),
    ],
    ids=["a-day-under-six-months", "exactly-six-months"],
)
def test_cp306_theme_window_boundary(
    plan: Plan, history_on: dt.date, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """A shared theme starting less than six months earlier is flagged; exactly six is not."""
    plan = plan.evolve(history=(_record(history_on, program="old", themes={"rural_governance"}),))

    assert expected == _found(plan, "CP306")


@pytest.mark.parametrize(
    ("start_on", "expected"),
    [
        (D(2024, 9, 3), [("$.enrollments[4]", ("c1", "gov-b"))]),
        (D(2024, 9, 4), []),
    ],
    ids=["a-day-under-six-months", "exactly-six-months"],
)
def test_cp306_between_two_enrollments(
    plan: Plan, start_on: dt.date, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """Between two planned trainings, the later one is flagged."""
    plan = _enroll(
        plan.evolve(
            programs=(
                *plan.programs,
                _program("gov-b", themes={"rural_governance", "party_theory"}),
            ),
            sessions=(*plan.sessions, _session("gov-b", "gov-b", start_on)),
        ),
        Enrollment(cadre="c1", session="gov-b"),
    )

    assert expected == _found(plan, "CP306")


def test_cp306_window_is_an_option(plan: Plan) -> None:
    """A shorter theme window lets the theme come back sooner; a longer one flags more."""
    plan = plan.evolve(
        history=(_record(D(2023, 12, 4), program="old", themes={"rural_governance"}),)
    )

    assert _found(plan, "CP306", theme_window=relativedelta(months=3)) == []
    assert len(_found(plan, "CP306", theme_window=relativedelta(months=4))) == 1


def test_cp306_same_program_is_left_to_cp305(plan: Plan) -> None:
    """Repeating the program is CP305's finding, not a theme duplicate as well."""
    plan = plan.evolve(
        history=(_record(D(2024, 1, 4), program="gov", themes={"rural_governance"}),)
    )

    assert _found(plan, "CP306") == []


def test_cp306_withdrawn_and_incomplete_training_count_for_nothing(plan: Plan) -> None:
    """Neither incomplete history nor a withdrawn enrollment makes a theme duplicate."""
    plan = _enroll(
        plan.evolve(
            history=(
                _record(
                    D(2024, 1, 4), program="old", themes={"rural_governance"}, is_completed=False
                ),
            ),
            programs=(*plan.programs, _program("gov-b", themes={"rural_governance"})),
            sessions=(*plan.sessions, _session("gov-b", "gov-b", D(2024, 4, 1))),
        ),
        Enrollment(cadre="c1", session="gov-b", status=WITHDRAWN),
    )

    assert _found(plan, "CP306") == []


def test_cp306_message_counts_the_days(plan: Plan) -> None:
    """The message names the shared themes and how many days after which training."""
    plan = plan.evolve(
        history=(_record(D(2024, 1, 4), program="old", themes={"rural_governance"}),)
    )

    assert _messages(plan, "CP306") == [
        "cadre 'c1' trains on 'rural_governance' again 60 days after $.history[0]"
    ]


def test_cp306_later_history_within_the_window_is_flagged(plan: Plan) -> None:
    """Completed history starting weeks after an enrolled session on its theme is duplicate too.

    ``duplicate_reason`` calls this pair a duplicate; CP306 must report it at the enrollment.
    """
    plan = plan.evolve(
        history=(_record(D(2024, 4, 1), program="old", themes={"rural_governance"}),)
    )

    assert _found(plan, "CP306") == [("$.enrollments[0]", ("c1", "gov-1"))]


# -- CP401 seat quota ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quota", "expected"),
    [
        (SeatQuota(unit="C", seats=1, session="gov-1"), [("$.seat_quotas[0]", ("C",))]),
        (SeatQuota(unit="C", seats=2, session="gov-1"), []),
        (SeatQuota(unit="T", seats=1, session="gov-1"), [("$.seat_quotas[0]", ("T",))]),
        (SeatQuota(unit="C2", seats=0, session="gov-1"), []),
        (SeatQuota(unit="C", seats=1, program="eco"), []),
        (SeatQuota(unit="P", seats=1, program="eco"), [("$.seat_quotas[0]", ("P",))]),
        (SeatQuota(unit="P", seats=2, program="eco"), []),
    ],
    ids=[
        "county-over",
        "county-exactly-used",
        "township-over",
        "other-county-unused",
        "program-quota-exactly-used",
        "program-quota-over-for-the-prefecture",
        "program-quota-prefecture-exactly-used",
    ],
)
def test_cp401_seat_quota(
    plan: Plan, quota: SeatQuota, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """A unit's whole subtree draws on its quota; exactly using it is fine."""
    assert expected == _found(plan.evolve(seat_quotas=(quota,)), "CP401")


def test_cp401_program_quota_adds_up_its_sessions(plan: Plan) -> None:
    """A program quota counts the unit's seats in every session of the program."""
    plan = _enroll(
        _add_sessions(plan, _session("eco-2", "eco", D(2024, 9, 2))),
        Enrollment(cadre="c2", session="eco-2"),
        Enrollment(cadre="c9", session="eco-2"),
    )
    over = plan.evolve(seat_quotas=(SeatQuota(unit="C", seats=1, program="eco"),))
    exact = plan.evolve(seat_quotas=(SeatQuota(unit="C", seats=2, program="eco"),))

    assert _found(over, "CP401") == [("$.seat_quotas[0]", ("C",))]
    assert _found(exact, "CP401") == []
    assert _messages(over, "CP401") == [
        "unit 'C' holds 2 seats of program 'eco' over its quota of 1"
    ]


def test_cp401_withdrawn_enrollments_hold_no_seat(plan: Plan) -> None:
    """Withdrawn enrollments do not draw on a quota."""
    plan = _enroll(
        _replace_session(plan, capacity=3),
        Enrollment(cadre="c3", session="gov-1", status=WITHDRAWN),
    )
    plan = plan.evolve(
        cadres=(
            *plan.cadres[:2],
            Cadre(id="c3", name="Y", unit="T", category="township_cadre", rank="staff"),
        ),
        seat_quotas=(SeatQuota(unit="C", seats=2, session="gov-1"),),
    )

    assert _found(plan, "CP401") == []


def test_cp401_message_names_the_session(plan: Plan) -> None:
    """The message gives the unit, its seats, the session and the quota."""
    plan = plan.evolve(seat_quotas=(SeatQuota(unit="C", seats=1, session="gov-1"),))

    assert _messages(plan, "CP401") == [
        "unit 'C' holds 2 seats of session 'gov-1' over its quota of 1"
    ]


# -- CP402 dispatch quota --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "seats", "expected"),
    [
        ({}, 4, []),
        ({}, 5, [("$.dispatch_quotas[0]", ("d",))]),
        ({"tier": "county_general"}, 2, []),
        ({"tier": "county_general"}, 3, [("$.dispatch_quotas[0]", ("d",))]),
        ({"institution_kind": "party_school"}, 4, []),
        ({"institution_kind": "national_institution"}, 1, [("$.dispatch_quotas[0]", ("d",))]),
        ({"institution_kind": "national_institution"}, 0, []),
        ({"unit": "C2"}, 1, []),
        ({"unit": "C2"}, 2, [("$.dispatch_quotas[0]", ("d",))]),
        ({"unit": "C", "tier": "prefecture_key"}, 1, []),
    ],
    ids=[
        "all-exactly-met",
        "all-one-short",
        "tier-exactly-met",
        "tier-one-short",
        "kind-exactly-met",
        "kind-none-sent",
        "zero-seats",
        "unit-exactly-met",
        "unit-one-short",
        "filters-combine",
    ],
)
def test_cp402_dispatch_quota(
    plan: Plan, filters: dict[str, Any], seats: int, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """Active enrollments matching every filter count toward the dispatch quota."""
    quota = DispatchQuota(id="d", seats=seats, **filters)

    assert expected == _found(plan.evolve(dispatch_quotas=(quota,)), "CP402")


def test_cp402_withdrawn_and_unknown_do_not_count(plan: Plan) -> None:
    """Withdrawn enrollments and enrollments of unknown cadres send nobody."""
    plan = _enroll(
        plan.evolve(dispatch_quotas=(DispatchQuota(id="d", seats=5),)),
        Enrollment(cadre="c2", session="eco-1", status=WITHDRAWN),
        Enrollment(cadre="c9", session="eco-1"),
    )

    assert _messages(plan, "CP402") == [
        "dispatch quota 'd' asks for 5 cadres; 4 enrolled (1 short)"
    ]


# -- CP501 requirement not met ---------------------------------------------------------------------


YEARLY = Requirement(
    id="yearly",
    title="90 hours or 12 days a year",
    audience=Audience(ranks={"township"}),
    cycle=relativedelta(years=1),
    hours=90,
    days=12,
    basis=CycleBasis.FIXED,
    anchor_on=D(2024, 1, 1),
    grace=relativedelta(years=1),
)


def test_cp501_short_cadres_are_reported(plan: Plan) -> None:
    """Cadres whose done and planned training fall short by the due date are reported."""
    plan = plan.evolve(requirements=(YEARLY,))
    expected = [("$.cadres[0]", ("c1", "yearly")), ("$.cadres[1]", ("c2", "yearly"))]

    assert expected == _found(plan, "CP501")
    assert _messages(plan, "CP501")[0] == (
        "cadre 'c1' is short of 26 hours or 4 days for requirement 'yearly' "
        "(cycle 2024-01-01..2024-12-31, due 2024-12-31)"
    )


def test_cp501_exactly_the_required_hours_satisfy(plan: Plan) -> None:
    """Training that adds up to exactly 90 hours meets the requirement."""
    plan = plan.evolve(
        requirements=(YEARLY,),
        history=(_record(D(2024, 1, 8), hours=26), _record(D(2024, 1, 8), cadre="c2", hours=50)),
    )

    assert _found(plan, "CP501") == []


def test_cp501_history_before_the_cycle_does_not_count(plan: Plan) -> None:
    """Training of the previous year does not count toward this year's cycle."""
    plan = plan.evolve(
        requirements=(YEARLY,),
        history=(_record(D(2023, 12, 30), hours=26), _record(D(2024, 1, 1), cadre="c2", hours=50)),
    )

    assert _found(plan, "CP501") == [("$.cadres[0]", ("c1", "yearly"))]


def test_cp501_waits_for_the_grace_period(plan: Plan) -> None:
    """A cadre appointed this year has a year's grace, so is not yet reported."""
    cadres = (
        Cadre(
            id="c1",
            name="Dawa",
            unit="T",
            category="township_cadre",
            rank="township",
            appointed_on=D(2024, 1, 2),
        ),
        Cadre(
            id="c2",
            name="Pema",
            unit="T",
            category="township_cadre",
            rank="township",
            appointed_on=D(2024, 1, 1),
        ),
        plan.cadres[2],
    )

    assert _found(plan.evolve(requirements=(YEARLY,), cadres=cadres), "CP501") == [
        ("$.cadres[1]", ("c2", "yearly"))
    ]


def test_cp501_waits_for_the_due_date(plan: Plan) -> None:
    """Validated mid-cycle, a fixed yearly requirement is not yet due."""
    plan = plan.evolve(requirements=(YEARLY,))

    assert _found(plan, "CP501", on=D(2024, 12, 30)) == []


# -- CP601 redundant programs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("copy", "expected"),
    [
        (
            _program(
                "gov-copy", hours=8, themes={"rural_governance"}, audience=Audience(units={"C"})
            ),
            [("$.programs[2]", ("gov-copy", "gov"))],
        ),
        (
            _program("gov-copy", themes={"rural_governance"}, audience=Audience(units={"C", "C2"})),
            [],
        ),
        (
            _program(
                "gov-copy",
                themes={"rural_governance", "party_theory"},
                audience=Audience(units={"C"}),
            ),
            [],
        ),
        (
            _program(
                "gov-copy",
                tier="prefecture_key",
                themes={"rural_governance"},
                audience=Audience(units={"C"}),
            ),
            [],
        ),
    ],
    ids=["same-tier-themes-audience", "wider-audience", "one-more-theme", "other-tier"],
)
def test_cp601_redundant_programs(
    plan: Plan, copy: Program, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """Programs of one tier, themes and audience are redundant; one difference is enough."""
    assert expected == _found(plan.evolve(programs=(*plan.programs, copy)), "CP601")


# -- CP602 under-filled session --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capacity", "min_fill", "expected"),
    [
        (4, 0.5, []),
        (5, 0.5, [("$.sessions[0]", ("gov-1",))]),
        (4, 0.6, [("$.sessions[0]", ("gov-1",))]),
        (100, 0, []),
        (2, 1, []),
    ],
    ids=["exactly-half", "below-half", "stricter-option", "zero-fill-never", "full-at-100-percent"],
)
def test_cp602_under_filled_session(
    plan: Plan, capacity: int, min_fill: float, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    """A session filled below the minimum share of its seats is flagged; exactly at it is not."""
    plan = _replace_session(plan, capacity=capacity)

    assert expected == _found(plan, "CP602", min_fill=min_fill)


def test_cp602_is_silent_before_any_allocation(plan: Plan) -> None:
    """A plan without enrollments has not been allocated yet: no session is under-filled."""
    assert _found(plan.evolve(enrollments=()), "CP602") == []


def test_cp602_withdrawn_enrollments_do_not_fill(plan: Plan) -> None:
    """A session whose enrollments are all withdrawn is empty."""
    plan = plan.evolve(
        enrollments=(
            *plan.enrollments[2:],
            *(
                Enrollment(cadre=e.cadre, session=e.session, status=WITHDRAWN)
                for e in plan.enrollments[:2]
            ),
        )
    )

    assert _found(plan, "CP602") == [("$.sessions[0]", ("gov-1",))]
    assert _messages(plan, "CP602") == ["session 'gov-1' has 0 of 2 seats filled, below 50%"]


# -- the demo region -------------------------------------------------------------------------------


def test_demo_region_validates_without_errors() -> None:
    """The embedded demo region is a valid plan: no error findings."""
    from cadreplan.datasets import demo_region  # noqa: PLC0415 - the datasets load on demand

    report = validate(demo_region())

    assert [str(finding) for finding in report.errors] == []
