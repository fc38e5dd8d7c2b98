r"""From a plan file's bytes to plain data: UTF-8 text, JSON, and what Python cannot hold.

Each thing that can go wrong before the converter sees the data becomes a
`Problem` with a code: bytes that are not UTF-8 text (a Latin-1 byte, UTF-16
with or without a byte-order mark, a binary file), JSON that is not valid or
nests too deep for the parser, integers longer than Python converts, and
strings holding a lone UTF-16 surrogate (``"\ud800"`` is valid JSON, but no
character: such a plan could never be saved again).

The checks cost nothing on a good file: a byte search for NUL, the decoding
that reading needs anyway, and a search for ``\u`` escapes in the text.
Everything else runs only after the fast path has failed.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from typing import TYPE_CHECKING

from cadreplan._support.checks import LARGEST_INTEGER, describe
from cadreplan.errors import PlanFormatError, Problem, ProblemCode

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = [
    "DEEPEST",
    "LARGEST_INTEGER",
    "decode",
    "find",
    "integer_too_long",
    "position",
    "read_json",
    "render_key",
    "surrogate_problems",
]

# The largest integer a plan file may hold, in size: the model's own bound
# (checks.LARGEST_INTEGER), the largest that every JSON reader (JavaScript's, a
# spreadsheet's) holds exactly, and far below what would overflow a float in a
# computation (a session of 10**400 seats did).

DEEPEST = 100
"""How deep a plan's JSON may nest before the loader reports where it went too deep.

