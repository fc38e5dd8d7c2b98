"""Institutions, programs, their sessions and enrollments."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

import attrs

from cadreplan._support import checks
from cadreplan.model._audience import Audience

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "ActionPlan",
    "DeliveryMode",
    "Enrollment",
    "EnrollmentStatus",
    "Institution",
    "Program",
    "Session",
    "TeachingMethod",
]


class DeliveryMode(enum.StrEnum):
    """How a program is delivered."""

    IN_PERSON = "in_person"
    """Off-the-job, in a classroom (脱产面授)."""
    ONLINE = "online"
    """Online (网络培训)."""
    HYBRID = "hybrid"
    """Partly in person, partly online (线上线下结合)."""


class TeachingMethod(enum.StrEnum):
    """Teaching methods (教学方法) named in the source report."""

    LECTURE = "lecture"
    """Lectures (专题讲座)."""
    CASE_TEACHING = "case_teaching"
    """Case teaching (案例教学)."""
    SCENARIO_SIMULATION = "scenario_simulation"
    """Scenario simulation (情景模拟)."""
    TABLETOP_EXERCISE = "tabletop_exercise"
    """Tabletop exercise (桌面推演)."""
    AFTER_ACTION_REVIEW = "after_action_review"
    """After-action review (工作复盘)."""
    FIELD_VISIT = "field_visit"
    """Field visits and on-site teaching (现场教学)."""
    SEMINAR = "seminar"
    """Seminar discussion (研讨交流)."""


class EnrollmentStatus(enum.StrEnum):
    """Where an enrollment stands."""

    PLANNED = "planned"
    """Allotted by the plan, not yet confirmed."""
    CONFIRMED = "confirmed"
    """Confirmed by the cadre's unit."""
    COMPLETED = "completed"
    """Attended and completed."""
    WITHDRAWN = "withdrawn"
    """Withdrawn; takes no seat and counts for nothing."""


def _delivery(value: DeliveryMode | str) -> DeliveryMode:
    return checks.member(DeliveryMode, value)


def _methods(value: Iterable[TeachingMethod | str]) -> frozenset[TeachingMethod]:
    return checks.members(TeachingMethod, value)


def _status(value: EnrollmentStatus | str) -> EnrollmentStatus:
    return checks.member(EnrollmentStatus, value)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Institution:
    """A training institution (培训机构).

    Attributes:
        id: Unique id.
        name: Display name (``"中央党校（国家行政学院）"``).
        kind: A code of the plan's institution-kind vocabulary (``"party_school"``).
        location: Where it is (city or address).
        altitude_m: Altitude in metres, if known.
    """

    id: str = attrs.field(validator=checks.identifier)
    name: str = attrs.field(validator=checks.text)
    kind: str = attrs.field(validator=checks.identifier)
    location: str = attrs.field(default="", validator=checks.text)
    altitude_m: int | None = attrs.field(
        default=None, validator=checks.optional_integer(-500, 9000)
    )


@checks.friendly_init
@attrs.frozen(kw_only=True)
class ActionPlan:
    """An umbrella action plan that groups programs (e.g. 基层干部主题培训行动计划).

    Attributes:
        id: Unique id.
        title: Display title.
    """

    id: str = attrs.field(validator=checks.identifier)
    title: str = attrs.field(validator=checks.text)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Program:
    """A training program (培训项目/专题班): what is taught, to whom, by which tier.

    Attributes:
        id: Unique id.
        title: Display title.
        tier: A tier code of the plan's tier scheme.
        organizer: The id of the organizing unit (usually an organization department).
        hours: Class hours (学时) of one session.
        themes: Theme codes the program covers.
        co_organizers: Ids of co-organizing units (宣传, 政法, 党校 …).
        audience: Who may attend.
        delivery: In person, online or hybrid.
        methods: Teaching methods used.
        action_plan: The id of the umbrella action plan, if any.
    """

    id: str = attrs.field(validator=checks.identifier)
    title: str = attrs.field(validator=checks.text)
    tier: str = attrs.field(validator=checks.identifier)
    organizer: str = attrs.field(validator=checks.identifier)
    hours: float = attrs.field(validator=checks.number(positive=True))
    themes: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    co_organizers: tuple[str, ...] = attrs.field(
        default=(), converter=checks.to_tuple, validator=checks.identifiers
    )
    audience: Audience = attrs.field(factory=Audience, validator=checks.member_of(Audience))
    delivery: DeliveryMode = attrs.field(
        default=DeliveryMode.IN_PERSON,
        converter=_delivery,
        validator=checks.member_of(DeliveryMode),
    )
    methods: frozenset[TeachingMethod] = attrs.field(
        default=frozenset(),
        converter=_methods,
        validator=checks.members_of(TeachingMethod),
    )
    action_plan: str | None = attrs.field(default=None, validator=checks.optional_identifier)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Session:
    """One run of a program (期/班次): dates, place and seats.

    A session that ends before it starts, or has no seat, is refused when it
    is made. Facts about several objects (a tier held at an institution kind
    it does not use, a session outside the plan period) are validation
    rules, so that a plan with them can still be loaded and reported.

    Attributes:
        id: Unique id.
        program: The id of the program this session runs.
        institution: The id of the institution that hosts it.
        start_on: First day.
        end_on: Last day (inclusive).
        capacity: Seats (名额), ``>= 1``.
    """

    id: str = attrs.field(validator=checks.identifier)
    program: str = attrs.field(validator=checks.identifier)
    institution: str = attrs.field(validator=checks.identifier)
    start_on: dt.date = attrs.field(validator=checks.date)
    end_on: dt.date = attrs.field(validator=checks.end_date)
    capacity: int = attrs.field(validator=checks.integer(minimum=1))

    @property
    def days(self) -> int:
        """Calendar days, both ends included."""
        return (self.end_on - self.start_on).days + 1

    def overlaps(self, start_on: dt.date, end_on: dt.date) -> bool:
        """Return whether this session shares at least one day with ``[start_on, end_on]``."""
        return self.start_on <= end_on and start_on <= self.end_on


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Enrollment:
    """A cadre's seat in a session (参训).

    Attributes:
        cadre: The cadre's id.
        session: The session's id.
        status: Planned, confirmed, completed or withdrawn.
        hours: Class hours credited when they differ from the program's (partial
            attendance); ``None`` means the program's hours.
    """

    cadre: str = attrs.field(validator=checks.identifier)
    session: str = attrs.field(validator=checks.identifier)
    status: EnrollmentStatus = attrs.field(
        default=EnrollmentStatus.PLANNED,
        converter=_status,
        validator=checks.member_of(EnrollmentStatus),
    )
    hours: float | None = attrs.field(default=None, validator=checks.optional_number())

    @property
    def is_active(self) -> bool:
        """Whether this enrollment takes a seat (every status but withdrawn)."""
        return self.status is not EnrollmentStatus.WITHDRAWN
