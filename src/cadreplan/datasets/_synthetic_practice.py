"""The practice posts of a synthetic region (实践锻炼) and the cadres assigned to them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

from cadreplan.datasets._synthetic_tables import HOST_COUNTY, a
from cadreplan.model import Audience, Post, PostKind, PracticeAssignment

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from cadreplan.datasets._synthetic_tables import Prefecture
    from cadreplan.model import Cadre

__all__ = ["Region", "practice_posts"]


class _Host(Protocol):
    @property
    def unit(self) -> str: ...


class Region(Protocol):
    """What the practice posts are drawn from: the region the generator has built so far."""

    @property
    def year(self) -> int: ...
    @property
    def scale(self) -> float: ...
    @property
    def names(self) -> Mapping[str, str]: ...
    @property
    def hosts(self) -> Mapping[str, Sequence[_Host]]: ...
    @property
    def prefectures(self) -> Sequence[tuple[str, Prefecture]]: ...
    @property
    def border_counties(self) -> Sequence[str]: ...
    @property
    def residents(self) -> Mapping[str, Sequence[int]]: ...
    @property
    def cadres(self) -> Sequence[Cadre]: ...


def practice_posts(region: Region) -> tuple[list[Post], list[PracticeAssignment]]:
    """Return the practice posts of *region*, and the cadres assigned to them."""
    # Posts run from April to October, when the winter-training classes of the
    # village-resident cadres assigned to them are over.
    start_on, end_on = dt.date(region.year, 4, 1), dt.date(region.year, 10, 31)
    able = ("young_cadre", "county_department_official", "township_cadre")
    national = max(1, round(20 * region.scale))
    # (id, title, kind, host unit, slots, audience)
    rows: list[tuple[str, str, PostKind, str, int, Audience]] = [
        ("post-secondment-central", "赴中央和国家机关部委挂职锻炼",
         PostKind.SECONDMENT_CENTRAL, "54.zzb", national,
         a(("young_cadre",), min_potential=5)),
        ("post-key-project", "自治区重点工程、重大项目一线锻炼", PostKind.KEY_PROJECT,
         "54.nynct", national, a(able, min_potential=4)),
        ("post-investment", "招商引资一线锻炼", PostKind.INVESTMENT_PROMOTION, "54.czt",
         national, a(able, min_potential=4)),
    ]  # fmt: skip
    for prefecture, row in region.prefectures:
        name, here = region.names[prefecture], (prefecture,)
        rows.extend(
            (f"post-{key}-{prefecture}", f"{name}{title}", kind, prefecture, 2,
             a(able, units=here, min_potential=3))
            for key, title, kind in (
                ("rotation", "跨海拔、跨层级交流轮岗", PostKind.ROTATION),
                ("stability", "维稳处突一线锻炼", PostKind.STABILITY_EMERGENCY),
                ("park", "园区建设一线锻炼", PostKind.INDUSTRIAL_PARK),
                ("ecology", "生态环保一线锻炼", PostKind.ECOLOGY_ENVIRONMENT),
                ("revitalization", "乡村振兴一线锻炼", PostKind.RURAL_REVITALIZATION),
                ("governance", "基层治理一线锻炼", PostKind.GRASSROOTS_GOVERNANCE),
            )
        )  # fmt: skip
        rows.append(
            (f"post-secondment-{prefecture}", f"赴{row[2]}对口支援省市挂职锻炼",
             PostKind.SECONDMENT_PARTNER, f"{prefecture}.zzb", 2,
             a(("young_cadre",), units=here, min_potential=4))
        )  # fmt: skip
    # Per county a residency post, and on the border a border-control post, each
    # taking one of the county's village-resident cadres with high potential.
    chosen: dict[str, int] = {}
    border = set(region.border_counties)
    for place in region.hosts.get(HOST_COUNTY, []):
        county = place.unit
        name, here = region.names[county], (county,)
        candidates = iter(region.residents.get(county, []))
        rows.append(
            (f"post-residency-{county}", f"{name}驻村驻寺实践锻炼",
             PostKind.VILLAGE_TEMPLE_RESIDENCY, county, 2,
             a(("village_resident_team",), units=here, min_potential=4))
        )  # fmt: skip
        chosen[rows[-1][0]] = next(candidates, -1)
        if county in border:
            rows.append(
                (f"post-border-{county}", f"{name}边境管控一线锻炼", PostKind.BORDER_CONTROL,
                 county, 2, a(("village_resident_team", *able), units=here,
                               min_potential=3))
            )  # fmt: skip
            chosen[rows[-1][0]] = next(candidates, -1)
    posts = [
        Post(id=id_, title=title, kind=kind, unit=unit, start_on=start_on, end_on=end_on,
             slots=slots, audience=audience)
        for id_, title, kind, unit, slots, audience in rows
    ]  # fmt: skip
    assignments = [
        PracticeAssignment(cadre=region.cadres[chosen[post.id]].id, post=post.id,
                           start_on=start_on, end_on=end_on)
        for post in posts
        if chosen.get(post.id, -1) >= 0
    ]  # fmt: skip
    return posts, assignments
