"""The ledger's fast path builds what the plain attrs constructors build.

Coverage entries and trainings are made by the hundred thousand from values
checked already, so `cadreplan.ledger._fastpath` sets their slots directly.
Each constructor must take every field, in field order, and store the very
values the class itself would.
"""

from __future__ import annotations

import inspect
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import CoverageEntry, Training
from cadreplan.ledger._fastpath import new_entry, new_training


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
    """Every field, in field order; the stored objects are the ones given.

    Identity, not equality: generated NaN hours equal nothing, themselves included.
    """
    instance = data.draw(st.builds(attrs.resolve_types(kind)))
    names = _field_names(kind)
    assert names == list(inspect.signature(make).parameters)
    made = make(*attrs.astuple(instance, recurse=False))
    assert type(made) is kind
    assert all(getattr(made, name) is getattr(instance, name) for name in names)
