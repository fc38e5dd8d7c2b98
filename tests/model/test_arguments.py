"""The plan's queries check their arguments as the constructors check fields."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import TYPE_CHECKING, Any

import pytest

from cadreplan import FieldTypeError, Plan, UnknownIdError
from cadreplan.datasets import demo_region

if TYPE_CHECKING:
    from collections.abc import Callable


@pytest.fixture(name="plan", scope="module")
def _plan() -> Plan:
    return demo_region()


DAY = dt.date(2024, 3, 4)

QUERIES: list[tuple[str, Callable[[Plan, Any], object], str]] = [
    ("sessions_on", lambda plan, value: plan.sessions_on(value), "day"),
    ("sessions_overlapping-start", lambda plan, v: plan.sessions_overlapping(v, DAY), "start_on"),
    ("sessions_overlapping-end", lambda plan, v: plan.sessions_overlapping(DAY, v), "end_on"),
    (
        "cadres_matching-on",
        lambda plan, v: plan.cadres_matching(plan.programs[0].audience, on=v),
        "on",
    ),
    ("cadres_matching-audience", lambda plan, v: plan.cadres_matching(v, on=DAY), "audience"),
    (
        "positions_matching-on",
        lambda plan, v: plan.positions_matching(plan.programs[0].audience, on=v),
        "on",
    ),
    ("cadre_position", lambda plan, value: plan.cadre_position(value), "cadre"),
]


@pytest.mark.parametrize(
    ("query", "name"), [(q, n) for _, q, n in QUERIES], ids=[i for i, _, _ in QUERIES]
)
@pytest.mark.parametrize("value", ["2024-03-04", dt.datetime(2024, 3, 4, 9, 0), None], ids=repr)
def test_a_query_names_a_wrong_argument(
    plan: Plan, query: Callable[[Plan, Any], object], name: str, value: object
) -> None:
    """A string, a datetime or None where a date or an object goes is a FieldTypeError naming it."""
    with pytest.raises(FieldTypeError) as raised:
        query(plan, value)

    assert raised.value.field == name
    assert str(raised.value).startswith(f"'{name}' must be ")
    assert repr(value) in str(raised.value)


@pytest.mark.parametrize(
    ("look_up", "expected"),
    [
        (lambda plan: plan.cadre("c00001"), "no cadre with id 'c00001'; did you mean 'c0001'?"),
        (lambda plan: plan.unit("54010"), "no unit with id '54010'; did you mean '540100'?"),
        (
            lambda plan: plan.tiers["county_generl"],
            "no tier with id 'county_generl'; did you mean 'county_general'?",
        ),
        (lambda plan: plan.ranks["countyy"], "no term with id 'countyy'; did you mean 'county'?"),
        (lambda plan: plan.cadre("zzzzzz"), "no cadre with id 'zzzzzz'"),
    ],
    ids=["cadre", "unit", "tier", "rank", "nothing-close"],
)
def test_an_unknown_id_suggests_the_closest(
    plan: Plan, look_up: Callable[[Plan], object], expected: str
) -> None:
    """A look-up that finds nothing names the closest id there is, if one is close."""
    with pytest.raises(UnknownIdError) as raised:
        look_up(plan)

    assert expected == str(raised.value)


def test_an_unknown_id_error_pickles_with_its_hint(plan: Plan) -> None:
    """A pickled UnknownIdError (sent to another process) keeps its kind, id and message."""
    with pytest.raises(UnknownIdError) as raised:
        plan.cadre("c00001")

    copy = pickle.loads(pickle.dumps(raised.value))

    assert (copy.kind, copy.id, str(copy)) == ("cadre", "c00001", str(raised.value))
    assert isinstance(copy, KeyError)
