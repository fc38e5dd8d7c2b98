"""``allocate``: the tier cascade, or the exact optimizer then the cascade, over a plan."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import attrs

from cadreplan.allocation._cascade import run_cascade
from cadreplan.allocation._cascade_events import AllocationEvent, Outcome
from cadreplan.allocation._optimal import solve_optimal
from cadreplan.allocation._policies import CascadePolicy, OptimalPolicy
from cadreplan.allocation._result import AllocationResult
from cadreplan.allocation._seating import CascadeRun
from cadreplan.ledger import coverage

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from cadreplan.model import Enrollment, Plan

__all__ = ["allocate"]


def allocate(
    plan: Plan,
    /,
    *,
    policy: CascadePolicy | OptimalPolicy | None = None,
    seed: int = 0,
    on: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AllocationResult:
    """Allocate training seats to cadres, tier by tier, and explain the outcome.

    Existing enrollments and practice assignments are kept as they are; new
    enrollments are added with status ``planned``. Every seat goes to an
    eligible cadre who is free on those dates, not trained on that program
    (or a shared theme within the window) already, and within their unit's
    quota. The same plan and seed always give the same result.

    Args:
        plan: The plan to allocate.
        policy: How to allocate; `CascadePolicy()` by default.
        seed: Seed of the final tie-break between equally ranked cadres.
        on: The reference day for requirements; the plan period's last day by default.
        progress: Called as ``progress(done, total)`` after each session; *done*
            only grows, and *total* grows when dropped sessions make the
            cascade run again.

    Returns:
        The result: the new plan, placements, coverage before and after,
        unplaced cadres with reasons, fill, backstop shortfall, explanations.

    Examples:
        >>> from cadreplan.datasets import demo_region
        >>> result = allocate(demo_region(), seed=1)
        >>> len(result.plan.enrollments) >= len(demo_region().enrollments)
        True
    """
    chosen = CascadePolicy() if policy is None else policy
    if isinstance(seed, bool) or not isinstance(seed, int):
        msg = f"seed must be an integer (got {seed!r})"
        raise TypeError(msg)
    day = plan.period.end_on if on is None else on
    if isinstance(chosen, OptimalPolicy):
        return _allocate_optimally(plan, chosen, seed=seed, on=day, progress=progress)
    dropped: set[str] = set()
    offset = 0
    while True:
        # A rerun after dropping sessions continues the count: done never goes back.
        counted = None if progress is None else _continued(progress, offset)
        run = run_cascade(
            plan,
            chosen,
            seed=seed,
            on=day,
            excluded=frozenset(dropped),
            progress=counted,
        )
        offset += len(run.order)
        if chosen.under_filled != "drop" or not chosen.min_fill:
            break
        newly = {
            fill.session
            for fill in run.fills.values()
            if fill.rate < chosen.min_fill and fill.existing == 0 and fill.placed > 0
        }
        if not newly:
            break
        dropped |= newly
    new_plan = plan.evolve(enrollments=(*plan.enrollments, *run.placements))
    return AllocationResult(
        source=plan,
        plan=new_plan,
        run=run,
        on=day,
        seed=seed,
        dropped=tuple(sorted(dropped)),
        min_fill=chosen.min_fill,
    )


def _continued(progress: Callable[[int, int], None], offset: int) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        progress(offset + done, offset + total)

    return report


def _within_program_quotas(plan: Plan, placements: tuple[Enrollment, ...]) -> list[Enrollment]:
    """Drop the placements that would take a unit over a program quota, in order."""
    used: dict[int, int] = {}
    quotas = [quota for quota in plan.seat_quotas if quota.program is not None]
    for quota in quotas:
        used[id(quota)] = sum(
            1
            for session in plan.sessions_of_program(quota.program or "")
            for enrollment in plan.enrollments_in(session.id)
            if enrollment.is_active
            and enrollment.cadre in plan.cadres_by_id
            and plan.is_within(plan.cadre(enrollment.cadre).unit, quota.unit)
        )
    kept: list[Enrollment] = []
    for enrollment in placements:
        program = plan.session(enrollment.session).program
        unit = plan.cadre(enrollment.cadre).unit
        mine = [q for q in quotas if q.program == program and plan.is_within(unit, q.unit)]
        if all(used[id(q)] < q.seats for q in mine):
            for q in mine:
                used[id(q)] += 1
            kept.append(enrollment)
    return kept


def _allocate_optimally(
    plan: Plan,
    policy: OptimalPolicy,
    *,
    seed: int,
    on: dt.date,
    progress: Callable[[int, int], None] | None,
) -> AllocationResult:
    before = coverage(plan, on=on)
    solution = solve_optimal(
        plan, before, weights=policy.weights, theme_window=policy.theme_window, seed=seed
    )
    chosen = tuple(_within_program_quotas(plan, solution.placements))
    staged = plan.evolve(enrollments=(*plan.enrollments, *chosen))
    rest = run_cascade(
        staged,
        CascadePolicy(
            fill_with_unneeded=policy.fill_with_unneeded, theme_window=policy.theme_window
        ),
        seed=seed,
        on=on,
        progress=progress,
    )
    by_session = Counter(enrollment.session for enrollment in chosen)
    events: dict[str, list[AllocationEvent]] = {}
    for enrollment in chosen:
        events.setdefault(enrollment.cadre, []).append(
            AllocationEvent(enrollment.session, Outcome.PLACED, "placed by the optimizer")
        )
    for cadre_id, story in rest.events.items():
        events.setdefault(cadre_id, []).extend(story)
    fills = {
        session_id: attrs.evolve(
            fill,
            existing=fill.existing - by_session[session_id],
            placed=fill.placed + by_session[session_id],
        )
        for session_id, fill in rest.fills.items()
    }
    run = CascadeRun(
        placements=(*chosen, *rest.placements),
        events=events,
        fills=fills,
        order=rest.order,
        needed=rest.needed | {enrollment.cadre for enrollment in chosen},
    )
    return AllocationResult(
        source=plan,
        plan=plan.evolve(enrollments=(*plan.enrollments, *run.placements)),
        run=run,
        on=on,
        seed=seed,
        dropped=(),
        min_fill=0.0,
        weights=policy.weights,
        optimum=solution.optimum,
        before=before,
    )
