"""A seeded generator of synthetic regions, from a handful of cadres to millions.

The generator works in one pass over the people and needs no search: each
cadre is drawn with a *primary* program (the class the plan means them for),
and every program's seats are sized from the count of its primaries plus a
tier-dependent slack. That keeps the plan consistent by construction: with
``with_enrollments=True`` each cadre is placed in a session of their primary
program (capacity is guaranteed), and some get a second seat where spare seats
remain, in a session that neither overlaps the first nor repeats its program.

Everything random comes from ``random.Random(seed)`` (and, for the optional
enrollments, a second generator derived from the seed), so the plan is a pure
function of the arguments. Strings and dates that repeat (names, unit ids,
days) are shared objects, which keeps a million cadres within a few hundred MB.
"""

from __future__ import annotations

import array
import datetime as dt
import math
import random
from typing import TYPE_CHECKING, NamedTuple

import attrs

from cadreplan._audience import Audience
from cadreplan._people import Cadre, TrainingRecord
from cadreplan._plan import Period, Plan
from cadreplan._practice import Post, PostKind, PracticeAssignment
from cadreplan._quotas import DispatchQuota, SeatQuota
from cadreplan._training import (
    DeliveryMode,
    Enrollment,
    Institution,
    Program,
    Session,
    TeachingMethod,
)
from cadreplan._units import Unit, UnitKind
from cadreplan.datasets._demo import (
    GRASSROOTS_ACTION_PLAN,
    INDUCTION_THEMES,
    NAMES,
    PAST_GROUP,
    PAST_TRAINING,
    REGION_ALTITUDE_M,
    REGION_NAME,
    REGIONAL_DEPARTMENTS,
    WINTER_TRAINING_THEMES,
    id_number,
    party_committee_name,
    requirements_for,
    shared_institutions,
)

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

__all__ = ["RegionShape", "region_shape", "synthetic_region"]

FULL_SCALE_CADRES = 140_000
"""The cadres of the source's region; unit counts scale with ``cadres / FULL_SCALE_CADRES``."""

_FULL_SHAPE = (7, 74, 700, 5400, 700)
_FULL_DISPATCH = 565


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


def _table(weights: Sequence[tuple[str, int]]) -> tuple[str, ...]:
    """Expand ``(value, weight)`` pairs into a table to index with ``int(random() * len)``."""
    return tuple(value for value, weight in weights for _ in range(weight))


