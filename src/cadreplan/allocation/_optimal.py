"""The exact optimizer: a min-cost flow over merged cadre groups (extra ``solver``).

Each cadre short of a requirement may get one new seat. A seat in a session is
worth the summed weights of the cadre's unmet requirements the session counts
toward (inside their windows). The optimizer finds seats of greatest total
worth under every hard constraint of the cascade: eligibility, free dates,
no duplicate program or theme, session capacity and session quota caps
(nested ones too: a township's seats also count against its county's quota).
Cadres who can take exactly the same sessions at the same worth are merged
into one flow node, which keeps the network small at region scale.

It goes in three steps: build the network (`_Commitments` of every cadre, the
session quota caps, the arcs each short cadre may take, grouped by their
signature), solve it (`cadreplan.allocation._ortools`), and read the flows
back as enrollments.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import attrs

from cadreplan.allocation._network import FlowNetwork
from cadreplan.allocation._objective import unmet_needs
from cadreplan.allocation._seating import (
    ordered_sessions,
    requirements_counted,
)
from cadreplan.errors import OptionalDependencyError
from cadreplan.ledger import minus_window, seats_held, too_close_to
from cadreplan.model import Enrollment

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping

    from cadreplan.allocation._objective import Need
    from cadreplan.ledger import CoverageLedger
    from cadreplan.model import Cadre, Plan, Program, Session

__all__ = ["OptimalSolution", "require_solver", "solve_optimal"]


def require_solver() -> Callable[[FlowNetwork], tuple[list[int], int]]:
    """Return the min-cost flow solver, or say which extra installs it."""
    try:
        from cadreplan.allocation._ortools import (  # noqa: PLC0415 - an optional extra
            solve_min_cost_flow,
        )
    except ImportError:
        msg = "OptimalPolicy needs OR-Tools: pip install 'cadreplan[solver]'"
        raise OptionalDependencyError(msg) from None
    return solve_min_cost_flow


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

Node = tuple[str, str]
"""A seat node: (session id, the unit of the innermost session quota over the cadre, or "")."""
Signature = tuple[tuple[Node, int], ...]
"""The seat nodes a cadre may take and their worth, sorted: cadres who share one are merged."""


class _Commitments:
    """What every cadre is already committed to, as the hard constraints read it."""

    __slots__ = ("busy", "enrolled", "programs", "taken", "themes_on")

    def __init__(self, plan: Plan) -> None:
        self.busy: dict[str, list[tuple[dt.date, dt.date]]] = {}
        self.programs: dict[str, set[str]] = {}
        """Programs each cadre has, in history or an active enrollment."""
        self.themes_on: dict[str, dict[str, list[dt.date]]] = {}
        """First days of each cadre's trainings, per theme."""
        self.taken: dict[str, int] = {}
        """Active enrollments per session."""
        self.enrolled: dict[str, set[str]] = {}
        """Each cadre's earlier sessions, withdrawn included."""
        programs = plan.programs_by_id
        for enrollment in plan.enrollments:
            self.enrolled.setdefault(enrollment.cadre, set()).add(enrollment.session)
        for enrollment in plan.enrollments:
            session = plan.sessions_by_id.get(enrollment.session)
            if not enrollment.is_active or session is None:
                continue
            self.taken[session.id] = self.taken.get(session.id, 0) + 1
            self.busy.setdefault(enrollment.cadre, []).append((session.start_on, session.end_on))
            self.programs.setdefault(enrollment.cadre, set()).add(session.program)
            program = programs.get(session.program)
            for theme in () if program is None else program.themes:
                self.themes_on.setdefault(enrollment.cadre, {}).setdefault(theme, []).append(
                    session.start_on
                )
        for record in plan.history:
            if record.is_completed:
                if record.program is not None:
                    self.programs.setdefault(record.cadre, set()).add(record.program)
                for theme in record.themes:
                    self.themes_on.setdefault(record.cadre, {}).setdefault(theme, []).append(
                        record.start_on
                    )
        for assignment in plan.assignments:
            self.busy.setdefault(assignment.cadre, []).append(
                (assignment.start_on, assignment.end_on)
            )


def _session_caps(plan: Plan) -> dict[str, dict[str, int]]:
    """Per session, the seats each unit's session quota still allows (the tightest quota)."""
    caps: dict[str, dict[str, int]] = {}
    for quota in plan.seat_quotas:
        if quota.session is not None:
            used = seats_held(plan, quota)
            seats = caps.setdefault(quota.session, {})
            seats[quota.unit] = min(seats.get(quota.unit, quota.seats), quota.seats) - used
    return caps


