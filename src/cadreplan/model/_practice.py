"""Practice assignments (实践锻炼): frontline posts, secondments and rotations."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from cadreplan._support import checks
from cadreplan.model._audience import Audience
from cadreplan.model._units import UnitKind

__all__ = [
    "Post",
    "PostKind",
    "PostRanking",
    "PracticeAssignment",
    "PracticePreference",
    "PracticeRecord",
]


class PostKind(enum.StrEnum):
    """Kinds of practice posts named in the source report."""

    STABILITY_EMERGENCY = "stability_emergency"
    """Stability maintenance and emergency response (维稳处突)."""
    GRASSROOTS_GOVERNANCE = "grassroots_governance"
    """Grassroots governance (基层治理)."""
    RURAL_REVITALIZATION = "rural_revitalization"
    """Rural revitalization (乡村振兴)."""
    INDUSTRIAL_PARK = "industrial_park"
    """Industrial-park construction (园区建设)."""
    ECOLOGY_ENVIRONMENT = "ecology_environment"
    """Ecology and environmental protection (生态环保)."""
    BORDER_CONTROL = "border_control"
    """Border control (边境管控)."""
    VILLAGE_TEMPLE_RESIDENCY = "village_temple_residency"
    """Residency in a village or temple (驻村驻寺)."""
    KEY_PROJECT = "key_project"
    """Key projects and major works (重点工程、重大项目)."""
    INVESTMENT_PROMOTION = "investment_promotion"
    """Investment promotion (招商引资)."""
    SECONDMENT_CENTRAL = "secondment_central"
    """Secondment to a central ministry (到中央国家机关挂职)."""
    SECONDMENT_PARTNER = "secondment_partner"
    """Secondment to a partner province (到援藏省市挂职)."""
    ROTATION = "rotation"
    """Rotation across altitude, level or kind of department (交流轮岗)."""

    @property
    def is_secondment(self) -> bool:
        """Whether the post is a secondment (挂职)."""
        return self in {PostKind.SECONDMENT_CENTRAL, PostKind.SECONDMENT_PARTNER}


def _post_kind(value: PostKind | str) -> PostKind:
    return checks.member(PostKind, value)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Post:
    """A practice post with a number of slots over a period.

    Attributes:
        id: Unique id.
        title: Display title.
        kind: What kind of practice it is.
        unit: The id of the host unit.
        start_on: First day of the assignment period.
        end_on: Last day (inclusive).
        slots: How many cadres it takes, ``>= 0``.
        audience: Who may be assigned.
        term: How long one assignment lasts (``relativedelta(years=1)``);
            ``None``: the whole period from ``start_on`` to ``end_on``.

    The post's altitude is its host unit's: `Plan.altitude_of_post`.
    """

    id: str = attrs.field(validator=checks.identifier)
    title: str = attrs.field(validator=checks.text)
    kind: PostKind = attrs.field(converter=_post_kind, validator=checks.member_of(PostKind))
    unit: str = attrs.field(validator=checks.identifier)
    start_on: dt.date = attrs.field(validator=checks.date)
    end_on: dt.date = attrs.field(validator=checks.end_date)
    slots: int = attrs.field(validator=checks.integer(minimum=0))
    audience: Audience = attrs.field(factory=Audience, validator=checks.member_of(Audience))
    term: relativedelta | None = attrs.field(default=None, validator=checks.optional_duration)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class PracticeAssignment:
    """A cadre's assignment to a practice post for a period.

    Attributes:
        cadre: The cadre's id.
        post: The post's id.
        start_on: First day.
        end_on: Last day (inclusive).
    """

    cadre: str = attrs.field(validator=checks.identifier)
    post: str = attrs.field(validator=checks.identifier)
    start_on: dt.date = attrs.field(validator=checks.date)
    end_on: dt.date = attrs.field(validator=checks.end_date)

    def overlaps(self, start_on: dt.date, end_on: dt.date) -> bool:
        """Return whether this assignment shares at least one day with ``[start_on, end_on]``."""
        return self.start_on <= end_on and start_on <= self.end_on


def _ranked(value: Any) -> tuple[frozenset[str], ...]:
    """Convert a sequence of ids or of groups of ids to a tuple of groups (ties)."""
    return tuple(
        frozenset((group,)) if isinstance(group, str) else checks.to_frozenset(group)
        for group in checks.to_tuple(value)
    )


def _ranked_ids(kind: str) -> checks.Validator:
    """Return a validator for a ranking of *kind* ids: non-empty groups, each id in one group."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        seen: set[str] = set()
        for place, group in enumerate(value, start=1):
            if not group:
                msg = f"'{attribute.name}' must not hold an empty group (place {place} is empty)"
                raise checks.FieldValueError(attribute.name, msg)
            checks.identifiers(instance, attribute, group)
            twice = sorted(seen & group)
            if twice:
                msg = f"'{attribute.name}' must name each {kind} once ({twice[0]!r} is named twice)"
                raise checks.FieldValueError(attribute.name, msg)
            seen |= group
        if not seen:
            msg = f"'{attribute.name}' must name at least one {kind} (got none)"
            raise checks.FieldValueError(attribute.name, msg)

    return check


