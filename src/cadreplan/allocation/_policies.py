"""How to allocate: the cascade's policy and the exact optimizer's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs
from dateutil.relativedelta import relativedelta

from cadreplan._support import checks
from cadreplan.ledger import DEFAULT_THEME_WINDOW

__all__ = ["CascadePolicy", "OptimalPolicy", "QuotaRelease"]


QuotaRelease = Literal["after_pass", "release_date", "never"]
"""When a session's unused reserved seats return to the pool."""


@checks.friendly_init
@attrs.frozen(kw_only=True)
class CascadePolicy:
    """How the tier cascade hands out seats.

    Tiers go in scheme order (national dispatch first, township backstop
    last), sessions within a tier by start date. Each seat goes to the
    eligible, free, non-duplicate candidate within their unit's quota who
    ranks first by: short of a requirement the session counts toward; then
    the largest shortfall (as a share of the requirement); then the earliest
    due date; then the longest since last trained; then a seeded tie-break.

    Attributes:
        fill_with_unneeded: Whether seats left after everyone short has been
            served go to eligible cadres who need no training (backstop tiers
            never do this).
        theme_window: Training on a shared theme closer than this is duplicate.
        quota_release: When unused reserved seats of a session quota return to
            the pool: ``"after_pass"`` once the unit's own candidates are served,
            ``"release_date"`` only where the quota's ``reserved_until`` falls
            before the session starts, ``"never"``.
        min_fill: Sessions filled below this share are under-filled (0 turns the check off).
        under_filled: ``"flag"`` reports under-filled sessions; ``"drop"`` drops
            them (only sessions with no prior enrollments) and places their
            people elsewhere.
    """

    fill_with_unneeded: bool = attrs.field(default=True, validator=checks.boolean)
    theme_window: relativedelta = attrs.field(
        default=DEFAULT_THEME_WINDOW, validator=checks.duration
    )
    quota_release: QuotaRelease = attrs.field(
        default="after_pass", validator=checks.one_of("after_pass", "release_date", "never")
    )
    min_fill: float = attrs.field(default=0.0, validator=checks.fraction)
    under_filled: Literal["flag", "drop"] = attrs.field(
        default="flag", validator=checks.one_of("flag", "drop")
    )


def _to_weights(value: object) -> dict[str, int]:
    if not isinstance(value, Mapping):
        # A converter gets no field: the constructor names it (see `checks.friendly_init`).
        msg = (
            "must be a mapping from requirement ids to integer weights, such as "
            f"{{'yearly': 2}} (got {checks.describe(value)})"
        )
        raise checks.FieldTypeError("", msg)
    # Sorted by the keys' text, so that a key of the wrong type reaches the validator.
    return dict(sorted(dict(value).items(), key=lambda item: str(item[0])))


def _weights(_: object, attribute: attrs.Attribute[Any], value: Mapping[object, object]) -> None:
    for key, weight in value.items():
        if not isinstance(key, str) or isinstance(weight, bool) or not isinstance(weight, int):
            msg = f"'{attribute.name}' maps requirement ids to integers (got {key!r}: {weight!r})"
            raise checks.FieldTypeError(attribute.name, msg)
        if weight < 1:
            msg = f"'{attribute.name}' must map to weights >= 1 (got {key!r}: {weight})"
            raise checks.FieldValueError(attribute.name, msg)


@checks.friendly_init
@attrs.frozen(kw_only=True)
class OptimalPolicy:
    """Maximize weighted requirement coverage exactly, then fill the rest by the cascade.

    Needs the ``solver`` extra (OR-Tools). Each cadre short of a requirement
    may get one seat from the optimizer; a seat is worth the summed weights of
    the cadre's unmet requirements the session counts toward. The optimizer
    finds the seats of greatest total worth under the cascade's hard
    constraints (eligibility, free dates, no duplicates, capacity, session
    quota caps); program quota caps are then enforced in seeded order. The
    seats left over go through the cascade.

    Attributes:
        weights: Weight per requirement id (1 for any not listed).
        fill_with_unneeded: Passed to the cascade that fills the remaining seats.
        theme_window: Training on a shared theme closer than this is duplicate.
    """

    weights: dict[str, int] = attrs.field(
        factory=dict, converter=_to_weights, validator=_weights, hash=False
    )
    fill_with_unneeded: bool = attrs.field(default=True, validator=checks.boolean)
    theme_window: relativedelta = attrs.field(
        default=DEFAULT_THEME_WINDOW, validator=checks.duration
    )
