"""Running the rules: ``validate``, and the built-in catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan._support import checks
from cadreplan.model import Plan, require_plan
from cadreplan.rules._base import Rule, ValidationContext, ValidationOptions
from cadreplan.rules._builtin import BUILTIN_RULES
from cadreplan.rules._report import ValidationReport
from cadreplan.rules._selection import check_selection

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from cadreplan.rules._findings import Finding, Severity

__all__ = ["builtin_rules", "validate"]


def validate(
    plan: Plan,
    /,
    *,
    rules: Iterable[Rule] | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    severity: Mapping[str, Severity | str] | None = None,
    options: ValidationOptions | None = None,
    builtin: bool = True,
) -> ValidationReport:
    """Check *plan* against the built-in rules and *rules*, and report every finding.

    The arguments are checked before any rule runs, the same way the
    ``cadreplan validate`` command checks its options: a code or prefix in
    *select*, *ignore* or *severity* must be one of the rules that would run.

    Args:
        plan: The plan to check.
        rules: Extra rules, run after the built-in ones.
        select: Codes or code prefixes to run, as a list (``["CP1", "CP301"]``);
            all by default, none if empty.
        ignore: Codes or code prefixes to skip, as a list. Where both *select*
            and *ignore* match a code, the longer (more specific) pattern wins.
        severity: Re-grade findings: a mapping from code or code prefix to a
            severity (``{"CP306": "error"}``); the longest matching prefix wins.
        options: Thresholds of the built-in rules.
        builtin: Whether to run the built-in rules (``False`` runs only *rules*).

    Returns:
        The report: findings in rule order, then plan order within each rule.

    Raises:
        FieldTypeError: An argument of the wrong type: *plan* not a `Plan`,
            a lone string for *select* or *ignore* (write ``["CP5"]``), an
            item of *rules* that is not a `Rule`, *options*
            not `ValidationOptions`; or a rule's
            check that yields something other than violations. ``field``
            names the argument.
        FieldValueError: A code or prefix that no rule has (the message
            suggests the one meant and lists the families), a severity that
            does not exist (it lists ``'error'``, ``'warning'``, ``'info'``),
            or two rules sharing a code.

    Examples:
        >>> from cadreplan.datasets import demo_region
        >>> report = validate(demo_region())
        >>> report.ok
        True
        >>> validate(demo_region(), select=["CP9"])
        Traceback (most recent call last):
        ...
        cadreplan.errors.FieldValueError: 'select' has 'CP9', which is no rule's code ...
    """
    # Callers without a type checker pass anything: say what was expected.
    given: tuple[object, object] = (plan, options)
    require_plan(given[0])
    if given[1] is not None and not isinstance(given[1], ValidationOptions):
        msg = (
            f"'options' must be a ValidationOptions, like ValidationOptions(min_fill=0.75) "
            f"(got {checks.describe(given[1])})"
        )
        raise checks.FieldTypeError("options", msg)
    selection = check_selection(
        select=select, ignore=ignore, severity=severity, rules=rules, builtin=builtin
    )
    context = ValidationContext(plan, options or ValidationOptions())
    findings: list[Finding] = []
    for item, grade in selection.runs:
        findings.extend(item.findings(plan, context, severity=grade))
    return ValidationReport(findings, rules=[item for item, _ in selection.runs])


def builtin_rules() -> tuple[Rule, ...]:
    """Return the built-in rules, in the order ``validate`` runs them.

    Examples:
        >>> [item.code for item in builtin_rules()][:3]
        ['CP101', 'CP102', 'CP103']
    """
    return BUILTIN_RULES
