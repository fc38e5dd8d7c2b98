"""The embedded demo region: a small, consistent plan built from the source report.

The figures and names come from the 2024 report on cadre training in the Tibet
Autonomous Region (``reference/source-article-zh.txt``): its seminars at the
regional party school, its classes at university bases and party-spirit
colleges, its dispatch to national institutions, its online classes and its
grassroots theme-training action plan. The people are invented; their names are
drawn deterministically from a pool of common Tibetan and Han names.

The tables shared with the synthetic generator (names, regional departments,
institutions outside the region, the requirement catalogue) live here too.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from cadreplan.datasets._demo_programs import (
    Run,
    backstop_program,
    county_programs,
    national_programs,
    prefecture_programs,
    regional_programs,
)
from cadreplan.datasets._facts import (
    GRASSROOTS_ACTION_PLAN,
    INDUCTION_THEMES,
    NAMES,
    PAST_GROUP,
    PAST_TRAINING,
    REGION_ALTITUDE_M,
    REGION_ID,
    REGION_NAME,
    REGIONAL_DEPARTMENTS,
    VILLAGE_CATEGORIES,
    id_number,
    party_committee_name,
    requirements_for,
    shared_institutions,
)
from cadreplan.model import (
    Audience,
    Cadre,
    DispatchQuota,
    Enrollment,
    EnrollmentStatus,
    Institution,
    Period,
    Plan,
    Post,
    PostKind,
    PracticeAssignment,
    Program,
    SeatQuota,
    Session,
    TrainingRecord,
    Unit,
    UnitKind,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["demo_region"]

# -- the demo region ----------------------------------------------------------

_YEAR = 2024
_D = dt.date
_HIGH_ALTITUDE_M = 4000

# Prefectures as (code, name, altitude, counties); counties as (code, name,
# altitude, tags, townships); townships as (name, altitude, villages, whether a
# temple management committee sits there).
_Township = tuple[str, int, tuple[str, ...], bool]
_County = tuple[str, str, int, tuple[str, ...], tuple[_Township, ...]]
_GEOGRAPHY: tuple[tuple[str, str, int, tuple[_County, ...]], ...] = (
    ("540100", "拉萨市", 3650, (
        ("540102", "城关区", 3650, (), (
            ("蔡公堂乡", 3680, ("白定村", "支沟村"), False),
            ("娘热乡", 3720, ("加木村", "洛欧村", "娘热村"), True),
        )),
        ("540103", "堆龙德庆区", 3700, (), (
            ("东嘎镇", 3660, ("桑木村", "南巴村"), False),
            ("古荣乡", 3900, ("巴热村", "加入村", "嘎冲村"), False),
        )),
    )),
    ("540200", "日喀则市", 3840, (
        ("540202", "桑珠孜区", 3840, (), (
            ("江当乡", 3880, ("江当村", "达琼村"), False),
            ("聂日雄乡", 3860, ("聂日雄村", "扎西岗村", "甲措村"), True),
        )),
        ("540223", "定日县", 4300, ("border",), (
            ("协格尔镇", 4300, ("协格尔村", "拉洛村"), True),
            ("岗嘎镇", 4350, ("岗嘎村", "帕卓村", "曲宗村"), False),
        )),
    )),
    ("540400", "林芝市", 2900, (
        ("540402", "巴宜区", 2950, (), (
            ("八一镇", 2950, ("巴吉村", "唐地村"), False),
            ("鲁朗镇", 3300, ("扎西岗村", "东巴村"), False),
        )),
        ("540481", "米林市", 2950, ("border",), (
            ("米林镇", 2950, ("米林村", "雪巴村"), True),
            ("南伊珞巴民族乡", 2950, ("才召村", "琼林村", "南伊村"), False),
        )),
    )),
)  # fmt: skip

# Townships whose first head took office in the plan year: induction training is due.
_NEW_HEADS_ON = {
    "540202001": _D(2024, 1, 10),
    "540223001": _D(2024, 2, 20),
    "540402002": _D(2024, 3, 15),
}
# The township whose backstop class is short of seats (the allocator reports it).
_SHORT_TOWNSHIP = "540223002"

_LEADER = frozenset({"leader"})
_YOUNG = frozenset({"young"})
_NO_TAGS: frozenset[str] = frozenset()

# Who works in a unit, by its role: (category, rank, tags, birth years as
# (first, span), potential as (lowest, span)); the running number picks within
# the spans. Young cadres are born 1991-1997: under 35 all through 2024.
_Member = tuple[str, str, frozenset[str], tuple[int, int], tuple[int, int]]
_YOUNG_STAFF: _Member = ("young_cadre", "staff", _YOUNG, (1991, 7), (3, 3))
_ROSTERS: dict[str, tuple[_Member, ...]] = {
    "regional_department": (("leading_body_member", "prefecture", _LEADER, (1966, 10), (2, 4)),),
    "regional_department_with_young": (
        ("leading_body_member", "prefecture", _LEADER, (1966, 10), (2, 4)),
        _YOUNG_STAFF,
    ),
    "prefecture_department": (
        ("leading_body_member", "prefecture", _LEADER, (1968, 8), (2, 4)),
        ("young_cadre", "township", _YOUNG, (1991, 7), (3, 3)),
    ),
    "county_department": (
        ("county_department_official", "township", _LEADER, (1972, 12), (1, 5)),
        ("county_department_official", "staff", _NO_TAGS, (1980, 14), (1, 5)),
        _YOUNG_STAFF,
    ),
    "county": (("leading_body_member", "county", _LEADER, (1968, 12), (2, 4)),) * 3,
    "enterprise": (("county_enterprise_leader", "township", _LEADER, (1970, 15), (1, 5)),) * 2,
    "organization": (("new_organization_party_head", "unranked", _NO_TAGS, (1975, 15), (1, 5)),),
    "township": (
        ("township_cadre", "township", _NO_TAGS, (1978, 18), (1, 5)),
        ("township_cadre", "township", _NO_TAGS, (1978, 18), (1, 5)),
        ("township_cadre", "staff", _NO_TAGS, (1978, 18), (1, 5)),
        ("township_cadre", "staff", _NO_TAGS, (1978, 18), (1, 5)),
        ("rural_revitalization_officer", "staff", _NO_TAGS, (1985, 10), (1, 5)),
    ),
    "village": (
        ("party_branch_secretary", "unranked", _NO_TAGS, (1970, 26), (1, 5)),
        ("village_cadre", "unranked", _NO_TAGS, (1970, 26), (1, 5)),
        ("village_cadre", "unranked", _NO_TAGS, (1970, 26), (1, 5)),
        ("village_resident_team", "staff", _NO_TAGS, (1970, 26), (1, 5)),
    ),
    "temple_committee": (
        ("temple_committee_cadre", "township", _NO_TAGS, (1972, 20), (1, 5)),
        ("temple_committee_cadre", "staff", _NO_TAGS, (1972, 20), (1, 5)),
        ("temple_committee_cadre", "staff", _NO_TAGS, (1972, 20), (1, 5)),
    ),
}
_REGIONAL_DEPARTMENTS_WITH_YOUNG = ("zzb", "xcb", "nynct")


def _unit_tags(altitude: int, extra: Iterable[str] = ()) -> frozenset[str]:
    tags = set(extra)
    if altitude >= _HIGH_ALTITUDE_M:
        tags.add("high_altitude")
    return frozenset(tags)


def _role(unit: Unit, parent: Unit | None) -> str:
    """Return the key of ``_ROSTERS`` for the people of *unit*."""
    if unit.kind is not UnitKind.DEPARTMENT or parent is None:
        return unit.kind.value
    if parent.kind is UnitKind.REGION:
        with_young = unit.id.endswith(_REGIONAL_DEPARTMENTS_WITH_YOUNG)
        return "regional_department_with_young" if with_young else "regional_department"
    if parent.kind is UnitKind.PREFECTURE:
        return "prefecture_department"
    return "county_department"


class _Builder:
    """Collects the objects of the demo plan, one kind at a time."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.cadres: list[Cadre] = []
        self.history: list[TrainingRecord] = []
        self.institutions: list[Institution] = shared_institutions()
        self.programs: list[Program] = []
        self.sessions: list[Session] = []
        self.seat_quotas: list[SeatQuota] = []
        # Unit id -> the area code (county or prefecture) of its people's id numbers.
        self.area_of: dict[str, str] = {}

    # -- units -------------------------------------------------------------------

    def unit(
        self,
        id_: str,
        name: str,
        kind: UnitKind,
        *,
        parent: str | None,
        altitude: int,
        area: str,
        tags: Iterable[str] = (),
    ) -> str:
        self.units.append(
            Unit(
                id=id_,
                name=name,
                kind=kind,
                parent=parent,
                altitude_m=altitude,
                tags=_unit_tags(altitude, tags),
            )
        )
        self.area_of[id_] = area
        return id_

    def party_school(self, code: str, area_name: str, altitude: int) -> None:
        self.institutions.append(
            Institution(
                id=f"i-{code}-dx",
                name=f"中共{party_committee_name(area_name)}党校",
                kind="party_school",
                location=area_name,
                altitude_m=altitude,
            )
        )

    def build_units(self) -> None:
        lhasa = "540102"
        region = self.unit(
            REGION_ID, REGION_NAME, UnitKind.REGION, parent=None, altitude=3650, area=lhasa
        )
        for key, name in REGIONAL_DEPARTMENTS:
            self.unit(
                f"{region}-{key}",
                name,
                UnitKind.DEPARTMENT,
                parent=region,
                altitude=REGION_ALTITUDE_M,
                area=lhasa,
            )
        for code, name, altitude, counties in _GEOGRAPHY:
            self.unit(code, name, UnitKind.PREFECTURE, parent=region, altitude=altitude, area=code)
            self.unit(
                f"{code}-zzb",
                f"{party_committee_name(name)}组织部",
                UnitKind.DEPARTMENT,
                parent=code,
                altitude=altitude,
                area=code,
            )
            self.party_school(code, name, altitude)
            for county in counties:
                self.build_county(code, county)

    def build_county(self, prefecture: str, county: _County) -> None:
        code, name, altitude, tags, townships = county
        self.unit(code, name, UnitKind.COUNTY, parent=prefecture, altitude=altitude, area=code,
                  tags=tags)  # fmt: skip
        for key, body, kind in (
            ("zzb", f"{party_committee_name(name)}组织部", UnitKind.DEPARTMENT),
            ("nyncj", f"{name}农业农村局", UnitKind.DEPARTMENT),
            ("gqy", f"{name}国有资产投资经营有限公司", UnitKind.ENTERPRISE),
            ("xh", f"{name}个体劳动者协会", UnitKind.ORGANIZATION),
        ):
            self.unit(f"{code}-{key}", body, kind, parent=code, altitude=altitude, area=code,
                      tags=tags)  # fmt: skip
        self.party_school(code, name, altitude)
        for index, (t_name, t_altitude, villages, has_temple) in enumerate(townships, 1):
            township = self.unit(f"{code}{index:03d}", t_name, UnitKind.TOWNSHIP, parent=code,
                                 altitude=t_altitude, area=code, tags=tags)  # fmt: skip
            self.institutions.append(
                Institution(
                    id=f"i-{township}-venue",
                    name=f"{t_name}党群服务中心",
                    kind="local_venue",
                    location=f"{name}{t_name}",
                    altitude_m=t_altitude,
                )
            )
            for v_index, v_name in enumerate(villages, 1):
                self.unit(f"{township}{v_index:03d}", v_name, UnitKind.VILLAGE, parent=township,
                          altitude=t_altitude + 20 * v_index, area=code, tags=tags)  # fmt: skip
            if has_temple:
                self.unit(f"{township}-sgh", f"{t_name}寺管会", UnitKind.TEMPLE_COMMITTEE,
                          parent=township, altitude=t_altitude, area=code, tags=tags)  # fmt: skip

    # -- people ------------------------------------------------------------------

    def cadre(self, unit: str, member: _Member, appointed_on: dt.date | None = None) -> Cadre:
        category, rank, tags, (born_from, born_span), (lowest, potential_span) = member
        n = len(self.cadres) + 1
        born_on = _D(born_from + n % born_span, n % 12 + 1, n % 28 + 1)
        if appointed_on is None:
            year = min(max(2015 + n % 9, born_on.year + 23), _YEAR - 1)
            appointed_on = _D(year, (n * 5) % 12 + 1, (n * 3) % 28 + 1)
        cadre = Cadre(
            id=f"c{n:04d}",
            name=NAMES[(n * 613) % len(NAMES)],
            unit=unit,
            category=category,
            rank=rank,
            appointed_on=appointed_on,
            born_on=born_on,
            potential=lowest + (n * 7) % potential_span,
            tags=tags,
            id_number=id_number(self.area_of[unit], born_on, n) if n % 3 == 0 else None,
        )
        self.cadres.append(cadre)
        return cadre

    def build_cadres(self) -> None:
        by_id = {unit.id: unit for unit in self.units}
        for unit in self.units:
            if unit.kind is UnitKind.TOWNSHIP:
                self.township_heads(unit.id)
            for member in _ROSTERS.get(_role(unit, by_id.get(unit.parent or "")), ()):
                self.cadre(unit.id, member)

    def township_heads(self, township: str) -> None:
        # The party secretary and the head (乡镇党政正职); earlier ones completed
        # their induction training within months of taking office.
        for index in range(2):
            n = len(self.cadres) + 1
            new_on = _NEW_HEADS_ON.get(township) if index == 0 else None
            appointed_on = new_on or _D(2020 + n % 4, n % 6 + 1, n % 28 + 1)
            member = ("township_head", "township", _LEADER, (1976, 12), (1, 5))
            head = self.cadre(township, member, appointed_on)
            if new_on is None:
                start_on = appointed_on + dt.timedelta(days=60 + n % 60)
                self.history.append(
                    TrainingRecord(
                        cadre=head.id,
                        start_on=start_on,
                        end_on=start_on + dt.timedelta(days=14),
                        hours=80.0,
                        program=f"{start_on.year}-rd-township-induction",
                        tier="regional_demonstration",
                        themes=INDUCTION_THEMES,
                        institution_kind="party_school",
                    )
                )

    def build_history(self) -> None:
        # Two cadres in three trained once between 2020 and 2023; one in eleven
        # of those did not complete it.
        for n, cadre in enumerate(self.cadres, 1):
            if n % 3 == 1:
                continue
            year = 2020 + n % 4
            key, tier, themes, kind, hours, month, days = PAST_TRAINING[PAST_GROUP[cadre.category]]
            start_on = _D(year, month, 8)
            self.history.append(
                TrainingRecord(
                    cadre=cadre.id,
                    start_on=start_on,
                    end_on=start_on + dt.timedelta(days=days - 1),
                    hours=hours,
                    program=f"{year}-{key}",
                    tier=tier,
                    themes=themes,
                    institution_kind=kind,
                    is_completed=n % 11 != 0,
                )
            )

    # -- programs ------------------------------------------------------------------

    def add(self, program: Program, runs: Iterable[Run]) -> None:
        self.programs.append(program)
        for index, (institution, start_on, end_on, capacity) in enumerate(runs, 1):
            self.sessions.append(
                Session(
                    id=f"{program.id}-{index}",
                    program=program.id,
                    institution=institution,
                    start_on=start_on,
                    end_on=end_on,
                    capacity=capacity,
                )
            )

    def build_programs(self) -> None:
        for program, runs in (*national_programs(), *regional_programs()):
            self.add(program, runs)
        # Seats of two regional classes are split between the prefectures (名额分配).
        for session, seats in (
            ("rd-temple-demo-1", {"540100": 2, "540200": 4, "540400": 2}),
            ("rd-township-induction-1", {"540100": 4, "540200": 4, "540400": 4}),
        ):
            self.seat_quotas.extend(
                SeatQuota(unit=unit, seats=count, session=session, reserved_until=_D(2024, 5, 1))
                for unit, count in seats.items()
            )
        population = _subtree_population(self.units, self.cadres)
        village_people = _subtree_population(
            self.units, [c for c in self.cadres if c.category in VILLAGE_CATEGORIES]
        )
        for code, _, _, counties in _GEOGRAPHY:
            for program, runs in prefecture_programs(code):
                self.add(program, runs)
            for county_code, county_name, _, _, townships in counties:
                # Winter training reaches about 60% of the county's village cadres;
                # the township backstop classes catch the rest, but one falls short.
                winter_seats = math.ceil(0.6 * village_people[county_code])
                for program, runs in county_programs(county_code, county_name, winter_seats):
                    self.add(program, runs)
                for index, (t_name, *_) in enumerate(townships, 1):
                    township = f"{county_code}{index:03d}"
                    share = 0.3 if township == _SHORT_TOWNSHIP else 0.6
                    backstop_seats = math.ceil(share * population[township])
                    self.add(*backstop_program(county_code, township, t_name, backstop_seats))


