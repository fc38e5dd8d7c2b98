"""What an allocation run did for one cadre: every session as it stood at its turn.

`AllocationResult.explain` answers "what happened in this run". For each
session the cascade seated, the plan "at its turn" is the input plan with
every seat given up to the end of that session's turn: the cadre's
trainings and commitments then, the seats each quota held then, the
session's own seats as they ended. The checks and their words are
`explain`'s (`_standing`), so the same plan state gives the same outcome;
what only the run knows is added to it: the priority that won a seat, who
took the last one and at what cut-off priority, a draw lost on the seeded
tie-break, seats held back for other units' quotas, a session dropped.

The cadre's priority at a session's turn is worked out again: their state
(needs, last training, seeded tie-break) is rebuilt as the cascade built it
and credited with each seat they got before, with the cascade's own classes.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from cadreplan.allocation._cascade_events import (
    OTHER_UNITS,
    PLACED,
    AllocationEvent,
    Outcome,
    describe_key,
    describe_key_zh,
    placed_words,
)
from cadreplan.allocation._cascade_needs import Need
from cadreplan.allocation._cascade_state import CadreState
from cadreplan.allocation._explain import coverage_of, explained_sessions
from cadreplan.allocation._explanation import Explanation
from cadreplan.allocation._seating import requirements_counted
from cadreplan.allocation._standing import (
    Quotas,
    blocking,
    enrolled,
    ineligible,
    seats,
    seats_zh,
)
from cadreplan.ledger import commitments_of, seats_held, trainings_of

if TYPE_CHECKING:
    import datetime as dt

    from dateutil.relativedelta import relativedelta

    from cadreplan.allocation._cascade_state import Key
    from cadreplan.allocation._seating import CascadeRun, SessionFill
    from cadreplan.ledger import CoverageEntry
    from cadreplan.model import Cadre, Plan, SeatQuota, Session

__all__ = ["Story", "tiebreak_of"]


def tiebreak_of(seed: int, position: int) -> int:
    """Return the seeded tie-break the cascade drew for the cadre at *position*."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible tie-break, not a secret
    for _ in range(position):
        rng.getrandbits(62)
    return rng.getrandbits(62)


class _Replay:
    """One cadre's state as the cascade kept it, rebuilt and moved on seat by seat."""

    __slots__ = ("_done", "_plan", "_seats", "state")

    def __init__(
        self,
        plan: Plan,
        cadre: Cadre,
        *,
        position: int,
        seed: int,
        on: dt.date,
        seats_in_order: list[Session],
    ) -> None:
        needs = []
        for entry in coverage_of(plan, cadre, on):
            counted = (
                entry.done_hours,
                entry.done_days,
                entry.done_sessions,
                entry.planned_hours,
                entry.planned_days,
                entry.planned_sessions,
            )
            window = (
                entry.window_start.toordinal(),
                entry.window_end.toordinal(),
                entry.due_on.toordinal(),
            )
            need = Need(
                entry.requirement,
                window,
                entry.required_hours,
                entry.required_days,
                entry.required_sessions,
                counted,
            )
            if not need.is_met:
                needs.append(need)
        state = CadreState(position, tiebreak_of(seed, position), needs or None)
        # As `_states` commits them: active enrollments, completed history, assignments.
        sessions = plan.sessions_by_id
        programs = plan.programs_by_id
        for enrollment in plan.enrollments_of(cadre.id):
            session = sessions.get(enrollment.session)
            if not enrollment.is_active or session is None:
                continue
            program = programs.get(session.program)
            state.commit(
                (session.start_on, session.end_on),
                session.program,
                (session.start_on, () if program is None else program.themes),
                session.end_on.toordinal(),
            )
        for record in plan.history_of(cadre.id):
            if record.is_completed:
                if record.program is not None:
                    state.add_program(record.program)
                state.add_training((record.start_on, record.themes), record.end_on.toordinal())
        self.state = state
        self._plan = plan
        self._seats = seats_in_order
        self._done = 0

    def key_at(self, session: Session, turn: dict[str, int]) -> Key:
        """Return the cadre's priority for *session* at its turn, after their earlier seats."""
        plan = self._plan
        institutions = plan.institutions_by_id
        while self._done < len(self._seats) and turn[self._seats[self._done].id] < turn[session.id]:
            seat = self._seats[self._done]
            self._done += 1
            program = plan.programs_by_id[seat.program]
            counting = requirements_counted(plan, program, institutions[seat.institution].kind)
            day = seat.start_on.toordinal()
            # As the cascade credits a seat (see `_Cascade.fill`).
            for need in self.state.needs:
                if (
                    not need.is_met
                    and need.first_day <= day <= need.last_day
                    and need.requirement in counting
                ):
                    need.credit(program.hours, seat.days)
            self.state.commit(
                (seat.start_on, seat.end_on),
                program.id,
                (seat.start_on, tuple(sorted(program.themes))),
                seat.end_on.toordinal(),
            )
        program = plan.programs_by_id[session.program]
        counting = requirements_counted(plan, program, institutions[session.institution].kind)
        return self.state.key(counting, session.start_on.toordinal())


