"""Units and the unit tree: subtree membership, ancestors, cycles and missing parents."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import Unit, UnitKind, UnitTree, UnknownIdError
from tests.strategies import ids, unit_trees, units


def _unit(unit_id: str, parent: str | None = None, kind: UnitKind = UnitKind.COUNTY) -> Unit:
    return Unit(id=unit_id, name=unit_id, kind=kind, parent=parent)


@pytest.fixture(name="tree")
def _tree() -> UnitTree:
    return UnitTree(
        [
            _unit("XZ", kind=UnitKind.REGION),
            _unit("LS", "XZ", UnitKind.PREFECTURE),
            _unit("CG", "LS", UnitKind.COUNTY),
            _unit("T1", "CG", UnitKind.TOWNSHIP),
            _unit("V1", "T1", UnitKind.VILLAGE),
            _unit("T2", "CG", UnitKind.TOWNSHIP),
            _unit("RKZ", "XZ", UnitKind.PREFECTURE),
            _unit("ORG", "XZ", UnitKind.DEPARTMENT),
        ]
    )


def _ids(units_: tuple[Unit, ...]) -> list[str]:
    return [unit.id for unit in units_]


# -- Unit ---------------------------------------------------------------------------------


def test_unit_defaults() -> None:
    """A unit is a root without altitude or tags unless told otherwise."""
    unit = Unit(id="XZ", name="西藏自治区", kind=UnitKind.REGION)

    expected = (None, None, frozenset())
    assert expected == (unit.parent, unit.altitude_m, unit.tags)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"id": 5}, TypeError, "'id' must be a string id (got 5)"),
        ({"id": ""}, ValueError, "'id' must be a non-empty id without surrounding spaces (got '')"),
        ({"id": "a "}, ValueError, "without surrounding spaces (got 'a ')"),
        ({"name": None}, TypeError, "'name' must be a string (got None)"),
        ({"kind": "couty"}, ValueError, "(got 'couty'); did you mean 'county'?"),
        ({"parent": "U"}, ValueError, "unit 'U' cannot be its own parent"),
        ({"parent": 7}, TypeError, "'parent' must be a string id (got 7)"),
        ({"altitude_m": 9001}, ValueError, "'altitude_m' must be <= 9000 (got 9001)"),
        ({"altitude_m": -501}, ValueError, "'altitude_m' must be >= -500 (got -501)"),
        ({"altitude_m": 3650.5}, TypeError, "'altitude_m' must be an integer (got 3650.5)"),
        ({"tags": "border"}, TypeError, "not the string 'border'"),
        ({"tags": {"border", ""}}, ValueError, "'tags' must be a non-empty id"),
    ],
    ids=lambda value: "-".join(map(str, value)) if isinstance(value, dict) else "",
)
def test_unit_rejects(changes: dict[str, object], error: type[Exception], message: str) -> None:
    """Each field of a unit is checked, with a message naming the field and the value."""
    fields: dict[str, object] = {"id": "U", "name": "n", "kind": UnitKind.COUNTY, **changes}

    with pytest.raises(error) as raised:
        Unit(**fields)  # type: ignore[arg-type]

    assert message in str(raised.value)


def test_unit_kind_values() -> None:
    """Unit kinds are written as their lower-case names."""
    expected = {kind.name.lower() for kind in UnitKind}

    assert expected == {kind.value for kind in UnitKind}


@given(units())
def test_generated_units_are_valid(unit: Unit) -> None:
    """The unit strategy never makes a unit its own parent."""
    assert unit.parent != unit.id


# -- UnitTree, examples ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit_id", "ancestor_id", "expected"),
    [
        ("V1", "XZ", True),
        ("V1", "CG", True),
        ("V1", "V1", True),
        ("XZ", "XZ", True),
        ("CG", "V1", False),
        ("T2", "T1", False),
        ("RKZ", "LS", False),
        ("ORG", "XZ", True),
        ("nowhere", "XZ", False),
        ("XZ", "nowhere", False),
        ("nowhere", "nowhere", False),
    ],
)
def test_is_within(tree: UnitTree, unit_id: str, ancestor_id: str, *, expected: bool) -> None:
    """A unit is within itself and every ancestor; unknown ids are within nothing."""
    assert expected == tree.is_within(unit_id, ancestor_id)


def test_subtree_in_pre_order(tree: UnitTree) -> None:
    """A subtree lists the unit, then each child followed by its own subtree."""
    expected = ["LS", "CG", "T1", "V1", "T2"]

    assert expected == _ids(tree.subtree("LS"))


def test_span_numbers_each_subtree_in_pre_order(tree: UnitTree) -> None:
    """A subtree's units are the units whose pre-order number lies in its span."""
    for unit in tree.depth_first():
        span = tree.span(unit.id)
        assert span is not None
        first, end = span
        inside = {i for i, number in tree.preorder.items() if first <= number < end}
        assert _ids(tree.subtree(unit.id)) == sorted(inside, key=tree.preorder.__getitem__)


