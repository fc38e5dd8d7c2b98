"""The questions of practice (实践锻炼) that validation and assignment both ask.

May this cadre take this post? The answer is ``None`` or the first
`PracticeBar` that stands in the way: the post's audience, the secondment
audience, the rotation rules (altitude, kind), the term bounds, or a session
or assignment the cadre is already committed to. The rules CP7xx report
where a plan's assignments break them, and ``assign_practice`` asks the same
functions before placing anyone, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal, get_args

import attrs

from cadreplan._support import checks
from cadreplan.model import AudienceMismatch, Cadre, Post, PostKind, PracticeRules, require_plan

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from cadreplan.model import Plan

__all__ = [
    "PRACTICE_BAR_CODES",
    "PastPost",
    "PracticeBar",
    "PracticeBarRule",
    "assignment_span",
    "earlier_posts",
    "peak_away",
    "practice_bar",
    "release_limit_of",
    "rotation_bar",
    "term_bar",
]

ONE_DAY = dt.timedelta(days=1)

PracticeBarRule = Literal[
    "audience", "secondment", "altitude", "same_kind", "min_term", "max_term", "busy"
]
"""What bars a cadre from a post, in the order `practice_bar` tries them."""

PRACTICE_BAR_CODES: dict[str, str] = {
    "audience": "CP703",
    "secondment": "CP710",
    "altitude": "CP705",
    "same_kind": "CP706",
    "min_term": "CP707",
    "max_term": "CP708",
    "busy": "CP701",
}
"""The validation code that reports each kind of bar when an assignment in a plan has it.

