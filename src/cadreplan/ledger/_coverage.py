"""The coverage ledger (应训尽训): who must be trained, how much they have, what is short."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan._support import checks
from cadreplan.ledger._fastpath import new_entry
from cadreplan.ledger._predicates import counts_toward, trainings_by_cadre
from cadreplan.ledger._records import CoverageEntry, CoverageSummary, Training
from cadreplan.ledger._windows import CycleWindows, Window, cycle_window
from cadreplan.model import Requirement, UnitKind, require_plan

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Iterator, Mapping

    from cadreplan.model import Plan

__all__ = [
    "NOTHING_COUNTED",
    "Counted",
    "Counting",
    "CoverageEntry",
    "CoverageLedger",
    "CoverageSummary",
    "applicable",
    "count_within",
    "coverage",
    "cycle_window",
    "ledger_entry",
]


class Counting:
    """`counts_toward` of one requirement, memoized by the traits of a training.

    A region's trainings share the traits of a few thousand programs.
    """

    __slots__ = ("memo", "requirement")

    def __init__(self, requirement: Requirement) -> None:
        self.requirement = requirement
        self.memo: dict[tuple[str | None, frozenset[str], str | None, str | None], bool] = {}

    def __call__(self, training: Training) -> bool:
        traits = (training.tier, training.themes, training.institution_kind, training.program)
        try:
            return self.memo[traits]
        except KeyError:
            answer = self.memo[traits] = counts_toward(
                self.requirement,
                tier=training.tier,
                themes=training.themes,
                institution_kind=training.institution_kind,
                program=training.program,
            )
            return answer


Counted = tuple[float, int, int, float, int, int]
"""Done hours, days and sessions, then planned hours, days and sessions, inside a window."""

NOTHING_COUNTED: Counted = (0.0, 0, 0, 0.0, 0, 0)


def count_within(
    window: Window, trainings: Iterable[Training], counts: Callable[[Training], bool]
) -> Counted:
    """Return what *trainings* that *counts* accepts add up to inside *window*."""
    start, end, _ = window
    done_hours = planned_hours = 0.0
    done_days = planned_days = done_sessions = planned_sessions = 0
    for training in trainings:
        if not (start <= training.start_on <= end) or not counts(training):
            continue
        if training.is_done:
            done_hours += training.hours
            done_days += training.days
            done_sessions += 1
        else:
            planned_hours += training.hours
            planned_days += training.days
            planned_sessions += 1
    return done_hours, done_days, done_sessions, planned_hours, planned_days, planned_sessions


def ledger_entry(
    cadre: str, requirement: Requirement, window: Window, amounts: Counted
) -> CoverageEntry:
    """Return the ledger's entry of *requirement* for cadre id *cadre*: *amounts* in *window*."""
    return new_entry(
        cadre,
        requirement.id,
        *window,
        requirement.hours,
        requirement.days,
        requirement.sessions,
        *amounts,
    )


def applicable(plan: Plan, day: dt.date) -> Iterator[tuple[Requirement, int, Window, Counted]]:
    """Yield ``(requirement, cadre position, window, counted)`` of every entry of the ledger.

    In ledger order: requirement by requirement, cadres in plan order within
    each. The cascade reads its needs from here without building the entries.
    """
    by_cadre = trainings_by_cadre(plan)
    cadres = plan.cadres
    period_start = plan.period.start_on
    for requirement in plan.requirements:
        windows = CycleWindows(requirement, day)
        shared = windows.shared()
        counts = Counting(requirement)
        for position in plan.positions_matching(requirement.audience, on=day):
            cadre = cadres[position]
            window = shared or windows(cadre.appointed_on)
            # An appointment long before the plan period is not this plan's business.
            if window is None or window[1] < period_start:
                continue
            trainings = by_cadre.get(cadre.id)
            # Most cadres of a region were never trained: nothing to count.
            counted = (
                NOTHING_COUNTED if trainings is None else count_within(window, trainings, counts)
            )
            yield requirement, position, window, counted


