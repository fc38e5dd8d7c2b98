"""The objective of an allocation: what its new seats are worth to the cadres who are short.

One definition for both allocators: the optimizer maximizes it, and every
`AllocationResult` reports it for its own placements, so a cascade and an
optimum compare.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.allocation._seating import requirements_counted

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from cadreplan.ledger import CoverageLedger
    from cadreplan.model import Enrollment, Plan, Session

__all__ = ["Need", "placement_worth", "unmet_needs"]

Need = tuple[str, "dt.date", "dt.date", int]
"""An unmet requirement of a cadre: (requirement id, window start, window end, weight)."""


def unmet_needs(ledger: CoverageLedger, weights: Mapping[str, int]) -> dict[str, list[Need]]:
    """Return, per cadre, their unmet requirements with their weights (1 by default)."""
    needs: dict[str, list[Need]] = {}
    for entry in ledger:
        if not entry.is_met:
            weight = weights.get(entry.requirement, 1)
            needs.setdefault(entry.cadre, []).append(
                (entry.requirement, entry.window_start, entry.window_end, weight)
            )
    return needs


def placement_worth(
    plan: Plan,
    ledger: CoverageLedger,
    placements: tuple[Enrollment, ...],
    weights: Mapping[str, int],
    sessions: Mapping[str, Session] | None = None,
) -> int:
    """Return the objective of *placements*: per cadre, the worth of their best new seat.

    A seat is worth the summed weights of the cadre's unmet requirements (in
    *ledger*) that its session counts toward inside their windows (what
    `requirements_counted` says of its program at its institution's kind).
    This is the quantity the optimizer maximizes, so cascade and optimum compare.
    *sessions* are the sessions the allocation seated, by id (the plan's by
    default: they differ only where a faulty plan repeats a session's id).
    """
    seated = plan.sessions_by_id if sessions is None else sessions
    needs = unmet_needs(ledger, weights)
    counted: dict[tuple[str, str], frozenset[str]] = {}
    best: dict[str, int] = {}
    for enrollment in placements:
        session = seated.get(enrollment.session) or plan.session(enrollment.session)
        kind = plan.institution(session.institution).kind
        counting = counted.get((session.program, kind))
        if counting is None:
            program = plan.program(session.program)
            counting = counted[(session.program, kind)] = requirements_counted(plan, program, kind)
        worth = sum(
            weight
            for requirement_id, start, end, weight in needs.get(enrollment.cadre, ())
            if start <= session.start_on <= end and requirement_id in counting
        )
        best[enrollment.cadre] = max(best.get(enrollment.cadre, 0), worth)
    return sum(best.values())
