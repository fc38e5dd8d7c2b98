"""The one cattrs converter that turns plans into plain data and back, strictly.

Plain data is what JSON and YAML hold: dicts, lists, strings, numbers, booleans
and ``None``. Structuring is strict: no ``"7"`` becomes ``7``, no string becomes
a set of its letters, no unknown key is ignored. Every problem is collected
and reported with its path (``$.sessions[3].capacity``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import enum
import functools
import re
import reprlib
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from dateutil.relativedelta import relativedelta

from cadreplan._support.checks import FieldTypeError, FieldValueError, describe
from cadreplan.errors import PlanFormatError, Problem, ProblemCode
from cadreplan.io._fastpath import BULK_CLASSES, make_readers
from cadreplan.io._text import LARGEST_INTEGER, render_key
from cadreplan.model import (
    Cadre,
    Plan,
    Term,
    Tier,
    TierScheme,
    Vocabulary,
    cycle_problems,
    duplicate_problems,
    reference_problems,
    require_plan,
)

__all__ = [
    "FORMAT_VERSION",
    "LATER_COLLECTIONS",
    "checked_integrity",
    "format_duration",
    "make_converter",
    "parse_duration",
    "structure_plan",
    "unstructure_plan",
]

T = TypeVar("T")

FORMAT_VERSION = 1
"""The version of the plan file format this library reads and writes."""

# ASCII digits only: re's \d also matches '２' or '٢', which int() reads and a JSON Schema does not.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DURATION = re.compile(r"P(?!$)(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?")
LATER_COLLECTIONS = ("preferences", "rankings", "practice_history", "practice_rules")
"""Plan fields that a plan file holds only when they are not empty (added after format 1)."""
_DURATION_DIGITS = 9
"""More digits than any duration of at most 100 years needs, and few enough to read fast."""


class StructureError(ValueError):
    """A value in plain data does not have the expected shape.

    Attributes:
        code: What kind of problem it is: `ProblemCode.TYPE` by default.
    """

    def __init__(self, message: str, code: ProblemCode = ProblemCode.TYPE) -> None:
        super().__init__(message)
        self.code = code


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxtuple, _SHORT.maxdict = 2, 4, 4, 3
_SHORT.maxstring = _SHORT.maxother = 40


def _describe(value: object) -> str:
    """Return `describe` of *value*, without walking a whole list or printing a huge integer.

    A file may hold a million-item list, a structure nested a thousand deep or
    (in YAML, through aliases) one that is exponentially large, where a string
    goes: ``repr`` would walk all of it.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"an integer of {_digits(value)} digits"
    if isinstance(value, list | tuple | dict | set | frozenset):
        try:
            text = _SHORT.repr(value)
        except ValueError:  # an integer too long to print, inside
            return _kind_of(value)
        return text if len(text) <= 60 else text[:57] + "..."
    return describe(value)


