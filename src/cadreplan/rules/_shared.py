"""What several families of built-in rules read: counts in words, active enrollments by cadre."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cadreplan.model import Enrollment, Plan, Session

__all__ = ["active_enrollments", "count_of", "sessions_by_cadre"]


def count_of(amount: int, noun: str) -> str:
    """Return *amount* and *noun*, plural unless one: ``"3 seats"``, ``"1 seat"``."""
    return f"{amount} {noun}" + ("" if amount == 1 else "s")


def _active(plan: Plan) -> list[tuple[int, Enrollment, Session]]:
    sessions = plan.sessions_by_id
    found = []
    for index, enrollment in enumerate(plan.enrollments):
        session = sessions.get(enrollment.session)
        if session is not None and enrollment.is_active:
            found.append((index, enrollment, session))
    return found


def active_enrollments(plan: Plan) -> list[tuple[int, Enrollment, Session]]:
    """Return the active enrollments in known sessions, with their positions; built once."""
    return plan.derived(_active)


def _by_cadre(plan: Plan) -> dict[str, list[tuple[int, Session]]]:
    by_cadre: dict[str, list[tuple[int, Session]]] = {}
    for index, enrollment, session in active_enrollments(plan):
        try:
            by_cadre[enrollment.cadre].append((index, session))
        except KeyError:
            by_cadre[enrollment.cadre] = [(index, session)]
    return by_cadre


def sessions_by_cadre(plan: Plan) -> dict[str, list[tuple[int, Session]]]:
    """Return each cadre's active enrollments (position, session), in plan order; built once."""
    return plan.derived(_by_cadre)
