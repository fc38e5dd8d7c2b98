"""Allocations and explanations in words: fill by tier, who is left and why, one cadre's story.

Each in English or Chinese. The words of each decision (an event's detail)
are the allocation layer's own, in both languages; this module lays them
out with the headings and labels of a report.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from cadreplan._support import layout
from cadreplan.allocation import OUTCOME_LABELS, Outcome
from cadreplan.reports._labels import pick, vocabulary_label, word

if TYPE_CHECKING:
    from cadreplan.allocation import (
        AllocationEvent,
        AllocationResult,
        Explanation,
        ShortfallReason,
    )
    from cadreplan.ledger import CoverageEntry, CoverageLedger
    from cadreplan.model import Cadre, Plan
    from cadreplan.reports._labels import Language

__all__ = [
    "allocation_lines",
    "explanation_lines",
    "shortfall_lines",
    "unplaced_lines",
]


def _format_met(ledger: CoverageLedger, language: Language) -> str:
    """Requirement entries met, as a count and a share: ``85 of 1,530 (5.6%)``."""
    met = sum(entry.is_met for entry in ledger)
    count = layout.format_count
    share = f"{ledger.rate():.1%}"
    if language == "en":
        return f"{count(met)} of {count(len(ledger))} ({share})"
    return f"{count(met)}/{count(len(ledger))}（{share}）"


def allocation_lines(plan: Plan, result: AllocationResult, language: Language) -> list[str]:
    """New enrollments, requirements met before and after, and the fill of each tier."""
    count = layout.format_count
    facts = [
        (word("placements", language), count(len(result.placements))),
        (
            word("placed_persons", language),
            count(len({enrollment.cadre for enrollment in result.placements})),
        ),
        (word("met_before", language), _format_met(result.coverage_before, language)),
        (word("met_after", language), _format_met(result.coverage_after, language)),
    ]
    label_width = max(layout.width(label) for label, _ in facts)
    lines = [f"  {layout.pad(label, label_width)}  {value}" for label, value in facts]
    rows = []
    all_taken = all_seats = 0
    for code, (taken, seats) in result.fill_by_tier.items():
        all_taken += taken
        all_seats += seats
        rows.append(
            [
                str(plan.tiers.order(code)),
                code,
                plan.tiers[code].label(language),
                count(taken),
                count(seats),
                _share(taken, seats),
            ]
        )
    total = [
        "",
        "",
        word("total", language),
        count(all_taken),
        count(all_seats),
        _share(all_taken, all_seats),
    ]
    headers = [word(key, language) for key in ("order", "code", "tier", "taken", "seats", "fill")]
    lines.extend(["", *layout.table(headers, rows, align="><<>>>", footer=[total])])
    return lines


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


_REASONS: dict[ShortfallReason, tuple[str, str]] = {
    "no_eligible_session": (
        "no session they may attend counts toward it",
        "没有可参加且可计入的期次",
    ),
    "all_full": ("every suitable session was full", "可参加的期次名额已满"),
    "quota_exhausted": ("their unit's seat quota was used up", "所在单位的名额分配已用完"),
    "conflict": ("busy on the dates of the suitable sessions", "可参加的期次时间冲突"),
    "duplicate": ("the suitable sessions would be duplicate training", "可参加的期次属重复培训"),
}
"""Each reason a cadre is left short, in words (English, Chinese)."""

_TEXT: dict[str, tuple[str, str]] = {
    "left_heading": ("Still short after allocation, by reason", "分配后仍未达标的干部（按原因）"),
    "nobody_left": (
        "none: every cadre due a requirement meets it, and everyone short got a seat",
        "无：应训干部均已达标，未达标干部均已安排",
    ),
    "reason": ("Reason", "原因"),
    "meaning": ("Meaning", "说明"),
    "still_short": ("Still short", "仍未达标"),
    "unseated": ("No seat at all", "未获任何安排"),
    "shortfall_heading": ("Township backstop shortfall (乡镇兜底)", "乡镇兜底培训缺口"),
    "no_shortfall": ("none: no township has a cadre still short", "无：各乡镇均无未达标干部"),
    "township": ("Township", "乡镇"),
    "name": ("Name", "名称"),
    "cadres_short": ("Cadres short", "未达标人数"),
    "sessions_needed": ("Sessions needed", "需增开期次"),
    "sessions_heading": ("Sessions, in cascade order", "期次（按分配顺序）"),
    "no_sessions": (
        "none: the cadre is enrolled in no session and in no session's audience",
        "无：该干部未报名任何期次，也不在任何期次的培训对象范围内",
    ),
    "outside_heading": ("Sessions outside the cadre's audience", "不在培训对象范围内的期次"),
    "session": ("Session", "期次"),
    "tier": ("Tier", "层级"),
    "dates": ("Dates", "日期"),
    "outcome": ("Outcome", "结果"),
    "detail": ("Detail", "说明"),
    "condition": ("Why not", "原因"),
    "count": ("Sessions", "期数"),
    "sessions_named": ("Which", "期次"),
    "coverage_heading": ("Coverage on {day}", "培训要求达标情况（截至 {day}）"),
    "no_coverage": ("none: no requirement applies to the cadre", "无：该干部不适用任何培训要求"),
    "requirement": ("Requirement", "培训要求"),
    "window": ("Window", "周期"),
    "due": ("Due", "截止"),
    "required": ("Required", "要求"),
    "done": ("Done", "已完成"),
    "planned": ("Planned", "已计划"),
    "short": ("Short", "差额"),
    "met": ("met", "已达标"),
    "plan_basis": (
        "Where the cadre stands in the plan as it is",
        "按计划现状说明该干部的情况",
    ),
    "allocation_basis": (
        "What this allocation did, each session at its turn",
        "本次分配的情况（各期次按轮到时的情况）",
    ),
}
"""The words of the allocation's sections, English and Chinese."""


