"""The validation report: findings with counts, filters and renderings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

from cadreplan._support import checks
from cadreplan.errors import ValidationError
from cadreplan.rules._base import Rule
from cadreplan.rules._builtin import BUILTIN_RULES
from cadreplan.rules._findings import Finding, Severity, language_argument, severity_argument
from cadreplan.rules._selection import check_pattern

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cadreplan.rules._findings import Language

_SEVERITIES_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}

__all__ = ["ValidationReport"]


class ValidationReport(Sequence[Finding]):
    """Every finding of one validation run, with ways to slice and show them.

    A report is a read-only sequence of `Finding`s, in
    rule order and then plan order.

    Attributes:
        findings: Every finding.
        rules: The rules that ran, in order.
    """

    __slots__ = ("findings", "rules")

    def __init__(self, findings: Iterable[Finding], *, rules: Iterable[Rule] = ()) -> None:
        self.findings: tuple[Finding, ...] = _members(findings, Finding, "findings")
        self.rules: tuple[Rule, ...] = _members(rules, Rule, "rules")

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @overload
    def __getitem__(self, index: int) -> Finding: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Finding, ...]: ...

    def __getitem__(self, index: int | slice) -> Finding | tuple[Finding, ...]:
        return self.findings[index]

    def __bool__(self) -> bool:
        # A report is a collection of findings: truthy when it has any.
        return bool(self.findings)

    def __repr__(self) -> str:
        counts = ", ".join(f"{key}={value}" for key, value in self._severity_counts().items())
        return f"<ValidationReport {len(self.findings)} findings ({counts or 'none'})>"

    def _severity_counts(self) -> dict[str, int]:
        counts = Counter(finding.severity for finding in self.findings)
        return {level.value: counts[level] for level in Severity if counts[level]}

    @property
    def ok(self) -> bool:
        """Whether the plan has no error findings (warnings and infos allowed)."""
        return not any(finding.severity is Severity.ERROR for finding in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of error severity."""
        return self.filter(severity=Severity.ERROR).findings

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of warning severity."""
        return self.filter(severity=Severity.WARNING).findings

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The findings of info severity."""
        return self.filter(severity=Severity.INFO).findings

    @property
    def counts(self) -> dict[str, int]:
        """Findings per code, codes sorted."""
        return dict(sorted(Counter(finding.code for finding in self.findings).items()))

    def filter(
        self,
        *,
        code: str | Sequence[str] | None = None,
        severity: Severity | str | None = None,
        subject: str | None = None,
    ) -> ValidationReport:
        """Return a report with only the matching findings.

        Args:
            code: A code or code prefix, or several (``"CP3"``, ``["CP301", "CP5"]``).
            severity: Keep only this severity.
            subject: Keep only findings that concern this id.

        Raises:
            FieldValueError: A code or prefix that is no code of a built-in
                rule, a rule of the report or one of its findings (with a
                did-you-mean); a severity that does not exist.
            FieldTypeError: An argument of the wrong type.
        """
        prefixes = self._code_patterns(code)
        level = None if severity is None else severity_argument(severity, "severity")
        given: object = subject
        if given is not None and not isinstance(given, str):
            msg = f"'subject' must be an id string (got {checks.describe(given)})"
            raise checks.FieldTypeError("subject", msg)
        kept = [
            finding
            for finding in self.findings
            if (not prefixes or finding.code.startswith(prefixes))
            and (level is None or finding.severity is level)
            and (subject is None or subject in finding.subjects)
        ]
        return ValidationReport(kept, rules=self.rules)

    def _code_patterns(self, code: object) -> tuple[str, ...]:
        """Return the codes *code* names, each a code or prefix of a rule this report knows."""
        if code is None:
            return ()
        if isinstance(code, str):
            given: tuple[object, ...] = (code,)
        elif isinstance(code, Iterable) and not isinstance(code, bytes | Mapping):
            given = tuple(code)
        else:
            msg = f"'code' must be a code, or a list of codes (got {checks.describe(code)})"
            raise checks.FieldTypeError("code", msg)
        known = [
            *(item.code for item in BUILTIN_RULES),
            *(item.code for item in self.rules),
            *self.counts,
        ]
        codes = list(dict.fromkeys(known))
        return tuple(pattern for pattern in given if check_pattern(pattern, "code", codes))

    def raise_for_errors(self) -> None:
        """Raise `ValidationError` if there are errors."""
        errors = self.errors
        if errors:
            count = len(errors)
            lines = [f"plan has {count} validation error{'s' if count != 1 else ''}:"]
            lines.extend(f"  {finding}" for finding in errors[:20])
            if count > 20:
                lines.append(f"  … and {count - 20} more")
            raise ValidationError("\n".join(lines), self)

    def to_records(self) -> list[dict[str, object]]:
        """Return the findings as plain dicts, for JSON and other systems."""
        return [finding.to_record() for finding in self.findings]

    def summary(self, language: Language = "en") -> str:
        """Return one line: ``"3 errors, 12 warnings, 0 infos"``, or ``"no findings"``.

        Args:
            language: ``"en"``, or ``"zh"`` for ``"错误 3 条，警告 12 条，提示 0 条"``
                (``"未发现问题"`` when there is none).

        Examples:
            >>> from cadreplan.datasets import demo_region
            >>> from cadreplan import validate
            >>> report = validate(demo_region(), select=["CP3"])
            >>> report.summary(), report.summary("zh")
            ('no findings', '未发现问题')
        """
        chinese = language_argument(language) == "zh"
        if not self.findings:
            return "未发现问题" if chinese else "no findings"
        counts = Counter(finding.severity for finding in self.findings)
        if chinese:
            return "，".join(f"{_SEVERITIES_ZH[level]} {counts[level]} 条" for level in Severity)
        return ", ".join(
            f"{counts[level]} {level.value}{'s' if counts[level] != 1 else ''}"
            for level in Severity
        )

    def __str__(self) -> str:
        if not self.findings:
            return "no findings"
        titles = {item.code: item.title for item in self.rules}
        by_code: dict[str, list[Finding]] = {}
        for finding in self.findings:
            by_code.setdefault(finding.code, []).append(finding)
        lines: list[str] = []
        for code, group in sorted(
            by_code.items(), key=lambda item: (-item[1][0].severity.rank, item[0])
        ):
            title = titles.get(code, "")
            lines.append(f"{code} {title} [{group[0].severity}] ({len(group)})".replace("  ", " "))
            lines.extend(f"  {finding.path}: {finding.message}" for finding in group)
        lines.append(self.summary())
        return "\n".join(lines)


def _members(items: Iterable[object], kind: type, field: str) -> tuple[Any, ...]:
    """Return *items* as a tuple, refusing a lone string or any member not of *kind*."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        msg = f"{field!r} must be a list of {kind.__name__} objects (got {checks.describe(items)})"
        raise checks.FieldTypeError(field, msg)
    members = tuple(items)
    if not all(isinstance(item, kind) for item in members):
        wrong = next(item for item in members if not isinstance(item, kind))
        msg = f"{field!r} must hold {kind.__name__} objects (got {checks.describe(wrong)})"
        raise checks.FieldTypeError(field, msg)
    return members
