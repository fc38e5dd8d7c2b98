"""The ledger's fast path: constructors of trainings and entries that skip attrs' ``__init__``.

The ledger makes a training per history record and enrollment of a region,
and an entry per cadre and requirement, from values that are checked
already; setting the slots directly takes about half the time of the
keyword-parsing ``__init__``. At 140,000 cadres (``benchmarks/bench.py --only
coverage``, 2026-12-04) the plain constructors made ``coverage`` 11.8% slower
for trainings and 10.3% slower for entries; validation and allocation gain
less. The plain constructors are the reference: ``tests/ledger/test_fastpath.py``
checks that these build equal objects and take every field, in field order.
Nothing outside the ledger knows of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from cadreplan.ledger._records import CoverageEntry, Training

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

__all__ = ["new_entry", "new_training"]


def _slot_setters(kind: type[Any]) -> tuple[Callable[[Any, Any], None], ...]:
    """Return the setters of the slots of attrs class *kind*, in field order.

    They work on frozen classes too; unpacking them fails at import if the
    fields change.
    """
    return tuple(getattr(kind, field.name).__set__ for field in attrs.fields(kind))


_set_training = _slot_setters(Training)


def new_training(  # noqa: PLR0917 - one argument per field, in field order
    cadre: str,
    start_on: dt.date,
    end_on: dt.date,
    hours: float,
    program: str | None,
    tier: str | None,
    themes: frozenset[str],
    institution_kind: str | None,
    session: str | None,
    is_done: bool,  # noqa: FBT001 - a field, in field order
    path: str,
) -> Training:
    """Return ``Training(...)`` of these fields, in field order, without attrs' ``__init__``.

    The trainings index holds one per record and enrollment of a region,
    built from checked model objects.
    """
    training: Training = object.__new__(Training)
    (
        set_cadre,
        set_start_on,
        set_end_on,
        set_hours,
        set_program,
        set_tier,
        set_themes,
        set_institution_kind,
        set_session,
        set_is_done,
        set_path,
    ) = _set_training
    set_cadre(training, cadre)
    set_start_on(training, start_on)
    set_end_on(training, end_on)
    set_hours(training, hours)
    set_program(training, program)
    set_tier(training, tier)
    set_themes(training, themes)
    set_institution_kind(training, institution_kind)
    set_session(training, session)
    set_is_done(training, is_done)
    set_path(training, path)
    return training


_set_entry = _slot_setters(CoverageEntry)


def new_entry(  # noqa: PLR0917 - one argument per field, in field order
    cadre: str,
    requirement: str,
    window_start: dt.date,
    window_end: dt.date,
    due_on: dt.date,
    required_hours: float | None,
    required_days: int | None,
    required_sessions: int | None,
    done_hours: float,
    done_days: int,
    done_sessions: int,
    planned_hours: float,
    planned_days: int,
    planned_sessions: int,
) -> CoverageEntry:
    """Return ``CoverageEntry(...)`` of these fields, in field order, without attrs' ``__init__``.

    ``coverage`` makes an entry per cadre and requirement of a region, from
    values it computed itself.
    """
    entry: CoverageEntry = object.__new__(CoverageEntry)
    (
        set_cadre,
        set_requirement,
        set_window_start,
        set_window_end,
        set_due_on,
        set_required_hours,
        set_required_days,
        set_required_sessions,
        set_done_hours,
        set_done_days,
        set_done_sessions,
        set_planned_hours,
        set_planned_days,
        set_planned_sessions,
    ) = _set_entry
    set_cadre(entry, cadre)
    set_requirement(entry, requirement)
    set_window_start(entry, window_start)
    set_window_end(entry, window_end)
    set_due_on(entry, due_on)
    set_required_hours(entry, required_hours)
    set_required_days(entry, required_days)
    set_required_sessions(entry, required_sessions)
    set_done_hours(entry, done_hours)
    set_done_days(entry, done_days)
    set_done_sessions(entry, done_sessions)
    set_planned_hours(entry, planned_hours)
    set_planned_days(entry, planned_days)
    set_planned_sessions(entry, planned_sessions)
    return entry
