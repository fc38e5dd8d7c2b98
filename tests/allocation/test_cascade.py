"""The tier cascade: who gets each seat, in which order, under which hard constraints.

Every case is a small hand-built plan for the year 2024: one region, one
prefecture, counties C1 and C2 with townships T1 and T2, a party school and a
local venue, and by default one requirement, "one session a year", that every
session counts toward.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta

from cadreplan import (
    AllocationResult,
    Audience,
    Cadre,
    CascadePolicy,
    CycleBasis,
    Enrollment,
    EnrollmentStatus,
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
    SessionFill,
    TrainingRecord,
    Unit,
    UnitKind,
    allocate,
    coverage,
    explain,
    validate,
)
from cadreplan.allocation._cascade import run_cascade
from cadreplan.allocation._cascade_events import PLACED, describe_key
from cadreplan.allocation._cascade_needs import needs_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cadreplan import CoverageLedger

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
INDUCTION = Requirement(
    id="induction",
    title="Induction within six months of appointment",
    audience=Audience(),
    cycle=relativedelta(months=6),
    sessions=1,
    basis=CycleBasis.APPOINTMENT,
)
TWICE = Requirement(
    id="twice",
    title="Two sessions",
    audience=Audience(),
    cycle=relativedelta(years=1),
    sessions=2,
)
SEEDS = range(8)


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


def record(cadre_id: str, start_on: dt.date, *, hours: float = 10, **fields: Any) -> TrainingRecord:
    return TrainingRecord(cadre=cadre_id, start_on=start_on, end_on=start_on, hours=hours, **fields)


POST = Post(
    id="x",
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


def placed(result: AllocationResult) -> dict[str, list[str]]:
    """Return the new placements as {session: [cadres in placement order]}."""
    seats: dict[str, list[str]] = {}
    for enrollment in result.placements:
        seats.setdefault(enrollment.session, []).append(enrollment.cadre)
    return seats


def winners(plan: Plan, seeds: Iterable[int] = SEEDS, **options: Any) -> set[tuple[str, ...]]:
    """Return the distinct sets of placed cadres over several seeds."""
    return {
        tuple(sorted(e.cadre for e in allocate(plan, seed=seed, **options).placements))
        for seed in seeds
    }


def outcomes(result: AllocationResult, cadre_id: str) -> list[tuple[str, str]]:
    return [(event.session, event.outcome) for event in result.explain(cadre_id).events]


# -- priority ---------------------------------------------------------------------


def test_short_cadre_goes_first() -> None:
    """A cadre short of a requirement the session counts toward beats one who is not, any seed."""
    plan = make_plan(
        cadres=(cadre("met"), cadre("short")),
        history=(record("met", D(2024, 2, 1)),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert {("short",)} == winners(plan)


def test_requirement_the_session_does_not_count_toward_gives_no_priority() -> None:
    """Being short of a requirement only counts where the session counts toward it."""

    def per_tier(tier: str) -> Requirement:
        return Requirement(
            id=tier,
            title=f"A {tier} session a year",
            audience=Audience(),
            cycle=relativedelta(years=1),
            sessions=1,
            tiers={tier},
        )

    plan = make_plan(
        requirements=(per_tier("sector_system"), per_tier("county_general")),
        cadres=(cadre("short_of_sector"), cadre("short_of_county")),
        history=(
            record("short_of_sector", D(2024, 2, 1), tier="county_general"),
            record("short_of_county", D(2024, 2, 1), tier="sector_system"),
        ),
        programs=(program("p", tier="county_general"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert {("short_of_county",)} == winners(plan)


def test_larger_shortfall_goes_first() -> None:
    """Of two short cadres, the one missing the larger share of the requirement goes first."""
    hours = Requirement(
        id="hours", title="30 hours", audience=Audience(), cycle=relativedelta(years=1), hours=30
    )
    plan = make_plan(
        requirements=(hours,),
        cadres=(cadre("nearly"), cadre("far")),
        history=(record("nearly", D(2024, 2, 1), hours=25), record("far", D(2024, 2, 1), hours=5)),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert {("far",)} == winners(plan)


def test_earlier_due_goes_first() -> None:
    """Of two cadres equally short, the one whose requirement falls due first goes first."""
    with_grace = Requirement(
        id="yearly",
        title="One session a year, two years' grace after appointment",
        audience=Audience(),
        cycle=relativedelta(years=1),
        sessions=1,
        basis=CycleBasis.FIXED,
        anchor_on=D(2024, 1, 1),
        grace=relativedelta(years=2),
    )
    plan = make_plan(
        requirements=(with_grace,),
        cadres=(cadre("newcomer", appointed_on=D(2023, 9, 1)), cadre("veteran")),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert {("veteran",)} == winners(plan)


def test_longest_since_last_trained_goes_first() -> None:
    """Of two cadres equally short and due, the one trained longer ago goes first."""
    plan = make_plan(
        cadres=(cadre("recent"), cadre("long_ago")),
        history=(record("recent", D(2023, 10, 2)), record("long_ago", D(2023, 3, 1))),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert {("long_ago",)} == winners(plan)


def test_never_trained_goes_first() -> None:
    """A cadre never trained goes before one trained before, other keys equal."""
    plan = make_plan(
        cadres=(cadre("trained"), cadre("never")),
        history=(record("trained", D(2022, 3, 1)),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert {("never",)} == winners(plan)


def test_tie_break_depends_on_the_seed() -> None:
    """Between cadres equal on every key the seed decides, so different seeds pick both."""
    plan = make_plan(
        cadres=(cadre("a"), cadre("b")),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert {("a",), ("b",)} == winners(plan, seeds=range(20))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_tie_break_is_stable_per_seed(seed: int) -> None:
    """The same seed picks the same cadre on every run."""
    plan = make_plan(
        cadres=tuple(cadre(f"c{number}") for number in range(6)),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=2),),
    )

    assert 1 == len(winners(plan, seeds=[seed, seed, seed]))


def test_placed_cadre_drops_behind() -> None:
    """A cadre placed once ranks lower afterwards, so the next seat goes to the other cadre."""
    plan = make_plan(
        requirements=(TWICE,),
        cadres=(cadre("a"), cadre("b")),
        programs=(program("p"), program("q")),
        sessions=(session("s1", "p", D(2024, 3, 4)), session("s2", "q", D(2024, 6, 3))),
    )

    assert {("a", "b")} == winners(plan)


def test_a_cadre_placed_elsewhere_while_queued_ranks_by_what_they_still_lack() -> None:
    """The key a cadre was queued with before a seat elsewhere is worked out again.

    Yeshe is busy for the February session of q and is set aside; he then
    gets the March seat of p. For q's June session he lacks one session,
    as Zhuoma does, and was trained more recently than her: she goes first.
    """
    plan = make_plan(
        requirements=(TWICE,),
        cadres=(cadre("xiaoming"), cadre("yeshe"), cadre("zhuoma")),
        history=(record("zhuoma", D(2024, 1, 10)),),
        programs=(program("p"), program("q")),
        sessions=(
            session("q-february", "q", D(2024, 2, 5)),
            session("p-march", "p", D(2024, 3, 4)),
            session("q-june", "q", D(2024, 6, 3)),
        ),
        assignments=(
            PracticeAssignment(
                cadre="yeshe", post="x", start_on=D(2024, 2, 1), end_on=D(2024, 2, 29)
            ),
        ),
    )

    for seed in SEEDS:
        assert {
            "q-february": ["xiaoming"],
            "p-march": ["yeshe"],
            "q-june": ["zhuoma"],
        } == placed(allocate(plan, seed=seed))


def test_requirement_whose_window_has_closed_gives_no_priority() -> None:
    """A cadre whose requirement window closed before the session is not short *for it*.

    The session cannot count toward that requirement (coverage counts only
    training inside the window), so the seat goes to the cadre whose window
    the session falls in.
    """
    plan = make_plan(
        requirements=(INDUCTION,),
        cadres=(
            cadre("window_closed", appointed_on=D(2023, 12, 1)),
            cadre("window_open", appointed_on=D(2024, 5, 1)),
        ),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert {("window_open",)} == winners(plan)


def test_a_window_opening_after_the_programs_first_session_gives_priority_that_day() -> None:
    """Not short at the program's first session, short at its second: queued for that one.

    The backstop seats only cadres who are short; Lobsang's induction window
    opens between its two sessions.
    """
    plan = make_plan(
        requirements=(INDUCTION,),
        cadres=(
            cadre("tashi", appointed_on=D(2024, 2, 1)),
            cadre("lobsang", appointed_on=D(2024, 6, 1)),
        ),
        programs=(program("p", tier="township_backstop"),),
        sessions=(
            session("march", "p", D(2024, 3, 4), institution="venue"),
            session("september", "p", D(2024, 9, 2), institution="venue"),
        ),
    )

    for seed in SEEDS:
        assert {"march": ["tashi"], "september": ["lobsang"]} == placed(allocate(plan, seed=seed))


def test_a_window_opening_for_who_holds_the_program_is_noted_as_a_duplicate() -> None:
    """Queued when not short, a cadre whose window opens later is considered again then.

    Lobsang did program p last year. He is not short at the March session of
    the backstop; his induction window opens in June. In September he is the
    best candidate again, and the seat is refused as a duplicate (the
    opening window queues nobody who holds the program: his March key must
    not be taken as still holding).
    """
    plan = make_plan(
        requirements=(INDUCTION,),
        cadres=(cadre("lobsang", appointed_on=D(2024, 6, 1)),),
        programs=(program("p", tier="township_backstop"),),
        sessions=(
            session("march", "p", D(2024, 3, 4), institution="venue"),
            session("september", "p", D(2024, 9, 2), institution="venue"),
        ),
        history=(record("lobsang", D(2023, 5, 1), program="p"),),
    )

    result = allocate(plan)

    assert {} == placed(result)
    assert [("september", Outcome.DUPLICATE)] == [
        (event.session, event.outcome)
        for event in result.explain("lobsang").events
        if event.session == "september"
    ]


@pytest.mark.parametrize(("seed", "reason"), [(0, "all_full"), (3, "duplicate")])
def test_a_backstop_with_a_window_opening_later_queues_who_is_not_short(
    seed: int, reason: str
) -> None:
    """Where a window opens later, who is not short is queued as before, and may end a session.

    Two sessions at two kinds of institution make two queues of one program.
    Lobsang, short once his window opens in June, gets the July seat at the
    school. In September, at the venue, his key from March turns short again
    when worked out, and he holds the program. Mima is never short. With seed
    0 her tie-break ranks before his March key: she ends the session before
    he is considered (he was only ever refused for want of seats). With seed 3
    he comes first and is refused as a duplicate.
    """
    twice = attrs.evolve(INDUCTION, sessions=2)
    plan = make_plan(
        requirements=(twice,),
        cadres=(
            cadre("tashi", appointed_on=D(2024, 2, 1)),
            cadre("lobsang", appointed_on=D(2024, 6, 1)),
            cadre("mima"),
        ),
        programs=(program("p", tier="township_backstop"),),
        sessions=(
            session("march", "p", D(2024, 3, 4), institution="venue"),
            session("july", "p", D(2024, 7, 1), institution="school"),
            session("september", "p", D(2024, 9, 2), institution="venue"),
        ),
    )

    result = allocate(plan, seed=seed)

    assert {"march": ["tashi"], "july": ["lobsang"]} == placed(result)
    assert [("lobsang", reason), ("tashi", "all_full")] == sorted(
        (unplaced.cadre, unplaced.reason) for unplaced in result.unplaced
    )


def test_the_key_a_window_opening_replaces_is_never_considered() -> None:
    """Queued again when their window opens, a cadre is considered once per session.

    Lobsang is queued for the county program, not short, before his window
    opens; on the day it opens he is queued again, short. After his seat in
    September, the key from before must not bring him back to a second seat
    of the same session (as a duplicate).
    """
    plan = make_plan(
        requirements=(INDUCTION,),
        cadres=(
            cadre("tashi", appointed_on=D(2024, 2, 1)),
            cadre("lobsang", appointed_on=D(2024, 6, 1)),
        ),
        programs=(program("p"),),
        sessions=(
            session("march", "p", D(2024, 3, 4)),
            session("september", "p", D(2024, 9, 2), capacity=2),
        ),
    )

    result = allocate(plan)

    assert {"march": ["tashi"], "september": ["lobsang"]} == placed(result)
    assert [("march", "full"), ("september", "placed")] == outcomes(result, "lobsang")


def test_a_need_whose_window_closed_while_queued_gives_no_priority() -> None:
    """A cadre set aside in March, short until June, is not short in September.

    Ama's induction window closes on 30 June; she is busy for the March
    session. By September the key she was queued with in March no longer
    holds: the seat goes to Dorje, whose window is open.
    """
    plan = make_plan(
        requirements=(INDUCTION,),
        cadres=(
            cadre("ama", appointed_on=D(2024, 1, 1)),
            cadre("dorje", appointed_on=D(2024, 5, 1)),
        ),
        programs=(program("p"),),
        sessions=(
            session("march", "p", D(2024, 3, 4)),
            session("september", "p", D(2024, 9, 2)),
        ),
        assignments=(
            PracticeAssignment(
                cadre="ama", post="x", start_on=D(2024, 3, 1), end_on=D(2024, 3, 31)
            ),
        ),
    )

    result = allocate(plan, policy=CascadePolicy(fill_with_unneeded=False))

    assert {"september": ["dorje"]} == placed(result)


# -- order ---------------------------------------------------------------------------


def test_higher_tier_picks_first() -> None:
    """A prefecture session picks before a county session that starts earlier."""
    plan = make_plan(
        cadres=(cadre("a"),),
        programs=(
            program("county", tier="county_general", themes={"cybersecurity"}),
            program("prefecture", tier="prefecture_key", themes={"cybersecurity"}),
        ),
        sessions=(
            session("early_county", "county", D(2024, 3, 4)),
            session("late_prefecture", "prefecture", D(2024, 6, 3)),
        ),
    )

    result = allocate(plan)

    assert {"late_prefecture": ["a"]} == placed(result)
    assert [("late_prefecture", Outcome.PLACED), ("early_county", Outcome.DUPLICATE)] == outcomes(
        result, "a"
    )


def test_earlier_session_picks_first_within_a_tier() -> None:
    """Within a tier, sessions go by start date, not by their order in the plan."""
    plan = make_plan(
        cadres=(cadre("a"),),
        programs=(
            program("p", themes={"cybersecurity"}),
            program("q", themes={"cybersecurity"}),
        ),
        sessions=(session("late", "p", D(2024, 6, 3)), session("early", "q", D(2024, 3, 4))),
    )

    assert {"early": ["a"]} == placed(allocate(plan))


def test_sessions_that_cannot_run_are_skipped() -> None:
    """Sessions of an unknown program, institution or tier get nobody."""
    plan = make_plan(
        cadres=(cadre("a"),),
        programs=(
            program("q"),
            program("r"),
            program("odd", tier="no_such_tier"),
        ),
        sessions=(
            session("no_program", "missing", D(2024, 4, 1)),
            session("no_institution", "q", D(2024, 5, 6), institution="missing"),
            session("no_tier", "odd", D(2024, 6, 3)),
            session("fine", "r", D(2024, 9, 2)),
        ),
    )

    result = allocate(plan, allow_errors=True)

    assert {"fine": ["a"]} == placed(result)
    assert ["fine"] == list(result.fill_by_session)


# -- capacity and what is already in the plan ---------------------------------------


def test_capacity_is_never_exceeded() -> None:
    """A session with 3 seats, one taken already, gets 2 new enrollments out of 5 candidates."""
    plan = make_plan(
        cadres=tuple(cadre(f"c{number}") for number in range(5)),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=3),),
        enrollments=(Enrollment(cadre="c0", session="s"),),
    )

    result = allocate(plan)

    assert 2 == len(result.placements)
    assert SessionFill(session="s", capacity=3, existing=1, placed=2) == result.fill_by_session["s"]


def test_existing_enrollments_are_kept_as_they_are() -> None:
    """The new plan starts with the old enrollments, untouched and in order."""
    existing = (
        Enrollment(cadre="b", session="s", status=EnrollmentStatus.CONFIRMED),
        Enrollment(cadre="a", session="s", status=EnrollmentStatus.PLANNED),
    )
    plan = make_plan(
        cadres=(cadre("a"), cadre("b"), cadre("c")),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=3),),
        enrollments=existing,
    )

    result = allocate(plan)

    assert existing == result.plan.enrollments[:2]
    assert (Enrollment(cadre="c", session="s"),) == result.plan.enrollments[2:]


def test_withdrawn_enrollment_takes_no_seat() -> None:
    """A withdrawn enrollment leaves its seat free for someone else."""
    plan = make_plan(
        cadres=(cadre("gone", category="village_cadre"), cadre("a")),
        programs=(program("p", audience=Audience(categories={"township_cadre"})),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
        enrollments=(Enrollment(cadre="gone", session="s", status=EnrollmentStatus.WITHDRAWN),),
    )

    assert {"s": ["a"]} == placed(allocate(plan))


def test_cadre_is_not_enrolled_again_where_they_withdrew() -> None:
    """A cadre who withdrew from a session is not given a second enrollment in it.

    The plan would then hold the pair (cadre, session) twice, which CP102 reports as an error.
    """
    plan = make_plan(
        cadres=(cadre("a"),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
        enrollments=(Enrollment(cadre="a", session="s", status=EnrollmentStatus.WITHDRAWN),),
    )

    result = allocate(plan)

    assert [] == [finding.code for finding in validate(result.plan).errors]


def test_overlapping_enrollment_is_a_conflict() -> None:
    """A cadre enrolled in an overlapping session is not placed, and the story says so."""
    sector = Requirement(
        id="yearly",
        title="A county session a year",
        audience=Audience(),
        cycle=relativedelta(years=1),
        sessions=1,
        tiers={"county_general"},
    )
    plan = make_plan(
        requirements=(sector,),
        cadres=(cadre("busy"),),
        programs=(program("other", tier="sector_system"), program("p")),
        sessions=(
            session("held", "other", D(2024, 6, 1), days=5),
            session("s", "p", D(2024, 6, 5)),
        ),
        enrollments=(Enrollment(cadre="busy", session="held"),),
    )

    result = allocate(plan)

    assert {} == placed(result)
    assert [("s", Outcome.CONFLICT)] == [
        pair for pair in outcomes(result, "busy") if pair[0] == "s"
    ]


def test_practice_assignment_is_a_conflict() -> None:
    """A cadre on a practice assignment during the session is not placed."""
    plan = make_plan(
        cadres=(cadre("posted"), cadre("free")),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=2),),
        assignments=(
            PracticeAssignment(
                cadre="posted", post="x", start_on=D(2024, 6, 5), end_on=D(2024, 9, 1)
            ),
        ),
    )

    result = allocate(plan)

    assert {"s": ["free"]} == placed(result)
    assert [("s", Outcome.CONFLICT)] == outcomes(result, "posted")


def test_assignment_ending_the_day_before_is_no_conflict() -> None:
    """Overlap means sharing a day: an assignment that ends the day before leaves the cadre free."""
    plan = make_plan(
        cadres=(cadre("back"),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
        assignments=(
            PracticeAssignment(
                cadre="back", post="x", start_on=D(2024, 3, 1), end_on=D(2024, 6, 2)
            ),
        ),
    )

    assert {"s": ["back"]} == placed(allocate(plan))


def test_new_placements_do_not_overlap_each_other() -> None:
    """A cadre placed in one session is busy for any later session on the same days."""
    plan = make_plan(
        requirements=(TWICE,),
        cadres=(cadre("a"),),
        programs=(program("p", tier="prefecture_key"), program("q")),
        sessions=(session("s1", "p", D(2024, 6, 3), days=5), session("s2", "q", D(2024, 6, 5))),
    )

    result = allocate(plan)

    assert {"s1": ["a"]} == placed(result)
    assert [("s1", Outcome.PLACED), ("s2", Outcome.CONFLICT)] == outcomes(result, "a")


# -- duplicates ------------------------------------------------------------------------


def test_program_in_history_is_duplicate() -> None:
    """A cadre who completed the program before is not given it again."""
    plan = make_plan(
        cadres=(cadre("done"), cadre("new")),
        history=(record("done", D(2023, 5, 1), program="p"),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=2),),
    )

    result = allocate(plan)

    assert {"s": ["new"]} == placed(result)
    assert [("s", Outcome.DUPLICATE)] == outcomes(result, "done")


def test_incomplete_history_is_no_duplicate() -> None:
    """A program the cadre started but did not complete may be taken again."""
    plan = make_plan(
        cadres=(cadre("dropped_out"),),
        history=(record("dropped_out", D(2023, 5, 1), program="p", is_completed=False),),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert {"s": ["dropped_out"]} == placed(allocate(plan))


def test_one_program_once_across_its_sessions() -> None:
    """A cadre enrolled in one session of a program gets no other session of it."""
    plan = make_plan(
        cadres=(cadre("a"), cadre("b")),
        programs=(program("p"),),
        sessions=(session("s1", "p", D(2024, 3, 4)), session("s2", "p", D(2024, 9, 2))),
        enrollments=(Enrollment(cadre="a", session="s1"),),
    )

    assert {"s2": ["b"]} == placed(allocate(plan))


def test_shared_theme_within_the_window_is_duplicate() -> None:
    """Training on a theme the cadre had two months earlier is duplicate."""
    plan = make_plan(
        cadres=(cadre("a"),),
        history=(record("a", D(2024, 4, 1), themes={"cybersecurity"}),),
        programs=(program("p", themes={"cybersecurity", "party_theory"}),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    result = allocate(plan)

    assert {} == placed(result)
    assert [("s", Outcome.DUPLICATE)] == outcomes(result, "a")


def test_shared_theme_outside_the_window_is_not_duplicate() -> None:
    """Training on a theme the cadre had seven months earlier is not duplicate (window 6 months)."""
    plan = make_plan(
        cadres=(cadre("a"),),
        history=(record("a", D(2023, 11, 1), themes={"cybersecurity"}),),
        programs=(program("p", themes={"cybersecurity"}),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert {"s": ["a"]} == placed(allocate(plan))


def test_theme_window_is_a_policy_option() -> None:
    """With a one-month theme window, training two months apart is not duplicate."""
    plan = make_plan(
        cadres=(cadre("a"),),
        history=(record("a", D(2024, 4, 1), themes={"cybersecurity"}),),
        programs=(program("p", themes={"cybersecurity"}),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    result = allocate(plan, policy=CascadePolicy(theme_window=relativedelta(months=1)))

    assert {"s": ["a"]} == placed(result)


def test_placement_before_an_enrollment_on_the_same_theme_is_not_duplicate_training() -> None:
    """A new seat never makes the plan repeat a theme within the window (no CP306 warning).

    The window is measured from the earlier training as CP306 measures it, so a
    session on 31 August is too close to an enrollment on the same theme on 28
    February (28 February minus six months is 28 August).
    """
    plan = Plan(
        name="test",
        period=Period(D(2024, 1, 1), D(2025, 12, 31)),
        units=UNITS,
        institutions=INSTITUTIONS,
        requirements=(YEARLY,),
        cadres=(cadre("a"),),
        programs=(
            program("p", themes={"cybersecurity"}),
            program("q", tier="sector_system", themes={"cybersecurity"}),
        ),
        sessions=(
            session("s", "p", D(2024, 8, 31), days=1),
            session("later", "q", D(2025, 2, 28), days=1),
        ),
        enrollments=(Enrollment(cadre="a", session="later"),),
    )

    result = allocate(plan)

    assert [] == [finding.code for finding in validate(result.plan) if finding.code == "CP306"]


# -- eligibility ------------------------------------------------------------------------


def test_unit_scope_limits_the_candidates() -> None:
    """A program scoped to county C1 takes nobody from county C2."""
    plan = make_plan(
        cadres=(cadre("inside", unit="T1"), cadre("outside", unit="T2")),
        programs=(program("p", audience=Audience(units={"C1", "no_such_unit"})),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=2),),
    )

    assert {"s": ["inside"]} == placed(allocate(plan, allow_errors=True))


def test_unit_scope_with_nested_roots_lists_each_cadre_once() -> None:
    """Scopes that nest (a county and its township) still give a cadre one seat at most."""
    plan = make_plan(
        cadres=(cadre("a", unit="T1"),),
        programs=(program("p", audience=Audience(units={"C1", "T1"})),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=2),),
    )

    assert {"s": ["a"]} == placed(allocate(plan))


def test_category_audience_limits_the_candidates() -> None:
    """A program for village cadres takes no township cadre."""
    plan = make_plan(
        cadres=(cadre("township"), cadre("village", category="village_cadre")),
        programs=(program("p", audience=Audience(categories={"village_cadre", "young_cadre"})),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=2),),
    )

    assert {"s": ["village"]} == placed(allocate(plan))


def test_age_is_judged_on_the_session_start() -> None:
    """A cadre 39 when the session starts may attend a class for those up to 39, though 40 later."""
    plan = make_plan(
        cadres=(cadre("turning_40", born_on=D(1984, 6, 15)), cadre("forty", born_on=D(1984, 1, 2))),
        programs=(program("p", audience=Audience(max_age=39)),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=2),),
    )

    assert {"s": ["turning_40"]} == placed(allocate(plan))


def test_cadre_without_birth_date_fails_an_age_bound() -> None:
    """Unknown age is not eligible for a program with an age bound."""
    plan = make_plan(
        cadres=(cadre("unknown"),),
        programs=(program("p", audience=Audience(min_age=20)),),
        sessions=(session("s", "p", D(2024, 6, 3)),),
    )

    assert {} == placed(allocate(plan))


def test_cadre_who_comes_of_age_gets_a_later_session() -> None:
    """A cadre too young for a program's first session is eligible for its later one."""
    plan = make_plan(
        cadres=(cadre("turning_40", born_on=D(1984, 6, 15)),),
        programs=(program("p", audience=Audience(min_age=40)),),
        sessions=(session("march", "p", D(2024, 3, 4)), session("september", "p", D(2024, 9, 2))),
    )

    assert {"september": ["turning_40"]} == placed(allocate(plan))


