"""Referential integrity of a plan: every id it mentions exists, and ids are unique.

The plan loader rejects a file with any of these problems; the validation
rules report the same problems for plans built in memory.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from cadreplan.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Hashable, Iterable, Iterator

    from cadreplan.model._audience import Audience
    from cadreplan.model._plan import Plan

__all__ = ["cycle_problems", "duplicate_problems", "integrity_problems", "reference_problems"]

T = TypeVar("T")

_ID: Callable[[Any], str] = attrgetter("id")


def _known(
    path: str, field: str, value: str | None, known: Collection[str], kind: str
) -> Iterator[Problem]:
    if value is not None and value not in known:
        yield Problem(f"{path}.{field}", f"unknown {kind} {value!r}")


def _all_known(
    path: str, field: str, values: Iterable[str], known: Collection[str], kind: str
) -> Iterator[Problem]:
    for value in sorted(values):
        yield from _known(path, field, value, known, kind)


class _Checker:
    """Holds the plan's id sets so each reference costs one set look-up."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.units = frozenset(map(_ID, plan.units))
        self.cadres = frozenset(map(_ID, plan.cadres))
        self.programs = frozenset(map(_ID, plan.programs))
        self.sessions = frozenset(map(_ID, plan.sessions))
        self.institutions = frozenset(map(_ID, plan.institutions))
        self.posts = frozenset(map(_ID, plan.posts))
        self.action_plans = frozenset(map(_ID, plan.action_plans))
        self.tiers = frozenset(plan.tiers.codes)
        self.categories = frozenset(plan.categories.codes)
        self.ranks = frozenset(plan.ranks.codes)
        self.themes = frozenset(plan.themes.codes)
        self.kinds = frozenset(plan.institution_kinds.codes)

    def audience(self, path: str, audience: Audience) -> Iterator[Problem]:
        yield from _all_known(path, "categories", audience.categories, self.categories, "category")
        yield from _all_known(path, "ranks", audience.ranks, self.ranks, "rank")
        yield from _all_known(path, "units", audience.units, self.units, "unit")

    def problems(self) -> Iterator[Problem]:
        """Yield every dangling reference, collection by collection in document order."""
        yield from self.tiers_and_people()
        yield from self.training()
        yield from self.rules_and_practice()

    def tiers_and_people(self) -> Iterator[Problem]:
        """Tiers' institution kinds, units' parents, cadres' units, categories and ranks."""
        plan = self.plan
        for index, tier in enumerate(plan.tiers):
            yield from _all_known(
                f"$.tiers[{index}]",
                "institution_kinds",
                tier.institution_kinds,
                self.kinds,
                "institution kind",
            )
        # The big collections skip, at the cost of a few set look-ups, the items
        # without a problem: most plans have none.
        units = self.units
        for index, unit in enumerate(plan.units):
            if unit.parent is None or unit.parent in units:
                continue
            yield from _known(f"$.units[{index}]", "parent", unit.parent, units, "unit")
        for index, cadre in enumerate(plan.cadres):
            if (
                cadre.unit in units
                and cadre.category in self.categories
                and cadre.rank in self.ranks
            ):
                continue
            path = f"$.cadres[{index}]"
            yield from _known(path, "unit", cadre.unit, self.units, "unit")
            yield from _known(path, "category", cadre.category, self.categories, "category")
            yield from _known(path, "rank", cadre.rank, self.ranks, "rank")

    def training(self) -> Iterator[Problem]:
        """Institutions, programs, sessions, enrollments and history."""
        plan = self.plan
        cadres, sessions, tiers, themes, kinds = (
            self.cadres,
            self.sessions,
            self.tiers,
            self.themes,
            self.kinds,
        )
        for index, institution in enumerate(plan.institutions):
            yield from _known(
                f"$.institutions[{index}]", "kind", institution.kind, self.kinds, "institution kind"
            )
        for index, program in enumerate(plan.programs):
            path = f"$.programs[{index}]"
            yield from _known(path, "tier", program.tier, self.tiers, "tier")
            yield from _known(path, "organizer", program.organizer, self.units, "unit")
            yield from _all_known(path, "co_organizers", program.co_organizers, self.units, "unit")
            yield from _all_known(path, "themes", program.themes, self.themes, "theme")
            yield from self.audience(f"{path}.audience", program.audience)
            yield from _known(
                path, "action_plan", program.action_plan, self.action_plans, "action plan"
            )
        for index, session in enumerate(plan.sessions):
            if session.program in self.programs and session.institution in self.institutions:
                continue
            path = f"$.sessions[{index}]"
            yield from _known(path, "program", session.program, self.programs, "program")
            yield from _known(
                path, "institution", session.institution, self.institutions, "institution"
            )
        for index, enrollment in enumerate(plan.enrollments):
            if enrollment.cadre in cadres and enrollment.session in sessions:
                continue
            path = f"$.enrollments[{index}]"
            yield from _known(path, "cadre", enrollment.cadre, self.cadres, "cadre")
            yield from _known(path, "session", enrollment.session, self.sessions, "session")
        for index, record in enumerate(plan.history):
            if (
                record.cadre in cadres
                and (record.tier is None or record.tier in tiers)
                and record.themes <= themes
                and (record.institution_kind is None or record.institution_kind in kinds)
            ):
                continue
            path = f"$.history[{index}]"
            yield from _known(path, "cadre", record.cadre, self.cadres, "cadre")
            yield from _known(path, "tier", record.tier, self.tiers, "tier")
            yield from _all_known(path, "themes", record.themes, self.themes, "theme")
            yield from _known(
                path, "institution_kind", record.institution_kind, self.kinds, "institution kind"
            )

    def rules_and_practice(self) -> Iterator[Problem]:
        """Requirements, seat and dispatch quotas, posts and assignments."""
        plan = self.plan
        for index, requirement in enumerate(plan.requirements):
            path = f"$.requirements[{index}]"
            yield from self.audience(f"{path}.audience", requirement.audience)
            yield from _all_known(path, "tiers", requirement.tiers, self.tiers, "tier")
            yield from _all_known(path, "themes", requirement.themes, self.themes, "theme")
            yield from _all_known(
                path,
                "institution_kinds",
                requirement.institution_kinds,
                self.kinds,
                "institution kind",
            )
            yield from _all_known(path, "programs", requirement.programs, self.programs, "program")
        for index, quota in enumerate(plan.seat_quotas):
            path = f"$.seat_quotas[{index}]"
            yield from _known(path, "unit", quota.unit, self.units, "unit")
            yield from _known(path, "session", quota.session, self.sessions, "session")
            yield from _known(path, "program", quota.program, self.programs, "program")
        for index, dispatch in enumerate(plan.dispatch_quotas):
            path = f"$.dispatch_quotas[{index}]"
            yield from _known(path, "tier", dispatch.tier, self.tiers, "tier")
            yield from _known(
                path, "institution_kind", dispatch.institution_kind, self.kinds, "institution kind"
            )
            yield from _known(path, "unit", dispatch.unit, self.units, "unit")
        for index, post in enumerate(plan.posts):
            path = f"$.posts[{index}]"
            yield from _known(path, "unit", post.unit, self.units, "unit")
            yield from self.audience(f"{path}.audience", post.audience)
        for index, assignment in enumerate(plan.assignments):
            path = f"$.assignments[{index}]"
            yield from _known(path, "cadre", assignment.cadre, self.cadres, "cadre")
            yield from _known(path, "post", assignment.post, self.posts, "post")
        yield from self.wishes_and_practice_history()

    def wishes_and_practice_history(self) -> Iterator[Problem]:
        """Preferences, rankings and practice history (whose posts may predate the plan)."""
        plan = self.plan
        for index, preference in enumerate(plan.preferences):
            path = f"$.preferences[{index}]"
            yield from _known(path, "cadre", preference.cadre, self.cadres, "cadre")
            for place, posts in enumerate(preference.posts):
                yield from _all_known(path, f"posts[{place}]", posts, self.posts, "post")
        for index, ranking in enumerate(plan.rankings):
            path = f"$.rankings[{index}]"
            yield from _known(path, "post", ranking.post, self.posts, "post")
            for place, cadres in enumerate(ranking.cadres):
                yield from _all_known(path, f"cadres[{place}]", cadres, self.cadres, "cadre")
        for index, record in enumerate(plan.practice_history):
            path = f"$.practice_history[{index}]"
            yield from _known(path, "cadre", record.cadre, self.cadres, "cadre")
        rules = plan.practice_rules
        for index, limit in enumerate(rules.release_limits):
            path = f"$.practice_rules.release_limits[{index}]"
            yield from _all_known(path, "units", limit.units, self.units, "unit")
        if rules.secondment is not None:
            yield from self.audience("$.practice_rules.secondment", rules.secondment)