class _Arcs:
    """The seat nodes each short cadre may take, with their worth; built program by program."""

    __slots__ = ("by_position", "caps", "chains", "commitments", "needs", "plan", "window")

    def __init__(
        self,
        plan: Plan,
        needs: dict[str, list[Need]],
        commitments: _Commitments,
        caps: dict[str, dict[str, int]],
        window: Any,
    ) -> None:
        self.plan = plan
        self.needs = needs
        self.commitments = commitments
        self.caps = caps
        self.window = window
        self.by_position: dict[int, list[tuple[Node, int]]] = {}
        self.chains: dict[str, tuple[str, ...]] = {}
        """Each unit and its ancestors' ids, nearest first."""

    def chain(self, unit: str) -> tuple[str, ...]:
        """Return *unit* and its ancestors' ids, nearest first (cached per unit)."""
        chain = self.chains.get(unit)
        if chain is None:
            tree = self.plan.units_tree
            chain = self.chains[unit] = (
                (unit, *(ancestor.id for ancestor in tree.ancestors(unit))) if unit in tree else ()
            )
        return chain

    def add_program(
        self, program: Program, kind: str, sessions: list[Session], pool: list[int]
    ) -> None:
        """Add the arcs of the cadres of *pool* to the *sessions* of *program* at *kind*."""
        counting = requirements_counted(self.plan, program, kind)
        if not counting:
            return
        # Each session's start minus the theme window, for the duplicate-theme test.
        backs = [minus_window(session.start_on, self.window) for session in sessions]
        cadres = self.plan.cadres
        for position in pool:
            cadre = cadres[position]
            if program.id in self.commitments.programs.get(cadre.id, ()):
                continue
            cadre_needs = [need for need in self.needs[cadre.id] if need[0] in counting]
            if cadre_needs:
                self.add_cadre(position, cadre, program, sessions, backs, cadre_needs)

    def add_cadre(  # noqa: PLR0917 - one cadre's view of one program, passed whole
        self,
        position: int,
        cadre: Cadre,
        program: Program,
        sessions: list[Session],
        backs: list[dt.date],
        cadre_needs: list[Need],
    ) -> None:
        """Add an arc to each session of *program* the cadre may take, worth their needs there."""
        commitments = self.commitments
        window = self.window
        chain = self.chain(cadre.unit)
        has_age = program.audience.has_age_bounds
        # What does not depend on the session, looked up once per cadre.
        mine = commitments.enrolled.get(cadre.id, _NONE)
        spans = commitments.busy.get(cadre.id, ())
        cadre_themes = commitments.themes_on.get(cadre.id)
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
            if spans and any(start <= session.end_on and start_on <= end for start, end in spans):
                continue
            if trained and any(too_close_to(day, start_on, back, window) for day in trained):
                continue
            worth = 0
            for _, start, end, weight in cadre_needs:
                if start <= start_on <= end:
                    worth += weight
            if worth <= 0:
                continue
            # The innermost quota of this session over the cadre's unit, if any.
            quotas = self.caps.get(session.id)
            inner = next((unit for unit in chain if unit in quotas), "") if quotas else ""
            self.by_position.setdefault(position, []).append(((session.id, inner), worth))

    def groups(self) -> dict[Signature, list[int]]:
        """Return the cadre positions by signature, each cadre's nodes kept once at best worth."""
        groups: dict[Signature, list[int]] = {}
        for position, arcs in self.by_position.items():
            # A cadre takes one seat per program at most: keep each node once, best worth.
            best: dict[Node, int] = {}
            for node, worth in arcs:
                best[node] = max(best.get(node, 0), worth)
            groups.setdefault(tuple(sorted(best.items())), []).append(position)
        return groups