def test_cadre_who_ages_out_is_ineligible_for_the_later_session() -> None:
    """A cadre who passes an age bound between two sessions is told so for the later one."""
    plan = make_plan(
        cadres=(
            cadre("turning_40", born_on=D(1984, 6, 15)),
            cadre("never_trained", born_on=D(1990, 1, 1)),
            cadre("trained_long_ago", born_on=D(1990, 1, 1)),
        ),
        history=(record("turning_40", D(2023, 1, 2)), record("trained_long_ago", D(2022, 1, 3))),
        programs=(program("p", audience=Audience(max_age=39)),),
        sessions=(
            session("march", "p", D(2024, 3, 4), capacity=1),
            session("september", "p", D(2024, 9, 2), capacity=2),
        ),
    )

    result = allocate(plan)

    assert {"march": ["never_trained"], "september": ["trained_long_ago"]} == placed(result)
    assert [("march", Outcome.FULL), ("september", Outcome.INELIGIBLE)] == outcomes(
        result, "turning_40"
    )


# -- quotas -------------------------------------------------------------------------------


@pytest.fixture(name="quota_plan")
def _quota_plan() -> Plan:
    """Three seats; county C2's two cadres are short, county C1's two are not (history)."""
    return make_plan(
        cadres=(
            cadre("c1_first", unit="T1"),
            cadre("c1_second", unit="T1"),
            cadre("c2_first", unit="T2"),
            cadre("c2_second", unit="T2"),
            cadre("c2_third", unit="T2"),
        ),
        history=(record("c1_first", D(2024, 2, 1)), record("c1_second", D(2024, 2, 1))),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=3),),
    )


