"""The ``Plan`` aggregate: look-ups by id and indexed queries, checked against brute force."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import (
    Audience,
    Cadre,
    Period,
    Plan,
    Session,
    Unit,
    UnitKind,
    UnknownIdError,
)
from cadreplan.datasets import demo_region
from tests.strategies import audiences, date_ranges, plan_settings, plans, sample_plan


@pytest.fixture(name="plan")
def _plan() -> Plan:
    return sample_plan()


def _ids(items: tuple[Any, ...]) -> list[str]:
    return [item.id for item in items]


# -- look-ups by id ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "item_id", "attribute"),
    [
        ("unit", "CG", "name"),
        ("cadre", "c2", "name"),
        ("session", "S3", "start_on"),
        ("program", "P-twn", "title"),
        ("institution", "CPS", "kind"),
        ("post", "POST1", "slots"),
        ("requirement", "township_and_below_1y", "days"),
    ],
)
def test_lookup_by_id(plan: Plan, method: str, item_id: str, attribute: str) -> None:
    """Each kind of object is found by its id."""
    collection = {"unit": "units", "cadre": "cadres", "session": "sessions", "post": "posts"}
    items = getattr(plan, collection.get(method, f"{method}s"))
    expected = next(item for item in items if item.id == item_id)

    found = getattr(plan, method)(item_id)

    assert (expected, getattr(expected, attribute)) == (found, getattr(found, attribute))


@pytest.mark.parametrize(
    ("method", "kind"),
    [
        ("unit", "unit"),
        ("cadre", "cadre"),
        ("session", "session"),
        ("program", "program"),
        ("institution", "institution"),
        ("post", "post"),
        ("requirement", "requirement"),
    ],
)
def test_lookup_of_unknown_id(plan: Plan, method: str, kind: str) -> None:
    """An unknown id raises ``UnknownIdError`` (a ``KeyError``) naming the kind and the id."""
    with pytest.raises(KeyError) as raised:
        getattr(plan, method)("missing")

    assert isinstance(raised.value, UnknownIdError)
    expected = f"no {kind} with id 'missing'"
    assert expected == str(raised.value)


def test_by_id_mappings(plan: Plan) -> None:
    """The by-id mappings hold every object once, keyed by id."""
    expected = {
        "cadres": ["c1", "c2", "c3", "c4"],
        "sessions": ["S1", "S2", "S3", "S4"],
        "programs": ["P-nat", "P-cty", "P-twn"],
        "institutions": ["PS", "CPS"],
        "posts": ["POST1", "POST2"],
        "requirements": ["county_leaders_5y", "township_and_below_1y"],
    }

    assert expected == {
        "cadres": list(plan.cadres_by_id),
        "sessions": list(plan.sessions_by_id),
        "programs": list(plan.programs_by_id),
        "institutions": list(plan.institutions_by_id),
        "posts": list(plan.posts_by_id),
        "requirements": list(plan.requirements_by_id),
    }


def test_program_and_tier_of_a_session(plan: Plan) -> None:
    """A session's program and tier come from its program id."""
    session = plan.session("S2")
    expected = ("P-cty", "county_general")

    assert expected == (plan.program_of(session).id, plan.tier_of(session))


def test_first_of_duplicate_ids_wins(plan: Plan) -> None:
    """Where two objects share an id (a validation finding), look-ups return the first."""
    shadow = attrs.evolve(plan.cadres[0], name="影子")
    doubled = plan.evolve(cadres=(*plan.cadres, shadow))

    expected = "次仁"
    assert expected == doubled.cadre("c1").name


# -- units and cadres ---------------------------------------------------------------------


def test_units_within(plan: Plan) -> None:
    """A unit's subtree comes parents first, children in plan order."""
    expected = ["LS", "CG", "CG-T1", "CG-V1"]

    assert expected == _ids(plan.units_within("LS"))


def test_is_within(plan: Plan) -> None:
    """Subtree membership includes the unit itself and excludes siblings."""
    expected = (True, True, False, False)

    assert expected == (
        plan.is_within("CG-V1", "XZ"),
        plan.is_within("LS", "LS"),
        plan.is_within("RKZ", "LS"),
        plan.is_within("missing", "XZ"),
    )


