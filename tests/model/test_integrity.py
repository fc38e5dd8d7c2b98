"""Referential integrity: dangling references, duplicate ids and parent cycles."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given

from cadreplan import Audience, Plan, Problem, Tier, TierScheme, Unit, UnitKind
from cadreplan.model import (
    cycle_problems,
    duplicate_problems,
    integrity_problems,
    reference_problems,
)
from tests.strategies import plan_settings, plans, sample_plan


@pytest.fixture(name="plan")
def _plan() -> Plan:
    return sample_plan()


def _replace(plan: Plan, collection: str, index: int, **changes: Any) -> Plan:
    """Return *plan* with one object of *collection* changed."""
    items = list(getattr(plan, collection))
    items[index] = attrs.evolve(items[index], **changes)
    return plan.evolve(**{collection: tuple(items)})


def _found(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(problem.path, problem.message) for problem in problems]


def test_sample_plan_is_consistent(plan: Plan) -> None:
    """The hand-written sample plan has no integrity problem."""
    assert [] == integrity_problems(plan)


@plan_settings()
@given(plans())
def test_generated_plans_are_consistent(plan: Plan) -> None:
    """The plan strategy builds only plans without integrity problems."""
    assert [] == integrity_problems(plan)


DANGLING = [
    ("units", 1, {"parent": "gone"}, "$.units[1].parent", "unknown unit 'gone'"),
    ("cadres", 0, {"unit": "gone"}, "$.cadres[0].unit", "unknown unit 'gone'"),
    ("cadres", 0, {"category": "monk"}, "$.cadres[0].category", "unknown category 'monk'"),
    ("cadres", 0, {"rank": "emperor"}, "$.cadres[0].rank", "unknown rank 'emperor'"),
    (
        "institutions",
        0,
        {"kind": "temple"},
        "$.institutions[0].kind",
        "unknown institution kind 'temple'",
    ),
    ("programs", 0, {"tier": "galactic"}, "$.programs[0].tier", "unknown tier 'galactic'"),
    ("programs", 0, {"organizer": "gone"}, "$.programs[0].organizer", "unknown unit 'gone'"),
    (
        "programs",
        1,
        {"co_organizers": ("LS", "gone")},
        "$.programs[1].co_organizers",
        "unknown unit 'gone'",
    ),
    ("programs", 0, {"themes": {"astrology"}}, "$.programs[0].themes", "unknown theme 'astrology'"),
    (
        "programs",
        0,
        {"action_plan": "AP9"},
        "$.programs[0].action_plan",
        "unknown action plan 'AP9'",
    ),
    (
        "programs",
        0,
        {"audience": Audience(categories={"monk"})},
        "$.programs[0].audience.categories",
        "unknown category 'monk'",
    ),
    (
        "programs",
        0,
        {"audience": Audience(ranks={"emperor"})},
        "$.programs[0].audience.ranks",
        "unknown rank 'emperor'",
    ),
    (
        "programs",
        0,
        {"audience": Audience(units={"gone"})},
        "$.programs[0].audience.units",
        "unknown unit 'gone'",
    ),
    ("sessions", 0, {"program": "gone"}, "$.sessions[0].program", "unknown program 'gone'"),
    (
        "sessions",
        0,
        {"institution": "gone"},
        "$.sessions[0].institution",
        "unknown institution 'gone'",
    ),
    ("enrollments", 0, {"cadre": "gone"}, "$.enrollments[0].cadre", "unknown cadre 'gone'"),
    ("enrollments", 0, {"session": "gone"}, "$.enrollments[0].session", "unknown session 'gone'"),
    ("history", 0, {"cadre": "gone"}, "$.history[0].cadre", "unknown cadre 'gone'"),
    ("history", 0, {"tier": "galactic"}, "$.history[0].tier", "unknown tier 'galactic'"),
    ("history", 0, {"themes": {"astrology"}}, "$.history[0].themes", "unknown theme 'astrology'"),
    (
        "history",
        0,
        {"institution_kind": "temple"},
        "$.history[0].institution_kind",
        "unknown institution kind 'temple'",
    ),
    (
        "requirements",
        0,
        {"audience": Audience(units={"gone"})},
        "$.requirements[0].audience.units",
        "unknown unit 'gone'",
    ),
    (
        "requirements",
        0,
        {"tiers": {"galactic"}},
        "$.requirements[0].tiers",
        "unknown tier 'galactic'",
    ),
    (
        "requirements",
        0,
        {"themes": {"astrology"}},
        "$.requirements[0].themes",
        "unknown theme 'astrology'",
    ),
    (
        "requirements",
        0,
        {"institution_kinds": {"temple"}},
        "$.requirements[0].institution_kinds",
        "unknown institution kind 'temple'",
    ),
    (
        "requirements",
        0,
        {"programs": {"gone"}},
        "$.requirements[0].programs",
        "unknown program 'gone'",
    ),
    ("seat_quotas", 0, {"unit": "gone"}, "$.seat_quotas[0].unit", "unknown unit 'gone'"),
    ("seat_quotas", 0, {"session": "gone"}, "$.seat_quotas[0].session", "unknown session 'gone'"),
    ("seat_quotas", 1, {"program": "gone"}, "$.seat_quotas[1].program", "unknown program 'gone'"),
    (
        "dispatch_quotas",
        0,
        {"tier": "galactic"},
        "$.dispatch_quotas[0].tier",
        "unknown tier 'galactic'",
    ),
    (
        "dispatch_quotas",
        0,
        {"institution_kind": "temple"},
        "$.dispatch_quotas[0].institution_kind",
        "unknown institution kind 'temple'",
    ),
    ("dispatch_quotas", 0, {"unit": "gone"}, "$.dispatch_quotas[0].unit", "unknown unit 'gone'"),
    ("posts", 0, {"unit": "gone"}, "$.posts[0].unit", "unknown unit 'gone'"),
    (
        "posts",
        0,
        {"audience": Audience(ranks={"emperor"})},
        "$.posts[0].audience.ranks",
        "unknown rank 'emperor'",
    ),
    ("assignments", 0, {"cadre": "gone"}, "$.assignments[0].cadre", "unknown cadre 'gone'"),
    ("assignments", 0, {"post": "gone"}, "$.assignments[0].post", "unknown post 'gone'"),
]


@pytest.mark.parametrize(
    ("collection", "index", "changes", "problem"),
    [
        (collection, index, changes, (path, message))
        for collection, index, changes, path, message in DANGLING
    ],
    ids=[f"{row[0]}-{next(iter(row[2]))}" for row in DANGLING],
)
def test_dangling_reference(
    plan: Plan, collection: str, index: int, changes: dict[str, Any], problem: tuple[str, str]
) -> None:
    """Every field that names another object or a code is checked against the plan."""
    broken = _replace(plan, collection, index, **changes)
    expected = [problem]

    assert expected == _found(list(reference_problems(broken)))


def test_tier_institution_kinds_are_checked(plan: Plan) -> None:
    """A tier that names an unknown institution kind is reported at the tier."""
    tiers = TierScheme(
        (*plan.tiers, Tier(code="extra", zh="", en="", institution_kinds={"temple"}))
    )
    expected = [("$.tiers[7].institution_kinds", "unknown institution kind 'temple'")]

    assert expected == _found(list(reference_problems(plan.evolve(tiers=tiers))))


def test_several_unknowns_in_one_field_sorted(plan: Plan) -> None:
    """Each unknown member of a set is a problem of its own, in sorted order."""
    broken = _replace(plan, "programs", 0, themes={"zen", "astrology", "long_term_stability"})
    expected = [
        ("$.programs[0].themes", "unknown theme 'astrology'"),
        ("$.programs[0].themes", "unknown theme 'zen'"),
    ]

    assert expected == _found(list(reference_problems(broken)))


def test_history_may_name_programs_outside_the_plan(plan: Plan) -> None:
    """A training record's program is not checked: history predates the plan."""
    expected = "old-program"

    assert expected == plan.history[0].program
    assert [] == list(reference_problems(plan))