def with_quotas(plan: Plan, *quotas: SeatQuota) -> Plan:
    return plan.evolve(seat_quotas=quotas)


def county_counts(result: AllocationResult) -> dict[str, int]:
    return result.fill_by_unit(level=UnitKind.COUNTY)


def test_without_quotas_priority_decides(quota_plan: Plan) -> None:
    """Without a quota, the three short cadres of C2 take the three seats."""
    assert {"C2": 3} == county_counts(allocate(quota_plan))


def test_session_quota_reserves_seats(quota_plan: Plan) -> None:
    """Seats reserved for C1 go to C1's cadres though they rank lower."""
    plan = with_quotas(quota_plan, SeatQuota(unit="C1", seats=2, session="s"))

    assert {"C1": 2, "C2": 1} == county_counts(allocate(plan))


def test_session_quota_caps_its_unit(quota_plan: Plan) -> None:
    """A unit never takes more seats of a session than its quota, even with seats to spare."""
    plan = with_quotas(quota_plan, SeatQuota(unit="C2", seats=1, session="s"))

    result = allocate(plan)

    assert {"C1": 2, "C2": 1} == county_counts(result)
    assert {Outcome.QUOTA} == {
        outcome
        for cadre_id in ("c2_first", "c2_second", "c2_third")
        for _, outcome in outcomes(result, cadre_id)
        if outcome != Outcome.PLACED
    }


