"""Built-in rules CP4xx: seat quotas and dispatch quotas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.ledger import seats_held
from cadreplan.rules._base import rule
from cadreplan.rules._findings import Severity, Violation
from cadreplan.rules._shared import active_enrollments

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cadreplan.model import Plan

__all__ = ["dispatch_quota", "seat_quota"]


@rule("CP401", "Unit over its seat quota", title_zh="单位超出名额分配")
def seat_quota(plan: Plan) -> Iterator[Violation]:
    """A unit's cadres hold more seats of a session or program than its quota."""
    for index, quota in enumerate(plan.seat_quotas):
        if quota.session is not None:
            target, target_zh = f"session {quota.session!r}", f"期次 {quota.session!r}"
        else:
            target, target_zh = f"program {quota.program!r}", f"培训项目 {quota.program!r}"
        used = seats_held(plan, quota)
        if used > quota.seats:
            yield Violation(
                message=f"unit {quota.unit!r} holds {used} seats of {target} "
                f"over its quota of {quota.seats}",
                path=f"$.seat_quotas[{index}]",
                subjects=(quota.unit,),
                message_zh=f"单位 {quota.unit!r} 占用{target_zh} 的 {used} 个名额，"
                f"超出分配给它的 {quota.seats} 个名额",
            )


@rule("CP402", "Dispatch quota not met", severity=Severity.WARNING, title_zh="调训计划未完成")
def dispatch_quota(plan: Plan) -> Iterator[Violation]:
    """Fewer cadres are enrolled than a dispatch quota (调训计划) imposes."""
    if not plan.dispatch_quotas:
        return
    cadres = plan.cadres_by_id
    programs = plan.programs_by_id
    institutions = plan.institutions_by_id
    # Each session's tier and institution kind, and its active enrollments' cadres.
    seats: dict[str, tuple[str, str, list[str]]] = {}
    for _, enrollment, session in active_enrollments(plan):
        seat = seats.get(session.id)
        if seat is None:
            program = programs.get(session.program)
            institution = institutions.get(session.institution)
            if program is None or institution is None:
                continue
            seat = seats[session.id] = (program.tier, institution.kind, [])
        seat[2].append(enrollment.cadre)
    for index, quota in enumerate(plan.dispatch_quotas):
        sent = 0
        for tier, kind, enrolled in seats.values():
            if quota.tier is not None and tier != quota.tier:
                continue
            if quota.institution_kind is not None and kind != quota.institution_kind:
                continue
            for cadre_id in enrolled:
                cadre = cadres.get(cadre_id)
                if cadre is None:
                    continue
                if quota.unit is not None and not plan.is_within(cadre.unit, quota.unit):
                    continue
                sent += 1
        if sent < quota.seats:
            yield Violation(
                message=f"dispatch quota {quota.id!r} asks for {quota.seats} cadres; "
                f"{sent} enrolled ({quota.seats - sent} short)",
                path=f"$.dispatch_quotas[{index}]",
                subjects=(quota.id,),
                message_zh=f"调训计划 {quota.id!r} 要求选调 {quota.seats} 名干部，"
                f"已报名 {sent} 名，还差 {quota.seats - sent} 名",
            )
