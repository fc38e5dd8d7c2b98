"""Field validators and converters shared by the model classes.

Validators and converters raise `FieldTypeError` for a wrong type and
`FieldValueError` for a wrong value (both from `cadreplan.errors`), with a
message that names the field, what was expected and what was found; the plan
loader reports that message under the field's path. `friendly_init` gives a
class's constructor the same care for unknown and missing keywords.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
import itertools
import math
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import attrs
from dateutil.relativedelta import relativedelta

from cadreplan.errors import FieldError, FieldTypeError, FieldValueError

__all__ = [
    "FIRST_DAY",
    "LARGEST_INTEGER",
    "LAST_DAY",
    "LONGEST_YEARS",
    "FieldTypeError",
    "FieldValueError",
    "Validator",
    "a_or_an",
    "argument",
    "boolean",
    "date",
    "describe",
    "did_you_mean",
    "duration",
    "end_date",
    "fraction",
    "friendly_init",
    "identifier",
    "identifiers",
    "integer",
    "member",
    "member_of",
    "members",
    "members_of",
    "number",
    "one_of",
    "optional_date",
    "optional_duration",
    "optional_identifier",
    "optional_integer",
    "optional_member_of",
    "optional_number",
    "similar",
    "text",
    "to_frozenset",
    "to_tuple",
]


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


LARGEST_INTEGER = 2**53 - 1
"""The largest integer a field holds (and a plan file may write): exact as a float too."""


def _too_large(attribute: attrs.Attribute[Any], value: int) -> FieldValueError:
    msg = (
        f"'{attribute.name}' must be from -{LARGEST_INTEGER} to {LARGEST_INTEGER} "
        f"(got an integer of {len(str(abs(value)))} digits)"
    )
    return FieldValueError(attribute.name, msg)


def integer(minimum: int | None = None, maximum: int | None = None) -> Validator:
    """Return a validator for an ``int`` (never a ``bool``) within inclusive bounds.

    Whatever the bounds, an integer beyond ``±LARGEST_INTEGER`` is refused:
    the arithmetic of the layers above mixes integers with floats.
    """

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            msg = f"'{attribute.name}' must be an integer (got {describe(value)})"
            raise FieldTypeError(attribute.name, msg)
        if not -LARGEST_INTEGER <= value <= LARGEST_INTEGER:
            raise _too_large(attribute, value)
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
        if isinstance(value, int) and not -LARGEST_INTEGER <= value <= LARGEST_INTEGER:
            raise _too_large(attribute, value)
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


def fraction(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is a number from 0 to 1, both included (not ``bool``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"'{attribute.name}' must be a number from 0 to 1 (got {describe(value)})"
        raise FieldTypeError(attribute.name, msg)
    if isinstance(value, int) and not -LARGEST_INTEGER <= value <= LARGEST_INTEGER:
        raise _too_large(attribute, value)
    if not 0 <= value <= 1:
        msg = f"'{attribute.name}' must be a number from 0 to 1 (got {value!r})"
        raise FieldValueError(attribute.name, msg)


fraction.json_schema = {"minimum": 0, "maximum": 1}  # type: ignore[attr-defined]


def optional_number(*, positive: bool = False) -> Validator:
    """Return a validator for ``None`` or a non-negative number."""
    check = number(positive=positive)

    def optional(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    optional.json_schema = check.json_schema  # type: ignore[attr-defined]
    return optional


FIRST_DAY = dt.date(1800, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
"""The days a plan may mention: any date arithmetic of the library on them, a cycle of
up to `LONGEST_YEARS` years included, stays inside what ``datetime.date`` holds."""
LONGEST_YEARS = 100
"""The longest duration a plan may state (a cycle, a grace period, a window), in years."""


def date(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is a ``datetime.date`` (not a ``datetime``) from 1800 to 2999."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        msg = f"'{attribute.name}' must be a date (got {describe(value)})"
        raise FieldTypeError(attribute.name, msg)
    if not FIRST_DAY <= value <= LAST_DAY:
        msg = f"'{attribute.name}' must be from {FIRST_DAY} to {LAST_DAY} (got {value})"
        raise FieldValueError(attribute.name, msg)


class _Argument:
    """What a validator reads of an attribute (its name), for checking a call's argument."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


