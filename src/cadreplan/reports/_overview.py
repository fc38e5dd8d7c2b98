"""The overview of a plan, section by section, as ``cadreplan demo`` prints it."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from cadreplan._support import layout
from cadreplan.allocation import CascadePolicy, allocate
from cadreplan.model import ADMINISTRATIVE_LEVELS, CycleBasis, UnitKind
from cadreplan.reports._allocation import allocation_lines
from cadreplan.reports._labels import SEVERITIES, UNIT_KINDS, pick, vocabulary_label, word
from cadreplan.reports._validation import findings_tally_line, rule_title
from cadreplan.rules import Severity, validate

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from dateutil.relativedelta import relativedelta

    from cadreplan.model import Plan, Requirement
    from cadreplan.reports._labels import Language
    from cadreplan.rules import ValidationReport

__all__ = ["DEMO_SECTIONS", "render_sections"]

_TOP_CODES = 5
"""Codes the demo's validation section lists, most findings first."""

AWAITING_ALLOCATION = frozenset({"CP402", "CP501", "CP602"})
"""Codes whose warnings are expected before allocation: they are its work list.

Who is still short of a requirement (CP501), which sessions are still short
of participants (CP602) and which dispatch quotas are not yet met (CP402).
"""


def _tally_rows(known: Iterable[str], tally: Counter[str]) -> list[tuple[str, int]]:
    """Return ``(code, count)`` for every known code in order, then unknown codes sorted."""
    codes = list(known)
    listed = set(codes)
    extra = sorted(code for code in tally if code not in listed)
    return [(code, tally[code]) for code in (*codes, *extra)]


def _format_period(plan: Plan, language: Language) -> str:
    period = plan.period
    if language == "en":
        return f"{period.start_on} – {period.end_on} ({period.days} days)"
    return f"{period.start_on}至{period.end_on}（{period.days}天）"


def _overview_section(plan: Plan, language: Language) -> list[str]:
    """The plan's name and period, and how many of each thing it holds."""
    count = layout.format_count
    active = [enrollment for enrollment in plan.enrollments if enrollment.is_active]
    rows = [
        (word("period", language), _format_period(plan, language)),
        (word("units", language), count(len(plan.units))),
        (word("cadres", language), count(len(plan.cadres))),
        (word("institutions", language), count(len(plan.institutions))),
        (word("action_plans", language), count(len(plan.action_plans))),
        (word("programs", language), count(len(plan.programs))),
        (word("sessions", language), count(len(plan.sessions))),
        (word("seats", language), count(sum(session.capacity for session in plan.sessions))),
        (word("enrollments", language), count(len(active))),
        (word("persons", language), count(len({enrollment.cadre for enrollment in active}))),
        (word("history", language), count(len(plan.history))),
        (word("requirements", language), count(len(plan.requirements))),
        (word("seat_quotas", language), count(len(plan.seat_quotas))),
        (word("dispatch_quotas", language), count(len(plan.dispatch_quotas))),
        (word("posts", language), count(len(plan.posts))),
        (word("assignments", language), count(len(plan.assignments))),
    ]
    label_width = max(layout.width(label) for label, _ in rows)
    lines = layout.heading(plan.name, "=")
    lines.extend(f"  {layout.pad(label, label_width)}  {value}" for label, value in rows)
    return lines


def _units_section(plan: Plan, language: Language) -> list[str]:
    """Units of each administrative level, then of each other kind present."""
    tally = Counter(unit.kind for unit in plan.units)
    kinds = [
        *ADMINISTRATIVE_LEVELS,
        *(kind for kind in UnitKind if kind not in ADMINISTRATIVE_LEVELS and tally[kind]),
    ]
    rows = [
        [kind.value, pick(UNIT_KINDS[kind], language), layout.format_count(tally[kind])]
        for kind in kinds
    ]
    total = ["", word("total", language), layout.format_count(len(plan.units))]
    headers = [word("code", language), word("kind", language), word("units", language)]
    return [
        *layout.heading(word("units_by_kind", language)),
        *layout.table(headers, rows, align="<<>", footer=[total]),
    ]


def _cadres_section(plan: Plan, language: Language) -> list[str]:
    """Cadres of each category of the plan's vocabulary, in vocabulary order."""
    tally = Counter(cadre.category for cadre in plan.cadres)
    rows = [
        [code, vocabulary_label(plan.categories, code, language), layout.format_count(count)]
        for code, count in _tally_rows(plan.categories.codes, tally)
    ]
    total = ["", word("total", language), layout.format_count(len(plan.cadres))]
    headers = [word("code", language), word("category", language), word("cadres", language)]
    return [
        *layout.heading(word("cadres_by_category", language)),
        *layout.table(headers, rows, align="<<>", footer=[total]),
    ]


