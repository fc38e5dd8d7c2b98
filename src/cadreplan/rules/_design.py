"""Built-in rules CP6xx: program design (redundancy, fill)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from cadreplan.rules._base import ValidationContext, rule
from cadreplan.rules._findings import Severity, Violation
from cadreplan.rules._shared import active_enrollments

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cadreplan.model import Plan

__all__ = ["redundant_programs", "under_filled"]


@rule("CP601", "Redundant programs", severity=Severity.WARNING, title_zh="培训项目重复设置")
def redundant_programs(plan: Plan) -> Iterator[Violation]:
    """Two programs share tier, themes and audience: consider integrating them (整合培训项目)."""
    first: dict[object, tuple[int, str]] = {}
    for index, program in enumerate(plan.programs):
        key = (program.tier, program.themes, program.audience)
        if key in first:
            earlier_index, earlier = first[key]
            yield Violation(
                message=f"program {program.id!r} has the tier, themes and audience of "
                f"program {earlier!r} ($.programs[{earlier_index}]); consider integrating them",
                path=f"$.programs[{index}]",
                subjects=(program.id, earlier),
                message_zh=f"培训项目 {program.id!r} 与培训项目 {earlier!r}"
                f"（$.programs[{earlier_index}]）的培训层级、主题和培训对象相同，建议整合培训项目",
            )
        else:
            first[key] = (index, program.id)


@rule("CP602", "Under-filled session", severity=Severity.WARNING, title_zh="期次参训人数不足")
def under_filled(plan: Plan, context: ValidationContext) -> Iterator[Violation]:
    """A session is filled below ``ValidationOptions.min_fill`` of its capacity.

    Silent while the plan has no enrollments at all (nothing allocated yet).
    Merge small sessions or lower their capacity.
    """
    if not plan.enrollments:
        return
    taken = Counter(enrollment.session for _, enrollment, _ in active_enrollments(plan))
    minimum = context.options.min_fill
    for index, session in enumerate(plan.sessions):
        if taken[session.id] < minimum * session.capacity:
            yield Violation(
                message=f"session {session.id!r} has {taken[session.id]} of "
                f"{session.capacity} seats filled, below {minimum:.0%}",
                path=f"$.sessions[{index}]",
                subjects=(session.id,),
                message_zh=f"期次 {session.id!r} 的 {session.capacity} 个名额只用了 "
                f"{taken[session.id]} 个，低于 {minimum:.0%}",
            )
