"""Tests of ``cadreplan.datasets``: the demo region and the synthetic generator."""

from __future__ import annotations

import collections
import datetime as dt
from typing import TYPE_CHECKING

import pytest

import cadreplan
from cadreplan import (
    DEFAULT_CATEGORIES,
    DEFAULT_INSTITUTION_KINDS,
    CycleBasis,
    EnrollmentStatus,
    Plan,
    UnitKind,
)
from cadreplan.datasets import demo_region, synthetic_region
from cadreplan.datasets._shape import RegionShape, region_shape

if TYPE_CHECKING:
    from pathlib import Path

SMALL = 2_000


@pytest.fixture(name="demo", scope="module")
def _demo() -> Plan:
    return demo_region()


@pytest.fixture(name="small", scope="module")
def _small() -> Plan:
    return synthetic_region(SMALL, seed=11, with_enrollments=True)


@pytest.fixture(name="plan", scope="module", params=["demo", "synthetic"])
def _plan(request: pytest.FixtureRequest) -> Plan:
    if request.param == "demo":
        return demo_region()
    return synthetic_region(SMALL, seed=5, with_enrollments=True)


def _unit_counts(plan: Plan) -> collections.Counter[str]:
    return collections.Counter(unit.kind.value for unit in plan.units)


# -- invariants of both datasets --------------------------------------------------


def test_round_trips_through_plain_data(plan: Plan) -> None:
    """The plan survives unstructure/structure unchanged, so every reference resolves."""
    assert plan == cadreplan.structure_plan(cadreplan.unstructure_plan(plan))


def test_sessions_lie_inside_the_period(plan: Plan) -> None:
    """Every session starts and ends within the plan's period, and not before it starts."""
    outside = [
        s.id
        for s in plan.sessions
        if not plan.period.covers(s.start_on, s.end_on) or s.end_on < s.start_on
    ]
    assert not outside


def test_sessions_have_seats_at_institutions_their_tier_allows(plan: Plan) -> None:
    """Every session has seats and is held at an institution of a kind its tier may use."""
    wrong = []
    for session in plan.sessions:
        allowed = plan.tiers[plan.tier_of(session)].institution_kinds
        kind = plan.institution(session.institution).kind
        if session.capacity <= 0 or (allowed and kind not in allowed):
            wrong.append(session.id)
    assert not wrong


def test_enrollments_fit_capacity(plan: Plan) -> None:
    """No session has more active enrollments than seats."""
    taken = collections.Counter(e.session for e in plan.enrollments if e.is_active)
    over = [sid for sid, count in taken.items() if count > plan.session(sid).capacity]
    assert not over


def test_enrolled_cadres_are_in_the_program_audience(plan: Plan) -> None:
    """Every enrolled cadre matches the audience of the session's program on its first day."""
    outside = [
        (e.cadre, e.session)
        for e in plan.enrollments
        if not plan.program_of(plan.session(e.session)).audience.matches(
            plan.cadre(e.cadre), units=plan.units_tree, on=plan.session(e.session).start_on
        )
    ]
    assert not outside


def test_nobody_is_in_two_overlapping_sessions_or_a_program_twice(plan: Plan) -> None:
    """A cadre's sessions neither overlap each other nor repeat a program."""
    clashes = []
    for cadre in {e.cadre for e in plan.enrollments}:
        sessions = [plan.session(e.session) for e in plan.enrollments_of(cadre) if e.is_active]
        if len({s.program for s in sessions}) != len(sessions):
            clashes.append((cadre, "program"))
        for index, first in enumerate(sessions):
            if any(first.overlaps(s.start_on, s.end_on) for s in sessions[index + 1 :]):
                clashes.append((cadre, "overlap"))
    assert not clashes


def test_practice_assignments_fit_posts_and_miss_sessions(plan: Plan) -> None:
    """Assigned cadres match the post's audience and have no session during the assignment."""
    problems = []
    for assignment in plan.assignments:
        post = plan.post(assignment.post)
        cadre = plan.cadre(assignment.cadre)
        if not post.audience.matches(cadre, units=plan.units_tree, on=assignment.start_on):
            problems.append((cadre.id, "audience"))
        for enrollment in plan.enrollments_of(cadre.id):
            session = plan.session(enrollment.session)
            if assignment.overlaps(session.start_on, session.end_on):
                problems.append((cadre.id, session.id))
    assert plan.assignments
    assert not problems


