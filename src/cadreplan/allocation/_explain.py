"""Explain one cadre's place in a plan: every session, and why they are in it or not.

`explain` answers from the plan alone ("where does this cadre stand, and
would they get a seat?"), with the same predicates validation and allocation
use, so it works on any plan: one just allocated, one edited by hand, one
received. `AllocationResult.explain` asks what an allocation run did; both
word their answers alike (see `_standing`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.allocation._arguments import cadre_of, check_day, check_plan, check_window
from cadreplan.allocation._explanation import Explanation
from cadreplan.allocation._standing import Quotas, blocking, enrolled, full, open_seat
from cadreplan.ledger import (
    DEFAULT_THEME_WINDOW,
    Counting,
    commitments_of,
    count_within,
    cycle_window,
    ledger_entry,
    seats_held,
    trainings_of,
)

if TYPE_CHECKING:
    import datetime as dt

    from dateutil.relativedelta import relativedelta

    from cadreplan.allocation._cascade_events import AllocationEvent
    from cadreplan.ledger import CoverageEntry
    from cadreplan.model import Cadre, Plan, SeatQuota, Session

__all__ = ["coverage_of", "explain", "explained_sessions"]


def explain(
    plan: Plan,
    cadre_id: str,
    /,
    *,
    on: dt.date | None = None,
    theme_window: relativedelta = DEFAULT_THEME_WINDOW,
) -> Explanation:
    """Return where *cadre_id* stands in *plan*, session by session and requirement by requirement.

    The explanation answers from the plan as it is (its ``basis`` is
    ``"plan"``): for every session of the plan, in cascade order (tier
    priority, then start date), one event, the first of these that applies:

    - ``already_enrolled``: the cadre holds an enrollment there; the detail
      gives its status.
    - ``ineligible``: the cadre is not in the audience of the session's
      program on its first day; the detail names the condition that fails
      (see `Audience.why_not`).
    - ``duplicate``: the cadre already has the program, or a shared theme
      within *theme_window* (see `duplicate_reason`).
    - ``conflict``: the dates overlap another session or a practice assignment
      of the cadre (see `overlapping_commitments`).
    - ``quota_exhausted``: a seat quota of the cadre's unit or a unit above it,
      for that session or its program, is used up (counted as rule CP401 counts).
    - ``full``: every seat is taken.
    - ``open_seat``: a seat is free and nothing above stands in the way; the
      detail says whether the session counts toward a requirement the cadre
      is short of.

    The explanation's ``coverage`` holds the cadre's coverage entries on day
    *on*, as `coverage` computes them.

    Args:
        plan: The plan, allocated or not.
        cadre_id: The cadre to explain.
        on: The reference day for coverage; the plan period's last day by default.
        theme_window: Training on a shared theme closer than this is duplicate.

    Returns:
        The explanation: one event per session, and the coverage entries.

    Raises:
        UnknownIdError: No cadre has that id (its message suggests the closest).
        FieldTypeError: An argument has the wrong type.
        FieldValueError: An argument is out of its domain.

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
    check_plan(plan)
    cadre = cadre_of(plan, cadre_id)
    day = check_day(on)
    window = check_window(theme_window)
    entries = coverage_of(plan, cadre, plan.period.end_on if day is None else day)
    trainings = tuple(trainings_of(plan, cadre.id))
    commitments = tuple(commitments_of(plan, cadre.id))
    held: dict[int, int] = {}

    def count(index: int, quota: SeatQuota, _: Session) -> int:
        if index not in held:
            held[index] = seats_held(plan, quota)
        return held[index]

    quotas = Quotas(plan, cadre, count)
    events: list[AllocationEvent] = []
    for session in explained_sessions(plan):
        mine = [e for e in plan.enrollments_of(cadre.id) if e.session == session.id]
        if mine:
            events.append(enrolled(session.id, mine))
            continue
        blocked = blocking(
            plan,
            cadre,
            session,
            trainings=trainings,
            commitments=commitments,
            quotas=quotas,
            theme_window=window,
        )
        if blocked is not None:
            events.append(blocked)
            continue
        free = session.capacity - sum(1 for e in plan.enrollments_in(session.id) if e.is_active)
        if free <= 0:
            events.append(full(session))
        else:
            events.append(open_seat(plan, session, free, entries))
    return Explanation(cadre=cadre.id, events=tuple(events), coverage=entries)


def coverage_of(plan: Plan, cadre: Cadre, day: dt.date) -> tuple[CoverageEntry, ...]:
    """Return the cadre's entries of the coverage ledger, without building the whole ledger."""
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


def explained_sessions(plan: Plan) -> list[Session]:
    """Return every session of *plan* once, in cascade order; unknown tiers and programs go last.

    The cascade's own order (`ordered_sessions`) for the sessions it seats;
    where two sessions share an id, the first one stands for both, as in
    ``plan.sessions_by_id``.
    """
    last = len(plan.tiers.codes)
    keyed = []
    seen: set[str] = set()
    for position, session in enumerate(plan.sessions):
        if session.id in seen:
            continue
        seen.add(session.id)
        program = plan.programs_by_id.get(session.program)
        if program is None:
            rank = last + 1
        elif program.tier in plan.tiers:
            rank = plan.tiers.order(program.tier)
        else:
            rank = last
        keyed.append((rank, session.start_on, position, session))
    keyed.sort(key=lambda item: item[:3])
    return [item[3] for item in keyed]
