"""The arguments of ``allocate`` and ``explain``, checked once for Python and the command line.

Each check raises a `FieldTypeError` or `FieldValueError` whose ``field`` is
the argument's name and whose message says what was expected and what was
found, with a did-you-mean where a name is close. The command line calls
the same checks and shows the field as its option (``--seed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan._support import checks
from cadreplan.allocation._policies import CascadePolicy, OptimalPolicy
from cadreplan.errors import FieldError
from cadreplan.model import Session, UnitKind, require_plan

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from dateutil.relativedelta import relativedelta

    from cadreplan.model import Cadre, Plan

__all__ = [
    "POLICY_NAMES",
    "cadre_of",
    "check_day",
    "check_flag",
    "check_level",
    "check_plan",
    "check_policy",
    "check_progress",
    "check_seed",
    "check_session",
    "check_window",
]

POLICY_NAMES = ("cascade", "optimal")
"""The names ``allocate`` accepts for its default policies, as the command line does."""


def check_plan(value: object) -> None:
    """Check that the argument ``plan`` is a `Plan` (a path gets a hint to load it)."""
    require_plan(value)


def check_policy(value: object) -> CascadePolicy | OptimalPolicy:
    """Return the policy *value* names: a policy, or ``None``, ``"cascade"``, ``"optimal"``."""
    if value is None or value == "cascade":
        return CascadePolicy()
    if value == "optimal":
        return OptimalPolicy()
    if isinstance(value, CascadePolicy | OptimalPolicy):
        return value
    listed = " or ".join(repr(name) for name in POLICY_NAMES)
    msg = (
        f"'policy' must be a CascadePolicy, an OptimalPolicy, or one of {listed} "
        f"(got {checks.describe(value)})"
    )
    if isinstance(value, str):
        raise checks.FieldValueError(
            "policy", msg + checks.did_you_mean(value.strip().lower(), POLICY_NAMES)
        )
    raise checks.FieldTypeError("policy", msg)


def check_seed(value: object) -> int:
    """Return *value* if it is a whole number >= 0 (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"'seed' must be a whole number >= 0 (got {checks.describe(value)})"
        raise checks.FieldTypeError("seed", msg)
    if value < 0:
        msg = f"'seed' must be >= 0 (got {value})"
        raise checks.FieldValueError("seed", msg)
    return value


def check_day(value: object, field: str = "on") -> dt.date | None:
    """Return *value* if it is ``None`` or a date (not a datetime) from 1800 to 2999."""
    checks.argument(field, value, checks.optional_date)
    return value  # type: ignore[return-value]


def check_progress(value: object) -> Callable[[int, int], None] | None:
    """Return *value* if it is ``None`` or callable."""
    if value is not None and not callable(value):
        msg = (
            f"'progress' must be None or a function called as progress(done, total) "
            f"(got {checks.describe(value)})"
        )
        raise checks.FieldTypeError("progress", msg)
    return value


def check_flag(value: object, field: str) -> bool:
    """Return *value* if it is a bool."""
    checks.argument(field, value, checks.boolean)
    return value  # type: ignore[return-value]


def check_window(value: object, field: str = "theme_window") -> relativedelta:
    """Return *value* if it is a positive whole-day relativedelta of at most 100 years."""
    checks.argument(field, value, checks.duration)
    return value  # type: ignore[return-value]


def check_level(value: object) -> UnitKind:
    """Return the `UnitKind` *value* names: a member, or its value (``"township"``)."""
    try:
        return checks.member(UnitKind, value)
    except FieldError as error:
        raise type(error)("level", f"'level' {error}") from None


def check_session(plan: Plan, value: object) -> Session:
    """Return the session *value* is, or names by id.

    Raises:
        FieldTypeError: *value* is neither a `Session` nor a string.
        UnknownIdError: No session has that id (its message suggests the closest).
    """
    if isinstance(value, Session):
        return value
    if not isinstance(value, str):
        msg = f"'session' must be a Session or a session's id (got {checks.describe(value)})"
        raise checks.FieldTypeError("session", msg)
    return plan.session(value)


def cadre_of(plan: Plan, cadre_id: object) -> Cadre:
    """Return the cadre with id *cadre_id*.

    Raises:
        FieldTypeError: *cadre_id* is not a string.
        UnknownIdError: No cadre has that id (its message suggests the closest).
    """
    if not isinstance(cadre_id, str):
        msg = f"'cadre_id' must be a cadre's id, a string (got {checks.describe(cadre_id)})"
        raise checks.FieldTypeError("cadre_id", msg)
    return plan.cadre(cadre_id)
