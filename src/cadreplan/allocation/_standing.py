"""What stands between a cadre and a seat: the checks both explanations make, worded once.

`explain` asks of the plan as it is, and
`AllocationResult.explain` of each session as it stood at its turn in an
allocation run; both ask the same questions in the same order and word the
answers here, in English and Chinese: is the cadre enrolled; in the
audience (and if not, which condition fails); would the session be
duplicate training; are they busy; is a quota of their unit used up; is a
seat free. They differ only in the state they pass: the cadre's trainings
and commitments, and how many seats each quota holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.allocation._cascade_events import AllocationEvent, Outcome
from cadreplan.ledger import counts_toward, starts_too_close

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from dateutil.relativedelta import relativedelta

    from cadreplan.ledger import Commitment, CoverageEntry, Training
    from cadreplan.model import Cadre, Enrollment, Plan, SeatQuota, Session, Vocabulary

__all__ = [
    "Quotas",
    "blocking",
    "enrolled",
    "full",
    "ineligible",
    "open_seat",
    "seats",
    "seats_zh",
]

_STATUS_ZH = {
    "planned": "计划参训",
    "confirmed": "已确认",
    "completed": "已结业",
    "withdrawn": "已退训",
}


def seats(count: int) -> str:
    """Return ``1 seat`` or ``3 seats``."""
    return f"{count} seat" if count == 1 else f"{count} seats"


def seats_zh(count: int) -> str:
    """Return ``3 个名额``."""
    return f"{count} 个名额"


def _label(vocabulary: Vocabulary, code: str | int | None) -> str:
    """Return the Chinese label of *code* with the code, or the code the vocabulary lacks."""
    text = str(code)
    if text in vocabulary:
        label = vocabulary[text].label("zh")
        return text if label == text else f"{label}（{text}）"
    return text


def _labels(vocabulary: Vocabulary, codes: Iterable[str]) -> str:
    return "、".join(_label(vocabulary, code) for code in codes)


def enrolled(session_id: str, mine: Sequence[Enrollment]) -> AllocationEvent:
    """Return the event of a session the cadre holds an enrollment in (an active one first)."""
    enrollment = next((e for e in mine if e.is_active), mine[0])
    status = str(enrollment.status)
    detail = f"enrolled, {status}"
    detail_zh = _STATUS_ZH.get(status, status)
    if not enrollment.is_active:
        detail += " (takes no seat and counts for nothing)"
        detail_zh += "（不占名额，不计入培训要求）"
    return AllocationEvent(session_id, Outcome.ALREADY_ENROLLED, detail, detail_zh)


def ineligible(plan: Plan, cadre: Cadre, session: Session) -> AllocationEvent | None:
    """Return why *cadre* may not attend *session* on its first day, or ``None`` if they may."""
    program = plan.programs_by_id.get(session.program)
    if program is None:
        return AllocationEvent(
            session.id,
            Outcome.INELIGIBLE,
            f"its program {session.program!r} is not in the plan: nobody may attend",
            f"所属培训项目 {session.program} 不在计划中，无人可参训",
        )
    mismatch = program.audience.why_not(cadre, units=plan.units_tree, on=session.start_on)
    if mismatch is None:
        return None
    return AllocationEvent(
        session.id,
        Outcome.INELIGIBLE,
        f"not in the audience: {mismatch}",
        _mismatch_zh(plan, mismatch),
    )


def _mismatch_zh(plan: Plan, mismatch: object) -> str:  # noqa: PLR0911 - one sentence per condition
    """Word an `AudienceMismatch` in Chinese, codes with the plan's labels."""
    condition: str = mismatch.condition  # type: ignore[attr-defined]
    wanted: tuple[str, ...] = mismatch.wanted  # type: ignore[attr-defined]
    bound: int | None = mismatch.bound  # type: ignore[attr-defined]
    found: str | int | None = mismatch.found  # type: ignore[attr-defined]
    if condition == "categories":
        return (
            f"干部类别为{_label(plan.categories, found)}，"
            f"本项目面向{_labels(plan.categories, wanted)}"
        )
    if condition == "ranks":
        return f"职级为{_label(plan.ranks, found)}，本项目面向{_labels(plan.ranks, wanted)}"
    if condition == "units":
        return f"所在单位 {found} 不在本项目范围（{'、'.join(wanted)}）内"
    if condition == "tags":
        return f"缺少标签 {'、'.join(wanted)}"
    if condition == "min_potential":
        if found is None:
            return f"无发展潜力评级（要求不低于 {bound}）"
        return f"发展潜力评级 {found}，低于要求的 {bound}"
    if found is None:
        return "无出生日期，无法确认是否符合年龄要求"
    if condition == "min_age":
        return f"年龄 {found} 岁，低于 {bound} 岁的下限"
    return f"年龄 {found} 岁，超过 {bound} 岁的上限"


def _duplicate(
    plan: Plan, session: Session, trainings: Iterable[Training], theme_window: relativedelta
) -> AllocationEvent | None:
    """Return why *session* would be duplicate training, as `duplicate_reason` says it, or ``None``.

    The test is `duplicate_reason`'s over the *trainings* given (the tests
    hold the two to the same answer): the same program, or a shared theme
    starting closer than *theme_window*.
    """
    program = plan.programs_by_id.get(session.program)
    themes = frozenset() if program is None else program.themes
    for training in trainings:
        if training.session == session.id:
            continue
        if training.program is not None and training.program == session.program:
            return AllocationEvent(
                session.id,
                Outcome.DUPLICATE,
                f"already has program {session.program!r} ({training.path})",
                f"已参加过培训项目 {session.program}（{training.path}）",
            )
        shared = themes & training.themes
        if shared and starts_too_close(session.start_on, training.start_on, theme_window):
            theme = sorted(shared)[0]
            return AllocationEvent(
                session.id,
                Outcome.DUPLICATE,
                f"theme {theme!r} already trained on {training.start_on} ({training.path})",
                f"间隔期内已于 {training.start_on} 参加主题{_label(plan.themes, theme)}的培训"
                f"（{training.path}）",
            )
    return None