def reference_problems(plan: Plan) -> Iterator[Problem]:
    """Yield a problem for every id or code the plan mentions but does not define."""
    return _Checker(plan).problems()


def _duplicates(
    collection: str, items: Iterable[T], key: Callable[[T], Hashable], what: str
) -> Iterator[Problem]:
    values = list(map(key, items))
    if len(set(values)) == len(values):
        return
    first: dict[Hashable, int] = {}
    for index, value in enumerate(values):
        if value in first:
            yield Problem(
                f"$.{collection}[{index}]",
                f"duplicate {what} {value!r} (first at $.{collection}[{first[value]}])",
            )
        else:
            first[value] = index


def duplicate_problems(plan: Plan) -> Iterator[Problem]:
    """Yield a problem for every object whose identity repeats an earlier one."""
    for collection in (
        "units",
        "cadres",
        "institutions",
        "action_plans",
        "programs",
        "sessions",
        "requirements",
        "dispatch_quotas",
        "posts",
    ):
        yield from _duplicates(collection, getattr(plan, collection), _ID, "id")
    yield from _duplicates(
        "preferences", plan.preferences, attrgetter("cadre"), "preferences of cadre"
    )
    yield from _duplicates("rankings", plan.rankings, attrgetter("post"), "ranking of post")
    yield from _duplicates(
        "enrollments",
        plan.enrollments,
        attrgetter("cadre", "session"),
        "enrollment of (cadre, session)",
    )
    yield from _duplicates(
        "seat_quotas",
        plan.seat_quotas,
        attrgetter("unit", "session", "program"),
        "seat quota of (unit, session, program)",
    )


