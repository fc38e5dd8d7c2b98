"""What the cascade knows of one cadre while it runs, and the priority key it ranks them by."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from cadreplan.ledger import too_close_to

if TYPE_CHECKING:
    from collections.abc import Iterable

    from dateutil.relativedelta import relativedelta

    from cadreplan.allocation._cascade_needs import Need

__all__ = ["NEVER", "NO_DUE", "POSITION", "UNTIL", "VERSION", "CadreState", "Key"]

Key = tuple[int, float, int, int, int, int, int, int]
"""(0 if short of a requirement the program counts toward else 1, -shortfall ratio,
due day ordinal, last-trained day ordinal, seeded tie-break, the cadre's position;
then the cadre's state version and the last day the key holds, an ordinal).

The position makes keys of different cadres differ, so a key is its own heap
entry, and comparisons between cadres never reach the last two items: they
only tell whether the key still holds. A key is exact while the cadre's state
keeps its version (no seat and no credit since) up to its last day: the day
before a counted window opens, or the last day of a counted window it is
short of."""


POSITION: Final = 5
VERSION: Final = 6
UNTIL: Final = 7

NEVER = 0
"""The last-trained day of a cadre never trained (an ordinal before every date)."""
NO_DUE = dt.date.max.toordinal()
"""The due day of a key short of nothing (after every date)."""

_NO_SPANS: tuple[tuple[dt.date, dt.date], ...] = ()
_NO_PROGRAMS: frozenset[str] = frozenset()
_NO_TRAINING: tuple[tuple[dt.date, Iterable[str]], ...] = ()
_NO_NEEDS: tuple[Need, ...] = ()


class CadreState:
    """What the cascade knows of one cadre: commitments, history, needs, tie-break.

    The containers start as shared empty read-only ones and become the
    cadre's own on the first addition: a region has a hundred thousand
    cadres, and most never get a commitment or a training record.
    """

    __slots__ = (
        "busy",
        "idle",
        "last",
        "needs",
        "position",
        "programs",
        "tiebreak",
        "trained",
        "version",
    )

    def __init__(self, position: int, tiebreak: int, needs: list[Need] | None = None) -> None:
        self.position = position
        self.busy: list[tuple[dt.date, dt.date]] | tuple[tuple[dt.date, dt.date], ...] = _NO_SPANS
        self.programs: set[str] | frozenset[str] = _NO_PROGRAMS
        self.trained: (
            list[tuple[dt.date, Iterable[str]]] | tuple[tuple[dt.date, Iterable[str]], ...]
        ) = _NO_TRAINING
        """(first day, themes) of each training, history included."""
        self.needs: list[Need] | tuple[Need, ...] = _NO_NEEDS if needs is None else needs
        """The cadre's needs, in ledger order."""
        self.last = NEVER
        self.tiebreak = tiebreak
        self.version = 0
        """Grows with every training noted: keys of an earlier version may be stale."""
        self.idle: Key = (1, -0.0, NO_DUE, NEVER, tiebreak, position, 0, NO_DUE)
        """The key while short of nothing a session counts toward; one per version."""

    def add_busy(self, start: dt.date, end: dt.date) -> None:
        if isinstance(self.busy, tuple):
            self.busy = []
        self.busy.append((start, end))

    def add_program(self, program: str) -> None:
        if isinstance(self.programs, frozenset):
            self.programs = set()
        self.programs.add(program)

    def add_training(self, training: tuple[dt.date, Iterable[str]], last: int) -> None:
        """Note a *training* (first day, themes) whose last day is *last* (an ordinal)."""
        if self.trained:
            self.trained.append(training)  # type: ignore[union-attr]
        else:
            self.trained = [training]
        if last > self.last:  # noqa: PLR1730 - cheaper than max() for every seat
            self.last = last
        version = self.version = self.version + 1
        self.idle = (1, -0.0, NO_DUE, self.last, self.tiebreak, self.position, version, NO_DUE)

    def key(
        self,
        counting: frozenset[str],
        day: int,
        opening: list[tuple[int, int]] | None = None,
    ) -> Key:
        """Return the priority for a session on *day* (an ordinal) counting toward *counting*.

        With *opening*, also add ``(first day, position)`` for each window of
        a counted requirement that opens after *day*: the day to re-key.
        """
        if not self.needs:
            return self.idle
        best = -0.0  # the rank of a zero shortfall
        due = until = NO_DUE
        short = False
        for need in self.needs:
            if need.requirement in counting:
                if need.first_day > day:
                    if opening is not None:
                        opening.append((need.first_day, self.position))
                    # The key holds until the window opens (it may get better then).
                    if need.first_day <= until:
                        until = need.first_day - 1
                elif not need.is_met and day <= need.last_day:
                    short = True
                    # Comparisons rather than max() and min(): this runs for every key.
                    if need.rank < best:  # noqa: PLR1730
                        best = need.rank
                    if need.due < due:  # noqa: PLR1730
                        due = need.due
                    if need.last_day < until:  # noqa: PLR1730
                        until = need.last_day
        if not short:
            # The idle key holds for ever, unless a window opens later.
            return self.idle if until == NO_DUE else (*self.idle[:UNTIL], until)
        return (0, best, due, self.last, self.tiebreak, self.position, self.version, until)

    def conflict(self, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
        for span in self.busy:
            if span[0] <= end and start <= span[1]:
                return span
        return None

    def theme_clash(
        self, themes: Iterable[str], start: dt.date, back: dt.date, window: relativedelta
    ) -> str | None:
        """Return the first of *themes* (in order) trained too close to *start*.

        *back* is ``start - window``, computed once per session (see `too_close_to`).
        """
        close: set[str] | None = None
        for day, done in self.trained:
            if too_close_to(day, start, back, window):
                if close is None:
                    close = set(done)
                else:
                    close.update(done)
        if close:
            for theme in themes:
                if theme in close:
                    return theme
        return None

    def commit(
        self,
        span: tuple[dt.date, dt.date],
        program: str | None,
        training: tuple[dt.date, Iterable[str]],
        last: int,
    ) -> None:
        """Note a seat in *program* over *span*: busy, the program, and `add_training`.

        The tuples are the session's, shared by every cadre it seats.
        """
        # add_busy and add_program written out: this runs for every seat of the region.
        if self.busy:
            self.busy.append(span)  # type: ignore[union-attr]
        else:
            self.busy = [span]
        if program is not None:
            if self.programs:
                self.programs.add(program)  # type: ignore[union-attr]
            else:
                self.programs = {program}
        self.add_training(training, last)