def argument(name: str, value: object, validator: Validator) -> None:
    """Check the argument *name* of a call with a field *validator*: the same rule, the same words.

    ``argument("on", "2024-01-01", date)`` raises ``FieldTypeError: 'on' must
    be a date (got '2024-01-01')``, as the field ``on`` would.
    """
    # Validators read only the attribute's name.
    validator(None, cast("attrs.Attribute[Any]", _Argument(name)), value)


def end_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is a date, not before the object's ``start_on`` (checked first)."""
    date(instance, attribute, value)
    start_on = instance.start_on  # type: ignore[attr-defined]
    if value < start_on:
        msg = f"'{attribute.name}' must not be before 'start_on' ({value} < {start_on})"
        raise FieldValueError(attribute.name, msg)


def optional_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is ``None`` or a ``datetime.date``."""
    if value is not None:
        date(instance, attribute, value)


def boolean(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is a ``bool``."""
    if not isinstance(value, bool):
        msg = f"'{attribute.name}' must be true or false (got {describe(value)})"
        raise FieldTypeError(attribute.name, msg)


def one_of(*choices: str) -> Validator:
    """Return a validator for one of the strings *choices* (a ``Literal`` field)."""
    allowed = frozenset(choices)
    listed = ", ".join(repr(choice) for choice in choices)

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value in allowed and isinstance(value, str):
            return
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        msg = f"'{attribute.name}' must be one of {listed} (got {describe(value)}){hint}"
        if isinstance(value, str):
            raise FieldValueError(attribute.name, msg)
        raise FieldTypeError(attribute.name, msg)

    check.json_schema = {"enum": list(choices)}  # type: ignore[attr-defined]
    return check


def member_of(kind: type[Any]) -> Validator:
    """Return a validator for an instance of the enum or class *kind*."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            msg = f"'{attribute.name}' must be {a_or_an(kind.__name__)} (got {describe(value)})"
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
    """Check that *value* is a positive whole-day ``relativedelta`` of at most 100 years."""
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
    if value.years * 366 + value.months * 31 + value.days > LONGEST_YEARS * 366:
        msg = f"'{attribute.name}' must be at most {LONGEST_YEARS} years (got {value!r})"
        raise FieldValueError(attribute.name, msg)


def optional_duration(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check that *value* is ``None`` or a positive ``relativedelta``."""
    if value is not None:
        duration(instance, attribute, value)


