"""What a rule is: its code, severity and check, the context it gets, the ``@rule`` decorator."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NoReturn, overload

import attrs
from dateutil.relativedelta import relativedelta

from cadreplan._support import checks
from cadreplan.ledger import DEFAULT_THEME_WINDOW, coverage
from cadreplan.model import Plan, require_plan
from cadreplan.rules._findings import (
    Finding,
    Severity,
    Violation,
    severity_argument,
    to_severity,
)

if TYPE_CHECKING:
    from cadreplan.ledger import CoverageLedger

__all__ = [
    "Check",
    "Decorator",
    "Rule",
    "ValidationContext",
    "ValidationOptions",
    "is_code",
    "rule",
]

Check = Callable[["Plan", "ValidationContext"], Iterable[Violation]]
"""What a rule runs: given the plan and the context, yield violations."""


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
    min_fill: float = attrs.field(default=0.5, validator=checks.fraction)


class ValidationContext:
    """What a rule's check gets besides the plan: options and shared, cached work.

    Attributes:
        options: The validation options.
        on: The reference day (``options.on`` or the plan period's last day).
    """

    __slots__ = ("_ledger", "_plan", "on", "options")

    def __init__(self, plan: Plan, options: ValidationOptions) -> None:
        given: tuple[object, object] = (plan, options)
        require_plan(given[0])
        if not isinstance(given[1], ValidationOptions):
            msg = f"'options' must be a ValidationOptions (got {checks.describe(given[1])})"
            raise checks.FieldTypeError("options", msg)
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

    Make one with the `rule` decorator, or directly from any
    callable (a function or an instance of a small class with ``__call__``)
    that takes ``(plan, context)`` and yields `Violation`s.

    Attributes:
        code: Stable code, letters then digits (``"CP301"``, ``"HR001"``); codes
            never change meaning once released.
        title: A short title (``"Session over capacity"``).
        severity: The default severity of its findings.
        check: The callable that yields violations.
        description: What the rule checks and how to fix what it finds.
        title_zh: The title in Chinese (``"期次超员"``); empty if the rule has
            none, and then Chinese reports show the English title.
    """

    code: str = attrs.field(validator=checks.identifier)
    title: str = attrs.field(validator=checks.text)
    severity: Severity = attrs.field(default=Severity.ERROR, converter=to_severity)
    check: Check = attrs.field(eq=False)
    description: str = attrs.field(default="", validator=checks.text)
    title_zh: str = attrs.field(default="", validator=checks.text)

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
        if not is_code(value):
            hint = f"; did you mean {value.upper()!r}?" if is_code(value.upper()) else ""
            msg = (
                f"'code' must be upper-case letters then digits, like 'CP301' (got {value!r}){hint}"
            )
            raise checks.FieldValueError(attribute.name, msg)

    def findings(
        self, plan: Plan, context: ValidationContext, *, severity: Severity | str | None = None
    ) -> Iterator[Finding]:
        """Run the check and yield its findings, at *severity* or the rule's default.

        Raises:
            FieldTypeError: The check returns something that is not an iterable
                of `Violation`s (``None``, a string …);
                or *severity* is no severity.
        """
        grade = self.severity if severity is None else severity_argument(severity, "severity")
        code = self.code
        for violation in self._violations(plan, context):
            yield Finding(
                code=code,
                severity=grade,
                message=violation.message,
                path=violation.path,
                subjects=violation.subjects,
                message_zh=violation.message_zh,
            )

    def _violations(self, plan: Plan, context: ValidationContext) -> Iterator[Violation]:
        """Yield the check's violations, refusing anything else with the rule's code."""
        produced: object = self.check(plan, context)
        if isinstance(produced, str | bytes | dict) or not isinstance(produced, Iterable):
            msg = (
                f"the check of rule {self.code!r} returned {checks.describe(produced)}: "
                f"a check yields Violations (or returns a list of them)"
            )
            raise checks.FieldTypeError("check", msg)
        for violation in produced:
            if not isinstance(violation, Violation):
                msg = (
                    f"the check of rule {self.code!r} yielded {checks.describe(violation)}: "
                    f"a check yields cadreplan.Violation objects"
                )
                raise checks.FieldTypeError("check", msg)
            yield violation


def is_code(text: str) -> bool:
    """Return whether *text* is a rule code: upper-case ASCII letters, then digits (``"CP301"``)."""
    head = text.rstrip("0123456789")
    return bool(
        head
        and len(head) < len(text)
        and head.isascii()
        and head.isalpha()
        and head.isupper()
        and text[len(head) :].isascii()
    )


def _no_check(_plan: Plan, _context: ValidationContext) -> Iterator[Violation]:
    """Stand in for the decorated function while ``rule()`` checks its own arguments."""
    yield from ()


_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _adapt(function: Callable[..., Iterable[Violation]]) -> Check:
    """Let a check take ``(plan)`` alone when it needs no context."""
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return function  # not inspectable (a builtin, or not callable: Rule says so)
    positional = [parameter for parameter in parameters if parameter.kind in _POSITIONAL]
    if any(parameter.kind is inspect.Parameter.VAR_POSITIONAL for parameter in parameters):
        return function
    required = [parameter for parameter in positional if parameter.default is parameter.empty]
    if len(positional) == 1:
        return lambda plan, _: function(plan)
    if len(positional) >= 2 and len(required) <= 2:
        return function
    msg = (
        f"a check takes the plan, or the plan and the validation context "
        f"(got {checks.describe(function)}, which takes {len(required)} positional arguments)"
    )
    raise checks.FieldTypeError("check", msg)


Decorator = Callable[[Callable[..., Iterable[Violation]]], Rule]
"""What ``rule(code, title)`` returns: it turns a check function into a `Rule`."""


@overload
def rule(
    code: str,
    title: str,
    *,
    severity: Severity | str = ...,
    description: str | None = ...,
    title_zh: str = ...,
) -> Decorator: ...


@overload
def rule(code: Callable[..., Iterable[Violation]], /) -> NoReturn: ...


def rule(
    code: str | Callable[..., Iterable[Violation]],
    title: str | None = None,
    *,
    severity: Severity | str = Severity.ERROR,
    description: str | None = None,
    title_zh: str = "",
) -> Decorator:
    """Turn a generator function into a `Rule`.

    The function takes the plan (and optionally the
    `ValidationContext`) and yields
    `Violation`s. Its docstring becomes the rule's
    description unless *description* is given. The arguments are checked at
    once, as `Rule` checks its fields: a bad code, title or
    severity fails on the ``@rule(...)`` line.

    Args:
        code: The rule's code, upper-case letters then digits, with a prefix
            of your own (``"HR001"``): ``CP`` is cadreplan's.
        title: A short title.
        severity: The default severity of its findings.
        description: What it checks and how to fix it; the docstring by default.
        title_zh: The title in Chinese, if your users read Chinese. Give the
            violations a ``message_zh`` too: a finding without one is shown
            in English in Chinese reports.

    Raises:
        FieldTypeError: ``@rule`` is used without its code and title, or an
            argument has the wrong type.
        FieldValueError: The code is not upper-case letters then digits, or
            the severity is unknown.

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
        ...                 message_zh=f"期次 {session.id!r} 没有培训地点",
        ...             )
        >>> sessions_have_location.code
        'HR001'
    """
    if callable(code):
        msg = (
            "rule() takes the code and the title first: write @rule('HR001', 'Title') "
            f"above the function (got {checks.describe(code)})"
        )
        raise checks.FieldTypeError("code", msg)
    if title is None:
        msg = f"rule() needs a title after the code: @rule({code!r}, 'Title')"
        raise checks.FieldTypeError("title", msg)
    template = Rule(
        code=code,
        title=title,
        severity=severity,
        check=_no_check,
        description="" if description is None else description,
        title_zh=title_zh,
    )

    def decorate(function: Callable[..., Iterable[Violation]]) -> Rule:
        text = description if description is not None else inspect.getdoc(function) or ""
        return attrs.evolve(template, check=_adapt(function), description=text)

    return decorate
