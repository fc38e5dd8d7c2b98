"""The built-in validation rules of a training plan.

Codes by family: CP1xx references, CP2xx session sanity, CP3xx enrollments,
CP4xx quotas, CP5xx coverage, CP6xx program design. Codes never change once
released; the docs list them in ``reference/rules.md``.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from cadreplan._findings import Severity, Violation
from cadreplan._integrity import cycle_problems, duplicate_problems, reference_problems
from cadreplan._predicates import _trainings_by_cadre, is_eligible, seats_held, starts_too_close
from cadreplan._rules import Rule, ValidationContext, rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cadreplan._plan import Plan
    from cadreplan._training import Enrollment, Session

__all__ = ["BUILTIN_RULES"]


def _count(amount: int, noun: str) -> str:
    return f"{amount} {noun}" + ("" if amount == 1 else "s")


# -- CP1xx: referential integrity ----------------------------------------------


@rule("CP101", "Dangling reference")
def dangling_reference(plan: Plan) -> Iterator[Violation]:
    """An id or code mentioned in the plan is not defined in it.

    A cadre's unit, a session's program, an audience's unit scope, a theme or
    tier code: each must exist in the plan or its vocabularies. Fix the id or
    add the missing object.
    """
    for problem in reference_problems(plan):
        yield Violation(message=problem.message, path=problem.path)


@rule("CP102", "Duplicate id")
def duplicate_id(plan: Plan) -> Iterator[Violation]:
    """Two objects of one kind share an id (or a cadre is enrolled twice in a session).

    Look-ups by id return the first; give the other a new id or remove it.
    """
    for problem in duplicate_problems(plan):
        yield Violation(message=problem.message, path=problem.path)


@rule("CP103", "Unit-tree cycle")
def unit_cycle(plan: Plan) -> Iterator[Violation]:
    """Units' parent links form a cycle, so they hang under no root.

    Fix the ``parent`` of one unit in the cycle.
    """
    for problem in cycle_problems(plan):
        yield Violation(message=problem.message, path=problem.path)


# -- CP2xx: session sanity -------------------------------------------------------


@rule("CP201", "Session ends before it starts")
def session_dates(plan: Plan) -> Iterator[Violation]:
    """A session's ``end_on`` is before its ``start_on``. Swap or correct the dates."""
    for index, session in enumerate(plan.sessions):
        if session.end_on < session.start_on:
            yield Violation(
                message=f"session {session.id!r} ends on {session.end_on}, "
                f"before it starts on {session.start_on}",
                path=f"$.sessions[{index}].end_on",
                subjects=(session.id,),
            )


@rule("CP202", "Session without seats")
def session_capacity(plan: Plan) -> Iterator[Violation]:
    """A session has a capacity of 0: nobody can attend. Set its capacity or drop it."""
    for index, session in enumerate(plan.sessions):
        if session.capacity <= 0:
            yield Violation(
                message=f"'capacity' must be > 0 (got {session.capacity})",
                path=f"$.sessions[{index}].capacity",
                subjects=(session.id,),
            )


@rule("CP203", "Program without hours")
def program_hours(plan: Plan) -> Iterator[Violation]:
    """A program has 0 class hours, so it counts toward no hours requirement. Set its hours."""
    for index, program in enumerate(plan.programs):
        if program.hours <= 0:
            yield Violation(
                message=f"'hours' must be > 0 (got {program.hours})",
                path=f"$.programs[{index}].hours",
                subjects=(program.id,),
            )


@rule("CP204", "Tier held at an institution kind it does not use")
def tier_institution_kind(plan: Plan) -> Iterator[Violation]:
    """A session's tier does not use its institution's kind.

    Each tier lists the institution kinds it may use (national dispatch goes to
    national institutions, for instance). Move the session, or widen the
    tier's ``institution_kinds``.
    """
    for index, session in enumerate(plan.sessions):
        program = plan.programs_by_id.get(session.program)
        institution = plan.institutions_by_id.get(session.institution)
        if program is None or institution is None or program.tier not in plan.tiers:
            continue
        allowed = plan.tiers[program.tier].institution_kinds
        if allowed and institution.kind not in allowed:
            kinds = ", ".join(repr(kind) for kind in sorted(allowed))
            yield Violation(
                message=f"tier {program.tier!r} uses institution kinds {kinds}; "
                f"session {session.id!r} is at {institution.id!r} of kind {institution.kind!r}",
                path=f"$.sessions[{index}].institution",
                subjects=(session.id, institution.id),
            )