def _kind_of(value: object) -> str:
    """Return the kind of plain value *value* is, in JSON's words: ``"a list"``, ``"null"``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    kinds: tuple[tuple[Any, str], ...] = (
        (int | float, "a number"),
        (str, "a string"),
        (list | tuple, "a list"),
        (Mapping, "an object"),
    )
    for kind, name in kinds:
        if isinstance(value, kind):
            return name
    return f"a {type(value).__name__}"


def _digits(value: int) -> str:
    bits = abs(value).bit_length()
    # str() refuses more than 4,300 digits by default, and takes quadratic time.
    if bits <= 14_000:
        with contextlib.suppress(ValueError):  # a process may lower the limit to 640
            return str(len(str(abs(value))))
    return f"about {round(bits * 0.30103):,}"


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        msg = f"expected a string (got {_describe(value)})"
        raise StructureError(msg)
    return value


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"expected an integer (got {_describe(value)})"
        raise StructureError(msg)
    if not -LARGEST_INTEGER <= value <= LARGEST_INTEGER:
        msg = (
            f"expected an integer from -{LARGEST_INTEGER} to {LARGEST_INTEGER} "
            f"(got {_describe(value)})"
        )
        raise StructureError(msg, ProblemCode.VALUE)
    return value


def _structure_float(value: object, _: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"expected a number (got {_describe(value)})"
        raise StructureError(msg)
    if isinstance(value, int):
        try:
            float(value)
        except OverflowError:
            msg = f"expected a number of at most about 1.8e308 (got {_describe(value)})"
            raise StructureError(msg, ProblemCode.VALUE) from None
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        msg = f"expected true or false (got {_describe(value)})"
        raise StructureError(msg)
    return value


def _structure_date(value: object, _: object) -> dt.date:
    # YAML loaders already turn unquoted dates into date objects.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        msg = f"expected a date as YYYY-MM-DD (got {_describe(value)})"
        raise StructureError(msg, ProblemCode.VALUE if isinstance(value, str) else ProblemCode.TYPE)
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        msg = f"expected a real date (got {value!r}: {error})"
        raise StructureError(msg, ProblemCode.VALUE) from None


def parse_duration(text: str) -> relativedelta:
    """Parse an ISO 8601 duration of years, months, weeks and days (``"P5Y"``, ``"P1Y6M"``).

    Examples:
        >>> parse_duration("P1Y6M")
        relativedelta(years=+1, months=+6)
    """
    match = _DURATION.fullmatch(text)
    if match is None:
        msg = f"expected an ISO 8601 duration such as 'P1Y', 'P6M' or 'P90D' (got {describe(text)})"
        raise StructureError(msg, ProblemCode.VALUE)
    if any(part and len(part) > _DURATION_DIGITS for part in match.groups()):
        msg = f"expected a duration of at most 100 years (got {describe(text)})"
        raise StructureError(msg, ProblemCode.VALUE)
    years, months, weeks, days = (int(part) if part else 0 for part in match.groups())
    return relativedelta(years=years, months=months, days=days + 7 * weeks)


def format_duration(value: relativedelta) -> str:
    """Format a relativedelta of years, months and days as an ISO 8601 duration.

    Examples:
        >>> format_duration(relativedelta(years=5))
        'P5Y'
    """
    parts = [(value.years, "Y"), (value.months, "M"), (value.days, "D")]
    body = "".join(f"{amount}{unit}" for amount, unit in parts if amount)
    return f"P{body or '0D'}"


def _structure_duration(value: object, _: object) -> relativedelta:
    if not isinstance(value, str):
        msg = f"expected an ISO 8601 duration string such as 'P1Y' (got {_describe(value)})"
        raise StructureError(msg)
    return parse_duration(value)


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    allowed = [member.value for member in kind]
    if isinstance(value, str) and value in allowed:
        return kind(value)
    choices = ", ".join(repr(item) for item in allowed)
    msg = f"expected one of {choices} (got {_describe(value)})"
    raise StructureError(msg, ProblemCode.VALUE if isinstance(value, str) else ProblemCode.TYPE)


def _is_collection(kind: Any) -> bool:
    origin = typing.get_origin(kind)
    return origin in (frozenset, tuple)


def _collection_factory(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    origin = typing.get_origin(kind)
    (member, *rest) = typing.get_args(kind)
    if origin is tuple and rest != [Ellipsis]:  # pragma: no cover - the model uses tuple[X, ...]
        msg = f"only homogeneous tuples are supported, not {kind}"
        raise TypeError(msg)
    hook = converter.get_structure_hook(member)
    shape = "a list"

    def structure(value: object, _: object) -> Any:
        if not isinstance(value, list | tuple):
            msg = f"expected {shape} (got {_describe(value)})"
            raise StructureError(msg)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(hook(item, member))
            except Exception as error:
                error.__notes__ = [
                    *getattr(error, "__notes__", []),
                    IterableValidationNote(f"Structuring {kind} @ index {index}", index, member),
                ]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {kind}", errors, kind)
        return origin(items)

    return structure


def _is_frozenset(kind: Any) -> bool:
    return kind is frozenset or typing.get_origin(kind) is frozenset


def _unstructure_frozenset(value: frozenset[Any], converter: cattrs.Converter) -> list[Any]:
    return sorted(converter.unstructure(item) for item in value)


def _structure_id_number(value: object, _: object) -> str | None:
    # A resident id number is personal data: a wrong one is described, never shown.
    if value is not None and not isinstance(value, str):
        msg = f"expected a string (got {_kind_of(value)})"
        raise StructureError(msg)
    return value


def _attrs_factory(kind: type[Any], converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    if kind is Cadre:
        inner = make_dict_structure_fn(
            kind, converter, id_number=override(struct_hook=_structure_id_number)
        )
    else:
        inner = make_dict_structure_fn(kind, converter)

    def structure(value: object, _: object) -> Any:
        if not isinstance(value, Mapping):
            msg = f"expected an object (got {_describe(value)})"
            raise StructureError(msg)
        return inner(value, kind)

    return structure


def make_converter() -> cattrs.Converter:
    """Return a new strict converter between model objects and plain data.

    Each call returns an independent converter: register your own hooks on it
    without affecting anyone else. `load_plan`, `save_plan`, `structure_plan`
    and `unstructure_plan` without a converter use one of their own, built
    once per process (with fast readers for the big collections), which no
    call returns.

    Examples:
        >>> from cadreplan import Audience
        >>> converter = make_converter()
        >>> converter.unstructure(Audience(categories={"village_cadre"}))
        {'categories': ['village_cadre']}
        >>> converter.structure({"categories": "village_cadre"}, Audience)
        Traceback (most recent call last):
        ...
        cattrs.errors.ClassValidationError: While structuring Audience (1 sub-exception)
    """
    converter = cattrs.Converter(
        forbid_extra_keys=True, omit_if_default=True, detailed_validation=True
    )
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, lambda value: value.isoformat())
    converter.register_structure_hook(relativedelta, _structure_duration)
    converter.register_unstructure_hook(relativedelta, format_duration)
    # StrEnum before str: hooks dispatch on the first class of the MRO that has one.
    for base in (enum.Enum, enum.StrEnum):
        converter.register_structure_hook(base, _structure_enum)
        converter.register_unstructure_hook(base, lambda value: value.value)
    converter.register_structure_hook_factory(_is_collection, _collection_factory)
    converter.register_unstructure_hook_func(
        _is_frozenset, lambda value: _unstructure_frozenset(value, converter)
    )
    converter.register_structure_hook_factory(attrs.has, _attrs_factory)
    # Hooks that depend on other hooks are built on first use, not here, so that
    # hooks registered later (a date format, a custom term) take part in them.
    converter.register_structure_hook_factory(
        lambda kind: kind in (Vocabulary, TierScheme), _listing_factory
    )
    converter.register_unstructure_hook(
        Vocabulary, lambda value: [converter.unstructure(term) for term in value]
    )
    converter.register_unstructure_hook(
        TierScheme, lambda value: [converter.unstructure(tier) for tier in value]
    )
    # A plan file spells out every collection and vocabulary, so it does not
    # depend on the defaults of the library version that reads it; but the
    # collections added after format 1 was first written are left out when
    # empty, so a plan without them is saved as the same bytes as before and
    # stays readable by the versions that do not know them.
    omitted_when_empty: dict[str, Any] = {
        name: override(omit_if_default=True) for name in LATER_COLLECTIONS
    }
    converter.register_unstructure_hook_factory(
        lambda kind: kind is Plan,
        lambda kind: make_dict_unstructure_fn(
            kind, converter, _cattrs_omit_if_default=False, **omitted_when_empty
        ),
    )
    return converter


@attrs.frozen
class _Default:
    """The converter used when none is given, and how to forget what its readers cached."""

    converter: cattrs.Converter
    forget: Callable[[], None]


@functools.cache
def _default() -> _Default:
    """Return the one converter of `make_converter` with fast hooks for a plan's bulk collections.

    The lists of units, cadres, sessions, enrollments and training records are
    read by the fast paths of `cadreplan.io._fastpath`; whatever they
    do not handle goes to the detailed hooks, which give the same objects or
    report every problem. Only the default converter has them: hooks that a
    user registers on a converter of `make_converter` apply to every object.

    Building the hooks costs more than reading a small plan, so it is built
    once per process, with the hooks of a plan generated at once (not on
    first use, so threads never generate them together). Nothing public
    returns it: callers get plans and plain data, never the converter.
    """
    converter = make_converter()
    days: dict[str, dt.date] = {}
    readers = make_readers(lambda value: _structure_date(value, dt.date), days=days)
    for kind in BULK_CLASSES:
        collection: Any = tuple[kind, ...]  # type: ignore[valid-type]
        read = _read_or_else(readers[kind], converter.get_structure_hook(collection))
        converter.register_structure_hook_func(_is(collection), read)
    converter.get_structure_hook(Plan)
    converter.get_unstructure_hook(Plan)
    return _Default(converter, days.clear)


def _is(kind: Any) -> Callable[[Any], bool]:
    return lambda other: bool(other == kind)


def _read_or_else(
    fast: Callable[[object], Any], detailed: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Any]:
    def structure(value: object, kind: Any) -> Any:
        try:
            return fast(value)
        except Exception:
            return detailed(value, kind)

    return structure


def _listing_factory(
    kind: type[Vocabulary | TierScheme], converter: cattrs.Converter
) -> Callable[[Any, Any], Any]:
    """Return the hook that reads a vocabulary or tier scheme from a plain list."""
    member = Term if kind is Vocabulary else Tier
    members = converter.get_structure_hook(tuple[member, ...])  # type: ignore[valid-type]

    def structure(value: object, _: object) -> Any:
        items = members(value, tuple[member, ...])  # type: ignore[valid-type]
        seen: set[str] = set()
        for item in items:
            # The file has no key for the field that holds the list: say it without one.
            if item.code in seen:
                msg = f"the code {item.code!r} appears twice"
                raise StructureError(msg, ProblemCode.DUPLICATE_ID)
            seen.add(item.code)
        return kind(items)

    return structure


# -- turning cattrs' nested exceptions into problems with paths ----------------


def _suggest(key: str, fields: list[str]) -> str:
    close = difflib.get_close_matches(key, fields, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _problems(error: BaseException, path: str) -> Iterator[Problem]:
    if isinstance(error, ClassValidationError):
        by_name, unnamed = error.group_exceptions()
        for inner, attribute in by_name:
            yield from _problems(inner, f"{path}.{attribute.name}")
        for inner in unnamed:
            yield from _problems(inner, path)
    elif isinstance(error, IterableValidationError):
        by_index, unindexed = error.group_exceptions()
        for inner, item in by_index:
            yield from _problems(inner, f"{path}[{item.index}]")
        for inner in unindexed:
            yield from _problems(inner, path)
    elif isinstance(error, ForbiddenExtraKeysError):
        fields = [field.name for field in attrs.fields(error.cl) if field.init]
        # YAML reads keys such as 1, true or null as numbers, booleans and None.
        keys: set[object] = set(error.extra_fields)
        for key in sorted(keys, key=lambda key: (not isinstance(key, str), str(key))):
            hint = _suggest(key, fields) if isinstance(key, str) else ""
            yield Problem(
                f"{path}.{render_key(key)}", f"unknown key {key!r}{hint}", ProblemCode.UNKNOWN_KEY
            )
    else:
        yield _problem(error, path)


def _problem(error: BaseException, path: str) -> Problem:
    """Return the problem of one error that holds no others, with its code."""
    if isinstance(error, StructureError):
        return Problem(path, str(error), error.code)
    if isinstance(error, FieldValueError | FieldTypeError):
        code = ProblemCode.TYPE if isinstance(error, TypeError) else ProblemCode.VALUE
        return Problem(f"{path}.{error.field}" if error.field else path, str(error), code)
    if isinstance(error, KeyError):
        return Problem(path, "required key is missing", ProblemCode.MISSING_KEY)
    code = ProblemCode.TYPE if isinstance(error, TypeError) else ProblemCode.VALUE
    return Problem(path, str(error), code)


def problems_of(error: BaseException, path: str = "$") -> list[Problem]:
    """Return the problems inside a cattrs structuring error, each with its path."""
    return list(_problems(error, path))


def _coded(problems: Iterable[Problem], code: ProblemCode) -> Iterator[Problem]:
    return (attrs.evolve(problem, code=code) for problem in problems)


def checked_integrity(plan: Plan) -> tuple[Problem, ...]:
    """Return every duplicate-id, parent-cycle and dangling-reference problem of *plan*, coded.

    The problems of `cadreplan.model.integrity_problems`, in its order, each
    with its `ProblemCode`. Kept with the plan (`Plan.derived`): a plan that
    was loaded is saved without checking it again.
    """
    return (
        *_coded(duplicate_problems(plan), ProblemCode.DUPLICATE_ID),
        *_coded(cycle_problems(plan), ProblemCode.UNIT_CYCLE),
        *_coded(reference_problems(plan), ProblemCode.UNKNOWN_ID),
    )


def structure_plan(
    data: object, /, *, converter: cattrs.Converter | None = None, source: str | None = None
) -> Plan:
    """Build a `Plan` from plain data (a dict as read from JSON or YAML), strictly.

    Args:
        data: The plain data; its top level must be a mapping.
        converter: The converter to use; by default one of `make_converter`
            with fast readers for the big collections, built once and reused.
        source: The file name to show in error messages.

    Raises:
        PlanFormatError: The data is not a valid plan; every problem is listed
            with its path and code, dangling references and duplicate ids included.
    """
    if not isinstance(data, Mapping):
        found = "an empty document, or null" if data is None else _kind_of(data)
        message = f"expected a plan object at the top level (got {found})"
        raise PlanFormatError([Problem("$", message, ProblemCode.TYPE)], source=source)
    body = dict(data)
    version = body.pop("format_version", FORMAT_VERSION)
    # type(): true and 1.0 equal 1 in Python, and are not the version 1.
    if type(version) is not int or version != FORMAT_VERSION:
        message = f"expected {FORMAT_VERSION} (got {_describe(version)})"
        raise PlanFormatError(
            [Problem("$.format_version", message, ProblemCode.VERSION)], source=source
        )
    default = _default() if converter is None else None
    try:
        plan = (converter or _default().converter).structure(body, Plan)
    except (ClassValidationError, StructureError, ValueError, TypeError) as error:
        raise PlanFormatError(problems_of(error), source=source) from None
    finally:
        if default is not None:
            default.forget()
    problems = plan.derived(checked_integrity)
    if problems:
        raise PlanFormatError(problems, source=source)
    return plan


def unstructure_plan(plan: Plan, /, *, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """Return *plan* as plain data, with the file format version first."""
    require_plan(plan)
    converter = converter or _default().converter
    return {"format_version": FORMAT_VERSION, **converter.unstructure(plan)}