A bar of kind ``"busy"`` with a session is reported as CP304 (session
during a practice assignment); with another assignment as CP701.
"""


@checks.friendly_init
@attrs.frozen(kw_only=True)
class PracticeBar:
    """Why a cadre may not take a practice post, in English and Chinese.

    Attributes:
        rule: What bars them: the post's ``"audience"``, the
            ``"secondment"`` audience of `PracticeRules`, the
            ``"altitude"`` rotation, ``"same_kind"`` (the post just before
            was of the same kind), the ``"min_term"`` or ``"max_term"``
            bound, or ``"busy"`` (a session or assignment shares a day).
        code: The validation code that reports it in a plan (``"CP703"``).
        message: One English sentence.
        message_zh: The same in Chinese.
        mismatch: For ``"audience"`` and ``"secondment"``: the condition failed.
        other: For ``"busy"``: the session or post id in the way; for
            ``"same_kind"`` and ``"altitude"``: the earlier post, if known.
    """

    rule: PracticeBarRule = attrs.field(validator=checks.one_of(*get_args(PracticeBarRule)))
    code: str = attrs.field(validator=checks.identifier)
    message: str = attrs.field(validator=checks.text)
    message_zh: str = attrs.field(default="", validator=checks.text)
    mismatch: AudienceMismatch | None = attrs.field(
        default=None, validator=checks.optional_member_of(AudienceMismatch)
    )
    other: str | None = attrs.field(default=None, validator=checks.optional_identifier)

    def __str__(self) -> str:
        return self.message


@attrs.frozen(kw_only=True)
class PastPost:
    """A practice post a cadre held before some day: from history or from the plan.

    Attributes:
        kind: The kind of post.
        altitude_m: Its altitude, if known.
        start_on: First day.
        end_on: Last day.
        post: The post's id, if known.
    """

    kind: PostKind
    altitude_m: int | None
    start_on: dt.date
    end_on: dt.date
    post: str | None


def assignment_span(post: Post, /) -> tuple[dt.date, dt.date]:
    """Return the days an assignment to *post* lasts: from its start, for its term.

    Without a term, the whole period of the post; a term longer than the
    period ends with the period.

    Examples:
        >>> import datetime as dt
        >>> from dateutil.relativedelta import relativedelta
        >>> from cadreplan import Post
        >>> post = Post(id="p", title="驻村", kind="village_temple_residency", unit="u",
        ...             start_on=dt.date(2024, 1, 31), end_on=dt.date(2025, 12, 31),
        ...             slots=1, term=relativedelta(months=1))
        >>> assignment_span(post)
        (datetime.date(2024, 1, 31), datetime.date(2024, 2, 28))
    """
    checks.argument("post", post, checks.member_of(Post))
    if post.term is None:
        return post.start_on, post.end_on
    return post.start_on, min(post.end_on, post.start_on + post.term - ONE_DAY)


def earlier_posts(plan: Plan, cadre_id: str, before: dt.date, /) -> list[PastPost]:
    """Return the posts *cadre_id* held that ended before day *before*, oldest first.

    Practice history and the plan's own assignments both count; they are
    ordered by their last day, then their first.
    """
    require_plan(plan)
    checks.argument("cadre_id", cadre_id, checks.identifier)
    checks.argument("before", before, checks.date)
    found = [
        PastPost(
            kind=record.post_kind,
            altitude_m=record.altitude_m,
            start_on=record.start_on,
            end_on=record.end_on,
            post=record.post,
        )
        for record in plan.practice_history_of(cadre_id)
        if record.end_on < before
    ]
    posts = plan.posts_by_id
    for assignment in plan.assignments_of(cadre_id):
        post = posts.get(assignment.post)
        if post is not None and assignment.end_on < before:
            found.append(
                PastPost(
                    kind=post.kind,
                    altitude_m=_altitude(plan, post),
                    start_on=assignment.start_on,
                    end_on=assignment.end_on,
                    post=post.id,
                )
            )
    found.sort(key=lambda past: (past.end_on, past.start_on))
    return found


def _altitude(plan: Plan, post: Post) -> int | None:
    unit = plan.units_tree.by_id.get(post.unit)
    return None if unit is None else unit.altitude_m


def rotation_bar(
    rules: PracticeRules, earlier: Sequence[PastPost], post: Post, altitude_m: int | None, /
) -> PracticeBar | None:
    """Return what of the rotation rules bars *post* after the *earlier* posts, or ``None``.

    Args:
        rules: The plan's practice rules.
        earlier: The cadre's earlier posts, oldest first (`earlier_posts`).
        post: The post to take next.
        altitude_m: The post's altitude (``plan.altitude_of_post(post)``).
    """
    checks.argument("rules", rules, checks.member_of(PracticeRules))
    checks.argument("post", post, checks.member_of(Post))
    if not earlier:
        return None
    last = earlier[-1]
    if rules.no_repeat_kind and last.kind == post.kind:
        return PracticeBar(
            rule="same_kind",
            code=PRACTICE_BAR_CODES["same_kind"],
            message=f"the post just before ({last.post or 'in history'}, "
            f"{last.start_on}..{last.end_on}) was of the same kind {post.kind.value!r}",
            message_zh=f"上一岗位（{last.post or '历史记录'}，{last.start_on}至{last.end_on}）"
            f"与本岗位同为 {post.kind.value!r} 类，不得连续",
            other=last.post,
        )
    band = rules.altitude
    if band is None or (altitude_m is not None and altitude_m <= band.above_m):
        return None
    run = _run_above(earlier, band.above_m)
    if run is None:
        return None
    first = run[0]
    if _add_years(first.start_on, band.years) > run[-1].end_on + ONE_DAY:
        return None
    where = "of unknown altitude" if altitude_m is None else f"at {altitude_m} m"
    return PracticeBar(
        rule="altitude",
        code=PRACTICE_BAR_CODES["altitude"],
        message=f"after {first.start_on}..{run[-1].end_on} above {band.above_m} m "
        f"({band.years} years or more), the next post must be at or below it; "
        f"this one is {where}",
        message_zh=f"{first.start_on}至{run[-1].end_on}连续在海拔{band.above_m}米以上锻炼"
        f"满{band.years}年，下一岗位应在该海拔及以下；本岗位"
        + ("海拔不详" if altitude_m is None else f"海拔{altitude_m}米"),
        other=run[-1].post,
    )


def _run_above(earlier: Sequence[PastPost], above_m: int) -> list[PastPost] | None:
    """Return the latest posts, back to back, all above *above_m*; ``None`` if the last is not."""
    run: list[PastPost] = []
    for past in reversed(earlier):
        if past.altitude_m is None or past.altitude_m <= above_m:
            break
        run.append(past)
    return run[::-1] or None


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def term_bar(rules: PracticeRules, start_on: dt.date, end_on: dt.date, /) -> PracticeBar | None:
    """Return the term bound that an assignment from *start_on* to *end_on* breaks, or ``None``.

    An assignment lasts at least ``min_term`` when its day after the last is
    no earlier than ``start_on + min_term``, and at most ``max_term`` when
    that day is no later than ``start_on + max_term``.
    """
    checks.argument("rules", rules, checks.member_of(PracticeRules))
    checks.argument("start_on", start_on, checks.date)
    checks.argument("end_on", end_on, checks.date)
    after = end_on + ONE_DAY
    if rules.min_term is not None and after < start_on + rules.min_term:
        return PracticeBar(
            rule="min_term",
            code=PRACTICE_BAR_CODES["min_term"],
            message=f"{start_on}..{end_on} is shorter than the shortest term "
            f"{_duration(rules.min_term)}",
            message_zh=f"{start_on}至{end_on}短于最短锻炼期限{_duration(rules.min_term)}",
        )
    if rules.max_term is not None and after > start_on + rules.max_term:
        return PracticeBar(
            rule="max_term",
            code=PRACTICE_BAR_CODES["max_term"],
            message=f"{start_on}..{end_on} is longer than the longest term "
            f"{_duration(rules.max_term)}",
            message_zh=f"{start_on}至{end_on}长于最长锻炼期限{_duration(rules.max_term)}",
        )
    return None


def _duration(value: object) -> str:
    years, months, days = (getattr(value, name) for name in ("years", "months", "days"))
    parts = [f"{years}Y" * bool(years), f"{months}M" * bool(months), f"{days}D" * bool(days)]
    return "P" + "".join(parts)


def practice_bar(
    plan: Plan,
    cadre: Cadre,
    post: Post,
    /,
    *,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    earlier: Sequence[PastPost] | None = None,
    busy: Iterable[tuple[str, str, dt.date, dt.date]] | None = None,
) -> PracticeBar | None:
    """Return the first thing that bars *cadre* from *post*, or ``None`` if they may take it.

    Tried in order: the post's audience (on the first day), the secondment
    audience of the plan's `PracticeRules` for a secondment post, the
    rotation rules, the term bounds, and the cadre's sessions and other
    assignments that share a day.

    Args:
        plan: The plan.
        cadre: The cadre.
        post: The post.
        start_on: First day of the assignment; by default `assignment_span`.
        end_on: Last day of the assignment; by default `assignment_span`.
        earlier: The cadre's earlier posts (`earlier_posts`), if known.
        busy: ``(kind, id, start_on, end_on)`` of the cadre's commitments
            (``kind`` is ``"session"`` or ``"assignment"``), if known; by
            default their active enrollments and the plan's assignments
            other than one to this post on these days.

    Examples:
        >>> from cadreplan.datasets import demo_region
        >>> plan = demo_region()
        >>> post = plan.post("post-secondment-central")
        >>> veteran = next(c for c in plan.cadres if c.category == "township_cadre")
        >>> print(practice_bar(plan, veteran, post).rule)
        audience
    """
    require_plan(plan)
    checks.argument("cadre", cadre, checks.member_of(Cadre))
    checks.argument("post", post, checks.member_of(Post))
    if start_on is None or end_on is None:
        start_on, end_on = assignment_span(post)
    units = plan.units_tree
    mismatch = post.audience.why_not(cadre, units=units, on=start_on)
    if mismatch is not None:
        return PracticeBar(
            rule="audience",
            code=PRACTICE_BAR_CODES["audience"],
            message=f"outside the audience of post {post.id!r}: {mismatch}",
            message_zh=f"不在岗位 {post.id!r} 的选派范围内：{mismatch}",
            mismatch=mismatch,
        )
    rules = plan.practice_rules
    if rules.secondment is not None and post.kind.is_secondment:
        mismatch = rules.secondment.why_not(cadre, units=units, on=start_on)
        if mismatch is not None:
            return PracticeBar(
                rule="secondment",
                code=PRACTICE_BAR_CODES["secondment"],
                message=f"not eligible for secondment: {mismatch}",
                message_zh=f"不符合挂职锻炼条件：{mismatch}",
                mismatch=mismatch,
            )
    if earlier is None:
        earlier = earlier_posts(plan, cadre.id, start_on)
    bar = rotation_bar(rules, earlier, post, _altitude(plan, post))
    if bar is None:
        bar = term_bar(rules, start_on, end_on)
    if bar is not None:
        return bar
    if busy is None:
        busy = _busy(plan, cadre.id, post.id, start_on, end_on)
    for kind, other, first, last in busy:
        if first <= end_on and start_on <= last:
            noun = "session" if kind == "session" else "post"
            noun_zh = "培训期次" if kind == "session" else "实践锻炼岗位"
            return PracticeBar(
                rule="busy",
                code="CP304" if kind == "session" else PRACTICE_BAR_CODES["busy"],
                message=f"busy {first}..{last} with {noun} {other!r}",
                message_zh=f"{first}至{last}已有{noun_zh} {other!r}",
                other=other,
            )
    return None


def _busy(
    plan: Plan, cadre_id: str, post_id: str, start_on: dt.date, end_on: dt.date
) -> list[tuple[str, str, dt.date, dt.date]]:
    found: list[tuple[str, str, dt.date, dt.date]] = []
    sessions = plan.sessions_by_id
    for enrollment in plan.enrollments_of(cadre_id):
        session = sessions.get(enrollment.session)
        if enrollment.is_active and session is not None:
            found.append(("session", session.id, session.start_on, session.end_on))
    for assignment in plan.assignments_of(cadre_id):
        same = (assignment.post, assignment.start_on, assignment.end_on)
        if same != (post_id, start_on, end_on):
            found.append(("assignment", assignment.post, assignment.start_on, assignment.end_on))
    return found


def release_limit_of(plan: Plan, unit_id: str, /) -> int | None:
    """Return how many of *unit_id*'s own staff may be away at once, or ``None`` if unbounded.

    The smallest of the limits of the plan's `PracticeRules` that apply to
    the unit; staff are the cadres whose ``unit`` is *unit_id* itself.
    """
    require_plan(plan)
    checks.argument("unit_id", unit_id, checks.identifier)
    limits = plan.practice_rules.release_limits
    if not limits:
        return None
    unit = plan.unit(unit_id)
    bounds = [
        limit.limit_for(len(plan.staff_of(unit_id)))
        for limit in limits
        if (not limit.unit_kinds or unit.kind in limit.unit_kinds)
        and (not limit.units or any(plan.is_within(unit_id, root) for root in limit.units))
    ]
    return min(bounds) if bounds else None


def peak_away(spans: Iterable[tuple[dt.date, dt.date]], /) -> tuple[int, dt.date | None]:
    """Return the most spans that share one day, and the first such day (``None`` if none).

    Examples:
        >>> import datetime as dt
        >>> day = dt.date
        >>> peak_away([(day(2024, 1, 1), day(2024, 6, 30)), (day(2024, 6, 30), day(2024, 9, 1))])
        (2, datetime.date(2024, 6, 30))
    """
    events: list[tuple[dt.date, int]] = []
    for start_on, end_on in spans:
        events.append((start_on, 1))
        events.append((end_on + ONE_DAY, -1))
    # Ends (-1) sort before starts (+1) on one day: a span ending the day before does not overlap.
    events.sort()
    peak, day, current = 0, None, 0
    for when, step in events:
        current += step
        if current > peak:
            peak, day = current, when
    return peak, day
