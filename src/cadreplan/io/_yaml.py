"""Plan files in YAML, through PyYAML (the ``yaml`` extra); the only module that imports it."""

from __future__ import annotations

import re
import sys
from typing import IO, TYPE_CHECKING, Any

import yaml

from cadreplan._support.checks import describe
from cadreplan.errors import PlanFormatError, Problem, ProblemCode
from cadreplan.io._text import integer_too_long, position, render_key, surrogate_problems

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["read", "write"]


def _loader() -> type[Any]:
    # A safe loader: libyaml's when PyYAML has it (its wheels do), many times faster.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(text: str, *, source: str) -> object:
    """Return the plain data of YAML *text*, read safely (no tags that build objects).

    Raises:
        PlanFormatError: The text is not valid YAML or nests too deep to read
            (code ``syntax``, with the line and column), has an integer too
            long to convert or a string with a lone surrogate (code
            ``value``, with the path).
    """
    problems: list[Problem]
    try:
        data = yaml.load(text, Loader=_loader())  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        problems = [Problem("$", _syntax(error), ProblemCode.SYNTAX)]
    except yaml.reader.ReaderError as error:
        line, column = position(text, error.position)
        message = f"not valid YAML at line {line}, column {column}: {_reader_reason(error)}"
        problems = [Problem("$", message, ProblemCode.SYNTAX)]
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML's errors are marked or reader's
        problems = [Problem("$", f"not valid YAML: {error}", ProblemCode.SYNTAX)]
    except RecursionError:  # pragma: no cover - libyaml stops at 1,000 levels first
        problems = [Problem("$", "not valid YAML: nests too deep to read", ProblemCode.SYNTAX)]
    except (ValueError, TypeError, OverflowError):
        # Not a syntax error: a scalar that cannot be built, such as an unquoted 2024-02-30.
        problems = list(_unreadable_scalars(text))
        if not problems:  # pragma: no cover - the scalar that failed fails again
            problems = [Problem("$", "not valid YAML: a value cannot be read", ProblemCode.VALUE)]
    else:
        problems = surrogate_problems(data, text=text)
        if not problems:
            return data
    raise PlanFormatError(problems, source=source)


def _syntax(error: yaml.MarkedYAMLError) -> str:
    """Return the message of a YAML syntax error: where, what, and in what construct."""
    mark = error.problem_mark or error.context_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    what = error.problem or error.context or "unreadable"
    context = ""
    if error.context and error.problem:
        start = error.context_mark
        started = (
            f" that starts at line {start.line + 1}, column {start.column + 1}"
            if start is not None and mark is not None and start.index != mark.index
            else ""
        )
        context = f" ({error.context}{started})"
    return f"not valid YAML{where}: {what}{context}"


def _reader_reason(error: yaml.reader.ReaderError) -> str:
    character = error.character
    code = character if isinstance(character, int) else ord(character)
    return f"the character U+{code:04X} is not allowed in YAML"


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_KINDS = {
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number",
    _TIMESTAMP: "a real date",
}


def _unreadable_scalars(text: str) -> Iterator[Problem]:
    """Yield a problem, with its path and place, for each scalar that YAML cannot build.

    An unquoted ``2024-02-30`` (a date of no calendar), an integer of more
    digits than Python converts, a ``!!int x``: PyYAML raises a bare
    ``ValueError`` for the first it meets, without saying where.
    """
    node = yaml.compose(text, Loader=_loader())
    constructor = yaml.constructor.SafeConstructor()
    stack: list[tuple[str, Any]] = [("$", node)] if node is not None else []
    while stack:
        path, current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            pairs = [(f"{path}.{render_key(key.value)}", value) for key, value in current.value]
            stack.extend(reversed(pairs))
        elif isinstance(current, yaml.SequenceNode):
            items = [(f"{path}[{index}]", item) for index, item in enumerate(current.value)]
            stack.extend(reversed(items))
        else:
            try:
                constructor.construct_object(current)
            except (ValueError, TypeError, OverflowError, yaml.YAMLError) as error:
                yield Problem(path, _unbuilt(current, error), ProblemCode.VALUE)


def _unbuilt(node: Any, error: Exception) -> str:
    """Return the message of a scalar *node* that could not be built."""
    mark = node.start_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}"
    digits = sum(len(run) for run in _DIGIT_RUN.findall(node.value))
    if node.tag == "tag:yaml.org,2002:int" and digits > sys.get_int_max_str_digits() > 0:
        return f"{integer_too_long(digits)}{where}"
    expected = _SCALAR_KINDS.get(node.tag, f"a value of the tag {node.tag}")
    # Only the calendar's reason is worth showing ("day is out of range for month").
    reason = f": {error}" if node.tag == _TIMESTAMP else ""
    return f"expected {expected} (got {describe(node.value)}{reason}){where}"


_DIGIT_RUN = re.compile(r"[0-9]+")


def write(data: dict[str, Any], stream: IO[str]) -> None:
    """Write plain *data* to *stream* as YAML, keys in their order, Unicode as is."""
    yaml.dump(data, stream, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)


_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
"""The line breaks besides CR and LF that YAML 1.1 knows: NEL, LS and PS."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def _dumper() -> type[Any]:
    r"""Return a safe dumper that writes strings with unusual line breaks double-quoted.

    PyYAML writes NEL, LS and PS unescaped into single-quoted strings, where a
    reader folds a NEL into a space; double quotes escape them (``\N``, ``\L``,
    ``\P``) and make them visible. A subclass leaves PyYAML's ``SafeDumper``
    as it was.

    libyaml's emitter refuses a string with a lone surrogate (a
    ``UnicodeEncodeError``, which `save_plan` reports), but PyYAML's own
    writes it as an escape that no plan file may hold: the dumper refuses
    it the same way.
    """
    # libyaml's emitter when PyYAML has it (its wheels do): many times faster.
    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    check_surrogates = base is yaml.SafeDumper

    def represent_str(dumper: Any, value: str) -> Any:
        if check_surrogates and (half := _SURROGATE.search(value)) is not None:
            start = half.start()
            raise UnicodeEncodeError("utf-8", value, start, start + 1, "surrogates not allowed")
        style = '"' if any(char in value for char in _LINE_BREAKS) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    class PlanDumper(base):  # type: ignore[misc,valid-type]
        pass

    PlanDumper.add_representer(str, represent_str)
    return PlanDumper


_DUMPER = _dumper()
