"""Fast readers of a plan's bulk collections, for the default converter.

A large plan holds a hundred thousand cadres and as many training records and
enrollments. The detailed cattrs hooks structure every field in a ``try``
block of its own, so that all problems can be reported with their paths; but
most plan files have no problem at all. The readers here build the same
objects with a few exact-type checks and the model's own validators, and raise
at the first thing they do not expect: the caller then runs the detailed hook
on the same data, which either builds the objects or reports every problem.

A reader accepts nothing that the detailed hook rejects and builds equal
objects of the same types; it may reject more (a tuple where files have a
list, a mapping that is not a ``dict``), which costs time, never a result.
``tests/io/test_fastpath.py`` checks both promises on random and broken data,
with the detailed hooks as the reference.

At 140,000 cadres (``benchmarks/bench.py --only load``, 2026-12-04), loading
without these readers took 26% longer (2.00 s against 1.59 s); the default
converter is the only user. Writing needs no fast path: cattrs' generated unstructure functions were
measured as fast as hand-written ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from cadreplan.io._text import LARGEST_INTEGER
from cadreplan.model import (
    Cadre,
    Enrollment,
    EnrollmentStatus,
    Session,
    TrainingRecord,
    Unit,
    UnitKind,
)

if TYPE_CHECKING:
    import datetime as dt
    import enum
    from collections.abc import Callable

T = TypeVar("T")

__all__ = ["BULK_CLASSES", "Unexpected", "make_readers"]

BULK_CLASSES = (Unit, Cadre, Session, Enrollment, TrainingRecord)
"""The model classes whose lists get a fast reader."""


class Unexpected(Exception):  # noqa: N818 - a signal to fall back, not an error anyone sees
    """Raised by a fast reader at anything it leaves to the detailed hook."""


def _keys(kind: type[Any]) -> frozenset[str]:
    return frozenset(field.name for field in attrs.fields(kind) if field.init)


_CADRE_KEYS = _keys(Cadre)
_RECORD_KEYS = _keys(TrainingRecord)
_ENROLLMENT_KEYS = _keys(Enrollment)
_UNIT_KEYS = _keys(Unit)
_SESSION_KEYS = _keys(Session)


def _table(kind: type[enum.Enum]) -> dict[str, Any]:
    return {member.value: member for member in kind}


_STATUSES = _table(EnrollmentStatus)
_UNIT_KINDS = _table(UnitKind)


def _fields(value: object, keys: frozenset[str]) -> dict[str, Any]:
    """Return a copy of *value*, a ``dict`` with no key outside *keys*."""
    if type(value) is not dict or not value.keys() <= keys:
        raise Unexpected
    return dict(value)


def _strings(value: object) -> frozenset[str]:
    """Return the strings of the list *value* as a set."""
    if type(value) is not list:
        raise Unexpected
    for member in value:
        if type(member) is not str:
            raise Unexpected
    return frozenset(value)


def _unchecked_call(kind: type[T]) -> Callable[..., T]:
    """Return ``kind(**fields)`` without the wrapper that explains a wrong keyword.

    The readers pass only the class's own fields (`_fields` checked them), so
    the wrapper of `cadreplan._support.checks.friendly_init` has nothing to
    explain; attrs' ``__init__`` and its validators still run.
    """
    init = getattr(kind.__init__, "__wrapped__", kind.__init__)
    new = object.__new__

    def make(**fields: Any) -> T:
        instance = new(kind)
        init(instance, **fields)
        return instance

    return make


def _member(table: dict[str, Any], value: object) -> Any:
    if type(value) is not str:
        raise Unexpected
    return table[value]


_MAKE_CADRE = _unchecked_call(Cadre)
_MAKE_TRAININGRECORD = _unchecked_call(TrainingRecord)
_MAKE_ENROLLMENT = _unchecked_call(Enrollment)
_MAKE_UNIT = _unchecked_call(Unit)
_MAKE_SESSION = _unchecked_call(Session)


def make_readers(
    read_date: Callable[[object], dt.date], *, days: dict[str, dt.date] | None = None
) -> dict[type[Any], Callable[[object], tuple[Any, ...]]]:
    """Return a reader of a list of plain objects for each of `BULK_CLASSES`.

    Args:
        read_date: The detailed hook's reading of a date (a string or a
            ``datetime.date``); its results are cached by string, as a plan
            repeats the same few thousand days.
        days: The cache of dates, for a caller that clears it between plans
            (readers that outlive one plan); a new one by default.
    """
    if days is None:
        days = {}

    def day(value: object) -> dt.date:
        if type(value) is str:
            try:
                return days[value]
            except KeyError:
                found = days[value] = read_date(value)
                return found
        return read_date(value)

    def optional_days(fields: dict[str, Any], *names: str) -> None:
        for name in names:
            value = fields.get(name)
            if value is not None:
                fields[name] = day(value)

    def cadre(value: object) -> Cadre:
        fields = _fields(value, _CADRE_KEYS)
        optional_days(fields, "appointed_on", "born_on")
        if "tags" in fields:
            fields["tags"] = _strings(fields["tags"])
        return _MAKE_CADRE(**fields)

    def record(value: object) -> TrainingRecord:
        fields = _fields(value, _RECORD_KEYS)
        fields["start_on"] = day(fields["start_on"])
        fields["end_on"] = day(fields["end_on"])
        if "themes" in fields:
            fields["themes"] = _strings(fields["themes"])
        return _MAKE_TRAININGRECORD(**fields)

    def enrollment(value: object) -> Enrollment:
        fields = _fields(value, _ENROLLMENT_KEYS)
        if "status" in fields:
            fields["status"] = _member(_STATUSES, fields["status"])
        return _MAKE_ENROLLMENT(**fields)

    def unit(value: object) -> Unit:
        fields = _fields(value, _UNIT_KEYS)
        fields["kind"] = _member(_UNIT_KINDS, fields["kind"])
        if "tags" in fields:
            fields["tags"] = _strings(fields["tags"])
        return _MAKE_UNIT(**fields)

    def session(value: object) -> Session:
        fields = _fields(value, _SESSION_KEYS)
        fields["start_on"] = day(fields["start_on"])
        fields["end_on"] = day(fields["end_on"])
        # The only integer of the bulk classes that the model leaves unbounded.
        capacity = fields.get("capacity")
        if type(capacity) is int and capacity > LARGEST_INTEGER:
            raise Unexpected
        return _MAKE_SESSION(**fields)

    def each(read: Callable[[object], Any]) -> Callable[[object], tuple[Any, ...]]:
        def read_all(value: object) -> tuple[Any, ...]:
            if type(value) is not list:
                raise Unexpected
            return tuple([read(item) for item in value])

        return read_all

    return {
        Cadre: each(cadre),
        TrainingRecord: each(record),
        Enrollment: each(enrollment),
        Unit: each(unit),
        Session: each(session),
    }