def _tiers_section(plan: Plan, language: Language) -> list[str]:
    """Programs, sessions (期) and seats (名额) of each tier, in priority order."""
    programs = plan.programs_by_id
    program_tally = Counter(program.tier for program in plan.programs)
    session_tally: Counter[str] = Counter()
    seat_tally: Counter[str] = Counter()
    for session in plan.sessions:
        program = programs.get(session.program)
        tier = program.tier if program is not None else "?"
        session_tally[tier] += 1
        seat_tally[tier] += session.capacity
    codes = [code for code, _ in _tally_rows(plan.tiers.codes, program_tally + session_tally)]
    count = layout.format_count
    rows = []
    for code in codes:
        is_known = code in plan.tiers
        rows.append(
            [
                str(plan.tiers.order(code)) if is_known else "",
                code,
                plan.tiers[code].label(language) if is_known else word("unknown", language),
                count(program_tally[code]),
                count(session_tally[code]),
                count(seat_tally[code]),
            ]
        )
    total = [
        "",
        "",
        word("total", language),
        count(len(plan.programs)),
        count(len(plan.sessions)),
        count(sum(seat_tally.values())),
    ]
    headers = [
        word(key, language) for key in ("order", "code", "tier", "programs", "sessions", "seats")
    ]
    return [
        *layout.heading(word("training_by_tier", language)),
        *layout.table(headers, rows, align="><<>>>", footer=[total]),
    ]


def _format_span(span: relativedelta, language: Language) -> str:
    parts = [(span.years, "year", "年"), (span.months, "month", "个月"), (span.days, "day", "天")]
    if language == "en":
        words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit, _ in parts if n]
        return " ".join(words) or "0 days"
    return "".join(f"{n}{unit}" for n, _, unit in parts if n) or "0天"


def _format_amount(requirement: Requirement, language: Language) -> str:
    number = layout.format_number
    amounts: list[str] = []
    if requirement.hours is not None:
        amounts.append(
            pick(
                (f"{number(requirement.hours)} hours", f"{number(requirement.hours)}学时"), language
            )
        )
    if requirement.days is not None:
        day = "day" if requirement.days == 1 else "days"
        amounts.append(pick((f"{requirement.days} {day}", f"{requirement.days}天"), language))
    if requirement.sessions is not None:
        noun = "session" if requirement.sessions == 1 else "sessions"
        amounts.append(
            pick((f"{requirement.sessions} {noun}", f"{requirement.sessions}期"), language)
        )
    return pick((" or ", "或"), language).join(amounts)


def _format_cycle(requirement: Requirement, language: Language) -> str:
    span = _format_span(requirement.cycle, language)
    if requirement.basis is CycleBasis.FIXED:
        return pick(
            (f"{span}, from {requirement.anchor_on}", f"{span}（自{requirement.anchor_on}起）"),
            language,
        )
    if requirement.basis is CycleBasis.APPOINTMENT:
        return pick((f"{span} after appointment", f"任职后{span}"), language)
    return pick((f"{span}, rolling", f"{span}（滚动）"), language)


def _requirements_section(plan: Plan, language: Language) -> list[str]:
    """Each requirement with what it asks and over which cycle."""
    rows = [
        [
            requirement.id,
            requirement.title,
            _format_amount(requirement, language),
            _format_cycle(requirement, language),
        ]
        for requirement in plan.requirements
    ]
    headers = [word(key, language) for key in ("id", "title", "amount", "cycle")]
    return [*layout.heading(word("requirements", language)), *layout.table(headers, rows)]


def _awaiting_note(report: ValidationReport, language: Language) -> list[str]:
    """Say that the warnings allocation works on are expected before it, if there are any."""
    awaiting = sum(
        finding.code in AWAITING_ALLOCATION and finding.severity is Severity.WARNING
        for finding in report
    )
    if not awaiting:
        return []
    warnings = len(report.warnings)
    count = layout.format_count
    if language == "en":
        which = (
            f"These {count(warnings)} warnings are"
            if awaiting == warnings
            else f"{count(awaiting)} of these {count(warnings)} warnings are"
        )
        return [
            f"  {which} expected before allocation: they say who still needs",
            "  training and which sessions and quotas still need participants.",
            "  The allocation below shows what is left after it.",
        ]
    which = (
        f"这 {count(warnings)} 条警告"
        if awaiting == warnings
        else f"这 {count(warnings)} 条警告中的 {count(awaiting)} 条"
    )
    return [
        f"  {which}在分配前属正常：它们说明哪些干部仍需培训、",
        "  哪些期次和调训计划仍缺参训人员。分配后的情况见下方名额调配部分。",
    ]


