"""``allocate``: the tier cascade, or the exact optimizer then the cascade, over a plan."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Literal

import attrs

from cadreplan._support import checks
from cadreplan.allocation._arguments import (
    check_day,
    check_flag,
    check_plan,
    check_policy,
    check_progress,
    check_seed,
)
from cadreplan.allocation._cascade import run_cascade
from cadreplan.allocation._optimal import solve_optimal
from cadreplan.allocation._policies import CascadePolicy, OptimalPolicy
from cadreplan.allocation._result import AllocationResult
from cadreplan.allocation._seating import CascadeRun
from cadreplan.errors import ValidationError
from cadreplan.ledger import coverage
from cadreplan.rules import Severity, builtin_rules, validate

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from cadreplan.model import Enrollment, Plan
    from cadreplan.rules import Finding, ValidationReport

__all__ = ["allocate", "error_findings"]

_SHOWN_ERRORS = 10
"""Error findings the message of a refusal lists."""


def allocate(
    plan: Plan,
    /,
    *,
    policy: CascadePolicy | OptimalPolicy | Literal["cascade", "optimal"] | None = None,
    seed: int = 0,
    on: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    allow_errors: bool = False,
) -> AllocationResult:
    """Allocate training seats to cadres, tier by tier, and explain the outcome.

    Existing enrollments and practice assignments are kept as they are; new
    enrollments are added with status ``planned``. Every seat goes to an
    eligible cadre who is free on those dates, not trained on that program
    (or a shared theme within the window) already, and within their unit's
    quota. The same plan and seed always give the same result.

    A plan with validation findings of error severity (a dangling reference,
    a session over capacity, ...) is refused: the built-in rules of error
    severity run first, and their findings are raised. With
    ``allow_errors=True`` it is allocated all the same, and the result's
    ``allowed_errors`` holds the findings.

    Args:
        plan: The plan to allocate.
        policy: How to allocate: a `CascadePolicy` or an `OptimalPolicy`, or
            the name of one with its defaults, ``"cascade"`` or ``"optimal"``
            (as the command line names them); `CascadePolicy()` by default.
        seed: Seed of the final tie-break between equally ranked cadres, a
            whole number >= 0.
        on: The reference day for requirements; the plan period's last day by default.
        progress: Called as ``progress(done, total)`` after each session; *done*
            only grows, and *total* grows when dropped sessions make the
            cascade run again.
        allow_errors: Allocate a plan with error findings instead of refusing it.

    Returns:
        The result: the new plan, placements, coverage before and after,
        who is still short and who got no seat, with reasons, fill, backstop
        shortfall, explanations.

    Raises:
        ValidationError: The plan has error findings and *allow_errors* is
            false; its ``report`` holds them, its message lists the first ones.
        FieldTypeError: An argument has the wrong type (``seed=1.5``).
        FieldValueError: An argument is out of its domain (``seed=-1``,
            ``policy="optimum"``, weights of requirements the plan lacks).
        OptionalDependencyError: ``OptimalPolicy`` without the ``solver`` extra.

    Examples:
        >>> from cadreplan.datasets import demo_region
        >>> result = allocate(demo_region(), seed=1)
        >>> len(result.plan.enrollments) >= len(demo_region().enrollments)
        True
        >>> allocate(demo_region(), seed=-1)
        Traceback (most recent call last):
        ...
        cadreplan.errors.FieldValueError: 'seed' must be >= 0 (got -1)
    """
    check_plan(plan)
    chosen = check_policy(policy)
    seed = check_seed(seed)
    day = check_day(on)
    progress = check_progress(progress)
    check_flag(allow_errors, "allow_errors")
    if isinstance(chosen, OptimalPolicy):
        _check_weights(plan, chosen)
    report = error_findings(plan)
    if report and not allow_errors:
        raise ValidationError(_refusal(report), report)
    allowed = report.findings
    day = plan.period.end_on if day is None else day
    if isinstance(chosen, OptimalPolicy):
        return _allocate_optimally(
            plan, chosen, seed=seed, on=day, progress=progress, allowed=allowed
        )
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
        policy=chosen,
        cascade=chosen,
        dropped=tuple(sorted(dropped)),
        allowed_errors=allowed,
    )


def error_findings(plan: Plan) -> ValidationReport:
    """Return the findings of the built-in rules of error severity: what ``allocate`` refuses.

    Only those rules run: at 140,000 cadres they take a few tenths of a
    second, and the plan's indexes they build are those the cascade reads.
    """
    rules = [item for item in builtin_rules() if item.severity is Severity.ERROR]
    return validate(plan, rules=rules, builtin=False)


def _refusal(report: ValidationReport) -> str:
    count = len(report)
    noun = "error" if count == 1 else "errors"
    head = (
        f"allocate refuses a plan with validation errors: {count} {noun} "
        "(fix them, or pass allow_errors=True to allocate it all the same):"
    )
    lines = [head]
    lines.extend(f"  {finding}" for finding in report.findings[:_SHOWN_ERRORS])
    if count > _SHOWN_ERRORS:
        lines.append(f"  … and {count - _SHOWN_ERRORS} more")
    return "\n".join(lines)


def _check_weights(plan: Plan, policy: OptimalPolicy) -> None:
    """Refuse weights of requirements the plan does not have: a typo would weigh nothing."""
    known = [requirement.id for requirement in plan.requirements]
    for requirement in policy.weights:
        if requirement not in plan.requirements_by_id:
            listed = ", ".join(repr(item) for item in known) or "none"
            msg = (
                f"'weights' names requirement {requirement!r}, which the plan does not have"
                f"{checks.did_you_mean(requirement, known)} (its requirements: {listed})"
            )
            raise checks.FieldValueError("weights", msg)


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
    allowed: tuple[Finding, ...],
) -> AllocationResult:
    before = coverage(plan, on=on)
    solution = solve_optimal(
        plan, before, weights=policy.weights, theme_window=policy.theme_window, seed=seed
    )
    chosen = tuple(_within_program_quotas(plan, solution.placements))
    staged = plan.evolve(enrollments=(*plan.enrollments, *chosen))
    cascade = CascadePolicy(
        fill_with_unneeded=policy.fill_with_unneeded, theme_window=policy.theme_window
    )
    rest = run_cascade(staged, cascade, seed=seed, on=on, progress=progress)
    by_session = Counter(enrollment.session for enrollment in chosen)
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
        events=rest.events,
        fills=fills,
        order=rest.order,
        needed=rest.needed | {enrollment.cadre for enrollment in chosen},
        plan=staged,
        seated=rest.seated,
        optimized=len(chosen),
    )
    return AllocationResult(
        source=plan,
        plan=plan.evolve(enrollments=(*plan.enrollments, *run.placements)),
        run=run,
        on=on,
        seed=seed,
        policy=policy,
        cascade=cascade,
        dropped=(),
        allowed_errors=allowed,
        weights=policy.weights,
        optimum=solution.optimum,
        before=before,
    )