def test_seat_quotas_fit_sessions_and_enrollments(plan: Plan) -> None:
    """Seat quotas never exceed a session's seats, and no unit takes more than its quota."""
    reserved = collections.Counter()
    problems = []
    for quota in plan.seat_quotas:
        assert quota.session is not None
        reserved[quota.session] += quota.seats
        taken = sum(
            plan.is_within(plan.cadre(e.cadre).unit, quota.unit)
            for e in plan.enrollments_in(quota.session)
            if e.is_active
        )
        if taken > quota.seats:
            problems.append((quota.unit, quota.session))
    over = [sid for sid, seats in reserved.items() if seats > plan.session(sid).capacity]
    assert plan.seat_quotas
    assert not problems
    assert not over


def test_covers_every_tier(plan: Plan) -> None:
    """Sessions run in every tier of the default scheme."""
    assert set(plan.tiers.codes) == {plan.tier_of(session) for session in plan.sessions}


def test_covers_every_default_category(plan: Plan) -> None:
    """There are cadres of every default category."""
    assert set(DEFAULT_CATEGORIES.codes) == {cadre.category for cadre in plan.cadres}


def test_requirements_add_winter_training_and_induction(plan: Plan) -> None:
    """The default catalogue is joined by yearly winter training and township-head induction."""
    by_id = plan.requirements_by_id
    winter = by_id["village_winter_training_1y"]
    induction = by_id["township_head_induction"]
    expected = (
        ["county_leaders_5y", "township_and_below_1y"],
        (CycleBasis.FIXED, plan.period.start_on, frozenset({"winter_training"}), 1),
        (CycleBasis.APPOINTMENT, frozenset({"township_head"}), frozenset({"induction"}), 1),
    )
    actual = (
        [r.id for r in plan.requirements[:2]],
        (winter.basis, winter.anchor_on, winter.themes, winter.sessions),
        (induction.basis, induction.audience.categories, induction.themes, induction.sessions),
    )
    assert expected == actual


# -- the demo ------------------------------------------------------------------------


def test_demo_is_built_afresh_and_equal(demo: Plan) -> None:
    """Each call returns a new, equal plan."""
    again = demo_region()
    assert again == demo
    assert again is not demo


def test_demo_has_the_period_and_name_of_2024(demo: Plan) -> None:
    """The demo plans the calendar year 2024 under a Chinese name."""
    expected = (
        "西藏自治区2024年度干部教育培训计划（演示）",
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
    )
    assert expected == (demo.name, demo.period.start_on, demo.period.end_on)


def test_demo_unit_tree(demo: Plan) -> None:
    """The demo's units form the documented tree: 3 prefectures, 6 counties, 12 townships."""
    expected = {
        "region": 1,
        "department": 8 + 3 + 6 * 2,
        "prefecture": 3,
        "county": 6,
        "enterprise": 6,
        "organization": 6,
        "township": 12,
        "village": 29,
        "temple_committee": 4,
    }
    assert expected == dict(_unit_counts(demo))


def test_demo_tags_border_and_high_altitude_units(demo: Plan) -> None:
    """Border counties carry ``border``; units at 4,000 m or above carry ``high_altitude``."""
    tingri, mainling, lhasa = demo.unit("540223"), demo.unit("540481"), demo.unit("540000")
    expected = (
        frozenset({"border", "high_altitude"}),
        frozenset({"border"}),
        (frozenset(), 3650),
    )
    assert expected == (tingri.tags, mainling.tags, (lhasa.tags, lhasa.altitude_m))
    high = [u.id for u in demo.units if (u.altitude_m or 0) >= 4000]
    assert all("high_altitude" in demo.unit(unit_id).tags for unit_id in high)


def test_demo_has_every_institution_kind(demo: Plan) -> None:
    """The demo's institutions include each default kind, with the source's names."""
    kinds = {institution.kind for institution in demo.institutions}
    names = {institution.name for institution in demo.institutions}
    assert set(DEFAULT_INSTITUTION_KINDS.codes) == kinds
    assert {"自治区党委党校（行政学院）", "中央党校（国家行政学院）", "中国干部网络学院"} <= names


