"""The positional constructors that skip attrs' ``__init__`` build what it builds.

Coverage entries, trainings, findings and placements are made by the hundred
thousand from values checked already, so they set their slots directly
(`cadreplan._support.checks.slot_setters`). Each must take every field, in field
order, and build an object equal to the one the class itself builds.
"""

from __future__ import annotations

import inspect
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import CoverageEntry, Enrollment, EnrollmentStatus, Finding, Severity, Training
from cadreplan.allocation._seating import planned_enrollment
from cadreplan.ledger._coverage import _new_entry
from cadreplan.ledger._predicates import _new_training
from cadreplan.rules._findings import _new_finding

_IDS = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


def _field_names(kind: type[Any]) -> list[str]:
    return [field.name for field in attrs.fields(kind)]


@pytest.mark.parametrize(
    ("kind", "make"),
    [(CoverageEntry, _new_entry), (Training, _new_training)],
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


@given(
    code=st.from_regex(r"[A-Z]{1,3}[0-9]{1,4}", fullmatch=True),
    severity=st.sampled_from(Severity),
    message=st.text(min_size=1),
    path=st.text(min_size=1),
    subjects=st.lists(_IDS, max_size=3).map(tuple),
    message_zh=st.none() | st.text(min_size=1),
)
def test_the_fast_finding_constructor_equals_the_attrs_one(**fields: object) -> None:
    """``_new_finding`` takes every field, in field order, and builds an equal finding."""
    names = _field_names(Finding)
    assert names == list(inspect.signature(_new_finding).parameters)
    made = _new_finding(*(fields[name] for name in names))  # type: ignore[arg-type]
    assert (type(made), made) == (Finding, Finding(**fields))  # type: ignore[arg-type]


@given(_IDS, st.from_regex(r"[a-z]{1,5}", fullmatch=True))
def test_placements_are_plain_planned_enrollments(cadre: str, session: str) -> None:
    """``planned_enrollment`` builds what ``Enrollment(cadre=..., session=...)`` builds."""
    made = planned_enrollment(cadre, session)
    expected = Enrollment(cadre=cadre, session=session)
    assert (type(made), made) == (Enrollment, expected)
    assert [getattr(made, name) for name in _field_names(Enrollment)] == [
        cadre,
        session,
        EnrollmentStatus.PLANNED,
        None,
    ]
