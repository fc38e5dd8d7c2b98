"""Allocation of training seats: policies, ``allocate`` and its explained result."""

from __future__ import annotations

import functools
import math
import statistics
from collections import Counter
from typing import TYPE_CHECKING, Any, Literal

import attrs
from dateutil.relativedelta import relativedelta

from cadreplan import _checks
from cadreplan._cascade import AllocationEvent, CascadeRun, Outcome, SessionFill, run_cascade
from cadreplan._coverage import CoverageEntry, CoverageLedger, coverage
from cadreplan._gcpause import without_gc_pauses
from cadreplan._predicates import DEFAULT_THEME_WINDOW
from cadreplan._units import UnitKind

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping

    from cadreplan._plan import Plan
    from cadreplan._training import Enrollment

__all__ = [
    "AllocationResult",
    "CascadePolicy",
    "Explanation",
    "OptimalPolicy",
    "TownshipShortfall",
    "Unplaced",
    "UnplacedReason",
    "allocate",
]

UnplacedReason = Literal[
    "no_eligible_session", "all_full", "quota_exhausted", "conflict", "duplicate"
]
"""Why a cadre still short of a requirement got no seat."""

QuotaRelease = Literal["after_pass", "release_date", "never"]
"""When a session's unused reserved seats return to the pool."""


