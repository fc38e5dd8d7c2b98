"""Training requirements (培训要求): who must complete how much, within which cycle."""

from __future__ import annotations

import datetime as dt
import enum

import attrs
from dateutil.relativedelta import relativedelta

from cadreplan._support import checks
from cadreplan.model._audience import Audience

__all__ = ["CycleBasis", "Requirement", "default_requirements"]


class CycleBasis(enum.StrEnum):
    """How a requirement's cycle is placed in time for a given cadre."""

    ROLLING = "rolling"
    """The cycle is the ``cycle``-long window that ends on the reference day."""
    FIXED = "fixed"
    """Cycles start on ``anchor_on`` and follow each other (calendar years from 1 January)."""
    APPOINTMENT = "appointment"
    """One cycle starting on the cadre's appointment day (induction training)."""


def _basis(value: CycleBasis | str) -> CycleBasis:
    return checks.member(CycleBasis, value)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Requirement:
    """A coverage rule: cadres in ``audience`` complete ``hours`` or ``days`` or ``sessions``.

    Training counts toward it when it matches every filter that is set
    (tiers, themes, institution kinds, programs). Where several amounts are
    set, meeting any one of them satisfies the requirement ("550 class hours
    or 3 months").

    Attributes:
        id: Unique id.
        title: Display title.
        audience: Who the requirement applies to.
        cycle: Length of a cycle (``relativedelta(years=5)``).
        hours: Class hours (学时) to complete per cycle.
        days: Days of training to complete per cycle.
        sessions: Sessions to complete per cycle.
        basis: How cycles are placed in time.
        anchor_on: Start of the first cycle for the ``fixed`` basis.
        grace: Time a newly appointed or promoted cadre has, from the
            appointment day, before the requirement is due.
        tiers: Only training of these tiers counts (any if empty).
        themes: Only training covering one of these themes counts (any if empty).
        institution_kinds: Only training at these institution kinds counts (any if empty).
        programs: Only these programs count (any if empty).
        reference: The policy the requirement comes from.
    """

    id: str = attrs.field(validator=checks.identifier)
    title: str = attrs.field(validator=checks.text)
    audience: Audience = attrs.field(validator=checks.member_of(Audience))
    cycle: relativedelta = attrs.field(validator=checks.duration)
    hours: float | None = attrs.field(default=None, validator=checks.optional_number(positive=True))
    days: int | None = attrs.field(default=None, validator=checks.optional_integer(minimum=1))
    sessions: int | None = attrs.field(default=None, validator=checks.optional_integer(minimum=1))
    basis: CycleBasis = attrs.field(
        default=CycleBasis.ROLLING,
        converter=_basis,
        validator=checks.member_of(CycleBasis),
    )
    anchor_on: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    grace: relativedelta | None = attrs.field(default=None, validator=checks.optional_duration)
    tiers: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    themes: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    institution_kinds: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    programs: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    reference: str = attrs.field(default="", validator=checks.text)

    @sessions.validator
    def _some_amount(self, _: attrs.Attribute[int | None], value: int | None) -> None:
        if self.hours is None and self.days is None and value is None:
            msg = "at least one of 'hours', 'days' and 'sessions' must be set"
            raise ValueError(msg)

    @anchor_on.validator
    def _anchor_for_fixed(self, _: attrs.Attribute[dt.date | None], value: dt.date | None) -> None:
        if (self.basis is CycleBasis.FIXED) != (value is not None):
            msg = "'anchor_on' must be set exactly when 'basis' is 'fixed'"
            raise ValueError(msg)


_REGULATION = "干部教育培训工作条例（2023年修订）第十四条"


def default_requirements(*, anchor_on: dt.date) -> tuple[Requirement, ...]:
    """Return the default catalogue of requirements, from the national regulation.

    - Leading cadres at county level and above: 550 class hours or 3 months
      (taken as 90 days) of training every 5 years, counted on a rolling window.
    - Township/section level and below: 90 class hours or 12 days a year, in
      calendar years from *anchor_on*.
    - A cadre promoted before meeting a requirement completes it within one
      year of promotion: each requirement carries a one-year grace period.

    There is no default day: pass the first day of the plan period
    (``plan.period.start_on``), so that the yearly cycles are the plan's years.

    Args:
        anchor_on: First day of the yearly cycles (1 January of a plan year).

    References:
        干部教育培训工作条例 (Regulation on Cadre Education and Training, 2023
        revision), Art. 14.

    Examples:
        >>> [r.id for r in default_requirements(anchor_on=dt.date(2024, 1, 1))]
        ['county_leaders_5y', 'township_and_below_1y']
    """
    one_year = relativedelta(years=1)
    return (
        Requirement(
            id="county_leaders_5y",
            title="县处级以上领导干部每5年累计不少于3个月或550学时",
            audience=Audience(ranks={"county", "prefecture", "provincial"}, tags={"leader"}),
            cycle=relativedelta(years=5),
            hours=550,
            days=90,
            grace=one_year,
            reference=_REGULATION,
        ),
        Requirement(
            id="township_and_below_1y",
            title="乡科级及以下干部每年累计不少于12天或90学时",
            audience=Audience(ranks={"township", "staff"}),
            cycle=one_year,
            hours=90,
            days=12,
            basis=CycleBasis.FIXED,
            anchor_on=anchor_on,
            grace=one_year,
            reference=_REGULATION,
        ),
    )
