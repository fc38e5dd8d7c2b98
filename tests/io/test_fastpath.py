"""The default converter's fast paths: the same objects and plain data as the detailed hooks."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import math
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import (
    Cadre,
    Enrollment,
    EnrollmentStatus,
    Plan,
    PlanFormatError,
    Session,
    TrainingRecord,
    Unit,
    UnitKind,
    make_converter,
    structure_plan,
)
from cadreplan.io._converter import _structure_date
from cadreplan.io._fastpath import BULK_CLASSES, make_readers
from cadreplan.model import id_number_check_digit
from tests.strategies import (
    cadres,
    enrollments,
    plan_settings,
    plans,
    sample_plan,
    sessions,
    training_records,
    units,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from hypothesis.strategies import DrawFn, SearchStrategy

CONVERTER = make_converter()
"""The detailed hooks: a converter of `make_converter` has no fast path."""

COLLECTIONS = {
    "units": Unit,
    "cadres": Cadre,
    "sessions": Session,
    "enrollments": Enrollment,
    "history": TrainingRecord,
}
"""The plan fields that hold the bulk classes."""


class Text(str):
    """A str subclass: the detailed hooks accept it where a string is due."""

    __slots__ = ()


class Level(enum.IntEnum):
    """An int subclass that cattrs writes by its value."""

    TWO = 2


class Label(enum.StrEnum):
    """A str subclass that cattrs writes by its value."""

    BORDER = "border"


class Day(dt.date):
    """A date subclass: a date, not a datetime."""

    __slots__ = ()


def _typed(value: object) -> object:
    """Return *value* as a tree that compares types as well as values, and key order."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value), tuple(_typed(getattr(value, f.name)) for f in fields if f.eq))
    if isinstance(value, dict):
        return (dict, tuple((_typed(key), _typed(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return (type(value), tuple(_typed(item) for item in value))
    if isinstance(value, frozenset):
        return (frozenset, frozenset(_typed(item) for item in value))
    if isinstance(value, float) and math.isnan(value):
        return (float, "nan")
    return (type(value), value)


def _outcome(build: Callable[[], Any]) -> object:
    """Return what *build* returns as a typed tree, or the problems it raises."""
    try:
        return _typed(build())
    except PlanFormatError as error:
        return [(problem.path, problem.message, problem.code) for problem in error.problems]


def _is_plain(value: object) -> bool:
    """Return whether *value* holds only what JSON and YAML loaders build."""
    if type(value) is dict:
        return all(type(key) is str and _is_plain(item) for key, item in value.items())
    if type(value) is list:
        return all(_is_plain(item) for item in value)
    return type(value) in (str, int, float, bool, type(None), dt.date)


_ODD = [
    None,
    True,
    False,
    0,
    1,
    2,
    -1,
    1.5,
    40.0,
    2**53 - 1,
    2**53,
    -(2**53),
    10**400,
    math.inf,
    math.nan,
    "",
    " a",
    "a ",
    "a",
    "abc",
    "2024-02-29",
    "2023-02-29",
    "2024-1-01",
    "２０２４-01-01",
    "2024-01-01T00:00",
    "20240101",
    "region",
    "village",
    "planned",
    "withdrawn",
    "Planned",
    "54010219800101001X",
    "540102198001010010",
    dt.date(2024, 1, 1),
    dt.datetime(2024, 1, 1),
    [],
    ["a"],
    ["a", "a"],
    ["a", 1],
    ["a", None],
    [" a"],
    [["a"]],
    {},
    {"a": 1},
]
"""Values that JSON or YAML may hold where a field expects something else."""

_EXOTIC = [
    ("a",),
    (),
    frozenset({"a"}),
    Text("a"),
    Text(" a"),
    Text("2024-01-01"),
    Label.BORDER,
    Level.TWO,
    UnitKind.REGION,
    EnrollmentStatus.CONFIRMED,
    Day(2024, 1, 1),
    [Text("a")],
    [Label.BORDER],
]
"""Values only a caller of `structure_plan` passes: subclasses, tuples, sets."""

_VALUES = st.one_of(st.sampled_from(_ODD), st.text(max_size=3), st.integers(), st.floats())


def _field_names(kind: type[Any]) -> list[str]:
    return [field.name for field in attrs.fields(kind)]


def _mutate(draw: DrawFn, document: dict[str, Any], *, exotic: bool) -> None:
    """Break (or just change) one thing in the bulk collections of *document*."""
    values = st.one_of(_VALUES, st.sampled_from(_EXOTIC)) if exotic else _VALUES
    name = draw(st.sampled_from(sorted(COLLECTIONS)))
    items = document[name]
    how = draw(st.sampled_from(["field", "field", "field", "drop", "extra", "item", "list"]))
    if how == "list" or type(items) is not list or not items:
        document[name] = draw(values)
        return
    index = draw(st.integers(0, len(items) - 1))
    item = items[index]
    if how == "item" or type(item) is not dict:
        items[index] = draw(values)
    elif how == "field":
        item[draw(st.sampled_from(_field_names(COLLECTIONS[name])))] = draw(values)
    elif how == "drop":
        item.pop(draw(st.sampled_from(_field_names(COLLECTIONS[name]))), None)
    else:
        item[draw(st.one_of(st.text(max_size=3), st.sampled_from([1, None, True])))] = 0


def _readers() -> dict[type[Any], Callable[[object], tuple[Any, ...]]]:
    return make_readers(lambda value: _structure_date(value, dt.date))


_ID_NUMBER = "54010219800101001" + id_number_check_digit("54010219800101001")

_FAILED = "failed"


def _attempt(read: Callable[[], Any]) -> object:
    """Return what *read* returns as a typed tree, or ``_FAILED`` if it raises anything."""
    try:
        return _typed(read())
    except Exception:
        return _FAILED


_OBJECTS: dict[type[Any], Callable[[], SearchStrategy[Any]]] = {
    Unit: units,
    Cadre: cadres,
    Session: sessions,
    Enrollment: enrollments,
    TrainingRecord: training_records,
}


def _check_reader(kind: type[Any], value: Any, *, context: str = "") -> None:
    """Check that the fast reader of *kind* agrees with the detailed hook on *value*."""
    before = _typed(copy.deepcopy(value))
    detailed = CONVERTER.get_structure_hook(tuple[kind, ...])

    expected = _attempt(lambda: detailed(value, tuple[kind, ...]))
    actual = _attempt(lambda: _readers()[kind](value))

    if actual != _FAILED or _is_plain(value):
        assert expected == actual, context
    assert before == _typed(value), context


def _plain_objects(data: st.DataObject, kind: type[Any]) -> Any:
    objects = data.draw(st.lists(_OBJECTS[kind](), min_size=1, max_size=3))
    return CONVERTER.unstructure(objects, tuple[kind, ...])


@pytest.mark.parametrize("kind", BULK_CLASSES, ids=lambda kind: kind.__name__)
@given(data=st.data())
def test_fast_reader_reads_each_field_as_the_detailed_hook_does(
    kind: type[Any], data: st.DataObject
) -> None:
    """A fast reader fails or builds what the detailed hook builds, types included.

    Each example changes every field in turn, on its own copy of the same
    objects: a run tries as many values per field as a test per field would,
    and draws the objects once. On data as JSON and YAML give it, a reader
    fails only where the detailed hook fails.
    """
    objects = _plain_objects(data, kind)
    for field in _field_names(kind):
        value = copy.deepcopy(objects)
        exotic = data.draw(st.booleans(), label=f"{field}: exotic")
        item = value[data.draw(st.integers(0, len(value) - 1), label=f"{field}: item")]
        if data.draw(st.integers(0, 9), label=f"{field}: drop") == 0:
            item.pop(field, None)
        else:
            values = st.one_of(_VALUES, st.sampled_from(_EXOTIC)) if exotic else _VALUES
            item[field] = data.draw(values, label=f"{field}: value")

        _check_reader(kind, value, context=f"{kind.__name__}.{field}")


@pytest.mark.parametrize("kind", BULK_CLASSES, ids=lambda kind: kind.__name__)
@given(data=st.data())
def test_fast_reader_reads_a_list_as_the_detailed_hook_does(
    kind: type[Any], data: st.DataObject
) -> None:
    """A fast reader agrees with the detailed hook on unknown keys, odd items and odd lists."""
    value = _plain_objects(data, kind)
    exotic = data.draw(st.booleans())
    values = st.one_of(_VALUES, st.sampled_from(_EXOTIC)) if exotic else _VALUES
    how = data.draw(st.sampled_from(["keep", "extra", "item", "list", "tuple"]))
    index = data.draw(st.integers(0, len(value) - 1))
    if how == "extra":
        key = data.draw(st.one_of(st.text(max_size=3), st.sampled_from([1, None, True])))
        value[index][key] = 0
    elif how == "item":
        value[index] = data.draw(values)
    elif how == "list":
        value = data.draw(values)
    elif how == "tuple":
        value = tuple(value)

    _check_reader(kind, value)


def _outcome_or_error(build: Callable[[], Any]) -> object:
    try:
        return _outcome(build)
    except Exception as error:
        return (type(error), str(error))


@plan_settings()
@given(plans(), st.data())
def test_default_converter_reads_plans_as_a_made_one_does(plan: Plan, data: st.DataObject) -> None:
    """`structure_plan` gives the same plan, or the same problems, with or without a converter."""
    document = CONVERTER.unstructure(plan)
    exotic = data.draw(st.booleans())
    for _ in range(data.draw(st.integers(0, 3))):
        _mutate(data.draw, document, exotic=exotic)

    expected = _outcome_or_error(
        lambda: structure_plan(copy.deepcopy(document), converter=CONVERTER)
    )
    actual = _outcome_or_error(lambda: structure_plan(copy.deepcopy(document)))

    assert expected == actual


def test_sample_plan_is_read_by_the_fast_readers_alone() -> None:
    """Every bulk collection of the sample plan file is read without the detailed hooks."""
    plan = sample_plan()
    document = CONVERTER.unstructure(plan)
    readers = _readers()

    for name, kind in COLLECTIONS.items():
        assert getattr(plan, name) == readers[kind](document[name])


def test_bulk_classes_are_the_collections() -> None:
    """The fast paths cover exactly the classes of the bulk collections."""
    assert set(COLLECTIONS.values()) == set(BULK_CLASSES)


def test_date_reader_caches_by_string() -> None:
    """A day read twice from the same string is parsed once."""
    calls: list[object] = []

    def read(value: object) -> dt.date:
        calls.append(value)
        return _structure_date(value, dt.date)

    reader = make_readers(read)[Session]
    session = {
        "id": "s",
        "program": "p",
        "institution": "i",
        "start_on": "2024-05-06",
        "end_on": "2024-05-06",
        "capacity": 1,
    }
    sessions = reader([session, dict(session, id="t")])

    assert ["2024-05-06"] == calls
    assert dt.date(2024, 5, 6) == sessions[1].end_on
