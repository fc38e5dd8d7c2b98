"""A validation report in words: findings grouped by code, or one row per code, in en or zh.

``cadreplan validate`` prints these. Findings are grouped by code, errors
first and then in code order, each group under a header with the rule's
title, severity and count; a group can be cut to its first findings, so that
a plan with a hundred thousand findings still reads on one screen. The
Chinese text uses each finding's ``message_zh`` and falls back to its
English message where a rule gives none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan._support import layout
from cadreplan.reports._labels import SEVERITIES, pick, word

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cadreplan.reports._labels import Language
    from cadreplan.rules import Finding, ValidationReport

__all__ = [
    "findings_by_code",
    "findings_lines",
    "findings_summary_lines",
    "findings_tally_line",
    "rule_title",
]

_EXAMPLES = 2
"""Findings of each code the summary table points at."""


def findings_by_code(report: ValidationReport) -> list[tuple[str, list[Finding]]]:
    """Return ``(code, findings)`` of each code in *report*: errors first, then by code.

    Within a code the findings keep the report's order (plan order).
    """
    groups: dict[str, list[Finding]] = {}
    for finding in report:
        groups.setdefault(finding.code, []).append(finding)
    return sorted(groups.items(), key=lambda item: (-item[1][0].severity.rank, item[0]))


def rule_title(report: ValidationReport, code: str, language: Language) -> str:
    """Return the title of the rule with *code* that ran in *report*, in *language*.

    A rule without a Chinese title (``Rule.title_zh``) shows its English one.
    """
    for item in report.rules:
        if item.code == code:
            return (item.title_zh or item.title) if language == "zh" else item.title
    return ""


def findings_tally_line(report: ValidationReport, language: Language = "en") -> str:
    """Return one line: ``0 errors, 343 warnings, 0 infos``, or that there is no finding."""
    return report.summary(language)


def _message(finding: Finding, language: Language) -> str:
    if language == "zh" and finding.message_zh:
        return finding.message_zh
    return finding.message


def _header(
    report: ValidationReport, code: str, group: Sequence[Finding], language: Language
) -> str:
    title = rule_title(report, code, language)
    severity = group[0].severity
    count = layout.format_count(len(group))
    if language == "en":
        parts = [code, title, f"[{severity.value}]", f"({count})"]
        return " ".join(part for part in parts if part)
    parts = [code, title, f"[{SEVERITIES[severity][1]}]"]
    return " ".join(part for part in parts if part) + f"（{count} 条）"


def findings_lines(
    report: ValidationReport,
    *,
    language: Language = "en",
    limit: int | None = None,
    more_hint: str = "",
) -> list[str]:
    """Return the findings grouped by code, a header over each group, then the tally line.

    Args:
        report: The findings to show.
        language: Of the headers, the messages and the tally line.
        limit: Show at most this many findings of each code (``None``: all);
            a line after a cut group says how many more there are.
        more_hint: Added to that line, to say how to see them (``--limit 0 shows all``).
    """
    lines: list[str] = []
    for code, group in findings_by_code(report):
        lines.append(_header(report, code, group, language))
        shown = group if limit is None else group[:limit]
        lines.extend(f"  {finding.path}: {_message(finding, language)}" for finding in shown)
        rest = len(group) - len(shown)
        if rest:
            more = layout.format_count(rest)
            text = pick((f"… and {more} more", f"…… 另有 {more} 条"), language)
            hint = pick((f" ({more_hint})", f"（{more_hint}）"), language) if more_hint else ""
            lines.append(f"  {text}{hint}")
    lines.append(findings_tally_line(report, language))
    return lines


def _example(finding: Finding) -> str:
    return f"{finding.path} ({finding.subjects[0]})" if finding.subjects else finding.path


def findings_summary_lines(report: ValidationReport, *, language: Language = "en") -> list[str]:
    """Return one row per code, then the tally line.

    A row gives the code, its severity, how many findings it has, the rule's
    title and where its first findings are, with their first subject.
    """
    groups = findings_by_code(report)
    if not groups:
        return [findings_tally_line(report, language)]
    count = layout.format_count
    rows = [
        [
            code,
            pick(SEVERITIES[group[0].severity], language),
            count(len(group)),
            rule_title(report, code, language),
            ", ".join(_example(finding) for finding in group[:_EXAMPLES])
            + (", …" if len(group) > _EXAMPLES else ""),
        ]
        for code, group in groups
    ]
    headers = [word(key, language) for key in ("code", "severity", "findings", "rule", "examples")]
    total = ["", word("total", language), count(len(report)), "", ""]
    return [
        *layout.table(headers, rows, align="<<><<", footer=[total], indent=0),
        "",
        findings_tally_line(report, language),
    ]