def _text(key: str, language: Language) -> str:
    return pick(_TEXT[key], language)


_TOP_TOWNSHIPS = 5
"""Townships the backstop shortfall of ``allocate`` lists, most cadres short first."""


def unplaced_lines(result: AllocationResult, language: Language = "en") -> list[str]:
    """Who is left after allocation, by the main reason: still short, and unseated.

    Two counts per reason: cadres still short of a due requirement
    (``result.still_short``, placed somewhere or not) and cadres short before
    who got no seat at all (``result.unseated``).
    """
    short = Counter(item.reason for item in result.still_short)
    unseated = Counter(item.reason for item in result.unseated)
    lines = layout.heading(_text("left_heading", language))
    if not short and not unseated:
        return [*lines, f"  {_text('nobody_left', language)}"]
    count = layout.format_count
    rows = [
        [reason, pick(meaning, language), count(short[reason]), count(unseated[reason])]
        for reason, meaning in _REASONS.items()
        if short[reason] or unseated[reason]
    ]
    total = [
        "",
        word("total", language),
        count(len(result.still_short)),
        count(len(result.unseated)),
    ]
    headers = [_text(key, language) for key in ("reason", "meaning", "still_short", "unseated")]
    return [*lines, *layout.table(headers, rows, align="<<>>", footer=[total])]


def shortfall_lines(result: AllocationResult, language: Language = "en") -> list[str]:
    """The townships with the most cadres still short after the backstop tier (乡镇兜底)."""
    shortfall = sorted(result.backstop_shortfall, key=lambda item: (-item.cadres, item.unit))
    lines = layout.heading(_text("shortfall_heading", language))
    if not shortfall:
        return [*lines, f"  {_text('no_shortfall', language)}"]
    count = layout.format_count
    units = result.plan.units_tree
    rows = [
        [
            item.unit,
            units[item.unit].name if item.unit in units else "",
            count(item.cadres),
            count(item.sessions_needed),
        ]
        for item in shortfall[:_TOP_TOWNSHIPS]
    ]
    headers = [
        _text(key, language) for key in ("township", "name", "cadres_short", "sessions_needed")
    ]
    lines.extend(layout.table(headers, rows, align="<<>>"))
    rest = shortfall[_TOP_TOWNSHIPS:]
    if rest:
        cadres = count(sum(item.cadres for item in rest))
        more = count(len(rest))
        noun = "township" if len(rest) == 1 else "townships"
        lines.append(
            pick(
                (
                    f"  … and {more} more {noun} with {cadres} cadres short",
                    f"  …… 另有 {more} 个乡镇共 {cadres} 名干部未达标",
                ),
                language,
            )
        )
    return lines