DUPLICATES = [
    ("units", "$.units[7]", "duplicate id 'XZ' (first at $.units[0])"),
    ("cadres", "$.cadres[4]", "duplicate id 'c1' (first at $.cadres[0])"),
    ("institutions", "$.institutions[2]", "duplicate id 'PS' (first at $.institutions[0])"),
    ("action_plans", "$.action_plans[1]", "duplicate id 'AP1' (first at $.action_plans[0])"),
    ("programs", "$.programs[3]", "duplicate id 'P-nat' (first at $.programs[0])"),
    ("sessions", "$.sessions[4]", "duplicate id 'S1' (first at $.sessions[0])"),
    (
        "requirements",
        "$.requirements[2]",
        "duplicate id 'county_leaders_5y' (first at $.requirements[0])",
    ),
    (
        "dispatch_quotas",
        "$.dispatch_quotas[1]",
        "duplicate id 'D1' (first at $.dispatch_quotas[0])",
    ),
    ("posts", "$.posts[2]", "duplicate id 'POST1' (first at $.posts[0])"),
    (
        "enrollments",
        "$.enrollments[4]",
        "duplicate enrollment of (cadre, session) ('c3', 'S1') (first at $.enrollments[0])",
    ),
    (
        "seat_quotas",
        "$.seat_quotas[2]",
        (
            "duplicate seat quota of (unit, session, program) ('LS', 'S2', None) "
            "(first at $.seat_quotas[0])"
        ),
    ),
]


