"""Field validators and converters shared by the model classes.

Validators raise ``TypeError`` for a wrong type and ``ValueError`` for a wrong
value, with a message that says what was expected and what was found; the plan
loader reports that message under the field's path.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

if TYPE_CHECKING:
    import attrs


__all__ = [
    "FieldTypeError",
    "FieldValueError",
    "Validator",
    "boolean",
    "date",
    "describe",
    "duration",
    "identifier",
    "identifiers",
    "integer",
    "member_of",
    "members_of",
    "number",
    "optional_date",
    "optional_duration",
    "optional_identifier",
    "optional_integer",
    "optional_member_of",
    "optional_number",
    "text",
    "to_frozenset",
    "to_tuple",
]


class FieldValueError(ValueError):
    """A field holds a value of the right type but out of its domain."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class FieldTypeError(TypeError):
    """A field holds a value of the wrong type."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def describe(value: object) -> str:
    """Return a short, safe rendering of a found value for error messages."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def identifier(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is a non-empty id string without surrounding whitespace."""
    if not isinstance(value, str):
        msg = f"'{attribute.name}' must be a string id (got {describe(value)})"
        raise FieldTypeError(attribute.name, msg)
    # What fullmatching r"\S(?:.*\S)?" with DOTALL checks (re's \s is str.isspace)
    # at a fraction of its cost: a plan has ids by the hundred thousand. A str
    # subclass is read as the plain string the regex would see.
    chars = value if type(value) is str else str.__str__(value)
    if not chars or chars[0].isspace() or chars[-1].isspace():
        msg = (
            f"'{attribute.name}' must be a non-empty id without surrounding spaces "
            f"(got {describe(value)})"
        )
        raise FieldValueError(attribute.name, msg)


# JSON Schema patterns are ECMA 262, often run by Python's re: "[\s\S]" crosses line
# breaks in both, and "(?!\n)" stops Python's "$" from matching before a final newline.
identifier.json_schema = {"minLength": 1, "pattern": r"^\S([\s\S]*\S)?$(?!\n)"}  # type: ignore[attr-defined]


