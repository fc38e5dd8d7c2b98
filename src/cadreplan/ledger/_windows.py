"""Cycle windows: the span of days in which training counts toward a requirement."""

from __future__ import annotations

import datetime as dt

from cadreplan._support import checks
from cadreplan.model import Cadre, CycleBasis, Requirement

__all__ = ["CycleWindows", "Window", "cycle_window"]

_DAY = dt.timedelta(days=1)
_CADRE = checks.member_of(Cadre)
_REQUIREMENT = checks.member_of(Requirement)


def cycle_window(
    requirement: Requirement, cadre: Cadre, on: dt.date
) -> tuple[dt.date, dt.date, dt.date] | None:
    """Return ``(window_start, window_end, due_on)`` of *requirement* for *cadre* on day *on*.

    ``None`` means the requirement does not apply to the cadre on that day (an
    appointment-based requirement for a cadre without an appointment date, or
    appointed after *on*).
    """
    checks.argument("requirement", requirement, _REQUIREMENT)
    checks.argument("cadre", cadre, _CADRE)
    checks.argument("on", on, checks.date)
    return CycleWindows(requirement, on)(cadre.appointed_on)


Window = tuple[dt.date, dt.date, dt.date]


class CycleWindows:
    """`cycle_window` of one requirement on one day, by appointment date, memoized.

    The window depends on the cadre only through their appointment date, and
    date arithmetic with ``relativedelta`` is slow: a region shares a few
    thousand appointment dates between a hundred thousand cadres.
    """

    __slots__ = ("base", "memo", "on", "requirement")

    def __init__(self, requirement: Requirement, on: dt.date) -> None:
        self.requirement = requirement
        self.on = on
        self.memo: dict[dt.date | None, Window | None] = {}
        self.base: tuple[dt.date, dt.date] | None = None
        if requirement.basis is CycleBasis.FIXED:
            assert requirement.anchor_on is not None  # the model guarantees it
            self.base = _fixed_cycle(requirement, on)
        elif requirement.basis is CycleBasis.ROLLING:
            self.base = on - requirement.cycle + _DAY, on

    def shared(self) -> Window | None:
        """Return the window of every cadre, or ``None`` if it depends on the appointment date.

        A fixed or rolling cycle without a grace period is the same for all.
        """
        if self.base is None or self.requirement.grace is not None:
            return None
        return self(None)

    def __call__(self, appointed_on: dt.date | None) -> Window | None:
        try:
            return self.memo[appointed_on]
        except KeyError:
            window = self.memo[appointed_on] = self._compute(appointed_on)
            return window

    def _compute(self, appointed_on: dt.date | None) -> Window | None:
        requirement = self.requirement
        if self.base is None:  # from appointment
            if appointed_on is None or appointed_on > self.on:
                return None
            end = appointed_on + requirement.cycle - _DAY
            due = appointed_on + (requirement.grace or requirement.cycle) - _DAY
            return appointed_on, end, max(end, due)
        start, end = self.base
        due = end
        if requirement.grace is not None and appointed_on is not None:
            due = max(due, appointed_on + requirement.grace - _DAY)
        return start, end, due


def _fixed_cycle(requirement: Requirement, on: dt.date) -> tuple[dt.date, dt.date]:
    anchor = requirement.anchor_on
    assert anchor is not None
    cycle = requirement.cycle
    # Estimate the cycle number from its length in days, then correct: O(1).
    approximate = (anchor + cycle - anchor).days
    index = (on - anchor).days // approximate
    while anchor + cycle * index > on:
        index -= 1
    while anchor + cycle * (index + 1) <= on:
        index += 1
    return anchor + cycle * index, anchor + cycle * (index + 1) - _DAY
