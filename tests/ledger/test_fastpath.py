"""The ledger's fast path builds what the plain attrs constructors build.

Coverage entries and trainings are made by the hundred thousand from values
checked already, so `cadreplan.ledger._fastpath` sets their slots directly.
Each constructor must take every field, in field order, and store the very
values the class itself would.
"""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import CoverageEntry, Training
from cadreplan.ledger._fastpath import new_entry, new_training

_IDS = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
_DAYS = st.dates(dt.date(1800, 1, 1), dt.date(2999, 12, 31))
_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "str": _IDS,
    "dt.date": _DAYS,
    "float": st.floats(0, 1e6),
    "int": st.integers(0, 10**6),
    "bool": st.booleans(),
    "str | None": st.none() | _IDS,
    "float | None": st.none() | st.floats(0.5, 1e6),
    "int | None": st.none() | st.integers(1, 10**6),
    "frozenset[str]": st.frozensets(_IDS, max_size=3),
}


def _valid(kind: type[Any]) -> st.SearchStrategy[Any]:
    """Draw instances of *kind* whose every field passes its validator (paths are text)."""
    fields = {
        field.name: st.text() if field.name == "path" else _STRATEGIES[str(field.type)]
        for field in attrs.fields(kind)
    }
    return st.builds(kind, **fields)


def _field_names(kind: type[Any]) -> list[str]:
    return [field.name for field in attrs.fields(kind)]


@pytest.mark.parametrize(
    ("kind", "make"),
    [(CoverageEntry, new_entry), (Training, new_training)],
    ids=["entry", "training"],
)
@given(data=st.data())
def test_unchecked_constructors_store_the_very_values_given(
    kind: type[Any], make: Any, data: st.DataObject
) -> None:
    """Every field, in field order; the stored objects are the ones given, and equal."""
    instance = data.draw(_valid(kind))
    names = _field_names(kind)
    assert names == list(inspect.signature(make).parameters)
    made = make(*attrs.astuple(instance, recurse=False))
    assert type(made) is kind
    assert all(getattr(made, name) is getattr(instance, name) for name in names)
    assert made == instance