A plan nests about five levels (``$.requirements[0].audience.units[0]``).
"""

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
"""Byte-order marks of other encodings; UTF-32's first, as it starts with UTF-16's."""

_SAVE_AS_UTF8 = "expected UTF-8 text: save the file as UTF-8"


def _unreadable(message: str, source: str) -> PlanFormatError:
    return PlanFormatError([Problem("$", message, ProblemCode.NOT_READABLE)], source=source)


def position(text: str, offset: int) -> tuple[int, int]:
    """Return the line and column (both from 1) of character *offset* in *text*."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _looks_like_utf16(data: bytes) -> bool:
    """Tell whether *data*, which holds NUL bytes, is UTF-16 text without a byte-order mark.

    Plan files are mostly ASCII (keys, punctuation, dates), which UTF-16 writes
    as the character's byte beside a 0: every other byte is 0, and the text
    decoded so is printable, where a binary file's is not.
    """
    sample = data[: min(len(data), 4096) // 2 * 2]
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if pairs == 0 or max(even, odd) < 0.3 * pairs or min(even, odd) > 0.02 * pairs:
        return False
    text = sample.decode("utf-16-le" if odd > even else "utf-16-be", errors="replace")
    printable = sum(1 for char in text if char.isprintable() or char in "\t\n\r")
    return printable >= 0.95 * len(text)


def decode(data: bytes, *, kind: str, source: str) -> str:
    """Return the text of a plan file's bytes: UTF-8, with or without a byte-order mark.

    Args:
        data: The file's bytes.
        kind: ``"JSON"`` or ``"YAML"``, for the messages.
        source: The file name, for the error.

    Raises:
        PlanFormatError: The bytes are not UTF-8 text (code ``not_readable``):
            another encoding, with or without a byte-order mark, or a binary file.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            message = (
                f"not UTF-8 text: the file is {encoding} (it starts with a {encoding} "
                f"byte-order mark); {_SAVE_AS_UTF8}"
            )
            raise _unreadable(message, source)
    if b"\x00" in data:
        if _looks_like_utf16(data):
            message = (
                "not UTF-8 text: the file looks like UTF-16 without a byte-order mark "
                f"(every other byte is 0); {_SAVE_AS_UTF8}"
            )
        else:
            message = (
                "not a text plan file: it holds NUL bytes, as binary files do "
                f"(expected {kind} text in UTF-8)"
            )
        raise _unreadable(message, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = data[: error.start].decode("utf-8", errors="replace")
        line, column = position(text, len(text))
        message = (
            f"not UTF-8 text at line {line}, column {column}: byte 0x{data[error.start]:02x} "
            f"({error.reason}); {_SAVE_AS_UTF8}, not Latin-1 or another legacy encoding"
        )
        raise _unreadable(message, source) from None


# -- walking plain data ------------------------------------------------------------------------


def render_key(key: object) -> str:
    """Return a mapping key as it appears in a path: a string as is, surrogates escaped."""
    text = key if isinstance(key, str) else repr(key)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def find(data: object, matches: Callable[[object], bool]) -> Iterator[tuple[str, object]]:
    """Yield ``(path, value)`` for each key and value of plain *data* that *matches*, in order.

    Walks without recursion, so data of any depth is safe.
    """
    stack: list[tuple[str, object]] = [("$", data)]
    while stack:
        path, value = stack.pop()
        if matches(value):
            yield path, value
        if isinstance(value, dict):
            children: list[tuple[str, object]] = []
            for key, member in value.items():
                child = f"{path}.{render_key(key)}"
                if matches(key):
                    yield child, key
                children.append((child, member))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{path}[{index}]", item) for index, item in enumerate(value)]))


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")
"""A ``\\u`` escape of a surrogate, as JSON and YAML write them (``\\ud800``, ``\\U0000D800``)."""


def _has_surrogate(value: object) -> bool:
    return isinstance(value, str) and _SURROGATE.search(value) is not None


def surrogate_problems(data: object, *, text: str | None = None) -> list[Problem]:
    r"""Return a problem for each string (or key) of *data* that holds a lone UTF-16 surrogate.

    Such a string came from a ``\ud800`` escape, or from Python; it is not
    text, and cannot be written as UTF-8. With the *text* that *data* was read
    from, strings are walked only if the text has a surrogate escape at all.
    """
    if text is not None and ("\\u" not in text and "\\U" not in text):
        return []
    if text is not None and _SURROGATE_ESCAPE.search(text) is None:
        return []
    problems = []
    for path, value in find(data, _has_surrogate):
        assert isinstance(value, str)
        half = _SURROGATE.search(value)
        assert half is not None
        problems.append(
            Problem(
                path,
                f"expected text (got {describe(value)}: {half.group()!r} is half of a UTF-16 "
                "surrogate pair, not a character)",
                ProblemCode.VALUE,
            )
        )
    return problems


# -- JSON ---------------------------------------------------------------------------------------


class _TooLong:
    """Stands for an integer of more digits than Python converts, where it was in the file."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


def integer_too_long(digits: int) -> str:
    """Return the message of an integer written with *digits* digits, too many to read."""
    return (
        f"expected a number of at most {sys.get_int_max_str_digits()} digits "
        f"(got an integer of {digits} digits)"
    )


def _read_integer(literal: str) -> int | _TooLong:
    try:
        return int(literal)
    except ValueError:
        return _TooLong(len(literal.lstrip("-")))


def _long_integer_problems(text: str) -> list[Problem]:
    """Return a problem, with its path, for each integer of *text* too long to convert."""
    data = json.loads(text, parse_int=_read_integer)
    return [
        Problem(path, integer_too_long(value.digits), ProblemCode.VALUE)
        for path, value in find(data, lambda value: isinstance(value, _TooLong))
        if isinstance(value, _TooLong)
    ]


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
"""A JSON string (skipped whole) or a bracket."""


def _too_deep(text: str) -> Problem:
    """Return the problem of JSON *text* that nests deeper than the parser can follow."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > DEEPEST:
                line, column = position(text, token.start())
                return Problem(
                    "$",
                    f"not valid JSON at line {line}, column {column}: nests more than "
                    f"{DEEPEST} levels deep",
                    ProblemCode.SYNTAX,
                )
        elif bracket in "]}":
            depth -= 1
    return Problem("$", "not valid JSON: nests too deep to read", ProblemCode.SYNTAX)


def read_json(text: str, *, source: str) -> object:
    """Return the plain data of JSON *text*.

    Raises:
        PlanFormatError: The text is not valid JSON or nests too deep to read
            (code ``syntax``), has an integer too long to convert, or a string
            with a lone surrogate (code ``value``, with the path).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        # json's own words would tell a Python user how to decode the file.
        what = "a second byte-order mark" if "BOM" in error.msg else error.msg
        problem = Problem("$", f"not valid JSON at {where}: {what}", ProblemCode.SYNTAX)
        raise PlanFormatError([problem], source=source) from None
    except RecursionError:
        raise PlanFormatError([_too_deep(text)], source=source) from None
    except ValueError as error:
        # Not a syntax error: an integer with more digits than int() converts.
        try:
            problems = _long_integer_problems(text)
        except RecursionError:
            problems = [_too_deep(text)]
        except ValueError:  # pragma: no cover - the same text failed the same way before
            problems = []
        if not problems:  # pragma: no cover - json raises no other ValueError
            problems = [Problem("$", f"not valid JSON: {error}", ProblemCode.SYNTAX)]
        raise PlanFormatError(problems, source=source) from None
    problems = surrogate_problems(data, text=text)
    if problems:
        raise PlanFormatError(problems, source=source)
    return data
