"""What the cascade tells of each cadre: outcomes, events, and the compact notes behind them."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from cadreplan._support import checks
from cadreplan.allocation._cascade_state import NEVER

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cadreplan.allocation._cascade_state import Key
    from cadreplan.model import Cadre

__all__ = [
    "BUSY",
    "HAS_PROGRAM",
    "HELD",
    "OUTCOMES",
    "PLACED",
    "THEME",
    "TOO_OLD",
    "AllocationEvent",
    "NotedEvents",
    "Outcome",
    "describe_key",
    "word",
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
    """

    session: str = attrs.field(validator=checks.identifier)
    outcome: str = attrs.field(validator=checks.one_of(*OUTCOMES))
    detail: str = attrs.field(validator=checks.text)


# What the cascade notes per consideration, kept compact: (cadre position, session id,
# a code below, an argument). The events are worded only when someone reads them.
PLACED, HAS_PROGRAM, TOO_OLD, BUSY, THEME, HELD = range(6)


def word(code: int, argument: object) -> tuple[str, str]:
    """Return the outcome and detail of a noted consideration (*code* is one of the codes above)."""
    if code == PLACED:
        return Outcome.PLACED, f"priority {describe_key(argument)}"  # type: ignore[arg-type]
    if code == HAS_PROGRAM:
        return Outcome.DUPLICATE, f"already has program {argument!r}"
    if code == TOO_OLD:
        return Outcome.INELIGIBLE, f"not in the audience on {argument}"
    if code == BUSY:
        span: tuple[dt.date, dt.date] = argument  # type: ignore[assignment]
        return Outcome.CONFLICT, f"busy {span[0]}..{span[1]}"
    if code == THEME:
        return Outcome.DUPLICATE, f"theme {argument!r} trained within the window"
    return Outcome.QUOTA, f"seats held for {argument}"


class NotedEvents(Mapping[str, list[AllocationEvent]]):
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
                outcome, detail = word(code, argument)
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


def describe_key(key: Key) -> str:
    return _describe_priority(key[:4])


@functools.lru_cache(maxsize=4096)
def _describe_priority(priority: tuple[int, float, int, int]) -> str:
    # Cached: the cadres placed in one session mostly share their priority.
    short, ratio, due, last = priority
    if short:
        return "not short of a requirement this session counts toward"
    parts = [f"short by {-ratio:.0%} of a requirement", f"due {dt.date.fromordinal(due)}"]
    parts.append("never trained" if last == NEVER else f"last trained {dt.date.fromordinal(last)}")
    return ", ".join(parts)
