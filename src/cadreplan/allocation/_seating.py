"""What the cascade and the optimizer share: session order, what a seat counts for, fills."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from cadreplan._support import checks
from cadreplan.allocation._cascade_events import NotedEvents
from cadreplan.ledger import counts_toward
from cadreplan.model import Enrollment, Plan, Session

if TYPE_CHECKING:
    import datetime as dt

    from cadreplan.model import Program

__all__ = [
    "CascadeRun",
    "SessionFill",
    "ordered_sessions",
    "requirements_counted",
]


@checks.friendly_init
@attrs.frozen(kw_only=True)
class SessionFill:
    """How one session was filled.

    Attributes:
        session: The session's id.
        capacity: Its seats.
        existing: Seats already taken before allocation.
        placed: Seats given by this allocation.
        is_full: Whether every seat is taken.
    """

    session: str = attrs.field(validator=checks.identifier)
    capacity: int = attrs.field(validator=checks.integer(minimum=0))
    existing: int = attrs.field(validator=checks.integer(minimum=0))
    placed: int = attrs.field(validator=checks.integer(minimum=0))

    @property
    def taken(self) -> int:
        """Seats taken after allocation."""
        return self.existing + self.placed

    @property
    def is_full(self) -> bool:
        """Whether every seat is taken."""
        return self.taken >= self.capacity

    @property
    def rate(self) -> float:
        """Share of seats taken (1.0 for a session without seats)."""
        return self.taken / self.capacity if self.capacity else 1.0


@checks.friendly_init
@attrs.frozen(kw_only=True)
class CascadeRun:
    """The raw outcome of one pass of the cascade (the allocator wraps it).

    Attributes:
        placements: The new enrollments: the optimizer's first (if it ran),
            then the cascade's in the order it gave them.
        events: The cascade's notes, worded on first read.
        fills: Each session's fill, by session id.
        order: The ids of the sessions the cascade seated, in its order.
        needed: The ids of the cadres it found short of a requirement some
            session they may attend counts toward.
        plan: The plan the cascade ran on: the input plan, or with the
            optimizer's placements added.
        seated: The sessions it seated, by id (where ids repeat, the last
            one, whose fill ``fills`` holds).
        optimized: How many of *placements* the optimizer gave.
    """

    placements: tuple[Enrollment, ...]
    events: NotedEvents
    fills: dict[str, SessionFill]
    order: tuple[str, ...]
    needed: frozenset[str]
    plan: Plan
    seated: dict[str, Session]
    optimized: int = 0


def ordered_sessions(plan: Plan, excluded: frozenset[str]) -> list[Session]:
    programs = plan.programs_by_id
    institutions = plan.institutions_by_id
    ordered: list[tuple[int, dt.date, int, Session]] = []
    for position, session in enumerate(plan.sessions):
        program = programs.get(session.program)
        if (
            program is None
            or program.tier not in plan.tiers
            or session.institution not in institutions
            or session.id in excluded
        ):
            continue
        ordered.append((plan.tiers.order(program.tier), session.start_on, position, session))
    ordered.sort(key=lambda item: item[:3])
    return [item[3] for item in ordered]


def requirements_counted(plan: Plan, program: Program, kind: str) -> frozenset[str]:
    """Return the ids of the requirements a seat in *program* at a *kind* institution counts for."""
    return frozenset(
        requirement.id
        for requirement in plan.requirements
        if counts_toward(
            requirement,
            tier=program.tier,
            themes=program.themes,
            institution_kind=kind,
            program=program.id,
        )
    )