class CoverageLedger:
    """Per cadre and requirement: required, done, planned, shortfall and due date.

    Build one with `coverage`. Entries come requirement by
    requirement (plan order), cadres in plan order within each.
    """

    __slots__ = ("_by_cadre", "_entries", "_plan", "on")

    def __init__(self, plan: Plan, entries: Iterable[CoverageEntry], on: dt.date) -> None:
        self._plan = plan
        self._entries = tuple(entries)
        self.on = on
        self._by_cadre: dict[str, list[CoverageEntry]] | None = None

    def __iter__(self) -> Iterator[CoverageEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def entries(self) -> tuple[CoverageEntry, ...]:
        """Every entry."""
        return self._entries

    def of(self, cadre_id: str, /) -> tuple[CoverageEntry, ...]:
        """Return the entries of one cadre (one per requirement that applies)."""
        if self._by_cadre is None:
            by_cadre: dict[str, list[CoverageEntry]] = {}
            for entry in self._entries:
                try:
                    by_cadre[entry.cadre].append(entry)
                except KeyError:
                    by_cadre[entry.cadre] = [entry]
            self._by_cadre = by_cadre
        return tuple(self._by_cadre.get(cadre_id, ()))

    def short(self) -> tuple[CoverageEntry, ...]:
        """Return the entries still short after done and planned training."""
        return tuple(entry for entry in self._entries if not entry.is_met)

    def due_and_short(self) -> tuple[CoverageEntry, ...]:
        """Return the entries short on or before their due date being reached by ``on``."""
        return tuple(e for e in self._entries if not e.is_met and e.due_on <= self.on)

    def _summaries(self, key: Mapping[str, str | None]) -> tuple[CoverageSummary, ...]:
        totals: dict[tuple[str, str], list[int]] = {}
        for entry in self._entries:
            group = key.get(entry.cadre)
            if group is None:
                continue
            counts = totals.setdefault((group, entry.requirement), [0, 0, 0])
            counts[0] += 1
            counts[1] += entry.is_met
            counts[2] += entry.is_met_by_history
        return tuple(
            CoverageSummary(
                group=group, requirement=requirement, cadres=n, met=met, met_by_history=history
            )
            for (group, requirement), (n, met, history) in sorted(totals.items())
        )

    def by_category(self) -> tuple[CoverageSummary, ...]:
        """Return a summary per cadre category and requirement, sorted."""
        return self._summaries({cadre.id: cadre.category for cadre in self._plan.cadres})

    def by_unit(self, *, level: UnitKind = UnitKind.COUNTY) -> tuple[CoverageSummary, ...]:
        """Return a summary per unit at *level* (county by default) and requirement.

        Each cadre counts toward the nearest unit of that kind at or above their
        unit; cadres with none are left out.
        """
        tree = self._plan.units_tree
        nearest: dict[str, str | None] = {}
        key: dict[str, str | None] = {}
        for cadre in self._plan.cadres:
            if cadre.unit not in nearest:
                unit = tree.ancestor_of_kind(cadre.unit, level) if cadre.unit in tree else None
                nearest[cadre.unit] = None if unit is None else unit.id
            key[cadre.id] = nearest[cadre.unit]
        return self._summaries(key)

    def rate(self) -> float:
        """The share of entries met (1.0 when no requirement applies to anyone)."""
        if not self._entries:
            return 1.0
        return sum(entry.is_met for entry in self._entries) / len(self._entries)


def coverage(plan: Plan, /, *, on: dt.date | None = None) -> CoverageLedger:
    """Return the coverage ledger of *plan* on day *on*.

    For every requirement and every cadre in its audience (judged on *on*), the
    ledger counts completed history and the plan's active enrollments inside
    the requirement's cycle window, and states what is still short. Cycles
    are placed by the requirement's basis: a rolling window ending on *on*,
    the fixed cycle containing *on*, or the cycle from the cadre's appointment
    (only where it reaches into the plan period). A grace period after
    appointment moves the due date, not the window.

    Args:
        plan: The plan.
        on: The reference day; by default the last day of the plan period.

    Examples:
        >>> from cadreplan.datasets import demo_region
        >>> ledger = coverage(demo_region())
        >>> 0.0 <= ledger.rate() <= 1.0
        True
    """
    require_plan(plan)
    if on is not None:
        checks.argument("on", on, checks.date)
    day = plan.period.end_on if on is None else on
    cadres = plan.cadres
    entries = [
        ledger_entry(cadres[position].id, requirement, window, counted)
        for requirement, position, window, counted in applicable(plan, day)
    ]
    return CoverageLedger(plan, entries, day)