def test_demo_people(demo: Plan) -> None:
    """About 300 cadres, some with id numbers, three township heads new in 2024."""
    new_heads = [
        c.id
        for c in demo.cadres
        if c.category == "township_head" and c.appointed_on and c.appointed_on.year == 2024
    ]
    with_id = [c for c in demo.cadres if c.id_number is not None]
    expected = (301, 3)
    assert expected == (len(demo.cadres), len(new_heads))
    assert all(c.id_number and c.id_number.startswith("54") for c in with_id)
    assert len(with_id) > 50


def test_demo_ranks_follow_categories(demo: Plan) -> None:
    """Village cadres are unranked and county leaders rank as county-level leaders."""
    ranks = collections.defaultdict(set)
    for cadre in demo.cadres:
        ranks[cadre.category].add(cadre.rank)
    county_leaders = [
        c for c in demo.cadres if c.category == "leading_body_member" and c.rank == "county"
    ]
    assert {"unranked"} == ranks["village_cadre"]
    assert {"township"} == ranks["township_head"]
    assert all(
        "leader" in c.tags and demo.unit(c.unit).kind is UnitKind.COUNTY for c in county_leaders
    )


def test_demo_history_spans_2020_to_2023(demo: Plan) -> None:
    """Two cadres in three have past training, some of it not completed."""
    years = {record.start_on.year for record in demo.history}
    trained = {record.cadre for record in demo.history}
    incomplete = [record for record in demo.history if not record.is_completed]
    assert {2020, 2021, 2022, 2023} == years
    assert len(trained) > len(demo.cadres) // 2
    assert incomplete


def test_demo_grassroots_action_plan_groups_winter_training_and_induction(demo: Plan) -> None:
    """The grassroots action plan holds the winter, backstop and induction classes."""
    grouped = {p.id for p in demo.programs if p.action_plan == "ap-grassroots"}
    assert {"rd-township-induction", "cg-540102-winter", "tb-540223002"} <= grouped


def test_demo_quotas_and_enrollments(demo: Plan) -> None:
    """The demo has a national dispatch quota, per-prefecture seats and confirmed enrollments."""
    (dispatch,) = demo.dispatch_quotas
    statuses = {e.status for e in demo.enrollments}
    quota_units = {q.unit for q in demo.seat_quotas}
    expected = ((12, "中组部", "national_institution"), {EnrollmentStatus.CONFIRMED})
    assert expected == ((dispatch.seats, dispatch.issuer, dispatch.institution_kind), statuses)
    assert {"540100", "540200", "540400"} == quota_units


def test_demo_backstop_falls_short_in_one_township(demo: Plan) -> None:
    """岗嘎镇's backstop class seats fewer than half of its people, unlike the others."""
    short = []
    for program in demo.programs:
        if program.tier == "township_backstop":
            (township,) = program.audience.units
            seats = sum(s.capacity for s in demo.sessions_of_program(program.id))
            if 2 * seats < len(demo.cadres_in(township)):
                short.append(township)
    expected = ["540223002"]
    assert expected == short


# -- the synthetic generator -------------------------------------------------------------


def test_synthetic_is_deterministic(tmp_path: Path) -> None:
    """The same arguments give equal plans, saved to identical bytes."""
    first = synthetic_region(600, seed=3, with_enrollments=True)
    second = synthetic_region(600, seed=3, with_enrollments=True)
    paths = [cadreplan.save_plan(p, tmp_path / f"{i}.json") for i, p in enumerate((first, second))]
    assert first == second
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_synthetic_seed_changes_the_plan() -> None:
    """Different seeds give different people with the same counts."""
    first, second = synthetic_region(600, seed=1), synthetic_region(600, seed=2)
    assert first != second
    assert len(first.cadres) == len(second.cadres)


def test_synthetic_enrollments_leave_the_rest_unchanged() -> None:
    """Asking for enrollments adds them and changes nothing else."""
    base = synthetic_region(600, seed=4)
    enrolled = synthetic_region(600, seed=4, with_enrollments=True)
    assert not base.enrollments
    assert base == enrolled.evolve(enrollments=())


def test_synthetic_full_shape() -> None:
    """At the default size the units match the source: 7, 74, ~700 and ~5,400."""
    assert RegionShape(7, 74, 700, 5400, 700) == region_shape(140_000)


