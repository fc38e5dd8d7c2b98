"""Built-in rules CP2xx: the sanity of sessions and programs on their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.rules._base import rule
from cadreplan.rules._findings import Severity, Violation

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cadreplan.model import Plan

__all__ = [
    "program_hours",
    "session_capacity",
    "session_dates",
    "session_in_period",
    "tier_institution_kind",
]


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