def _subtree_population(units: Iterable[Unit], cadres: Iterable[Cadre]) -> dict[str, int]:
    parent = {unit.id: unit.parent for unit in units}
    counts = dict.fromkeys(parent, 0)
    for cadre in cadres:
        unit: str | None = cadre.unit
        while unit is not None:
            counts[unit] += 1
            unit = parent[unit]
    return counts


def _posts() -> list[Post]:
    def post(
        id_: str,
        title: str,
        kind: PostKind,
        unit: str,
        *,
        start_on: dt.date,
        end_on: dt.date,
        slots: int,
        audience: Audience,
    ) -> Post:
        return Post(id=id_, title=title, kind=kind, unit=unit, start_on=start_on,
                    end_on=end_on, slots=slots, audience=audience)  # fmt: skip

    return [
        post("post-border-dingri", "定日县边境管控一线实践锻炼", PostKind.BORDER_CONTROL,
             "540223", start_on=_D(2024, 4, 1), end_on=_D(2024, 9, 30), slots=2,
             audience=Audience(categories={"young_cadre", "county_department_official",
                                           "township_cadre"}, min_potential=3)),
        post("post-residency-mainling", "米林市驻村驻寺实践锻炼",
             PostKind.VILLAGE_TEMPLE_RESIDENCY, "540481", start_on=_D(2024, 3, 1),
             end_on=_D(2024, 8, 31), slots=3,
             audience=Audience(categories={"village_resident_team",
                                           "county_department_official", "young_cadre"},
                               units={"540481"})),
        post("post-stability-chengguan", "城关区维稳处突一线实践锻炼",
             PostKind.STABILITY_EMERGENCY, "540102", start_on=_D(2024, 5, 1),
             end_on=_D(2024, 10, 31), slots=2,
             audience=Audience(categories={"township_cadre", "young_cadre"}, min_potential=4)),
        post("post-secondment-guangdong", "赴广东省对口支援省市挂职锻炼",
             PostKind.SECONDMENT_PARTNER, "540400-zzb", start_on=_D(2024, 3, 1),
             end_on=_D(2024, 8, 31), slots=2,
             audience=Audience(categories={"young_cadre"}, max_age=35, min_potential=4)),
        post("post-secondment-central", "赴中央和国家机关部委挂职锻炼",
             PostKind.SECONDMENT_CENTRAL, f"{REGION_ID}-zzb", start_on=_D(2024, 3, 1),
             end_on=_D(2024, 12, 31), slots=1,
             audience=Audience(categories={"young_cadre"}, min_potential=5)),
        post("post-rotation-altitude", "跨海拔交流轮岗（日喀则市—林芝市）", PostKind.ROTATION,
             "540200", start_on=_D(2024, 7, 1), end_on=_D(2024, 12, 31), slots=2,
             audience=Audience(categories={"county_department_official", "township_cadre"},
                               units={"540200"})),
    ]  # fmt: skip