def _validation_section(plan: Plan, language: Language) -> list[str]:
    """Findings of each severity, then the codes with the most findings."""
    report = validate(plan)
    count = layout.format_count
    tally = Counter(finding.severity for finding in report)
    rows = [
        [level.value, pick(SEVERITIES[level], language), count(tally[level])] for level in Severity
    ]
    total = ["", word("total", language), count(len(report))]
    headers = [word("code", language), word("severity", language), word("findings", language)]
    lines = [
        *layout.heading(word("validation", language)),
        *layout.table(headers, rows, align="<<>", footer=[total]),
    ]
    severities = {finding.code: finding.severity for finding in report}
    top = sorted(report.counts.items(), key=lambda item: (-item[1], item[0]))[:_TOP_CODES]
    if top:
        rows = [
            [
                code,
                rule_title(report, code, language),
                pick(SEVERITIES[severities[code]], language),
                count(n),
            ]
            for code, n in top
        ]
        headers = [word(key, language) for key in ("code", "rule", "severity", "findings")]
        lines.extend(["", *layout.table(headers, rows, align="<<<>")])
    note = _awaiting_note(report, language)
    if note:
        lines.extend(["", *note])
    return lines


def _findings_after_lines(
    before: ValidationReport, after: ValidationReport, language: Language
) -> list[str]:
    """The findings of each code before and after allocation, and the tally after it."""
    count = layout.format_count
    was, now = before.counts, after.counts
    severities = {finding.code: finding.severity for finding in (*before, *after)}
    codes = sorted(severities, key=lambda code: (-severities[code].rank, code))
    rows = [
        [
            code,
            rule_title(after if code in now else before, code, language),
            pick(SEVERITIES[severities[code]], language),
            count(was.get(code, 0)),
            count(now.get(code, 0)),
        ]
        for code in codes
    ]
    total = ["", word("total", language), "", count(len(before)), count(len(after))]
    headers = [word(key, language) for key in ("code", "rule", "severity", "before", "after")]
    colon = pick((": ", "："), language)
    lines = [f"  {word('findings_after', language)}{colon}{findings_tally_line(after, language)}"]
    if rows:
        lines.extend(["", *layout.table(headers, rows, align="<<<>>", footer=[total])])
    return lines


def _allocation_section(plan: Plan, language: Language) -> list[str]:
    """What the default cascade, seed 0, does to the plan, and the findings left after it.

    A plan with error findings is allocated all the same (``allow_errors``),
    so that the overview shows it, and the section says so first.
    """
    result = allocate(plan, policy=CascadePolicy(), seed=0, allow_errors=True)
    lines = layout.heading(word("allocation", language))
    errors = len(result.allowed_errors)
    if errors:
        count = layout.format_count(errors)
        noun = "finding" if errors == 1 else "findings"
        english = (
            f"  The plan has {count} error {noun}: allocated all the same, "
            "to show what the cascade would do."
        )
        chinese = f"  计划有 {count} 个错误：仍按原样分配，以展示逐级分配的结果。"
        lines.append(pick((english, chinese), language))
        lines.append("")
    return [
        *lines,
        *allocation_lines(plan, result, language),
        "",
        *_findings_after_lines(validate(plan), validate(result.plan), language),
    ]


DEMO_SECTIONS: tuple[Callable[[Plan, Language], list[str]], ...] = (
    _overview_section,
    _units_section,
    _cadres_section,
    _tiers_section,
    _requirements_section,
    _validation_section,
    _allocation_section,
)
"""The sections `demo` prints, in order; add a function here to add a section."""


def render_sections(
    plan: Plan,
    sections: Iterable[Callable[[Plan, Language], list[str]]],
    *,
    language: Language = "en",
) -> str:
    """Return the text of *sections* about *plan*, separated by blank lines."""
    blocks = ["\n".join(section(plan, language)) for section in sections]
    return "\n\n".join(blocks) + "\n"