def test_cadres_in(plan: Plan) -> None:
    """Cadres of a subtree come unit by unit in tree order, optionally of one category."""
    expected = {
        "region": ["c3", "c2", "c1", "c4"],
        "Lhasa": ["c3", "c2", "c1"],
        "Lhasa villagers": ["c1"],
        "Shigatse": ["c4"],
        "department": [],
    }

    assert expected == {
        "region": _ids(plan.cadres_in("XZ")),
        "Lhasa": _ids(plan.cadres_in("LS")),
        "Lhasa villagers": _ids(plan.cadres_in("LS", category="village_cadre")),
        "Shigatse": _ids(plan.cadres_in("RKZ")),
        "department": _ids(plan.cadres_in("ORG")),
    }


def test_cadres_in_unknown_unit(plan: Plan) -> None:
    """Asking for the cadres of an unknown unit is an ``UnknownIdError``."""
    with pytest.raises(UnknownIdError, match="no unit with id 'missing'"):
        plan.cadres_in("missing")


def test_cadres_of_category(plan: Plan) -> None:
    """Cadres of a category come in plan order; an unused category has none."""
    expected = (["c1", "c4"], [])

    assert expected == (
        _ids(plan.cadres_of_category("village_cadre")),
        _ids(plan.cadres_of_category("young_cadre")),
    )


# -- sessions ------------------------------------------------------------------------------


def test_sessions_of_tier_by_start_date(plan: Plan) -> None:
    """Sessions of a tier come by start date; S3 (January) before S2 (April)."""
    expected = (["S3", "S2"], ["S1"], [])

    assert expected == (
        _ids(plan.sessions_of_tier("county_general")),
        _ids(plan.sessions_of_tier("national_dispatch")),
        _ids(plan.sessions_of_tier("sector_system")),
    )


def test_sessions_of_program_in_plan_order(plan: Plan) -> None:
    """Sessions of a program come in plan order."""
    expected = (["S2", "S3"], [])

    assert expected == (
        _ids(plan.sessions_of_program("P-cty")),
        _ids(plan.sessions_of_program("missing")),
    )


def test_sessions_of_unknown_program_have_no_tier(plan: Plan) -> None:
    """A session of a program missing from the plan belongs to no tier."""
    orphan = attrs.evolve(plan.sessions[0], id="S9", program="missing")
    extended = plan.evolve(sessions=(*plan.sessions, orphan))

    expected = ["S1"]
    assert expected == _ids(extended.sessions_of_tier("national_dispatch"))


@pytest.mark.parametrize(
    ("start_on", "end_on", "expected"),
    [
        (dt.date(2024, 3, 15), dt.date(2024, 4, 1), ["S1", "S2"]),
        (dt.date(2024, 3, 16), dt.date(2024, 3, 31), []),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), ["S3", "S1", "S2", "S4"]),
        (dt.date(2024, 3, 10), dt.date(2024, 3, 10), ["S1"]),
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31), []),
    ],
)
def test_sessions_overlapping(
    plan: Plan, start_on: dt.date, end_on: dt.date, expected: list[str]
) -> None:
    """Sessions sharing a day with the range come by start date."""
    assert expected == _ids(plan.sessions_overlapping(start_on, end_on))


def test_sessions_on(plan: Plan) -> None:
    """The sessions on a day are those running that day, both ends included."""
    expected = (["S1"], ["S1"], [])

    assert expected == (
        _ids(plan.sessions_on(dt.date(2024, 3, 4))),
        _ids(plan.sessions_on(dt.date(2024, 3, 15))),
        _ids(plan.sessions_on(dt.date(2024, 3, 16))),
    )


def test_long_session_found_far_from_its_start() -> None:
    """A long session is found on a day long after it started, past shorter later ones."""
    long = _session("long", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    short = _session("short", dt.date(2024, 6, 1), dt.date(2024, 6, 2))
    plan = Plan(
        name="", period=Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)), sessions=(short, long)
    )

    expected = (["long"], ["long", "short"])
    assert expected == (
        _ids(plan.sessions_on(dt.date(2024, 11, 30))),
        _ids(plan.sessions_on(dt.date(2024, 6, 2))),
    )


