"""Built-in rules CP5xx: coverage of the requirements (应训尽训)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.rules._base import ValidationContext, rule
from cadreplan.rules._findings import Severity, Violation
from cadreplan.rules._zh import span_zh

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from cadreplan.model import Plan

__all__ = ["requirement_coverage"]


@rule("CP501", "Requirement not met", severity=Severity.WARNING, title_zh="培训要求未达标")
def requirement_coverage(plan: Plan, context: ValidationContext) -> Iterator[Violation]:
    """A cadre under a requirement falls short of it by its due date (应训尽训).

    Completed history and the plan's active enrollments inside the cycle count;
    see ``cadreplan.coverage`` for the ledger behind this rule.
    """
    positions = {cadre.id: index for index, cadre in enumerate(plan.cadres)}
    # A region's cadres share a few shortfalls and cycles: word each once, in both languages.
    shortfalls: dict[tuple[float | None, ...], tuple[str, str]] = {}
    cycles: dict[tuple[dt.date, dt.date, dt.date], tuple[str, str]] = {}
    for entry in context.ledger.due_and_short():
        amounts = (
            entry.required_hours,
            entry.required_days,
            entry.required_sessions,
            entry.done_hours,
            entry.done_days,
            entry.done_sessions,
            entry.planned_hours,
            entry.planned_days,
            entry.planned_sessions,
        )
        short = shortfalls.get(amounts)
        if short is None:
            short = shortfalls[amounts] = (
                entry.describe_shortfall(),
                entry.describe_shortfall("zh"),
            )
        days = (entry.window_start, entry.window_end, entry.due_on)
        cycle = cycles.get(days)
        if cycle is None:
            cycle = cycles[days] = (
                f"cycle {days[0]}..{days[1]}, due {days[2]}",
                f"周期 {span_zh(days[0], days[1])}，截止 {days[2]}",
            )
        cadre, requirement = repr(entry.cadre), repr(entry.requirement)
        yield Violation(
            message=f"cadre {cadre} is {short[0]} for requirement {requirement} ({cycle[0]})",
            path=f"$.cadres[{positions[entry.cadre]}]",
            subjects=(entry.cadre, entry.requirement),
            message_zh=f"干部 {cadre} 未达到培训要求 {requirement}，{short[1]}（{cycle[1]}），"
            f"未做到应训尽训",
        )