# Converters get no field, so they raise with an empty field name and a message that
# starts after it ("must be ..."); the constructor `friendly_init` made names the field.


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """Convert an iterable (but not a lone string) to a frozenset."""
    if isinstance(value, str):
        msg = (
            f"must be a collection of values, not the string {describe(value)} "
            f"(write [{describe(value)}] for one value)"
        )
        raise FieldTypeError("", msg)
    try:
        return frozenset(value)
    except TypeError:
        msg = f"must be a collection of values (got {describe(value)})"
        raise FieldTypeError("", msg) from None


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Convert an iterable (but not a lone string) to a tuple."""
    if isinstance(value, str):
        msg = (
            f"must be a sequence of values, not the string {describe(value)} "
            f"(write [{describe(value)}] for one value)"
        )
        raise FieldTypeError("", msg)
    try:
        return tuple(value)
    except TypeError:
        msg = f"must be a sequence of values (got {describe(value)})"
        raise FieldTypeError("", msg) from None


E = TypeVar("E", bound=enum.Enum)


def _choices(kind: type[enum.Enum]) -> str:
    values = [repr(member.value) for member in kind]
    return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else values[0]


def member(kind: type[E], value: object) -> E:
    """Return *value* as a member of enum *kind*: a member as it is, or the member of a value.

    ``member(UnitKind, "county")`` is ``UnitKind.COUNTY``, as a plan file
    writes it; anything else raises `FieldValueError` listing the values (for
    a field's converter: the constructor names the field).
    """
    if type(value) is kind:
        return value
    try:
        return kind(value)
    except (ValueError, TypeError):
        pass
    expected = f"must be {a_or_an(kind.__name__)}: {_choices(kind)}"
    if not isinstance(value, str):
        raise FieldTypeError("", f"{expected} (got {describe(value)})")
    hint = did_you_mean(value, [str(item.value) for item in kind])
    raise FieldValueError("", f"{expected} (got {describe(value)}){hint}")


def a_or_an(noun: str) -> str:
    """Return *noun* with its article: ``'a Session'``, ``'an Audience'``, ``'a Unit'``."""
    sounds_like_you = noun.lower().startswith(("uni", "use", "usu"))
    return f"{'an' if noun[:1].lower() in 'aeiou' and not sounds_like_you else 'a'} {noun}"


def members(kind: type[E], value: Iterable[object]) -> frozenset[E]:
    """Return a collection of *kind*'s members or values as a frozenset of members."""
    found = to_frozenset(value)
    if all(type(item) is kind for item in found):
        return found
    return frozenset(member(kind, item) for item in found)


C = TypeVar("C", bound=type)


def similar(name: str, candidates: Iterable[str], *, count: int = 3) -> list[str]:
    """Return up to *count* of *candidates* most like *name*, best first; ties in their order."""
    matcher = difflib.SequenceMatcher(b=name)
    scored: list[tuple[float, int, str]] = []
    for index, candidate in enumerate(candidates):
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            ratio = matcher.ratio()
            if ratio >= 0.6:
                scored.append((-ratio, index, candidate))
    return [candidate for _, _, candidate in sorted(scored)[:count]]


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the candidate most like *name*, or ``""``."""
    close = similar(name, candidates, count=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def friendly_init(kind: C) -> C:
    """Make the constructor of attrs class *kind* name unknown and missing keywords clearly.

    ``Unit(id="x", nmae="X")`` raises `FieldTypeError`: ``Unit() has no field
    'nmae'; did you mean 'name'?`` instead of Python's bare ``TypeError``.
    Only a call that fails pays for it; the signature stays the class's own.
    """
    original = kind.__init__  # type: ignore[misc]
    names = [field.alias for field in attrs.fields(kind) if field.init]
    converters = {
        field.alias: field.converter
        for field in attrs.fields(kind)
        if field.init and field.converter is not None
    }
    required = [
        field.alias for field in attrs.fields(kind) if field.init and field.default is attrs.NOTHING
    ]

    @functools.wraps(original)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807 - the constructor
        try:
            original(self, *args, **kwargs)
        except FieldError as error:
            if error.field:
                raise
            raise _named(error, converters, dict(zip(names, args, strict=False)) | kwargs) from None
        except TypeError as error:
            if type(error) is not TypeError:
                raise
            raise _signature_error(kind.__name__, names, required, args, kwargs, error) from None

    kind.__init__ = __init__  # type: ignore[misc]
    return kind


def _named(error: FieldError, converters: dict[str, Any], given: dict[str, Any]) -> FieldError:
    """Return *error* of a field's converter with the field's name: the one that fails again."""
    for name, convert in converters.items():
        if name not in given:
            continue
        try:
            convert(given[name])
        except FieldError as again:
            return type(again)(name, f"'{name}' {again}")
    return error  # pragma: no cover - the failing converter fails again


def _signature_error(  # noqa: PLR0917 - the failed call, passed whole
    name: str,
    names: list[str],
    required: list[str],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    error: TypeError,
) -> TypeError:
    """Return the error that says what was wrong with a call of *name*'s constructor."""
    unknown = [key for key in kwargs if key not in names]
    if unknown:
        key = unknown[0]
        msg = (
            f"{name}() has no field {key!r}{did_you_mean(key, names)} (fields: {', '.join(names)})"
        )
        return FieldTypeError(key, msg)
    given = set(names[: len(args)]) | set(kwargs)
    missing = [key for key in required if key not in given]
    if missing:
        listed = ", ".join(repr(key) for key in missing)
        msg = f"{name}() needs {listed} (fields: {', '.join(names)})"
        return FieldTypeError(missing[0], msg)
    if len(args) > len(names):
        msg = f"{name}() takes its fields by keyword: {name}({names[0]}=..., ...)"
        return FieldTypeError(names[0], msg)
    return error
