"""Built-in rules CP3xx: enrollments (capacity, eligibility, conflicts, duplicates)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from cadreplan.ledger import is_eligible, starts_too_close, trainings_by_cadre
from cadreplan.rules._base import ValidationContext, rule
from cadreplan.rules._findings import Severity, Violation
from cadreplan.rules._shared import active_enrollments, count_of, sessions_by_cadre
from cadreplan.rules._zh import quoted_zh, span_zh

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cadreplan.model import Plan, Session

__all__ = [
    "assignment_conflict",
    "duplicate_program",
    "duplicate_theme",
    "ineligible",
    "over_capacity",
    "session_conflict",
]


@rule("CP301", "Session over capacity", title_zh="期次超员")
def over_capacity(plan: Plan) -> Iterator[Violation]:
    """A session has more active enrollments than seats. Withdraw some or add seats."""
    taken = Counter(enrollment.session for _, enrollment, _ in active_enrollments(plan))
    for index, session in enumerate(plan.sessions):
        if taken[session.id] > session.capacity:
            yield Violation(
                message=f"session {session.id!r} has {count_of(taken[session.id], 'enrollment')} "
                f"for {count_of(session.capacity, 'seat')}",
                path=f"$.sessions[{index}]",
                subjects=(session.id,),
                message_zh=f"期次 {session.id!r} 有 {taken[session.id]} 人次报名，"
                f"超过其 {session.capacity} 个名额",
            )


@rule("CP302", "Enrolled cadre not eligible", title_zh="参训干部不在培训对象范围内")
def ineligible(plan: Plan) -> Iterator[Violation]:
    """An enrolled cadre is outside the session's audience or unit scope.

    The program's audience (categories, ranks, unit scope, tags, age and
    potential bounds) is judged on the session's first day.
    """
    cadres = plan.cadres_by_id
    programs = plan.programs_by_id
    for index, enrollment, session in active_enrollments(plan):
        cadre = cadres.get(enrollment.cadre)
        if cadre is None or session.program not in programs:
            continue  # CP101 reports the dangling reference
        if not is_eligible(plan, cadre, session):
            yield Violation(
                message=f"cadre {enrollment.cadre!r} is not in the audience of "
                f"program {session.program!r} (session {session.id!r})",
                path=f"$.enrollments[{index}]",
                subjects=(enrollment.cadre, session.id),
                message_zh=f"干部 {enrollment.cadre!r} 不在培训项目 {session.program!r}"
                f"（期次 {session.id!r}）的培训对象范围内",
            )


@rule("CP303", "Cadre in overlapping sessions", title_zh="干部参训时间冲突")
def session_conflict(plan: Plan) -> Iterator[Violation]:
    """A cadre is enrolled in two sessions that share a day. Withdraw one."""
    for cadre_id, entries in sessions_by_cadre(plan).items():
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
                    message_zh=f"干部 {cadre_id!r} 同时参加期次 {session.id!r}"
                    f"（{span_zh(session.start_on, session.end_on)}）和期次 {latest[1].id!r}"
                    f"（{span_zh(latest[1].start_on, latest[1].end_on)}），时间冲突",
                )
            if latest is None or session.end_on > latest[1].end_on:
                latest = (index, session)


@rule("CP304", "Session during a practice assignment", title_zh="参训与实践锻炼时间冲突")
def assignment_conflict(plan: Plan) -> Iterator[Violation]:
    """A cadre is enrolled in a session while on a practice assignment.

    A practice assignment must not overlap a training session of the same
    person. Move the session or the assignment.
    """
    by_cadre = sessions_by_cadre(plan)
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
                        message_zh=f"干部 {cadre_id!r} 在岗位 {assignment.post!r} 实践锻炼期间"
                        f"（{span_zh(assignment.start_on, assignment.end_on)}）报名参加期次 "
                        f"{session.id!r}（{span_zh(session.start_on, session.end_on)}）",
                    )


@rule("CP305", "Same program twice", title_zh="重复参加同一培训项目")
def duplicate_program(plan: Plan) -> Iterator[Violation]:
    """A cadre is enrolled in a program they already have (避免重复培训).

    Earlier completed history and other active enrollments both count.
    """
    by_cadre = trainings_by_cadre(plan)
    for cadre_id in sessions_by_cadre(plan):
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
                    message_zh=f"干部 {cadre_id!r} 已参加过培训项目 {training.program!r}"
                    f"（{first}），属重复培训",
                )
            seen.setdefault(training.program, training.path)


@rule(
    "CP306",
    "Same theme within the window",
    severity=Severity.WARNING,
    title_zh="间隔期内重复培训同一主题",
)
def duplicate_theme(plan: Plan, context: ValidationContext) -> Iterator[Violation]:
    """A cadre has two trainings sharing a theme closer together than the theme window.

    The window is ``ValidationOptions.theme_window`` (6 months by default),
    measured between start days; completed history counts. Integrate the
    content or space the trainings out.
    """
    window = context.options.theme_window
    by_cadre = trainings_by_cadre(plan)
    for cadre_id in sessions_by_cadre(plan):
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
                themes_zh = quoted_zh(sorted(shared))
                if at is training:
                    when_zh = f"在 {other.path} 之后仅 {days} 天再次参加 {themes_zh} 主题的培训"
                else:
                    when_zh = (
                        f"参加 {themes_zh} 主题的培训后仅 {days} 天又有同主题培训（{other.path}）"
                    )
                yield Violation(
                    message=f"cadre {cadre_id!r} trains on {themes} {when} {other.path}",
                    path=at.path,
                    subjects=(cadre_id, at.session),
                    message_zh=f"干部 {cadre_id!r} {when_zh}，属重复培训",
                )
                if at is training:
                    break
