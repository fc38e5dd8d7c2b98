"""Findings of validation: what a rule reports, and how serious it is."""

from __future__ import annotations

import enum
from typing import Any, Literal

import attrs

from cadreplan._support import checks

__all__ = [
    "LANGUAGES",
    "Finding",
    "Language",
    "Severity",
    "Violation",
    "language_argument",
    "severity_argument",
    "to_severity",
]

Language = Literal["en", "zh"]
"""The languages of messages: English (every message) and Chinese (``message_zh``)."""

LANGUAGES: tuple[Language, ...] = ("en", "zh")


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


_SEVERITY_VALUES = tuple(level.value for level in Severity)
_LISTED = ", ".join(repr(value) for value in _SEVERITY_VALUES)


def severity_argument(value: object, field: str, *, key: str | None = None) -> Severity:
    """Return the argument *value* as a `Severity`: a member, or its value (``"error"``).

    Anything else raises: `FieldValueError` for a string that is no severity
    (``'severity' for 'CP501' must be one of 'error', 'warning', 'info' (got
    'eror'); did you mean 'error'?``), `FieldTypeError` for another type. The
    error's field is *field*; *key* names the entry of a mapping it came from.
    """
    if isinstance(value, Severity):
        return value
    where = f"{field!r}" if key is None else f"{field!r} for {key!r}"
    if isinstance(value, str):
        if value in _SEVERITY_VALUES:
            return Severity(value)
        hint = checks.did_you_mean(value.lower(), _SEVERITY_VALUES)
        msg = f"{where} must be one of {_LISTED} (got {value!r}){hint}"
        raise checks.FieldValueError(field, msg)
    msg = f"{where} must be one of {_LISTED}, or a Severity (got {checks.describe(value)})"
    raise checks.FieldTypeError(field, msg)


def language_argument(value: object, field: str = "language") -> Language:
    """Return *value* if it is ``"en"`` or ``"zh"``; raise a `FieldError` naming *field* if not."""
    if value == "en" and isinstance(value, str):
        return "en"
    if value == "zh" and isinstance(value, str):
        return "zh"
    listed = " or ".join(repr(language) for language in LANGUAGES)
    msg = f"{field!r} must be {listed} (got {checks.describe(value)})"
    if isinstance(value, str):
        raise checks.FieldValueError(field, msg + checks.did_you_mean(value.lower(), LANGUAGES))
    raise checks.FieldTypeError(field, msg)


def _optional_text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        msg = f"'{attribute.name}' must be a string or None (got {checks.describe(value)})"
        raise checks.FieldTypeError(attribute.name, msg)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Violation:
    """What a rule's check yields: a message, where, and about whom.

    The engine turns each violation into a `Finding` with
    the rule's code and effective severity.

    Attributes:
        message: What is wrong, in English: expected and found.
        path: Where, in the plan-file path syntax (``$.sessions[3].capacity``).
        subjects: The ids the finding concerns (cadres, sessions, units …).
        message_zh: The message in Chinese, with the same facts (ids, dates,
            numbers); ``None`` if the rule gives none, and then Chinese
            reports show the English message.
    """

    message: str = attrs.field(validator=checks.text)
    path: str = attrs.field(default="$", validator=checks.text)
    subjects: tuple[str, ...] = attrs.field(
        default=(), converter=checks.to_tuple, validator=checks.identifiers
    )
    message_zh: str | None = attrs.field(default=None, validator=_optional_text)


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
        message_zh: The message in Chinese; every built-in rule gives one,
            a rule of your own may (``None`` if not).
    """

    code: str = attrs.field(validator=checks.identifier)
    severity: Severity = attrs.field(converter=to_severity)
    message: str = attrs.field(validator=checks.text)
    path: str = attrs.field(default="$", validator=checks.text)
    subjects: tuple[str, ...] = attrs.field(
        default=(), converter=checks.to_tuple, validator=checks.identifiers
    )
    message_zh: str | None = attrs.field(default=None, validator=_optional_text)

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
