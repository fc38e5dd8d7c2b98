"""Which rules a validation runs, and how it grades them: ``validate``'s arguments, checked once.

`check_selection` is the one place where ``rules``, ``builtin``, ``select``,
``ignore`` and ``severity`` are checked: `validate` calls it, and so does the
command line, before it reads a plan, so that both refuse the same arguments
with the same messages. Each refusal is a `FieldError` whose ``field`` is the
argument's name (``"select"``), which the command line shows as its option
(``--select``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypeGuard

import attrs

from cadreplan._support import checks
from cadreplan.rules._base import Rule
from cadreplan.rules._builtin import BUILTIN_RULES, RETIRED_CODES
from cadreplan.rules._findings import Severity, severity_argument

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "Selection",
    "check_pattern",
    "check_patterns",
    "check_selection",
    "family",
    "matching_pattern",
]


@attrs.frozen
class Selection:
    """The rules one validation runs, each with the severity it grades its findings at.

    Attributes:
        rules: Every rule given, the built-in ones first: `Rule` objects with
            unique codes.
        runs: The selected rules, in order, each with its severity from the
            ``severity`` argument (``None``: the rule's own).
    """

    rules: tuple[Rule, ...]
    runs: tuple[tuple[Rule, Severity | None], ...]


def check_selection(
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    severity: Mapping[str, Severity | str] | None = None,
    rules: Iterable[Rule] | None = None,
    builtin: bool = True,
) -> Selection:
    """Check the arguments of `validate` that choose and grade rules, and resolve them.

    The arguments mean what they mean to `validate`:
    codes and code prefixes must be those of the rules that would run (the
    built-in ones unless *builtin* is false, then *rules*); severities are
    `Severity` members or their values (``"error"``).

    Returns:
        The rules given and those selected, with their severities.

    Raises:
        FieldTypeError: An argument of the wrong type: a lone string for
            *select* or *ignore* (pass a list: ``["CP5"]``), something not a
            `Rule` in *rules*, a non-mapping *severity*. ``field`` names the
            argument.
        FieldValueError: A code or prefix that no rule has (with a
            did-you-mean and the families there are), an unknown severity,
            two rules with one code.
    """
    given = _rules(rules, builtin=builtin)
    codes = [item.code for item in given]
    chosen = check_patterns(select, "select", codes)
    dropped = check_patterns(ignore, "ignore", codes)
    grades = _grades(severity, codes)
    runs: list[tuple[Rule, Severity | None]] = []
    for item in given:
        if not _is_selected(item.code, chosen, dropped):
            continue
        pattern = matching_pattern(item.code, grades)
        runs.append((item, None if pattern is None else grades[pattern]))
    return Selection(rules=given, runs=tuple(runs))


def matching_pattern(code: str, patterns: Iterable[str]) -> str | None:
    """Return the longest pattern that is a prefix of *code* (``"CP3"`` matches ``"CP301"``)."""
    best: str | None = None
    for pattern in patterns:
        if code.startswith(pattern) and (best is None or len(pattern) > len(best)):
            best = pattern
    return best


def _is_selected(code: str, select: tuple[str, ...] | None, ignore: tuple[str, ...] | None) -> bool:
    chosen = matching_pattern(code, select) if select is not None else ""
    if chosen is None:
        return False
    dropped = matching_pattern(code, ignore or ())
    # As in linters: the more specific of select and ignore wins; a tie ignores.
    return dropped is None or len(chosen) > len(dropped)


def _rules(rules: object, *, builtin: object) -> tuple[Rule, ...]:
    """Return the built-in rules (if *builtin*) and *rules*, checked: Rule objects, codes unique."""
    if not isinstance(builtin, bool):
        msg = f"'builtin' must be True or False (got {checks.describe(builtin)})"
        raise checks.FieldTypeError("builtin", msg)
    extra: tuple[object, ...] = ()
    if isinstance(rules, Rule):
        msg = (
            f"'rules' must be a list of Rule objects, not a Rule ({rules.code!r}): put it in a list"
        )
        raise checks.FieldTypeError("rules", msg)
    if rules is not None:
        if isinstance(rules, str | bytes | Mapping) or not isinstance(rules, Iterable):
            msg = f"'rules' must be a list of Rule objects (got {checks.describe(rules)})"
            raise checks.FieldTypeError("rules", msg)
        extra = tuple(rules)
    seen: dict[str, Rule] = {}
    for item in (*(BUILTIN_RULES if builtin else ()), *extra):
        if not isinstance(item, Rule):
            msg = (
                f"'rules' must hold Rule objects (got {checks.describe(item)}); "
                f"decorate the function with @rule, or wrap it in Rule(...)"
            )
            raise checks.FieldTypeError("rules", msg)
        if builtin and item.code in RETIRED_CODES:
            msg = (
                f"rule {item.title!r} has the code {item.code!r}, which is reserved: it was "
                f"the code of a built-in rule ({RETIRED_CODES[item.code]}); give yours a prefix "
                f"of your own, like 'HR{item.code[2:]}'"
            )
            raise checks.FieldValueError("rules", msg)
        first = seen.setdefault(item.code, item)
        if first is not item:
            msg = f"two rules share the code {item.code!r}: {first.title!r} and {item.title!r}"
            if builtin and first in BUILTIN_RULES:
                digits = item.code.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                msg += (
                    f"; {item.code!r} is a built-in rule's code: give yours a prefix "
                    f"of your own, like 'HR{digits}'"
                )
            raise checks.FieldValueError("rules", msg)
    return tuple(seen.values())


def check_patterns(value: object, field: str, codes: Sequence[str]) -> tuple[str, ...] | None:
    """Return the codes or code prefixes of *value* (``None`` stays ``None``), each checked.

    Each must be a non-empty string that is a prefix of one of *codes*; the
    error's field is *field* (``"select"``, ``"ignore"``, ``"code"``).
    """
    if value is None:
        return None
    if isinstance(value, str):
        msg = (
            f"{field!r} must be a list of rule codes or code prefixes, "
            f"not the string {checks.describe(value)}: write [{checks.describe(value)}]"
        )
        raise checks.FieldTypeError(field, msg)
    if isinstance(value, bytes | Mapping) or not isinstance(value, Iterable):
        found = checks.describe(value)
        msg = f"{field!r} must be a list of rule codes or code prefixes (got {found})"
        raise checks.FieldTypeError(field, msg)
    patterns: list[str] = []
    for pattern in value:
        check_pattern(pattern, field, codes)
        patterns.append(pattern)
    return tuple(patterns)


def check_pattern(
    pattern: object, field: str, codes: Sequence[str], *, key: bool = False
) -> TypeGuard[str]:
    """Check that *pattern* is a code or code prefix of one of *codes*; raise naming *field*.

    *key* says that *pattern* is a key of the mapping *field* (``severity``).
    """
    entries = f"{field!r} {'keys' if key else 'entries'}"
    if not isinstance(pattern, str):
        found = checks.describe(pattern)
        msg = f"{entries} must be rule codes or code prefixes, as strings (got {found})"
        raise checks.FieldTypeError(field, msg)
    if not pattern.strip():
        msg = f"{entries} must be non-empty rule codes or code prefixes (got {pattern!r})"
        raise checks.FieldValueError(field, msg)
    if any(code.startswith(pattern) for code in codes):
        return True
    if pattern in RETIRED_CODES:
        msg = (
            f"{field!r} has {pattern!r}, a retired code: {RETIRED_CODES[pattern]} is refused "
            f"when the object is made, so no rule checks it any more"
        )
        raise checks.FieldValueError(field, msg)
    msg = (
        f"{field!r} has {'the key ' if key else ''}{checks.describe(pattern)}, which is no "
        f"rule's code or code prefix{_suggestion(pattern, codes)} ({_known(codes)})"
    )
    raise checks.FieldValueError(field, msg)


def _grades(severity: object, codes: Sequence[str]) -> dict[str, Severity]:
    if severity is None:
        return {}
    if not isinstance(severity, Mapping):
        msg = (
            f"'severity' must be a mapping from rule codes or code prefixes to severities, "
            f"like {{'CP306': 'error'}} (got {checks.describe(severity)})"
        )
        raise checks.FieldTypeError("severity", msg)
    grades: dict[str, Severity] = {}
    for pattern, value in severity.items():
        if check_pattern(pattern, "severity", codes, key=True):
            grades[pattern] = severity_argument(value, "severity", key=pattern)
    return grades


def family(code: str) -> str:
    """Return the family of *code*: its letters and first digit (``"CP3"`` for ``"CP301"``)."""
    head = code.rstrip("0123456789")
    return code[: len(head) + 1]


def _known(codes: Sequence[str]) -> str:
    """Return the families and codes there are: ``families CP1, CP2; codes CP101 to CP205``."""
    if not codes:
        return "no rule runs: pass rules=[...], or builtin=True"
    families = list(dict.fromkeys(family(code) for code in codes))
    by_letters: dict[str, list[str]] = {}
    for code in codes:
        by_letters.setdefault(code.rstrip("0123456789"), []).append(code)
    spans = []
    for group in by_letters.values():
        ordered = sorted(group)
        spans.append(ordered[0] if len(ordered) == 1 else f"{ordered[0]} to {ordered[-1]}")
    return f"families {', '.join(families)}; codes {', '.join(spans)}"


def _suggestion(pattern: str, codes: Sequence[str]) -> str:
    """Return ``"; did you mean 'CP301'?"`` for the one code or family most like *pattern*.

    A typo in the case (``cp301``) is suggested in upper case. When several
    candidates are equally like it (``CP9`` is as like ``CP1`` as ``CP6``),
    none is suggested rather than one at random.
    """
    upper = pattern.strip().upper()
    if any(code.startswith(upper) for code in codes):
        return f"; did you mean {upper!r}?"
    candidates = list(dict.fromkeys([*(family(code) for code in codes), *codes]))
    close = checks.similar(pattern, candidates, count=2)
    if not close:
        return ""
    if len(close) == 2:
        best, second = (difflib.SequenceMatcher(a=item, b=pattern).ratio() for item in close)
        if best == second:
            return ""
    return f"; did you mean {close[0]!r}?"
