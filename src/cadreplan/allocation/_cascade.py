"""The tier cascade: seats go tier by tier to the cadres who need them most.

Each program (per institution kind) keeps one priority queue of its eligible
cadres, and its sessions come in date order. A cadre's priority for a session
counts only the requirements whose window holds the session's first day.
Priorities mostly get worse as the cascade goes on (shortfalls shrink, "last
trained" moves closer, windows close), so a lazily re-keyed heap yields the
current best candidate: pop, recompute, and push back if the key got worse.
The one way a key improves, a window opening after the program's first
session, is known in advance: those cadres are re-keyed on the day it opens.

A run goes in named steps: set-up (`_Cascade.__init__`: each cadre's state,
the plan's seats and quotas, the order of sessions), then per session in
that order the queue of its program (`_Cascade.group_for`), the windows
opened since (`_Cascade.reopen`) and the seats (`_Cascade.seat`, whose
`_Cascade.fill` chooses each one).
"""

from __future__ import annotations

import heapq
import random
from typing import TYPE_CHECKING

import attrs

from cadreplan.allocation._cascade_events import (
    BUSY,
    HAS_PROGRAM,
    HELD,
    OTHER_UNITS,
    PLACED,
    THEME,
    TOO_OLD,
    NotedEvents,
)
from cadreplan.allocation._cascade_needs import needs_of
from cadreplan.allocation._cascade_state import POSITION, UNTIL, VERSION, CadreState
from cadreplan.allocation._seating import (
    CascadeRun,
    SessionFill,
    ordered_sessions,
    requirements_counted,
)
from cadreplan.ledger import minus_window, seats_held
from cadreplan.model import Enrollment

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable

    from cadreplan.allocation._cascade_state import Key
    from cadreplan.allocation._policies import CascadePolicy
    from cadreplan.model import Audience, Cadre, Plan, Program, SeatQuota, Session

__all__ = ["run_cascade"]

_SHORTCUTS = True
"""Whether the cascade takes its two shortcuts: using a popped key that still holds
as it is, and leaving out of the heap of a group that seats only the short who can
never be short there. Both are exact; the tests turn them off to check that the
results stay the same."""

_NOBODY: frozenset[str] = frozenset()


class _Group:
    """The queue of one program's candidates for sessions at one institution kind.

    The heap holds keys. ``opening`` lists (day, position) of windows that
    open after the first session, latest first; on that day the cadre is
    queued again while their earlier key is still in the heap. A group with
    such windows keeps ``live``: only the key that ``live[position]`` holds
    (the very object) is live, so a cadre is never considered twice for one
    session. Without them a cadre is in the heap at most once (every other
    push follows a pop), and ``live`` is ``None``.
    """

    __slots__ = (
        "audience",
        "counting",
        "days",
        "heap",
        "is_needed_only",
        "live",
        "opening",
        "themes",
    )

    def __init__(
        self,
        audience: Audience,
        counting: frozenset[str],
        themes: Iterable[str],
        *,
        needed_only: bool,
    ) -> None:
        self.audience = audience
        self.days: Iterable[dt.date] = ()
        self.counting = counting
        self.themes = tuple(sorted(themes))
        """The program's themes in the order duplicate checks report them."""
        self.heap: list[Key] = []
        self.live: dict[int, Key] | None = None
        self.opening: list[tuple[int, int]] = []
        self.is_needed_only = needed_only

    def push(self, key: Key) -> None:
        """Queue a cadre with *key*; an earlier key of theirs still in the heap goes stale."""
        if self.live is not None:
            self.live[key[POSITION]] = key
        heapq.heappush(self.heap, key)


class _Quota:
    """A seat quota as one session uses it: seats used so far, and whether still reserved."""

    __slots__ = ("is_released", "is_reserving", "quota", "used")

    def __init__(self, quota: SeatQuota, used: int, *, reserving: bool) -> None:
        self.quota = quota
        self.used = used
        self.is_reserving = reserving
        self.is_released = not reserving

    @property
    def reserved_left(self) -> int:
        """Seats the quota still holds back from other units (0 once released)."""
        if self.is_released:
            return 0
        return max(0, self.quota.seats - self.used)


def _may_attend(cadre: Cadre, audience: Audience, days: Iterable[dt.date]) -> bool:
    """Return whether *cadre* is the audience's age on one of *days* (always, without *days*).

    Only age-bound audiences pass *days*; every other check was made on the pool.
    """
    return not days or any(audience.fits_age(cadre, day) for day in days)


def run_cascade(
    plan: Plan,
    policy: CascadePolicy,
    *,
    seed: int,
    on: dt.date,
    excluded: frozenset[str] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
) -> CascadeRun:
    """Run the cascade once over *plan*'s sessions, skipping *excluded* ones.

    Cadres' needs are the short entries of the coverage ledger on *on*.
    """
    cascade = _Cascade(plan, policy, seed=seed, on=on, excluded=excluded)
    total = len(cascade.ordered)
    for step, session in enumerate(cascade.ordered):
        cascade.seat(session)
        if progress is not None:
            progress(step + 1, total)
    return cascade.result()


