"""Exceptions and warnings raised by cadreplan.

Every exception cadreplan raises on purpose derives from
[`CadreplanError`][cadreplan.errors.CadreplanError] and from the built-in
exception it refines, so ``except ValueError`` keeps working::

    CadreplanError
    ├── FieldError                          a field or an option holds a bad value
    │   ├── FieldTypeError (TypeError)      … of the wrong type
    │   └── FieldValueError (ValueError)    … of the right type, out of its domain
    ├── PlanFormatError (ValueError)        a plan file or mapping is malformed
    ├── UnknownIdError (KeyError)           a look-up by id found nothing
    ├── ApportionmentError (ValueError)     seats cannot be apportioned as asked
    │   └── ApportionmentTieError           a true tie, when ties must raise
    ├── ValidationError (ValueError)        a plan has error findings
    └── OptionalDependencyError (ImportError)  an extra is not installed

    CadreplanWarning (UserWarning)          legal but suspicious input

Each problem in a [`PlanFormatError`][cadreplan.errors.PlanFormatError] is a
[`Problem`][cadreplan.errors.Problem] with a path, a message and a stable
[`ProblemCode`][cadreplan.errors.ProblemCode], so a calling system can tell
"not JSON" from "wrong type" from "unknown id" without reading the English.
"""

from __future__ import annotations

import difflib
import enum
import functools
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

__all__ = [
    "ApportionmentError",
    "ApportionmentTieError",
    "CadreplanError",
    "CadreplanWarning",
    "FieldError",
    "FieldTypeError",
    "FieldValueError",
    "OptionalDependencyError",
    "PlanFormatError",
    "Problem",
    "ProblemCode",
    "UnknownIdError",
    "ValidationError",
]


class CadreplanError(Exception):
    """Base class of every exception cadreplan raises on purpose."""


class FieldError(CadreplanError):
    """A field of an object, or an option of a call, holds a bad value.

    The message names the field, what was expected and what was found:
    ``'capacity' must be >= 1 (got 0)``.

    Attributes:
        field: The name of the field (``"capacity"``) or of the option (``"seed"``).
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.field, str(self)))


class FieldTypeError(FieldError, TypeError):
    """A field or an option holds a value of the wrong type (a string where a date goes)."""


class FieldValueError(FieldError, ValueError):
    """A field or an option holds a value of the right type but outside its domain."""


class ProblemCode(enum.StrEnum):
    """What kind of problem a `Problem` is: a stable code.

    A code compares equal to its value (``"unknown_id"``); codes never change
    once released. The plan format reference lists them with an example each.
    """

    NOT_READABLE = "not_readable"
    """The file's bytes are not text in UTF-8 (a stray byte, UTF-16, a binary file)."""
    SYNTAX = "syntax"
    """The text is not valid JSON or YAML, or nests too deep to read."""
    VERSION = "version"
    """The ``format_version`` is not one this library reads."""
    TYPE = "type"
    """A value has the wrong type: a string where a number goes, ``true`` for an integer."""
    VALUE = "value"
    """A value has the right type but is outside its domain: a negative capacity, an unknown
    enumeration value, an integer beyond 2**53 - 1 (or too long to read), a string holding a
    lone UTF-16 surrogate, a date that is no day of the calendar."""
    MISSING_KEY = "missing_key"
    """A required key is absent."""
    UNKNOWN_KEY = "unknown_key"
    """A key the format does not have (often a typo: the message suggests the key meant)."""
    UNKNOWN_ID = "unknown_id"
    """An id or code is mentioned but not defined in the plan or its vocabularies."""
    DUPLICATE_ID = "duplicate_id"
    """Two objects of one kind share an id, a vocabulary repeats a code, or a cadre is enrolled
    twice in a session."""
    UNIT_CYCLE = "unit_cycle"
    """Units' parent links form a cycle."""


