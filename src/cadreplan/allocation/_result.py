"""What ``allocate`` returns: the new plan, the placements, and how they came about."""

from __future__ import annotations

import functools
import math
import statistics
from collections import Counter
from typing import TYPE_CHECKING, Literal, NamedTuple, get_args

import attrs

from cadreplan._support import checks
from cadreplan.allocation._arguments import cadre_of, check_level
from cadreplan.allocation._cascade_events import BUSY, HAS_PROGRAM, HELD, THEME
from cadreplan.allocation._explain import coverage_of
from cadreplan.allocation._objective import placement_worth
from cadreplan.allocation._story import Story
from cadreplan.ledger import CoverageLedger, coverage
from cadreplan.model import UnitKind

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from cadreplan.allocation._explanation import Explanation
    from cadreplan.allocation._policies import CascadePolicy, OptimalPolicy
    from cadreplan.allocation._seating import CascadeRun, SessionFill
    from cadreplan.model import Plan
    from cadreplan.rules import Finding

__all__ = [
    "AllocationResult",
    "CadreShortfall",
    "ShortfallReason",
    "TierFill",
    "TownshipShortfall",
    "Unplaced",
    "UnplacedReason",
]

ShortfallReason = Literal[
    "no_eligible_session", "all_full", "quota_exhausted", "conflict", "duplicate"
]
"""Why a cadre is still short after allocation: the main reason the run gave no (more) seat.

``no_eligible_session``: no session they may attend counts toward what they
miss; otherwise the most frequent of ``conflict``, ``duplicate`` and
``quota_exhausted`` among the cascade's refusals (ties in that order), or
``all_full`` when nothing but full sessions stood in the way.
"""

UnplacedReason = ShortfallReason
"""The former name of `ShortfallReason`, kept as an alias."""


@checks.friendly_init
@attrs.frozen(kw_only=True)
class CadreShortfall:
    """A cadre short of requirements after allocation, and the main reason.

    The records of `AllocationResult.still_short` and `AllocationResult.unseated`.

    Attributes:
        cadre: The cadre's id.
        requirements: The requirements still short, by id.
        reason: The main reason the allocation gave no (more) seat.
    """

    cadre: str = attrs.field(validator=checks.identifier)
    requirements: tuple[str, ...] = attrs.field(
        converter=checks.to_tuple, validator=checks.identifiers
    )
    reason: ShortfallReason = attrs.field(validator=checks.one_of(*get_args(ShortfallReason)))


Unplaced = CadreShortfall
"""The former name of `CadreShortfall`, kept as an alias (the same class)."""


class TierFill(NamedTuple):
    """Seats taken and offered in one tier's sessions; unpacks as ``(taken, capacity)``.

    Attributes:
        taken: Seats taken after allocation (earlier enrollments included).
        capacity: Seats of the tier's sessions the allocation seated.
    """

    taken: int
    capacity: int

    @property
    def rate(self) -> float:
        """Share of seats taken (1.0 for a tier without seats)."""
        return self.taken / self.capacity if self.capacity else 1.0


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


_REASON_ORDER: tuple[ShortfallReason, ...] = (
    "conflict",
    "duplicate",
    "quota_exhausted",
    "all_full",
)
_NOTE_REASON: Mapping[int, ShortfallReason] = {
    BUSY: "conflict",
    HAS_PROGRAM: "duplicate",
    THEME: "duplicate",
    HELD: "quota_exhausted",
}