def _cadre_groups(
    plan: Plan,
    *,
    needs: dict[str, list[Need]],
    commitments: _Commitments,
    caps: dict[str, dict[str, int]],
    theme_window: Any,
    ordered: list[Session],
) -> dict[Signature, list[int]]:
    """Return the short cadres grouped by the seats they may take, program by program."""
    institutions = plan.institutions_by_id
    by_program: dict[tuple[str, str], list[Session]] = {}
    for session in ordered:
        kind = institutions[session.institution].kind
        by_program.setdefault((session.program, kind), []).append(session)
    index_of = {cadre.id: position for position, cadre in enumerate(plan.cadres)}
    short = {index_of[cadre_id] for cadre_id in needs}
    arcs = _Arcs(plan, needs, commitments, caps, theme_window)
    pools: dict[Any, list[int]] = {}
    for (program_id, kind), sessions in by_program.items():
        program = plan.programs_by_id[program_id]
        pool = pools.get(program.audience)
        if pool is None:
            # Age depends on the day: each session checks it.
            ageless = attrs.evolve(program.audience, min_age=None, max_age=None)
            pool = pools[program.audience] = [
                position
                for position in plan.positions_matching(ageless, on=plan.period.end_on)
                if position in short
            ]
        arcs.add_program(program, kind, sessions, pool)
    return arcs.groups()


def _network(
    plan: Plan,
    *,
    groups: dict[Signature, list[int]],
    signatures: list[Signature],
    ordered: list[Session],
    commitments: _Commitments,
    caps: dict[str, dict[str, int]],
) -> tuple[FlowNetwork, list[tuple[int, Node, int]]]:
    """Return the flow network and, per group arc, (arc index, seat node, group number)."""
    network = FlowNetwork()
    source, sink = FlowNetwork.SOURCE, FlowNetwork.SINK
    total = sum(len(members) for members in groups.values())
    group_arcs: list[tuple[int, Node, int]] = []
    for number, signature in enumerate(signatures):
        members = groups[signature]
        group_node = network.node(("group", number))
        network.arc(source, group_node, len(members), 0)
        for node, worth in signature:
            arc = network.arc(group_node, network.node(("node", node)), len(members), -worth)
            group_arcs.append((arc, node, number))
    tree = plan.units_tree
    for session in ordered:
        free = session.capacity - commitments.taken.get(session.id, 0)
        session_node = ("node", (session.id, ""))
        if free <= 0 or (not network.has(session_node) and session.id not in caps):
            continue
        target = network.node(("session", session.id))
        network.arc(network.node(session_node), target, free, 0)
        # Quotas of one session nest like their units: a township's seats flow
        # through its county's quota node, so both caps hold.
        quotas = caps.get(session.id, {})
        for unit, cap in quotas.items():
            ancestors = tree.ancestors(unit) if unit in tree else ()
            parent = next((u.id for u in ancestors if u.id in quotas), None)
            network.arc(
                network.node(("node", (session.id, unit))),
                target if parent is None else network.node(("node", (session.id, parent))),
                max(0, cap),
                0,
            )
        network.arc(target, sink, free, 0)
    network.arc(source, sink, total, 0)
    network.supplies[source] = total
    network.supplies[sink] = -total
    return network, group_arcs


def solve_optimal(
    plan: Plan,
    ledger: CoverageLedger,
    *,
    weights: Mapping[str, int],
    theme_window: Any,
    seed: int,
) -> OptimalSolution:
    """Build and solve the flow network of *plan*; see the module docstring."""
    solve = require_solver()
    needs = unmet_needs(ledger, weights)
    commitments = _Commitments(plan)
    caps = _session_caps(plan)
    ordered = ordered_sessions(plan, frozenset())
    groups = _cadre_groups(
        plan,
        needs=needs,
        commitments=commitments,
        caps=caps,
        theme_window=theme_window,
        ordered=ordered,
    )
    signatures = sorted(groups)
    network, group_arcs = _network(
        plan,
        groups=groups,
        signatures=signatures,
        ordered=ordered,
        commitments=commitments,
        caps=caps,
    )
    flows, cost = solve(network)
    # Read back: each group's members, shuffled by the seed, take its arcs' flow in turn.
    rng = random.Random(seed)  # noqa: S311 - a reproducible tie-break, not a secret
    queues = {number: list(groups[signature]) for number, signature in enumerate(signatures)}
    for members in queues.values():
        rng.shuffle(members)
    cadres = plan.cadres
    placements: list[Enrollment] = []
    for arc, node, number in group_arcs:
        members = queues[number]
        for _ in range(flows[arc]):
            position = members.pop()
            placements.append(Enrollment(cadre=cadres[position].id, session=node[0]))
    return OptimalSolution(
        placements=tuple(placements),
        optimum=-cost,
        groups=len(groups),
        arcs=network.arc_count,
    )
