"""Practice assignments (实践锻炼): frontline posts, secondments and rotations."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from cadreplan._support import checks
from cadreplan.model._audience import Audience

__all__ = ["Post", "PostKind", "PracticeAssignment"]


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
    """

    id: str = attrs.field(validator=checks.identifier)
    title: str = attrs.field(validator=checks.text)
    kind: PostKind = attrs.field(converter=_post_kind, validator=checks.member_of(PostKind))
    unit: str = attrs.field(validator=checks.identifier)
    start_on: dt.date = attrs.field(validator=checks.date)
    end_on: dt.date = attrs.field(validator=checks.end_date)
    slots: int = attrs.field(validator=checks.integer(minimum=0))
    audience: Audience = attrs.field(factory=Audience, validator=checks.member_of(Audience))


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
