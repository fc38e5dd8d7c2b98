"""The ``Plan`` aggregate: everything about one planning period, with indexed look-ups."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import operator
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from cadreplan._support import checks
from cadreplan._support.grouping import first_by_id, group, grouped
from cadreplan.errors import UnknownIdError
from cadreplan.model._audience import Audience
from cadreplan.model._people import Cadre, TrainingRecord
from cadreplan.model._practice import (
    Post,
    PostRanking,
    PracticeAssignment,
    PracticePreference,
    PracticeRecord,
)
from cadreplan.model._practice_rules import PracticeRules
from cadreplan.model._quotas import DispatchQuota, SeatQuota
from cadreplan.model._requirements import Requirement
from cadreplan.model._training import ActionPlan, Enrollment, Institution, Program, Session
from cadreplan.model._units import Unit, UnitTree
from cadreplan.model._vocab import (
    DEFAULT_CATEGORIES,
    DEFAULT_INSTITUTION_KINDS,
    DEFAULT_RANKS,
    DEFAULT_THEMES,
    DEFAULT_TIERS,
    TierScheme,
    Vocabulary,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


__all__ = ["Period", "Plan", "require_plan"]

T = TypeVar("T")

_ID = operator.attrgetter("id")
_UNIT = operator.attrgetter("unit")
_RANK = operator.attrgetter("rank")
_CATEGORY = operator.attrgetter("category")
_PROGRAM = operator.attrgetter("program")
_CADRE = operator.attrgetter("cadre")
_SESSION = operator.attrgetter("session")
_POST = operator.attrgetter("post")


@checks.friendly_init
@attrs.frozen
class Period:
    """A closed range of days, both ends included: a plan year, a cycle.

    Examples:
        >>> year = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
        >>> year.days, dt.date(2024, 6, 1) in year
        (366, True)
    """

    start_on: dt.date = attrs.field(validator=checks.date)
    end_on: dt.date = attrs.field(validator=checks.end_date)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start_on <= day <= self.end_on

    @property
    def days(self) -> int:
        """Number of days, both ends included."""
        return (self.end_on - self.start_on).days + 1

    def overlaps(self, start_on: dt.date, end_on: dt.date) -> bool:
        """Return whether the period shares at least one day with ``[start_on, end_on]``."""
        return self.start_on <= end_on and start_on <= self.end_on

    def covers(self, start_on: dt.date, end_on: dt.date) -> bool:
        """Return whether ``[start_on, end_on]`` lies wholly inside the period."""
        return self.start_on <= start_on and end_on <= self.end_on


def _collection(kind: type[Any]) -> Any:
    return attrs.field(default=(), converter=checks.to_tuple, validator=checks.members_of(kind))


def _source(
    groups: Mapping[str, tuple[int, ...]], codes: frozenset[str], order: int
) -> tuple[int, int, Callable[[], list[int]]]:
    """Return (size, preference, builder) of the positions under *codes* in an index."""
    if len(codes) == 1:
        (code,) = codes
        found = groups.get(code, ())
        return len(found), order, lambda: list(found)
    return (
        sum(len(groups.get(code, ())) for code in codes),
        order,
        lambda: [i for code in codes for i in groups.get(code, ())],
    )


def _positions_by(
    cadres: tuple[Cadre, ...], key: Callable[[Cadre], str]
) -> dict[str, tuple[int, ...]]:
    """Return the positions of *cadres* grouped by *key*, each group ascending."""
    return grouped(range(len(cadres)), map(key, cadres))


_AUDIENCE_ARGUMENT = checks.member_of(Audience)

# What repr(plan) counts: field, one, many.
_COUNTED = (
    ("units", "unit", "units"),
    ("cadres", "cadre", "cadres"),
    ("institutions", "institution", "institutions"),
    ("action_plans", "action plan", "action plans"),
    ("programs", "program", "programs"),
    ("sessions", "session", "sessions"),
    ("enrollments", "enrollment", "enrollments"),
    ("history", "history record", "history records"),
    ("requirements", "requirement", "requirements"),
    ("seat_quotas", "seat quota", "seat quotas"),
    ("dispatch_quotas", "dispatch quota", "dispatch quotas"),
    ("posts", "post", "posts"),
    ("assignments", "assignment", "assignments"),
    ("preferences", "preference", "preferences"),
    ("rankings", "ranking", "rankings"),
    ("practice_history", "practice record", "practice records"),
)


@checks.friendly_init
@attrs.frozen(kw_only=True, repr=False)
class Plan:
    """A planning period with its people, units, programs, sessions and rules.

    A plan is an immutable value: change it with ``attrs.evolve`` (or
    `Plan.evolve`), which returns a new plan. Look-ups
    by id, subtree membership and the grouping of cadres, sessions, history and
    enrollments are indexed on first use, so each costs O(1) or O(answer).

    Constructing a plan checks each object on its own; relations between them
    (dangling ids, duplicates, cycles in the unit tree) are reported by
    ``cadreplan.validate`` and rejected by ``cadreplan.load_plan``.

    Attributes:
        name: Display name (``"西藏自治区2024年度干部教育培训计划"``).
        period: The planning period; sessions are expected inside it.
        tiers: The tier scheme, in priority order.
        categories: The vocabulary of cadre categories.
        ranks: The vocabulary of ranks, junior to senior.
        themes: The vocabulary of training themes.
        institution_kinds: The vocabulary of institution kinds.
        units: The unit tree's nodes.
        cadres: The people in scope.
        institutions: Where sessions are held.
        action_plans: Umbrella action plans that group programs.
        programs: Training programs.
        sessions: Runs of the programs.
        enrollments: Seats taken in sessions.
        history: Past training of the cadres.
        requirements: Coverage rules.
        seat_quotas: Seats reserved for units.
        dispatch_quotas: Seats imposed from above.
        posts: Practice posts.
        assignments: Cadres' practice assignments.
        preferences: Cadres' ordered wishes among posts, one per cadre.
        rankings: Posts' ordered rankings of cadres, one per post.
        practice_history: Earlier practice assignments of the cadres.
        practice_rules: The rules practice assignments keep (rotation, terms,
            release limits, secondments); the default keeps none.
    """

    name: str = attrs.field(validator=checks.text)
    period: Period = attrs.field(validator=checks.member_of(Period))
    tiers: TierScheme = attrs.field(default=DEFAULT_TIERS, validator=checks.member_of(TierScheme))
    categories: Vocabulary = attrs.field(
        default=DEFAULT_CATEGORIES, validator=checks.member_of(Vocabulary)
    )
    ranks: Vocabulary = attrs.field(default=DEFAULT_RANKS, validator=checks.member_of(Vocabulary))
    themes: Vocabulary = attrs.field(default=DEFAULT_THEMES, validator=checks.member_of(Vocabulary))
    institution_kinds: Vocabulary = attrs.field(
        default=DEFAULT_INSTITUTION_KINDS, validator=checks.member_of(Vocabulary)
    )
    units: tuple[Unit, ...] = _collection(Unit)
    cadres: tuple[Cadre, ...] = _collection(Cadre)
    institutions: tuple[Institution, ...] = _collection(Institution)
    action_plans: tuple[ActionPlan, ...] = _collection(ActionPlan)
    programs: tuple[Program, ...] = _collection(Program)
    sessions: tuple[Session, ...] = _collection(Session)
    enrollments: tuple[Enrollment, ...] = _collection(Enrollment)
    history: tuple[TrainingRecord, ...] = _collection(TrainingRecord)
    requirements: tuple[Requirement, ...] = _collection(Requirement)
    seat_quotas: tuple[SeatQuota, ...] = _collection(SeatQuota)
    dispatch_quotas: tuple[DispatchQuota, ...] = _collection(DispatchQuota)
    posts: tuple[Post, ...] = _collection(Post)
    assignments: tuple[PracticeAssignment, ...] = _collection(PracticeAssignment)
    preferences: tuple[PracticePreference, ...] = _collection(PracticePreference)
    rankings: tuple[PostRanking, ...] = _collection(PostRanking)
    practice_history: tuple[PracticeRecord, ...] = _collection(PracticeRecord)
    practice_rules: PracticeRules = attrs.field(
        factory=PracticeRules, validator=checks.member_of(PracticeRules)
    )
    # Indexes are built on first use; a race between threads only builds one twice.
    _cache: dict[object, Any] = attrs.field(
        factory=dict, init=False, repr=False, eq=False, hash=False
    )

    def __repr__(self) -> str:
        """Return one line: the name, the period and how many of each object the plan holds.

        A plan of 140,000 cadres would print for minutes; this names what is
        in it instead. Look at the objects themselves (``plan.cadres[:3]``).

        Examples:
            >>> Plan(name="p", period=Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
            <Plan 'p' 2024-01-01..2024-12-31: empty>
        """
        counts = [
            f"{len(items):,} {one if len(items) == 1 else many}"
            for name, one, many in _COUNTED
            if (items := getattr(self, name))
        ]
        held = ", ".join(counts) or "empty"
        return f"<Plan {self.name!r} {self.period.start_on}..{self.period.end_on}: {held}>"

    def evolve(self, **changes: Any) -> Plan:
        """Return a copy of this plan with *changes* applied (``attrs.evolve``)."""
        return attrs.evolve(self, **changes)

    def derived(self, build: Callable[[Plan], T], /) -> T:
        """Return ``build(plan)``, worked out on the first call and kept with the plan.

        For what the layers above the model derive from a plan and read many
        times (every cadre's trainings, the active enrollments a rule
        reads): the plan is immutable, so the answer never goes stale, and
        a copy made by `evolve` starts without it. The function itself is
        the key: pass one defined once (at module level), not a lambda made
        anew on each call, and let it depend on nothing but the plan.

        Examples:
            >>> plan = Plan(name="p", period=Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
            >>> def unit_count(plan):
            ...     return len(plan.units)
            >>> plan.derived(unit_count)
            0
            >>> plan.derived(unit_count) is plan.derived(unit_count)
            True
        """
        cache = self._cache
        try:
            value: T = cache[build]
        except KeyError:
            value = cache[build] = build(self)
        return value

    def _cached(self, key: str, build: Callable[[], T]) -> T:
        try:
            value: T = self._cache[key]
        except KeyError:
            value = self._cache[key] = build()
        return value

    # -- look-ups by id -------------------------------------------------------

    @property
    def units_tree(self) -> UnitTree:
        """The unit tree index (subtree membership in O(1))."""
        return self._cached("units_tree", lambda: UnitTree(self.units))

    def _table(self, kind: str, items: tuple[T, ...], key: Callable[[T], str]) -> dict[str, T]:
        try:
            table: dict[str, T] = self._cache[kind]
        except KeyError:
            table = self._cache[kind] = first_by_id(items, key)
        return table

    def _get(self, kind: str, table: Mapping[str, T], item_id: str) -> T:
        try:
            return table[item_id]
        except KeyError:
            hint = functools.partial(checks.did_you_mean, item_id, table)
            raise UnknownIdError(kind, item_id, hint=hint) from None

    @property
    def cadres_by_id(self) -> Mapping[str, Cadre]:
        """Cadres by id."""
        return self._table("by_id:cadre", self.cadres, _ID)

    @property
    def sessions_by_id(self) -> Mapping[str, Session]:
        """Sessions by id."""
        return self._table("by_id:session", self.sessions, _ID)

    @property
    def programs_by_id(self) -> Mapping[str, Program]:
        """Programs by id."""
        return self._table("by_id:program", self.programs, _ID)

    @property
    def institutions_by_id(self) -> Mapping[str, Institution]:
        """Institutions by id."""
        return self._table("by_id:institution", self.institutions, _ID)

    @property
    def posts_by_id(self) -> Mapping[str, Post]:
        """Practice posts by id."""
        return self._table("by_id:post", self.posts, _ID)

    @property
    def requirements_by_id(self) -> Mapping[str, Requirement]:
        """Requirements by id."""
        return self._table("by_id:requirement", self.requirements, _ID)

    def unit(self, unit_id: str, /) -> Unit:
        """Return the unit with id *unit_id* (``UnknownIdError`` if none)."""
        return self.units_tree[unit_id]

    def cadre(self, cadre_id: str, /) -> Cadre:
        """Return the cadre with id *cadre_id* (``UnknownIdError`` if none)."""
        return self._get("cadre", self.cadres_by_id, cadre_id)

    def session(self, session_id: str, /) -> Session:
        """Return the session with id *session_id* (``UnknownIdError`` if none)."""
        return self._get("session", self.sessions_by_id, session_id)

    def program(self, program_id: str, /) -> Program:
        """Return the program with id *program_id* (``UnknownIdError`` if none)."""
        return self._get("program", self.programs_by_id, program_id)

    def institution(self, institution_id: str, /) -> Institution:
        """Return the institution with id *institution_id* (``UnknownIdError`` if none)."""
        return self._get("institution", self.institutions_by_id, institution_id)

    def post(self, post_id: str, /) -> Post:
        """Return the practice post with id *post_id* (``UnknownIdError`` if none)."""
        return self._get("post", self.posts_by_id, post_id)

    def requirement(self, requirement_id: str, /) -> Requirement:
        """Return the requirement with id *requirement_id* (``UnknownIdError`` if none)."""
        return self._get("requirement", self.requirements_by_id, requirement_id)

    def program_of(self, session: Session, /) -> Program:
        """Return the program that *session* runs."""
        return self.program(session.program)

    def tier_of(self, session: Session, /) -> str:
        """Return the tier code of *session* (its program's tier)."""
        return self.program(session.program).tier

    # -- units ------------------------------------------------------------------

    def is_within(self, unit_id: str, ancestor_id: str, /) -> bool:
        """Return whether unit *unit_id* is *ancestor_id* or lies below it, in O(1)."""
        return self.units_tree.is_within(unit_id, ancestor_id)

    def units_within(self, unit_id: str, /) -> tuple[Unit, ...]:
        """Return unit *unit_id* and its whole subtree, parents before children."""
        return self.units_tree.subtree(unit_id)

    # -- cadres -----------------------------------------------------------------

    def _cadres_by_unit(self) -> dict[str, tuple[Cadre, ...]]:
        return self._cached("cadres_by_unit", lambda: group(self.cadres, _UNIT))

    def cadres_in(self, unit_id: str, /, *, category: str | None = None) -> tuple[Cadre, ...]:
        """Return the cadres of unit *unit_id* and its subtree, optionally of one category.

        Cadres come unit by unit in tree pre-order, then in plan order.
        """
        by_unit = self._cadres_by_unit()
        found = [
            cadre
            for unit in self.units_within(unit_id)
            for cadre in by_unit.get(unit.id, ())
            if category is None or cadre.category == category
        ]
        return tuple(found)

    def staff_of(self, unit_id: str, /) -> tuple[Cadre, ...]:
        """Return the cadres whose unit is *unit_id* itself, not its subtree, in plan order.

        A unit's own staff: what a release limit of `PracticeRules` counts.
        """
        return self._cadres_by_unit().get(unit_id, ())

    def cadres_of_category(self, category: str, /) -> tuple[Cadre, ...]:
        """Return the cadres of *category*, in plan order."""
        groups = self._cached("cadres_by_category", lambda: group(self.cadres, _CATEGORY))
        return groups.get(category, ())

    def cadre_position(self, cadre: Cadre, /) -> int:
        """Return the index of *cadre* in ``plan.cadres`` (the object itself, not an equal one).

        Raises:
            UnknownIdError: *cadre* is not one of this plan's cadre objects.
        """
        try:
            return self._cadre_positions()[id(cadre)]
        except KeyError:
            checks.argument("cadre", cadre, checks.member_of(Cadre))
            raise UnknownIdError("cadre", cadre.id) from None

    def cadres_matching(self, audience: Audience, /, *, on: dt.date) -> tuple[Cadre, ...]:
        """Return the cadres in *audience* on day *on*, in plan order.

        The search starts from the smallest index that holds the audience (its
        unit subtrees, its categories or its ranks), so a narrow audience costs
        O(answer), not O(cadres). Unit roots the plan lacks select nobody.

        Examples:
            >>> from cadreplan import Audience
            >>> from cadreplan.datasets import demo_region
            >>> plan = demo_region()
            >>> village = Audience(categories={"village_cadre"})
            >>> found = plan.cadres_matching(village, on=plan.period.end_on)
            >>> found == tuple(c for c in plan.cadres if c.category == "village_cadre")
            True
        """
        return tuple(map(self.cadres.__getitem__, self.positions_matching(audience, on=on)))

    def positions_matching(self, audience: Audience, /, *, on: dt.date) -> list[int]:
        """Return the positions in ``plan.cadres`` of `cadres_matching`'s answer, ascending.

        The same search without building the tuple of cadres: for indexes
        that keep cadres by position. The list is new on every call.
        """
        checks.argument("audience", audience, _AUDIENCE_ARGUMENT)
        checks.argument("on", on, checks.date)
        positions, in_order = self._matching(audience, on)
        if not in_order:
            positions.sort()
        return positions

    def _matching(self, audience: Audience, on: dt.date) -> tuple[list[int], bool]:
        """Return the positions of the cadres in *audience* on *on*, and whether ascending."""
        tree = self.units_tree
        cadres = self.cadres
        # The candidates come from the smallest index that holds the audience;
        # whichever it is, the answer is the same set.
        sources: list[tuple[int, int, Callable[[], list[int]]]] = []
        roots: list[str] = []
        spans: list[tuple[int, int]] = []
        if audience.units:
            roots = [root for root in audience.units if root in tree]
            # A root inside another root's subtree adds nobody new.
            roots = [
                root
                for root in roots
                if not any(other != root and tree.is_within(root, other) for other in roots)
            ]
            reachable = [span for span in map(tree.span, roots) if span is not None]
            if len(reachable) == len(roots):
                spans = reachable
                sources.append(self._preorder_slices(None, spans, 0))
            else:
                # A root on a unit cycle has no pre-order span: walk its subtree instead.
                sources.append(
                    (
                        sum(self._headcount(root) for root in roots),
                        0,
                        lambda: [
                            self._cadre_positions()[id(cadre)]
                            for root in roots
                            for cadre in self.cadres_in(root)
                        ],
                    )
                )
        if audience.categories:
            groups = self._cached("positions_by_category", lambda: _positions_by(cadres, _CATEGORY))
            sources.append(_source(groups, audience.categories, 1))
            if spans:
                sources.append(self._preorder_slices(audience.categories, spans, 3))
        if audience.ranks:
            groups = self._cached("positions_by_rank", lambda: _positions_by(cadres, _RANK))
            sources.append(_source(groups, audience.ranks, 2))
        if not sources:
            # No index applies: only the cadre's own traits to test, in plan order already.
            test = audience.matches_traits
            return [i for i, cadre in enumerate(cadres) if test(cadre, on)], True
        _, order, pool = min(sources, key=lambda source: source[:2])
        # What the source guarantees needs no test: its units, categories or ranks.
        rest = (
            bool(audience.tags)
            or audience.min_potential is not None
            or audience.has_age_bounds
            or bool(audience.ranks and order != 2)
            or bool(audience.categories and order not in {1, 3})
            or bool(audience.units and order in {1, 2})
        )
        # Subtree slices come in unit pre-order; one category's or rank's in plan order.
        in_order = (
            order in {1, 2} and len(audience.categories if order == 1 else audience.ranks) == 1
        )
        if not rest:
            return pool(), in_order
        if order in {0, 3} or not audience.units:
            # Drawn from the scope's subtrees, or no scope: the cadre's own traits decide.
            test = audience.matches_traits
            return [i for i in pool() if test(cadres[i], on)], in_order
        return [i for i in pool() if audience.matches(cadres[i], units=tree, on=on)], in_order

    def _preorder_slices(
        self, categories: frozenset[str] | None, spans: list[tuple[int, int]], order: int
    ) -> tuple[int, int, Callable[[], list[int]]]:
        """Return (size, preference, builder) of the cadres of *categories* in the *spans*.

        ``None`` stands for every category. The cadres are kept in the pre-order
        of their units, so a subtree's are one slice, found by bisection:
        O(answer), not O(subtree).
        """
        index = self._cached("positions_in_preorder", self._preorder_positions)
        slices: list[tuple[list[int], int, int]] = []
        for code in (None,) if categories is None else categories:
            if code not in index:
                continue
            numbers, positions = index[code]
            for first, end in spans:
                slices.append(
                    (
                        positions,
                        bisect.bisect_left(numbers, first),
                        bisect.bisect_left(numbers, end),
                    )
                )
        if len(slices) == 1:
            positions, start, stop = slices[0]
            return stop - start, order, lambda: positions[start:stop]
        return (
            sum(stop - start for _, start, stop in slices),
            order,
            lambda: [i for positions, start, stop in slices for i in positions[start:stop]],
        )

    def _preorder_positions(self) -> dict[str | None, tuple[list[int], list[int]]]:
        """Per category (``None``: all), the positions of the cadres in reachable units.

        Each comes with its unit's pre-order number, sorted by (pre-order, plan order).
        """
        enter = self.units_tree.preorder  # a unit's pre-order number; absent: unreachable
        cadres = self.cadres
        numbers = [enter.get(cadre.unit, -1) for cadre in cadres]
        everyone = [position for position, number in enumerate(numbers) if number >= 0]

        def numbered(members: Iterable[int]) -> tuple[list[int], list[int]]:
            positions = sorted(members, key=numbers.__getitem__)  # stable: plan order in a unit
            return [numbers[position] for position in positions], positions

        index: dict[str | None, tuple[list[int], list[int]]] = {None: numbered(everyone)}
        categories = (cadres[position].category for position in everyone)
        for code, members in grouped(everyone, categories).items():
            index[code] = numbered(members)
        return index

    def _headcount(self, unit_id: str) -> int:
        """Return how many cadres unit *unit_id* and its subtree hold (cached per unit)."""
        counts: dict[str, int] = self._cached("subtree_headcounts", dict)
        try:
            return counts[unit_id]
        except KeyError:
            by_unit = self._cadres_by_unit()
            count = counts[unit_id] = sum(
                len(by_unit.get(unit.id, ())) for unit in self.units_within(unit_id)
            )
            return count

    def _cadre_positions(self) -> dict[int, int]:
        """Return the index of each cadre in ``plan.cadres``, by the object's identity."""
        positions: dict[int, int] = self._cached(
            "cadre_positions", lambda: {id(item): index for index, item in enumerate(self.cadres)}
        )
        return positions

    # -- sessions ---------------------------------------------------------------

    def sessions_of_tier(self, tier: str, /) -> tuple[Session, ...]:
        """Return the sessions of programs of *tier*, by start date then plan order."""

        def build() -> dict[str, tuple[Session, ...]]:
            programs = self.programs_by_id
            ordered = sorted(self.sessions, key=lambda s: s.start_on)
            return group(
                tuple(s for s in ordered if s.program in programs),
                lambda s: programs[s.program].tier,
            )

        return self._cached("sessions_by_tier", build).get(tier, ())

    def sessions_of_program(self, program_id: str, /) -> tuple[Session, ...]:
        """Return the sessions of program *program_id*, in plan order."""
        groups = self._cached("sessions_by_program", lambda: group(self.sessions, _PROGRAM))
        return groups.get(program_id, ())

    def _sessions_by_start(self) -> tuple[list[dt.date], tuple[Session, ...], int]:
        def build() -> tuple[list[dt.date], tuple[Session, ...], int]:
            ordered = tuple(sorted(self.sessions, key=lambda s: s.start_on))
            longest = max((s.days for s in ordered), default=0)
            return [s.start_on for s in ordered], ordered, longest

        return self._cached("sessions_by_start", build)

    def sessions_overlapping(self, start_on: dt.date, end_on: dt.date, /) -> tuple[Session, ...]:
        """Return the sessions sharing at least one day with ``[start_on, end_on]``.

        Sessions come by start date. The search only visits sessions that start
        within the longest session's length before *start_on*.
        """
        checks.argument("start_on", start_on, checks.date)
        checks.argument("end_on", end_on, checks.date)
        starts, ordered, longest = self._sessions_by_start()
        low = bisect.bisect_left(starts, start_on - dt.timedelta(days=longest))
        high = bisect.bisect_right(starts, end_on)
        return tuple(s for s in ordered[low:high] if s.overlaps(start_on, end_on))

    def sessions_on(self, day: dt.date, /) -> tuple[Session, ...]:
        """Return the sessions running on *day*."""
        checks.argument("day", day, checks.date)
        return self.sessions_overlapping(day, day)

    # -- per-cadre and per-session records -------------------------------------

    def history_of(self, cadre_id: str, /) -> tuple[TrainingRecord, ...]:
        """Return the training history of *cadre_id*, in plan order."""
        groups = self._cached("history_by_cadre", lambda: group(self.history, _CADRE))
        return groups.get(cadre_id, ())

    def enrollments_of(self, cadre_id: str, /) -> tuple[Enrollment, ...]:
        """Return the enrollments of *cadre_id*, withdrawn ones included, in plan order."""
        groups = self._cached("enrollments_by_cadre", lambda: group(self.enrollments, _CADRE))
        return groups.get(cadre_id, ())

    def enrollments_in(self, session_id: str, /) -> tuple[Enrollment, ...]:
        """Return the enrollments in *session_id*, withdrawn ones included, in plan order."""
        groups = self._cached("enrollments_by_session", lambda: group(self.enrollments, _SESSION))
        return groups.get(session_id, ())

    def assignments_of(self, cadre_id: str, /) -> tuple[PracticeAssignment, ...]:
        """Return the practice assignments of *cadre_id*, in plan order."""
        groups = self._cached("assignments_by_cadre", lambda: group(self.assignments, _CADRE))
        return groups.get(cadre_id, ())

    def assignments_to(self, post_id: str, /) -> tuple[PracticeAssignment, ...]:
        """Return the practice assignments to *post_id*, in plan order."""
        groups = self._cached("assignments_by_post", lambda: group(self.assignments, _POST))
        return groups.get(post_id, ())

    def preferences_of(self, cadre_id: str, /) -> PracticePreference | None:
        """Return the post preferences of *cadre_id* (the first if several), or ``None``."""
        return self._table("preference_by_cadre", self.preferences, _CADRE).get(cadre_id)

    def ranking_of(self, post_id: str, /) -> PostRanking | None:
        """Return the ranking of cadres of post *post_id* (the first if several), or ``None``."""
        return self._table("ranking_by_post", self.rankings, _POST).get(post_id)

    def practice_history_of(self, cadre_id: str, /) -> tuple[PracticeRecord, ...]:
        """Return the earlier practice assignments of *cadre_id*, in plan order."""
        groups = self._cached(
            "practice_history_by_cadre", lambda: group(self.practice_history, _CADRE)
        )
        return groups.get(cadre_id, ())

    def altitude_of_post(self, post: Post | str, /) -> int | None:
        """Return the altitude in metres of a post (or post id): its host unit's ``altitude_m``.

        ``None`` when the host unit has no altitude.

        Raises:
            UnknownIdError: The post id, or the post's unit, is not in the plan.

        Examples:
            >>> from cadreplan.datasets import demo_region
            >>> plan = demo_region()
            >>> post = plan.posts[0]
            >>> plan.altitude_of_post(post) == plan.unit(post.unit).altitude_m
            True
        """
        if isinstance(post, str):
            post = self.post(post)
        checks.argument("post", post, checks.member_of(Post))
        return self.unit(post.unit).altitude_m


def require_plan(value: object, name: str = "plan") -> None:
    """Check that the argument *name* of a call is a `Plan`; a path gets a hint to load it.

    ``validate("region.json")`` raises ``FieldTypeError: 'plan' must be a
    Plan (got 'region.json'); read the file with cadreplan.load_plan first``
    instead of an AttributeError from deep inside.
    """
    if isinstance(value, Plan):
        return
    hint = ""
    if isinstance(value, str | os.PathLike):
        hint = "; read the file with cadreplan.load_plan first"
    elif isinstance(value, Mapping):
        hint = "; make a Plan of a mapping with cadreplan.structure_plan"
    msg = f"'{name}' must be a Plan (got {checks.describe(value)}){hint}"
    raise checks.FieldTypeError(name, msg)