def optional_identifier(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is ``None`` or an id string."""
    if value is not None:
        identifier(instance, attribute, value)


def identifiers(instance: object, attribute: attrs.Attribute[Any], value: Iterable[object]) -> None:
    """Check that every member of a collection is an id string."""
    for member in value:
        identifier(instance, attribute, member)


def text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is a string (possibly empty)."""
    if not isinstance(value, str):
        msg = f"'{attribute.name}' must be a string (got {describe(value)})"
        raise FieldTypeError(attribute.name, msg)


def integer(minimum: int | None = None, maximum: int | None = None) -> Validator:
    """Return a validator for an ``int`` (never a ``bool``) within inclusive bounds."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            msg = f"'{attribute.name}' must be an integer (got {describe(value)})"
            raise FieldTypeError(attribute.name, msg)
        if minimum is not None and value < minimum:
            msg = f"'{attribute.name}' must be >= {minimum} (got {value})"
            raise FieldValueError(attribute.name, msg)
        if maximum is not None and value > maximum:
            msg = f"'{attribute.name}' must be <= {maximum} (got {value})"
            raise FieldValueError(attribute.name, msg)

    bounds = {"minimum": minimum, "maximum": maximum}
    check.json_schema = {key: value for key, value in bounds.items() if value is not None}  # type: ignore[attr-defined]
    return check


def optional_integer(minimum: int | None = None, maximum: int | None = None) -> Validator:
    """Return a validator for ``None`` or a bounded ``int``."""
    check = integer(minimum, maximum)

    def optional(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    optional.json_schema = check.json_schema  # type: ignore[attr-defined]
    return optional


def number(*, positive: bool = False) -> Validator:
    """Return a validator for a finite, non-negative ``int`` or ``float`` (not ``bool``)."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            msg = f"'{attribute.name}' must be a number (got {describe(value)})"
            raise FieldTypeError(attribute.name, msg)
        if not math.isfinite(value):
            msg = f"'{attribute.name}' must be finite (got {value})"
            raise FieldValueError(attribute.name, msg)
        if positive and value <= 0:
            msg = f"'{attribute.name}' must be > 0 (got {value})"
            raise FieldValueError(attribute.name, msg)
        if value < 0:
            msg = f"'{attribute.name}' must be >= 0 (got {value})"
            raise FieldValueError(attribute.name, msg)

    check.json_schema = {"exclusiveMinimum": 0} if positive else {"minimum": 0}  # type: ignore[attr-defined]
    return check


def optional_number(*, positive: bool = False) -> Validator:
    """Return a validator for ``None`` or a non-negative number."""
    check = number(positive=positive)

    def optional(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    optional.json_schema = check.json_schema  # type: ignore[attr-defined]
    return optional


def date(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is a ``datetime.date`` and not a ``datetime``."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        msg = f"'{attribute.name}' must be a date (got {describe(value)})"
        raise FieldTypeError(attribute.name, msg)


def optional_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is ``None`` or a ``datetime.date``."""
    if value is not None:
        date(instance, attribute, value)


def boolean(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is a ``bool``."""
    if not isinstance(value, bool):
        msg = f"'{attribute.name}' must be true or false (got {describe(value)})"
        raise FieldTypeError(attribute.name, msg)


def member_of(kind: type[Any]) -> Validator:
    """Return a validator for an instance of the enum or class *kind*."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            msg = f"'{attribute.name}' must be a {kind.__name__} (got {describe(value)})"
            raise FieldTypeError(attribute.name, msg)

    return check


def members_of(kind: type[Any]) -> Validator:
    """Return a validator for a collection whose members are all instances of *kind*."""
    check = member_of(kind)

    def each(instance: object, attribute: attrs.Attribute[Any], value: Iterable[object]) -> None:
        # The whole collection in one C loop first (a plan holds members by the
        # hundred thousand); only a collection that fails is walked for its message.
        if all(map(isinstance, value, itertools.repeat(kind))):
            return
        for member in value:
            check(instance, attribute, member)

    return each


def optional_member_of(kind: type[Any]) -> Validator:
    """Return a validator for ``None`` or an instance of *kind*."""
    check = member_of(kind)

    def optional(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return optional


def duration(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is a positive whole-day ``relativedelta`` (years, months, days)."""
    if not isinstance(value, relativedelta):
        msg = f"'{attribute.name}' must be a relativedelta (got {describe(value)})"
        raise FieldTypeError(attribute.name, msg)
    absolute = (value.year, value.month, value.day, value.weekday)
    clock = (value.hours, value.minutes, value.seconds, value.microseconds)
    if any(part is not None for part in absolute) or any(clock):
        msg = f"'{attribute.name}' must use only years, months, weeks and days (got {value!r})"
        raise FieldValueError(attribute.name, msg)
    if any(part != int(part) for part in (value.years, value.months, value.days)):
        msg = f"'{attribute.name}' must use whole years, months and days (got {value!r})"
        raise FieldValueError(attribute.name, msg)
    if min(value.years, value.months, value.days) < 0 or not (
        value.years or value.months or value.days
    ):
        msg = f"'{attribute.name}' must be a positive duration (got {value!r})"
        raise FieldValueError(attribute.name, msg)


def optional_duration(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is ``None`` or a positive ``relativedelta``."""
    if value is not None:
        duration(instance, attribute, value)


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """Convert an iterable (but not a lone string) to a frozenset."""
    if isinstance(value, str):
        msg = f"expected a collection of values, not the string {describe(value)}"
        raise TypeError(msg)
    return frozenset(value)


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Convert an iterable (but not a lone string) to a tuple."""
    if isinstance(value, str):
        msg = f"expected a sequence of values, not the string {describe(value)}"
        raise TypeError(msg)
    return tuple(value)
