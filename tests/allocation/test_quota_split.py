"""``quotas_for`` and ``eligible_headcount``: a session's seats split by eligible headcount.

The plan: region R with prefectures P (counties C1, C2 with townships T1, T2)
and P2 (county C3). Township cadres: three in T1, one in T2, two at county C3
itself, one at the region; two village cadres in T1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cadreplan import (
    ApportionmentError,
    Audience,
    Cadre,
    Institution,
    Period,
    Plan,
    Program,
    SeatQuota,
    Session,
    Unit,
    UnitKind,
    UnknownIdError,
    allocate,
    eligible_headcount,
    quotas_for,
    validate,
)

D = dt.date
UNITS = (
    Unit(id="R", name="Region", kind=UnitKind.REGION),
    Unit(id="P", name="Prefecture", kind=UnitKind.PREFECTURE, parent="R"),
    Unit(id="P2", name="Prefecture 2", kind=UnitKind.PREFECTURE, parent="R"),
    Unit(id="C1", name="County 1", kind=UnitKind.COUNTY, parent="P"),
    Unit(id="C2", name="County 2", kind=UnitKind.COUNTY, parent="P"),
    Unit(id="C3", name="County 3", kind=UnitKind.COUNTY, parent="P2"),
    Unit(id="T1", name="Township 1", kind=UnitKind.TOWNSHIP, parent="C1"),
    Unit(id="T2", name="Township 2", kind=UnitKind.TOWNSHIP, parent="C2"),
)


def cadre(cadre_id: str, unit: str, category: str = "township_cadre", **fields: Any) -> Cadre:
    return Cadre(
        id=cadre_id, name=cadre_id, unit=unit, category=category, rank="township", **fields
    )


def with_session(plan: Plan, *, capacity: int, audience: Audience | None = None) -> Plan:
    """Return *plan* with one program for *audience* (township cadres) and its session "s"."""
    chosen = Audience(categories={"township_cadre"}) if audience is None else audience
    return plan.evolve(
        programs=(
            Program(
                id="p", title="p", tier="county_general", organizer="R", hours=30, audience=chosen
            ),
        ),
        sessions=(
            Session(
                id="s",
                program="p",
                institution="school",
                start_on=D(2024, 6, 3),
                end_on=D(2024, 6, 5),
                capacity=capacity,
            ),
        ),
    )


@pytest.fixture(name="region")
def _region() -> Plan:
    return Plan(
        name="test",
        period=Period(D(2024, 1, 1), D(2024, 12, 31)),
        units=UNITS,
        institutions=(Institution(id="school", name="Party school", kind="party_school"),),
        cadres=(
            cadre("t1_a", "T1"),
            cadre("t1_b", "T1"),
            cadre("t1_c", "T1"),
            cadre("t2_a", "T2"),
            cadre("c3_a", "C3"),
            cadre("c3_b", "C3"),
            cadre("region", "R"),
            cadre("village_a", "T1", category="village_cadre"),
            cadre("village_b", "T1", category="village_cadre"),
            cadre("lost", "no_such_unit"),
        ),
    )


def split(quotas: tuple[SeatQuota, ...]) -> dict[str, int]:
    return {quota.unit: quota.seats for quota in quotas}


# -- eligible headcount ---------------------------------------------------------------------


def test_headcount_per_county(region: Plan) -> None:
    """Eligible cadres count toward their county; cadres above county level and unknown units do not."""  # noqa: E501
    plan = with_session(region, capacity=6)

    assert {"C1": 3, "C2": 1, "C3": 2} == eligible_headcount(plan, "s")


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (UnitKind.REGION, {"R": 7}),
        (UnitKind.PREFECTURE, {"P": 4, "P2": 2}),
        (UnitKind.TOWNSHIP, {"T1": 3, "T2": 1}),
    ],
)
def test_headcount_per_level(region: Plan, level: UnitKind, expected: dict[str, int]) -> None:
    """Each cadre counts toward the nearest unit of the level at or above their own."""
    plan = with_session(region, capacity=6)

    assert expected == eligible_headcount(plan, plan.session("s"), level=level)


def test_headcount_judges_age_on_the_session_start(region: Plan) -> None:
    """A cadre 40 on the session's first day counts for a program for those 40 and over."""
    plan = with_session(region, capacity=2, audience=Audience(min_age=40)).evolve(
        cadres=(
            cadre("turns_40", "T1", born_on=D(1984, 6, 3)),
            cadre("39", "T2", born_on=D(1984, 6, 4)),
        )
    )

    assert {"C1": 1} == eligible_headcount(plan, "s")


