"""The rule engine: rules, their selection and re-grading, and ``validate``."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs
from dateutil.relativedelta import relativedelta

from cadreplan import _checks
from cadreplan._findings import Finding, Severity, Violation, _new_finding
from cadreplan._gcpause import without_gc_pauses
from cadreplan._predicates import DEFAULT_THEME_WINDOW
from cadreplan._report import ValidationReport

if TYPE_CHECKING:
    from cadreplan._coverage import CoverageLedger
    from cadreplan._plan import Plan

__all__ = ["Rule", "ValidationContext", "ValidationOptions", "builtin_rules", "rule", "validate"]

Check = Callable[["Plan", "ValidationContext"], Iterable[Violation]]
"""What a rule runs: given the plan and the context, yield violations."""


def _fraction(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        msg = f"'{attribute.name}' must be a number from 0 to 1 (got {value!r})"
        raise _checks.FieldValueError(attribute.name, msg)


@attrs.frozen(kw_only=True)
class ValidationOptions:
    """Tunable thresholds of the built-in rules.

    Attributes:
        on: The reference day for coverage and audiences' age bounds; by
            default the last day of the plan period.
        theme_window: Two trainings on a shared theme starting closer than this
            are duplicate training (CP306).
        min_fill: Sessions filled below this share of their capacity are
            under-filled (CP602).
    """

    on: dt.date | None = attrs.field(default=None, validator=_checks.optional_date)
    theme_window: relativedelta = attrs.field(
        default=DEFAULT_THEME_WINDOW, validator=_checks.duration
    )
    min_fill: float = attrs.field(default=0.5, validator=_fraction)


class ValidationContext:
    """What a rule's check gets besides the plan: options and shared, cached work.

    Attributes:
        options: The validation options.
        on: The reference day (``options.on`` or the plan period's last day).
    """

    __slots__ = ("_ledger", "_plan", "on", "options")

    def __init__(self, plan: Plan, options: ValidationOptions) -> None:
        self._plan = plan
        self.options = options
        self.on = plan.period.end_on if options.on is None else options.on
        self._ledger: CoverageLedger | None = None

    @property
    def ledger(self) -> CoverageLedger:
        """The coverage ledger on ``on``, computed once for all rules that need it."""
        if self._ledger is None:
            from cadreplan._coverage import coverage  # noqa: PLC0415 - built on first use

            self._ledger = coverage(self._plan, on=self.on)
        return self._ledger


@attrs.frozen(kw_only=True)
class Rule:
    """A validation rule: a stable code, a default severity and a check.

    Make one with the [`rule`][cadreplan.rule] decorator, or directly from any
    callable (a function or an instance of a small class with ``__call__``)
    that takes ``(plan, context)`` and yields [`Violation`][cadreplan.Violation]s.

    Attributes:
        code: Stable code, letters then digits (``"CP301"``, ``"HR001"``); codes
            never change meaning once released.
        title: A short title (``"Session over capacity"``).
        severity: The default severity of its findings.
        check: The callable that yields violations.
        description: What the rule checks and how to fix what it finds.
    """

    code: str = attrs.field(validator=_checks.identifier)
    title: str = attrs.field(validator=_checks.text)
    severity: Severity = attrs.field(default=Severity.ERROR, converter=Severity)
    check: Check = attrs.field(eq=False)
    description: str = attrs.field(default="", validator=_checks.text)

    @check.validator
    def _callable(self, attribute: attrs.Attribute[Check], value: object) -> None:
        if not callable(value):
            msg = (
                f"'check' must be a callable taking the plan (and the validation context), "
                f"got {_checks.describe(value)}"
            )
            raise _checks.FieldTypeError(attribute.name, msg)

    @code.validator
    def _code_shape(self, attribute: attrs.Attribute[str], value: str) -> None:
        head = value.rstrip("0123456789")
        if not (head and head.isalpha() and head.isupper() and len(head) < len(value)):
            msg = f"'code' must be upper-case letters then digits, like 'CP301' (got {value!r})"
            raise _checks.FieldValueError(attribute.name, msg)

    def findings(
        self, plan: Plan, context: ValidationContext, *, severity: Severity | None = None
    ) -> Iterator[Finding]:
        """Run the check and yield its findings, at *severity* or the rule's default."""
        grade = self.severity if severity is None else Severity(severity)
        for violation in self.check(plan, context):
            if type(violation) is Violation:
                # Checked when the violation was made, as the code and grade were with
                # the rule: a region's coverage rule reports tens of thousands.
                yield _new_finding(
                    self.code,
                    grade,
                    violation.message,
                    violation.path,
                    violation.subjects,
                    violation.message_zh,
                )
                continue
            yield Finding(
                code=self.code,
                severity=grade,
                message=violation.message,
                path=violation.path,
                subjects=violation.subjects,
                message_zh=violation.message_zh,
            )


def _adapt(function: Callable[..., Iterable[Violation]]) -> Check:
    """Let a check take ``(plan)`` alone when it needs no context."""
    parameters = [
        parameter
        for parameter in inspect.signature(function).parameters.values()
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
    ]
    if len(parameters) == 1:
        return lambda plan, _: function(plan)
    return function


def rule(
    code: str,
    title: str,
    *,
    severity: Severity | str = Severity.ERROR,
    description: str | None = None,
) -> Callable[[Callable[..., Iterable[Violation]]], Rule]:
    """Turn a generator function into a [`Rule`][cadreplan.Rule].

    The function takes the plan (and optionally the
    [`ValidationContext`][cadreplan.ValidationContext]) and yields
    [`Violation`][cadreplan.Violation]s. Its docstring becomes the rule's
    description unless *description* is given.

    Examples:
        >>> import cadreplan
        >>> @cadreplan.rule("HR001", "Sessions need a location", severity="warning")
        ... def sessions_have_location(plan):
        ...     for index, session in enumerate(plan.sessions):
        ...         if not plan.institution(session.institution).location:
        ...             yield cadreplan.Violation(
        ...                 message=f"session {session.id!r} has no location",
        ...                 path=f"$.sessions[{index}]",
        ...                 subjects=(session.id,),
        ...             )
        >>> sessions_have_location.code
        'HR001'
    """

    def decorate(function: Callable[..., Iterable[Violation]]) -> Rule:
        text = description if description is not None else inspect.getdoc(function) or ""
        return Rule(
            code=code,
            title=title,
            severity=Severity(severity),
            check=_adapt(function),
            description=text,
        )

    return decorate


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


@without_gc_pauses
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

    It pauses Python's cyclic garbage collector (process-wide,
    ``gc.disable``) while it runs, your rules included, as
    [`load_plan`][cadreplan.load_plan] does, and enables it again at the end,
    unless it was already disabled.

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
    from cadreplan._builtin_rules import BUILTIN_RULES  # noqa: PLC0415 - avoids an import cycle

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
    from cadreplan._builtin_rules import BUILTIN_RULES  # noqa: PLC0415 - avoids an import cycle

    return BUILTIN_RULES