def _states(plan: Plan, seed: int, on: dt.date) -> list[CadreState]:
    """Return each cadre's state: their needs on *on*, a seeded tie-break, their commitments.

    Active enrollments make the cadre busy and trained, completed history
    trained, practice assignments busy.
    """
    cadres = plan.cadres
    index_of = {cadre.id: position for position, cadre in enumerate(cadres)}
    rng = random.Random(seed)  # noqa: S311 - a reproducible tie-break, not a secret
    states = [
        CadreState(position, rng.getrandbits(62), needs)
        for position, needs in enumerate(needs_of(plan, on))
    ]
    programs = plan.programs_by_id
    sessions = plan.sessions_by_id
    for enrollment in plan.enrollments:
        session = sessions.get(enrollment.session)
        position = index_of.get(enrollment.cadre)
        if not enrollment.is_active or session is None or position is None:
            continue
        program = programs.get(session.program)
        states[position].commit(
            (session.start_on, session.end_on),
            session.program,
            (session.start_on, () if program is None else program.themes),
            session.end_on.toordinal(),
        )
    for record in plan.history:
        position = index_of.get(record.cadre)
        if position is not None and record.is_completed:
            state = states[position]
            if record.program is not None:
                state.add_program(record.program)
            state.add_training((record.start_on, record.themes), record.end_on.toordinal())
    for assignment in plan.assignments:
        position = index_of.get(assignment.cadre)
        if position is not None:
            states[position].add_busy(assignment.start_on, assignment.end_on)
    return states


