"""A plan that loads can be computed with.

Validation, coverage and allocation raise nothing but cadreplan's documented
errors, however close to the ends of the calendar a plan's dates are, however
long its cycles and large its numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import (
    CadreplanError,
    Plan,
    PlanFormatError,
    allocate,
    coverage,
    structure_plan,
    unstructure_plan,
    validate,
)
from cadreplan.io._text import LARGEST_INTEGER
from tests.strategies import EARLIEST_ON, LATEST_ON, plan_settings, plans, sample_plan

if TYPE_CHECKING:
    from collections.abc import Callable

FIRST_DAY = dt.date(1800, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
"""The first and last days a plan may mention."""

LONG_DURATIONS = ["P100Y", "P36600D", "P99Y11M", "P5228W", "P1200M", "P1D", "P1M"]
"""Durations at the longest a plan may state (100 years, at 366 days a year and 31 a month), and
the shortest."""

LARGE_NUMBERS: dict[str, list[object]] = {
    "capacity": [LARGEST_INTEGER, 10**15],
    "seats": [LARGEST_INTEGER, 0],
    "slots": [LARGEST_INTEGER, 0],
    "days": [LARGEST_INTEGER],
    "sessions": [LARGEST_INTEGER],
    "hours": [1.7e308, 1e-300, LARGEST_INTEGER],
}
"""The largest (and some smallest) numbers a plan may hold, by field name."""


def _moved(day: str, how: str) -> str:
    """Return *day* moved to the end or the start of the calendar, keeping spans between days."""
    value = dt.date.fromisoformat(day)
    if how == "end":
        value = LAST_DAY - (LATEST_ON - value)
    elif how == "start":
        value = FIRST_DAY + (value - EARLIEST_ON)
    # Clamping keeps the order of days: an end stays on or after its start.
    return min(max(value, FIRST_DAY), LAST_DAY).isoformat()


def _edge(data: Any, choose: Callable[[list[Any]], Any], how: str) -> Any:
    """Return plain plan *data* with its dates moved to an edge of the calendar, and large values.

    *choose* picks each duration and number among the original (first) and extreme ones.
    """
    if isinstance(data, list):
        return [_edge(item, choose, how) for item in data]
    if not isinstance(data, dict):
        return data
    changed: dict[str, Any] = {}
    for key, value in data.items():
        if key.endswith("_on") and isinstance(value, str):
            changed[key] = _moved(value, how)
        elif key in ("cycle", "grace") and isinstance(value, str):
            changed[key] = choose([value, *LONG_DURATIONS])
        elif (
            key in LARGE_NUMBERS and isinstance(value, int | float) and not isinstance(value, bool)
        ):
            changed[key] = choose([value, *LARGE_NUMBERS[key]])
        else:
            changed[key] = _edge(value, choose, how)
    return changed


@st.composite
def edge_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Draw the plain data of a plan whose days sit at an end of the calendar, with long cycles."""
    plan = draw(plans())
    how = draw(st.sampled_from(["end", "start", "as is"]))
    document = json.loads(json.dumps(unstructure_plan(plan)))
    return _edge(document, lambda options: draw(st.sampled_from(options)), how)  # type: ignore[no-any-return]


def _run_everything(plan: Plan) -> None:
    """Validate, cover and allocate *plan*, failing on anything but a `CadreplanError`."""
    steps = [
        ("validate", lambda: validate(plan)),
        ("coverage", lambda: coverage(plan)),
        ("coverage on the last day", lambda: coverage(plan, on=plan.period.end_on)),
        ("coverage on the calendar's last day", lambda: coverage(plan, on=LAST_DAY)),
        ("coverage on the calendar's first day", lambda: coverage(plan, on=FIRST_DAY)),
        ("allocate on the calendar's last day", lambda: allocate(plan, on=LAST_DAY)),
        ("allocate", lambda: allocate(plan, seed=0)),
        ("allocate with errors", lambda: allocate(plan, seed=0, allow_errors=True)),
    ]
    for name, step in steps:
        try:
            step()
        except CadreplanError:
            pass
        except Exception as error:  # the point: nothing else escapes
            pytest.fail(f"{name} raised {type(error).__name__}: {error}")


@plan_settings()
@given(document=edge_documents())
def test_a_plan_that_loads_can_be_computed_with(document: dict[str, Any]) -> None:
    """Any plan `structure_plan` accepts, days at the calendar's ends, validates and allocates."""
    try:
        plan = structure_plan(document)
    except PlanFormatError:
        return
    _run_everything(plan)


@pytest.mark.parametrize("how", ["end", "start"])
@pytest.mark.parametrize("cycle", ["P100Y", "P36600D", "P1D", "P1M"])
@pytest.mark.parametrize("basis", ["rolling", "fixed", "appointment"])
def test_longest_cycles_at_the_ends_of_the_calendar(how: str, cycle: str, basis: str) -> None:
    """The sample plan moved to 2999 or 1800, every requirement of the longest or shortest cycle."""
    document = json.loads(json.dumps(unstructure_plan(sample_plan())))
    for requirement in document["requirements"]:
        requirement.update(basis=basis, cycle=cycle, grace=cycle)
        requirement.pop("anchor_on", None)
        if basis == "fixed":
            requirement["anchor_on"] = LAST_DAY.isoformat() if how == "end" else "1800-01-01"
    document = _edge(document, lambda options: options[0], how)

    plan = structure_plan(document)

    _run_everything(plan)


@pytest.mark.parametrize("cycle", ["P101Y", "P1201M", "P99Y11M30D", "P36601D", "P5229W"])
def test_durations_beyond_100_years_are_refused_with_their_path(cycle: str) -> None:
    """A cycle longer than 100 years is refused at load with its path, before any computation."""
    document = json.loads(json.dumps(unstructure_plan(sample_plan())))
    document["requirements"][0]["cycle"] = cycle

    with pytest.raises(PlanFormatError) as raised:
        structure_plan(document)

    assert ["$.requirements[0].cycle"] == [problem.path for problem in raised.value.problems]
