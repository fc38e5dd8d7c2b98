"""Explain one cadre's place in a plan: each session they could attend, and why they do or not.

`AllocationResult.explain` tells what the cascade did while it ran; a plan
read back from a file no longer carries that history. `explain` answers from
the plan alone, with the same predicates validation and allocation use, so
it works on any plan: one just allocated, one edited by hand, one received.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.allocation._cascade_events import AllocationEvent, Outcome
from cadreplan.allocation._result import Explanation
from cadreplan.ledger import (
    DEFAULT_THEME_WINDOW,
    Counting,
    count_within,
    counts_toward,
    cycle_window,
    duplicate_reason,
    ledger_entry,
    overlapping_commitments,
    seats_held,
    trainings_of,
)

if TYPE_CHECKING:
    import datetime as dt

    from dateutil.relativedelta import relativedelta

    from cadreplan.ledger import Commitment, CoverageEntry
    from cadreplan.model import Cadre, Plan, SeatQuota, Session

__all__ = ["explain"]


"""The outcome of a session with a free seat the cadre could take."""


def explain(
    plan: Plan,
    cadre_id: str,
    /,
    *,
    on: dt.date | None = None,
    theme_window: relativedelta = DEFAULT_THEME_WINDOW,
) -> Explanation:
    """Return where *cadre_id* stands in *plan*, session by session and requirement by requirement.

    Sessions come in cascade order (tier priority, then start date): every
    session the cadre is enrolled in, and every session of a program whose
    audience the cadre belongs to on its first day. Each gets one event:

    - ``already_enrolled``: the cadre holds an enrollment there; the detail
      gives its status.
    - ``duplicate``: the cadre already has the program, or a shared theme
      within *theme_window* (see [`duplicate_reason`][cadreplan.duplicate_reason]).
    - ``conflict``: the dates overlap another session or a practice assignment
      of the cadre (see [`overlapping_commitments`][cadreplan.overlapping_commitments]).
    - ``quota_exhausted``: a seat quota of the cadre's unit or a unit above it,
      for that session or its program, is used up (counted as rule CP401 counts).
    - ``full``: every seat is taken.
    - ``open_seat``: a seat is free and nothing above stands in the way; the
      detail says whether the session counts toward a requirement the cadre
      is short of.

    The first reason that applies, in that order, is the one given. The
    explanation's ``coverage`` holds the cadre's coverage entries on day
    *on*, as [`coverage`][cadreplan.coverage] computes them.

    Args:
        plan: The plan, allocated or not.
        cadre_id: The cadre to explain.
        on: The reference day for coverage; the plan period's last day by default.
        theme_window: Training on a shared theme closer than this is duplicate.

    Returns:
        The explanation: one event per session, and the coverage entries.

    Raises:
        UnknownIdError: No cadre has that id.

    Examples:
        >>> from cadreplan import allocate
        >>> from cadreplan.datasets import demo_region
        >>> plan = allocate(demo_region(), seed=0).plan
        >>> story = explain(plan, "c0001")
        >>> for event in story.events[1:3]:
        ...     print(event.session, event.outcome, event.detail, sep=": ")
        nd-colleges-leaders-1: duplicate: already has program 'nd-colleges-leaders' (...)
        nd-colleges-leaders-2: already_enrolled: enrolled, planned
        >>> [(entry.requirement, entry.describe_shortfall()) for entry in story.coverage]
        [('county_leaders_5y', 'short of 310 hours or 56 days')]
    """
    cadre = plan.cadre(cadre_id)
    day = plan.period.end_on if on is None else on
    entries = _coverage_of(plan, cadre, day)
    quotas = _Quotas(plan, cadre)
    events = [
        _event(plan, cadre, session, entries=entries, quotas=quotas, theme_window=theme_window)
        for session in _sessions_of(plan, cadre)
    ]
    return Explanation(cadre=cadre.id, events=tuple(events), coverage=entries)


def _coverage_of(plan: Plan, cadre: Cadre, day: dt.date) -> tuple[CoverageEntry, ...]:
    """The cadre's entries of the coverage ledger, without building the whole ledger."""
    tree = plan.units_tree
    trainings = tuple(trainings_of(plan, cadre.id))
    entries = []
    for requirement in plan.requirements:
        if not requirement.audience.matches(cadre, units=tree, on=day):
            continue
        window = cycle_window(requirement, cadre, day)
        # As in `coverage`: an appointment long before the plan period is not its business.
        if window is None or window[1] < plan.period.start_on:
            continue
        counted = count_within(window, trainings, Counting(requirement))
        entries.append(ledger_entry(cadre.id, requirement, window, counted))
    return tuple(entries)


def _sessions_of(plan: Plan, cadre: Cadre) -> list[Session]:
    """The sessions to explain, in cascade order; unknown tiers and programs go last."""
    enrolled = {enrollment.session for enrollment in plan.enrollments_of(cadre.id)}
    tree = plan.units_tree
    last = len(plan.tiers.codes)
    keyed = []
    for position, session in enumerate(plan.sessions):
        program = plan.programs_by_id.get(session.program)
        if session.id not in enrolled and (
            program is None or not program.audience.matches(cadre, units=tree, on=session.start_on)
        ):
            continue
        if program is None:
            rank = last + 1
        elif program.tier in plan.tiers:
            rank = plan.tiers.order(program.tier)
        else:
            rank = last
        keyed.append((rank, session.start_on, position, session))
    keyed.sort(key=lambda item: item[:3])
    return [item[3] for item in keyed]


