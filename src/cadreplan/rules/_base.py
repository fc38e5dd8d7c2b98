"""What a rule is: its code, severity and check, the context it gets, the ``@rule`` decorator."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs
from dateutil.relativedelta import relativedelta

from cadreplan._support import checks
from cadreplan.ledger import DEFAULT_THEME_WINDOW, coverage
from cadreplan.rules._findings import Finding, Severity, Violation, to_severity

if TYPE_CHECKING:
    from cadreplan.ledger import CoverageLedger
    from cadreplan.model import Plan

__all__ = ["Check", "Rule", "ValidationContext", "ValidationOptions", "rule"]

Check = Callable[["Plan", "ValidationContext"], Iterable[Violation]]
"""What a rule runs: given the plan and the context, yield violations."""


def _fraction(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        msg = f"'{attribute.name}' must be a number from 0 to 1 (got {value!r})"
        raise checks.FieldValueError(attribute.name, msg)


@checks.friendly_init
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

    on: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    theme_window: relativedelta = attrs.field(
        default=DEFAULT_THEME_WINDOW, validator=checks.duration
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
            self._ledger = coverage(self._plan, on=self.on)
        return self._ledger


@checks.friendly_init
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

    code: str = attrs.field(validator=checks.identifier)
    title: str = attrs.field(validator=checks.text)
    severity: Severity = attrs.field(default=Severity.ERROR, converter=to_severity)
    check: Check = attrs.field(eq=False)
    description: str = attrs.field(default="", validator=checks.text)

    @check.validator
    def _callable(self, attribute: attrs.Attribute[Check], value: object) -> None:
        if not callable(value):
            msg = (
                f"'check' must be a callable taking the plan (and the validation context), "
                f"got {checks.describe(value)}"
            )
            raise checks.FieldTypeError(attribute.name, msg)

    @code.validator
    def _code_shape(self, attribute: attrs.Attribute[str], value: str) -> None:
        head = value.rstrip("0123456789")
        if not (head and head.isalpha() and head.isupper() and len(head) < len(value)):
            msg = f"'code' must be upper-case letters then digits, like 'CP301' (got {value!r})"
            raise checks.FieldValueError(attribute.name, msg)

    def findings(
        self, plan: Plan, context: ValidationContext, *, severity: Severity | None = None
    ) -> Iterator[Finding]:
        """Run the check and yield its findings, at *severity* or the rule's default."""
        grade = self.severity if severity is None else Severity(severity)
        for violation in self.check(plan, context):
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