class _Cascade:
    """One run of the cascade: what it keeps from one session to the next."""

    __slots__ = (
        "candidates",
        "enrolled",
        "fills",
        "group_days",
        "groups",
        "needed",
        "notes",
        "ordered",
        "placements",
        "plan",
        "policy",
        "program_quotas",
        "program_used",
        "session_quotas",
        "states",
        "taken",
    )

    def __init__(
        self,
        plan: Plan,
        policy: CascadePolicy,
        *,
        seed: int,
        on: dt.date,
        excluded: frozenset[str],
    ) -> None:
        """Set up: each cadre's state, the seats taken, the quotas, the order of sessions."""
        self.plan = plan
        self.policy = policy
        self.states = _states(plan, seed, on)
        sessions = plan.sessions_by_id
        self.taken: dict[str, int] = {}
        self.enrolled: dict[str, set[str]] = {}
        """Each session's cadres before allocation."""
        for enrollment in plan.enrollments:
            # A withdrawn enrollment still names the pair: enrolling it again would duplicate it.
            self.enrolled.setdefault(enrollment.session, set()).add(enrollment.cadre)
            session = sessions.get(enrollment.session)
            if enrollment.is_active and session is not None:
                self.taken[session.id] = self.taken.get(session.id, 0) + 1
        self.session_quotas: dict[str, list[SeatQuota]] = {}
        self.program_quotas: dict[str, list[SeatQuota]] = {}
        self.program_used: dict[int, int] = {}
        for quota in plan.seat_quotas:
            if quota.session is not None:
                self.session_quotas.setdefault(quota.session, []).append(quota)
            elif quota.program is not None:
                self.program_quotas.setdefault(quota.program, []).append(quota)
                self.program_used[id(quota)] = seats_held(plan, quota)
        self.groups: dict[tuple[str, str], _Group] = {}
        self.candidates: dict[Audience, list[int]] = {}
        self.needed: set[int] = set()
        self.notes: list[tuple[int, str, int, object]] = []
        self.placements: list[Enrollment] = []
        self.fills: dict[str, SessionFill] = {}
        self.ordered = ordered_sessions(plan, excluded)
        institutions = plan.institutions_by_id
        self.group_days: dict[tuple[str, str], list[dt.date]] = {}
        """The distinct first days of each group's sessions, in order."""
        for session in self.ordered:
            starts = self.group_days.setdefault(
                (session.program, institutions[session.institution].kind), []
            )
            if not starts or starts[-1] != session.start_on:
                starts.append(session.start_on)

    def group_for(self, session: Session, program: Program, kind: str) -> _Group:
        """Return the queue of *program* at *kind* institutions, made on its first session."""
        group = self.groups.get((program.id, kind))
        if group is not None:
            return group
        plan = self.plan
        tier = plan.tiers[program.tier]
        group = self.groups[(program.id, kind)] = _Group(
            program.audience,
            requirements_counted(plan, program, kind),
            program.themes,
            needed_only=tier.is_backstop or not self.policy.fill_with_unneeded,
        )
        pool = self.candidates.get(program.audience)
        if pool is None:
            # Age depends on the day: that check waits until each session's turn.
            ageless = attrs.evolve(program.audience, min_age=None, max_age=None)
            pool = self.candidates[program.audience] = plan.positions_matching(
                ageless, on=session.start_on
            )
        days = self.group_days[(program.id, kind)]
        group.days = days if program.audience.has_age_bounds else ()
        _fill_queue(
            group,
            pool,
            states=self.states,
            cadres=plan.cadres,
            first_day=session.start_on.toordinal(),
            needed=self.needed,
        )
        return group

    def reopen(self, group: _Group, program: Program, day: int) -> None:
        """Queue again the cadres whose window opened by *day*: their key may be better now."""
        states = self.states
        live = group.live
        while group.opening and group.opening[-1][0] <= day:
            assert live is not None  # kept by every group with windows opening
            _, position = group.opening.pop()
            state = states[position]
            if program.id in state.programs or position not in live:
                continue
            key = state.key(group.counting, day)
            if key[0] == 0 and _may_attend(
                self.plan.cadres[position], program.audience, group.days
            ):
                self.needed.add(position)
            group.push(key)

    def quotas_for(self, session: Session, program: Program) -> list[_Quota]:
        """Return the quotas *session* honours: its own (reserving), then its program's."""
        plan = self.plan
        return [
            _Quota(q, seats_held(plan, q), reserving=True)
            for q in self.session_quotas.get(session.id, ())
        ] + [
            _Quota(q, self.program_used[id(q)], reserving=False)
            for q in self.program_quotas.get(program.id, ())
        ]

    def seat(self, session: Session) -> None:
        """Give the free seats of *session* and note its fill.

        A session with reserved quotas has two passes: the first keeps the
        reserved seats for their units; the second, if the policy releases
        them, offers what is left to the candidates the first set aside.
        """
        plan = self.plan
        program = plan.programs_by_id[session.program]
        kind = plan.institutions_by_id[session.institution].kind
        group = self.group_for(session, program, kind)
        self.reopen(group, program, session.start_on.toordinal())
        existing = self.taken.get(session.id, 0)
        free = session.capacity - existing
        quotas = self.quotas_for(session, program)
        # The quotas that hold a unit's cadres, per unit: the cadres of one unit come together.
        quotas_of: dict[str, list[_Quota]] = {}
        release = self.policy.quota_release
        deferred: list[Key] = []
        placed = self.fill(session, program, group, quotas, quotas_of, free, 0, deferred)
        if any(q.is_reserving for q in quotas):
            releasable = [
                q
                for q in quotas
                if q.is_reserving
                and not q.is_released
                and (
                    release == "after_pass"
                    or (
                        release == "release_date"
                        and q.quota.reserved_until is not None
                        and q.quota.reserved_until < session.start_on
                    )
                )
            ]
            if releasable and free - placed > 0:
                for q in releasable:
                    q.is_released = True
                for key in deferred:
                    group.push(key)
                deferred = []
                placed = self.fill(
                    session, program, group, quotas, quotas_of, free, placed, deferred
                )
        for key in deferred:
            group.push(key)
        self.fills[session.id] = SessionFill(
            session=session.id, capacity=session.capacity, existing=existing, placed=placed
        )

    def fill(  # noqa: PLR0912, PLR0915, PLR0917 - the seat loop, kept whole: see the docstring
        self,
        session: Session,
        program: Program,
        group: _Group,
        quotas: list[_Quota],
        quotas_of: dict[str, list[_Quota]],
        free: int,
        placed: int,
        deferred: list[Key],
    ) -> int:
        """Seat the best candidates of *group* until *free* seats are taken; return the count.

        Each candidate popped is placed, noted with the reason they were not
        (and, where a later session may do, set aside in *deferred*), or
        queued again with a worse key. The loop runs once per candidate
        considered (a few hundred thousand times at region scale) and reads
        only locals: it is kept whole so that its checks, in the order
        `explain` reports them, stay in one place and cost no calls.
        """
        states = self.states
        cadres = self.plan.cadres
        tree = self.plan.units_tree
        note = self.notes.append
        placements = self.placements
        program_used = self.program_used
        window = self.policy.theme_window
        day = session.start_on.toordinal()
        counting = group.counting
        live = group.live
        heap = group.heap
        start, end = session.start_on, session.end_on
        back = minus_window(start, window)
        themes = group.themes
        # What each seat of the session adds to its cadre's state, made once.
        dates, training, last_day = (start, end), (start, themes), end.toordinal()
        hours = program.hours
        days = session.days
        session_id = session.id
        enrolled_here = self.enrolled.get(session_id, _NOBODY)
        while placed < free:
            # The best live key; the cadre leaves the queue. Stale keys are skipped.
            popped = None
            while heap:
                key = heapq.heappop(heap)
                if live is None:
                    popped = key
                    break
                if live.get(key[POSITION]) is key:
                    del live[key[POSITION]]
                    popped = key
                    break
            if popped is None:
                break
            position = popped[POSITION]
            state = states[position]
            if _SHORTCUTS and popped[VERSION] == state.version and day <= popped[UNTIL]:
                current = popped  # still exact: nothing to work out again
            else:
                current = state.key(counting, day)
                # Worse now, or the same priority with a newer version or last day:
                # queued again; in the second case it is popped right back.
                if current > popped:
                    group.push(current)
                    continue
            if group.is_needed_only and current[0] != 0:
                group.push(current)
                break
            cadre = cadres[position]
            if cadre.id in enrolled_here:
                # Enrolled here before and withdrew: a later session of the program may do.
                deferred.append(current)
                continue
            if program.id in state.programs:
                note((position, session_id, HAS_PROGRAM, program.id))
                continue
            # The pool matches the audience but for age, which moves with the day.
            if group.days and not program.audience.fits_age(cadre, start):
                note((position, session_id, TOO_OLD, start))
                deferred.append(current)
                continue
            # Most cadres have no commitment and no training yet: no call for them.
            span = state.conflict(start, end) if state.busy else None
            if span is not None:
                note((position, session_id, BUSY, span))
                deferred.append(current)
                continue
            clash = state.theme_clash(themes, start, back, window) if state.trained else None
            if clash is not None:
                note((position, session_id, THEME, clash))
                deferred.append(current)
                continue
            if quotas:
                mine = quotas_of.get(cadre.unit)
                if mine is None:
                    unit = cadre.unit
                    mine = quotas_of[unit] = [
                        q for q in quotas if tree.is_within(unit, q.quota.unit)
                    ]
                blocked = None
                for q in mine:
                    if q.used >= q.quota.seats:
                        blocked = q
                        break
                if blocked is not None:
                    note((position, session_id, HELD, blocked.quota.unit))
                    deferred.append(current)
                    continue
                others_reserved = sum(q.reserved_left for q in quotas if q not in mine)
                if free - placed - others_reserved <= 0:
                    note((position, session_id, HELD, OTHER_UNITS))
                    deferred.append(current)
                    continue
                for q in mine:
                    q.used += 1
                    if not q.is_reserving:
                        program_used[id(q.quota)] = q.used
            placed += 1
            placements.append(Enrollment(cadre=cadre.id, session=session_id))
            for need in state.needs:
                # counting holds what counts_toward says of this program at this kind.
                if (
                    not need.is_met
                    and need.first_day <= day <= need.last_day
                    and need.requirement in counting
                ):
                    need.credit(hours, days)
            state.commit(dates, program.id, training, last_day)
            note((position, session_id, PLACED, current))
        return placed

    def result(self) -> CascadeRun:
        """Return what the run did: placements, events, fills, order, who was short."""
        cadres = self.plan.cadres
        return CascadeRun(
            placements=tuple(self.placements),
            events=NotedEvents(self.notes),
            fills=self.fills,
            order=tuple(session.id for session in self.ordered),
            needed=frozenset(cadres[position].id for position in self.needed),
            plan=self.plan,
            seated={session.id: session for session in self.ordered},
        )


