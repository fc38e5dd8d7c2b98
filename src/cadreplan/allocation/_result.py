"""What ``allocate`` returns: the new plan, the placements, and how they came about."""

from __future__ import annotations

import functools
import math
import statistics
from collections import Counter
from typing import TYPE_CHECKING, Literal, get_args

import attrs

from cadreplan._support import checks
from cadreplan.allocation._cascade_events import AllocationEvent, Outcome
from cadreplan.allocation._objective import placement_worth
from cadreplan.ledger import CoverageEntry, CoverageLedger, coverage
from cadreplan.model import UnitKind

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from cadreplan.allocation._seating import CascadeRun, SessionFill
    from cadreplan.model import Plan

__all__ = [
    "AllocationResult",
    "Explanation",
    "TownshipShortfall",
    "Unplaced",
    "UnplacedReason",
]

UnplacedReason = Literal[
    "no_eligible_session", "all_full", "quota_exhausted", "conflict", "duplicate"
]
"""Why a cadre still short of a requirement got no seat."""


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Unplaced:
    """A cadre still short of a requirement after allocation, and why.

    Attributes:
        cadre: The cadre's id.
        requirements: The requirements still short, by id.
        reason: The main reason no seat was given.
    """

    cadre: str = attrs.field(validator=checks.identifier)
    requirements: tuple[str, ...] = attrs.field(
        converter=checks.to_tuple, validator=checks.identifiers
    )
    reason: UnplacedReason = attrs.field(validator=checks.one_of(*get_args(UnplacedReason)))


@checks.friendly_init
@attrs.frozen(kw_only=True)
class TownshipShortfall:
    """What a township still needs after the backstop tier (乡镇兜底).

    Attributes:
        unit: The township's id.
        cadres: Cadres there still short of a requirement.
        seats_needed: Seats needed to give each of them one more session.
        sessions_needed: Sessions of the usual backstop size that would take them.
    """

    unit: str = attrs.field(validator=checks.identifier)
    cadres: int = attrs.field(validator=checks.integer(minimum=0))
    seats_needed: int = attrs.field(validator=checks.integer(minimum=0))
    sessions_needed: int = attrs.field(validator=checks.integer(minimum=0))


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Explanation:
    """The story of one cadre in an allocation.

    Attributes:
        cadre: The cadre's id.
        events: Each session the cadre was considered for, in cascade order,
            with the outcome and why.
        coverage: The cadre's coverage entries, one per requirement that
            applies, when known ([`explain`][cadreplan.explain] fills them;
            `AllocationResult.explain` leaves them empty).
    """

    cadre: str = attrs.field(validator=checks.identifier)
    events: tuple[AllocationEvent, ...] = attrs.field(
        converter=checks.to_tuple, validator=checks.members_of(AllocationEvent)
    )
    coverage: tuple[CoverageEntry, ...] = attrs.field(
        default=(), converter=checks.to_tuple, validator=checks.members_of(CoverageEntry)
    )

    def __str__(self) -> str:
        if not self.events:
            return f"cadre {self.cadre!r} was considered for no session"
        lines = [f"cadre {self.cadre!r}:"]
        lines.extend(
            f"  {event.session}: {event.outcome} - {event.detail}" for event in self.events
        )
        return "\n".join(lines)


_REASON_ORDER: tuple[UnplacedReason, ...] = (
    "conflict",
    "duplicate",
    "quota_exhausted",
    "all_full",
)
_OUTCOME_REASON: Mapping[str, UnplacedReason] = {
    Outcome.CONFLICT: "conflict",
    Outcome.DUPLICATE: "duplicate",
    Outcome.QUOTA: "quota_exhausted",
}


