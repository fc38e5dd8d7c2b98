"""The tier cascade: seats go tier by tier to the cadres who need them most.

Each program (per institution kind) keeps one priority queue of its eligible
cadres, and its sessions come in date order. A cadre's priority for a session
counts only the requirements whose window holds the session's first day.
Priorities mostly get worse as the cascade goes on (shortfalls shrink, "last
trained" moves closer, windows close), so a lazily re-keyed heap yields the
current best candidate: pop, recompute, and push back if the key got worse.
The one way a key improves, a window opening after the program's first
session, is known in advance: those cadres are re-keyed on the day it opens.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import math
import random
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import attrs

from cadreplan import _checks
from cadreplan._coverage import _NOTHING, _applicable
from cadreplan._predicates import _back, _too_close_to, counts_toward, seats_held
from cadreplan._training import Enrollment, EnrollmentStatus

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from dateutil.relativedelta import relativedelta

    from cadreplan._allocation import CascadePolicy
    from cadreplan._audience import Audience
    from cadreplan._coverage import Counted, Window
    from cadreplan._people import Cadre
    from cadreplan._plan import Plan
    from cadreplan._quotas import SeatQuota
    from cadreplan._training import Program, Session

__all__ = ["AllocationEvent", "CascadeRun", "Outcome", "run_cascade"]

Key = tuple[int, float, int, int, int, int, int, int]
"""(0 if short of a requirement the program counts toward else 1, -shortfall ratio,
due day ordinal, last-trained day ordinal, seeded tie-break, the cadre's position;
then the cadre's state version and the last day the key holds, an ordinal).

The position makes keys of different cadres differ, so a key is its own heap
entry, and comparisons between cadres never reach the last two items: they
only tell whether the key still holds. A key is exact while the cadre's state
keeps its version (no seat and no credit since) up to its last day: the day
before a counted window opens, or the last day of a counted window it is
short of."""

_POSITION: Final = 5
_VERSION: Final = 6
_UNTIL: Final = 7

_SHORTCUTS = True
"""Whether the cascade takes its two shortcuts: using a popped key that still holds
as it is, and leaving out of the heap of a group that seats only the short who can
never be short there. Both are exact; the tests turn them off to check that the
results stay the same."""

_NEVER = 0
_WHOLE = -1.0
"""The rank of a need still missing in whole (most of a region's): one shared object,
so that comparing two such keys stops at identity instead of comparing floats."""
_NO_DUE = dt.date.max.toordinal()


class Outcome:
    """Why a cadre was or was not given a seat in a session (a stable code)."""

    PLACED = "placed"
    FULL = "full"
    CONFLICT = "conflict"
    DUPLICATE = "duplicate"
    QUOTA = "quota_exhausted"
    INELIGIBLE = "ineligible"
    NOT_NEEDED = "not_needed"
    ALREADY_ENROLLED = "already_enrolled"
    OPEN_SEAT = "open_seat"
    """Only from `explain`: a seat is free and nothing keeps the cadre out."""


@attrs.frozen
class AllocationEvent:
    """One consideration of a cadre for a session, in cascade order.

    Attributes:
        session: The session's id.
        outcome: An `Outcome` code.
        detail: Why, in words.
    """

    session: str
    outcome: str
    detail: str


# What the cascade notes per consideration, kept compact: (cadre position, session id,
# a code below, an argument). The events are worded only when someone reads them.
_PLACED, _HAS_PROGRAM, _TOO_OLD, _BUSY, _THEME, _HELD = range(6)


def _word(code: int, argument: object) -> tuple[str, str]:
    """Return the outcome and detail of a noted consideration."""
    if code == _PLACED:
        return Outcome.PLACED, f"priority {_describe_key(argument)}"  # type: ignore[arg-type]
    if code == _HAS_PROGRAM:
        return Outcome.DUPLICATE, f"already has program {argument!r}"
    if code == _TOO_OLD:
        return Outcome.INELIGIBLE, f"not in the audience on {argument}"
    if code == _BUSY:
        span: tuple[dt.date, dt.date] = argument  # type: ignore[assignment]
        return Outcome.CONFLICT, f"busy {span[0]}..{span[1]}"
    if code == _THEME:
        return Outcome.DUPLICATE, f"theme {argument!r} trained within the window"
    return Outcome.QUOTA, f"seats held for {argument}"


class _Events(Mapping[str, list[AllocationEvent]]):
    """Each cadre's events in cascade order, built from the cascade's notes on first read.

    A run at region scale notes a few hundred thousand considerations, and
    most results are saved or summarized without anyone reading them.
    """

    __slots__ = ("_by_cadre", "_cadres", "_notes")

    def __init__(
        self, cadres: tuple[Cadre, ...], notes: list[tuple[int, str, int, object]]
    ) -> None:
        self._cadres = cadres
        self._notes = notes
        self._by_cadre: dict[str, list[AllocationEvent]] | None = None

    def _built(self) -> dict[str, list[AllocationEvent]]:
        by_cadre = self._by_cadre
        if by_cadre is None:
            by_cadre = {}
            cadres = self._cadres
            for position, session, code, argument in self._notes:
                outcome, detail = _word(code, argument)
                by_cadre.setdefault(cadres[position].id, []).append(
                    AllocationEvent(session, outcome, detail)
                )
            self._by_cadre = by_cadre
        return by_cadre

    def __getitem__(self, cadre_id: str) -> list[AllocationEvent]:
        return self._built()[cadre_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


class _Need:
    """What a cadre still lacks of one requirement, updated with every seat they get."""

    __slots__ = (
        "days",
        "due",
        "first_day",
        "hours",
        "is_met",
        "last_day",
        "need_days",
        "need_hours",
        "need_sessions",
        "rank",
        "ratio",
        "requirement",
        "sessions",
    )

    def __init__(  # noqa: PLR0917 - the ledger entry's fields, in its order
        self,
        requirement: str,
        window: tuple[int, int, int],
        hours: float | None,
        days: int | None,
        sessions: int | None,
        counted: Counted,
    ) -> None:
        """Start from the ledger's entry of these fields, the window's days as ordinals."""
        self.requirement = requirement
        """The requirement's id."""
        self.first_day, self.last_day, self.due = window
        self.need_hours = hours
        self.need_days = days
        self.need_sessions = sessions
        done_hours, done_days, done_sessions, planned_hours, planned_days, planned_sessions = (
            counted
        )
        # The entry's shortfall_* properties, written out: a region has a need per cadre.
        self.hours = None if hours is None else max(0.0, hours - done_hours - planned_hours)
        self.days = None if days is None else max(0, days - done_days - planned_days)
        self.sessions = (
            None if sessions is None else max(0, sessions - done_sessions - planned_sessions)
        )
        self._update()

    def _update(self) -> None:
        # Kept as attributes: the cascade reads them for every key it computes.
        # The ratio is CoverageEntry.shortfall_ratio, written out: this runs for every seat.
        hours, days, sessions = self.hours, self.days, self.sessions
        self.is_met = hours == 0 or days == 0 or sessions == 0
        # Comparisons rather than min(), with min()'s answers: this runs for every seat.
        ratio = math.inf
        if hours is not None and self.need_hours:
            ratio = hours / self.need_hours
        if days is not None and self.need_days:
            share = days / self.need_days
            if share < ratio:  # noqa: PLR1730
                ratio = share
        if sessions is not None and self.need_sessions:
            share = sessions / self.need_sessions
            if share < ratio:  # noqa: PLR1730
                ratio = share
        self.ratio = 0.0 if ratio == math.inf else ratio
        self.rank = _WHOLE if ratio == 1.0 else -self.ratio
        """The ratio as the priority holds it: larger shortfalls rank first."""

    def over(self, window: tuple[int, int, int]) -> _Need:
        """Return a copy of this need over another *window* (its days as ordinals).

        Cheaper than the constructor, which works the shortfall out again: the
        never-trained cadres of a region share one shortfall per requirement.
        """
        need: _Need = object.__new__(_Need)
        need.requirement = self.requirement
        need.first_day, need.last_day, need.due = window
        need.need_hours = self.need_hours
        need.need_days = self.need_days
        need.need_sessions = self.need_sessions
        need.hours = self.hours
        need.days = self.days
        need.sessions = self.sessions
        need.is_met = self.is_met
        need.ratio = self.ratio
        need.rank = self.rank
        return need

    def credit(self, hours: float, days: int) -> None:
        # Conditionals rather than max(0, ...), with max()'s answers: this runs for every seat.
        if self.hours is not None:
            left = self.hours - hours
            self.hours = left if left > 0.0 else 0.0
        if self.days is not None:
            left_days = self.days - days
            self.days = left_days if left_days > 0 else 0
        if self.sessions is not None:
            left_sessions = self.sessions - 1
            self.sessions = left_sessions if left_sessions > 0 else 0
        self._update()


_NO_SPANS: tuple[tuple[dt.date, dt.date], ...] = ()
_NO_PROGRAMS: frozenset[str] = frozenset()
_NO_TRAINING: tuple[tuple[dt.date, Iterable[str]], ...] = ()
_NO_NEEDS: tuple[_Need, ...] = ()
_NOBODY: frozenset[str] = frozenset()


class _State:
    """What the cascade knows of one cadre: commitments, history, needs, tie-break.

    The containers start as shared empty read-only ones and become the
    cadre's own on the first addition: a region has a hundred thousand
    cadres, and most never get a commitment or a training record.
    """

    __slots__ = (
        "busy",
        "idle",
        "last",
        "needs",
        "position",
        "programs",
        "tiebreak",
        "trained",
        "version",
    )

    def __init__(self, position: int, tiebreak: int, needs: list[_Need] | None = None) -> None:
        self.position = position
        self.busy: list[tuple[dt.date, dt.date]] | tuple[tuple[dt.date, dt.date], ...] = _NO_SPANS
        self.programs: set[str] | frozenset[str] = _NO_PROGRAMS
        self.trained: (
            list[tuple[dt.date, Iterable[str]]] | tuple[tuple[dt.date, Iterable[str]], ...]
        ) = _NO_TRAINING
        """(first day, themes) of each training, history included."""
        self.needs: list[_Need] | tuple[_Need, ...] = _NO_NEEDS if needs is None else needs
        """The cadre's needs, in ledger order."""
        self.last = _NEVER
        self.tiebreak = tiebreak
        self.version = 0
        """Grows with every training noted: keys of an earlier version may be stale."""
        self.idle: Key = (1, -0.0, _NO_DUE, _NEVER, tiebreak, position, 0, _NO_DUE)
        """The key while short of nothing a session counts toward; one per version."""

    def add_busy(self, start: dt.date, end: dt.date) -> None:
        if isinstance(self.busy, tuple):
            self.busy = []
        self.busy.append((start, end))

    def add_program(self, program: str) -> None:
        if isinstance(self.programs, frozenset):
            self.programs = set()
        self.programs.add(program)

    def add_training(self, training: tuple[dt.date, Iterable[str]], last: int) -> None:
        """Note a *training* (first day, themes) whose last day is *last* (an ordinal)."""
        if self.trained:
            self.trained.append(training)  # type: ignore[union-attr]
        else:
            self.trained = [training]
        if last > self.last:  # noqa: PLR1730 - cheaper than max() for every seat
            self.last = last
        version = self.version = self.version + 1
        self.idle = (1, -0.0, _NO_DUE, self.last, self.tiebreak, self.position, version, _NO_DUE)

    def key(
        self,
        counting: frozenset[str],
        day: int,
        opening: list[tuple[int, int]] | None = None,
    ) -> Key:
        """Return the priority for a session on *day* (an ordinal) counting toward *counting*.

        With *opening*, also add ``(first day, position)`` for each window of
        a counted requirement that opens after *day*: the day to re-key.
        """
        if not self.needs:
            return self.idle
        best = -0.0  # the rank of a zero shortfall
        due = until = _NO_DUE
        short = False
        for need in self.needs:
            if need.requirement in counting:
                if need.first_day > day:
                    if opening is not None:
                        opening.append((need.first_day, self.position))
                    # The key holds until the window opens (it may get better then).
                    if need.first_day <= until:
                        until = need.first_day - 1
                elif not need.is_met and day <= need.last_day:
                    short = True
                    # Comparisons rather than max() and min(): this runs for every key.
                    if need.rank < best:  # noqa: PLR1730
                        best = need.rank
                    if need.due < due:  # noqa: PLR1730
                        due = need.due
                    if need.last_day < until:  # noqa: PLR1730
                        until = need.last_day
        if not short:
            # The idle key holds for ever, unless a window opens later.
            return self.idle if until == _NO_DUE else (*self.idle[:_UNTIL], until)
        return (0, best, due, self.last, self.tiebreak, self.position, self.version, until)

    def conflict(self, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
        for span in self.busy:
            if span[0] <= end and start <= span[1]:
                return span
        return None

    def theme_clash(
        self, themes: Iterable[str], start: dt.date, back: dt.date, window: relativedelta
    ) -> str | None:
        """Return the first of *themes* (in order) trained too close to *start*.

        *back* is ``start - window``, computed once per session (see `_too_close_to`).
        """
        close: set[str] | None = None
        for day, done in self.trained:
            if _too_close_to(day, start, back, window):
                if close is None:
                    close = set(done)
                else:
                    close.update(done)
        if close:
            for theme in themes:
                if theme in close:
                    return theme
        return None

    def commit(
        self,
        span: tuple[dt.date, dt.date],
        program: str | None,
        training: tuple[dt.date, Iterable[str]],
        last: int,
    ) -> None:
        """Note a seat in *program* over *span*: busy, the program, and `add_training`.

        The tuples are the session's, shared by every cadre it seats.
        """
        # add_busy and add_program written out: this runs for every seat of the region.
        if self.busy:
            self.busy.append(span)  # type: ignore[union-attr]
        else:
            self.busy = [span]
        if program is not None:
            if self.programs:
                self.programs.add(program)  # type: ignore[union-attr]
            else:
                self.programs = {program}
        self.add_training(training, last)


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
            self.live[key[_POSITION]] = key
        heapq.heappush(self.heap, key)


class _Quota:
    __slots__ = ("is_released", "is_reserving", "quota", "used")

    def __init__(self, quota: SeatQuota, used: int, *, reserving: bool) -> None:
        self.quota = quota
        self.used = used
        self.is_reserving = reserving
        self.is_released = not reserving

    @property
    def reserved_left(self) -> int:
        if self.is_released:
            return 0
        return max(0, self.quota.seats - self.used)


@attrs.frozen(kw_only=True)
class SessionFill:
    """How one session was filled.

    Attributes:
        session: The session's id.
        capacity: Its seats.
        existing: Seats already taken before allocation.
        placed: Seats given by this allocation.
        is_full: Whether every seat is taken.
    """

    session: str
    capacity: int
    existing: int
    placed: int

    @property
    def taken(self) -> int:
        """Seats taken after allocation."""
        return self.existing + self.placed

    @property
    def is_full(self) -> bool:
        """Whether every seat is taken."""
        return self.taken >= self.capacity

    @property
    def rate(self) -> float:
        """Share of seats taken (1.0 for a session without seats)."""
        return self.taken / self.capacity if self.capacity else 1.0


@attrs.frozen(kw_only=True)
class CascadeRun:
    """The raw outcome of one pass of the cascade (the allocator wraps it)."""

    placements: tuple[Enrollment, ...]
    events: Mapping[str, list[AllocationEvent]]
    fills: dict[str, SessionFill]
    order: tuple[str, ...]
    needed: frozenset[str]


def _ordered_sessions(plan: Plan, excluded: frozenset[str]) -> list[Session]:
    programs = plan.programs_by_id
    institutions = plan.institutions_by_id
    ordered: list[tuple[int, dt.date, int, Session]] = []
    for position, session in enumerate(plan.sessions):
        program = programs.get(session.program)
        if (
            program is None
            or program.tier not in plan.tiers
            or session.institution not in institutions
            or session.id in excluded
            or session.capacity <= 0
            or session.end_on < session.start_on
        ):
            continue
        ordered.append((plan.tiers.order(program.tier), session.start_on, position, session))
    ordered.sort(key=lambda item: item[:3])
    return [item[3] for item in ordered]


def _counting(plan: Plan, program: Program, kind: str) -> frozenset[str]:
    """Return the ids of the requirements a seat in *program* at a *kind* institution counts for."""
    return frozenset(
        requirement.id
        for requirement in plan.requirements
        if counts_toward(
            requirement,
            tier=program.tier,
            themes=program.themes,
            institution_kind=kind,
            program=program.id,
        )
    )


def _may_attend(cadre: Cadre, audience: Audience, days: Iterable[dt.date]) -> bool:
    """Return whether *cadre* is the audience's age on one of *days* (always, without *days*).

    Only age-bound audiences pass *days*; every other check was made on the pool.
    """
    return not days or any(audience.fits_age(cadre, day) for day in days)


def run_cascade(  # noqa: PLR0912, PLR0915 - one loop, kept whole so its invariants stay visible
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
    cadres = plan.cadres
    index_of = {cadre.id: position for position, cadre in enumerate(cadres)}
    rng = random.Random(seed)  # noqa: S311 - a reproducible tie-break, not a secret
    states = [
        _State(position, rng.getrandbits(62), needs)
        for position, needs in enumerate(_needs(plan, on))
    ]

    programs = plan.programs_by_id
    institutions = plan.institutions_by_id
    sessions = plan.sessions_by_id
    taken: dict[str, int] = {}
    enrolled: dict[str, set[str]] = {}  # each session's cadres before allocation
    for enrollment in plan.enrollments:
        # A withdrawn enrollment still names the pair: enrolling it again would duplicate it.
        enrolled.setdefault(enrollment.session, set()).add(enrollment.cadre)
        session = sessions.get(enrollment.session)
        position = index_of.get(enrollment.cadre)
        if not enrollment.is_active or session is None:
            continue
        taken[session.id] = taken.get(session.id, 0) + 1
        if position is not None:
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

    session_quotas: dict[str, list[SeatQuota]] = {}
    program_quotas: dict[str, list[SeatQuota]] = {}
    for quota in plan.seat_quotas:
        if quota.session is not None:
            session_quotas.setdefault(quota.session, []).append(quota)
        elif quota.program is not None:
            program_quotas.setdefault(quota.program, []).append(quota)
    program_used: dict[int, int] = {}

    for quota in plan.seat_quotas:
        if quota.program is not None:
            program_used[id(quota)] = seats_held(plan, quota)

    groups: dict[tuple[str, str], _Group] = {}
    candidate_cache: dict[Audience, list[int]] = {}
    tree = plan.units_tree
    needed: set[int] = set()
    notes: list[tuple[int, str, int, object]] = []
    note = notes.append
    placements: list[Enrollment] = []
    fills: dict[str, SessionFill] = {}
    window = policy.theme_window
    ordered = _ordered_sessions(plan, excluded)
    total = len(ordered)
    group_days: dict[tuple[str, str], list[dt.date]] = {}
    for session in ordered:
        starts = group_days.setdefault(
            (session.program, institutions[session.institution].kind), []
        )
        if not starts or starts[-1] != session.start_on:
            starts.append(session.start_on)

    for step, session in enumerate(ordered):
        program = programs[session.program]
        kind = institutions[session.institution].kind
        tier = plan.tiers[program.tier]
        group = groups.get((program.id, kind))
        if group is None:
            group = groups[(program.id, kind)] = _Group(
                program.audience,
                _counting(plan, program, kind),
                program.themes,
                needed_only=tier.is_backstop or not policy.fill_with_unneeded,
            )
            pool = candidate_cache.get(program.audience)
            if pool is None:
                # Age depends on the day: that check waits until each session's turn.
                ageless = attrs.evolve(program.audience, min_age=None, max_age=None)
                pool = candidate_cache[program.audience] = plan._positions_matching(
                    ageless, on=session.start_on
                )
            group.days = group_days[(program.id, kind)] if program.audience.has_age_bounds else ()
            _fill_queue(
                group,
                pool,
                states=states,
                cadres=cadres,
                first_day=session.start_on.toordinal(),
                needed=needed,
            )

        day = session.start_on.toordinal()
        counting = group.counting
        live = group.live
        heap = group.heap
        while group.opening and group.opening[-1][0] <= day:
            # A window opened since the program's last session: the key may be better now.
            assert live is not None  # kept by every group with windows opening
            _, position = group.opening.pop()
            state = states[position]
            if program.id in state.programs or position not in live:
                continue
            key = state.key(counting, day)
            if key[0] == 0 and _may_attend(cadres[position], program.audience, group.days):
                needed.add(position)
            group.push(key)

        existing = taken.get(session.id, 0)
        free = session.capacity - existing
        quotas = [
            _Quota(q, seats_held(plan, q), reserving=True)
            for q in session_quotas.get(session.id, ())
        ] + [
            _Quota(q, program_used[id(q)], reserving=False)
            for q in program_quotas.get(program.id, ())
        ]
        # The quotas that hold a unit's cadres, per unit: the cadres of one unit come together.
        quotas_of: dict[str, list[_Quota]] = {}
        start, end = session.start_on, session.end_on
        back = _back(start, window)
        themes = group.themes
        # What each seat of the session adds to its cadre's state, made once.
        dates, training, last_day = (start, end), (start, themes), end.toordinal()
        hours = program.hours
        days = session.days
        session_id = session.id
        enrolled_here = enrolled.get(session_id, _NOBODY)
        placed = 0
        deferred: list[Key] = []
        passes = 2 if any(q.is_reserving for q in quotas) else 1
        for attempt in range(passes):
            if attempt == 1:
                releasable = [
                    q
                    for q in quotas
                    if q.is_reserving
                    and not q.is_released
                    and (
                        policy.quota_release == "after_pass"
                        or (
                            policy.quota_release == "release_date"
                            and q.quota.reserved_until is not None
                            and q.quota.reserved_until < start
                        )
                    )
                ]
                if not releasable or free - placed <= 0:
                    break
                for q in releasable:
                    q.is_released = True
                for key in deferred:
                    group.push(key)
                deferred = []
            while placed < free:
                # The best live key; the cadre leaves the queue. Stale keys are skipped.
                popped = None
                while heap:
                    key = heapq.heappop(heap)
                    if live is None:
                        popped = key
                        break
                    if live.get(key[_POSITION]) is key:
                        del live[key[_POSITION]]
                        popped = key
                        break
                if popped is None:
                    break
                position = popped[_POSITION]
                state = states[position]
                if _SHORTCUTS and popped[_VERSION] == state.version and day <= popped[_UNTIL]:
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
                    note((position, session_id, _HAS_PROGRAM, program.id))
                    continue
                # The pool matches the audience but for age, which moves with the day.
                if group.days and not program.audience.fits_age(cadre, start):
                    note((position, session_id, _TOO_OLD, start))
                    deferred.append(current)
                    continue
                # Most cadres have no commitment and no training yet: no call for them.
                span = state.conflict(start, end) if state.busy else None
                if span is not None:
                    note((position, session_id, _BUSY, span))
                    deferred.append(current)
                    continue
                clash = state.theme_clash(themes, start, back, window) if state.trained else None
                if clash is not None:
                    note((position, session_id, _THEME, clash))
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
                        note((position, session_id, _HELD, blocked.quota.unit))
                        deferred.append(current)
                        continue
                    others_reserved = sum(q.reserved_left for q in quotas if q not in mine)
                    if free - placed - others_reserved <= 0:
                        note((position, session_id, _HELD, "other units"))
                        deferred.append(current)
                        continue
                    for q in mine:
                        q.used += 1
                        if not q.is_reserving:
                            program_used[id(q.quota)] = q.used
                placed += 1
                placements.append(_planned(cadre.id, session_id))
                for need in state.needs:
                    # counting holds what counts_toward says of this program at this kind.
                    if (
                        not need.is_met
                        and need.first_day <= day <= need.last_day
                        and need.requirement in counting
                    ):
                        need.credit(hours, days)
                state.commit(dates, program.id, training, last_day)
                note((position, session_id, _PLACED, current))
        for key in deferred:
            group.push(key)
        fills[session_id] = SessionFill(
            session=session_id, capacity=session.capacity, existing=existing, placed=placed
        )
        if progress is not None:
            progress(step + 1, total)

    return CascadeRun(
        placements=tuple(placements),
        events=_Events(cadres, notes),
        fills=fills,
        order=tuple(session.id for session in ordered),
        needed=frozenset(cadres[position].id for position in needed),
    )


def _needs(plan: Plan, on: dt.date) -> list[list[_Need] | None]:
    """Return, per cadre position, a need for each entry of the ledger on *on* that is short.

    ``None`` where a cadre is short of nothing; a cadre's needs come in ledger
    (requirement) order. The ledger's entries themselves are not built: the
    result computes them only if someone reads its coverage before allocation.
    """
    needs: list[list[_Need] | None] = [None] * len(plan.cadres)
    ordinals: dict[Window, tuple[int, int, int]] = {}
    window_before: Window | None = None
    days = (0, 0, 0)
    # Per requirement (the object: ids may repeat in a faulty plan), the need of a
    # cadre with nothing counted yet, copied for each such cadre.
    untrained: dict[int, _Need] = {}
    for requirement, position, window, counted in _applicable(plan, on):
        # Cadres appointed on the same day share their window, and a fixed cycle is everyone's.
        if window is not window_before:
            window_before = window
            found = ordinals.get(window)
            if found is None:
                start, end, due = window
                found = ordinals[window] = (start.toordinal(), end.toordinal(), due.toordinal())
            days = found
        if counted is _NOTHING and id(requirement) in untrained:
            need = untrained[id(requirement)].over(days)
        else:
            need = _Need(
                requirement.id,
                days,
                requirement.hours,
                requirement.days,
                requirement.sessions,
                counted,
            )
            if counted is _NOTHING:
                untrained[id(requirement)] = need.over(days)
        if not need.is_met:
            mine = needs[position]
            if mine is None:
                needs[position] = [need]
            else:
                mine.append(need)
    return needs


def _fill_queue(
    group: _Group,
    pool: list[int],
    *,
    states: list[_State],
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
        group.live = {key[_POSITION]: key for key in heap}


# The slots' own setters, in field order; unpacking fails at import if the fields change.
_set_cadre, _set_session, _set_status, _set_hours = _checks.slot_setters(Enrollment)


def _planned(cadre: str, session: str) -> Enrollment:
    """Return ``Enrollment(cadre=cadre, session=session)``, skipping the validators.

    The cascade places only ids it read from a checked plan; building a
    hundred thousand enrollments through attrs' validators took a tenth of
    the cascade's time.
    """
    enrollment: Enrollment = object.__new__(Enrollment)
    _set_cadre(enrollment, cadre)
    _set_session(enrollment, session)
    _set_status(enrollment, EnrollmentStatus.PLANNED)
    _set_hours(enrollment, None)
    return enrollment


def _describe_key(key: Key) -> str:
    return _describe_priority(key[:4])


@functools.lru_cache(maxsize=4096)
def _describe_priority(priority: tuple[int, float, int, int]) -> str:
    # Cached: the cadres placed in one session mostly share their priority.
    short, ratio, due, last = priority
    if short:
        return "not short of a requirement this session counts toward"
    parts = [f"short by {-ratio:.0%} of a requirement", f"due {dt.date.fromordinal(due)}"]
    parts.append("never trained" if last == _NEVER else f"last trained {dt.date.fromordinal(last)}")
    return ", ".join(parts)