C = TypeVar("C", bound=type)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _string(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        msg = f"'{attribute.name}' must be a string (got {_shown(value)})"
        raise FieldTypeError(attribute.name, msg)


def _code(value: object) -> ProblemCode:
    """Return *value* as a `ProblemCode`: a member as it is, or the member of its value."""
    if isinstance(value, ProblemCode):
        return value
    choices = ", ".join(repr(member.value) for member in ProblemCode)
    msg = f"'code' must be a ProblemCode: {choices} (got {_shown(value)})"
    if not isinstance(value, str):
        raise FieldTypeError("code", msg)
    try:
        return ProblemCode(value)
    except ValueError:
        raise FieldValueError("code", msg) from None


def _named_keywords(kind: C) -> C:
    """Make *kind*'s constructor name an unknown keyword, with the field meant.

    The errors module is the lowest floor: it cannot use the constructors'
    wrapper of ``cadreplan._support``, and has this small one of its own.
    """
    original = kind.__init__  # type: ignore[misc]
    names = [field.alias for field in attrs.fields(kind)]

    @functools.wraps(original)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807
        try:
            original(self, *args, **kwargs)
        except TypeError as error:
            unknown = [key for key in kwargs if key not in names]
            if type(error) is not TypeError or not unknown:
                raise
            close = difflib.get_close_matches(unknown[0], names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            msg = (
                f"{kind.__name__}() has no field {unknown[0]!r}{hint} (fields: {', '.join(names)})"
            )
            raise FieldTypeError(unknown[0], msg) from None

    kind.__init__ = __init__  # type: ignore[misc]
    return kind


@_named_keywords
@attrs.frozen
class Problem:
    """One thing wrong with an input, located by a path.

    Attributes:
        path: Where the problem is, in JSONPath-like syntax rooted at ``$``
            (``$.sessions[3].capacity``); a file path may precede it in messages.
        message: What was expected and what was found.
        code: What kind of problem it is (see `ProblemCode`);
            its value (``"unknown_id"``) is taken too.
    """

    path: str = attrs.field(validator=_string)
    message: str = attrs.field(validator=_string)
    code: ProblemCode = attrs.field(default=ProblemCode.VALUE, converter=_code)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class PlanFormatError(CadreplanError, ValueError):
    """A plan file or mapping does not describe a valid plan.

    Every problem found is listed, not only the first one.

    Attributes:
        problems: Each problem with its path, in document order.
        source: The file the plan was read from, if any.
    """

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.source}: " if self.source else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{where}invalid plan, {count} {noun}:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_format_error, (self.problems, self.source))


def _rebuild_format_error(problems: Sequence[Problem], source: str | None) -> PlanFormatError:
    return PlanFormatError(problems, source=source)


class UnknownIdError(CadreplanError, KeyError):
    """A look-up by id found no object of that kind.

    The message suggests the closest id there is, when one is close
    (``no cadre with id 'c00001'; did you mean 'c0001'?``).

    Attributes:
        kind: The kind of object looked for (``"cadre"``, ``"session"`` …).
        id: The id that was not found.
    """

    def __init__(
        self,
        kind: str,
        id: str,  # noqa: A002 - the domain calls it id
        *,
        hint: Callable[[], str] | None = None,
    ) -> None:
        """Make the error; *hint*, called only when the message is read, returns its tail.

        Code that catches a miss and goes on never pays for the comparison
        of ids that a did-you-mean costs.
        """
        self.kind = kind
        self.id = id
        self._hint = hint
        super().__init__(kind, id)

    def __str__(self) -> str:
        return f"no {self.kind} with id {self.id!r}" + (self._hint() if self._hint else "")

    def __reduce__(self) -> tuple[object, ...]:
        # The hint refers to the collection searched: a pickled error keeps its text.
        tail = self._hint() if self._hint else ""
        return (_rebuild_unknown_id, (type(self), self.kind, self.id, tail))


def _rebuild_unknown_id(kind: type[UnknownIdError], what: str, id_: str, tail: str) -> object:
    return kind(what, id_, hint=functools.partial(str, tail) if tail else None)


class ApportionmentError(CadreplanError, ValueError):
    """Seats cannot be apportioned under the given weights and bounds."""


class ApportionmentTieError(ApportionmentError):
    """Two or more keys tie for the last seat and ties were asked to raise.

    Attributes:
        keys: The tied keys, in input order.
    """

    def __init__(self, message: str, keys: Sequence[object]) -> None:
        self.keys = tuple(keys)
        super().__init__(message)


class ValidationError(CadreplanError, ValueError):
    """A plan has validation findings of error severity.

    Raised by ``ValidationReport.raise_for_errors()``, and by ``allocate`` on
    such a plan unless it is asked to go on; ``report`` holds every finding.
    """

    def __init__(self, message: str, report: object) -> None:
        self.report = report
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (str(self), self.report))


class OptionalDependencyError(CadreplanError, ImportError):
    """A feature needs an optional extra that is not installed.

    The message names the ``pip install`` command that fixes it.
    """


class CadreplanWarning(UserWarning):
    """Base class of cadreplan's warnings: the input is legal but probably not what you meant.

    Silence a specific one with ``warnings.filterwarnings("ignore", category=...)``.
    """