class AllocationResult:
    """What ``allocate`` returns: the new plan and how it came about.

    Two answers to "who is left?": `still_short` (everyone still short of a
    due requirement, placed somewhere or not) and `unseated` (everyone who
    needed a seat and got none at all). `explain` tells one cadre's story in
    this run; `explain` on ``result.plan`` tells where
    they stand in the allocated plan, with the same facts in the same words.

    Attributes:
        optimum: The optimizer's proven best objective (``None`` for the cascade).
        plan: The plan with the new enrollments appended (existing ones untouched).
        placements: The new enrollments, in cascade order.
        on: The reference day for coverage.
        seed: The tie-break seed used.
        policy: The policy the allocation followed.
        dropped: Sessions dropped as under-filled (``under_filled="drop"``).
        allowed_errors: The input plan's validation findings of error
            severity that ``allow_errors=True`` let through (empty when it had
            none: ``allocate`` refuses such a plan by default).
    """

    def __init__(
        self,
        *,
        source: Plan,
        plan: Plan,
        run: CascadeRun,
        on: dt.date,
        seed: int,
        policy: CascadePolicy | OptimalPolicy,
        cascade: CascadePolicy,
        dropped: tuple[str, ...],
        allowed_errors: tuple[Finding, ...] = (),
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
        self.policy = policy
        self.dropped = dropped
        self.allowed_errors = allowed_errors
        self._min_fill = cascade.min_fill
        self._weights = dict(weights or {})
        self.optimum = optimum
        self._story = Story(
            source=source,
            plan=plan,
            run=run,
            seed=seed,
            on=on,
            theme_window=cascade.theme_window,
            needed_only=not cascade.fill_with_unneeded,
            dropped=dropped,
            min_fill=cascade.min_fill,
        )

    @functools.cached_property
    def objective(self) -> int:
        """The worth of the placements: per cadre short of a requirement, their best new seat.

        A seat is worth the summed weights of the cadre's unmet requirements its
        session counts toward (weight 1 each unless an `OptimalPolicy` set
        them). ``optimum`` holds the proven best value when the optimizer ran.
        """
        return placement_worth(
            self.plan, self.coverage_before, self.placements, self._weights, self._run.seated
        )

    def __repr__(self) -> str:
        errors = len(self.allowed_errors)
        allowed = f", {errors} error{'' if errors == 1 else 's'} allowed" if errors else ""
        return (
            f"<AllocationResult {len(self.placements)} placements, "
            f"{len(self.still_short)} still short, {len(self.unseated)} unseated, "
            f"seed={self.seed}{allowed}>"
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
    def fill_by_tier(self) -> dict[str, TierFill]:
        """Seats taken and offered per tier code, in tier order (each a `TierFill`)."""
        totals: dict[str, list[int]] = {code: [0, 0] for code in self.plan.tiers.codes}
        for fill in self._run.fills.values():
            tier = self._run.plan.tier_of(self._run.seated[fill.session])
            totals[tier][0] += fill.taken
            totals[tier][1] += fill.capacity
        return {code: TierFill(taken, seats) for code, (taken, seats) in totals.items()}

    def fill_by_unit(self, *, level: UnitKind | str = UnitKind.COUNTY) -> dict[str, int]:
        """New placements per unit at *level* (county by default), sorted by unit id.

        Placements of cadres with no unit of that level above them (or whose
        unit the plan lacks) are left out.

        Raises:
            FieldValueError: *level* is not a `UnitKind` or its value (``"township"``).
            FieldTypeError: *level* is neither.
        """
        kind = check_level(level)
        tree = self.plan.units_tree
        counts: Counter[str] = Counter()
        for enrollment in self.placements:
            unit_id = self.plan.cadre(enrollment.cadre).unit
            unit = tree.ancestor_of_kind(unit_id, kind) if unit_id in tree else None
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
    def still_short(self) -> tuple[CadreShortfall, ...]:
        """Every cadre still short of a due requirement after allocation, with the main reason.

        Placed cadres are here too when their new seats do not cover what they
        miss; `unseated` lists those who got no seat at all. Cadres come in
        ledger order (requirement by requirement, cadres in plan order).
        """
        short: dict[str, list[str]] = {}
        for entry in self.coverage_after.due_and_short():
            short.setdefault(entry.cadre, []).append(entry.requirement)
        return tuple(
            CadreShortfall(
                cadre=cadre_id, requirements=tuple(requirements), reason=self._reason(cadre_id)
            )
            for cadre_id, requirements in short.items()
        )

    @property
    def unplaced(self) -> tuple[CadreShortfall, ...]:
        """Deprecated alias of `still_short` (the same records), kept for existing code.

        The old name was misleading: a cadre "unplaced" here may hold new
        seats that do not cover what they miss. Use `still_short`, or
        `unseated` for who got no seat at all.
        """
        return self.still_short

    @functools.cached_property
    def unseated(self) -> tuple[CadreShortfall, ...]:
        """Every cadre short of a requirement before allocation who got no new seat at all.

        Due or not (a requirement in its grace period counts), with the
        requirements they are short of and the main reason; in ledger order.
        """
        placed = {enrollment.cadre for enrollment in self.placements}
        short: dict[str, list[str]] = {}
        for entry in self.coverage_before.short():
            if entry.cadre not in placed:
                short.setdefault(entry.cadre, []).append(entry.requirement)
        return tuple(
            CadreShortfall(
                cadre=cadre_id, requirements=tuple(requirements), reason=self._reason(cadre_id)
            )
            for cadre_id, requirements in short.items()
        )

    @functools.cached_property
    def _refusals(self) -> dict[str, Counter[ShortfallReason]]:
        """The cascade's refusals per cadre id, by reason: its notes, read once."""
        cadres = self._run.plan.cadres
        tally: dict[str, Counter[ShortfallReason]] = {}
        for position, _, code, _ in self._run.events.notes:
            reason = _NOTE_REASON.get(code)
            if reason is not None:
                tally.setdefault(cadres[position].id, Counter())[reason] += 1
        return tally

    def _reason(self, cadre_id: str) -> ShortfallReason:
        if cadre_id not in self._run.needed:
            return "no_eligible_session"
        counts = self._refusals.get(cadre_id)
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
        for item in self.still_short:
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
        """Return what this allocation did for *cadre_id*, session by session.

        The explanation's ``basis`` is ``"allocation"``: each session of the
        plan, in cascade order, as it stood at its turn in this run (the input
        plan with every seat given until the end of that turn). A placement
        gives the priority that won it; a session the cadre got no seat in
        says why with the checks and words of `explain`
        (not in the audience and by which condition, duplicate, busy, a quota
        used up), or that every seat went to someone with a higher priority,
        naming who took the last seat and the cut-off priority, or that the
        cadre had the same priority and lost the seeded draw; sessions the
        run did not seat are ``skipped``. Where the plan did not change after
        a session's turn, `explain` on ``result.plan``
        gives the same outcome there. ``coverage`` holds the cadre's coverage
        entries after allocation.

        Raises:
            UnknownIdError: No cadre has that id (its message suggests the closest).
            FieldTypeError: *cadre_id* is not a string.
        """
        cadre = cadre_of(self.plan, cadre_id)
        return self._story.explain(cadre, coverage_of(self.plan, cadre, self.on))