@pytest.mark.parametrize(
    ("cadres", "expected"),
    [
        (0, RegionShape(1, 1, 1, 1, 1)),
        (2_000, RegionShape(1, 1, 10, 77, 10)),
        (1_000_000, RegionShape(50, 529, 5000, 38571, 5000)),
    ],
)
def test_synthetic_shape_scales(cadres: int, expected: RegionShape) -> None:
    """Unit counts scale with the cadres, with at least one unit per level."""
    assert expected == region_shape(cadres)


def test_synthetic_builds_the_shape_it_announces() -> None:
    """A generated plan has the unit counts ``region_shape`` computes, and exactly its cadres."""
    plan = synthetic_region(20_000, seed=2)
    counts = _unit_counts(plan)
    shape = region_shape(20_000)
    actual = RegionShape(
        counts["prefecture"],
        counts["county"],
        counts["township"],
        counts["village"],
        counts["temple_committee"],
    )
    assert (shape, 20_000) == (actual, len(plan.cadres))


def test_synthetic_mix_follows_the_source(small: Plan) -> None:
    """Village cadres are the majority; temple cadres are ~2.8%; ~30% have history."""
    categories = collections.Counter(cadre.category for cadre in small.cadres)
    trained = len({record.cadre for record in small.history})
    assert categories["village_cadre"] > SMALL // 2 - 100
    assert categories["temple_committee_cadre"] == round(3_900 * SMALL / 140_000)
    assert 0.25 < trained / SMALL < 0.4


def test_synthetic_seats_and_dispatch(small: Plan) -> None:
    """Seats total about 1.1 per cadre; the dispatch quota equals the national-institution seats."""
    seats = sum(session.capacity for session in small.sessions)
    national = sum(
        s.capacity
        for s in small.sessions
        if small.institution(s.institution).kind == "national_institution"
    )
    (dispatch,) = small.dispatch_quotas
    assert 1.0 < seats / SMALL < 1.25
    assert (round(565 * SMALL / 140_000), dispatch.seats) == (dispatch.seats, national)


def test_synthetic_has_a_backstop_class_in_every_township(small: Plan) -> None:
    """Each township runs a backstop program for everyone in it."""
    townships = {u.id for u in small.units if u.kind is UnitKind.TOWNSHIP}
    backstops = {
        unit
        for program in small.programs
        if program.tier == "township_backstop"
        for unit in program.audience.units
    }
    assert townships == backstops


def test_synthetic_enrollments_give_everyone_one_or_two_seats(small: Plan) -> None:
    """With enrollments, every cadre holds one or two planned seats, some of them two."""
    per_cadre = collections.Counter(e.cadre for e in small.enrollments)
    statuses = {e.status for e in small.enrollments}
    assert ({1, 2}, SMALL) == (set(per_cadre.values()), len(per_cadre))
    assert {EnrollmentStatus.PLANNED} == statuses


def test_synthetic_tiny_sizes() -> None:
    """Even zero or one cadre gives a valid plan with one unit per level."""
    plans = [synthetic_region(n, seed=0, with_enrollments=True) for n in (0, 1)]
    expected = [0, 1]
    assert expected == [len(p.cadres) for p in plans]
    assert all(p == cadreplan.structure_plan(cadreplan.unstructure_plan(p)) for p in plans)


def test_synthetic_year_sets_the_period() -> None:
    """The plan year gives the period and anchors the yearly requirements."""
    plan = synthetic_region(300, year=2030)
    winter = plan.requirement("village_winter_training_1y")
    expected = (dt.date(2030, 1, 1), dt.date(2030, 12, 31), dt.date(2030, 1, 1))
    assert expected == (plan.period.start_on, plan.period.end_on, winter.anchor_on)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"cadres": -1}, ValueError, "'cadres' must be >= 0 (got -1)"),
        ({"cadres": True}, TypeError, "'cadres' must be an integer (got bool True)"),
        ({"cadres": 10.0}, TypeError, "'cadres' must be an integer (got float 10.0)"),
        ({"seed": "1"}, TypeError, "'seed' must be an integer (got str '1')"),
        ({"year": 1800}, ValueError, "'year' must be between 1900 and 9999 (got 1800)"),
        ({"with_enrollments": 1}, TypeError, "'with_enrollments' must be true or false (got 1)"),
    ],
)
def test_synthetic_rejects_bad_arguments(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    """Arguments of the wrong type or out of range raise with a message naming them."""
    with pytest.raises(error) as caught:
        synthetic_region(**kwargs)  # type: ignore[arg-type]
    assert message == str(caught.value)
