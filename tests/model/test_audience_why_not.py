"""``Audience.why_not``: the condition of an audience a cadre fails, named.

It answers ``None`` exactly when ``matches`` holds, and otherwise names the
first failing condition in the order of the audience's fields, with what
the condition asks and what the cadre has.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import Audience, Cadre, FieldTypeError, FieldValueError, Unit, UnitKind, UnitTree
from cadreplan.model._audience import AudienceMismatch
from tests.strategies import audiences, cadres

D = dt.date
UNITS = UnitTree(
    [
        Unit(id="R", name="Region", kind=UnitKind.REGION),
        Unit(id="C1", name="County 1", kind=UnitKind.COUNTY, parent="R"),
        Unit(id="C2", name="County 2", kind=UnitKind.COUNTY, parent="R"),
        Unit(id="T1", name="Township 1", kind=UnitKind.TOWNSHIP, parent="C1"),
    ]
)
KNOWN_UNITS = ("R", "C1", "C2", "T1", "elsewhere")
CATEGORIES = ("township_cadre", "village_cadre")
RANKS = ("township", "county")
FIELDS = ("categories", "ranks", "units", "tags", "min_age", "max_age", "min_potential")


def cadre(**fields: Any) -> Cadre:
    fields.setdefault("unit", "T1")
    fields.setdefault("category", "township_cadre")
    fields.setdefault("rank", "township")
    return Cadre(id="c1", name="Dawa", **fields)


@given(
    audience=audiences(categories=CATEGORIES, ranks=RANKS, unit_ids=KNOWN_UNITS),
    person=cadres(unit_ids=KNOWN_UNITS, categories=CATEGORIES, ranks=RANKS),
    on=st.dates(D(1990, 1, 1), D(2060, 12, 31)),
)
def test_why_not_is_none_exactly_when_the_audience_matches(
    audience: Audience, person: Cadre, on: dt.date
) -> None:
    """No mismatch means a match; a mismatch names a condition that fails alone, the first one."""
    mismatch = audience.why_not(person, units=UNITS, on=on)

    assert (mismatch is None) == audience.matches(person, units=UNITS, on=on)
    if mismatch is not None:
        alone = Audience(**{mismatch.condition: getattr(audience, mismatch.condition)})
        assert not alone.matches(person, units=UNITS, on=on)
        for earlier in FIELDS[: FIELDS.index(mismatch.condition)]:
            before = Audience(**{earlier: getattr(audience, earlier)})
            assert before.matches(person, units=UNITS, on=on)


@pytest.mark.parametrize(
    ("audience", "person", "expected", "words"),
    [
        (
            Audience(categories={"village_cadre", "young_cadre"}),
            cadre(),
            AudienceMismatch(
                condition="categories",
                wanted=("village_cadre", "young_cadre"),
                found="township_cadre",
            ),
            "category 'township_cadre' is not one of 'village_cadre', 'young_cadre'",
        ),
        (
            Audience(ranks={"county"}),
            cadre(),
            AudienceMismatch(condition="ranks", wanted=("county",), found="township"),
            "rank 'township' is not one of 'county'",
        ),
        (
            Audience(units={"C2"}),
            cadre(),
            AudienceMismatch(condition="units", wanted=("C2",), found="T1"),
            "unit 'T1' is not within 'C2'",
        ),
        (
            Audience(tags={"leader", "reserve"}),
            cadre(tags={"reserve"}),
            AudienceMismatch(condition="tags", wanted=("leader",)),
            "lacks the tag 'leader'",
        ),
        (
            Audience(min_age=30),
            cadre(born_on=D(2000, 6, 1)),
            AudienceMismatch(condition="min_age", bound=30, found=23),
            "aged 23, younger than 30",
        ),
        (
            Audience(max_age=45),
            cadre(born_on=D(1970, 6, 1)),
            AudienceMismatch(condition="max_age", bound=45, found=53),
            "aged 53, older than 45",
        ),
        (
            Audience(max_age=45),
            cadre(),
            AudienceMismatch(condition="max_age", bound=45),
            "has no birth date (the audience has an age bound)",
        ),
        (
            Audience(min_potential=4),
            cadre(potential=2),
            AudienceMismatch(condition="min_potential", bound=4, found=2),
            "potential 2 is below 4",
        ),
        (
            Audience(min_potential=4),
            cadre(),
            AudienceMismatch(condition="min_potential", bound=4),
            "has no potential rating (at least 4 asked)",
        ),
    ],
    ids=["category", "rank", "unit", "tags", "young", "old", "no-birth", "potential", "no-rating"],
)
def test_each_condition_is_named_and_worded(
    audience: Audience, person: Cadre, expected: AudienceMismatch, words: str
) -> None:
    """Each failing condition is named by the record, with what it asks and what was found."""
    mismatch = audience.why_not(person, units=UNITS, on=D(2024, 3, 1))

    assert expected == mismatch
    assert words == str(mismatch)


def test_the_first_condition_in_field_order_is_named() -> None:
    """Failing category and age, a cadre is told of the category."""
    audience = Audience(categories={"village_cadre"}, max_age=30)

    mismatch = audience.why_not(cadre(born_on=D(1970, 1, 1)), units=UNITS, on=D(2024, 3, 1))

    assert mismatch is not None
    assert "categories" == mismatch.condition


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"condition": "category"}, FieldValueError, "condition"),
        ({"condition": "ranks", "wanted": "county"}, FieldTypeError, "wanted"),
        ({"condition": "min_age", "bound": -1}, FieldValueError, "bound"),
        ({"condition": "min_age", "found": 3.5}, FieldTypeError, "found"),
        ({"condition": "min_age", "found": True}, FieldTypeError, "found"),
    ],
)
def test_a_mismatch_checks_its_fields(
    fields: dict[str, Any], error: type[Exception], field: str
) -> None:
    """The record refuses fields of the wrong type or value, naming the field."""
    with pytest.raises(error) as caught:
        AudienceMismatch(**fields)

    assert field == caught.value.field  # type: ignore[attr-defined]