def _assignments(cadres: list[Cadre], posts: list[Post]) -> list[PracticeAssignment]:
    # A young cadre of 定日县 goes to the border, a village-resident cadre of 米林市
    # to residency; neither has a seat in a class during the assignment.
    border = next(c for c in cadres if c.unit.startswith("540223-") and c.category == "young_cadre")
    resident = next(
        c for c in cadres if c.unit.startswith("540481") and c.category == "village_resident_team"
    )
    return [
        PracticeAssignment(cadre=cadre.id, post=post.id, start_on=post.start_on,
                           end_on=post.end_on)
        for cadre, post in ((border, posts[0]), (resident, posts[1]))
    ]  # fmt: skip


def _enrollments(cadres: list[Cadre]) -> list[Enrollment]:
    def confirmed(cadre: Cadre, session: str) -> Enrollment:
        return Enrollment(cadre=cadre.id, session=session, status=EnrollmentStatus.CONFIRMED)

    new_heads = [
        c
        for c in cadres
        if c.category == "township_head" and c.appointed_on in _NEW_HEADS_ON.values()
    ]
    county_leaders = [
        c for c in cadres if c.category == "leading_body_member" and c.rank == "county"
    ]
    chengguan_villagers = [
        c
        for c in cadres
        if c.unit.startswith("540102") and len(c.unit) == 12 and c.category in VILLAGE_CATEGORIES
    ]
    lhasa_temple = next(c for c in cadres if c.category == "temple_committee_cadre")
    return [
        *(confirmed(c, "rd-township-induction-1") for c in new_heads),
        *(confirmed(c, "nd-cps-leaders-1") for c in county_leaders[:2]),
        *(confirmed(c, "cg-540102-winter-1") for c in chengguan_villagers[:4]),
        confirmed(lhasa_temple, "rd-temple-demo-1"),
    ]


