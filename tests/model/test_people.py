"""Cadres, their resident id numbers and their training history."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import Cadre, TrainingRecord
from cadreplan.model import id_number_check_digit, mask_id_number
from tests.strategies import id_numbers


def _cadre(**changes: object) -> Cadre:
    fields: dict[str, object] = {
        "id": "c1",
        "name": "次仁",
        "unit": "CG",
        "category": "village_cadre",
        "rank": "unranked",
        **changes,
    }
    return Cadre(**fields)  # type: ignore[arg-type]


# -- id numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("11010519491231002", "X"),  # the example of GB 11643-1999
        ("54010219850615001", "5"),
        ("54010219800101002", "5"),
        ("44030019900307123", "4"),
    ],
)
def test_id_number_check_digit(first17: str, expected: str) -> None:
    """The check character follows ISO 7064 MOD 11-2 as GB 11643 specifies."""
    assert expected == id_number_check_digit(first17)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11010519491231002X", "110*************2X"),
        ("123456", "123*56"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_mask_id_number(value: str, expected: str) -> None:
    """All but the first three and last two characters are hidden; short values entirely."""
    assert expected == mask_id_number(value)


def test_valid_id_numbers_accepted() -> None:
    """A correct id number, with a digit or ``X`` as check character, is kept."""
    expected = ("11010519491231002X", "540102198506150015")

    assert expected == (
        _cadre(id_number="11010519491231002X").id_number,
        _cadre(id_number="540102198506150015").id_number,
    )


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (
            "110105194912310021",
            ValueError,
            "'id_number' has a wrong check character (110*************21)",
        ),
        (
            "11010519491231002x",
            ValueError,
            "'id_number' must be 17 digits and a digit or X (110*************2x)",
        ),
        ("1101051949", ValueError, "'id_number' must be 17 digits and a digit or X (110*****49)"),
        (
            "11010519491231002XX",
            ValueError,
            "'id_number' must be 17 digits and a digit or X (110**************XX)",
        ),
        (
            "1101051949123100AX",
            ValueError,
            "'id_number' must be 17 digits and a digit or X (110*************AX)",
        ),
        (110105194912310021, TypeError, "'id_number' must be a string (got int)"),
    ],
    ids=["check-character", "lower-case-x", "short", "long", "letter", "int"],
)
def test_invalid_id_numbers_rejected(value: object, error: type[Exception], message: str) -> None:
    """A wrong id number is rejected with a message that never shows it in full."""
    with pytest.raises(error) as raised:
        _cadre(id_number=value)

    assert message == str(raised.value)
    assert str(value) not in str(raised.value)


@given(id_numbers())
def test_generated_id_numbers_are_valid(value: str) -> None:
    """Every id number the strategy makes is accepted."""
    assert value == _cadre(id_number=value).id_number


@given(id_numbers(), st.sampled_from("0123456789X"))
def test_any_other_check_character_is_rejected(value: str, check: str) -> None:
    """Changing the check character of a valid id number makes it invalid."""
    if check == value[-1]:
        return
    with pytest.raises(ValueError, match="wrong check character"):
        _cadre(id_number=value[:17] + check)


def test_repr_masks_id_number() -> None:
    """The repr of a cadre shows the id number masked."""
    text = repr(_cadre(id_number="11010519491231002X"))

    assert "id_number='110*************2X'" in text
    assert "11010519491231002X" not in text
    assert "id_number=None" in repr(_cadre())


# -- Cadre --------------------------------------------------------------------------------


def test_cadre_defaults() -> None:
    """Optional facts about a cadre are unknown by default."""
    cadre = _cadre()
    expected = (None, None, None, frozenset(), None)

    assert expected == (
        cadre.appointed_on,
        cadre.born_on,
        cadre.potential,
        cadre.tags,
        cadre.id_number,
    )


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"id": None}, TypeError, "'id' must be a string id (got None)"),
        ({"unit": " CG"}, ValueError, "'unit' must be a non-empty id"),
        ({"name": 3}, TypeError, "'name' must be a string (got 3)"),
        ({"category": ""}, ValueError, "'category' must be a non-empty id"),
        ({"rank": 1}, TypeError, "'rank' must be a string id (got 1)"),
        ({"potential": 0}, ValueError, "'potential' must be >= 1 (got 0)"),
        ({"potential": 6}, ValueError, "'potential' must be <= 5 (got 6)"),
        ({"potential": True}, TypeError, "'potential' must be an integer (got True)"),
        ({"potential": 4.0}, TypeError, "'potential' must be an integer (got 4.0)"),
        (
            {"born_on": dt.datetime(1980, 1, 1, tzinfo=dt.UTC)},
            TypeError,
            "'born_on' must be a date (got datetime.datetime(1980, 1, 1, 0, 0, tzinfo=datetime",
        ),
        ({"appointed_on": "2023-07-01"}, TypeError, "'appointed_on' must be a date (got '2023"),
        ({"tags": "leader"}, TypeError, "not the string 'leader'"),
    ],
    ids=lambda value: "-".join(map(str, value)) if isinstance(value, dict) else "",
)
def test_cadre_rejects(changes: dict[str, object], error: type[Exception], message: str) -> None:
    """Each field of a cadre is checked, with a message naming the field and the value."""
    with pytest.raises(error) as raised:
        _cadre(**changes)

    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("born_on", "day", "expected"),
    [
        (dt.date(1985, 6, 15), dt.date(2024, 6, 14), 38),
        (dt.date(1985, 6, 15), dt.date(2024, 6, 15), 39),
        (dt.date(1985, 6, 15), dt.date(2024, 6, 16), 39),
        (dt.date(1985, 6, 15), dt.date(2024, 1, 1), 38),
        (dt.date(1985, 6, 15), dt.date(2024, 12, 31), 39),
        (dt.date(1980, 2, 29), dt.date(2024, 2, 28), 43),
        (dt.date(1980, 2, 29), dt.date(2024, 2, 29), 44),
        (dt.date(1980, 2, 29), dt.date(2023, 2, 28), 42),
        (dt.date(1980, 2, 29), dt.date(2023, 3, 1), 43),
        (dt.date(2000, 1, 1), dt.date(2000, 1, 1), 0),
    ],
)
def test_age_on(born_on: dt.date, day: dt.date, expected: int) -> None:
    """Age counts whole years: it goes up on the birthday (1 March for 29 February)."""
    assert expected == _cadre(born_on=born_on).age_on(day)


def test_age_unknown_without_birth_date() -> None:
    """Without a birth date the age is unknown."""
    assert _cadre().age_on(dt.date(2024, 1, 1)) is None


@given(st.dates(dt.date(1930, 1, 1), dt.date(2020, 12, 31)), st.integers(0, 36500))
def test_age_agrees_with_anniversaries(born_on: dt.date, days_later: int) -> None:
    """The age on a day is the number of birthdays passed (leap-day birthdays on 1 March)."""
    day = born_on + dt.timedelta(days=days_later)
    birthdays = 0
    for year in range(born_on.year + 1, day.year + 1):
        try:
            birthday = born_on.replace(year=year)
        except ValueError:
            birthday = dt.date(year, 3, 1)
        birthdays += birthday <= day

    assert birthdays == _cadre(born_on=born_on).age_on(day)


# -- TrainingRecord ------------------------------------------------------------------------


def test_training_record_days_and_defaults() -> None:
    """A record counts both end days, is complete and untagged by default."""
    record = TrainingRecord(
        cadre="c1", start_on=dt.date(2024, 3, 4), end_on=dt.date(2024, 3, 15), hours=80
    )
    expected = (12, True, None, None, frozenset(), None)

    assert expected == (
        record.days,
        record.is_completed,
        record.program,
        record.tier,
        record.themes,
        record.institution_kind,
    )


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        (
            {"end_on": dt.date(2024, 3, 3)},
            ValueError,
            "'end_on' must not be before 'start_on' (2024-03-03 < 2024-03-04)",
        ),
        ({"hours": -1}, ValueError, "'hours' must be >= 0 (got -1)"),
        ({"hours": float("inf")}, ValueError, "'hours' must be finite (got inf)"),
        ({"hours": "8"}, TypeError, "'hours' must be a number (got '8')"),
        ({"hours": False}, TypeError, "'hours' must be a number (got False)"),
        ({"is_completed": 1}, TypeError, "'is_completed' must be true or false (got 1)"),
        ({"tier": ""}, ValueError, "'tier' must be a non-empty id"),
        ({"themes": "party_theory"}, TypeError, "not the string 'party_theory'"),
    ],
    ids=lambda value: "-".join(map(str, value)) if isinstance(value, dict) else "",
)
def test_training_record_rejects(
    changes: dict[str, object], error: type[Exception], message: str
) -> None:
    """Each field of a training record is checked, and it cannot end before it starts."""
    fields: dict[str, object] = {
        "cadre": "c1",
        "start_on": dt.date(2024, 3, 4),
        "end_on": dt.date(2024, 3, 15),
        "hours": 80,
        **changes,
    }

    with pytest.raises(error) as raised:
        TrainingRecord(**fields)  # type: ignore[arg-type]

    assert message in str(raised.value)


def test_one_day_training() -> None:
    """A training that starts and ends on one day lasts one day."""
    day = dt.date(2024, 3, 4)
    expected = 1

    assert expected == TrainingRecord(cadre="c1", start_on=day, end_on=day, hours=0).days
