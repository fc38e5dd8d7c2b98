"""Audiences: which cadres a program, requirement or post is for."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import Audience, Cadre, Unit, UnitKind, UnitTree
from tests.strategies import audiences, cadres, days

ON = dt.date(2024, 6, 15)


@pytest.fixture(name="units")
def _units() -> UnitTree:
    return UnitTree(
        [
            Unit(id="XZ", name="西藏自治区", kind=UnitKind.REGION),
            Unit(id="LS", name="拉萨市", kind=UnitKind.PREFECTURE, parent="XZ"),
            Unit(id="CG", name="城关区", kind=UnitKind.COUNTY, parent="LS"),
            Unit(id="RKZ", name="日喀则市", kind=UnitKind.PREFECTURE, parent="XZ"),
        ]
    )


@pytest.fixture(name="cadre")
def _cadre() -> Cadre:
    return Cadre(
        id="c1",
        name="次仁",
        unit="CG",
        category="village_cadre",
        rank="unranked",
        born_on=dt.date(1985, 6, 15),
        potential=4,
        tags={"reserve", "border"},
    )


def test_open_audience_selects_everyone(units: UnitTree, cadre: Cadre) -> None:
    """``Audience()`` sets no criterion and matches any cadre, even one with no facts known."""
    bare = Cadre(id="c2", name="", unit="nowhere", category="x", rank="y")
    expected = (True, True, True)

    assert expected == (
        Audience().is_open,
        Audience().matches(cadre, units=units, on=ON),
        Audience().matches(bare, units=units, on=ON),
    )


@pytest.mark.parametrize(
    "criterion",
    [
        {"categories": {"village_cadre"}},
        {"ranks": {"county"}},
        {"units": {"XZ"}},
        {"tags": {"leader"}},
        {"min_age": 0},
        {"max_age": 150},
        {"min_potential": 1},
    ],
    ids=lambda criterion: next(iter(criterion)),
)
def test_any_criterion_closes_the_audience(criterion: dict[str, object]) -> None:
    """Setting any one criterion makes the audience selective."""
    assert not Audience(**criterion).is_open  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        ({"categories": {"village_cadre", "township_cadre"}}, True),
        ({"categories": {"township_cadre"}}, False),
        ({"ranks": {"unranked"}}, True),
        ({"ranks": {"county", "prefecture"}}, False),
        ({"units": {"XZ"}}, True),
        ({"units": {"CG"}}, True),
        ({"units": {"RKZ", "LS"}}, True),
        ({"units": {"RKZ"}}, False),
        ({"units": {"nowhere"}}, False),
        ({"tags": {"reserve"}}, True),
        ({"tags": {"reserve", "border"}}, True),
        ({"tags": {"reserve", "leader"}}, False),
        ({"min_age": 39}, True),
        ({"min_age": 40}, False),
        ({"max_age": 39}, True),
        ({"max_age": 38}, False),
        ({"min_age": 39, "max_age": 39}, True),
        ({"min_potential": 4}, True),
        ({"min_potential": 5}, False),
        ({"categories": {"village_cadre"}, "units": {"RKZ"}}, False),
        ({"categories": {"village_cadre"}, "units": {"LS"}, "min_potential": 3}, True),
    ],
    ids=lambda value: (
        "-".join(f"{k}={sorted(v) if isinstance(v, set) else v}" for k, v in value.items())
        if isinstance(value, dict)
        else ""
    ),
)
def test_matches_each_criterion(
    units: UnitTree, cadre: Cadre, criterion: dict[str, object], *, expected: bool
) -> None:
    """A cadre matches when every criterion that is set holds (the cadre turns 39 on ``ON``)."""
    audience = Audience(**criterion)  # type: ignore[arg-type]

    assert expected == audience.matches(cadre, units=units, on=ON)


def test_age_is_taken_on_the_reference_day(units: UnitTree, cadre: Cadre) -> None:
    """The age bound is checked on the day given: the day before the birthday the cadre is 38."""
    audience = Audience(min_age=39)
    expected = (False, True)

    assert expected == (
        audience.matches(cadre, units=units, on=ON - dt.timedelta(days=1)),
        audience.matches(cadre, units=units, on=ON),
    )


@pytest.mark.parametrize(
    ("criterion", "unknown"),
    [
        ({"min_age": 0}, {"born_on": None}),
        ({"max_age": 150}, {"born_on": None}),
        ({"min_potential": 1}, {"potential": None}),
    ],
    ids=["min-age", "max-age", "potential"],
)
def test_unknown_is_not_eligible(
    units: UnitTree, cadre: Cadre, criterion: dict[str, object], unknown: dict[str, object]
) -> None:
    """A cadre whose age or potential is unknown fails any bound on it, however loose."""
    audience = Audience(**criterion)  # type: ignore[arg-type]

    assert not audience.matches(attrs.evolve(cadre, **unknown), units=units, on=ON)


@pytest.mark.parametrize(
    ("criterion", "error", "message"),
    [
        (
            {"min_age": 50, "max_age": 40},
            ValueError,
            "'max_age' must be >= 'min_age' (got 40 < 50)",
        ),
        ({"min_age": -1}, ValueError, "'min_age' must be >= 0 (got -1)"),
        ({"max_age": 151}, ValueError, "'max_age' must be <= 150 (got 151)"),
        ({"min_potential": 6}, ValueError, "'min_potential' must be <= 5 (got 6)"),
        ({"min_potential": 0}, ValueError, "'min_potential' must be >= 1 (got 0)"),
        ({"min_age": "30"}, TypeError, "'min_age' must be an integer (got '30')"),
        ({"categories": "village_cadre"}, TypeError, "not the string 'village_cadre'"),
        ({"units": {""}}, ValueError, "'units' must be a non-empty id"),
        ({"ranks": {1}}, TypeError, "'ranks' must be a string id (got 1)"),
    ],
    ids=[
        "ages-inverted",
        "min-age",
        "max-age",
        "potential-high",
        "potential-low",
        "age-string",
        "categories-string",
        "units-empty-id",
        "ranks-int",
    ],
)
def test_audience_rejects(
    criterion: dict[str, object], error: type[Exception], message: str
) -> None:
    """Bounds are checked one by one and the age range must not be inverted."""
    with pytest.raises(error) as raised:
        Audience(**criterion)  # type: ignore[arg-type]

    assert message in str(raised.value)


def test_equal_ages_allowed() -> None:
    """An age range of one year is allowed."""
    audience = Audience(min_age=40, max_age=40)
    expected = (40, 40)

    assert expected == (audience.min_age, audience.max_age)


@given(audiences())
def test_generated_audiences_have_ordered_ages(audience: Audience) -> None:
    """The audience strategy never inverts the age range."""
    if audience.min_age is not None and audience.max_age is not None:
        assert audience.min_age <= audience.max_age


_TREE = UnitTree([Unit(id="XZ", name="西藏自治区", kind=UnitKind.REGION)])


@given(
    audiences(unit_ids=("XZ",)),
    cadres(unit_ids=("XZ",)),
    days(),
)
def test_matches_is_the_ageless_match_and_the_age_check(
    audience: Audience, cadre: Cadre, on: dt.date
) -> None:
    """An audience matches exactly when its criteria but age match and the age fits.

    The cascade relies on this: it finds its candidates once without the age
    bounds and checks age alone on each session's day.
    """
    ageless = attrs.evolve(audience, min_age=None, max_age=None)

    assert audience.matches(cadre, units=_TREE, on=on) == (
        ageless.matches(cadre, units=_TREE, on=on) and audience.fits_age(cadre, on)
    )
    assert audience.has_age_bounds == (audience != ageless)
    assert ageless.fits_age(cadre, on)


@given(audiences(unit_ids=("XZ", "LS")), cadres(unit_ids=("XZ",)), days())
def test_matches_traits_is_matches_without_the_unit_scope(
    audience: Audience, cadre: Cadre, on: dt.date
) -> None:
    """``matches_traits`` judges everything but the unit scope; ``matches`` adds the scope."""
    unscoped = attrs.evolve(audience, units=frozenset())
    in_scope = not audience.units or "XZ" in audience.units

    assert audience.matches_traits(cadre, on) == unscoped.matches(cadre, units=_TREE, on=on)
    assert audience.matches(cadre, units=_TREE, on=on) == (
        audience.matches_traits(cadre, on) and in_scope
    )


def _birthday(born_on: dt.date, year: int) -> dt.date:
    """The birthday in *year*: 1 March in a common year for someone born on 29 February."""
    try:
        return born_on.replace(year=year)
    except ValueError:
        return dt.date(year, 3, 1)


@given(st.integers(0, 150), st.integers(0, 150), days(), days())
def test_fits_age_counts_birthdays(low: int, high: int, first: dt.date, second: dt.date) -> None:
    """The age on a day is the number of birthdays since birth up to that day, inclusive."""
    born_on, on = min(first, second), max(first, second)
    audience = Audience(min_age=min(low, high), max_age=max(low, high))
    cadre = Cadre(id="c", name="", unit="XZ", category="x", rank="y", born_on=born_on)
    birthdays = sum(
        1 for year in range(born_on.year + 1, on.year + 1) if _birthday(born_on, year) <= on
    )

    assert audience.fits_age(cadre, on) == (min(low, high) <= birthdays <= max(low, high))
    assert not audience.fits_age(attrs.evolve(cadre, born_on=None), on)
