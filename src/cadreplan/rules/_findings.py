"""Findings of validation: what a rule reports, and how serious it is."""

from __future__ import annotations

import enum

import attrs

from cadreplan._support import checks

__all__ = ["Finding", "Severity", "Violation", "to_severity"]


class Severity(enum.StrEnum):
    """How serious a finding is; errors make a plan invalid."""

    ERROR = "error"
    """The plan breaks a hard rule: allocation and reports cannot trust it."""
    WARNING = "warning"
    """The plan is legal but probably not what was meant (a gap, a waste)."""
    INFO = "info"
    """Worth knowing; nothing to fix."""

    @property
    def rank(self) -> int:
        """2 for errors, 1 for warnings, 0 for infos: sort by it to put errors first."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


def to_severity(value: Severity | str) -> Severity:
    """Return *value* as a `Severity`: a member, or ``"error"``, ``"warning"`` or ``"info"``."""
    return checks.member(Severity, value)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Violation:
    """What a rule's check yields: a message, where, and about whom.

    The engine turns each violation into a [`Finding`][cadreplan.Finding] with
    the rule's code and effective severity.

    Attributes:
        message: What is wrong, in English: expected and found.
        path: Where, in the plan-file path syntax (``$.sessions[3].capacity``).
        subjects: The ids the finding concerns (cadres, sessions, units …).
        message_zh: The message in Chinese, if the rule provides one.
    """

    message: str = attrs.field(validator=checks.text)
    path: str = attrs.field(default="$", validator=checks.text)
    subjects: tuple[str, ...] = attrs.field(
        default=(), converter=checks.to_tuple, validator=checks.identifiers
    )
    message_zh: str | None = attrs.field(default=None)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Finding:
    """One problem found by a validation rule.

    Attributes:
        code: The rule's stable code (``"CP301"``).
        severity: Error, warning or info, after any re-grading.
        message: What is wrong, in English.
        path: Where, in the plan-file path syntax.
        subjects: The ids the finding concerns.
        message_zh: The message in Chinese, if any.
    """

    code: str = attrs.field(validator=checks.identifier)
    severity: Severity = attrs.field(converter=to_severity)
    message: str = attrs.field(validator=checks.text)
    path: str = attrs.field(default="$", validator=checks.text)
    subjects: tuple[str, ...] = attrs.field(
        default=(), converter=checks.to_tuple, validator=checks.identifiers
    )
    message_zh: str | None = attrs.field(default=None)

    def __str__(self) -> str:
        return f"{self.path}: {self.code} [{self.severity}] {self.message}"

    def to_record(self) -> dict[str, object]:
        """Return the finding as a plain dict (for JSON, logs and other systems)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "subjects": list(self.subjects),
            "message_zh": self.message_zh,
        }