def _fraction(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        msg = f"'{attribute.name}' must be a number from 0 to 1 (got {value!r})"
        raise _checks.FieldValueError(attribute.name, msg)


def _one_of(*choices: str) -> _checks.Validator:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            allowed = ", ".join(repr(choice) for choice in choices)
            msg = f"'{attribute.name}' must be one of {allowed} (got {value!r})"
            raise _checks.FieldValueError(attribute.name, msg)

    return check


@attrs.frozen(kw_only=True)
class CascadePolicy:
    """How the tier cascade hands out seats.

    Tiers go in scheme order (national dispatch first, township backstop
    last), sessions within a tier by start date. Each seat goes to the
    eligible, free, non-duplicate candidate within their unit's quota who
    ranks first by: short of a requirement the session counts toward; then
    the largest shortfall (as a share of the requirement); then the earliest
    due date; then the longest since last trained; then a seeded tie-break.

    Attributes:
        fill_with_unneeded: Whether seats left after everyone short has been
            served go to eligible cadres who need no training (backstop tiers
            never do this).
        theme_window: Training on a shared theme closer than this is duplicate.
        quota_release: When unused reserved seats of a session quota return to
            the pool: ``"after_pass"`` once the unit's own candidates are served,
            ``"release_date"`` only where the quota's ``reserved_until`` falls
            before the session starts, ``"never"``.
        min_fill: Sessions filled below this share are under-filled (0 turns the check off).
        under_filled: ``"flag"`` reports under-filled sessions; ``"drop"`` drops
            them (only sessions with no prior enrollments) and places their
            people elsewhere.
    """

    fill_with_unneeded: bool = attrs.field(default=True, validator=_checks.boolean)
    theme_window: relativedelta = attrs.field(
        default=DEFAULT_THEME_WINDOW, validator=_checks.duration
    )
    quota_release: QuotaRelease = attrs.field(
        default="after_pass", validator=_one_of("after_pass", "release_date", "never")
    )
    min_fill: float = attrs.field(default=0.0, validator=_fraction)
    under_filled: Literal["flag", "drop"] = attrs.field(
        default="flag", validator=_one_of("flag", "drop")
    )


def _to_weights(value: Mapping[str, int]) -> dict[str, int]:
    # Sorted by the keys' text, so that a key of the wrong type reaches the validator.
    return dict(sorted(dict(value).items(), key=lambda item: str(item[0])))


def _weights(_: object, attribute: attrs.Attribute[Any], value: Mapping[object, object]) -> None:
    for key, weight in value.items():
        if not isinstance(key, str) or isinstance(weight, bool) or not isinstance(weight, int):
            msg = f"'{attribute.name}' maps requirement ids to integers (got {key!r}: {weight!r})"
            raise _checks.FieldTypeError(attribute.name, msg)
        if weight < 1:
            msg = f"'{attribute.name}' weights must be >= 1 (got {key!r}: {weight})"
            raise _checks.FieldValueError(attribute.name, msg)


@attrs.frozen(kw_only=True)
class OptimalPolicy:
    """Maximize weighted requirement coverage exactly, then fill the rest by the cascade.

    Needs the ``solver`` extra (OR-Tools). Each cadre short of a requirement
    may get one seat from the optimizer; a seat is worth the summed weights of
    the cadre's unmet requirements the session counts toward. The optimizer
    finds the seats of greatest total worth under the cascade's hard
    constraints (eligibility, free dates, no duplicates, capacity, session
    quota caps); program quota caps are then enforced in seeded order. The
    seats left over go through the cascade.

    Attributes:
        weights: Weight per requirement id (1 for any not listed).
        fill_with_unneeded: Passed to the cascade that fills the remaining seats.
        theme_window: Training on a shared theme closer than this is duplicate.
    """

    weights: dict[str, int] = attrs.field(
        factory=dict, converter=_to_weights, validator=_weights, hash=False
    )
    fill_with_unneeded: bool = attrs.field(default=True, validator=_checks.boolean)
    theme_window: relativedelta = attrs.field(
        default=DEFAULT_THEME_WINDOW, validator=_checks.duration
    )


@attrs.frozen(kw_only=True)
class Unplaced:
    """A cadre still short of a requirement after allocation, and why.

    Attributes:
        cadre: The cadre's id.
        requirements: The requirements still short, by id.
        reason: The main reason no seat was given.
    """

    cadre: str
    requirements: tuple[str, ...]
    reason: UnplacedReason


@attrs.frozen(kw_only=True)
class TownshipShortfall:
    """What a township still needs after the backstop tier (乡镇兜底).

    Attributes:
        unit: The township's id.
        cadres: Cadres there still short of a requirement.
        seats_needed: Seats needed to give each of them one more session.
        sessions_needed: Sessions of the usual backstop size that would take them.
    """

    unit: str
    cadres: int
    seats_needed: int
    sessions_needed: int


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

    cadre: str
    events: tuple[AllocationEvent, ...]
    coverage: tuple[CoverageEntry, ...] = ()

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
        from cadreplan._optimal import placement_worth  # noqa: PLC0415 - no solver needed

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
            and session.capacity > 0
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


@without_gc_pauses
def allocate(
    plan: Plan,
    /,
    *,
    policy: CascadePolicy | OptimalPolicy | None = None,
    seed: int = 0,
    on: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AllocationResult:
    """Allocate training seats to cadres, tier by tier, and explain the outcome.

    Existing enrollments and practice assignments are kept as they are; new
    enrollments are added with status ``planned``. Every seat goes to an
    eligible cadre who is free on those dates, not trained on that program
    (or a shared theme within the window) already, and within their unit's
    quota. The same plan and seed always give the same result.
    It pauses Python's cyclic garbage collector (process-wide,
    ``gc.disable``) while it runs, as [`load_plan`][cadreplan.load_plan] does,
    and enables it again at the end, unless it was already disabled.

    Args:
        plan: The plan to allocate.
        policy: How to allocate; `CascadePolicy()` by default.
        seed: Seed of the final tie-break between equally ranked cadres.
        on: The reference day for requirements; the plan period's last day by default.
        progress: Called as ``progress(done, total)`` after each session; *done*
            only grows, and *total* grows when dropped sessions make the
            cascade run again.

    Returns:
        The result: the new plan, placements, coverage before and after,
        unplaced cadres with reasons, fill, backstop shortfall, explanations.

    Examples:
        >>> from cadreplan.datasets import demo_region
        >>> result = allocate(demo_region(), seed=1)
        >>> len(result.plan.enrollments) >= len(demo_region().enrollments)
        True
    """
    chosen = CascadePolicy() if policy is None else policy
    if isinstance(seed, bool) or not isinstance(seed, int):
        msg = f"seed must be an integer (got {seed!r})"
        raise TypeError(msg)
    day = plan.period.end_on if on is None else on
    if isinstance(chosen, OptimalPolicy):
        return _allocate_optimally(plan, chosen, seed=seed, on=day, progress=progress)
    dropped: set[str] = set()
    offset = 0
    while True:
        # A rerun after dropping sessions continues the count: done never goes back.
        counted = None if progress is None else _continued(progress, offset)
        run = run_cascade(
            plan,
            chosen,
            seed=seed,
            on=day,
            excluded=frozenset(dropped),
            progress=counted,
        )
        offset += len(run.order)
        if chosen.under_filled != "drop" or not chosen.min_fill:
            break
        newly = {
            fill.session
            for fill in run.fills.values()
            if fill.rate < chosen.min_fill and fill.existing == 0 and fill.placed > 0
        }
        if not newly:
            break
        dropped |= newly
    new_plan = plan.evolve(enrollments=(*plan.enrollments, *run.placements))
    return AllocationResult(
        source=plan,
        plan=new_plan,
        run=run,
        on=day,
        seed=seed,
        dropped=tuple(sorted(dropped)),
        min_fill=chosen.min_fill,
    )


def _continued(progress: Callable[[int, int], None], offset: int) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        progress(offset + done, offset + total)

    return report


def _within_program_quotas(plan: Plan, placements: tuple[Enrollment, ...]) -> list[Enrollment]:
    """Drop the placements that would take a unit over a program quota, in order."""
    used: dict[int, int] = {}
    quotas = [quota for quota in plan.seat_quotas if quota.program is not None]
    for quota in quotas:
        used[id(quota)] = sum(
            1
            for session in plan.sessions_of_program(quota.program or "")
            for enrollment in plan.enrollments_in(session.id)
            if enrollment.is_active
            and enrollment.cadre in plan.cadres_by_id
            and plan.is_within(plan.cadre(enrollment.cadre).unit, quota.unit)
        )
    kept: list[Enrollment] = []
    for enrollment in placements:
        program = plan.session(enrollment.session).program
        unit = plan.cadre(enrollment.cadre).unit
        mine = [q for q in quotas if q.program == program and plan.is_within(unit, q.unit)]
        if all(used[id(q)] < q.seats for q in mine):
            for q in mine:
                used[id(q)] += 1
            kept.append(enrollment)
    return kept


def _allocate_optimally(
    plan: Plan,
    policy: OptimalPolicy,
    *,
    seed: int,
    on: dt.date,
    progress: Callable[[int, int], None] | None,
) -> AllocationResult:
    from cadreplan._optimal import solve_optimal  # noqa: PLC0415 - optional extra

    before = coverage(plan, on=on)
    solution = solve_optimal(
        plan, before, weights=policy.weights, theme_window=policy.theme_window, seed=seed
    )
    chosen = tuple(_within_program_quotas(plan, solution.placements))
    staged = plan.evolve(enrollments=(*plan.enrollments, *chosen))
    rest = run_cascade(
        staged,
        CascadePolicy(
            fill_with_unneeded=policy.fill_with_unneeded, theme_window=policy.theme_window
        ),
        seed=seed,
        on=on,
        progress=progress,
    )
    by_session = Counter(enrollment.session for enrollment in chosen)
    events: dict[str, list[AllocationEvent]] = {}
    for enrollment in chosen:
        events.setdefault(enrollment.cadre, []).append(
            AllocationEvent(enrollment.session, Outcome.PLACED, "placed by the optimizer")
        )
    for cadre_id, story in rest.events.items():
        events.setdefault(cadre_id, []).extend(story)
    fills = {
        session_id: attrs.evolve(
            fill,
            existing=fill.existing - by_session[session_id],
            placed=fill.placed + by_session[session_id],
        )
        for session_id, fill in rest.fills.items()
    }
    run = CascadeRun(
        placements=(*chosen, *rest.placements),
        events=events,
        fills=fills,
        order=rest.order,
        needed=rest.needed | {enrollment.cadre for enrollment in chosen},
    )
    return AllocationResult(
        source=plan,
        plan=plan.evolve(enrollments=(*plan.enrollments, *run.placements)),
        run=run,
        on=on,
        seed=seed,
        dropped=(),
        min_fill=0.0,
        weights=policy.weights,
        optimum=solution.optimum,
        before=before,
    )
