"""Training requirements and the default catalogue from the national regulation."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given

from cadreplan import Audience, CycleBasis, Requirement, default_requirements
from tests.strategies import requirements


def _requirement(**changes: object) -> Requirement:
    fields: dict[str, object] = {
        "id": "r",
        "title": "t",
        "audience": Audience(),
        "cycle": relativedelta(years=1),
        "hours": 90,
        **changes,
    }
    return Requirement(**fields)  # type: ignore[arg-type]


def test_requirement_defaults() -> None:
    """A requirement counts any training on a rolling window, without grace or filters."""
    requirement = _requirement()
    expected = (CycleBasis.ROLLING, None, None, frozenset(), frozenset(), frozenset(), "")

    assert expected == (
        requirement.basis,
        requirement.anchor_on,
        requirement.grace,
        requirement.tiers,
        requirement.themes,
        requirement.programs,
        requirement.reference,
    )


_JANUARY = dt.date(2024, 1, 1)


@pytest.mark.parametrize(
    "amount", [{"hours": 90}, {"days": 12}, {"sessions": 1}, {"hours": 550, "days": 90}]
)
def test_any_amount_is_enough(amount: dict[str, object]) -> None:
    """One amount of hours, days or sessions suffices; several may be set."""
    fields = {"hours": None, **amount}

    requirement = _requirement(**fields)

    assert amount == {name: getattr(requirement, name) for name in amount}


def test_an_amount_is_required() -> None:
    """A requirement with no amount at all is rejected."""
    with pytest.raises(
        ValueError, match=r"^at least one of 'hours', 'days' and 'sessions' must be set$"
    ):
        _requirement(hours=None)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"hours": 0}, ValueError, "'hours' must be > 0 (got 0)"),
        ({"hours": -1.5}, ValueError, "'hours' must be > 0 (got -1.5)"),
        ({"days": 0}, ValueError, "'days' must be >= 1 (got 0)"),
        ({"sessions": 0}, ValueError, "'sessions' must be >= 1 (got 0)"),
        ({"days": 1.5}, TypeError, "'days' must be an integer (got 1.5)"),
        ({"audience": None}, TypeError, "'audience' must be an Audience (got None)"),
        ({"basis": "fixd"}, ValueError, "(got 'fixd'); did you mean 'fixed'?"),
        ({"tiers": "county_general"}, TypeError, "not the string 'county_general'"),
        ({"reference": None}, TypeError, "'reference' must be a string (got None)"),
    ],
    ids=[
        "hours-zero",
        "hours-negative",
        "days-zero",
        "sessions-zero",
        "days-float",
        "audience-none",
        "basis-unknown",
        "tiers-string",
        "reference-none",
    ],
)
def test_requirement_rejects(
    changes: dict[str, object], error: type[Exception], message: str
) -> None:
    """Amounts must be positive, and each field of the right type."""
    with pytest.raises(error) as raised:
        _requirement(**changes)

    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("P1Y", TypeError, "'cycle' must be a relativedelta (got 'P1Y')"),
        (
            dt.timedelta(days=365),
            TypeError,
            "'cycle' must be a relativedelta (got datetime.timedelta",
        ),
        (relativedelta(), ValueError, "'cycle' must be a positive duration (got relativedelta())"),
        (
            relativedelta(years=-1),
            ValueError,
            "'cycle' must be a positive duration (got relativedelta(years=-1))",
        ),
        (
            relativedelta(years=1, days=-1),
            ValueError,
            "'cycle' must be a positive duration (got relativedelta(years=+1, days=-1))",
        ),
        (
            relativedelta(hours=12),
            ValueError,
            "'cycle' must use only years, months, weeks and days (got relativedelta(hours=+12))",
        ),
        (
            relativedelta(days=1.5),
            ValueError,
            "'cycle' must ",  # the wording is free, but half days are no whole-day duration
        ),
        (
            relativedelta(month=1),
            ValueError,
            "'cycle' must use only years, months, weeks and days (got relativedelta(month=1))",
        ),
        (
            relativedelta(years=1, weekday=0),
            ValueError,
            "'cycle' must use only years, months, weeks and days (got relativedelta(years=+1",
        ),
    ],
    ids=[
        "string",
        "timedelta",
        "zero",
        "negative",
        "partly-negative",
        "hours",
        "fractional-days",
        "absolute-month",
        "weekday",
    ],
)
def test_cycle_rejects(value: object, error: type[Exception], message: str) -> None:
    """A cycle is a positive relativedelta in whole years, months, weeks and days."""
    with pytest.raises(error) as raised:
        _requirement(cycle=value)

    assert str(raised.value).startswith(message)


def test_grace_is_checked_like_a_cycle() -> None:
    """A grace period, when set, must be a positive duration too."""
    with pytest.raises(ValueError, match=r"^'grace' must be a positive duration"):
        _requirement(grace=relativedelta())


def test_weeks_are_days() -> None:
    """A cycle of two weeks is a cycle of fourteen days."""
    expected = relativedelta(days=14)

    assert expected == _requirement(cycle=relativedelta(weeks=2)).cycle


@pytest.mark.parametrize(
    ("basis", "anchor_on", "valid"),
    [
        (CycleBasis.FIXED, dt.date(2024, 1, 1), True),
        (CycleBasis.FIXED, None, False),
        (CycleBasis.ROLLING, None, True),
        (CycleBasis.ROLLING, dt.date(2024, 1, 1), False),
        (CycleBasis.APPOINTMENT, None, True),
        (CycleBasis.APPOINTMENT, dt.date(2024, 1, 1), False),
    ],
)
def test_anchor_exactly_when_fixed(
    basis: CycleBasis, anchor_on: dt.date | None, *, valid: bool
) -> None:
    """``anchor_on`` is set when the basis is fixed and only then."""
    if valid:
        assert anchor_on == _requirement(basis=basis, anchor_on=anchor_on).anchor_on
    else:
        with pytest.raises(
            ValueError, match=r"^'anchor_on' must be set exactly when 'basis' is 'fixed'$"
        ):
            _requirement(basis=basis, anchor_on=anchor_on)


@given(requirements())
def test_generated_requirements_are_consistent(requirement: Requirement) -> None:
    """Generated requirements have an amount and an anchor exactly when fixed."""
    assert (requirement.hours, requirement.days, requirement.sessions) != (None, None, None)
    assert (requirement.basis is CycleBasis.FIXED) == (requirement.anchor_on is not None)


# -- the default catalogue -------------------------------------------------------------------


def test_default_requirements_ids() -> None:
    """The catalogue has one requirement for leaders at county level and up, one for the rest."""
    expected = ["county_leaders_5y", "township_and_below_1y"]

    assert expected == [requirement.id for requirement in default_requirements(anchor_on=_JANUARY)]


def test_default_requirement_for_county_leaders() -> None:
    """County-level leaders and up: 550 hours or 90 days every 5 years, rolling, 1 year grace."""
    leaders = default_requirements(anchor_on=_JANUARY)[0]
    expected = {
        "hours": 550,
        "days": 90,
        "sessions": None,
        "cycle": relativedelta(years=5),
        "basis": CycleBasis.ROLLING,
        "anchor_on": None,
        "grace": relativedelta(years=1),
        "audience": Audience(ranks={"county", "prefecture", "provincial"}, tags={"leader"}),
    }

    assert expected == {name: getattr(leaders, name) for name in expected}
    assert "第十四条" in leaders.reference


def test_default_requirement_for_township_and_below() -> None:
    """Township level and below: 90 hours or 12 days a calendar year, 1 year grace."""
    township = default_requirements(anchor_on=_JANUARY)[1]
    expected = {
        "hours": 90,
        "days": 12,
        "sessions": None,
        "cycle": relativedelta(years=1),
        "basis": CycleBasis.FIXED,
        "anchor_on": dt.date(2024, 1, 1),
        "grace": relativedelta(years=1),
        "audience": Audience(ranks={"township", "staff"}),
    }

    assert expected == {name: getattr(township, name) for name in expected}


def test_default_requirements_anchor() -> None:
    """The yearly cycles start on the day given."""
    expected = dt.date(2025, 1, 1)

    assert expected == default_requirements(anchor_on=expected)[1].anchor_on


def test_default_requirements_are_fresh_values() -> None:
    """Each call returns equal requirements; changing one copy leaves the catalogue alone."""
    first = default_requirements(anchor_on=_JANUARY)
    changed = attrs.evolve(first[0], hours=600)

    assert first == default_requirements(anchor_on=_JANUARY)
    assert 550 == default_requirements(anchor_on=_JANUARY)[0].hours != changed.hours


def test_default_requirements_have_no_hidden_day() -> None:
    """The yearly cycles start on the day given: there is no default plan year."""
    with pytest.raises(TypeError):
        default_requirements()  # type: ignore[call-arg]
    assert dt.date(2031, 1, 1) == default_requirements(anchor_on=dt.date(2031, 1, 1))[1].anchor_on