def test_headcount_of_an_unknown_session(region: Plan) -> None:
    """An unknown session id raises ``UnknownIdError``."""
    with pytest.raises(UnknownIdError, match="no session with id 'nope'"):
        eligible_headcount(region, "nope")


# -- quotas ---------------------------------------------------------------------------------------


def test_quotas_sum_to_the_capacity(region: Plan) -> None:
    """Six seats go three, one and two to counties of three, one and two eligible cadres."""
    plan = with_session(region, capacity=6)

    quotas = quotas_for(plan, "s")

    assert {"C1": 3, "C2": 1, "C3": 2} == split(quotas)
    assert {"s"} == {quota.session for quota in quotas}
    assert {None} == {quota.program for quota in quotas}


def test_quotas_follow_the_largest_remainders(region: Plan) -> None:
    """Four seats over 3:1:2 are 2, 0.67 and 1.33: C2's remainder wins the fourth seat."""
    plan = with_session(region, capacity=4)

    assert {"C1": 2, "C2": 1, "C3": 1} == split(quotas_for(plan, plan.session("s")))


def test_quotas_by_another_method(region: Plan) -> None:
    """D'Hondt gives the fourth seat to the largest county instead."""
    plan = with_session(region, capacity=4)

    assert {"C1": 3, "C3": 1} == split(quotas_for(plan, "s", method="dhondt"))


def test_units_without_seats_get_no_quota(region: Plan) -> None:
    """With one seat, only the largest county gets a quota."""
    plan = with_session(region, capacity=1)

    assert (SeatQuota(unit="C1", seats=1, session="s"),) == quotas_for(plan, "s")


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (UnitKind.PREFECTURE, {"P": 4, "P2": 2}),
        (UnitKind.TOWNSHIP, {"T1": 5, "T2": 1}),
    ],
)
def test_quotas_per_level(region: Plan, level: UnitKind, expected: dict[str, int]) -> None:
    """Quotas can be split over prefectures or townships instead of counties."""
    plan = with_session(region, capacity=6)

    assert expected == split(quotas_for(plan, "s", level=level))


def test_quotas_with_a_minimum_per_unit(region: Plan) -> None:
    """With at least one seat each, every county gets one of three seats."""
    plan = with_session(region, capacity=3)

    assert {"C1": 1, "C2": 1, "C3": 1} == split(quotas_for(plan, "s", min_seats=1))


def test_quotas_with_a_maximum_per_unit(region: Plan) -> None:
    """With C1 capped at two seats, the others share the rest."""
    plan = with_session(region, capacity=6)

    assert {"C1": 2, "C2": 1, "C3": 3} == split(quotas_for(plan, "s", max_seats={"C1": 2}))


def test_quotas_carry_the_release_date(region: Plan) -> None:
    """``reserved_until`` is set on every quota."""
    plan = with_session(region, capacity=6)

    quotas = quotas_for(plan, "s", reserved_until=D(2024, 5, 1))

    assert {D(2024, 5, 1)} == {quota.reserved_until for quota in quotas}


def test_quotas_within_a_unit_scope(region: Plan) -> None:
    """A program scoped to prefecture P splits its seats between P's counties only."""
    plan = with_session(
        region, capacity=4, audience=Audience(categories={"township_cadre"}, units={"P"})
    )

    assert {"C1": 3, "C2": 1} == split(quotas_for(plan, "s"))


def test_empty_scope_cannot_be_apportioned(region: Plan) -> None:
    """A session nobody is eligible for raises ``ApportionmentError``."""
    plan = with_session(
        region, capacity=4, audience=Audience(categories={"temple_committee_cadre"})
    )

    with pytest.raises(ApportionmentError, match="weights is empty"):
        quotas_for(plan, "s")


def test_bounds_that_cannot_be_met(region: Plan) -> None:
    """Minimums above the capacity raise ``ApportionmentError``."""
    plan = with_session(region, capacity=2)

    with pytest.raises(ApportionmentError):
        quotas_for(plan, "s", min_seats=1)


def test_quotas_of_an_unknown_session(region: Plan) -> None:
    """An unknown session id raises ``UnknownIdError``."""
    with pytest.raises(UnknownIdError):
        quotas_for(region, "nope")


def test_allocation_honours_the_quotas(region: Plan) -> None:
    """Added to the plan, the quotas hold through allocation and validation."""
    plan = with_session(region, capacity=4).evolve(
        cadres=region.cadres[:-1],
        requirements=(),
    )
    plan = plan.evolve(seat_quotas=quotas_for(plan, "s"))

    result = allocate(plan, seed=2)

    assert {"C1": 2, "C2": 1, "C3": 1} == result.fill_by_unit()
    assert validate(result.plan).ok