def test_seats_used_before_allocation_count_toward_the_quota(quota_plan: Plan) -> None:
    """A unit's existing enrollments use up its session quota."""
    plan = with_quotas(quota_plan, SeatQuota(unit="C2", seats=1, session="s")).evolve(
        enrollments=(Enrollment(cadre="c2_first", session="s"),)
    )

    assert {"C1": 2} == county_counts(allocate(plan))


@pytest.fixture(name="reserved_plan")
def _reserved_plan(quota_plan: Plan) -> Plan:
    """Three seats, two reserved for county C1 until 1 May; C1 has nobody, C2 three short cadres."""
    return make_plan(
        cadres=quota_plan.cadres[2:],
        programs=quota_plan.programs,
        sessions=(session("s", "p", D(2024, 6, 3), capacity=3),),
        seat_quotas=(SeatQuota(unit="C1", seats=2, session="s", reserved_until=D(2024, 5, 1)),),
    )


def test_quota_release_after_pass_gives_unused_seats_away(reserved_plan: Plan) -> None:
    """With "after_pass", seats C1 cannot use go to other units once C1 is served."""
    result = allocate(reserved_plan, policy=CascadePolicy(quota_release="after_pass"))

    assert {"C2": 3} == county_counts(result)


def test_quota_release_never_keeps_reserved_seats_empty(reserved_plan: Plan) -> None:
    """With "never", seats reserved for C1 stay empty when C1 has nobody to send."""
    result = allocate(reserved_plan, policy=CascadePolicy(quota_release="never"))

    assert {"C2": 1} == county_counts(result)


