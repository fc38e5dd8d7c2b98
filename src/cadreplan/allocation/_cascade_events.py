"""What the cascade tells of each cadre: outcomes, events, and the compact notes behind them."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Literal

import attrs

from cadreplan._support import checks
from cadreplan.allocation._cascade_state import NEVER

if TYPE_CHECKING:
    from cadreplan.allocation._cascade_state import Key

__all__ = [
    "BUSY",
    "HAS_PROGRAM",
    "HELD",
    "OTHER_UNITS",
    "OUTCOMES",
    "PLACED",
    "THEME",
    "TOO_OLD",
    "AllocationEvent",
    "NotedEvents",
    "Outcome",
    "check_language",
    "describe_key",
    "describe_key_zh",
    "placed_words",
]


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
    SKIPPED = "skipped"
    """Only from `AllocationResult.explain`: the allocation did not seat the session at all
    (dropped as under-filled, or its tier or institution is not in the plan)."""


OUTCOMES = tuple(
    value for name, value in vars(Outcome).items() if name.isupper() and isinstance(value, str)
)
"""Every `Outcome` code, in the order the class lists them."""


@checks.friendly_init
@attrs.frozen
class AllocationEvent:
    """One consideration of a cadre for a session, in cascade order.

    Attributes:
        session: The session's id.
        outcome: An `Outcome` code.
        detail: Why, in words.
        detail_zh: The same in Chinese (empty where none was given: the
            English is shown instead). It renders *detail*, so it takes no
            part in comparisons.
    """

    session: str = attrs.field(validator=checks.identifier)
    outcome: str = attrs.field(validator=checks.one_of(*OUTCOMES))
    detail: str = attrs.field(validator=checks.text)
    detail_zh: str = attrs.field(default="", validator=checks.text, eq=False, repr=False)

    def describe(self, language: str = "en") -> str:
        """Return why, in *language*: ``"en"``, or ``"zh"`` (the English if no Chinese).

        Raises:
            FieldValueError: *language* is not ``"en"`` or ``"zh"``.
        """
        if check_language(language) == "zh" and self.detail_zh:
            return self.detail_zh
        return self.detail


_LANGUAGES = ("en", "zh")


def check_language(language: object, field: str = "language") -> Literal["en", "zh"]:
    """Return *language* if it is ``"en"`` or ``"zh"``; if not, raise a `FieldError` on *field*."""
    if isinstance(language, str) and language in _LANGUAGES:
        return "en" if language == "en" else "zh"
    msg = f"'{field}' must be 'en' or 'zh' (got {checks.describe(language)})"
    if isinstance(language, str):
        raise checks.FieldValueError(field, msg + checks.did_you_mean(language.lower(), _LANGUAGES))
    raise checks.FieldTypeError(field, msg)


# What the cascade notes per consideration, kept compact: (cadre position, session id,
# a code below, an argument). Explanations read them (see `NotedEvents`).
PLACED, HAS_PROGRAM, TOO_OLD, BUSY, THEME, HELD = range(6)


def placed_words(key: Key) -> tuple[str, str]:
    """Return the detail (English, Chinese) of a seat the cascade gave with priority *key*."""
    return f"priority {describe_key(key)}", f"优先级：{describe_key_zh(key)}"


OTHER_UNITS = "other units"
"""The argument of a ``HELD`` note when the seats left are reserved for other units."""


class NotedEvents:
    """The cascade's notes of one run, with the look-ups explanations make, built on first use.

    A run at region scale notes a few hundred thousand considerations, and
    most results are saved or summarized without anyone reading them: the
    notes stay compact tuples, and nothing is worded until an explanation
    asks (`AllocationResult.explain` words its events from the plan itself).
    """

    __slots__ = ("_by_position", "_last_placed", "_notes")

    def __init__(self, notes: list[tuple[int, str, int, object]]) -> None:
        self._notes = notes
        self._last_placed: dict[str, tuple[int, Key]] | None = None
        self._by_position: dict[int, list[tuple[str, int, object]]] | None = None

    @property
    def notes(self) -> list[tuple[int, str, int, object]]:
        """The notes as the cascade took them: (cadre position, session id, code, argument)."""
        return self._notes

    def last_placed(self, session_id: str) -> tuple[int, Key] | None:
        """Return (cadre position, priority key) of who took the last seat the cascade gave.

        ``None`` where the cascade gave no seat there. The index of every
        session is built on the first call.
        """
        last = self._last_placed
        if last is None:
            last = self._last_placed = {
                session: (position, argument)  # type: ignore[misc]
                for position, session, code, argument in self._notes
                if code == PLACED
            }
        return last.get(session_id)

    def held(self, position: int, session_id: str) -> object | None:
        """Return the argument of the last ``HELD`` note of a cadre (by position) in a session."""
        found = None
        for session, code, argument in self.of_position(position):
            if session == session_id and code == HELD:
                found = argument
        return found

    def of_position(self, position: int) -> list[tuple[str, int, object]]:
        """Return the notes of the cadre at *position*: (session id, code, argument), in order.

        The index of every cadre is built on the first call.
        """
        by_position = self._by_position
        if by_position is None:
            by_position = self._by_position = {}
            for noted, session, code, argument in self._notes:
                by_position.setdefault(noted, []).append((session, code, argument))
        return by_position.get(position, [])


def describe_key(key: Key) -> str:
    """Return a priority key in words: ``short by 100% of a requirement, due ...``."""
    return _describe_priority(key[:4])


def describe_key_zh(key: Key) -> str:
    """Return a priority key in Chinese words."""
    return _describe_priority_zh(key[:4])


@functools.lru_cache(maxsize=4096)
def _describe_priority(priority: tuple[int, float, int, int]) -> str:
    # Cached: the cadres placed in one session mostly share their priority.
    short, ratio, due, last = priority
    if short:
        return "not short of a requirement this session counts toward"
    parts = [f"short by {-ratio:.0%} of a requirement", f"due {dt.date.fromordinal(due)}"]
    parts.append("never trained" if last == NEVER else f"last trained {dt.date.fromordinal(last)}")
    return ", ".join(parts)


@functools.lru_cache(maxsize=4096)
def _describe_priority_zh(priority: tuple[int, float, int, int]) -> str:
    short, ratio, due, last = priority
    if short:
        return "无本期可计入的未达标培训要求"
    parts = [f"培训要求尚差 {-ratio:.0%}", f"须于 {dt.date.fromordinal(due)} 前完成"]
    parts.append("从未参训" if last == NEVER else f"上次参训 {dt.date.fromordinal(last)}")
    return "，".join(parts)