@rule("CP205", "Session outside the plan period", severity=Severity.WARNING)
def session_in_period(plan: Plan) -> Iterator[Violation]:
    """A session does not lie wholly inside the plan period. Move it or widen the period."""
    period = plan.period
    for index, session in enumerate(plan.sessions):
        if session.end_on >= session.start_on and not period.covers(
            session.start_on, session.end_on
        ):
            yield Violation(
                message=f"session {session.id!r} runs {session.start_on}..{session.end_on}, "
                f"outside the plan period {period.start_on}..{period.end_on}",
                path=f"$.sessions[{index}]",
                subjects=(session.id,),
            )


# -- CP3xx: enrollments ------------------------------------------------------------


def _active(plan: Plan) -> list[tuple[int, Enrollment, Session]]:
    """Return the active enrollments in known sessions, with their positions; built once."""

    def build() -> list[tuple[int, Enrollment, Session]]:
        sessions = plan.sessions_by_id
        found = []
        for index, enrollment in enumerate(plan.enrollments):
            session = sessions.get(enrollment.session)
            if session is not None and enrollment.is_active:
                found.append((index, enrollment, session))
        return found

    return plan._cached("rules:active", build)


@rule("CP301", "Session over capacity")
def over_capacity(plan: Plan) -> Iterator[Violation]:
    """A session has more active enrollments than seats. Withdraw some or add seats."""
    taken = Counter(enrollment.session for _, enrollment, _ in _active(plan))
    for index, session in enumerate(plan.sessions):
        if taken[session.id] > session.capacity:
            yield Violation(
                message=f"session {session.id!r} has {_count(taken[session.id], 'enrollment')} "
                f"for {_count(session.capacity, 'seat')}",
                path=f"$.sessions[{index}]",
                subjects=(session.id,),
            )


@rule("CP302", "Enrolled cadre not eligible")
def ineligible(plan: Plan) -> Iterator[Violation]:
    """An enrolled cadre is outside the session's audience or unit scope.

    The program's audience (categories, ranks, unit scope, tags, age and
    potential bounds) is judged on the session's first day.
    """
    cadres = plan.cadres_by_id
    programs = plan.programs_by_id
    for index, enrollment, session in _active(plan):
        cadre = cadres.get(enrollment.cadre)
        if cadre is None or session.program not in programs:
            continue  # CP101 reports the dangling reference
        if not is_eligible(plan, cadre, session):
            yield Violation(
                message=f"cadre {enrollment.cadre!r} is not in the audience of "
                f"program {session.program!r} (session {session.id!r})",
                path=f"$.enrollments[{index}]",
                subjects=(enrollment.cadre, session.id),
            )


def _sessions_by_cadre(plan: Plan) -> dict[str, list[tuple[int, Session]]]:
    def build() -> dict[str, list[tuple[int, Session]]]:
        by_cadre: dict[str, list[tuple[int, Session]]] = {}
        for index, enrollment, session in _active(plan):
            try:
                by_cadre[enrollment.cadre].append((index, session))
            except KeyError:
                by_cadre[enrollment.cadre] = [(index, session)]
        return by_cadre

    return plan._cached("rules:sessions_by_cadre", build)


@rule("CP303", "Cadre in overlapping sessions")
def session_conflict(plan: Plan) -> Iterator[Violation]:
    """A cadre is enrolled in two sessions that share a day. Withdraw one."""
    for cadre_id, entries in _sessions_by_cadre(plan).items():
        if len(entries) < 2:
            continue  # most cadres: nothing to overlap with
        ordered = sorted(entries, key=lambda item: (item[1].start_on, item[0]))
        latest: tuple[int, Session] | None = None
        for index, session in ordered:
            if latest is not None and session.start_on <= latest[1].end_on:
                yield Violation(
                    message=f"cadre {cadre_id!r} is in session {session.id!r} "
                    f"({session.start_on}..{session.end_on}) and session {latest[1].id!r} "
                    f"({latest[1].start_on}..{latest[1].end_on}) at once",
                    path=f"$.enrollments[{index}]",
                    subjects=(cadre_id, session.id, latest[1].id),
                )
            if latest is None or session.end_on > latest[1].end_on:
                latest = (index, session)


