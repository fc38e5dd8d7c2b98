"""The questions validation and allocation both ask, answered once.

Is this cadre eligible for this session? Do these commitments overlap? Would
this be duplicate training? Does this training count toward that requirement?
The validation rules report where a plan answers them wrongly; the allocators
use the same answers to decide who may take a seat.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import attrs
from dateutil.relativedelta import relativedelta

from cadreplan._support import checks
from cadreplan._support.grouping import grouped
from cadreplan.ledger._fastpath import new_training
from cadreplan.ledger._records import Training
from cadreplan.model import Cadre, Requirement, Session, require_plan

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Iterator

    from cadreplan.model import Plan, Program, SeatQuota

__all__ = [
    "DEFAULT_THEME_WINDOW",
    "Commitment",
    "Training",
    "commitments_of",
    "counts_toward",
    "duplicate_reason",
    "is_eligible",
    "minus_window",
    "overlapping_commitments",
    "seats_held",
    "starts_too_close",
    "too_close_to",
    "trainings_by_cadre",
    "trainings_of",
]

_CADRE = checks.member_of(Cadre)
_SESSION = checks.member_of(Session)
_REQUIREMENT = checks.member_of(Requirement)

DEFAULT_THEME_WINDOW = relativedelta(months=6)
"""Two trainings on one theme starting closer than this are duplicates (避免重复培训)."""


def starts_too_close(first: dt.date, second: dt.date, window: relativedelta, /) -> bool:
    """Return whether trainings starting on *first* and *second* are closer than *window*.

    The window is measured back from the later start: ``later - window <
    earlier``. Month arithmetic is not symmetric at month ends (six months
    after 31 August is 28 February, six months before 28 February is 28
    August), so measuring from one fixed end keeps the answer the same
    whichever training is asked about. Validation (CP306), `duplicate_reason`
    and both allocators all use this test.

    >>> import datetime as dt
    >>> from dateutil.relativedelta import relativedelta
    >>> six = relativedelta(months=6)
    >>> starts_too_close(dt.date(2024, 8, 31), dt.date(2025, 2, 28), six)
    True
    >>> starts_too_close(dt.date(2025, 2, 28), dt.date(2024, 8, 31), six)
    True
    >>> starts_too_close(dt.date(2024, 1, 1), dt.date(2024, 7, 1), six)
    False
    """
    if (
        type(first) is not dt.date
        or type(second) is not dt.date
        or type(window) is not relativedelta
    ):
        checks.argument("first", first, checks.date)
        checks.argument("second", second, checks.date)
        checks.argument("window", window, checks.duration)
    earlier, later = (first, second) if first <= second else (second, first)
    return minus_window(later, window) < earlier


def too_close_to(day: dt.date, start: dt.date, back: dt.date, window: relativedelta) -> bool:
    """Return ``starts_too_close(day, start, window)``, given ``back`` = ``start - window``.

    The allocators test many earlier trainings against one session's start:
    they compute *back* once per session instead of once per training.
    """
    return back < day if day <= start else minus_window(day, window) < start


@functools.lru_cache(maxsize=8192)
def minus_window(day: dt.date, window: relativedelta) -> dt.date:
    """Return ``day - window``, cached.

    relativedelta arithmetic is slow, and a plan asks about a few thousand start days.
    """
    return day - window


def seats_held(plan: Plan, quota: SeatQuota, /, sessions: Iterable[str] | None = None) -> int:
    """Return the active enrollments of cadres in *quota*'s unit subtree in its sessions.

    The sessions are the quota's own (its session, or every session of its
    program) unless *sessions* names others. Rule CP401, the allocators and
    `explain` all count a quota's use this way.
    """
    if not plan.enrollments:
        return 0  # and no index of cadres built to learn it
    if sessions is None:
        if quota.session is not None:
            sessions = (quota.session,)
        else:
            sessions = [session.id for session in plan.sessions_of_program(quota.program or "")]
    cadres = plan.cadres_by_id
    held = 0
    for session_id in sessions:
        for enrollment in plan.enrollments_in(session_id):
            cadre = cadres.get(enrollment.cadre)
            if not enrollment.is_active or cadre is None:
                continue
            if plan.is_within(cadre.unit, quota.unit):
                held += 1
    return held


def is_eligible(plan: Plan, cadre: Cadre, session: Session, /) -> bool:
    """Return whether *cadre* is in the audience of *session*'s program on its first day.

    A session whose program is not in the plan has no audience: nobody is eligible.
    """
    require_plan(plan)
    checks.argument("cadre", cadre, _CADRE)
    checks.argument("session", session, _SESSION)
    program = plan.programs_by_id.get(session.program)
    if program is None:
        return False
    return program.audience.matches(cadre, units=plan.units_tree, on=session.start_on)


def counts_toward(
    requirement: Requirement,
    /,
    *,
    tier: str | None,
    themes: Collection[str],
    institution_kind: str | None,
    program: str | None,
) -> bool:
    """Return whether training with these traits counts toward *requirement*.

    Each filter of the requirement that is set must match; unknown traits
    (``None``) match no filter.
    """
    if type(requirement) is not Requirement:
        checks.argument("requirement", requirement, _REQUIREMENT)
    if requirement.tiers and tier not in requirement.tiers:
        return False
    if requirement.themes and requirement.themes.isdisjoint(themes):
        return False
    if requirement.institution_kinds and institution_kind not in requirement.institution_kinds:
        return False
    return not requirement.programs or program in requirement.programs


def trainings_of(plan: Plan, cadre_id: str, /) -> Iterator[Training]:
    """Yield the cadre's completed history and active enrollments, as trainings.

    Incomplete history and withdrawn enrollments count for nothing and are
    skipped; so are enrollments in sessions or programs the plan lacks. History
    comes first, then enrollments, each in plan order. The answers for every
    cadre are computed together, once per plan (plans are immutable).
    """
    require_plan(plan)
    return iter(trainings_by_cadre(plan).get(cadre_id, ()))


def trainings_by_cadre(plan: Plan) -> dict[str, tuple[Training, ...]]:
    """Return every cadre's trainings, as `trainings_of` yields them, by cadre id.

    Built once per plan, on first use, and shared by every caller.
    """
    return plan.derived(_all_trainings)


def _all_trainings(plan: Plan) -> dict[str, tuple[Training, ...]]:
    """Build every cadre's trainings in one pass over history and one over enrollments."""
    found: list[Training] = []
    for index, record in enumerate(plan.history):
        if record.is_completed:
            training = new_training(
                record.cadre,
                record.start_on,
                record.end_on,
                record.hours,
                record.program,
                record.tier,
                record.themes,
                record.institution_kind,
                None,
                True,  # noqa: FBT003 - is_done, in field order
                f"$.history[{index}]",
            )
            found.append(training)
    # What a seat in each session is worth; a session whose program is missing gives none.
    programs = plan.programs_by_id
    institutions = plan.institutions_by_id
    seats: dict[str, tuple[Session, Program, str | None] | None] = {}
    for session in plan.sessions:
        if session.id in seats:
            continue  # the first of two sessions with one id wins, as in plan.sessions_by_id
        program = programs.get(session.program)
        institution = institutions.get(session.institution)
        kind = None if institution is None else institution.kind
        seats[session.id] = None if program is None else (session, program, kind)
    for index, enrollment in enumerate(plan.enrollments):
        seat = seats.get(enrollment.session)
        if seat is None or not enrollment.is_active:
            continue
        session, program, kind = seat
        training = new_training(
            enrollment.cadre,
            session.start_on,
            session.end_on,
            program.hours if enrollment.hours is None else enrollment.hours,
            program.id,
            program.tier,
            program.themes,
            kind,
            session.id,
            enrollment.status == "completed",
            f"$.enrollments[{index}]",
        )
        found.append(training)
    # History first, then enrollments, each in plan order, per cadre.
    return grouped(found, (training.cadre for training in found))


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Commitment:
    """A span of days a cadre is busy: a session or a practice assignment.

    Attributes:
        kind: ``"session"`` or ``"assignment"``.
        id: The session's id, or the post's id for an assignment.
        start_on: First day.
        end_on: Last day.
        path: Where it is in the plan (``$.enrollments[3]`` or ``$.assignments[0]``).
    """

    kind: str = attrs.field(validator=checks.one_of("session", "assignment"))
    id: str = attrs.field(validator=checks.identifier)
    start_on: dt.date = attrs.field(validator=checks.date)
    end_on: dt.date = attrs.field(validator=checks.date)
    path: str = attrs.field(validator=checks.text)

    def overlaps(self, start_on: dt.date, end_on: dt.date) -> bool:
        """Return whether the commitment shares a day with ``[start_on, end_on]``."""
        return self.start_on <= end_on and start_on <= self.end_on


