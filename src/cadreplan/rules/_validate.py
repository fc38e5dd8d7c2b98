"""Running the rules: their selection and re-grading, and ``validate``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.rules._base import Rule, ValidationContext, ValidationOptions
from cadreplan.rules._builtin import BUILTIN_RULES
from cadreplan.rules._findings import Finding, Severity
from cadreplan.rules._report import ValidationReport

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from cadreplan.model import Plan

__all__ = ["builtin_rules", "validate"]


def _matches(code: str, patterns: Iterable[str]) -> str | None:
    """Return the longest pattern that is a prefix of *code* (``"CP3"`` matches ``"CP301"``)."""
    best: str | None = None
    for pattern in patterns:
        if code.startswith(pattern) and (best is None or len(pattern) > len(best)):
            best = pattern
    return best


def _as_codes(value: str | Iterable[str] | None, name: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    # Callers without a type checker pass anything: check each member.
    members: tuple[object, ...] = (value,) if isinstance(value, str) else tuple(value)
    codes: list[str] = []
    for code in members:
        if not isinstance(code, str) or not code:
            msg = f"{name} must hold non-empty code strings (got {code!r})"
            raise TypeError(msg)
        codes.append(code)
    return tuple(codes)


def _is_selected(code: str, select: tuple[str, ...] | None, ignore: tuple[str, ...] | None) -> bool:
    chosen = _matches(code, select) if select is not None else ""
    if chosen is None:
        return False
    dropped = _matches(code, ignore or ())
    # As in linters: the more specific of select and ignore wins; a tie ignores.
    return dropped is None or len(chosen) > len(dropped)


def validate(
    plan: Plan,
    /,
    *,
    rules: Iterable[Rule] | None = None,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    severity: Mapping[str, Severity | str] | None = None,
    options: ValidationOptions | None = None,
    builtin: bool = True,
) -> ValidationReport:
    """Check *plan* against the built-in rules and *rules*, and report every finding.

    Args:
        plan: The plan to check.
        rules: Extra rules, run after the built-in ones.
        select: Codes or code prefixes to run (``["CP1", "CP301"]``); all by default.
        ignore: Codes or code prefixes to skip. Where both *select* and
            *ignore* match a code, the longer (more specific) pattern wins.
        severity: Re-grade findings: a mapping from code or code prefix to a
            severity (``{"CP306": "error"}``); the longest matching prefix wins.
        options: Thresholds of the built-in rules.
        builtin: Whether to run the built-in rules (``False`` runs only *rules*).

    Returns:
        The report: findings in rule order, then plan order within each rule.

    Raises:
        ValueError: Two rules share a code, or a severity is unknown.

    Examples:
        >>> from cadreplan.datasets import demo_region
        >>> report = validate(demo_region())
        >>> report.ok
        True
    """
    chosen_select = _as_codes(select, "select")
    chosen_ignore = _as_codes(ignore, "ignore")
    grades = {pattern: Severity(value) for pattern, value in (severity or {}).items()}
    given: list[object] = [*(BUILTIN_RULES if builtin else ()), *(rules or ())]
    all_rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for item in given:
        if not isinstance(item, Rule):
            msg = f"rules must be Rule objects (got {item!r}); decorate the function with @rule"
            raise TypeError(msg)
        all_rules.append(item)
        if item.code in seen:
            titles = f"{seen[item.code].title!r} and {item.title!r}"
            msg = f"two rules share the code {item.code!r}: {titles}"
            raise ValueError(msg)
        seen[item.code] = item
    context = ValidationContext(plan, options or ValidationOptions())
    findings: list[Finding] = []
    ran: list[Rule] = []
    for item in all_rules:
        if not _is_selected(item.code, chosen_select, chosen_ignore):
            continue
        pattern = _matches(item.code, grades)
        findings.extend(
            item.findings(plan, context, severity=None if pattern is None else grades[pattern])
        )
        ran.append(item)
    return ValidationReport(findings, rules=ran)


def builtin_rules() -> tuple[Rule, ...]:
    """Return the built-in rules, in the order ``validate`` runs them.

    Examples:
        >>> [item.code for item in builtin_rules()][:3]
        ['CP101', 'CP102', 'CP103']
    """
    return BUILTIN_RULES