@pytest.mark.parametrize(
    ("collection", "path", "message"), DUPLICATES, ids=[d[0] for d in DUPLICATES]
)
def test_duplicate(plan: Plan, collection: str, path: str, message: str) -> None:
    """An object whose identity repeats an earlier one is reported with the first's path."""
    items = getattr(plan, collection)
    doubled = plan.evolve(**{collection: (*items, items[0])})
    expected = [(path, message)]

    assert expected == _found(list(duplicate_problems(doubled)))


def test_enrollments_of_different_pairs_are_no_duplicates(plan: Plan) -> None:
    """The same cadre in two sessions, or two cadres in one, is fine."""
    assert [] == list(duplicate_problems(plan))


def test_parent_cycle(plan: Plan) -> None:
    """Each unit of a parent cycle is reported at its parent field."""
    broken = _replace(_replace(plan, "units", 5, parent="ORG"), "units", 6, parent="RKZ")
    expected = [
        ("$.units[5].parent", "unit 'RKZ' is part of a parent cycle"),
        ("$.units[6].parent", "unit 'ORG' is part of a parent cycle"),
    ]

    assert expected == _found(list(cycle_problems(broken)))


def test_units_below_a_cycle_are_not_called_part_of_it() -> None:
    """Only the units on a cycle are said to be part of it, not the units hanging below it."""
    plan = Plan(
        name="",
        period=sample_plan().period,
        units=(
            Unit(id="A", name="", kind=UnitKind.COUNTY, parent="B"),
            Unit(id="B", name="", kind=UnitKind.COUNTY, parent="A"),
            Unit(id="C", name="", kind=UnitKind.TOWNSHIP, parent="A"),
        ),
    )
    expected = ["$.units[0].parent", "$.units[1].parent"]

    said_part = [p.path for p in cycle_problems(plan) if "part of a parent cycle" in p.message]

    assert expected == said_part


def test_integrity_problems_in_order(plan: Plan) -> None:
    """Duplicates come first, then cycles, then dangling references."""
    broken = _replace(_replace(plan, "units", 5, parent="ORG"), "units", 6, parent="RKZ")
    broken = _replace(broken, "cadres", 0, unit="gone")
    broken = broken.evolve(posts=(*broken.posts, broken.posts[0]))
    expected = [
        "$.posts[2]",
        "$.units[5].parent",
        "$.units[6].parent",
        "$.cadres[0].unit",
    ]

    assert expected == [problem.path for problem in integrity_problems(broken)]