def _dates(start: object, end: object, language: Language) -> str:
    return f"{start}..{end}" if language == "en" else f"{start} 至 {end}"


def explanation_lines(plan: Plan, story: Explanation, language: Language = "en") -> list[str]:
    """The cadre, the question answered, each session with its outcome, then the coverage.

    Sessions outside the cadre's audience come in a table of their own, each
    with the condition that excludes the cadre, after the sessions they may attend.
    """
    cadre = plan.cadre(story.cadre)
    units = plan.units_tree
    unit = units[cadre.unit].name if cadre.unit in units else cadre.unit
    category = vocabulary_label(plan.categories, cadre.category, language)
    basis = _text("plan_basis" if story.basis == "plan" else "allocation_basis", language)
    if story.seed is not None:
        basis += pick((f" (seed {story.seed})", f"（随机种子 {story.seed}）"), language)
    lines = [
        *layout.heading(f"{cadre.id} {cadre.name}", "="),
        f"  {category}, {unit} ({cadre.unit})"
        if language == "en"
        else f"  {category}，{unit}（{cadre.unit}）",
        f"  {basis}",
        "",
        *layout.heading(_text("sessions_heading", language)),
    ]
    inside = [event for event in story.events if event.outcome != Outcome.INELIGIBLE]
    outside = [event for event in story.events if event.outcome == Outcome.INELIGIBLE]
    if inside:
        rows = []
        for event in inside:
            session = plan.sessions_by_id.get(event.session)
            program = None if session is None else plan.programs_by_id.get(session.program)
            rows.append(
                [
                    event.session,
                    "?" if program is None else program.tier,
                    "" if session is None else _dates(session.start_on, session.end_on, language),
                    # English shows the outcome's code, as the explanation's own text does.
                    event.outcome
                    if language == "en"
                    else OUTCOME_LABELS.get(event.outcome, ("", event.outcome))[1],
                    event.describe(language),
                ]
            )
        headers = [
            _text(key, language) for key in ("session", "tier", "dates", "outcome", "detail")
        ]
        lines.extend(layout.table(headers, rows))
    else:
        lines.append(f"  {_text('no_sessions', language)}")
    if outside:
        lines.extend(["", *_outside_lines(plan, cadre, outside, language)])
    day = plan.period.end_on
    lines.extend(["", *layout.heading(_text("coverage_heading", language).format(day=day))])
    if story.coverage:
        rows = [_coverage_row(entry, language) for entry in story.coverage]
        headers = [
            _text(key, language)
            for key in ("requirement", "window", "due", "required", "done", "planned", "short")
        ]
        lines.extend(layout.table(headers, rows))
    else:
        lines.append(f"  {_text('no_coverage', language)}")
    return lines


_NAMED_SESSIONS = 3
"""Sessions named per condition in the table of sessions outside the audience."""


