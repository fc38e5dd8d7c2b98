"""Built-in rules CP2xx: sessions against their tier and the plan period.

CP201 (a session ending before it starts), CP202 (a session without seats)
and CP203 (a program without hours) are facts about one object: they are
refused when the object is made, and their codes stay reserved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.rules._base import rule
from cadreplan.rules._findings import Severity, Violation
from cadreplan.rules._zh import span_zh

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cadreplan.model import Plan

__all__ = ["session_in_period", "tier_institution_kind"]


@rule(
    "CP204",
    "Tier held at an institution kind it does not use",
    title_zh="培训层级与培训机构类型不符",
)
def tier_institution_kind(plan: Plan) -> Iterator[Violation]:
    """A session's tier does not use its institution's kind.

    Each tier lists the institution kinds it may use (national dispatch goes to
    national institutions, for instance). Move the session, or widen the
    tier's ``institution_kinds``.
    """
    for index, session in enumerate(plan.sessions):
        program = plan.programs_by_id.get(session.program)
        institution = plan.institutions_by_id.get(session.institution)
        if program is None or institution is None or program.tier not in plan.tiers:
            continue
        tier = plan.tiers[program.tier]
        allowed = tier.institution_kinds
        if allowed and institution.kind not in allowed:
            kinds = ", ".join(repr(kind) for kind in sorted(allowed))
            kinds_zh = "、".join(_labelled(plan, kind) for kind in sorted(allowed))
            tier_zh = f"{tier.code!r}（{tier.zh}）" if tier.zh else repr(tier.code)
            yield Violation(
                message=f"tier {program.tier!r} uses institution kinds {kinds}; "
                f"session {session.id!r} is at {institution.id!r} of kind {institution.kind!r}",
                path=f"$.sessions[{index}].institution",
                subjects=(session.id, institution.id),
                message_zh=(
                    f"培训层级 {tier_zh} 只使用 {kinds_zh} 类培训机构；期次 {session.id!r} "
                    f"却安排在 {_labelled(plan, institution.kind)} 类培训机构 {institution.id!r}"
                ).replace("） ", "）"),
            )


def _labelled(plan: Plan, kind: str) -> str:
    """Return ``'party_school'（党校（行政学院））``: an institution kind and its Chinese label."""
    kinds = plan.institution_kinds
    label = kinds[kind].zh if kind in kinds else ""
    return f"{kind!r}（{label}）" if label else repr(kind)


@rule(
    "CP205", "Session outside the plan period", severity=Severity.WARNING, title_zh="期次超出计划期"
)
def session_in_period(plan: Plan) -> Iterator[Violation]:
    """A session does not lie wholly inside the plan period. Move it or widen the period."""
    period = plan.period
    for index, session in enumerate(plan.sessions):
        if not period.covers(session.start_on, session.end_on):
            yield Violation(
                message=f"session {session.id!r} runs {session.start_on}..{session.end_on}, "
                f"outside the plan period {period.start_on}..{period.end_on}",
                path=f"$.sessions[{index}]",
                subjects=(session.id,),
                message_zh=f"期次 {session.id!r} 的培训时间 "
                f"{span_zh(session.start_on, session.end_on)} 超出计划期 "
                f"{span_zh(period.start_on, period.end_on)}",
            )