def test_span_of_a_unit_on_a_cycle_is_none() -> None:
    """Units caught in a parent cycle have no pre-order number and no span."""
    tree = UnitTree(
        [
            Unit(id="A", name="A", kind=UnitKind.COUNTY, parent="B"),
            Unit(id="B", name="B", kind=UnitKind.COUNTY, parent="A"),
        ]
    )

    assert (None, {}) == (tree.span("A"), dict(tree.preorder))


def test_subtree_of_leaf(tree: UnitTree) -> None:
    """A leaf's subtree is the leaf alone."""
    expected = ["V1"]

    assert expected == _ids(tree.subtree("V1"))


def test_depth_first_lists_parents_first(tree: UnitTree) -> None:
    """The whole tree in pre-order, roots in the order given."""
    expected = ["XZ", "LS", "CG", "T1", "V1", "T2", "RKZ", "ORG"]

    assert expected == _ids(tree.depth_first())


def test_children_and_roots(tree: UnitTree) -> None:
    """Children come in the order given; the only root is the region."""
    expected = (["LS", "RKZ", "ORG"], [], ["XZ"])

    assert expected == (_ids(tree.children("XZ")), _ids(tree.children("V1")), _ids(tree.roots()))


def test_ancestors_nearest_first(tree: UnitTree) -> None:
    """Ancestors run from the parent up to the root."""
    expected = (["T1", "CG", "LS", "XZ"], [])

    assert expected == (_ids(tree.ancestors("V1")), _ids(tree.ancestors("XZ")))


@pytest.mark.parametrize(
    ("unit_id", "kind", "expected"),
    [
        ("V1", UnitKind.COUNTY, "CG"),
        ("V1", UnitKind.PREFECTURE, "LS"),
        ("V1", UnitKind.VILLAGE, "V1"),
        ("CG", UnitKind.TOWNSHIP, None),
        ("ORG", UnitKind.REGION, "XZ"),
    ],
)
def test_ancestor_of_kind(
    tree: UnitTree, unit_id: str, kind: UnitKind, expected: str | None
) -> None:
    """The nearest unit of a kind at or above a unit is found, or ``None``."""
    found = tree.ancestor_of_kind(unit_id, kind)

    assert expected == (found.id if found else None)


def test_container_protocol(tree: UnitTree) -> None:
    """A tree knows its size, membership and units by id."""
    expected = (8, True, False, "LS")

    assert expected == (len(tree), "V1" in tree, "nowhere" in tree, tree["LS"].id)
    assert tree.by_id["T1"] is tree["T1"]


@pytest.mark.parametrize(
    "lookup",
    [
        UnitTree.__getitem__,
        UnitTree.subtree,
        UnitTree.children,
        UnitTree.ancestors,
        lambda tree, unit_id: tree.ancestor_of_kind(unit_id, UnitKind.REGION),
    ],
    ids=["getitem", "subtree", "children", "ancestors", "ancestor_of_kind"],
)
def test_unknown_unit(tree: UnitTree, lookup: object) -> None:
    """Look-ups of an unknown unit raise ``UnknownIdError`` (a ``KeyError``) naming it."""
    with pytest.raises(UnknownIdError) as raised:
        lookup(tree, "nowhere")  # type: ignore[operator]

    assert isinstance(raised.value, KeyError)
    expected = ("unit", "nowhere", "no unit with id 'nowhere'")
    assert expected == (raised.value.kind, raised.value.id, str(raised.value))


def test_missing_parent_makes_a_root() -> None:
    """A unit whose parent is not in the tree is treated as a root."""
    tree = UnitTree([_unit("A"), _unit("B", "gone"), _unit("C", "B")])
    expected = {
        "roots": ["A", "B"],
        "C within B": True,
        "B within gone": False,
        "unreachable": frozenset(),
        "ancestors of C": ["B"],
    }

    assert expected == {
        "roots": _ids(tree.roots()),
        "C within B": tree.is_within("C", "B"),
        "B within gone": tree.is_within("B", "gone"),
        "unreachable": tree.unreachable,
        "ancestors of C": _ids(tree.ancestors("C")),
    }