def _fill_queue(
    group: _Group,
    pool: list[int],
    *,
    states: list[CadreState],
    cadres: tuple[Cadre, ...],
    first_day: int,
    needed: set[int],
) -> None:
    """Queue the *pool* (cadre positions) in a new *group* whose first session is on *first_day*.

    Cadres short of a requirement the group counts toward join *needed*; the
    windows that open later go to ``group.opening``.

    A group that seats only the short and has no window opening later leaves
    out who is not short: no key in it can get better, so once the best is
    not short the session is done, and they could never take a seat. Where a
    window opens later, a key of someone not short may turn short (and be
    noted as a duplicate if they hold the program): there everyone is queued,
    so that cadres are considered exactly as before.
    """
    counting = group.counting
    audience = group.audience
    days = group.days
    leave_out = group.is_needed_only and _SHORTCUTS
    heap: list[Key] = []
    opening = group.opening
    for position in pool:
        state = states[position]
        key = state.key(counting, first_day, opening) if state.needs else state.idle
        if key[0]:
            if leave_out:
                continue
        # _may_attend's first test written out: most groups have no age bound to check.
        elif not days or _may_attend(cadres[position], audience, days):
            needed.add(position)
        heap.append(key)
    if leave_out and opening:
        # A window opens later: those left out above are queued after all.
        later = (states[position].key(counting, first_day) for position in pool)
        heap.extend(key for key in later if key[0])
    heapq.heapify(heap)
    group.heap = heap
    if opening:
        opening.sort(reverse=True)
        group.live = {key[POSITION]: key for key in heap}
