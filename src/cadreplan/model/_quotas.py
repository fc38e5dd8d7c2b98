"""Seat quotas (名额分配) and dispatch quotas (调训计划)."""

from __future__ import annotations

import datetime as dt

import attrs

from cadreplan._support import checks

__all__ = ["DispatchQuota", "SeatQuota"]


@checks.friendly_init
@attrs.frozen(kw_only=True)
class SeatQuota:
    """Seats of one session, or of all sessions of one program, reserved for a unit.

    Exactly one of ``session`` and ``program`` is set. The unit's whole subtree
    draws on the quota.

    Attributes:
        unit: The id of the unit the seats are for.
        seats: How many seats, ``>= 0``.
        session: The session's id, for a per-session quota.
        program: The program's id, for a quota over all its sessions.
        reserved_until: The day the unused seats return to the common pool;
            ``None`` keeps them reserved.
    """

    unit: str = attrs.field(validator=checks.identifier)
    seats: int = attrs.field(validator=checks.integer(minimum=0))
    session: str | None = attrs.field(default=None, validator=checks.optional_identifier)
    program: str | None = attrs.field(default=None, validator=checks.optional_identifier)
    reserved_until: dt.date | None = attrs.field(default=None, validator=checks.optional_date)

    @program.validator
    def _one_target(self, _: attrs.Attribute[str | None], value: str | None) -> None:
        if (self.session is None) == (value is None):
            msg = "exactly one of 'session' and 'program' must be set"
            raise ValueError(msg)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class DispatchQuota:
    """Seats imposed from above (调训计划): "send 565 cadres to national institutions".

    The quota is met by active enrollments in the plan's sessions that match
    every filter that is set.

    Attributes:
        id: Unique id.
        seats: How many cadres must be sent, ``>= 0``.
        tier: Only sessions of this tier count, if set.
        institution_kind: Only sessions at institutions of this kind count, if set.
        issuer: Who imposed it (``"中组部"``).
        unit: Only cadres within this unit's subtree count, if set.
    """

    id: str = attrs.field(validator=checks.identifier)
    seats: int = attrs.field(validator=checks.integer(minimum=0))
    tier: str | None = attrs.field(default=None, validator=checks.optional_identifier)
    institution_kind: str | None = attrs.field(default=None, validator=checks.optional_identifier)
    issuer: str = attrs.field(default="", validator=checks.text)
    unit: str | None = attrs.field(default=None, validator=checks.optional_identifier)