def test_quota_release_date_before_the_session_releases(reserved_plan: Plan) -> None:
    """With "release_date", a reservation that lapsed before the session starts is released."""
    result = allocate(reserved_plan, policy=CascadePolicy(quota_release="release_date"))

    assert {"C2": 3} == county_counts(result)


@pytest.mark.parametrize("reserved_until", [D(2024, 6, 3), D(2024, 7, 1), None])
def test_quota_release_date_on_or_after_the_session_keeps(
    reserved_plan: Plan, reserved_until: dt.date | None
) -> None:
    """With "release_date", a reservation lasting to the session start (or for good) holds."""
    plan = with_quotas(
        reserved_plan, SeatQuota(unit="C1", seats=2, session="s", reserved_until=reserved_until)
    )

    result = allocate(plan, policy=CascadePolicy(quota_release="release_date"))

    assert {"C2": 1} == county_counts(result)


def test_program_quota_caps_a_unit_across_sessions() -> None:
    """A program quota of 1 lets a unit take one seat over all of the program's sessions.

    "a" of C1 wins March's seat (never trained); in September "c" of C2 goes
    first, and "b" of C1 is then over C1's quota for the program. At the end
    of March's turn C1's quota is already used up: that is what stands in
    b's way there, before the full session.
    """
    plan = make_plan(
        cadres=(cadre("a", unit="T1"), cadre("b", unit="T1"), cadre("c", unit="T2")),
        history=(record("b", D(2023, 6, 1)), record("c", D(2022, 6, 1))),
        programs=(program("p"),),
        sessions=(
            session("march", "p", D(2024, 3, 4), capacity=1),
            session("september", "p", D(2024, 9, 2), capacity=2),
        ),
        seat_quotas=(SeatQuota(unit="C1", seats=1, program="p"),),
    )

    result = allocate(plan)

    assert {"march": ["a"], "september": ["c"]} == placed(result)
    assert [("march", Outcome.QUOTA), ("september", Outcome.QUOTA)] == outcomes(result, "b")