def _conflict(session: Session, commitments: Iterable[Commitment]) -> AllocationEvent | None:
    """Return the first commitment overlapping *session* (other than itself), worded."""
    for commitment in commitments:
        if not commitment.overlaps(session.start_on, session.end_on):
            continue
        if commitment.kind == "session" and commitment.id == session.id:
            continue
        span = f"{commitment.start_on}..{commitment.end_on}"
        span_zh = f"{commitment.start_on} 至 {commitment.end_on}"
        if commitment.kind == "session":
            detail = f"busy with session {commitment.id!r} {span} ({commitment.path})"
            detail_zh = f"同期参加期次 {commitment.id}（{span_zh}，{commitment.path}）"
        else:
            detail = (
                f"busy with practice assignment at post {commitment.id!r} {span} "
                f"({commitment.path})"
            )
            detail_zh = f"同期在岗位 {commitment.id} 实践锻炼（{span_zh}，{commitment.path}）"
        return AllocationEvent(session.id, Outcome.CONFLICT, detail, detail_zh)
    return None


class Quotas:
    """The seat quotas that bind one cadre: those of the cadre's unit and the units above it.

    *count* says how many seats a quota holds (``count(index, quota,
    session)``, the quota's position in ``plan.seat_quotas``): as rule CP401
    counts them in the plan, or as they stood at a session's turn.
    """

    __slots__ = ("by_program", "by_session", "count")

    def __init__(
        self, plan: Plan, cadre: Cadre, count: Callable[[int, SeatQuota, Session], int]
    ) -> None:
        self.count = count
        self.by_session: dict[str, list[tuple[int, SeatQuota]]] = {}
        self.by_program: dict[str, list[tuple[int, SeatQuota]]] = {}
        tree = plan.units_tree
        for index, quota in enumerate(plan.seat_quotas):
            if cadre.unit not in tree or quota.unit not in tree:
                continue
            if not tree.is_within(cadre.unit, quota.unit):
                continue
            if quota.session is not None:
                self.by_session.setdefault(quota.session, []).append((index, quota))
            elif quota.program is not None:
                self.by_program.setdefault(quota.program, []).append((index, quota))

    def used_up(self, session: Session) -> AllocationEvent | None:
        """Return the first quota binding the cadre in *session* with no seat left, worded."""
        for index, quota in (
            *self.by_session.get(session.id, ()),
            *self.by_program.get(session.program, ()),
        ):
            if self.count(index, quota, session) >= quota.seats:
                target = (
                    f"session {quota.session!r}" if quota.session else f"program {quota.program!r}"
                )
                target_zh = (
                    f"期次 {quota.session}" if quota.session else f"培训项目 {quota.program}"
                )
                detail = (
                    f"unit {quota.unit!r} has used up its quota of {seats(quota.seats)} "
                    f"for {target} ($.seat_quotas[{index}])"
                )
                detail_zh = (
                    f"单位 {quota.unit} 在{target_zh}的名额分配（{seats_zh(quota.seats)}）"
                    f"已用完（$.seat_quotas[{index}]）"
                )
                return AllocationEvent(session.id, Outcome.QUOTA, detail, detail_zh)
        return None


def blocking(
    plan: Plan,
    cadre: Cadre,
    session: Session,
    *,
    trainings: Iterable[Training],
    commitments: Iterable[Commitment],
    quotas: Quotas,
    theme_window: relativedelta,
) -> AllocationEvent | None:
    """Return the first reason *cadre* may not take a seat in *session*, or ``None``.

    In this order: not in the audience (or no such program), duplicate,
    busy, a quota used up. Enrollment is asked before, and seats after.
    """
    return (
        ineligible(plan, cadre, session)
        or _duplicate(plan, session, trainings, theme_window)
        or _conflict(session, commitments)
        or quotas.used_up(session)
    )


def full(session: Session) -> AllocationEvent:
    """Return the event of a session whose seats are all taken."""
    return AllocationEvent(
        session.id,
        Outcome.FULL,
        f"all {seats(session.capacity)} taken",
        f"{seats_zh(session.capacity)}已满",
    )


def open_seat(
    plan: Plan, session: Session, free: int, entries: Iterable[CoverageEntry]
) -> AllocationEvent:
    """Return the event of a free seat: does it count toward a requirement the cadre is short of."""
    program = plan.program(session.program)
    institution = plan.institutions_by_id.get(session.institution)
    short = [
        entry.requirement
        for entry in entries
        if not entry.is_met
        and entry.window_start <= session.start_on <= entry.window_end
        and entry.requirement in plan.requirements_by_id
        and counts_toward(
            plan.requirement(entry.requirement),
            tier=program.tier,
            themes=program.themes,
            institution_kind=None if institution is None else institution.kind,
            program=program.id,
        )
    ]
    free_seats = f"{free} of {session.capacity} seats free"
    free_zh = f"尚余 {free}/{session.capacity} 个名额"
    if not short:
        return AllocationEvent(
            session.id,
            Outcome.OPEN_SEAT,
            f"{free_seats}; counts toward no requirement the cadre is short of",
            f"{free_zh}；不计入其未达标的培训要求",
        )
    names = ", ".join(repr(requirement) for requirement in short)
    return AllocationEvent(
        session.id,
        Outcome.OPEN_SEAT,
        f"{free_seats}; counts toward {names}, where the cadre is short",
        f"{free_zh}；可计入其未达标的培训要求 {'、'.join(short)}",
    )
