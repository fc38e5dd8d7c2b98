"""The rules of practice as data (实践锻炼规则): rotation, terms, release limits, secondments."""

from __future__ import annotations

import math
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from cadreplan._support import checks
from cadreplan.model._audience import Audience
from cadreplan.model._units import UnitKind

__all__ = ["AltitudeRotation", "PracticeRules", "ReleaseLimit"]


@checks.friendly_init
@attrs.frozen(kw_only=True)
class AltitudeRotation:
    """After long service high up, the next post is lower down (高海拔轮换).

    A cadre whose latest practice posts, back to back, were all above
    ``above_m`` metres for at least ``years`` years (from the first day of
    the first of them to the last day of the last) must take the next post
    at or below ``above_m``. A post of unknown altitude is not above the
    band in a run, and is not known to be below it for the next post.

    Examples:
        >>> AltitudeRotation(above_m=4500, years=3)
        AltitudeRotation(above_m=4500, years=3)

    Attributes:
        above_m: The altitude band in metres.
        years: How many years above the band, back to back, force the next
            post below it; ``>= 1``.
    """

    above_m: int = attrs.field(validator=checks.integer(-500, 9000))
    years: int = attrs.field(validator=checks.integer(1, checks.LONGEST_YEARS))


def _unit_kinds(value: Any) -> frozenset[UnitKind]:
    return checks.members(UnitKind, value)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class ReleaseLimit:
    """How many of a unit's own staff may be away on practice at once (一个单位不能被抽空).

    The limit applies to every unit of the kinds in ``unit_kinds`` within
    the subtrees of ``units`` (empty: every kind, every unit); a unit's
    staff are the cadres whose ``unit`` is that unit itself. Set
    ``max_cadres``, ``max_share`` or both: the smaller bound holds, and a
    share is rounded down (a township of 9 with ``max_share=0.2`` may
    release 1).

    Examples:
        >>> limit = ReleaseLimit(unit_kinds={"township"}, max_cadres=3, max_share=0.2)
        >>> limit.limit_for(9), limit.limit_for(40)
        (1, 3)

    Attributes:
        unit_kinds: The kinds of unit it applies to; empty: every kind.
        units: Unit ids whose subtrees it applies to; empty: every unit.
        max_cadres: At most this many away at once, ``>= 0``.
        max_share: At most this share of the unit's staff away at once, 0 to 1.
    """

    unit_kinds: frozenset[UnitKind] = attrs.field(
        default=frozenset(), converter=_unit_kinds, validator=checks.members_of(UnitKind)
    )
    units: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    max_cadres: int | None = attrs.field(default=None, validator=checks.optional_integer(0))
    max_share: float | None = attrs.field(default=None)

    @max_share.validator
    def _share(self, attribute: attrs.Attribute[float | None], value: float | None) -> None:
        if value is not None:
            checks.fraction(self, attribute, value)
        if value is None and self.max_cadres is None:
            msg = "a release limit needs 'max_cadres', 'max_share' or both (got neither)"
            raise checks.FieldValueError(attribute.name, msg)

    def limit_for(self, staff: int, /) -> int:
        """Return how many of a unit's *staff* cadres may be away at once."""
        bounds = []
        if self.max_cadres is not None:
            bounds.append(self.max_cadres)
        if self.max_share is not None:
            # A small epsilon keeps 0.3 * 10 at 3 although it is 2.9999999999999996.
            bounds.append(math.floor(self.max_share * staff + 1e-9))
        return min(bounds)


def _no_overlap_terms(instance: PracticeRules, attribute: attrs.Attribute[Any], value: Any) -> None:
    checks.optional_duration(instance, attribute, value)
    low, high = instance.min_term, value
    if low is not None and high is not None:
        # Compared on one fixed day: a month is not a fixed number of days.
        anchor = checks.FIRST_DAY
        if anchor + high < anchor + low:
            msg = f"'max_term' must not be shorter than 'min_term' (got {high!r} < {low!r})"
            raise checks.FieldValueError(attribute.name, msg)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class PracticeRules:
    """The rules every practice assignment of a plan must keep; the default keeps none.

    ``cadreplan.validate`` checks them (codes CP7xx) and
    ``cadreplan.assign_practice`` never breaks them.

    Examples:
        >>> from dateutil.relativedelta import relativedelta
        >>> rules = PracticeRules(
        ...     altitude=AltitudeRotation(above_m=4500, years=3),
        ...     no_repeat_kind=True,
        ...     min_term=relativedelta(months=6),
        ...     max_term=relativedelta(years=2),
        ...     release_limits=[ReleaseLimit(unit_kinds={"township"}, max_share=0.2)],
        ...     secondment=Audience(max_age=40, min_potential=4),
        ... )
        >>> rules.is_empty, PracticeRules().is_empty
        (False, True)

    Attributes:
        altitude: Rotation down from high altitude, if any.
        no_repeat_kind: Whether a cadre's post may not be of the same kind as
            the one just before it.
        min_term: The shortest an assignment may be, if bounded.
        max_term: The longest an assignment may be, if bounded.
        release_limits: How many cadres a unit may release at once; a unit
            that several limits name keeps all of them.
        secondment: Who may be seconded (挂职) beyond each secondment post's
            own audience, such as ``Audience(max_age=40, min_potential=4)``;
            ``None``: whoever the post's audience takes.
    """

    altitude: AltitudeRotation | None = attrs.field(
        default=None, validator=checks.optional_member_of(AltitudeRotation)
    )
    no_repeat_kind: bool = attrs.field(default=False, validator=checks.boolean)
    min_term: relativedelta | None = attrs.field(default=None, validator=checks.optional_duration)
    max_term: relativedelta | None = attrs.field(default=None, validator=_no_overlap_terms)
    release_limits: tuple[ReleaseLimit, ...] = attrs.field(
        default=(), converter=checks.to_tuple, validator=checks.members_of(ReleaseLimit)
    )
    secondment: Audience | None = attrs.field(
        default=None, validator=checks.optional_member_of(Audience)
    )

    @property
    def is_empty(self) -> bool:
        """Whether no rule is set."""
        return self == PracticeRules()