def test_program_quota_counts_existing_enrollments() -> None:
    """Seats a unit already holds in any session of the program use up its program quota.

    In both sessions the used-up quota is what stands in b's way, as ``explain`` says.
    """
    plan = make_plan(
        cadres=(cadre("a", unit="T1"), cadre("b", unit="T1")),
        programs=(program("p"),),
        sessions=(session("s1", "p", D(2024, 3, 4)), session("s2", "p", D(2024, 9, 2))),
        enrollments=(Enrollment(cadre="a", session="s1"),),
        seat_quotas=(SeatQuota(unit="C1", seats=1, program="p"),),
    )

    result = allocate(plan)

    assert {} == placed(result)
    assert [("s1", Outcome.QUOTA), ("s2", Outcome.QUOTA)] == outcomes(result, "b")
    assert outcomes(result, "b") == [
        (event.session, event.outcome) for event in explain(plan, "b").events
    ]


# -- backstop and seats for those who need nothing ------------------------------------------


@pytest.fixture(name="backstop_plan")
def _backstop_plan() -> Plan:
    """A backstop session of 4 seats; two cadres are short, two met the requirement."""
    return make_plan(
        cadres=(cadre("short1"), cadre("short2"), cadre("met1"), cadre("met2")),
        history=(record("met1", D(2024, 2, 1)), record("met2", D(2024, 2, 1))),
        programs=(program("backstop", tier="township_backstop"), program("county")),
        sessions=(
            session("b", "backstop", D(2024, 10, 7), capacity=4, institution="venue"),
            session("c", "county", D(2024, 3, 4), capacity=4),
        ),
    )