def _spread(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split *total* into ``len(weights)`` counts proportional to *weights* (largest remainder).

    Each count is at least *minimum*; ties go to the earlier index.
    """
    size = len(weights)
    if size == 0:
        return []
    rest = total - minimum * size
    weight_sum = sum(weights)
    if rest <= 0 or weight_sum <= 0:
        return [minimum] * size
    quotas = [rest * weight / weight_sum for weight in weights]
    counts = [int(quota) for quota in quotas]
    left = rest - sum(counts)
    for index in sorted(range(size), key=lambda i: counts[i] - quotas[i])[:left]:
        counts[index] += 1
    return [minimum + count for count in counts]


# -- the real geography, reused cyclically ---------------------------------------

# (name, altitude, partner province, partner institution or "", theme of its key class,
#  counties as (name, altitude, is a border county)).
_Prefecture = tuple[str, int, str, str, str, tuple[tuple[str, int, bool], ...]]
_PREFECTURES: tuple[_Prefecture, ...] = (
    ("拉萨市", 3650, "北京", "i-pku", "long_term_stability", (
        ("城关区", 3650, False), ("堆龙德庆区", 3700, False), ("达孜区", 3730, False),
        ("林周县", 3870, False), ("当雄县", 4200, False), ("尼木县", 3800, False),
        ("曲水县", 3600, False), ("墨竹工卡县", 3800, False))),
    ("日喀则市", 3840, "上海", "", "border_development", (
        ("桑珠孜区", 3840, False), ("南木林县", 4000, False), ("江孜县", 4040, False),
        ("定日县", 4300, True), ("萨迦县", 4320, False), ("拉孜县", 4010, False),
        ("昂仁县", 4320, False), ("谢通门县", 4000, False), ("白朗县", 3890, False),
        ("仁布县", 3950, False), ("康马县", 4300, True), ("定结县", 4300, True),
        ("仲巴县", 4770, True), ("亚东县", 2900, True), ("吉隆县", 4200, True),
        ("聂拉木县", 3750, True), ("萨嘎县", 4500, True), ("岗巴县", 4700, True))),
    ("昌都市", 3240, "天津", "", "ecological_protection", (
        ("卡若区", 3240, False), ("江达县", 3560, False), ("贡觉县", 3650, False),
        ("类乌齐县", 3800, False), ("丁青县", 3870, False), ("察雅县", 3650, False),
        ("八宿县", 3260, False), ("左贡县", 3780, False), ("芒康县", 3870, False),
        ("洛隆县", 3640, False), ("边坝县", 3650, False))),
    ("林芝市", 2900, "广东", "i-shenzhen", "ecological_protection", (
        ("巴宜区", 2950, False), ("工布江达县", 3400, False), ("米林市", 2950, True),
        ("墨脱县", 1200, True), ("波密县", 2750, False), ("察隅县", 2300, True),
        ("朗县", 3100, True))),
    ("山南市", 3560, "湖北", "", "border_development", (
        ("乃东区", 3560, False), ("扎囊县", 3600, False), ("贡嘎县", 3600, False),
        ("桑日县", 3560, False), ("琼结县", 3700, False), ("曲松县", 3900, False),
        ("措美县", 4400, False), ("洛扎县", 3800, True), ("加查县", 3250, False),
        ("隆子县", 3900, True), ("错那市", 4380, True), ("浪卡子县", 4450, True))),
    ("那曲市", 4500, "浙江", "i-zju", "ecological_protection", (
        ("色尼区", 4500, False), ("嘉黎县", 4500, False), ("比如县", 4000, False),
        ("聂荣县", 4700, False), ("安多县", 4800, False), ("申扎县", 4700, False),
        ("索县", 4000, False), ("班戈县", 4700, False), ("巴青县", 4100, False),
        ("尼玛县", 4500, False), ("双湖县", 5000, False))),
    ("阿里地区", 4300, "河北", "", "border_development", (
        ("普兰县", 3900, True), ("札达县", 3750, True), ("噶尔县", 4300, True),
        ("日土县", 4250, True), ("革吉县", 4500, False), ("改则县", 4400, False),
        ("措勤县", 4700, False))),
)  # fmt: skip

_THEME_LABELS = {
    "long_term_stability": "维护稳定",
    "border_development": "固边兴边",
    "ecological_protection": "生态保护",
}
_SYLLABLES = tuple("扎西岗曲达孜嘎拉措朗日吉德庆林卡如多琼贡觉宗巴雪玛堆龙江热萨羊卓那桑帕堆康")
_HIGH_ALTITUDE_M = 4000

# Scope levels of programs and places.
_REGION, _PREFECTURE, _COUNTY, _TOWNSHIP = range(4)

# -- programs ----------------------------------------------------------------------

_Window = tuple[int, int, int, int]
_WINTER: tuple[_Window, ...] = ((1, 8, 3, 20), (11, 10, 12, 20))
_SPRING_AUTUMN: tuple[_Window, ...] = ((3, 1, 6, 30), (9, 1, 11, 30))
_MOST_OF_YEAR: tuple[_Window, ...] = ((3, 1, 11, 30),)

_M = TeachingMethod
_LECTURES = frozenset({_M.LECTURE, _M.CASE_TEACHING})
_SEMINARS = frozenset({_M.LECTURE, _M.SEMINAR, _M.CASE_TEACHING})
_PRACTICAL = frozenset({_M.LECTURE, _M.SCENARIO_SIMULATION, _M.TABLETOP_EXERCISE})
_REVIEW = frozenset({_M.LECTURE, _M.CASE_TEACHING, _M.AFTER_ACTION_REVIEW})
_VISITS = frozenset({_M.LECTURE, _M.FIELD_VISIT})

# Institution placeholders, resolved per program.
_PREFECTURE_SCHOOL = "@prefecture-school"
_PREFECTURE_SCHOOLS = "@prefecture-schools"
_COUNTY_SCHOOL = "@county-school"
_TOWNSHIP_VENUE = "@township-venue"
_PARTNER = "@partner"


class _Family(NamedTuple):
    """A kind of program, instantiated once per scope unit that has primaries in it."""

    key: str
    tier: str
    scope: int
    title: str
    themes: frozenset[str]
    audience: Audience
    institutions: tuple[str, ...]
    hours: float
    days: int
    size: int
    windows: tuple[_Window, ...]
    slack: float = 0.1
    organizer: str = "zzb"
    co_organizers: tuple[str, ...] = ()
    delivery: DeliveryMode = DeliveryMode.IN_PERSON
    methods: frozenset[TeachingMethod] = _LECTURES
    is_grassroots: bool = False
    has_quota: bool = False


def _a(
    categories: Sequence[str] = (),
    *,
    ranks: Sequence[str] = (),
    tags: Sequence[str] = (),
    units: Collection[str] = (),
    min_potential: int | None = None,
    max_age: int | None = None,
) -> Audience:
    return Audience(
        categories=frozenset(categories),
        ranks=frozenset(ranks),
        tags=frozenset(tags),
        units=frozenset(units),
        min_potential=min_potential,
        max_age=max_age,
    )


def _f(*themes: str) -> frozenset[str]:
    return frozenset(themes)


_LEADERS = _a(ranks=("county", "prefecture"), tags=("leader",))
_RESPONSIBLE = _a(
    ("leading_body_member", "county_department_official"),
    ranks=("township", "county"),
    tags=("leader",),
)
_SEMINAR_AUDIENCE = _a(("leading_body_member", "county_department_official"), tags=("leader",))
_VILLAGE = ("village_cadre", "village_resident_team", "party_branch_secretary")

_ND, _RD, _PK, _CG = (
    "national_dispatch",
    "regional_demonstration",
    "prefecture_key",
    "county_general",
)
_SS, _PA, _TB = "sector_system", "partner_aid_supplementary", "township_backstop"

_FAMILIES: tuple[_Family, ...] = (
    _Family("nd-cps", _ND, _REGION, "中央党校（国家行政学院）西藏领导干部培训班",
            _f("party_theory", "party_spirit", "long_term_stability"), _LEADERS, ("i-cps",),
            240.0, 56, 60, _SPRING_AUTUMN, slack=0.0, methods=_SEMINARS),
    _Family("nd-colleges", _ND, _REGION, "浦东、井冈山、延安干部学院西藏领导干部培训班",
            _f("party_spirit", "high_quality_development"), _LEADERS,
            ("i-pudong", "i-jinggangshan", "i-yanan"), 120.0, 19, 50, _MOST_OF_YEAR,
            slack=0.0, methods=_SEMINARS | {_M.FIELD_VISIT}),
    _Family("nd-ndu", _ND, _REGION, "国防大学国家安全与边境建设专题研讨班",
            _f("border_development", "long_term_stability"), _LEADERS, ("i-ndu",), 80.0, 12,
            40, _MOST_OF_YEAR, slack=0.0, methods=_SEMINARS | {_M.TABLETOP_EXERCISE}),
    _Family("nd-online-flood", _ND, _REGION,
            "中国干部网络学院水旱灾害风险管理与水资源刚性约束网上专题班",
            _f("flood_drought_risk"), _RESPONSIBLE, ("i-online",), 30.0, 31, 150,
            ((6, 1, 8, 31),), slack=0.0, delivery=DeliveryMode.ONLINE),
    _Family("nd-online-river", _ND, _REGION, "中国干部网络学院强化河湖长制网上专题班",
            _f("river_lake_chief", "ecological_protection"), _RESPONSIBLE, ("i-online",), 30.0,
            31, 150, ((9, 1, 11, 30),), slack=0.0, delivery=DeliveryMode.ONLINE),
    _Family("rd-seminar-unity", _RD, _REGION, "着力创建全国民族团结进步模范区专题研讨班",
            _f("long_term_stability", "common_language", "religious_affairs_law"),
            _SEMINAR_AUDIENCE, ("i-xzdx",), 40.0, 5, 60, ((3, 1, 5, 31),), slack=0.05,
            co_organizers=("zfw", "mzw", "xcb", "dx"), methods=_SEMINARS, has_quota=True),
    _Family("rd-seminar-economy", _RD, _REGION, "着力创建高原经济高质量发展先行区专题研讨班",
            _f("high_quality_development"), _SEMINAR_AUDIENCE, ("i-xzdx",), 40.0, 5, 60,
            ((4, 1, 6, 30),), slack=0.05, co_organizers=("czt", "nynct", "dx"),
            methods=_SEMINARS, has_quota=True),
    _Family("rd-seminar-ecology", _RD, _REGION, "着力创建国家生态文明高地专题研讨班",
            _f("ecological_protection"), _SEMINAR_AUDIENCE, ("i-xzdx",), 40.0, 5, 60,
            ((5, 1, 7, 31),), slack=0.05, co_organizers=("nynct", "dx"), methods=_SEMINARS,
            has_quota=True),
    _Family("rd-seminar-border", _RD, _REGION, "着力创建国家固边兴边富民行动示范区专题研讨班",
            _f("border_development"), _SEMINAR_AUDIENCE, ("i-xzdx",), 40.0, 5, 60,
            ((6, 1, 9, 30),), slack=0.05, co_organizers=("zfw", "czt", "dx"),
            methods=_SEMINARS, has_quota=True),
    _Family("rd-rural-governance", _RD, _REGION, "乡村治理专题培训班", _f("rural_governance"),
            _a(("township_head", "leading_body_member")), ("i-zju",), 48.0, 10, 50,
            _MOST_OF_YEAR, slack=0.05, co_organizers=("nynct", "xczxj"),
            methods=_SEMINARS | {_M.FIELD_VISIT}),
    _Family("rd-military-civil", _RD, _REGION, "深化“五共五固”军地基层党组织结对共建专题培训班",
            _f("military_civil_pairing", "party_spirit", "border_development"),
            _a(("party_branch_secretary", "township_head")), ("i-baise",), 40.0, 8, 50,
            _MOST_OF_YEAR, slack=0.05, co_organizers=("zfw",),
            methods=frozenset({_M.LECTURE, _M.SCENARIO_SIMULATION, _M.FIELD_VISIT})),
    _Family("rd-temple-demo", _RD, _REGION, "寺管会干部示范培训班",
            _f("temple_management", "religious_affairs_law", "common_language"),
            _a(("temple_committee_cadre",)), ("i-scu",), 48.0, 10, 50, _MOST_OF_YEAR,
            slack=0.05, co_organizers=("mzw", "zfw"), has_quota=True),
    _Family("rd-cybersecurity", _RD, _REGION, "领导干部网络安全专题培训班", _f("cybersecurity"),
            _LEADERS, ("i-pku",), 40.0, 5, 50, _MOST_OF_YEAR, slack=0.05,
            co_organizers=("xcb",), methods=_PRACTICAL),
    _Family("rd-young-cadres", _RD, _REGION, "年轻干部履职能力提升班",
            _f("performance_capability", "party_theory"), _a(("young_cadre",), max_age=35),
            ("i-ruc",), 56.0, 12, 50, _MOST_OF_YEAR, slack=0.05,
            methods=_REVIEW | {_M.SCENARIO_SIMULATION}),
    _Family("rd-party-spirit", _RD, _REGION, "党性教育专题培训班", _f("party_spirit"),
            _a(("county_department_official", "young_cadre", "township_head")),
            ("i-laoshan", "i-shenzhen"), 40.0, 7, 50, _MOST_OF_YEAR, slack=0.05,
            methods=_VISITS),
    _Family("rd-township-induction", _RD, _REGION, "乡镇党政正职任职培训班",
            _f("induction", "rural_governance", "performance_capability"),
            _a(("township_head",)), ("i-xzdx",), 80.0, 15, 60, ((7, 1, 11, 30),), slack=0.1,
            co_organizers=("dx",), methods=_PRACTICAL | _REVIEW, is_grassroots=True,
            has_quota=True),
    _Family("pk-township", _PK, _PREFECTURE, "{place}乡镇干部履职能力重点培训班",
            _f("performance_capability", "rural_governance"),
            _a(("township_cadre", "rural_revitalization_officer")), (_PREFECTURE_SCHOOL,),
            40.0, 7, 80, _SPRING_AUTUMN, methods=_REVIEW),
    _Family("pk-county", _PK, _PREFECTURE, "{place}县区部门负责同志重点培训班",
            _f("high_quality_development", "performance_capability"),
            _a(("county_department_official", "county_enterprise_leader",
                "leading_body_member")), (_PREFECTURE_SCHOOL,), 40.0, 5, 60, _SPRING_AUTUMN,
            methods=_SEMINARS),
    _Family("pk-theme", _PK, _PREFECTURE, "{place}{theme}专题重点培训班", _f(),
            _a(("township_head", "township_cadre", "young_cadre")), (_PREFECTURE_SCHOOL,),
            32.0, 5, 60, _SPRING_AUTUMN, methods=_PRACTICAL),
    _Family("cg-winter", _CG, _COUNTY, "{place}村（居）干部冬训班", WINTER_TRAINING_THEMES,
            _a(_VILLAGE), (_COUNTY_SCHOOL,), 40.0, 10, 120, _WINTER, slack=0.08,
            methods=_REVIEW, is_grassroots=True),
    _Family("cg-officials", _CG, _COUNTY, "{place}机关干部履职能力普遍培训班",
            _f("performance_capability", "party_theory"),
            _a(("county_department_official", "county_enterprise_leader",
                "new_organization_party_head", "young_cadre")), (_COUNTY_SCHOOL,), 32.0, 5,
            80, _SPRING_AUTUMN, methods=_PRACTICAL),
    _Family("cg-new-organizations", _CG, _COUNTY, "{place}“两企三新”党组织负责人轮训班",
            _f("party_theory", "party_spirit"), _a(("new_organization_party_head",)),
            (_COUNTY_SCHOOL,), 24.0, 3, 60, _SPRING_AUTUMN),
    _Family("cg-leaders", _CG, _COUNTY, "{place}领导班子成员专题读书班",
            _f("party_theory", "high_quality_development"), _a(("leading_body_member",)),
            (_COUNTY_SCHOOL,), 40.0, 5, 40, _SPRING_AUTUMN, slack=0.05, methods=_SEMINARS),
    _Family("ss-rural-revitalization", _SS, _REGION, "全区乡村振兴专干业务培训班",
            _f("rural_governance", "high_quality_development"),
            _a(("rural_revitalization_officer",)), (_PREFECTURE_SCHOOLS,), 32.0, 5, 60,
            _MOST_OF_YEAR, organizer="xczxj", co_organizers=("nynct",)),
    _Family("ss-religious-affairs", _SS, _REGION, "全区寺管会干部依法管理宗教事务培训班",
            _f("religious_affairs_law", "temple_management", "common_language"),
            _a(("temple_committee_cadre",)), (_PREFECTURE_SCHOOLS,), 32.0, 5, 60,
            _MOST_OF_YEAR, organizer="mzw", co_organizers=("zfw",)),
    _Family("ss-rural-talent", _SS, _REGION, "农村实用人才带头人和大学生村官示范培训班",
            _f("rural_governance", "high_quality_development"),
            _a(("village_cadre", "party_branch_secretary")), (_PREFECTURE_SCHOOLS,), 40.0, 8,
            60, _MOST_OF_YEAR, organizer="nynct", co_organizers=("zzb",), methods=_VISITS,
            is_grassroots=True),
    _Family("ss-finance", _SS, _REGION, "全区财政干部预算管理业务培训班",
            _f("performance_capability"), _a(("county_department_official",)),
            (_PREFECTURE_SCHOOLS,), 24.0, 4, 60, _MOST_OF_YEAR, organizer="czt"),
    _Family("pa-partner", _PA, _PREFECTURE, "{partner}援藏{place}干部能力提升班",
            _f("performance_capability", "high_quality_development"),
            _a(("township_cadre", "county_department_official", "young_cadre")), (_PARTNER,),
            48.0, 10, 50, _MOST_OF_YEAR, slack=0.05, methods=_VISITS),
    _Family("tb", _TB, _TOWNSHIP, "{place}基层干部兜底培训班", WINTER_TRAINING_THEMES, _a(),
            (_TOWNSHIP_VENUE,), 24.0, 5, 80, ((3, 1, 3, 31), (11, 15, 12, 20)), slack=0.2,
            methods=_REVIEW, is_grassroots=True),
)  # fmt: skip
_FAMILY = {family.key: index for index, family in enumerate(_FAMILIES)}
# No second seats in national dispatch (its quota is met exactly) nor where seats
# are split between prefectures (they are all spoken for).
_NO_SECOND = frozenset(index for index, f in enumerate(_FAMILIES) if f.tier == _ND or f.has_quota)
_NATIONAL_SHARES = (("nd-cps", 45), ("nd-colleges", 40), ("nd-ndu", 15))
_NATIONAL = tuple(_FAMILY[key] for key in _table(_NATIONAL_SHARES))
_HAS_QUOTA = tuple(family.has_quota for family in _FAMILIES)
_INDUCTION = _FAMILY["rd-township-induction"]
_WINTER_FAMILY = _FAMILY["cg-winter"]

# -- people ------------------------------------------------------------------------

_HOST_VILLAGE, _HOST_TOWNSHIP, _HOST_TEMPLE = "village", "township", "temple"
_HOST_DEPARTMENT, _HOST_BODY, _HOST_ORGANIZATION = "department", "body", "organization"
_HOST_COUNTY, _HOST_PREFECTURE, _HOST_REGIONAL = "county", "prefecture", "regional"


class _Category(NamedTuple):
    """How the cadres of one category are drawn."""

    code: str
    weight: int  # cadres per 140,000
    hosts: tuple[tuple[str, float], ...]  # host kind and share of the category
    ranks: tuple[tuple[str, int], ...]
    ages: tuple[int, int]  # whole years on 1 January of the plan year
    shares: tuple[tuple[str, int], ...]  # primary program families, by weight
    fallback: str
    leader_ranks: frozenset[str] = frozenset()
    tag: str | None = None
    potential: tuple[int, int, int, int, int] = (10, 25, 35, 20, 10)


_SEMINAR_KEYS = tuple(f"rd-seminar-{key}" for key in ("unity", "economy", "ecology", "border"))
_CATEGORIES: tuple[_Category, ...] = (
    _Category("village_cadre", 69_186, ((_HOST_VILLAGE, 1.0),), (("unranked", 1),), (25, 58),
              (("cg-winter", 62), ("tb", 34), ("ss-rural-talent", 4)), "tb"),
    _Category("party_branch_secretary", 8_534, ((_HOST_VILLAGE, 1.0),), (("unranked", 1),),
              (30, 58), (("cg-winter", 58), ("tb", 38), ("rd-military-civil", 2),
                         ("ss-rural-talent", 2)), "tb"),
    _Category("village_resident_team", 21_000, ((_HOST_VILLAGE, 1.0),),
              (("staff", 60), ("township", 35), ("county", 5)), (24, 50),
              (("cg-winter", 62), ("tb", 38)), "tb", potential=(5, 20, 35, 25, 15)),
    _Category("township_head", 1_400, ((_HOST_TOWNSHIP, 1.0),), (("township", 1),), (32, 50),
              (("rd-rural-governance", 10), ("rd-military-civil", 5), ("rd-party-spirit", 5),
               ("pk-theme", 30), ("tb", 50)), "tb", leader_ranks=frozenset({"township"}),
              potential=(5, 15, 35, 30, 15)),
    _Category("township_cadre", 16_800, ((_HOST_TOWNSHIP, 1.0),),
              (("staff", 70), ("township", 30)), (23, 55),
              (("pk-township", 30), ("pk-theme", 10), ("pa-partner", 10), ("tb", 50)), "tb"),
    _Category("rural_revitalization_officer", 2_100, ((_HOST_TOWNSHIP, 1.0),),
              (("staff", 1),), (24, 45),
              (("ss-rural-revitalization", 50), ("pk-township", 20), ("tb", 30)), "tb"),
    _Category("temple_committee_cadre", 3_900, ((_HOST_TEMPLE, 1.0),),
              (("staff", 60), ("township", 40)), (28, 55),
              (("rd-temple-demo", 5), ("ss-religious-affairs", 45), ("tb", 50)), "tb"),
    _Category("county_department_official", 9_800, ((_HOST_DEPARTMENT, 1.0),),
              (("staff", 65), ("township", 35)), (24, 58),
              (("cg-officials", 53), ("pk-county", 15), ("ss-finance", 5),
               ("nd-online-flood", 4), ("nd-online-river", 4), ("rd-party-spirit", 2),
               ("pa-partner", 9), *((key, 2) for key in _SEMINAR_KEYS)),
              "cg-officials", leader_ranks=frozenset({"township"})),
    _Category("county_enterprise_leader", 1_400, ((_HOST_BODY, 1.0),), (("township", 1),),
              (30, 57), (("cg-officials", 70), ("pk-county", 30)), "cg-officials",
              leader_ranks=frozenset({"township"})),
    _Category("new_organization_party_head", 1_680, ((_HOST_ORGANIZATION, 1.0),),
              (("unranked", 1),), (28, 58),
              (("cg-new-organizations", 80), ("cg-officials", 20)), "cg-new-organizations"),
    _Category("leading_body_member", 1_400,
              ((_HOST_COUNTY, 0.7), (_HOST_PREFECTURE, 0.15), (_HOST_REGIONAL, 0.15)),
              (("county", 1),), (38, 57),
              (*((key, 20) for key in _SEMINAR_KEYS), ("rd-cybersecurity", 40),
               ("rd-rural-governance", 20), ("pk-county", 80), ("cg-leaders", 180)),
              "rd-cybersecurity", leader_ranks=frozenset({"county", "prefecture"}),
              potential=(0, 15, 40, 30, 15)),
    _Category("young_cadre", 2_800,
              ((_HOST_DEPARTMENT, 0.6), (_HOST_PREFECTURE, 0.25), (_HOST_REGIONAL, 0.15)),
              (("staff", 70), ("township", 30)), (24, 33),
              (("rd-young-cadres", 12), ("rd-party-spirit", 5), ("pk-theme", 15),
               ("pa-partner", 10), ("cg-officials", 58)), "rd-young-cadres", tag="young",
              potential=(0, 10, 30, 35, 25)),
)  # fmt: skip

_CATEGORY_CODES = tuple(category.code for category in _CATEGORIES)


class _Draw:
    """The tables one category's cadres are drawn from, computed once per category."""

    __slots__ = (
        "appointed_from",
        "born_low",
        "born_span",
        "category",
        "fallback",
        "heads_from",
        "heads_until",
        "new_head_until",
        "past",
        "potentials",
        "ranks",
        "shares",
        "start_ordinal",
        "tag_sets",
    )

    def __init__(self, category: _Category, year: int) -> None:
        self.category = category
        self.ranks = _table(category.ranks)
        self.potentials = tuple(
            int(p) for p in _table([(str(p), w) for p, w in enumerate(category.potential, 1)])
        )
        self.shares = tuple(_FAMILY[key] for key in _table(category.shares))
        self.fallback = _FAMILY[category.fallback]
        self.tag_sets = _tag_sets(category)
        self.past = PAST_TRAINING[PAST_GROUP[category.code]]
        self.start_ordinal = dt.date(year, 1, 1).toordinal()
        # Ages in whole years on 1 January of the plan year.
        self.born_low = dt.date(year - category.ages[1] - 1, 1, 2).toordinal()
        self.born_span = dt.date(year - category.ages[0], 1, 1).toordinal() - self.born_low + 1
        self.appointed_from = dt.date(year - 12, 1, 1).toordinal()
        self.heads_from = dt.date(year - 4, 1, 1).toordinal()
        self.heads_until = dt.date(year - 1, 6, 30).toordinal()
        self.new_head_until = dt.date(year, 6, 30).toordinal()

    def ranks_at(self, level: int) -> tuple[str, ...]:
        """Return the rank table for a host at *level* (leaders above a county rank higher)."""
        if self.category.code == "leading_body_member" and level <= _PREFECTURE:
            return ("prefecture",) if level == _REGION else ("county", "prefecture", "county")
        return self.ranks


_HISTORY_SHARE = 0.3
_TWO_RECORDS_SHARE = 0.3  # of those with history
_COMPLETED_SHARE = 0.9
_ID_SHARE = 0.1  # of cadres with a resident id number
_NEW_HEAD_SHARE = 0.1
_SECOND_SEAT_TRIES = 0.25
_ADULT_DAYS = 8036  # 22 years: nobody takes office younger


@attrs.define(slots=True)
class _Place:
    """A unit that hosts cadres, with the ids of the scopes it lies in."""

    unit: str
    scopes: tuple[str, str | None, str | None, str | None]  # region, prefecture, county, township
    area: str  # the 6-digit area code of id numbers
    prefecture_index: int  # -1 at region level


@attrs.frozen
class _Area:
    """Where units are being built: their scopes, area code, prefecture and altitude."""

    scopes: tuple[str, str | None, str | None, str | None]
    area: str
    prefecture: int
    altitude: int
    is_border: bool = False


@attrs.define(slots=True)
class _ProgramDraft:
    """A program instance while the people are drawn: its family, scope and primaries."""

    family: int
    scope: str
    primaries: int = 0
    # Prefecture index of each primary, in order, for programs whose seats are split.
    prefectures: list[int] = attrs.Factory(list)
    sessions: list[int] = attrs.Factory(list)


class _Generator:
    """Builds one synthetic plan; one instance per call."""

    def __init__(self, cadres: int, seed: int, year: int) -> None:
        self.cadre_count = cadres
        self.seed = seed
        self.year = year
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.shape = region_shape(cadres)
        self.scale = cadres / FULL_SCALE_CADRES
        self.units: list[Unit] = []
        self.names: dict[str, str] = {}
        self.institutions: list[Institution] = shared_institutions()
        self.hosts: dict[str, list[_Place]] = {}
        self.host_weights: dict[str, list[float]] = {}
        self.prefectures: list[tuple[str, _Prefecture]] = []  # (unit id, geography row)
        self.border_counties: list[str] = []
        self.days: dict[int, dt.date] = {}
        self.cadres: list[Cadre] = []
        self.history: list[TrainingRecord] = []
        self.drafts: list[_ProgramDraft] = []
        self.draft_of: dict[tuple[int, str], int] = {}
        self.primary_program = array.array("i")
        self.primary_ordinal = array.array("i")
        self.residents: dict[str, list[int]] = {}  # county -> candidate cadre indexes
        self.sessions: list[Session] = []
        self.keep_primaries = False
        self.dispatch = self.national_left = self.leaders_left = 0
        self.id_width = max(6, len(str(cadres)))
        self.id_sequences: dict[str, int] = {}
        self.past_programs: dict[tuple[int, str], str] = {}

    def id_number(self, area: str, born_on: dt.date) -> str:
        # A counter per area keeps the numbers unique while an area issues < 1000.
        sequence = self.id_sequences[area] = self.id_sequences.get(area, 0) + 1
        return id_number(area, born_on, sequence)

    def past_program(self, year: int, key: str) -> str:
        # Past programs are not in the plan; their ids are shared strings.
        try:
            return self.past_programs[year, key]
        except KeyError:
            program = self.past_programs[year, key] = f"{year}-{key}"
            return program

    def day(self, ordinal: int) -> dt.date:
        try:
            return self.days[ordinal]
        except KeyError:
            day = self.days[ordinal] = dt.date.fromordinal(ordinal)
            return day

    # -- units -----------------------------------------------------------------

    def add_unit(self, id_: str, name: str, kind: UnitKind, parent: str | None, at: _Area) -> str:
        tags = {"border"} if at.is_border else set()
        if at.altitude >= _HIGH_ALTITUDE_M:
            tags.add("high_altitude")
        self.units.append(
            Unit(
                id=id_,
                name=name,
                kind=kind,
                parent=parent,
                altitude_m=at.altitude,
                tags=frozenset(tags),
            )
        )
        return id_

    def host(self, kind: str, unit: str, at: _Area, weight: float = 1.0) -> None:
        self.hosts.setdefault(kind, []).append(_Place(unit, at.scopes, at.area, at.prefecture))
        self.host_weights.setdefault(kind, []).append(weight)

    def party_school(self, scope: str, name: str, altitude: int) -> None:
        self.institutions.append(
            Institution(
                id=f"i-{scope}-dx",
                name=f"中共{party_committee_name(name)}党校",
                kind="party_school",
                location=name,
                altitude_m=altitude,
            )
        )

    def syllables(self, suffix: str) -> str:
        choice = self.rng.choice
        return choice(_SYLLABLES) + choice(_SYLLABLES) + suffix

    def build_units(self) -> None:
        rng, shape = self.rng, self.shape
        top = _Area(("54", None, None, None), "540100", -1, REGION_ALTITUDE_M)
        region = self.add_unit("54", REGION_NAME, UnitKind.REGION, None, top)
        for key, name in REGIONAL_DEPARTMENTS:
            self.host(
                _HOST_REGIONAL,
                self.add_unit(f"54.{key}", name, UnitKind.DEPARTMENT, region, top),
                top,
            )
        geography = [_PREFECTURES[p % len(_PREFECTURES)] for p in range(shape.prefectures)]
        counties_per = _spread(shape.counties, [len(row[5]) for row in geography], 1)
        townships_per = iter(
            _spread(shape.townships, [rng.uniform(0.6, 1.4) for _ in range(shape.counties)], 1)
        )
        township_weights = [rng.uniform(0.5, 1.5) for _ in range(shape.townships)]
        villages_per = _spread(shape.villages, township_weights, 1)
        temples_per = _spread(
            shape.temple_committees, [rng.random() for _ in range(shape.townships)]
        )
        townships = iter(zip(villages_per, temples_per, township_weights, strict=True))
        for p, row in enumerate(geography):
            name, altitude, _, _, _, counties = row
            if p >= len(_PREFECTURES):
                name = f"{name}（{p // len(_PREFECTURES) + 1}）"
            prefecture = f"54.{p + 1:02d}"
            at = _Area((region, prefecture, None, None), f"54{(p + 1) % 100:02d}00", p, altitude)
            self.add_unit(prefecture, name, UnitKind.PREFECTURE, region, at)
            self.names[prefecture] = name
            self.prefectures.append((prefecture, row))
            zzb = f"{party_committee_name(name)}组织部"
            self.host(
                _HOST_PREFECTURE,
                self.add_unit(f"{prefecture}.zzb", zzb, UnitKind.DEPARTMENT, prefecture, at),
                at,
            )
            self.party_school(prefecture, name, altitude)
            for c in range(counties_per[p]):
                c_name, c_altitude, is_border = counties[c % len(counties)]
                if c >= len(counties):
                    c_name = f"{c_name}（{c // len(counties) + 1}）"
                county = f"{prefecture}.{c + 1:02d}"
                here = _Area(
                    (region, prefecture, county, None),
                    f"54{(p + 1) % 100:02d}{(c + 1) % 100:02d}",
                    p,
                    c_altitude,
                    is_border=is_border,
                )
                self.build_county(county, c_name, here)
                for t in range(next(townships_per)):
                    self.build_township(f"{county}.{t + 1:03d}", c_name, here, *next(townships))

    def build_county(self, county: str, name: str, at: _Area) -> None:
        self.add_unit(county, name, UnitKind.COUNTY, at.scopes[_PREFECTURE], at)
        self.names[county] = name
        if at.is_border:
            self.border_counties.append(county)
        self.host(_HOST_COUNTY, county, at)
        committee = party_committee_name(name)
        for key, body, kind, host in (
            ("zzb", f"{committee}组织部", UnitKind.DEPARTMENT, _HOST_DEPARTMENT),
            ("xcb", f"{committee}宣传部", UnitKind.DEPARTMENT, _HOST_DEPARTMENT),
            ("nyncj", f"{name}农业农村局", UnitKind.DEPARTMENT, _HOST_DEPARTMENT),
            ("czj", f"{name}财政局", UnitKind.DEPARTMENT, _HOST_DEPARTMENT),
            ("gqy", f"{name}国有资产投资经营有限公司", UnitKind.ENTERPRISE, _HOST_BODY),
            ("rmyy", f"{name}人民医院", UnitKind.PUBLIC_INSTITUTION, _HOST_BODY),
            ("xh", f"{name}个体劳动者协会", UnitKind.ORGANIZATION, _HOST_ORGANIZATION),
        ):
            self.host(host, self.add_unit(f"{county}.{key}", body, kind, county, at), at)
        self.party_school(county, name, at.altitude)

    def build_township(  # noqa: PLR0917 - one positional per drawn count, called once
        self, township: str, county_name: str, county: _Area, villages: int, temples: int,
        weight: float,
    ) -> None:  # fmt: skip
        rng = self.rng
        name = self.syllables("镇" if rng.random() < 0.25 else "乡")
        altitude = min(5200, max(800, county.altitude + rng.randrange(-150, 451)))
        at = attrs.evolve(county, scopes=(*county.scopes[:3], township), altitude=altitude)
        self.add_unit(township, name, UnitKind.TOWNSHIP, county.scopes[_COUNTY], at)
        self.names[township] = name
        self.host(_HOST_TOWNSHIP, township, at, weight)
        self.institutions.append(
            Institution(
                id=f"i-{township}-venue",
                name=f"{name}党群服务中心",
                kind="local_venue",
                location=f"{county_name}{name}",
                altitude_m=altitude,
            )
        )
        for v in range(villages):
            name = self.syllables("居委会" if rng.random() < 0.1 else "村")
            village_at = attrs.evolve(at, altitude=min(5300, altitude + rng.randrange(-100, 251)))
            village = self.add_unit(f"{township}.{v + 1:03d}", name, UnitKind.VILLAGE, township,
                                    village_at)  # fmt: skip
            self.host(_HOST_VILLAGE, village, at, rng.uniform(0.5, 1.5))
        for s in range(temples):
            name = self.syllables("寺寺管会")
            temple = self.add_unit(f"{township}.s{s + 1}", name, UnitKind.TEMPLE_COMMITTEE,
                                   township, at)  # fmt: skip
            self.host(_HOST_TEMPLE, temple, at)

    # -- people ----------------------------------------------------------------

    def draft(self, family: int, place: _Place) -> int:
        scope = place.scopes[_FAMILIES[family].scope]
        assert scope is not None
        key = (family, scope)
        index = self.draft_of.get(key)
        if index is None:
            index = self.draft_of[key] = len(self.drafts)
            self.drafts.append(_ProgramDraft(family, scope))
        return index

    def build_cadres(self, *, keep_primaries: bool) -> None:
        self.keep_primaries = keep_primaries
        total_per_category = _spread(self.cadre_count, [c.weight for c in _CATEGORIES])
        leaders = total_per_category[_CATEGORY_CODES.index("leading_body_member")]
        # National dispatch selects exactly its quota among the leaders (selection sampling).
        self.dispatch = min(leaders, round(_FULL_DISPATCH * self.scale))
        self.national_left, self.leaders_left = self.dispatch, leaders
        for category, total in zip(_CATEGORIES, total_per_category, strict=True):
            hosts: list[_Place] = []
            weights: list[float] = []
            for kind, share in category.hosts:
                places = self.hosts.get(kind, [])
                kind_weights = self.host_weights.get(kind, [])
                if category.code == "township_head":
                    # One party secretary and one head per township at full scale.
                    kind_weights = [1.0] * len(places)
                kind_sum = sum(kind_weights) or 1.0
                hosts.extend(places)
                weights.extend(share * w / kind_sum for w in kind_weights)
            draw = _Draw(category, self.year)
            for place, count in zip(hosts, _spread(total, weights), strict=True):
                if count:
                    self.draw_cadres(draw, place, count)

    def draw_cadres(self, draw: _Draw, place: _Place, count: int) -> None:  # noqa: PLR0912, PLR0915 - the hot loop, flat for speed
        rnd = self.rng.random
        days, new_day = self.days, self.day
        year, start_ordinal = self.year, draw.start_ordinal
        code = draw.category.code
        ranks = draw.ranks_at(sum(scope is not None for scope in place.scopes) - 1)
        rank_count, potentials, potential_count = len(ranks), draw.potentials, len(draw.potentials)
        shares, share_count = draw.shares, len(draw.shares)
        leader_ranks, tag_sets = draw.category.leader_ranks, draw.tag_sets
        born_low, born_span = draw.born_low, draw.born_span
        is_head = code == "township_head"
        is_leader = code == "leading_body_member"
        is_resident = code == "village_resident_team"
        past_key, past_tier, past_themes, past_kind, past_hours, past_month, past_days = draw.past
        names, name_count = NAMES, len(NAMES)
        cadres, history, drafts = self.cadres, self.history, self.drafts
        keep_primaries = self.keep_primaries
        width = self.id_width
        unit = place.unit
        draft_of_family: dict[int, int] = {}
        for _ in range(count):
            number = len(cadres)
            cadre_id = f"c{number:0{width}d}"
            rank = ranks[int(rnd() * rank_count)]
            potential = potentials[int(rnd() * potential_count)]
            tags = tag_sets[rank in leader_ranks, potential == 5]
            born = born_low + int(rnd() * born_span)
            family = -1
            if is_head:
                if rnd() < _NEW_HEAD_SHARE:
                    low, high = start_ordinal, draw.new_head_until
                    family = _INDUCTION
                else:
                    low = max(born + _ADULT_DAYS, draw.heads_from)
                    high = max(low, draw.heads_until)
            else:
                low = max(born + _ADULT_DAYS, draw.appointed_from)
                high = max(low, start_ordinal - 1)
            appointed = low + int(rnd() * (high - low + 1))
            if is_leader:
                if rnd() * self.leaders_left < self.national_left:
                    family = _NATIONAL[int(rnd() * len(_NATIONAL))]
                    self.national_left -= 1
                self.leaders_left -= 1
            if family < 0:
                family = shares[int(rnd() * share_count)]
                if not _eligible(_FAMILIES[family], code, rank, tags, potential, place):
                    family = draw.fallback
            index = draft_of_family.get(family)
            if index is None:
                index = draft_of_family[family] = self.draft(family, place)
            draft = drafts[index]
            if keep_primaries:
                self.primary_program.append(index)
                self.primary_ordinal.append(draft.primaries)
            if _HAS_QUOTA[family]:
                draft.prefectures.append(place.prefecture_index)
            draft.primaries += 1
            born_on = days.get(born) or new_day(born)
            cadres.append(
                Cadre(
                    id=cadre_id,
                    name=names[int(rnd() * name_count)],
                    unit=unit,
                    category=code,
                    rank=rank,
                    appointed_on=days.get(appointed) or new_day(appointed),
                    born_on=born_on,
                    potential=potential,
                    tags=tags,
                    id_number=self.id_number(place.area, born_on) if rnd() < _ID_SHARE else None,
                )
            )
            if is_resident and family == _WINTER_FAMILY and potential >= 4:
                candidates = self.residents.setdefault(place.scopes[_COUNTY] or "", [])
                if len(candidates) < 2:
                    candidates.append(number)
            if is_head and appointed < start_ordinal:
                # Earlier heads completed their induction within months of taking office.
                start = appointed + 60 + int(rnd() * 60)
                history.append(
                    TrainingRecord(
                        cadre=cadre_id,
                        start_on=new_day(start),
                        end_on=new_day(start + 14),
                        hours=80.0,
                        program=self.past_program(new_day(start).year, "rd-township-induction"),
                        tier=_RD,
                        themes=INDUCTION_THEMES,
                        institution_kind="party_school",
                    )
                )
            if rnd() < _HISTORY_SHARE:
                offset = int(rnd() * 4)
                offsets = [offset]
                if rnd() < _TWO_RECORDS_SHARE:
                    offsets.append((offset + 1 + int(rnd() * 3)) % 4)
                for back in offsets:
                    past_year = year - 1 - back
                    start = dt.date(past_year, past_month, 8).toordinal()
                    history.append(
                        TrainingRecord(
                            cadre=cadre_id,
                            start_on=new_day(start),
                            end_on=new_day(start + past_days - 1),
                            hours=past_hours,
                            program=self.past_program(past_year, past_key),
                            tier=past_tier,
                            themes=past_themes,
                            institution_kind=past_kind,
                            is_completed=rnd() < _COMPLETED_SHARE,
                        )
                    )

    # -- programs and sessions ----------------------------------------------------

    def build_programs(self) -> tuple[list[Program], list[SeatQuota]]:
        rng = self.rng
        programs: list[Program] = []
        quotas: list[SeatQuota] = []
        prefecture_rows = dict(self.prefectures)
        prefecture_ids = [unit for unit, _ in self.prefectures]
        schools = [f"i-{unit}-dx" for unit in prefecture_ids]
        for draft in self.drafts:
            family = _FAMILIES[draft.family]
            program_id = family.key if family.scope == _REGION else f"{family.key}-{draft.scope}"
            title, themes, institutions = family.title, family.themes, family.institutions
            if family.scope != _REGION:
                row = prefecture_rows.get(draft.scope)
                partner, partner_school, theme = (row[2], row[3], row[4]) if row else ("", "", "")
                title = title.format(
                    place=self.names[draft.scope], partner=partner, theme=_THEME_LABELS.get(theme)
                )
                if family.key == "pk-theme":
                    themes = themes | {theme}
                if institutions == (_PARTNER,):
                    institutions = (partner_school or _PREFECTURE_SCHOOL,)
            organizer, co_organizers = self.organizers(family, draft.scope)
            audience = family.audience
            if family.scope != _REGION:
                audience = attrs.evolve(audience, units=frozenset({draft.scope}))
            programs.append(
                Program(
                    id=program_id,
                    title=title,
                    tier=family.tier,
                    organizer=organizer,
                    hours=family.hours,
                    themes=themes,
                    co_organizers=co_organizers,
                    audience=audience,
                    delivery=family.delivery,
                    methods=family.methods,
                    action_plan=GRASSROOTS_ACTION_PLAN.id if family.is_grassroots else None,
                )
            )
            seats = math.ceil(draft.primaries * (1 + family.slack) - 1e-9)
            count = math.ceil(seats / family.size)
            for j in range(count):
                institution = institutions[j % len(institutions)]
                if institution.startswith("@"):
                    institution = self.resolve(institution, draft.scope, schools, j)
                window = family.windows[int(rng.random() * len(family.windows))]
                first = dt.date(self.year, window[0], window[1]).toordinal()
                last = dt.date(self.year, window[2], window[3]).toordinal() - family.days + 1
                start = first + int(rng.random() * (last - first + 1))
                draft.sessions.append(len(self.sessions))
                self.sessions.append(
                    Session(
                        id=f"{program_id}-{j + 1}",
                        program=program_id,
                        institution=institution,
                        start_on=self.day(start),
                        end_on=self.day(start + family.days - 1),
                        capacity=seats // count + (j < seats % count),
                    )
                )
            if family.has_quota:
                quotas.extend(self.seat_quotas(draft, prefecture_ids))
        return programs, quotas

    def organizers(self, family: _Family, scope: str) -> tuple[str, tuple[str, ...]]:
        if family.scope == _REGION:
            return f"54.{family.organizer}", tuple(f"54.{key}" for key in family.co_organizers)
        if family.scope == _TOWNSHIP:
            county = scope.rsplit(".", 1)[0]
            return f"{county}.zzb", (scope,)
        return f"{scope}.zzb", ()

    def resolve(self, placeholder: str, scope: str, schools: list[str], index: int) -> str:
        if placeholder == _PREFECTURE_SCHOOLS:
            return schools[index % len(schools)]
        if placeholder == _TOWNSHIP_VENUE:
            return f"i-{scope}-venue"
        # The prefecture's or county's own party school.
        return f"i-{scope}-dx"

    def seat_quotas(self, draft: _ProgramDraft, prefecture_ids: list[str]) -> list[SeatQuota]:
        # Session j takes the primaries k with k % len(sessions) == j (see enroll()), so
        # each prefecture's quota in a session is exactly its primaries there.
        counts: dict[tuple[int, int], int] = {}
        sessions = len(draft.sessions)
        for k, prefecture in enumerate(draft.prefectures):
            if prefecture >= 0:
                key = (k % sessions, prefecture)
                counts[key] = counts.get(key, 0) + 1
        return [
            SeatQuota(
                unit=prefecture_ids[prefecture],
                seats=seats,
                session=self.sessions[draft.sessions[j]].id,
            )
            for (j, prefecture), seats in sorted(counts.items())
        ]

    # -- practice ----------------------------------------------------------------

    def build_practice(self) -> tuple[list[Post], list[PracticeAssignment]]:
        # Posts run from April to October, when the winter-training classes of the
        # village-resident cadres assigned to them are over.
        start_on, end_on = dt.date(self.year, 4, 1), dt.date(self.year, 10, 31)
        able = ("young_cadre", "county_department_official", "township_cadre")
        national = max(1, round(20 * self.scale))
        # (id, title, kind, host unit, slots, audience)
        rows: list[tuple[str, str, PostKind, str, int, Audience]] = [
            ("post-secondment-central", "赴中央和国家机关部委挂职锻炼",
             PostKind.SECONDMENT_CENTRAL, "54.zzb", national,
             _a(("young_cadre",), min_potential=5)),
            ("post-key-project", "自治区重点工程、重大项目一线锻炼", PostKind.KEY_PROJECT,
             "54.nynct", national, _a(able, min_potential=4)),
            ("post-investment", "招商引资一线锻炼", PostKind.INVESTMENT_PROMOTION, "54.czt",
             national, _a(able, min_potential=4)),
        ]  # fmt: skip
        for prefecture, row in self.prefectures:
            name, here = self.names[prefecture], (prefecture,)
            rows.extend(
                (f"post-{key}-{prefecture}", f"{name}{title}", kind, prefecture, 2,
                 _a(able, units=here, min_potential=3))
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
                 _a(("young_cadre",), units=here, min_potential=4))
            )  # fmt: skip
        # Per county a residency post, and on the border a border-control post, each
        # taking one of the county's village-resident cadres with high potential.
        chosen: dict[str, int] = {}
        border = set(self.border_counties)
        for place in self.hosts.get(_HOST_COUNTY, []):
            county = place.unit
            name, here = self.names[county], (county,)
            candidates = iter(self.residents.get(county, []))
            rows.append(
                (f"post-residency-{county}", f"{name}驻村驻寺实践锻炼",
                 PostKind.VILLAGE_TEMPLE_RESIDENCY, county, 2,
                 _a(("village_resident_team",), units=here, min_potential=4))
            )  # fmt: skip
            chosen[rows[-1][0]] = next(candidates, -1)
            if county in border:
                rows.append(
                    (f"post-border-{county}", f"{name}边境管控一线锻炼", PostKind.BORDER_CONTROL,
                     county, 2, _a(("village_resident_team", *able), units=here,
                                   min_potential=3))
                )  # fmt: skip
                chosen[rows[-1][0]] = next(candidates, -1)
        posts = [
            Post(id=id_, title=title, kind=kind, unit=unit, start_on=start_on, end_on=end_on,
                 slots=slots, audience=audience)
            for id_, title, kind, unit, slots, audience in rows
        ]  # fmt: skip
        assignments = [
            PracticeAssignment(cadre=self.cadres[chosen[post.id]].id, post=post.id,
                               start_on=start_on, end_on=end_on)
            for post in posts
            if chosen.get(post.id, -1) >= 0
        ]  # fmt: skip
        return posts, assignments

    # -- enrollments ---------------------------------------------------------------

    def enroll(self, busy: dict[str, tuple[dt.date, dt.date]]) -> list[Enrollment]:
        # A generator of its own, so that the plan without enrollments is the same.
        rng = random.Random(f"cadreplan.synthetic_region.enrollments:{self.seed}")  # noqa: S311
        rnd = rng.random
        sessions = self.sessions
        starts = [s.start_on for s in sessions]
        ends = [s.end_on for s in sessions]
        ids = [s.id for s in sessions]
        spare = [s.capacity for s in sessions]
        primary_session = array.array("i", bytes(4 * len(self.cadres)))
        for i in range(len(self.cadres)):
            draft = self.drafts[self.primary_program[i]]
            session = draft.sessions[self.primary_ordinal[i] % len(draft.sessions)]
            primary_session[i] = session
            spare[session] -= 1
        place_of = {place.unit: place for places in self.hosts.values() for place in places}
        choices = {
            category.code: tuple(sorted({_FAMILY[key] for key, _ in category.shares} - _NO_SECOND))
            for category in _CATEGORIES
        }
        enrollments: list[Enrollment] = []
        append = enrollments.append
        for i, cadre in enumerate(self.cadres):
            first = primary_session[i]
            append(Enrollment(cadre=cadre.id, session=ids[first]))
            if rnd() >= _SECOND_SEAT_TRIES:
                continue
            options = choices[cadre.category]
            if not options:
                continue
            family = options[int(rnd() * len(options))]
            place = place_of[cadre.unit]
            draft_index = self.draft_of.get((family, place.scopes[_FAMILIES[family].scope] or ""))
            primary_family = self.drafts[self.primary_program[i]].family
            if draft_index is None or family == primary_family:
                continue
            if not _eligible(
                _FAMILIES[family],
                cadre.category,
                cadre.rank,
                cadre.tags,
                cadre.potential or 0,
                place,
            ):
                continue
            candidates = self.drafts[draft_index].sessions
            offset = int(rnd() * len(candidates))
            blocked = [(starts[first], ends[first])]
            if cadre.id in busy:
                blocked.append(busy[cadre.id])
            for step in range(len(candidates)):
                session = candidates[(offset + step) % len(candidates)]
                if spare[session] > 0 and not any(
                    starts[session] <= end and start <= ends[session] for start, end in blocked
                ):
                    spare[session] -= 1
                    append(Enrollment(cadre=cadre.id, session=ids[session]))
                    break
        return enrollments

    # -- the plan ----------------------------------------------------------------------

    def build(self, *, with_enrollments: bool) -> Plan:
        self.build_units()
        self.build_cadres(keep_primaries=with_enrollments)
        programs, quotas = self.build_programs()
        posts, assignments = self.build_practice()
        enrollments: list[Enrollment] = []
        if with_enrollments:
            busy = {a.cadre: (a.start_on, a.end_on) for a in assignments}
            enrollments = self.enroll(busy)
        year = self.year
        return Plan(
            name=(
                f"{REGION_NAME}{year}年度干部教育培训计划"
                f"（合成数据：{self.cadre_count}名干部，种子{self.seed}）"
            ),
            period=Period(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            units=tuple(self.units),
            cadres=tuple(self.cadres),
            institutions=tuple(self.institutions),
            action_plans=(GRASSROOTS_ACTION_PLAN,),
            programs=tuple(programs),
            sessions=tuple(self.sessions),
            enrollments=tuple(enrollments),
            history=tuple(self.history),
            requirements=requirements_for(year),
            seat_quotas=tuple(quotas),
            dispatch_quotas=(
                DispatchQuota(
                    id=f"dq-{year}-central",
                    seats=self.dispatch,
                    tier=_ND,
                    institution_kind="national_institution",
                    issuer="中组部",
                ),
            ),
            posts=tuple(posts),
            assignments=tuple(assignments),
        )


def _tag_sets(category: _Category) -> dict[tuple[bool, bool], frozenset[str]]:
    """Return the shared tag sets of a category, by (is a leader, has potential 5)."""
    sets: dict[tuple[bool, bool], frozenset[str]] = {}
    for is_leader in (False, True):
        for is_top in (False, True):
            tags = set()
            if is_leader:
                tags.add("leader")
            if category.tag:
                tags.add(category.tag)
                if is_top:
                    tags.add("reserve")
            sets[is_leader, is_top] = frozenset(tags)
    return sets


def _eligible(  # noqa: PLR0917 - the fields of a cadre being drawn
    family: _Family, category: str, rank: str, tags: frozenset[str], potential: int, place: _Place
) -> bool:
    """Return whether a cadre falls in the family's audience (ages are in range by construction)."""
    audience = family.audience
    return (
        (not audience.categories or category in audience.categories)
        and (not audience.ranks or rank in audience.ranks)
        and audience.tags <= tags
        and (audience.min_potential is None or potential >= audience.min_potential)
        and place.scopes[family.scope] is not None
    )


def _check_arguments(cadres: object, seed: object, with_enrollments: object, year: object) -> None:
    for name, value in (("cadres", cadres), ("seed", seed), ("year", year)):
        if isinstance(value, bool) or not isinstance(value, int):
            msg = f"'{name}' must be an integer (got {type(value).__name__} {value!r})"
            raise TypeError(msg)
    if not isinstance(with_enrollments, bool):
        msg = f"'with_enrollments' must be true or false (got {with_enrollments!r})"
        raise TypeError(msg)
    assert isinstance(cadres, int)
    assert isinstance(year, int)
    if cadres < 0:
        msg = f"'cadres' must be >= 0 (got {cadres})"
        raise ValueError(msg)
    if not 1900 <= year <= 9999:
        msg = f"'year' must be between 1900 and 9999 (got {year})"
        raise ValueError(msg)


def synthetic_region(
    cadres: int = FULL_SCALE_CADRES,
    *,
    seed: int = 0,
    with_enrollments: bool = False,
    year: int = 2024,
) -> Plan:
    """Generate a consistent synthetic plan in the shape of the source's region.

    By default the plan has the scale of the source: 7 prefectures, 74
    counties, 700 townships, 5,400 villages, 700 temple management committees
    and 140,000 cadres; unit counts scale linearly with *cadres*. The people
    follow the source's mix (village cadres the majority, about 3,900 temple
    committee cadres at full scale, township cadres, county officials, leaders,
    young cadres); about 30% have one or two past trainings. Programs of all
    seven tiers have about 1.1 seats per cadre in all, with a backstop class in
    every township; some sessions' seats are split between prefectures, and a
    dispatch quota asks for 565 cadres at national institutions (scaled).

    The same arguments always give an equal plan (and the same bytes when
    saved); different seeds give different plans. Only ``random.Random(seed)``
    is used, never the global generator.

    Args:
        cadres: How many cadres, ``>= 0``.
        seed: Seed of the random generator.
        with_enrollments: Also place every cadre in one or two sessions
            (planned enrollments) whose program audience includes them, within
            capacity, never in two overlapping sessions or the same program
            twice, nor during their practice assignment. The rest of the plan
            is the same as without.
        year: The plan year; the period is that calendar year.

    Raises:
        TypeError: An argument has the wrong type (``cadres=True``, ``seed=1.5``).
        ValueError: *cadres* is negative or *year* is outside 1900-9999.

    Examples:
        >>> plan = synthetic_region(2_000, seed=7)
        >>> len(plan.cadres), len({plan.tier_of(s) for s in plan.sessions})
        (2000, 7)
        >>> plan == synthetic_region(2_000, seed=7)
        True
    """
    _check_arguments(cadres, seed, with_enrollments, year)
    return _Generator(cadres, seed, year).build(with_enrollments=with_enrollments)