def _units_on_cycles(plan: Plan) -> set[str]:
    """Return the ids of units on a cycle of parent links (not those hanging below one)."""
    unreachable = plan.units_tree.unreachable
    parents = {unit.id: unit.parent for unit in plan.units if unit.id in unreachable}
    on_cycle: set[str] = set()
    seen: set[str] = set()
    for start in parents:
        path: list[str] = []
        position: dict[str, int] = {}
        current: str | None = start
        while current is not None and current in parents and current not in seen:
            seen.add(current)
            position[current] = len(path)
            path.append(current)
            current = parents[current]
        if current is not None and current in position:
            on_cycle.update(path[position[current] :])
    return on_cycle


def cycle_problems(plan: Plan) -> Iterator[Problem]:
    """Yield a problem for each unit on a cycle of parent links.

    Units hanging below a cycle are unreachable too, but their own parent
    link is fine: fixing the cycle fixes them, so they are not reported.
    """
    on_cycle = _units_on_cycles(plan)
    if not on_cycle:
        return
    for index, unit in enumerate(plan.units):
        if unit.id in on_cycle:
            yield Problem(f"$.units[{index}].parent", f"unit {unit.id!r} is part of a parent cycle")


def integrity_problems(plan: Plan) -> list[Problem]:
    """Return every duplicate-id, parent-cycle and dangling-reference problem of *plan*."""
    return [*duplicate_problems(plan), *cycle_problems(plan), *reference_problems(plan)]