def test_backstop_takes_only_short_cadres(backstop_plan: Plan) -> None:
    """The backstop tier seats only cadres still short, even with spare seats."""
    plan = backstop_plan.evolve(sessions=backstop_plan.sessions[:1])

    result = allocate(plan)

    assert {"b": ["short1", "short2"]} == {k: sorted(v) for k, v in placed(result).items()}


def test_seats_go_to_cadres_who_need_nothing_by_default(backstop_plan: Plan) -> None:
    """With ``fill_with_unneeded`` (the default), spare seats outside the backstop are filled."""
    plan = backstop_plan.evolve(sessions=backstop_plan.sessions[1:])

    result = allocate(plan)

    assert 4 == len(result.placements)


def test_fill_with_unneeded_false_leaves_seats_empty(backstop_plan: Plan) -> None:
    """With ``fill_with_unneeded=False``, only short cadres get seats in every tier."""
    plan = backstop_plan.evolve(sessions=backstop_plan.sessions[1:])

    result = allocate(plan, policy=CascadePolicy(fill_with_unneeded=False))

    assert {"c": ["short1", "short2"]} == {k: sorted(v) for k, v in placed(result).items()}


def test_backstop_catches_who_higher_tiers_left(backstop_plan: Plan) -> None:
    """Cadres served by the county session are no longer short, so the backstop takes nobody."""
    result = allocate(backstop_plan)

    assert {"c"} == set(placed(result))


