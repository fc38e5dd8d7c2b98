"""A flow network as plain lists, built in Python and solved by whichever solver is at hand."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Hashable

__all__ = ["FlowNetwork"]


class FlowNetwork:
    """Nodes named by any hashable key, and arcs with a capacity and a unit cost.

    Node 0 is the source and node 1 the sink; other nodes are numbered in the
    order `node` first meets their key, and arcs in the order they are added,
    so the same calls always build the same network.
    """

    SOURCE = 0
    SINK = 1

    __slots__ = ("capacities", "costs", "heads", "nodes", "supplies", "tails")

    def __init__(self) -> None:
        self.nodes: dict[Hashable, int] = {}
        self.tails: list[int] = []
        self.heads: list[int] = []
        self.capacities: list[int] = []
        self.costs: list[int] = []
        self.supplies: dict[int, int] = {}

    def node(self, key: Hashable) -> int:
        """Return the number of the node named *key*, made on first use."""
        number = self.nodes.get(key)
        if number is None:
            number = self.nodes[key] = len(self.nodes) + 2
        return number

    def has(self, key: Hashable) -> bool:
        """Return whether a node named *key* was made."""
        return key in self.nodes

    def arc(self, tail: int, head: int, capacity: int, cost: int) -> int:
        """Add an arc and return its index."""
        self.tails.append(tail)
        self.heads.append(head)
        self.capacities.append(capacity)
        self.costs.append(cost)
        return len(self.tails) - 1

    @property
    def arc_count(self) -> int:
        """How many arcs the network has."""
        return len(self.tails)