@rule("CP304", "Session during a practice assignment")
def assignment_conflict(plan: Plan) -> Iterator[Violation]:
    """A cadre is enrolled in a session while on a practice assignment.

    A practice assignment must not overlap a training session of the same
    person. Move the session or the assignment.
    """
    by_cadre = _sessions_by_cadre(plan)
    for cadre_id, entries in by_cadre.items():
        for assignment in plan.assignments_of(cadre_id):
            for index, session in entries:
                if assignment.overlaps(session.start_on, session.end_on):
                    yield Violation(
                        message=f"cadre {cadre_id!r} is on post {assignment.post!r} "
                        f"({assignment.start_on}..{assignment.end_on}) during session "
                        f"{session.id!r} ({session.start_on}..{session.end_on})",
                        path=f"$.enrollments[{index}]",
                        subjects=(cadre_id, session.id, assignment.post),
                    )


@rule("CP305", "Same program twice")
def duplicate_program(plan: Plan) -> Iterator[Violation]:
    """A cadre is enrolled in a program they already have (避免重复培训).

    Earlier completed history and other active enrollments both count.
    """
    by_cadre = _trainings_by_cadre(plan)
    for cadre_id in _sessions_by_cadre(plan):
        trainings = by_cadre.get(cadre_id, ())
        if len(trainings) < 2:
            continue  # one training cannot repeat
        seen: dict[str, str] = {}
        for training in sorted(trainings, key=lambda t: (t.session is not None, t.start_on)):
            if training.program is None:
                continue
            first = seen.get(training.program)
            if first is not None and training.session is not None:
                yield Violation(
                    message=f"cadre {cadre_id!r} already has program {training.program!r} "
                    f"({first})",
                    path=training.path,
                    subjects=(cadre_id, training.program),
                )
            seen.setdefault(training.program, training.path)


@rule("CP306", "Same theme within the window", severity=Severity.WARNING)
def duplicate_theme(plan: Plan, context: ValidationContext) -> Iterator[Violation]:
    """A cadre has two trainings sharing a theme closer together than the theme window.

    The window is ``ValidationOptions.theme_window`` (6 months by default),
    measured between start days; completed history counts. Integrate the
    content or space the trainings out.
    """
    window = context.options.theme_window
    by_cadre = _trainings_by_cadre(plan)
    for cadre_id in _sessions_by_cadre(plan):
        trainings = list(by_cadre.get(cadre_id, ()))
        if len(trainings) < 2:
            continue  # one training cannot repeat
        trainings.sort(key=lambda t: (t.start_on, t.path))
        reported: set[str] = set()
        for position, training in enumerate(trainings):
            for earlier in trainings[:position]:
                shared = training.themes & earlier.themes
                if not (
                    shared
                    and earlier.program != training.program
                    and starts_too_close(earlier.start_on, training.start_on, window)
                ):
                    continue
                # Report at the planned session of the pair: the later one if it is
                # one, else the earlier (history after a session makes it a repeat too).
                at = training if training.session is not None else earlier
                if at.session is None or at.path in reported:
                    continue
                other = earlier if at is training else training
                reported.add(at.path)
                themes = ", ".join(repr(theme) for theme in sorted(shared))
                days = (training.start_on - earlier.start_on).days
                when = f"again {days} days after" if at is training else f"{days} days before"
                yield Violation(
                    message=f"cadre {cadre_id!r} trains on {themes} {when} {other.path}",
                    path=at.path,
                    subjects=(cadre_id, at.session),
                )
                if at is training:
                    break


# -- CP4xx: quotas ---------------------------------------------------------------


@rule("CP401", "Unit over its seat quota")
def seat_quota(plan: Plan) -> Iterator[Violation]:
    """A unit's cadres hold more seats of a session or program than its quota."""
    for index, quota in enumerate(plan.seat_quotas):
        if quota.session is not None:
            target = f"session {quota.session!r}"
        else:
            target = f"program {quota.program!r}"
        used = seats_held(plan, quota)
        if used > quota.seats:
            yield Violation(
                message=f"unit {quota.unit!r} holds {used} seats of {target} "
                f"over its quota of {quota.seats}",
                path=f"$.seat_quotas[{index}]",
                subjects=(quota.unit,),
            )