class AllocationResult:
    """What ``allocate`` returns: the new plan and how it came about.

    Attributes:
        optimum: The optimizer's proven best objective (``None`` for the cascade).
        plan: The plan with the new enrollments appended (existing ones untouched).
        placements: The new enrollments, in cascade order.
        on: The reference day for coverage.
        seed: The tie-break seed used.
        dropped: Sessions dropped as under-filled (``under_filled="drop"``).
    """

    def __init__(
        self,
        *,
        source: Plan,
        plan: Plan,
        run: CascadeRun,
        on: dt.date,
        seed: int,
        dropped: tuple[str, ...],
        min_fill: float,
        weights: Mapping[str, int] | None = None,
        optimum: int | None = None,
        before: CoverageLedger | None = None,
    ) -> None:
        self._source = source
        self._before = before
        self.plan = plan
        self._run = run
        self.placements = run.placements
        self.on = on
        self.seed = seed
        self.dropped = dropped
        self._min_fill = min_fill
        self._weights = dict(weights or {})
        self.optimum = optimum

    @functools.cached_property
    def objective(self) -> int:
        """The worth of the placements: per cadre short of a requirement, their best new seat.

        A seat is worth the summed weights of the cadre's unmet requirements its
        session counts toward (weight 1 each unless an `OptimalPolicy` set
        them). ``optimum`` holds the proven best value when the optimizer ran.
        """
        return placement_worth(self.plan, self.coverage_before, self.placements, self._weights)

    def __repr__(self) -> str:
        return (
            f"<AllocationResult {len(self.placements)} placements, "
            f"{len(self.unplaced)} unplaced, seed={self.seed}>"
        )

    @property
    def coverage_before(self) -> CoverageLedger:
        """The coverage ledger of the input plan.

        After the cascade it is built on first read (the cascade itself reads
        the plan's shortfalls without it); `OptimalPolicy` builds it up front.
        """
        if self._before is None:
            self._before = coverage(self._source, on=self.on)
        return self._before

    @functools.cached_property
    def coverage_after(self) -> CoverageLedger:
        """The coverage ledger of the new plan."""
        return coverage(self.plan, on=self.on)

    @property
    def fill_by_session(self) -> Mapping[str, SessionFill]:
        """Fill of every session the cascade considered, by session id."""
        return self._run.fills

    @functools.cached_property
    def fill_by_tier(self) -> dict[str, tuple[int, int]]:
        """``(seats taken, capacity)`` per tier code, in tier order."""
        totals: dict[str, list[int]] = {code: [0, 0] for code in self.plan.tiers.codes}
        for fill in self._run.fills.values():
            tier = self.plan.tier_of(self.plan.session(fill.session))
            totals[tier][0] += fill.taken
            totals[tier][1] += fill.capacity
        return {code: (taken, seats) for code, (taken, seats) in totals.items()}

    def fill_by_unit(self, *, level: UnitKind = UnitKind.COUNTY) -> dict[str, int]:
        """New placements per unit at *level* (county by default), sorted by unit id."""
        tree = self.plan.units_tree
        counts: Counter[str] = Counter()
        for enrollment in self.placements:
            unit = tree.ancestor_of_kind(self.plan.cadre(enrollment.cadre).unit, level)
            if unit is not None:
                counts[unit.id] += 1
        return dict(sorted(counts.items()))

    @functools.cached_property
    def under_filled(self) -> tuple[str, ...]:
        """Sessions filled below the policy's ``min_fill`` (empty when it is 0)."""
        if not self._min_fill:
            return ()
        return tuple(
            fill.session for fill in self._run.fills.values() if fill.rate < self._min_fill
        )

    @functools.cached_property
    def unplaced(self) -> tuple[Unplaced, ...]:
        """Every cadre still short of a due requirement, with the main reason."""
        short: dict[str, list[str]] = {}
        for entry in self.coverage_after.due_and_short():
            short.setdefault(entry.cadre, []).append(entry.requirement)
        result = []
        for cadre_id, requirements in short.items():
            result.append(
                Unplaced(
                    cadre=cadre_id,
                    requirements=tuple(requirements),
                    reason=self._reason(cadre_id),
                )
            )
        return tuple(result)

    def _reason(self, cadre_id: str) -> UnplacedReason:
        if cadre_id not in self._run.needed:
            return "no_eligible_session"
        counts = Counter(
            _OUTCOME_REASON[event.outcome]
            for event in self._run.events.get(cadre_id, ())
            if event.outcome in _OUTCOME_REASON
        )
        if not counts:
            return "all_full"
        return max(_REASON_ORDER, key=lambda reason: (counts[reason], -_REASON_ORDER.index(reason)))

    @functools.cached_property
    def backstop_shortfall(self) -> tuple[TownshipShortfall, ...]:
        """Per township, the cadres still short after the backstop and the seats they need."""
        tree = self.plan.units_tree
        backstop = {tier.code for tier in self.plan.tiers if tier.is_backstop}
        sizes = [
            session.capacity
            for session in self.plan.sessions
            if session.program in self.plan.programs_by_id
            and self.plan.tier_of(session) in backstop
        ]
        usual = int(statistics.median(sizes)) if sizes else 30
        cadres: Counter[str] = Counter()
        for item in self.unplaced:
            cadre = self.plan.cadres_by_id.get(item.cadre)
            if cadre is None or cadre.unit not in tree:
                continue
            township = tree.ancestor_of_kind(cadre.unit, UnitKind.TOWNSHIP)
            if township is not None:
                cadres[township.id] += 1
        return tuple(
            TownshipShortfall(
                unit=unit,
                cadres=count,
                seats_needed=count,
                sessions_needed=math.ceil(count / usual),
            )
            for unit, count in sorted(cadres.items())
        )

    def explain(self, cadre_id: str, /) -> Explanation:
        """Return the ordered story of the sessions *cadre_id* was considered for.

        Sessions where the cadre was eligible but never reached say why: every
        seat went to someone with a higher priority, or the cadre needed no
        training there.

        Raises:
            UnknownIdError: No cadre has that id.
        """
        cadre = self.plan.cadre(cadre_id)
        recorded: dict[str, list[AllocationEvent]] = {}
        for event in self._run.events.get(cadre_id, ()):
            recorded.setdefault(event.session, []).append(event)
        tree = self.plan.units_tree
        before = {e.session for e in self._source.enrollments_of(cadre_id) if e.is_active}
        story: list[AllocationEvent] = []
        placed_programs: set[str] = set()
        for session_id in self._run.order:
            session = self.plan.session(session_id)
            program = self.plan.program(session.program)
            if session_id in recorded:
                story.extend(recorded[session_id])
                if any(e.outcome == Outcome.PLACED for e in recorded[session_id]):
                    placed_programs.add(program.id)
                continue
            if not program.audience.matches(cadre, units=tree, on=session.start_on):
                continue
            if program.id in placed_programs:
                detail = f"already placed in program {program.id!r}"
                story.append(AllocationEvent(session_id, Outcome.DUPLICATE, detail))
                continue
            fill = self._run.fills[session_id]
            if session_id in before:
                story.append(
                    AllocationEvent(
                        session_id, Outcome.ALREADY_ENROLLED, "enrolled before allocation"
                    )
                )
            elif fill.is_full:
                detail = f"all {fill.capacity} seats went to candidates with higher priority"
                story.append(AllocationEvent(session_id, Outcome.FULL, detail))
            else:
                detail = "needs no training this session counts toward"
                story.append(AllocationEvent(session_id, Outcome.NOT_NEEDED, detail))
        return Explanation(cadre=cadre_id, events=tuple(story))
