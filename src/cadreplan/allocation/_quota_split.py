"""Splitting a session's seats into per-unit quotas (名额分配)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.allocation._apportion import ApportionmentMethod, apportion
from cadreplan.allocation._arguments import check_level, check_plan, check_session
from cadreplan.model import SeatQuota, UnitKind

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from cadreplan.model import Plan, Session

__all__ = ["eligible_headcount", "quotas_for"]


def eligible_headcount(
    plan: Plan, session: Session | str, /, *, level: UnitKind = UnitKind.COUNTY
) -> dict[str, int]:
    """Count the cadres eligible for *session*, per unit of kind *level* in its scope.

    Eligibility is the program's audience on the session's first day. Each
    cadre counts toward the nearest unit of *level* at or above their own;
    cadres with no such unit are left out. Units come sorted by id.

    Raises:
        UnknownIdError: The session, or its program, is not in the plan.
        FieldTypeError: An argument has the wrong type.
        FieldValueError: *level* is not a `UnitKind` or its value.
    """
    check_plan(plan)
    chosen = check_session(plan, session)
    kind = check_level(level)
    audience = plan.program(chosen.program).audience
    tree = plan.units_tree
    nearest: dict[str, str | None] = {}
    counts: dict[str, int] = {}
    for cadre in plan.cadres:
        if cadre.unit not in tree or not audience.matches(cadre, units=tree, on=chosen.start_on):
            continue
        if cadre.unit not in nearest:
            unit = tree.ancestor_of_kind(cadre.unit, kind)
            nearest[cadre.unit] = None if unit is None else unit.id
        target = nearest[cadre.unit]
        if target is not None:
            counts[target] = counts.get(target, 0) + 1
    return dict(sorted(counts.items()))


def quotas_for(
    plan: Plan,
    session: Session | str,
    /,
    *,
    level: UnitKind = UnitKind.COUNTY,
    method: ApportionmentMethod = "largest_remainder",
    min_seats: int | Mapping[str, int] = 0,
    max_seats: int | Mapping[str, int] | None = None,
    reserved_until: dt.date | None = None,
) -> tuple[SeatQuota, ...]:
    """Split *session*'s capacity into seat quotas by eligible headcount per unit.

    The units are those of kind *level* (county by default) that hold at least
    one eligible cadre; seats are apportioned in proportion to their eligible
    headcounts with `apportion`. Units that get no
    seat get no quota. Add the result to a plan with
    ``plan.evolve(seat_quotas=(*plan.seat_quotas, *quotas))``.

    Args:
        plan: The plan.
        session: The session, or its id.
        level: The unit kind to split over.
        method: The apportionment method.
        min_seats: Least seats per unit: an int for all, or a mapping by unit id.
        max_seats: Most seats per unit: an int for all, or a mapping by unit id.
        reserved_until: When unused seats return to the common pool.

    Raises:
        UnknownIdError: The session or its program is not in the plan.
        FieldTypeError: An argument has the wrong type.
        FieldValueError: *level* is not a `UnitKind` or its value.
        ApportionmentError: No unit holds an eligible cadre, or the bounds
            cannot be met.

    Examples:
        >>> from cadreplan.datasets import demo_region
        >>> plan = demo_region()
        >>> session = plan.sessions_of_tier("prefecture_key")[0]
        >>> quotas = quotas_for(plan, session)
        >>> sum(quota.seats for quota in quotas) == session.capacity
        True
    """
    check_plan(plan)
    chosen = check_session(plan, session)
    weights = eligible_headcount(plan, chosen, level=level)
    seats = apportion(
        chosen.capacity, weights, method=method, min_seats=min_seats, max_seats=max_seats
    )
    return tuple(
        SeatQuota(unit=unit, seats=count, session=chosen.id, reserved_until=reserved_until)
        for unit, count in seats.items()
        if count > 0
    )