def demo_region() -> Plan:
    """Return the demo plan: a small Tibetan region's training year 2024.

    A consistent, deterministic plan in the shape of the source report: the
    region with 8 departments, 3 prefectures, 6 counties (2 on the border), 12
    townships, 29 villages and 4 temple management committees; about 300
    cadres of every default category; institutions of every default kind;
    programs of all seven tiers with their sessions in 2024; the default
    requirements plus winter training and township-head induction; training
    history from 2020 to 2023; seat quotas, a national dispatch quota, practice
    posts and assignments, and a few confirmed enrollments. Every reference
    resolves, so it survives a save and load unchanged.

    Each call builds the plan afresh, in milliseconds, and returns an equal
    plan.

    Examples:
        >>> plan = demo_region()
        >>> plan.name
        '西藏自治区2024年度干部教育培训计划（演示）'
        >>> len(plan.cadres), len(plan.programs), len(plan.sessions)
        (301, 50, 53)
        >>> sorted({plan.tier_of(session) for session in plan.sessions}) == sorted(plan.tiers.codes)
        True
    """
    builder = _Builder()
    builder.build_units()
    builder.build_cadres()
    builder.build_history()
    builder.build_programs()
    posts = _posts()
    return Plan(
        name="西藏自治区2024年度干部教育培训计划（演示）",
        period=Period(_D(_YEAR, 1, 1), _D(_YEAR, 12, 31)),
        units=tuple(builder.units),
        cadres=tuple(builder.cadres),
        institutions=tuple(builder.institutions),
        action_plans=(GRASSROOTS_ACTION_PLAN,),
        programs=tuple(builder.programs),
        sessions=tuple(builder.sessions),
        enrollments=tuple(_enrollments(builder.cadres)),
        history=tuple(builder.history),
        requirements=requirements_for(_YEAR),
        seat_quotas=tuple(builder.seat_quotas),
        dispatch_quotas=(
            DispatchQuota(
                id="dq-2024-central",
                seats=12,
                tier="national_dispatch",
                institution_kind="national_institution",
                issuer="中组部",
            ),
        ),
        posts=tuple(posts),
        assignments=tuple(_assignments(builder.cadres, posts)),
    )