# -- progress and the raw run ---------------------------------------------------------------


def test_progress_is_reported_after_each_session(backstop_plan: Plan) -> None:
    """``progress(done, total)`` is called once per session, counting up to the total."""
    calls: list[tuple[int, int]] = []

    allocate(backstop_plan, progress=lambda done, total: calls.append((done, total)))

    assert [(1, 2), (2, 2)] == calls


def test_coverage_before_is_the_input_plans_ledger_built_on_first_read(
    backstop_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cascade reads needs without the ledger; the result builds it once, when asked."""
    built: list[Plan] = []

    def counting(plan: Plan, /, *, on: dt.date | None = None) -> CoverageLedger:
        built.append(plan)
        return coverage(plan, on=on)

    monkeypatch.setattr("cadreplan.allocation._result.coverage", counting)
    result = allocate(backstop_plan)
    assert [] == built

    before = result.coverage_before

    assert [backstop_plan] == built
    assert coverage(backstop_plan, on=result.on).entries == before.entries
    assert result.coverage_before is before
    assert [backstop_plan] == built


def test_the_cascade_needs_only_what_is_short(backstop_plan: Plan) -> None:
    """Met entries of the ledger give the cascade no need; short ones give one each."""
    needs = needs_of(backstop_plan, D(2024, 12, 31))

    assert {"short1": ["yearly"], "short2": ["yearly"], "met1": None, "met2": None} == {
        cadre.id: None if mine is None else [need.requirement for need in mine]
        for cadre, mine in zip(backstop_plan.cadres, needs, strict=True)
    }


def test_the_runs_notes_are_read_by_cadre_and_by_session(backstop_plan: Plan) -> None:
    """``run.events`` keeps the cascade's compact notes, read per cadre and per session.

    Each cadre's notes come in cascade order; the last seat of a session is
    the last placement noted there, with its priority key.
    """
    run = run_cascade(backstop_plan, CascadePolicy(), seed=0, on=D(2024, 12, 31))
    events = run.events

    assert ("c", "b") == run.order
    # The county session "c" seats all four; the backstop "b" then seats nobody new:
    # the short cadres already have their seat in "c" counted, the others need nothing.
    placed = [(position, session) for position, session, code, _ in events.notes if code == PLACED]
    assert [(position, "c") for position in (0, 1, 2, 3)] == sorted(placed)
    assert [("c", PLACED)] == [(session, code) for session, code, _ in events.of_position(0)]
    assert [] == events.of_position(99)
    last = events.last_placed("c")
    assert last is not None
    assert run.placements[-1].cadre == backstop_plan.cadres[last[0]].id
    assert events.last_placed("b") is None
    assert events.held(0, "c") is None


def test_enrollments_and_records_of_unknown_cadres_are_ignored() -> None:
    """Enrollments, history and assignments of cadres not in the plan take seats but nothing else."""  # noqa: E501
    plan = make_plan(
        cadres=(cadre("a"), cadre("b")),
        programs=(program("p"),),
        sessions=(session("s", "p", D(2024, 6, 3), capacity=2),),
        enrollments=(Enrollment(cadre="ghost", session="s"), Enrollment(cadre="a", session="gone")),
        history=(record("ghost", D(2024, 2, 1)),),
        assignments=(
            PracticeAssignment(
                cadre="ghost", post="x", start_on=D(2024, 6, 1), end_on=D(2024, 7, 1)
            ),
        ),
    )

    result = allocate(plan, allow_errors=True)

    assert 1 == len(result.placements)


# -- small values ----------------------------------------------------------------------


def test_session_fill_counts() -> None:
    """A fill adds existing and placed seats and says whether the session is full."""
    fill = SessionFill(session="s", capacity=4, existing=1, placed=2)

    assert (3, False, 0.75) == (fill.taken, fill.is_full, fill.rate)
    assert SessionFill(session="s", capacity=2, existing=1, placed=1).is_full


def test_session_fill_without_seats_counts_as_full() -> None:
    """A session without seats has a fill rate of 1."""
    assert 1.0 == SessionFill(session="s", capacity=0, existing=0, placed=0).rate


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ((1, 0.0, 0, 0, 7), "not short of a requirement this session counts toward"),
        (
            (0, -0.5, D(2024, 12, 31).toordinal(), 0, 7),
            "short by 50% of a requirement, due 2024-12-31, never trained",
        ),
        (
            (0, -1.0, D(2024, 12, 31).toordinal(), D(2023, 3, 1).toordinal(), 7),
            "short by 100% of a requirement, due 2024-12-31, last trained 2023-03-01",
        ),
    ],
)
def test_priority_in_words(key: tuple[int, float, int, int, int], expected: str) -> None:
    """A priority key is told in words in the placement's event."""
    assert expected == describe_key(key)