@rule("CP402", "Dispatch quota not met", severity=Severity.WARNING)
def dispatch_quota(plan: Plan) -> Iterator[Violation]:
    """Fewer cadres are enrolled than a dispatch quota (调训计划) imposes."""
    if not plan.dispatch_quotas:
        return
    cadres = plan.cadres_by_id
    programs = plan.programs_by_id
    institutions = plan.institutions_by_id
    # Each session's tier and institution kind, and its active enrollments' cadres.
    seats: dict[str, tuple[str, str, list[str]]] = {}
    for _, enrollment, session in _active(plan):
        seat = seats.get(session.id)
        if seat is None:
            program = programs.get(session.program)
            institution = institutions.get(session.institution)
            if program is None or institution is None:
                continue
            seat = seats[session.id] = (program.tier, institution.kind, [])
        seat[2].append(enrollment.cadre)
    for index, quota in enumerate(plan.dispatch_quotas):
        sent = 0
        for tier, kind, enrolled in seats.values():
            if quota.tier is not None and tier != quota.tier:
                continue
            if quota.institution_kind is not None and kind != quota.institution_kind:
                continue
            for cadre_id in enrolled:
                cadre = cadres.get(cadre_id)
                if cadre is None:
                    continue
                if quota.unit is not None and not plan.is_within(cadre.unit, quota.unit):
                    continue
                sent += 1
        if sent < quota.seats:
            yield Violation(
                message=f"dispatch quota {quota.id!r} asks for {quota.seats} cadres; "
                f"{sent} enrolled ({quota.seats - sent} short)",
                path=f"$.dispatch_quotas[{index}]",
                subjects=(quota.id,),
            )


# -- CP5xx: coverage ---------------------------------------------------------------


@rule("CP501", "Requirement not met", severity=Severity.WARNING)
def requirement_coverage(plan: Plan, context: ValidationContext) -> Iterator[Violation]:
    """A cadre under a requirement falls short of it by its due date (应训尽训).

    Completed history and the plan's active enrollments inside the cycle count;
    see ``cadreplan.coverage`` for the ledger behind this rule.
    """
    positions = {cadre.id: index for index, cadre in enumerate(plan.cadres)}
    for entry in context.ledger.due_and_short():
        yield Violation(
            message=f"cadre {entry.cadre!r} is {entry.describe_shortfall()} for requirement "
            f"{entry.requirement!r} (cycle {entry.window_start}..{entry.window_end}, "
            f"due {entry.due_on})",
            path=f"$.cadres[{positions[entry.cadre]}]",
            subjects=(entry.cadre, entry.requirement),
        )


# -- CP6xx: program design ---------------------------------------------------------


@rule("CP601", "Redundant programs", severity=Severity.WARNING)
def redundant_programs(plan: Plan) -> Iterator[Violation]:
    """Two programs share tier, themes and audience: consider integrating them (整合培训项目)."""
    first: dict[object, tuple[int, str]] = {}
    for index, program in enumerate(plan.programs):
        key = (program.tier, program.themes, program.audience)
        if key in first:
            earlier_index, earlier = first[key]
            yield Violation(
                message=f"program {program.id!r} has the tier, themes and audience of "
                f"program {earlier!r} ($.programs[{earlier_index}]); consider integrating them",
                path=f"$.programs[{index}]",
                subjects=(program.id, earlier),
            )
        else:
            first[key] = (index, program.id)


@rule("CP602", "Under-filled session", severity=Severity.WARNING)
def under_filled(plan: Plan, context: ValidationContext) -> Iterator[Violation]:
    """A session is filled below ``ValidationOptions.min_fill`` of its capacity.

    Silent while the plan has no enrollments at all (nothing allocated yet).
    Merge small sessions or lower their capacity.
    """
    if not plan.enrollments:
        return
    taken = Counter(enrollment.session for _, enrollment, _ in _active(plan))
    minimum = context.options.min_fill
    for index, session in enumerate(plan.sessions):
        if session.capacity > 0 and taken[session.id] < minimum * session.capacity:
            yield Violation(
                message=f"session {session.id!r} has {taken[session.id]} of "
                f"{session.capacity} seats filled, below {minimum:.0%}",
                path=f"$.sessions[{index}]",
                subjects=(session.id,),
            )


BUILTIN_RULES: tuple[Rule, ...] = (
    dangling_reference,
    duplicate_id,
    unit_cycle,
    session_dates,
    session_capacity,
    program_hours,
    tier_institution_kind,
    session_in_period,
    over_capacity,
    ineligible,
    session_conflict,
    assignment_conflict,
    duplicate_program,
    duplicate_theme,
    seat_quota,
    dispatch_quota,
    requirement_coverage,
    redundant_programs,
    under_filled,
)
"""Every built-in rule, in the order they run."""