class Story:
    """What one allocation run did: the run, the plans before and after, the policy's options.

    Attributes:
        source: The input plan.
        plan: The allocated plan.
        run: The run of the cascade (with the optimizer's seats, if any).
        seed: The tie-break seed.
        on: The reference day of coverage.
        theme_window: The duplicate window the allocation used.
        needed_only: Whether non-backstop sessions seated only cadres short.
        dropped: Sessions dropped as under-filled.
        min_fill: The under-filled threshold.
    """

    __slots__ = (
        "dropped",
        "min_fill",
        "needed_only",
        "on",
        "plan",
        "run",
        "seed",
        "source",
        "theme_window",
        "turn",
    )

    def __init__(
        self,
        *,
        source: Plan,
        plan: Plan,
        run: CascadeRun,
        seed: int,
        on: dt.date,
        theme_window: relativedelta,
        needed_only: bool,
        dropped: tuple[str, ...],
        min_fill: float,
    ) -> None:
        self.source = source
        self.plan = plan
        self.run = run
        self.seed = seed
        self.on = on
        self.theme_window = theme_window
        self.needed_only = needed_only
        self.dropped = dropped
        self.min_fill = min_fill
        self.turn = {session_id: index for index, session_id in enumerate(run.order)}

    def explain(self, cadre: Cadre, entries: tuple[CoverageEntry, ...]) -> Explanation:
        """Return the allocation-basis explanation of *cadre*, with coverage *entries*."""
        plan = self.plan
        run = self.run
        turn = self.turn
        positions = [i for i, item in enumerate(plan.cadres) if item.id == cadre.id]
        position = positions[0]
        optimized: set[str] = set()
        cascaded: dict[str, int] = {}
        for index, enrollment in enumerate(run.placements):
            if enrollment.cadre == cadre.id:
                if index < run.optimized:
                    optimized.add(enrollment.session)
                else:
                    cascaded[enrollment.session] = turn[enrollment.session]
        # Where cadres share an id (a faulty plan), each one's notes tell of that id.
        placed_keys = {
            session: argument
            for noted in positions
            for session, code, argument in run.events.of_position(noted)
            if code == PLACED
        }
        trainings = tuple(trainings_of(plan, cadre.id))
        commitments = tuple(commitments_of(plan, cadre.id))
        replay: _Replay | None = None
        quotas = Quotas(plan, cadre, self._held_at)
        events: list[AllocationEvent] = []
        for listed in explained_sessions(plan):
            # Where sessions share an id (a faulty plan), the one the cascade seated speaks.
            session = run.seated.get(listed.id, listed)
            if session.id in optimized:
                events.append(
                    AllocationEvent(
                        session.id, Outcome.PLACED, "placed by the optimizer", "由优化求解安排"
                    )
                )
                continue
            if session.id in cascaded:
                detail, detail_zh = placed_words(placed_keys[session.id])  # type: ignore[arg-type]
                events.append(AllocationEvent(session.id, Outcome.PLACED, detail, detail_zh))
                continue
            mine = [e for e in self.source.enrollments_of(cadre.id) if e.session == session.id]
            if mine:
                events.append(enrolled(session.id, mine))
                continue
            event = ineligible(plan, cadre, session) or self._skipped(session)
            if event is None:
                mark = turn[session.id]
                event = blocking(
                    plan,
                    cadre,
                    session,
                    trainings=[t for t in trainings if cascaded.get(t.session or "", -1) < mark],
                    commitments=[
                        c
                        for c in commitments
                        if c.kind != "session" or cascaded.get(c.id, -1) < mark
                    ],
                    quotas=quotas,
                    theme_window=self.theme_window,
                )
            if event is None:
                if replay is None:
                    replay = self._replay(cadre, position, cascaded)
                key = replay.key_at(session, turn)
                event = self._no_seat(session, key, run.events.held(position, session.id))
            events.append(event)
        return Explanation(
            cadre=cadre.id,
            events=tuple(events),
            coverage=entries,
            basis="allocation",
            seed=self.seed,
        )

    def priority(self, cadre: Cadre, session_id: str) -> Key:
        """Return *cadre*'s priority key for a session the cascade seated, rebuilt at its turn.

        The same key the cascade worked out there, if it did (the tests hold
        the two together).
        """
        position = self._position(cadre)
        cascaded = {
            enrollment.session: self.turn[enrollment.session]
            for enrollment in self.run.placements[self.run.optimized :]
            if enrollment.cadre == cadre.id
        }
        replay = self._replay(cadre, position, cascaded)
        return replay.key_at(self.run.seated[session_id], self.turn)

    def _position(self, cadre: Cadre) -> int:
        return next(i for i, item in enumerate(self.plan.cadres) if item.id == cadre.id)

    def _replay(self, cadre: Cadre, position: int, cascaded: dict[str, int]) -> _Replay:
        seats_in_order = sorted(
            (self.run.seated[session_id] for session_id in cascaded),
            key=lambda session: self.turn[session.id],
        )
        return _Replay(
            self.run.plan,
            cadre,
            position=position,
            seed=self.seed,
            on=self.on,
            seats_in_order=seats_in_order,
        )

    def _held_at(self, _: int, quota: SeatQuota, session: Session) -> int:
        """Return the seats *quota* held at the end of *session*'s turn (as CP401 counts them)."""
        if quota.session is not None:
            # A session's seats change only at its own turn.
            return seats_held(self.plan, quota)
        mark = self.turn[session.id]
        turn = self.turn
        program_sessions = [item.id for item in self.plan.sessions_of_program(quota.program or "")]
        done = [item for item in program_sessions if turn.get(item, -1) <= mark]
        later = [item for item in program_sessions if turn.get(item, -1) > mark]
        return seats_held(self.plan, quota, done) + seats_held(self.run.plan, quota, later)

    def _skipped(self, session: Session) -> AllocationEvent | None:
        """Return why the run did not seat *session* at all, or ``None`` if it did."""
        if session.id in self.turn:
            return None
        if session.id in self.dropped:
            return AllocationEvent(
                session.id,
                Outcome.SKIPPED,
                f"dropped as under-filled (below {self.min_fill:.0%} of its seats); "
                "its candidates were seated elsewhere",
                f"参训人数低于名额的 {self.min_fill:.0%}，该期次已取消，相关干部另行安排",
            )
        program = self.plan.programs_by_id[session.program]
        if program.tier not in self.plan.tiers:
            return AllocationEvent(
                session.id,
                Outcome.SKIPPED,
                f"its tier {program.tier!r} is not in the plan's tiers: the allocation skipped it",
                f"所属培训层级 {program.tier} 不在计划的层级中，未参与分配",
            )
        return AllocationEvent(
            session.id,
            Outcome.SKIPPED,
            f"its institution {session.institution!r} is not in the plan: "
            "the allocation skipped it",
            f"培训机构 {session.institution} 不在计划中，未参与分配",
        )

    def _no_seat(self, session: Session, key: Key, held: object) -> AllocationEvent:
        """Return why a cadre nothing kept out got no seat: full, not needed, or held back."""
        fill = self.run.fills[session.id]
        last = self.run.events.last_placed(session.id)
        reserved = AllocationEvent(
            session.id,
            Outcome.QUOTA,
            "the seats left were held for other units' quotas",
            "剩余名额为其他单位预留",
        )
        if fill.is_full:
            if held == OTHER_UNITS and last is not None and key[:6] < last[1][:6]:
                return reserved
            return self._full(session, fill, key, last)
        if held == OTHER_UNITS:
            return reserved
        if key[0] and self._needed_only(session):
            return AllocationEvent(
                session.id,
                Outcome.NOT_NEEDED,
                "needs no training this session counts toward",
                "无本期可计入的未达标培训要求；本期只安排尚未达标的干部",
            )
        free = fill.capacity - fill.taken
        return AllocationEvent(
            session.id,
            Outcome.OPEN_SEAT,
            f"{free} of {fill.capacity} seats free",
            f"尚余 {free}/{fill.capacity} 个名额",
        )

    def _needed_only(self, session: Session) -> bool:
        program = self.plan.programs_by_id[session.program]
        return self.needed_only or self.plan.tiers[program.tier].is_backstop

    def _full(
        self, session: Session, fill: SessionFill, key: Key, last: tuple[int, Key] | None
    ) -> AllocationEvent:
        all_seats, all_zh = seats(fill.capacity), seats_zh(fill.capacity)
        if fill.placed == 0:
            return AllocationEvent(
                session.id,
                Outcome.FULL,
                f"all {all_seats} taken before allocation",
                f"{all_zh}在分配前已满",
            )
        if last is None:
            return AllocationEvent(
                session.id,
                Outcome.FULL,
                f"all {all_seats} taken: {fill.existing} before allocation, "
                f"{fill.placed} given by the optimizer",
                f"{all_zh}已满：分配前已占 {fill.existing} 个，优化求解安排 {fill.placed} 个",
            )
        winner = self.run.plan.cadres[last[0]].id
        cutoff = last[1]
        if key[:4] == cutoff[:4] and key[:6] > cutoff[:6]:
            return AllocationEvent(
                session.id,
                Outcome.FULL,
                f"all {all_seats} taken; same priority; lost the draw, seed {self.seed}: "
                f"the last seat went to {winner!r} at the cut-off priority "
                f"({describe_key(cutoff)})",
                f"{all_zh}已满；优先级相同，随机抽签未中（随机种子 {self.seed}）："
                f"最后一个名额给了 {winner}，截止优先级：{describe_key_zh(cutoff)}",
            )
        if key[:6] > cutoff[:6]:
            return AllocationEvent(
                session.id,
                Outcome.FULL,
                f"all {all_seats} went to candidates with higher priority: the last seat "
                f"went to {winner!r} at the cut-off priority ({describe_key(cutoff)}); "
                f"this cadre's priority: {describe_key(key)}",
                f"{all_zh}均已安排给优先级更高的干部：最后一个名额给了 {winner}，"
                f"截止优先级：{describe_key_zh(cutoff)}；本人优先级：{describe_key_zh(key)}",
            )
        return AllocationEvent(session.id, Outcome.FULL, f"all {all_seats} taken", f"{all_zh}已满")
