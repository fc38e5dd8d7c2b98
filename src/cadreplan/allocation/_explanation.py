"""The explanation of one cadre: each session with its outcome, the coverage, the question."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Literal, get_args

import attrs

from cadreplan._support import checks
from cadreplan.allocation._cascade_events import AllocationEvent, Outcome, check_language
from cadreplan.errors import UnknownIdError
from cadreplan.ledger import CoverageEntry

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "OUTCOME_LABELS",
    "Basis",
    "Explanation",
    "describe_entry",
]

Basis = Literal["plan", "allocation"]
"""Which question an `Explanation` answers.

``"plan"``: where the cadre stands in the plan as it is, from the plan alone
(`explain`). ``"allocation"``: what one allocation run
did, each session as it stood at its turn
(`AllocationResult.explain`).
"""

OUTCOME_LABELS: Mapping[str, tuple[str, str]] = {
    Outcome.PLACED: ("placed", "已安排"),
    Outcome.FULL: ("full", "名额已满"),
    Outcome.CONFLICT: ("conflict", "时间冲突"),
    Outcome.DUPLICATE: ("duplicate", "重复培训"),
    Outcome.QUOTA: ("quota exhausted", "名额分配已用完"),
    Outcome.INELIGIBLE: ("ineligible", "不在培训对象范围"),
    Outcome.NOT_NEEDED: ("not needed", "无需参训"),
    Outcome.ALREADY_ENROLLED: ("already enrolled", "已报名"),
    Outcome.OPEN_SEAT: ("open seat", "尚有名额"),
    Outcome.SKIPPED: ("skipped", "未参与分配"),
}
"""Each `Outcome` code in words, English and Chinese."""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def describe_entry(entry: CoverageEntry, language: str) -> str:
    """Return a coverage entry's shortfall in words: ``short of 40 hours or 3 days``, or met."""
    return entry.describe_shortfall(language)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Explanation:
    """Where one cadre stands, session by session, and which question that answers.

    An explanation covers every session of the plan, in cascade order (tier
    priority, then start date; sessions of a tier or program the plan lacks
    last), each with one event: placed or enrolled, or why not (not in the
    audience, and by which condition; duplicate; busy; a quota used up;
    full; an open seat). Both ways of asking tell the same facts in the same
    words; they answer two questions (see *basis*), which differ only where
    the plan changed after a session's turn.

    Attributes:
        cadre: The cadre's id.
        events: One event per session, in cascade order.
        coverage: The cadre's coverage entries, one per requirement that applies.
        basis: Which question the explanation answers: ``"plan"`` (where the
            cadre stands in the plan as it is, from
            `explain`) or ``"allocation"`` (what an
            allocation run did, each session as it stood at its turn, from
            `AllocationResult.explain`).
        seed: The allocation's tie-break seed (``None`` on the plan basis).
    """

    cadre: str = attrs.field(validator=checks.identifier)
    events: tuple[AllocationEvent, ...] = attrs.field(
        converter=checks.to_tuple, validator=checks.members_of(AllocationEvent)
    )
    coverage: tuple[CoverageEntry, ...] = attrs.field(
        default=(), converter=checks.to_tuple, validator=checks.members_of(CoverageEntry)
    )
    basis: Basis = attrs.field(default="plan", validator=checks.one_of(*get_args(Basis)))
    seed: int | None = attrs.field(default=None, validator=checks.optional_integer(0))

    def __str__(self) -> str:
        return self.describe("en")

    def for_session(self, session_id: str, /) -> AllocationEvent:
        """Return the event of one session.

        Raises:
            UnknownIdError: The explanation has no event for that session.
        """
        for event in self.events:
            if event.session == session_id:
                return event
        ids = [event.session for event in self.events]
        raise UnknownIdError(
            "session", session_id, hint=functools.partial(checks.did_you_mean, session_id, ids)
        )

    def describe(self, language: str = "en") -> str:
        """Return the explanation in words, in *language* (``"en"`` or ``"zh"``).

        A heading that says which question it answers, one line per session
        (outcome and why), then the coverage when the explanation has it.

        Raises:
            FieldValueError: *language* is not ``"en"`` or ``"zh"``.
        """
        zh = check_language(language) == "zh"
        lines = [self._heading(zh=zh)]
        if not self.events:
            lines.append("  （无期次）" if zh else "  no session")
        for event in self.events:
            label = OUTCOME_LABELS.get(event.outcome, (event.outcome, event.outcome))
            if zh:
                lines.append(f"  {event.session}：{label[1]}。{event.describe('zh')}")
            else:
                lines.append(f"  {event.session}: {event.outcome} - {event.detail}")
        if self.coverage:
            lines.append("培训要求达标情况：" if zh else "coverage:")
            for entry in self.coverage:
                window = f"{entry.window_start}..{entry.window_end}"
                state = describe_entry(entry, "zh" if zh else "en")
                if zh:
                    lines.append(
                        f"  {entry.requirement}（{entry.window_start} 至 {entry.window_end}，"
                        f"{entry.due_on} 前完成）：{state}"
                    )
                else:
                    lines.append(f"  {entry.requirement} ({window}, due {entry.due_on}): {state}")
        return "\n".join(lines)

    def _heading(self, *, zh: bool) -> str:
        if self.basis == "plan":
            return (
                f"干部 {self.cadre}（按计划现状）："
                if zh
                else (f"cadre {self.cadre!r}, in the plan as it stands:")
            )
        seed = (
            ""
            if self.seed is None
            else (f"，随机种子 {self.seed}" if zh else f", seed {self.seed}")
        )
        if zh:
            return f"干部 {self.cadre}（本次分配{seed}，各期次按轮到时的情况）："
        return f"cadre {self.cadre!r}, in this allocation{seed}, each session at its turn:"
