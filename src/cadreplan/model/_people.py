"""Cadres (干部) and their training history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from cadreplan._support import checks

__all__ = ["Cadre", "TrainingRecord", "id_number_check_digit", "mask_id_number"]

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number_check_digit(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character of an 18-character resident id.

    References:
        GB 11643-1999, Citizen identification number.
    """
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def mask_id_number(value: str) -> str:
    """Return *value* with all but its first 3 and last 2 characters hidden.

    Examples:
        >>> mask_id_number("54010219800101001X")
        '540*************1X'
    """
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def _valid_id_number(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        msg = f"'{attribute.name}' must be a string (got {type(value).__name__})"
        raise checks.FieldTypeError(attribute.name, msg)
    # The value itself never appears in the message: it is personal data.
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        msg = f"'{attribute.name}' must be 17 digits and a digit or X ({mask_id_number(value)})"
        raise checks.FieldValueError(attribute.name, msg)
    if id_number_check_digit(value[:17]) != value[17]:
        msg = f"'{attribute.name}' has a wrong check character ({mask_id_number(value)})"
        raise checks.FieldValueError(attribute.name, msg)


def _masked_repr(value: str | None) -> str:
    return "None" if value is None else repr(mask_id_number(value))


@checks.friendly_init
@attrs.frozen(kw_only=True)
class Cadre:
    """A public official (干部) who may be trained or assigned to practice.

    Attributes:
        id: The user's personnel id, unique in a plan.
        name: Display name.
        unit: The id of the unit the cadre belongs to.
        category: A code of the plan's category vocabulary (``"village_cadre"``).
        rank: A code of the plan's rank vocabulary (``"township"``).
        appointed_on: When the cadre took the current post (starts grace periods).
        born_on: Date of birth, used by age bounds of audiences.
        potential: Development-potential rating (发展潜力) from 1 (low) to 5 (high).
        tags: Free labels (``"leader"``, ``"reserve"``) that audiences can select.
        id_number: Resident id number (身份证号); validated, never shown in full
            by ``repr``, messages or reports.
    """

    id: str = attrs.field(validator=checks.identifier)
    name: str = attrs.field(validator=checks.text)
    unit: str = attrs.field(validator=checks.identifier)
    category: str = attrs.field(validator=checks.identifier)
    rank: str = attrs.field(validator=checks.identifier)
    appointed_on: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    born_on: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    potential: int | None = attrs.field(default=None, validator=checks.optional_integer(1, 5))
    tags: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    id_number: str | None = attrs.field(default=None, validator=_valid_id_number, repr=_masked_repr)

    def age_on(self, day: dt.date) -> int | None:
        """Return the age in whole years on *day*, or ``None`` without a birth date."""
        if self.born_on is None:
            return None
        before_birthday = (day.month, day.day) < (self.born_on.month, self.born_on.day)
        return day.year - self.born_on.year - before_birthday


@checks.friendly_init
@attrs.frozen(kw_only=True)
class TrainingRecord:
    """One past training of a cadre (培训记录), counted by requirements and duplicate checks.

    History may predate the plan, so ``program`` may name a program that is not
    in the plan; it is compared by id only.

    Attributes:
        cadre: The id of the trained cadre.
        start_on: First day.
        end_on: Last day (inclusive).
        hours: Class hours (学时) credited.
        program: The program's id, if known.
        tier: The tier code, if known.
        themes: Theme codes covered.
        institution_kind: Kind of institution that ran it, if known.
        is_completed: Whether the cadre completed it; incomplete training counts
            for nothing.
    """

    cadre: str = attrs.field(validator=checks.identifier)
    start_on: dt.date = attrs.field(validator=checks.date)
    end_on: dt.date = attrs.field(validator=checks.end_date)
    hours: float = attrs.field(validator=checks.number())
    program: str | None = attrs.field(default=None, validator=checks.optional_identifier)
    tier: str | None = attrs.field(default=None, validator=checks.optional_identifier)
    themes: frozenset[str] = attrs.field(
        default=frozenset(), converter=checks.to_frozenset, validator=checks.identifiers
    )
    institution_kind: str | None = attrs.field(default=None, validator=checks.optional_identifier)
    is_completed: bool = attrs.field(default=True, validator=checks.boolean)

    @property
    def days(self) -> int:
        """Calendar days attended, both ends included."""
        return (self.end_on - self.start_on).days + 1