def _exclusion(plan: Plan, cadre: Cadre, event: AllocationEvent, language: Language) -> str:
    """Return which condition of its audience keeps *cadre* out of a session, in short.

    Sessions whose audiences fail on the same condition and value share it
    (the event's own detail says what each audience asks).
    """
    session = plan.sessions_by_id.get(event.session)
    program = None if session is None else plan.programs_by_id.get(session.program)
    if session is None or program is None:
        return event.describe(language)
    mismatch = program.audience.why_not(cadre, units=plan.units_tree, on=session.start_on)
    if mismatch is None:  # pragma: no cover - an ineligible event names a failing audience
        return event.describe(language)
    condition = mismatch.condition
    if condition == "categories":
        label = vocabulary_label(plan.categories, cadre.category, language)
        return pick(
            (f"category {label} ({cadre.category})", f"干部类别为{label}（{cadre.category}）"),
            language,
        )
    if condition == "ranks":
        label = vocabulary_label(plan.ranks, cadre.rank, language)
        return pick((f"rank {label} ({cadre.rank})", f"职级为{label}（{cadre.rank}）"), language)
    if condition == "units":
        return pick(
            (
                f"unit {cadre.unit} outside the audience's units",
                f"所在单位 {cadre.unit} 不在范围内",
            ),
            language,
        )
    return pick(_BOUNDS[condition, mismatch.found is None], language)


_BOUNDS: dict[tuple[str, bool], tuple[str, str]] = {
    ("tags", True): ("lacks a tag the audience asks for", "缺少培训对象要求的标签"),
    ("min_age", False): ("younger than the audience's minimum age", "低于年龄下限"),
    ("min_age", True): ("no birth date, and the audience has an age bound", "无出生日期"),
    ("max_age", False): ("older than the audience's maximum age", "超过年龄上限"),
    ("max_age", True): ("no birth date, and the audience has an age bound", "无出生日期"),
    ("min_potential", False): ("potential below the audience's minimum", "发展潜力评级低于要求"),
    ("min_potential", True): ("no potential rating", "无发展潜力评级"),
}
"""The other conditions in short, by (condition, whether the cadre's value is unknown)."""


def _outside_lines(
    plan: Plan, cadre: Cadre, events: list[AllocationEvent], language: Language
) -> list[str]:
    """The sessions outside the cadre's audience, one row per condition: how many, and which."""
    by_reason: dict[str, list[str]] = {}
    for event in events:
        by_reason.setdefault(_exclusion(plan, cadre, event, language), []).append(event.session)
    count = layout.format_count
    rows = []
    for reason, sessions in by_reason.items():
        named = ", ".join(sessions[:_NAMED_SESSIONS])
        rest = len(sessions) - _NAMED_SESSIONS
        if rest > 0:
            named += pick((f" and {count(rest)} more", f" 等 {count(len(sessions))} 期"), language)
        rows.append([reason, count(len(sessions)), named])
    title = f"{_text('outside_heading', language)} ({count(len(events))})"
    if language == "zh":
        title = f"{_text('outside_heading', language)}（{count(len(events))} 期）"
    headers = [_text(key, language) for key in ("condition", "count", "sessions_named")]
    return [*layout.heading(title), *layout.table(headers, rows, align="<><")]


def _amounts(
    hours: float | None, days: int | None, sessions: int | None, language: Language
) -> str:
    """Hours, days and sessions, each only where the requirement sets it."""
    parts = []
    if hours is not None:
        parts.append(f"{layout.format_number(hours)} {pick(('h', '学时'), language)}")
    if days is not None:
        parts.append(f"{days} {pick(('d', '天'), language)}")
    if sessions is not None:
        noun = pick((f"session{'' if sessions == 1 else 's'}", "期"), language)
        parts.append(f"{sessions} {noun}")
    return " / ".join(parts)


def _coverage_row(entry: CoverageEntry, language: Language) -> list[str]:
    def measured(hours: float, days: int, sessions: int) -> str:
        return _amounts(
            None if entry.required_hours is None else hours,
            None if entry.required_days is None else days,
            None if entry.required_sessions is None else sessions,
            language,
        )

    short = _amounts(
        entry.shortfall_hours, entry.shortfall_days, entry.shortfall_sessions, language
    )
    return [
        entry.requirement,
        _dates(entry.window_start, entry.window_end, language),
        str(entry.due_on),
        _amounts(entry.required_hours, entry.required_days, entry.required_sessions, language),
        measured(entry.done_hours, entry.done_days, entry.done_sessions),
        measured(entry.planned_hours, entry.planned_days, entry.planned_sessions),
        _text("met", language) if entry.is_met else short,
    ]
