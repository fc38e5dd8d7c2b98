"""Allocations and explanations in words: fill by tier, who is still short, one cadre's story."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from cadreplan._support import layout
from cadreplan.reports._labels import vocabulary_label, word

if TYPE_CHECKING:
    from cadreplan.allocation import AllocationResult, Explanation, UnplacedReason
    from cadreplan.ledger import CoverageEntry, CoverageLedger
    from cadreplan.model import Plan
    from cadreplan.reports._labels import Language

__all__ = ["allocation_lines", "explanation_lines", "shortfall_lines", "unplaced_lines"]


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


_UNPLACED_REASONS: dict[UnplacedReason, str] = {
    "no_eligible_session": "no session they may attend counts toward it",
    "all_full": "every suitable session was full",
    "quota_exhausted": "their unit's seat quota was used up",
    "conflict": "busy on the dates of the suitable sessions",
    "duplicate": "the suitable sessions would be duplicate training",
}

_TOP_TOWNSHIPS = 5
"""Townships the backstop shortfall of ``allocate`` lists, most cadres short first."""


def unplaced_lines(result: AllocationResult) -> list[str]:
    """Cadres still short of a due requirement, by the main reason."""
    tally = Counter(item.reason for item in result.unplaced)
    lines = layout.heading("Still short after allocation, by reason")
    if not tally:
        return [*lines, "  none: every cadre due a requirement meets it"]
    count = layout.format_count
    rows = [
        [reason, meaning, count(tally[reason])]
        for reason, meaning in _UNPLACED_REASONS.items()
        if tally[reason]
    ]
    total = ["", "Total", count(len(result.unplaced))]
    return [
        *lines,
        *layout.table(["Reason", "Meaning", "Cadres"], rows, align="<<>", footer=[total]),
    ]


def shortfall_lines(result: AllocationResult) -> list[str]:
    """The townships with the most cadres still short after the backstop tier (乡镇兜底)."""
    shortfall = sorted(result.backstop_shortfall, key=lambda item: (-item.cadres, item.unit))
    lines = layout.heading("Township backstop shortfall (乡镇兜底)")
    if not shortfall:
        return [*lines, "  none: no township has a cadre still short"]
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
    headers = ["Township", "Name", "Cadres short", "Sessions needed"]
    lines.extend(layout.table(headers, rows, align="<<>>"))
    rest = shortfall[_TOP_TOWNSHIPS:]
    if rest:
        cadres = count(sum(item.cadres for item in rest))
        noun = "township" if len(rest) == 1 else "townships"
        lines.append(f"  … and {count(len(rest))} more {noun} with {cadres} cadres short")
    return lines


def explanation_lines(plan: Plan, story: Explanation) -> list[str]:
    """The cadre, each session with its outcome, then the cadre's coverage."""
    cadre = plan.cadre(story.cadre)
    units = plan.units_tree
    unit = units[cadre.unit].name if cadre.unit in units else cadre.unit
    category = vocabulary_label(plan.categories, cadre.category, "en")
    lines = [
        *layout.heading(f"{cadre.id} {cadre.name}", "="),
        f"  {category}, {unit} ({cadre.unit})",
        "",
        *layout.heading("Sessions, in cascade order"),
    ]
    if story.events:
        rows = []
        for event in story.events:
            session = plan.session(event.session)
            program = plan.programs_by_id.get(session.program)
            rows.append(
                [
                    session.id,
                    "?" if program is None else program.tier,
                    f"{session.start_on}..{session.end_on}",
                    event.outcome,
                    event.detail,
                ]
            )
        lines.extend(layout.table(["Session", "Tier", "Dates", "Outcome", "Detail"], rows))
    else:
        lines.append("  none: the cadre is enrolled in no session and in no session's audience")
    lines.extend(["", *layout.heading(f"Coverage on {plan.period.end_on}")])
    if story.coverage:
        rows = [_coverage_row(entry) for entry in story.coverage]
        headers = ["Requirement", "Window", "Due", "Required", "Done", "Planned", "Short"]
        lines.extend(layout.table(headers, rows))
    else:
        lines.append("  none: no requirement applies to the cadre")
    return lines


def _amounts(hours: float | None, days: int | None, sessions: int | None) -> str:
    """Hours, days and sessions, each only where the requirement sets it."""
    parts = []
    if hours is not None:
        parts.append(f"{layout.format_number(hours)} h")
    if days is not None:
        parts.append(f"{days} d")
    if sessions is not None:
        parts.append(f"{sessions} session{'' if sessions == 1 else 's'}")
    return " / ".join(parts)


def _coverage_row(entry: CoverageEntry) -> list[str]:
    def measured(hours: float, days: int, sessions: int) -> str:
        return _amounts(
            None if entry.required_hours is None else hours,
            None if entry.required_days is None else days,
            None if entry.required_sessions is None else sessions,
        )

    short = _amounts(entry.shortfall_hours, entry.shortfall_days, entry.shortfall_sessions)
    return [
        entry.requirement,
        f"{entry.window_start}..{entry.window_end}",
        str(entry.due_on),
        _amounts(entry.required_hours, entry.required_days, entry.required_sessions),
        measured(entry.done_hours, entry.done_days, entry.done_sessions),
        measured(entry.planned_hours, entry.planned_days, entry.planned_sessions),
        "met" if entry.is_met else short,
    ]
