"""Min-cost flow by OR-Tools (the ``solver`` extra); the only module that imports it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from cadreplan.allocation._network import FlowNetwork

__all__ = ["solve_min_cost_flow"]


def solve_min_cost_flow(network: FlowNetwork) -> tuple[list[int], int]:
    """Return the flow on each arc of *network* (in its order) and the least total cost.

    The network is always feasible: it has an arc from its source straight
    to its sink that carries whatever no cheaper path takes.
    """
    solver = min_cost_flow.SimpleMinCostFlow()
    for tail, head, capacity, cost in zip(
        network.tails, network.heads, network.capacities, network.costs, strict=True
    ):
        solver.add_arc_with_capacity_and_unit_cost(tail, head, capacity, cost)
    for node, supply in network.supplies.items():
        solver.set_node_supply(node, supply)
    status = solver.solve()
    if status != solver.OPTIMAL:  # pragma: no cover - the network is always feasible
        msg = f"the flow solver failed with status {status}"
        raise RuntimeError(msg)
    return [solver.flow(arc) for arc in range(solver.num_arcs())], solver.optimal_cost()