@checks.friendly_init
@attrs.frozen(kw_only=True)
class PracticePreference:
    """A cadre's ordered wishes among practice posts (志愿), best first.

    Each place of ``posts`` is a group of post ids: a group of one is a
    plain choice, a group of several is a tie (the cadre likes them
    equally). A plain id stands for a group of one, so
    ``posts=["p1", ["p2", "p3"], "p4"]`` means p1 first, then p2 and p3
    tied, then p4. Posts not named are not wanted.

    Examples:
        >>> wish = PracticePreference(cadre="c1", posts=["p1", ["p2", "p3"]])
        >>> wish.rank_of("p3"), wish.rank_of("p9")
        (2, None)

    Attributes:
        cadre: The cadre's id.
        posts: Groups of post ids, best first; every id appears once.
    """

    cadre: str = attrs.field(validator=checks.identifier)
    posts: tuple[frozenset[str], ...] = attrs.field(
        converter=_ranked, validator=_ranked_ids("post")
    )

    def rank_of(self, post_id: str, /) -> int | None:
        """Return the place (1 = best) of *post_id*, tied posts sharing one; ``None`` if absent."""
        return next(
            (place for place, group in enumerate(self.posts, start=1) if post_id in group), None
        )


@checks.friendly_init
@attrs.frozen(kw_only=True)
class PostRanking:
    """A post's ordered ranking of the cadres it would take, best first.

    Written like `PracticePreference`: each place is a group of cadre ids,
    a group of several is a tie, a plain id a group of one. Cadres not
    named are ranked after those named.

    Attributes:
        post: The post's id.
        cadres: Groups of cadre ids, best first; every id appears once.
    """

    post: str = attrs.field(validator=checks.identifier)
    cadres: tuple[frozenset[str], ...] = attrs.field(
        converter=_ranked, validator=_ranked_ids("cadre")
    )

    def rank_of(self, cadre_id: str, /) -> int | None:
        """Return the place (1 = best) of *cadre_id*, ties sharing one; ``None`` if absent."""
        return next(
            (place for place, group in enumerate(self.cadres, start=1) if cadre_id in group), None
        )


def _optional_unit_kind(value: UnitKind | str | None) -> UnitKind | None:
    return None if value is None else checks.member(UnitKind, value)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class PracticeRecord:
    """One earlier practice assignment of a cadre (实践锻炼经历), beside training history.

    History may predate the plan, so ``post`` may name a post that is not
    in the plan; the record carries what rotation rules read (kind,
    altitude, level) itself.

    Attributes:
        cadre: The cadre's id.
        start_on: First day.
        end_on: Last day (inclusive).
        post_kind: What kind of practice it was.
        altitude_m: Altitude of the post in metres, if known.
        unit_level: Kind of the host unit (``"township"``, ``"county"`` …), if known.
        post: The post's id, if known.
    """

    cadre: str = attrs.field(validator=checks.identifier)
    start_on: dt.date = attrs.field(validator=checks.date)
    end_on: dt.date = attrs.field(validator=checks.end_date)
    post_kind: PostKind = attrs.field(converter=_post_kind, validator=checks.member_of(PostKind))
    altitude_m: int | None = attrs.field(
        default=None, validator=checks.optional_integer(-500, 9000)
    )
    unit_level: UnitKind | None = attrs.field(
        default=None,
        converter=_optional_unit_kind,
        validator=checks.optional_member_of(UnitKind),
    )
    post: str | None = attrs.field(default=None, validator=checks.optional_identifier)

    @property
    def days(self) -> int:
        """Calendar days served, both ends included."""
        return (self.end_on - self.start_on).days + 1
