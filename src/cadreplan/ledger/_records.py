"""The ledger's values: a training however it is known, an entry of the ledger, a summary."""

from __future__ import annotations

import datetime as dt

import attrs

from cadreplan._support import checks

__all__ = ["CoverageEntry", "CoverageSummary", "Training"]


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Training:
    """A cadre's training seen the same way whether past (history) or planned (enrollment).

    Attributes:
        cadre: The cadre's id.
        start_on: First day.
        end_on: Last day.
        hours: Class hours credited.
        program: The program's id, if known.
        tier: The tier code, if known.
        themes: Theme codes.
        institution_kind: The institution kind, if known.
        session: The session's id for planned training; ``None`` for history.
        is_done: Whether it is completed (history, or a completed enrollment).
        path: Where it is in the plan (``$.history[4]`` or ``$.enrollments[7]``).
    """

    cadre: str = attrs.field(validator=checks.identifier)
    start_on: dt.date = attrs.field(validator=checks.date)
    end_on: dt.date = attrs.field(validator=checks.date)
    hours: float = attrs.field(validator=checks.number())
    program: str | None = attrs.field(validator=checks.optional_identifier)
    tier: str | None = attrs.field(validator=checks.optional_identifier)
    themes: frozenset[str] = attrs.field(
        converter=checks.to_frozenset, validator=checks.identifiers
    )
    institution_kind: str | None = attrs.field(validator=checks.optional_identifier)
    session: str | None = attrs.field(validator=checks.optional_identifier)
    is_done: bool = attrs.field(validator=checks.boolean)
    path: str = attrs.field(validator=checks.text)

    @property
    def days(self) -> int:
        """Calendar days, both ends included (0 if inverted)."""
        return max(0, (self.end_on - self.start_on).days + 1)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class CoverageEntry:
    """Where one cadre stands against one requirement on the reference day.

    Amounts the requirement does not set are ``None``. ``done`` counts
    completed training (history and completed enrollments), ``planned`` counts
    active enrollments not yet completed; both only inside the window.

    Attributes:
        cadre: The cadre's id.
        requirement: The requirement's id.
        window_start: First day of the cycle that counts.
        window_end: Last day of the cycle that counts.
        due_on: The day the requirement must be met by (later than the window's
            end when a grace period after appointment applies).
        required_hours: Hours to complete.
        required_days: Days to complete.
        required_sessions: Sessions to complete.
        done_hours: Hours completed.
        done_days: Days completed.
        done_sessions: Sessions completed.
        planned_hours: Hours planned.
        planned_days: Days planned.
        planned_sessions: Sessions planned.
    """

    cadre: str = attrs.field(validator=checks.identifier)
    requirement: str = attrs.field(validator=checks.identifier)
    window_start: dt.date = attrs.field(validator=checks.date)
    window_end: dt.date = attrs.field(validator=checks.date)
    due_on: dt.date = attrs.field(validator=checks.date)
    required_hours: float | None = attrs.field(validator=checks.optional_number(positive=True))
    required_days: int | None = attrs.field(validator=checks.optional_integer(minimum=1))
    required_sessions: int | None = attrs.field(validator=checks.optional_integer(minimum=1))
    done_hours: float = attrs.field(validator=checks.number())
    done_days: int = attrs.field(validator=checks.integer(minimum=0))
    done_sessions: int = attrs.field(validator=checks.integer(minimum=0))
    planned_hours: float = attrs.field(validator=checks.number())
    planned_days: int = attrs.field(validator=checks.integer(minimum=0))
    planned_sessions: int = attrs.field(validator=checks.integer(minimum=0))

    @property
    def is_met(self) -> bool:
        """Whether done plus planned training meets any one of the required amounts."""
        return (
            (self.required_hours is not None and self.shortfall_hours == 0)
            or (self.required_days is not None and self.shortfall_days == 0)
            or (self.required_sessions is not None and self.shortfall_sessions == 0)
        )

    @property
    def is_met_by_history(self) -> bool:
        """Whether completed training alone meets the requirement."""
        return (
            (self.required_hours is not None and self.done_hours >= self.required_hours)
            or (self.required_days is not None and self.done_days >= self.required_days)
            or (self.required_sessions is not None and self.done_sessions >= self.required_sessions)
        )

    @property
    def shortfall_hours(self) -> float | None:
        """Hours still missing after done and planned training (``None`` if not required)."""
        if self.required_hours is None:
            return None
        return max(0.0, self.required_hours - self.done_hours - self.planned_hours)

    @property
    def shortfall_days(self) -> int | None:
        """Days still missing after done and planned training (``None`` if not required)."""
        if self.required_days is None:
            return None
        return max(0, self.required_days - self.done_days - self.planned_days)

    @property
    def shortfall_sessions(self) -> int | None:
        """Sessions still missing (``None`` if not required)."""
        if self.required_sessions is None:
            return None
        return max(0, self.required_sessions - self.done_sessions - self.planned_sessions)

    @property
    def shortfall_ratio(self) -> float:
        """The smallest fraction of any required amount still missing (0 when met).

        Comparable across requirements of different units: "how far is this
        cadre from meeting the requirement by the easiest route".
        """
        ratios = [
            short / need
            for short, need in (
                (self.shortfall_hours, self.required_hours),
                (self.shortfall_days, self.required_days),
                (self.shortfall_sessions, self.required_sessions),
            )
            if short is not None and need
        ]
        return min(ratios, default=0.0)

    def describe_shortfall(self, language: str = "en") -> str:
        """Return the shortfall in words: ``"short of 40 hours or 3 days"``, or ``"met"``.

        In Chinese (*language* ``"zh"``): ``"尚差 40 学时或 3 天"``, or ``"已达标"``.
        """
        amounts = (self.shortfall_hours, self.shortfall_days, self.shortfall_sessions)
        if language == "zh":
            parts = [
                f"{_number(n)} {unit}" for n, unit in zip(amounts, _UNITS_ZH, strict=True) if n
            ]
            return "尚差 " + "或 ".join(parts) if parts and not self.is_met else "已达标"
        parts = [_count(n, unit) for n, unit in zip(amounts, _UNITS, strict=True) if n]
        return "short of " + " or ".join(parts) if parts and not self.is_met else "met"


_UNITS = ("hour", "day", "session")
_UNITS_ZH = ("学时", "天", "期")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _count(amount: float, unit: str) -> str:
    return f"{_number(amount)} {unit}" + ("" if amount == 1 else "s")


@checks.friendly_init
@attrs.frozen(kw_only=True)
class CoverageSummary:
    """Coverage of a group of cadres (a unit's subtree or a category) for one requirement.

    Attributes:
        group: The unit id or category code.
        requirement: The requirement's id.
        cadres: Cadres under the requirement (persons, 人).
        met: Of those, how many meet it with done and planned training.
        met_by_history: Of those, how many meet it with completed training alone.
    """

    group: str = attrs.field(validator=checks.identifier)
    requirement: str = attrs.field(validator=checks.identifier)
    cadres: int = attrs.field(validator=checks.integer(minimum=0))
    met: int = attrs.field(validator=checks.integer(minimum=0))
    met_by_history: int = attrs.field(validator=checks.integer(minimum=0))

    @property
    def short(self) -> int:
        """Cadres who still fall short."""
        return self.cadres - self.met

    @property
    def rate(self) -> float:
        """Share of cadres who meet the requirement (1.0 for an empty group)."""
        return self.met / self.cadres if self.cadres else 1.0
