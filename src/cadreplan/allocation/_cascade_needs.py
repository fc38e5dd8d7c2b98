"""What each cadre still lacks, requirement by requirement: the demand the cascade serves."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from cadreplan.ledger import NOTHING_COUNTED, applicable

if TYPE_CHECKING:
    import datetime as dt

    from cadreplan.ledger import Counted, Window
    from cadreplan.model import Plan

__all__ = ["WHOLE", "Need", "needs_of"]

WHOLE = -1.0
"""The rank of a need still missing in whole (most of a region's): one shared object,
so that comparing two such keys stops at identity instead of comparing floats."""


class Need:
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
        self.rank = WHOLE if ratio == 1.0 else -self.ratio
        """The ratio as the priority holds it: larger shortfalls rank first."""

    def over(self, window: tuple[int, int, int]) -> Need:
        """Return a copy of this need over another *window* (its days as ordinals).

        Cheaper than the constructor, which works the shortfall out again: the
        never-trained cadres of a region share one shortfall per requirement.
        """
        need: Need = object.__new__(Need)
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


def needs_of(plan: Plan, on: dt.date) -> list[list[Need] | None]:
    """Return, per cadre position, a need for each entry of the ledger on *on* that is short.

    ``None`` where a cadre is short of nothing; a cadre's needs come in ledger
    (requirement) order. The ledger's entries themselves are not built: the
    result computes them only if someone reads its coverage before allocation.
    """
    needs: list[list[Need] | None] = [None] * len(plan.cadres)
    ordinals: dict[Window, tuple[int, int, int]] = {}
    window_before: Window | None = None
    days = (0, 0, 0)
    # Per requirement (the object: ids may repeat in a faulty plan), the need of a
    # cadre with nothing counted yet, copied for each such cadre.
    untrained: dict[int, Need] = {}
    for requirement, position, window, counted in applicable(plan, on):
        # Cadres appointed on the same day share their window, and a fixed cycle is everyone's.
        if window is not window_before:
            window_before = window
            found = ordinals.get(window)
            if found is None:
                start, end, due = window
                found = ordinals[window] = (start.toordinal(), end.toordinal(), due.toordinal())
            days = found
        if counted is NOTHING_COUNTED and id(requirement) in untrained:
            need = untrained[id(requirement)].over(days)
        else:
            need = Need(
                requirement.id,
                days,
                requirement.hours,
                requirement.days,
                requirement.sessions,
                counted,
            )
            if counted is NOTHING_COUNTED:
                untrained[id(requirement)] = need.over(days)
        if not need.is_met:
            mine = needs[position]
            if mine is None:
                needs[position] = [need]
            else:
                mine.append(need)
    return needs