def commitments_of(plan: Plan, cadre_id: str, /) -> Iterator[Commitment]:
    """Yield the cadre's sessions (active enrollments) and practice assignments."""
    require_plan(plan)  # now, not at the first item
    return _commitments(plan, cadre_id)


def _commitments(plan: Plan, cadre_id: str) -> Iterator[Commitment]:
    for training in trainings_of(plan, cadre_id):
        if training.session is not None:
            yield Commitment(
                kind="session",
                id=training.session,
                start_on=training.start_on,
                end_on=training.end_on,
                path=training.path,
            )

    assignment_positions = plan.derived(_assignment_positions)
    for assignment in plan.assignments_of(cadre_id):
        yield Commitment(
            kind="assignment",
            id=assignment.post,
            start_on=assignment.start_on,
            end_on=assignment.end_on,
            path=f"$.assignments[{assignment_positions[id(assignment)]}]",
        )


def _assignment_positions(plan: Plan) -> dict[int, int]:
    """Return the index of each assignment in ``plan.assignments``, by the object's identity."""
    return {id(item): index for index, item in enumerate(plan.assignments)}


def overlapping_commitments(
    plan: Plan,
    cadre_id: str,
    start_on: dt.date,
    end_on: dt.date,
    /,
    *,
    exclude_session: str | None = None,
) -> tuple[Commitment, ...]:
    """Return the cadre's commitments that share a day with ``[start_on, end_on]``.

    Args:
        plan: The plan.
        cadre_id: The cadre.
        start_on: First day of the span to test.
        end_on: Last day of the span to test.
        exclude_session: A session to leave out (the one being tested).
    """
    checks.argument("start_on", start_on, checks.date)
    checks.argument("end_on", end_on, checks.date)
    return tuple(
        commitment
        for commitment in commitments_of(plan, cadre_id)
        if commitment.overlaps(start_on, end_on)
        and not (commitment.kind == "session" and commitment.id == exclude_session)
    )


def duplicate_reason(
    plan: Plan,
    cadre_id: str,
    session: Session,
    /,
    *,
    theme_window: relativedelta = DEFAULT_THEME_WINDOW,
) -> str | None:
    """Return why *session* would be duplicate training for the cadre, or ``None``.

    Training is duplicate (重复培训) when the cadre already has the same program
    (in completed history or another active enrollment), or a training sharing
    a theme that starts less than *theme_window* before or after the session.
    """
    require_plan(plan)
    checks.argument("session", session, _SESSION)
    program = plan.programs_by_id.get(session.program)
    themes = frozenset() if program is None else program.themes
    for training in trainings_of(plan, cadre_id):
        if training.session == session.id:
            continue
        if training.program is not None and training.program == session.program:
            return f"already has program {session.program!r} ({training.path})"
        shared = themes & training.themes
        if shared and starts_too_close(session.start_on, training.start_on, theme_window):
            theme = sorted(shared)[0]
            return f"theme {theme!r} already trained on {training.start_on} ({training.path})"
    return None
