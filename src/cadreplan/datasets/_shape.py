"""The shape of a synthetic region: how many units of each level, for a number of cadres."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["FULL_DISPATCH", "FULL_SCALE_CADRES", "RegionShape", "region_shape"]

FULL_SCALE_CADRES = 140_000
"""The cadres of the source's region; unit counts scale with ``cadres / FULL_SCALE_CADRES``."""

_FULL_SHAPE = (7, 74, 700, 5400, 700)
FULL_DISPATCH = 565


class RegionShape(NamedTuple):
    """How many units of each level a synthetic region has."""

    prefectures: int
    counties: int
    townships: int
    villages: int
    temple_committees: int


def region_shape(cadres: int) -> RegionShape:
    """Return the unit counts of ``synthetic_region(cadres)`` without building it.

    At 140,000 cadres: 7 prefectures, 74 counties, 700 townships, 5,400
    villages and 700 temple management committees, as in the source; other
    sizes scale linearly, with at least one unit of each level and at least
    one child per parent.
    """
    scale = cadres / FULL_SCALE_CADRES
    prefectures, counties, townships, villages, temples = (
        max(1, round(full * scale)) for full in _FULL_SHAPE
    )
    counties = max(counties, prefectures)
    townships = max(townships, counties)
    villages = max(villages, townships)
    return RegionShape(prefectures, counties, townships, villages, temples)
