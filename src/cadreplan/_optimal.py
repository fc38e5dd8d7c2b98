"""The exact optimizer: a min-cost flow over merged cadre groups (extra ``solver``).

Each cadre short of a requirement may get one new seat. A seat in a session is
worth the summed weights of the cadre's unmet requirements the session counts
toward (inside their windows). The optimizer finds seats of greatest total
worth under every hard constraint of the cascade: eligibility, free dates,
no duplicate program or theme, session capacity and session quota caps
(nested ones too: a township's seats also count against its county's quota).
Cadres who can take exactly the same sessions at the same worth are merged
into one flow node, which keeps the network small at region scale.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

import attrs

from cadreplan._cascade import _counting, _ordered_sessions, _planned
from cadreplan._predicates import _back, _too_close_to, counts_toward, seats_held
from cadreplan.errors import OptionalDependencyError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from cadreplan._coverage import CoverageLedger
    from cadreplan._plan import Plan
    from cadreplan._training import Enrollment, Session

__all__ = ["OptimalSolution", "placement_worth", "solve_optimal", "unmet_needs"]


def _solver() -> Any:
    try:
        from ortools.graph.python import (  # type: ignore[import-untyped]  # noqa: PLC0415
            min_cost_flow,
        )
    except ImportError:
        msg = "OptimalPolicy needs OR-Tools: pip install 'cadreplan[solver]'"
        raise OptionalDependencyError(msg) from None
    return min_cost_flow


class OptimalSolution:
    """The optimizer's placements and the optimum it proved.

    Attributes:
        placements: One new enrollment per served cadre.
        optimum: The greatest total worth of seats (the objective's upper bound).
        groups: How many merged cadre nodes the network had.
        arcs: How many arcs it had.
    """

    __slots__ = ("arcs", "groups", "optimum", "placements")

    def __init__(
        self, placements: tuple[Enrollment, ...], optimum: int, groups: int, arcs: int
    ) -> None:
        self.placements = placements
        self.optimum = optimum
        self.groups = groups
        self.arcs = arcs


_NONE: frozenset[str] = frozenset()

Need = tuple[str, dt.date, dt.date, int]
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
) -> int:
    """Return the objective of *placements*: per cadre, the worth of their best new seat.

    A seat is worth the summed weights of the cadre's unmet requirements (in
    *ledger*) that its session counts toward inside their windows. This is
    the quantity the optimizer maximizes, so cascade and optimum compare.
    """
    needs = unmet_needs(ledger, weights)
    requirements = plan.requirements_by_id
    best: dict[str, int] = {}
    for enrollment in placements:
        session = plan.session(enrollment.session)
        program = plan.program(session.program)
        kind = plan.institution(session.institution).kind
        worth = sum(
            weight
            for requirement_id, start, end, weight in needs.get(enrollment.cadre, ())
            if start <= session.start_on <= end
            and counts_toward(
                requirements[requirement_id],
                tier=program.tier,
                themes=program.themes,
                institution_kind=kind,
                program=program.id,
            )
        )
        best[enrollment.cadre] = max(best.get(enrollment.cadre, 0), worth)
    return sum(best.values())


def solve_optimal(  # noqa: PLR0912, PLR0915 - one network build, kept whole
    plan: Plan,
    ledger: CoverageLedger,
    *,
    weights: Mapping[str, int],
    theme_window: Any,
    seed: int,
) -> OptimalSolution:
    """Build and solve the flow network of *plan*; see the module docstring."""
    flow = _solver()
    needs = unmet_needs(ledger, weights)
    cadres = plan.cadres
    index_of = {cadre.id: position for position, cadre in enumerate(cadres)}
    tree = plan.units_tree
    programs = plan.programs_by_id
    institutions = plan.institutions_by_id

    busy: dict[str, list[tuple[dt.date, dt.date]]] = {}
    taken_programs: dict[str, set[str]] = {}
    themes_on: dict[str, dict[str, list[dt.date]]] = {}
    taken: dict[str, int] = {}
    enrolled: dict[str, set[str]] = {}  # each cadre's earlier sessions, withdrawn included
    for enrollment in plan.enrollments:
        enrolled.setdefault(enrollment.cadre, set()).add(enrollment.session)
    for enrollment in plan.enrollments:
        session = plan.sessions_by_id.get(enrollment.session)
        if not enrollment.is_active or session is None:
            continue
        taken[session.id] = taken.get(session.id, 0) + 1
        busy.setdefault(enrollment.cadre, []).append((session.start_on, session.end_on))
        taken_programs.setdefault(enrollment.cadre, set()).add(session.program)
        program = programs.get(session.program)
        for theme in () if program is None else program.themes:
            themes_on.setdefault(enrollment.cadre, {}).setdefault(theme, []).append(
                session.start_on
            )
    for record in plan.history:
        if record.is_completed:
            if record.program is not None:
                taken_programs.setdefault(record.cadre, set()).add(record.program)
            for theme in record.themes:
                themes_on.setdefault(record.cadre, {}).setdefault(theme, []).append(record.start_on)
    for assignment in plan.assignments:
        busy.setdefault(assignment.cadre, []).append((assignment.start_on, assignment.end_on))

    session_quotas: dict[str, dict[str, int]] = {}
    for quota in plan.seat_quotas:
        if quota.session is not None:
            used = seats_held(plan, quota)
            seats = session_quotas.setdefault(quota.session, {})
            seats[quota.unit] = min(seats.get(quota.unit, quota.seats), quota.seats) - used

    ordered = _ordered_sessions(plan, frozenset())
    by_program: dict[tuple[str, str], list[Session]] = {}
    for session in ordered:
        kind = institutions[session.institution].kind
        by_program.setdefault((session.program, kind), []).append(session)

    # signature -> cadre positions; a signature lists (node, worth) arcs.
    groups: dict[tuple[tuple[tuple[str, str], int], ...], list[int]] = {}
    short = {index_of[cadre_id] for cadre_id in needs}
    arcs_of: dict[int, list[tuple[tuple[str, str], int]]] = {}
    chains: dict[str, tuple[str, ...]] = {}  # each unit and its ancestors' ids, nearest first
    pool_cache: dict[Any, list[int]] = {}
    for (program_id, kind), sessions in by_program.items():
        program = programs[program_id]
        pool = pool_cache.get(program.audience)
        if pool is None:
            # Age depends on the day: each session checks it below.
            ageless = attrs.evolve(program.audience, min_age=None, max_age=None)
            pool = [
                position
                for position in plan._positions_matching(ageless, on=plan.period.end_on)
                if position in short
            ]
            pool_cache[program.audience] = pool
        counting = _counting(plan, program, kind)
        if not counting:
            continue
        has_age = program.audience.has_age_bounds
        # Each session's start minus the theme window, for the duplicate-theme test.
        backs = [_back(session.start_on, theme_window) for session in sessions]
        for position in pool:
            cadre = cadres[position]
            if program.id in taken_programs.get(cadre.id, ()):
                continue
            cadre_needs = [need for need in needs[cadre.id] if need[0] in counting]
            if not cadre_needs:
                continue
            chain = chains.get(cadre.unit)
            if chain is None:
                chain = chains[cadre.unit] = (
                    (cadre.unit, *(unit.id for unit in tree.ancestors(cadre.unit)))
                    if cadre.unit in tree
                    else ()
                )
            # What does not depend on the session, looked up once per cadre.
            mine = enrolled.get(cadre.id, _NONE)
            spans = busy.get(cadre.id, ())
            cadre_themes = themes_on.get(cadre.id)
            trained = (
                [day for theme in program.themes for day in cadre_themes.get(theme, ())]
                if cadre_themes
                else []
            )
            for session, back in zip(sessions, backs, strict=True):
                if session.id in mine:
                    continue
                if has_age and not program.audience.fits_age(cadre, session.start_on):
                    continue
                start_on = session.start_on
                if spans and any(
                    start <= session.end_on and start_on <= end for start, end in spans
                ):
                    continue
                if trained and any(
                    _too_close_to(day, start_on, back, theme_window) for day in trained
                ):
                    continue
                worth = 0
                for _, start, end, weight in cadre_needs:
                    if start <= start_on <= end:
                        worth += weight
                if worth <= 0:
                    continue
                # The innermost quota of this session over the cadre's unit, if any.
                quotas = session_quotas.get(session.id)
                inner = next((unit for unit in chain if unit in quotas), "") if quotas else ""
                arcs_of.setdefault(position, []).append(((session.id, inner), worth))
    for position, arcs in arcs_of.items():
        # A cadre takes one seat per program at most: keep each node once, best worth.
        best: dict[tuple[str, str], int] = {}
        for node, worth in arcs:
            best[node] = max(best.get(node, 0), worth)
        groups.setdefault(tuple(sorted(best.items())), []).append(position)

    solver = flow.SimpleMinCostFlow()
    source, sink = 0, 1
    node_ids: dict[Any, int] = {}

    def node_id(key: Any) -> int:
        if key not in node_ids:
            node_ids[key] = len(node_ids) + 2
        return node_ids[key]

    total = sum(len(members) for members in groups.values())
    group_arcs: list[tuple[int, tuple[str, str], int]] = []
    signatures = sorted(groups)
    for number, signature in enumerate(signatures):
        members = groups[signature]
        group_node = node_id(("group", number))
        solver.add_arc_with_capacity_and_unit_cost(source, group_node, len(members), 0)
        for node, worth in signature:
            arc = solver.add_arc_with_capacity_and_unit_cost(
                group_node, node_id(("node", node)), len(members), -worth
            )
            group_arcs.append((arc, node, number))
    for session in ordered:
        free = session.capacity - taken.get(session.id, 0)
        session_node = ("node", (session.id, ""))
        if free <= 0 or (session_node not in node_ids and session.id not in session_quotas):
            continue
        target = node_id(("session", session.id))
        solver.add_arc_with_capacity_and_unit_cost(node_id(session_node), target, free, 0)
        # Quotas of one session nest like their units: a township's seats flow
        # through its county's quota node, so both caps hold.
        quotas = session_quotas.get(session.id, {})
        for unit, cap in quotas.items():
            ancestors = tree.ancestors(unit) if unit in tree else ()
            parent = next((u.id for u in ancestors if u.id in quotas), None)
            solver.add_arc_with_capacity_and_unit_cost(
                node_id(("node", (session.id, unit))),
                target if parent is None else node_id(("node", (session.id, parent))),
                max(0, cap),
                0,
            )
        solver.add_arc_with_capacity_and_unit_cost(target, sink, free, 0)
    solver.add_arc_with_capacity_and_unit_cost(source, sink, total, 0)
    solver.set_node_supply(source, total)
    solver.set_node_supply(sink, -total)
    status = solver.solve()
    if status != solver.OPTIMAL:  # pragma: no cover - the network is always feasible
        msg = f"the flow solver failed with status {status}"
        raise RuntimeError(msg)

    rng = random.Random(seed)  # noqa: S311 - a reproducible tie-break, not a secret
    queues = {number: list(groups[signature]) for number, signature in enumerate(signatures)}
    for members in queues.values():
        rng.shuffle(members)
    placements: list[Enrollment] = []
    for arc, node, number in group_arcs:
        amount = solver.flow(arc)
        members = queues[number]
        for _ in range(amount):
            position = members.pop()
            placements.append(_planned(cadres[position].id, node[0]))
    return OptimalSolution(
        placements=tuple(placements),
        optimum=-solver.optimal_cost(),
        groups=len(groups),
        arcs=solver.num_arcs(),
    )