class _Quotas:
    """The seat quotas that bind one cadre: those of the cadre's unit and the units above it."""

    __slots__ = ("_plan", "_used", "by_program", "by_session")

    def __init__(self, plan: Plan, cadre: Cadre) -> None:
        self._plan = plan
        self._used: dict[int, int] = {}
        self.by_session: dict[str, list[tuple[int, SeatQuota]]] = {}
        self.by_program: dict[str, list[tuple[int, SeatQuota]]] = {}
        for index, quota in enumerate(plan.seat_quotas):
            if cadre.unit not in plan.units_tree or quota.unit not in plan.units_tree:
                continue
            if not plan.is_within(cadre.unit, quota.unit):
                continue
            if quota.session is not None:
                self.by_session.setdefault(quota.session, []).append((index, quota))
            elif quota.program is not None:
                self.by_program.setdefault(quota.program, []).append((index, quota))

    def used_up(self, session: Session) -> tuple[int, SeatQuota] | None:
        """Return the first quota binding the cadre in *session* that has no seat left."""
        for index, quota in (
            *self.by_session.get(session.id, ()),
            *self.by_program.get(session.program, ()),
        ):
            if self._count(index, quota) >= quota.seats:
                return index, quota
        return None

    def _count(self, index: int, quota: SeatQuota) -> int:
        """Seats the quota's unit holds, counted as rule CP401 counts them."""
        if index not in self._used:
            self._used[index] = seats_held(self._plan, quota)
        return self._used[index]


def _event(
    plan: Plan,
    cadre: Cadre,
    session: Session,
    *,
    entries: tuple[CoverageEntry, ...],
    quotas: _Quotas,
    theme_window: relativedelta,
) -> AllocationEvent:
    """The one event of *session*: the first reason that applies, in the order `explain` gives."""
    mine = [e for e in plan.enrollments_of(cadre.id) if e.session == session.id]
    if mine:
        # An active enrollment outranks a withdrawn one for the same pair.
        enrollment = next((e for e in mine if e.is_active), mine[0])
        detail = f"enrolled, {enrollment.status}"
        if not enrollment.is_active:
            detail += " (takes no seat and counts for nothing)"
        return AllocationEvent(session.id, Outcome.ALREADY_ENROLLED, detail)
    duplicate = duplicate_reason(plan, cadre.id, session, theme_window=theme_window)
    if duplicate is not None:
        return AllocationEvent(session.id, Outcome.DUPLICATE, duplicate)
    busy = overlapping_commitments(
        plan, cadre.id, session.start_on, session.end_on, exclude_session=session.id
    )
    if busy:
        return AllocationEvent(session.id, Outcome.CONFLICT, _describe_conflict(busy[0]))
    exhausted = quotas.used_up(session)
    if exhausted is not None:
        index, quota = exhausted
        target = f"session {quota.session!r}" if quota.session else f"program {quota.program!r}"
        noun = "seat" if quota.seats == 1 else "seats"
        detail = (
            f"unit {quota.unit!r} has used up its quota of {quota.seats} {noun} "
            f"for {target} ($.seat_quotas[{index}])"
        )
        return AllocationEvent(session.id, Outcome.QUOTA, detail)
    taken = sum(1 for e in plan.enrollments_in(session.id) if e.is_active)
    free = session.capacity - taken
    if free <= 0:
        noun = "seat" if session.capacity == 1 else "seats"
        detail = f"all {session.capacity} {noun} taken"
        return AllocationEvent(session.id, Outcome.FULL, detail)
    return AllocationEvent(
        session.id, Outcome.OPEN_SEAT, _describe_open(plan, session, free, entries)
    )


def _describe_conflict(commitment: Commitment) -> str:
    what = "session" if commitment.kind == "session" else "practice assignment at post"
    return (
        f"busy with {what} {commitment.id!r} {commitment.start_on}..{commitment.end_on} "
        f"({commitment.path})"
    )


def _describe_open(
    plan: Plan, session: Session, free: int, entries: tuple[CoverageEntry, ...]
) -> str:
    program = plan.program(session.program)
    institution = plan.institutions_by_id.get(session.institution)
    short = [
        entry.requirement
        for entry in entries
        if not entry.is_met
        and entry.window_start <= session.start_on <= entry.window_end
        and counts_toward(
            plan.requirement(entry.requirement),
            tier=program.tier,
            themes=program.themes,
            institution_kind=None if institution is None else institution.kind,
            program=program.id,
        )
    ]
    seats = f"{free} of {session.capacity} seats free"
    if not short:
        return f"{seats}; counts toward no requirement the cadre is short of"
    names = ", ".join(repr(requirement) for requirement in short)
    return f"{seats}; counts toward {names}, where the cadre is short"