def test_empty_plan_lookups() -> None:
    """A plan without sessions or cadres answers every query with nothing."""
    plan = Plan(name="", period=Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    expected = ((), (), (), ())

    assert expected == (
        plan.sessions_on(dt.date(2024, 1, 1)),
        plan.sessions_of_tier("county_general"),
        plan.cadres_of_category("village_cadre"),
        plan.history_of("c1"),
    )


def _session(session_id: str, start_on: dt.date, end_on: dt.date) -> Session:
    return Session(
        id=session_id, program="P", institution="I", start_on=start_on, end_on=end_on, capacity=1
    )


# -- per-cadre and per-session records --------------------------------------------------


def test_records_of_a_cadre(plan: Plan) -> None:
    """History, enrollments (withdrawn included) and assignments are grouped by cadre."""
    expected = {
        "history of c3": [150],
        "enrollments of c1": ["S2", "S4"],
        "enrollments in S2": ["c1", "c4"],
        "assignments of c2": ["POST1"],
        "assignments to POST1": ["c2"],
        "nothing for c4": ([], []),
    }

    assert expected == {
        "history of c3": [record.hours for record in plan.history_of("c3")],
        "enrollments of c1": [e.session for e in plan.enrollments_of("c1")],
        "enrollments in S2": [e.cadre for e in plan.enrollments_in("S2")],
        "assignments of c2": [a.post for a in plan.assignments_of("c2")],
        "assignments to POST1": [a.cadre for a in plan.assignments_to("POST1")],
        "nothing for c4": (list(plan.history_of("c4")), list(plan.assignments_of("c4"))),
    }


# -- value semantics and caching ------------------------------------------------------------


def test_indexes_do_not_affect_equality(plan: Plan) -> None:
    """A plan whose indexes are built equals and hashes like a fresh copy."""
    fresh = sample_plan()
    plan.cadres_in("XZ")
    plan.sessions_on(dt.date(2024, 3, 4))

    assert (plan, hash(plan)) == (fresh, hash(fresh))


def test_evolve_rebuilds_indexes(plan: Plan) -> None:
    """An evolved plan answers from its own objects, not the original's indexes."""
    plan.cadres_of_category("village_cadre")  # builds the original's index
    newcomer = Cadre(id="c5", name="新人", unit="RKZ", category="village_cadre", rank="unranked")

    evolved = plan.evolve(cadres=(*plan.cadres, newcomer))

    expected = (["c1", "c4", "c5"], ["c1", "c4"])
    assert expected == (
        _ids(evolved.cadres_of_category("village_cadre")),
        _ids(plan.cadres_of_category("village_cadre")),
    )
    assert evolved == attrs.evolve(plan, cadres=evolved.cadres)


def test_plan_is_frozen(plan: Plan) -> None:
    """A plan cannot be changed in place."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        plan.name = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cadres": (object(),)}, "'cadres' must be a Cadre (got <object object"),
        ({"units": "XZ"}, "not the string 'XZ'"),
        ({"period": (dt.date(2024, 1, 1), dt.date(2024, 12, 31))}, "'period' must be a Period"),
        ({"tiers": ()}, "'tiers' must be a TierScheme (got ())"),
        ({"name": None}, "'name' must be a string (got None)"),
    ],
    ids=["cadres-object", "units-string", "period-tuple", "tiers-tuple", "name-none"],
)
def test_plan_checks_its_members(plan: Plan, changes: dict[str, object], message: str) -> None:
    """A plan holds objects of the right classes; relations between them are not checked here."""
    with pytest.raises(TypeError) as raised:
        plan.evolve(**changes)

    assert message in str(raised.value)


def test_plan_finds_a_wrong_member_after_right_ones(plan: Plan) -> None:
    """The member check names the first wrong member wherever it stands."""
    with pytest.raises(TypeError, match=r"^'cadres' must be a Cadre \(got 'c9'\)$"):
        plan.evolve(cadres=(*plan.cadres, "c9", object()))


def test_plan_allows_dangling_references(plan: Plan) -> None:
    """Building a plan in memory does not check references (validation reports them)."""
    lost = Cadre(id="c9", name="", unit="nowhere", category="unknown", rank="unknown")

    expected = "nowhere"
    assert expected == plan.evolve(cadres=(lost,)).cadre("c9").unit


# -- the indexes agree with brute force -----------------------------------------------------


def _subtree_brute(plan: Plan, unit_id: str) -> list[str]:
    """Units whose parent chain reaches *unit_id*, in pre-order (children in plan order)."""
    order: list[str] = []

    def visit(current: str) -> None:
        order.append(current)
        for unit in plan.units:
            if unit.parent == current:
                visit(unit.id)

    visit(unit_id)
    return order


def _chain(plan: Plan, unit_id: str) -> list[Unit]:
    by_id = {unit.id: unit for unit in plan.units}
    chain = [by_id[unit_id]]
    while chain[-1].parent is not None:
        chain.append(by_id[chain[-1].parent])
    return chain


@plan_settings()
@given(plans())
def test_unit_and_cadre_indexes_agree_with_brute_force(plan: Plan) -> None:
    """Subtrees, membership, nearest ancestors and cadre groupings match a direct computation."""
    for unit in plan.units:
        subtree = _subtree_brute(plan, unit.id)
        assert subtree == _ids(plan.units_within(unit.id))
        for other in plan.units:
            assert (other.id in subtree) == plan.is_within(other.id, unit.id)
        chain = _chain(plan, unit.id)
        for kind in (UnitKind.REGION, UnitKind.COUNTY, unit.kind):
            expected = next((u for u in chain if u.kind is kind), None)
            assert expected == plan.units_tree.ancestor_of_kind(unit.id, kind)
        in_subtree = [c for u in subtree for c in plan.cadres if c.unit == u]
        assert in_subtree == list(plan.cadres_in(unit.id))
        for category in plan.categories.codes[:3]:
            expected_cadres = [c for c in in_subtree if c.category == category]
            assert expected_cadres == list(plan.cadres_in(unit.id, category=category))
    for category in plan.categories.codes:
        expected_cadres = [c for c in plan.cadres if c.category == category]
        assert expected_cadres == list(plan.cadres_of_category(category))


@plan_settings()
@given(plans(), st.lists(date_ranges(max_days=90), min_size=1, max_size=5))
def test_session_indexes_agree_with_brute_force(
    plan: Plan, ranges: list[tuple[dt.date, dt.date]]
) -> None:
    """Sessions by tier, by program and overlapping random ranges match linear scans."""
    by_start = sorted(plan.sessions, key=lambda s: s.start_on)
    for tier in plan.tiers.codes:
        expected = [s for s in by_start if plan.program(s.program).tier == tier]
        assert expected == list(plan.sessions_of_tier(tier))
    for program in plan.programs:
        expected = [s for s in plan.sessions if s.program == program.id]
        assert expected == list(plan.sessions_of_program(program.id))
    for start_on, end_on in ranges:
        expected = [s for s in by_start if s.start_on <= end_on and start_on <= s.end_on]
        assert expected == list(plan.sessions_overlapping(start_on, end_on))
        assert [s for s in by_start if s.start_on <= start_on <= s.end_on] == list(
            plan.sessions_on(start_on)
        )


@plan_settings()
@given(plans())
def test_record_indexes_agree_with_brute_force(plan: Plan) -> None:
    """History, enrollments and assignments grouped by cadre, session and post match filters."""
    for cadre in plan.cadres:
        assert [r for r in plan.history if r.cadre == cadre.id] == list(plan.history_of(cadre.id))
        assert [e for e in plan.enrollments if e.cadre == cadre.id] == list(
            plan.enrollments_of(cadre.id)
        )
        assert [a for a in plan.assignments if a.cadre == cadre.id] == list(
            plan.assignments_of(cadre.id)
        )
    for session in plan.sessions:
        assert [e for e in plan.enrollments if e.session == session.id] == list(
            plan.enrollments_in(session.id)
        )
    for post in plan.posts:
        assert [a for a in plan.assignments if a.post == post.id] == list(
            plan.assignments_to(post.id)
        )


@plan_settings()
@given(plans(), st.data())
def test_cadres_matching_agrees_with_brute_force(plan: Plan, data: st.DataObject) -> None:
    """The indexed audience search finds exactly the cadres a scan of ``matches`` finds."""
    unit_ids = [unit.id for unit in plan.units] + ["nowhere"]
    audience = data.draw(
        audiences(
            categories=tuple(plan.categories.codes),
            ranks=tuple(plan.ranks.codes),
            unit_ids=tuple(unit_ids),
        )
    )
    on = data.draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
    expected = [c for c in plan.cadres if audience.matches(c, units=plan.units_tree, on=on)]
    assert list(plan.cadres_matching(audience, on=on)) == expected


_DEMO = demo_region()
_DEMO_TRAITS = {
    "categories": sorted({cadre.category for cadre in _DEMO.cadres}),
    "ranks": sorted({cadre.rank for cadre in _DEMO.cadres}),
    "units": sorted(unit.id for unit in _DEMO.units),
    "tags": sorted({tag for cadre in _DEMO.cadres for tag in cadre.tags}),
}


@given(st.data())
def test_cadres_matching_agrees_with_brute_force_on_the_demo(data: st.DataObject) -> None:
    """Audiences made of the demo's own categories, ranks, units and tags select real cadres.

    Whichever index is smallest (unit subtrees, categories or ranks) feeds the
    search, with one or more codes each; the answer is a scan's, in plan order.
    """

    def some(trait: str, most: int) -> frozenset[str]:
        return data.draw(st.frozensets(st.sampled_from(_DEMO_TRAITS[trait]), max_size=most))

    audience = Audience(
        categories=some("categories", 3),
        ranks=some("ranks", 3),
        units=some("units", 3),
        tags=some("tags", 1),
        min_potential=data.draw(st.none() | st.integers(1, 5)),
    )
    on = _DEMO.period.end_on
    expected = [c for c in _DEMO.cadres if audience.matches(c, units=_DEMO.units_tree, on=on)]
    assert list(_DEMO.cadres_matching(audience, on=on)) == expected
    # The cascade's form of the same search: positions in plan.cadres, ascending.
    positions = [i for i, c in enumerate(_DEMO.cadres) if c in expected]
    assert _DEMO.positions_matching(audience, on=on) == positions


def _one_unit_per_kind() -> list[str]:
    """The first unit of each kind in the demo region."""
    firsts: dict[str, str] = {}
    for unit in _DEMO.units:
        firsts.setdefault(unit.kind, unit.id)
    return sorted(firsts.values())


@pytest.mark.parametrize("unit", [None, *_one_unit_per_kind()])
def test_cadres_matching_every_category_and_rank_in_each_kind_of_scope(unit: str | None) -> None:
    """Every index the search may start from (scope, category, rank, or none), each guarantee.

    Each audience holds at most one category, one rank and one unit root, so
    the smallest index differs from case to case; the answer is always a scan's.
    """
    on = _DEMO.period.end_on
    tree = _DEMO.units_tree
    for category in [None, *_DEMO_TRAITS["categories"]]:
        for rank in [None, *_DEMO_TRAITS["ranks"]]:
            audience = Audience(
                categories=set() if category is None else {category},
                ranks=set() if rank is None else {rank},
                units=set() if unit is None else {unit},
            )
            expected = [c for c in _DEMO.cadres if audience.matches(c, units=tree, on=on)]
            assert (audience, expected) == (audience, list(_DEMO.cadres_matching(audience, on=on)))


def test_cadres_matching_under_a_root_on_a_unit_cycle(plan: Plan) -> None:
    """A root on a parent cycle has no pre-order span: the search walks its subtree instead."""
    template = plan.units[-1]
    cyclic = plan.evolve(
        units=(
            *plan.units,
            attrs.evolve(template, id="loop_a", parent="loop_b"),
            attrs.evolve(template, id="loop_b", parent="loop_a"),
        ),
        cadres=(
            *plan.cadres,
            attrs.evolve(plan.cadres[0], id="in_a", unit="loop_a"),
            attrs.evolve(plan.cadres[0], id="in_b", unit="loop_b"),
        ),
    )
    on = cyclic.period.end_on
    for units in ({"loop_a"}, {"loop_a", plan.cadres[0].unit}):
        audience = Audience(units=units, categories={plan.cadres[0].category})
        tree = cyclic.units_tree
        expected = [c for c in cyclic.cadres if audience.matches(c, units=tree, on=on)]
        assert "in_a" in {c.id for c in expected}
        assert expected == list(cyclic.cadres_matching(audience, on=on))


def test_cadres_matching_with_nested_unit_roots(plan: Plan) -> None:
    """A root inside another root's subtree adds nobody twice; order stays the plan's."""
    county = plan.units_tree.ancestor_of_kind(plan.cadres[0].unit, UnitKind.COUNTY)
    assert county is not None
    audience = Audience(units={county.id, plan.cadres[0].unit})
    expected = [c for c in plan.cadres if plan.is_within(c.unit, county.id)]
    assert list(plan.cadres_matching(audience, on=plan.period.end_on)) == expected


def test_cadre_position(plan: Plan) -> None:
    """Positions are by object; an equal copy from elsewhere is unknown."""
    assert [plan.cadre_position(c) for c in plan.cadres] == list(range(len(plan.cadres)))
    with pytest.raises(UnknownIdError, match="c2"):
        plan.cadre_position(attrs.evolve(plan.cadre("c2")))


def _unit_ids(plan: Plan) -> tuple[str, ...]:
    return tuple(unit.id for unit in plan.units)


def test_derived_builds_once_per_plan_and_not_for_a_copy() -> None:
    """``derived`` calls its function once per plan; an evolved copy starts afresh."""
    calls: list[Plan] = []

    def build(plan: Plan) -> tuple[str, ...]:
        calls.append(plan)
        return _unit_ids(plan)

    plan = demo_region()
    first = plan.derived(build)
    copy = plan.evolve()

    assert first is plan.derived(build)
    assert [plan] == calls
    assert first == copy.derived(build)
    assert [plan, copy] == calls
    assert plan.derived(_unit_ids) == first
