"""Units (单位) and the unit tree with constant-time subtree membership."""

from __future__ import annotations

import enum
import functools
from typing import TYPE_CHECKING

import attrs

from cadreplan._support import checks
from cadreplan.errors import UnknownIdError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["ADMINISTRATIVE_LEVELS", "Unit", "UnitKind", "UnitTree"]


class UnitKind(enum.StrEnum):
    """What a unit is: a level of the administrative tree or a body attached to one."""

    REGION = "region"
    """Autonomous region or province (自治区)."""
    PREFECTURE = "prefecture"
    """Prefecture or prefecture-level city (市地)."""
    COUNTY = "county"
    """County or district (县区)."""
    TOWNSHIP = "township"
    """Township or sub-district (乡镇/街道)."""
    VILLAGE = "village"
    """Village or residents' community (村/居)."""
    DEPARTMENT = "department"
    """Party or government department (部门) at any level."""
    ENTERPRISE = "enterprise"
    """State-owned enterprise (国有企业)."""
    PUBLIC_INSTITUTION = "public_institution"
    """Public institution (事业单位)."""
    TEMPLE_COMMITTEE = "temple_committee"
    """Temple management committee (寺管会)."""
    ORGANIZATION = "organization"
    """New economic or social organization, association or chamber (新型组织)."""


ADMINISTRATIVE_LEVELS = (
    UnitKind.REGION,
    UnitKind.PREFECTURE,
    UnitKind.COUNTY,
    UnitKind.TOWNSHIP,
    UnitKind.VILLAGE,
)
"""The kinds that form the administrative spine of the tree, top down."""


def _unit_kind(value: UnitKind | str) -> UnitKind:
    return checks.member(UnitKind, value)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Unit:
    """A node of the unit tree: a region, prefecture, county, township, village or body.

    Attributes:
        id: The user's unit code, unique in a plan.
        name: Display name.
        kind: What the unit is.
        parent: The id of the enclosing unit; ``None`` for a root.
        altitude_m: Altitude in metres above sea level, if known (rotation rules use it).
        tags: Free labels (``"border"``, ``"high_altitude"``) that audiences can select.
    """

    id: str = attrs.field(validator=checks.identifier)
    name: str = attrs.field(validator=checks.text)
    kind: UnitKind = attrs.field(converter=_unit_kind, validator=checks.member_of(UnitKind))
    parent: str | None = attrs.field(default=None, validator=checks.optional_identifier)
    altitude_m: int | None = attrs.field(
        default=None, validator=checks.optional_integer(-500, 9000)
    )
    tags: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )

    @parent.validator
    def _not_own_parent(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value == self.id:
            msg = f"unit {self.id!r} cannot be its own parent"
            raise checks.FieldValueError(attribute.name, msg)


class UnitTree:
    """An index over units: subtree membership in O(1) by pre/post-order numbering.

    Units whose parent is missing are treated as roots; units caught in a parent
    cycle are unreachable from any root and belong to no subtree but their own
    (the validation rules report both).
    """

    __slots__ = ("_children", "_enter", "_exit", "_order", "_units")

    def __init__(self, units: Iterable[Unit]) -> None:
        self._units: dict[str, Unit] = {}
        for unit in units:
            self._units.setdefault(unit.id, unit)
        children: dict[str | None, list[str]] = {}
        for unit in self._units.values():
            parent = unit.parent if unit.parent in self._units else None
            children.setdefault(parent, []).append(unit.id)
        self._children = children
        self._enter: dict[str, int] = {}
        self._exit: dict[str, int] = {}
        self._order: list[str] = []
        stack: list[tuple[str, bool]] = [(root, False) for root in reversed(children.get(None, []))]
        while stack:
            unit_id, done = stack.pop()
            if done:
                self._exit[unit_id] = len(self._order)
                continue
            self._enter[unit_id] = len(self._order)
            self._order.append(unit_id)
            stack.append((unit_id, True))
            stack.extend((child, False) for child in reversed(children.get(unit_id, [])))

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._units

    def __len__(self) -> int:
        return len(self._units)

    def __getitem__(self, unit_id: str) -> Unit:
        try:
            return self._units[unit_id]
        except KeyError:
            hint = functools.partial(checks.did_you_mean, unit_id, self._units)
            raise UnknownIdError("unit", unit_id, hint=hint) from None

    @property
    def by_id(self) -> Mapping[str, Unit]:
        """The units by id (first occurrence wins where ids repeat)."""
        return self._units

    @property
    def unreachable(self) -> frozenset[str]:
        """Ids of units caught in a parent cycle (not reachable from any root)."""
        return frozenset(self._units) - frozenset(self._enter)

    def is_within(self, unit_id: str, ancestor_id: str) -> bool:
        """Return whether *unit_id* is *ancestor_id* or lies in its subtree.

        Unknown ids are in no subtree.
        """
        if unit_id == ancestor_id:
            return unit_id in self._units
        enter = self._enter.get(ancestor_id)
        position = self._enter.get(unit_id)
        if enter is None or position is None:
            return False
        return enter < position < self._exit[ancestor_id]

    @property
    def preorder(self) -> Mapping[str, int]:
        """Each reachable unit's number in pre-order (roots and their subtrees in plan order).

        A subtree's units are numbered ``span(root)``: one range, so indexes
        sorted by these numbers hold each subtree as one slice.
        """
        return self._enter

    def span(self, unit_id: str) -> tuple[int, int] | None:
        """Return the pre-order numbers ``[first, end)`` of a subtree (``None``: unreachable)."""
        enter = self._enter.get(unit_id)
        return None if enter is None else (enter, self._exit[unit_id])

    def subtree(self, unit_id: str) -> tuple[Unit, ...]:
        """Return *unit_id* and every unit below it, in pre-order."""
        unit = self[unit_id]
        enter = self._enter.get(unit_id)
        if enter is None:
            return (unit,)
        return tuple(self._units[i] for i in self._order[enter : self._exit[unit_id]])

    def children(self, unit_id: str) -> tuple[Unit, ...]:
        """Return the direct children of *unit_id*."""
        self[unit_id]
        return tuple(self._units[i] for i in self._children.get(unit_id, ()))

    def roots(self) -> tuple[Unit, ...]:
        """Return the units without a (known) parent."""
        return tuple(self._units[i] for i in self._children.get(None, ()))

    def ancestors(self, unit_id: str) -> tuple[Unit, ...]:
        """Return the chain from *unit_id*'s parent up to its root (nearest first)."""
        chain: list[Unit] = []
        seen = {unit_id}
        parent = self[unit_id].parent
        while parent is not None and parent in self._units and parent not in seen:
            seen.add(parent)
            unit = self._units[parent]
            chain.append(unit)
            parent = unit.parent
        return tuple(chain)

    def ancestor_of_kind(self, unit_id: str, kind: UnitKind) -> Unit | None:
        """Return the nearest unit of *kind* at or above *unit_id*, or ``None``."""
        unit = self[unit_id]
        if unit.kind is kind:
            return unit
        for ancestor in self.ancestors(unit_id):
            if ancestor.kind is kind:
                return ancestor
        return None

    def depth_first(self) -> tuple[Unit, ...]:
        """Return every reachable unit in pre-order (parents before children)."""
        return tuple(self._units[i] for i in self._order)
