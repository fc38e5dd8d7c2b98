"""Built-in rules CP5xx: coverage of the requirements (应训尽训)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.rules._base import ValidationContext, rule
from cadreplan.rules._findings import Severity, Violation

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cadreplan.model import Plan

__all__ = ["requirement_coverage"]


@rule("CP501", "Requirement not met", severity=Severity.WARNING)
def requirement_coverage(plan: Plan, context: ValidationContext) -> Iterator[Violation]:
    """A cadre under a requirement falls short of it by its due date (应训尽训).

    Completed history and the plan's active enrollments inside the cycle count;
    see ``cadreplan.coverage`` for the ledger behind this rule.
    """
    positions = {cadre.id: index for index, cadre in enumerate(plan.cadres)}
    for entry in context.ledger.due_and_short():
        yield Violation(
            message=f"cadre {entry.cadre!r} is {entry.describe_shortfall()} for requirement "
            f"{entry.requirement!r} (cycle {entry.window_start}..{entry.window_end}, "
            f"due {entry.due_on})",
            path=f"$.cadres[{positions[entry.cadre]}]",
            subjects=(entry.cadre, entry.requirement),
        )