def test_parent_cycle() -> None:
    """Units in a parent cycle, and units below them, are reachable from no root."""
    tree = UnitTree([_unit("R"), _unit("A", "B"), _unit("B", "A"), _unit("C", "A")])
    expected = {
        "unreachable": frozenset({"A", "B", "C"}),
        "roots": ["R"],
        "depth first": ["R"],
        "A within B": False,
        "C within A": False,
        "A within A": True,
        "subtree of A": ["A"],
        "ancestors of A": ["B"],
        "ancestors of C": ["A", "B"],
        "region above C": None,
    }

    assert expected == {
        "unreachable": tree.unreachable,
        "roots": _ids(tree.roots()),
        "depth first": _ids(tree.depth_first()),
        "A within B": tree.is_within("A", "B"),
        "C within A": tree.is_within("C", "A"),
        "A within A": tree.is_within("A", "A"),
        "subtree of A": _ids(tree.subtree("A")),
        "ancestors of A": _ids(tree.ancestors("A")),
        "ancestors of C": _ids(tree.ancestors("C")),
        "region above C": tree.ancestor_of_kind("C", UnitKind.REGION),
    }


def test_duplicate_ids_first_wins() -> None:
    """Where ids repeat, the first unit of that id is the one indexed."""
    first = _unit("A", kind=UnitKind.REGION)
    tree = UnitTree([first, _unit("A", kind=UnitKind.VILLAGE), _unit("B", "A")])

    expected = (2, ["A", "B"])
    assert expected == (len(tree), _ids(tree.depth_first()))
    assert tree["A"] is first


def test_empty_tree() -> None:
    """A tree without units has no roots and nothing is within anything."""
    tree = UnitTree([])

    expected = (0, (), (), frozenset(), False)
    assert expected == (
        len(tree),
        tree.roots(),
        tree.depth_first(),
        tree.unreachable,
        tree.is_within("A", "A"),
    )


# -- UnitTree, properties ------------------------------------------------------------------


def _chain(by_id: dict[str, Unit], unit_id: str) -> tuple[list[str], bool]:
    """Walk parent links from *unit_id*: the ids met, and whether a root was reached."""
    chain = [unit_id]
    parent = by_id[unit_id].parent
    while parent is not None and parent in by_id:
        if parent in chain:
            return chain, False
        chain.append(parent)
        parent = by_id[parent].parent
    return chain, True


@given(unit_trees())
def test_tree_agrees_with_walking_parents(units_: tuple[Unit, ...]) -> None:
    """In a tree, membership, subtrees, ancestors and pre-order agree with parent links."""
    tree = UnitTree(units_)
    by_id = {unit.id: unit for unit in units_}
    order = _ids(tree.depth_first())

    assert sorted(by_id) == sorted(order)
    assert tree.unreachable == frozenset()
    for unit in units_:
        chain, _ = _chain(by_id, unit.id)
        assert chain[1:] == _ids(tree.ancestors(unit.id))
        if unit.parent is not None:
            assert order.index(unit.parent) < order.index(unit.id)
        below = [other.id for other in units_ if unit.id in _chain(by_id, other.id)[0]]
        assert sorted(below) == sorted(_ids(tree.subtree(unit.id)))
        assert _ids(tree.subtree(unit.id)) == [i for i in order if i in below]
        for kind in {UnitKind.REGION, unit.kind}:
            nearest = next((by_id[i] for i in chain if by_id[i].kind is kind), None)
            assert nearest == tree.ancestor_of_kind(unit.id, kind)


@given(st.lists(st.tuples(ids(), st.none() | ids()), max_size=8))
def test_any_parent_links(links: list[tuple[str, str | None]]) -> None:
    """With missing parents and cycles, ``is_within`` holds exactly along a root-bound chain."""
    units_ = [_unit(unit_id, parent if parent != unit_id else None) for unit_id, parent in links]
    tree = UnitTree(units_)
    by_id: dict[str, Unit] = {}
    for unit in units_:
        by_id.setdefault(unit.id, unit)

    for unit_id in by_id:
        chain, rooted = _chain(by_id, unit_id)
        assert rooted == (unit_id not in tree.unreachable)
        for ancestor_id in by_id:
            expected = unit_id == ancestor_id or (rooted and ancestor_id in chain)
            assert expected == tree.is_within(unit_id, ancestor_id)
