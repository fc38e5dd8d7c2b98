"""The tables the synthetic generator draws from: geography, program families, categories.

The real prefectures of the source (reused cyclically), the families of
programs each tier runs (audience, themes, methods, seasons, seats), the
categories of cadres with their shares and primary programs, and the shares
that shape history, id numbers and second seats.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from cadreplan.datasets._facts import PAST_GROUP, PAST_TRAINING, WINTER_TRAINING_THEMES
from cadreplan.model import Audience, DeliveryMode, TeachingMethod

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

__all__ = [
    "ADULT_DAYS",
    "CATEGORIES",
    "CATEGORY_CODES",
    "COMPLETED_SHARE",
    "COUNTY",
    "FAMILIES",
    "FAMILY",
    "HAS_QUOTA",
    "HIGH_ALTITUDE_M",
    "HISTORY_SHARE",
    "HOST_BODY",
    "HOST_COUNTY",
    "HOST_DEPARTMENT",
    "HOST_ORGANIZATION",
    "HOST_PREFECTURE",
    "HOST_REGIONAL",
    "HOST_TEMPLE",
    "HOST_TOWNSHIP",
    "HOST_VILLAGE",
    "ID_SHARE",
    "INDUCTION",
    "NATIONAL",
    "ND",
    "NEW_HEAD_SHARE",
    "NO_SECOND",
    "PARTNER",
    "PREFECTURE",
    "PREFECTURES",
    "PREFECTURE_SCHOOL",
    "PREFECTURE_SCHOOLS",
    "RD",
    "REGION",
    "SECOND_SEAT_TRIES",
    "SYLLABLES",
    "THEME_LABELS",
    "TOWNSHIP",
    "TOWNSHIP_VENUE",
    "TWO_RECORDS_SHARE",
    "WINTER_FAMILY",
    "Category",
    "Draw",
    "Family",
    "Prefecture",
    "a",
    "spread",
    "tag_sets",
]


def _table(weights: Sequence[tuple[str, int]]) -> tuple[str, ...]:
    """Expand ``(value, weight)`` pairs into a table to index with ``int(random() * len)``."""
    return tuple(value for value, weight in weights for _ in range(weight))


def spread(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
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
Prefecture = tuple[str, int, str, str, str, tuple[tuple[str, int, bool], ...]]
PREFECTURES: tuple[Prefecture, ...] = (
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

THEME_LABELS = {
    "long_term_stability": "维护稳定",
    "border_development": "固边兴边",
    "ecological_protection": "生态保护",
}
SYLLABLES = tuple("扎西岗曲达孜嘎拉措朗日吉德庆林卡如多琼贡觉宗巴雪玛堆龙江热萨羊卓那桑帕堆康")
HIGH_ALTITUDE_M = 4000

# Scope levels of programs and places.
REGION, PREFECTURE, COUNTY, TOWNSHIP = range(4)

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
PREFECTURE_SCHOOL = "@prefecture-school"
PREFECTURE_SCHOOLS = "@prefecture-schools"
_COUNTY_SCHOOL = "@county-school"
TOWNSHIP_VENUE = "@township-venue"
PARTNER = "@partner"


class Family(NamedTuple):
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


def a(
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


_LEADERS = a(ranks=("county", "prefecture"), tags=("leader",))
_RESPONSIBLE = a(
    ("leading_body_member", "county_department_official"),
    ranks=("township", "county"),
    tags=("leader",),
)
_SEMINAR_AUDIENCE = a(("leading_body_member", "county_department_official"), tags=("leader",))
_VILLAGE = ("village_cadre", "village_resident_team", "party_branch_secretary")

ND, RD, _PK, _CG = (
    "national_dispatch",
    "regional_demonstration",
    "prefecture_key",
    "county_general",
)
_SS, _PA, _TB = "sector_system", "partner_aid_supplementary", "township_backstop"

FAMILIES: tuple[Family, ...] = (
    Family("nd-cps", ND, REGION, "中央党校（国家行政学院）西藏领导干部培训班",
            _f("party_theory", "party_spirit", "long_term_stability"), _LEADERS, ("i-cps",),
            240.0, 56, 60, _SPRING_AUTUMN, slack=0.0, methods=_SEMINARS),
    Family("nd-colleges", ND, REGION, "浦东、井冈山、延安干部学院西藏领导干部培训班",
            _f("party_spirit", "high_quality_development"), _LEADERS,
            ("i-pudong", "i-jinggangshan", "i-yanan"), 120.0, 19, 50, _MOST_OF_YEAR,
            slack=0.0, methods=_SEMINARS | {_M.FIELD_VISIT}),
    Family("nd-ndu", ND, REGION, "国防大学国家安全与边境建设专题研讨班",
            _f("border_development", "long_term_stability"), _LEADERS, ("i-ndu",), 80.0, 12,
            40, _MOST_OF_YEAR, slack=0.0, methods=_SEMINARS | {_M.TABLETOP_EXERCISE}),
    Family("nd-online-flood", ND, REGION,
            "中国干部网络学院水旱灾害风险管理与水资源刚性约束网上专题班",
            _f("flood_drought_risk"), _RESPONSIBLE, ("i-online",), 30.0, 31, 150,
            ((6, 1, 8, 31),), slack=0.0, delivery=DeliveryMode.ONLINE),
    Family("nd-online-river", ND, REGION, "中国干部网络学院强化河湖长制网上专题班",
            _f("river_lake_chief", "ecological_protection"), _RESPONSIBLE, ("i-online",), 30.0,
            31, 150, ((9, 1, 11, 30),), slack=0.0, delivery=DeliveryMode.ONLINE),
    Family("rd-seminar-unity", RD, REGION, "着力创建全国民族团结进步模范区专题研讨班",
            _f("long_term_stability", "common_language", "religious_affairs_law"),
            _SEMINAR_AUDIENCE, ("i-xzdx",), 40.0, 5, 60, ((3, 1, 5, 31),), slack=0.05,
            co_organizers=("zfw", "mzw", "xcb", "dx"), methods=_SEMINARS, has_quota=True),
    Family("rd-seminar-economy", RD, REGION, "着力创建高原经济高质量发展先行区专题研讨班",
            _f("high_quality_development"), _SEMINAR_AUDIENCE, ("i-xzdx",), 40.0, 5, 60,
            ((4, 1, 6, 30),), slack=0.05, co_organizers=("czt", "nynct", "dx"),
            methods=_SEMINARS, has_quota=True),
    Family("rd-seminar-ecology", RD, REGION, "着力创建国家生态文明高地专题研讨班",
            _f("ecological_protection"), _SEMINAR_AUDIENCE, ("i-xzdx",), 40.0, 5, 60,
            ((5, 1, 7, 31),), slack=0.05, co_organizers=("nynct", "dx"), methods=_SEMINARS,
            has_quota=True),
    Family("rd-seminar-border", RD, REGION, "着力创建国家固边兴边富民行动示范区专题研讨班",
            _f("border_development"), _SEMINAR_AUDIENCE, ("i-xzdx",), 40.0, 5, 60,
            ((6, 1, 9, 30),), slack=0.05, co_organizers=("zfw", "czt", "dx"),
            methods=_SEMINARS, has_quota=True),
    Family("rd-rural-governance", RD, REGION, "乡村治理专题培训班", _f("rural_governance"),
            a(("township_head", "leading_body_member")), ("i-zju",), 48.0, 10, 50,
            _MOST_OF_YEAR, slack=0.05, co_organizers=("nynct", "xczxj"),
            methods=_SEMINARS | {_M.FIELD_VISIT}),
    Family("rd-military-civil", RD, REGION, "深化“五共五固”军地基层党组织结对共建专题培训班",
            _f("military_civil_pairing", "party_spirit", "border_development"),
            a(("party_branch_secretary", "township_head")), ("i-baise",), 40.0, 8, 50,
            _MOST_OF_YEAR, slack=0.05, co_organizers=("zfw",),
            methods=frozenset({_M.LECTURE, _M.SCENARIO_SIMULATION, _M.FIELD_VISIT})),
    Family("rd-temple-demo", RD, REGION, "寺管会干部示范培训班",
            _f("temple_management", "religious_affairs_law", "common_language"),
            a(("temple_committee_cadre",)), ("i-scu",), 48.0, 10, 50, _MOST_OF_YEAR,
            slack=0.05, co_organizers=("mzw", "zfw"), has_quota=True),
    Family("rd-cybersecurity", RD, REGION, "领导干部网络安全专题培训班", _f("cybersecurity"),
            _LEADERS, ("i-pku",), 40.0, 5, 50, _MOST_OF_YEAR, slack=0.05,
            co_organizers=("xcb",), methods=_PRACTICAL),
    Family("rd-young-cadres", RD, REGION, "年轻干部履职能力提升班",
            _f("performance_capability", "party_theory"), a(("young_cadre",), max_age=35),
            ("i-ruc",), 56.0, 12, 50, _MOST_OF_YEAR, slack=0.05,
            methods=_REVIEW | {_M.SCENARIO_SIMULATION}),
    Family("rd-party-spirit", RD, REGION, "党性教育专题培训班", _f("party_spirit"),
            a(("county_department_official", "young_cadre", "township_head")),
            ("i-laoshan", "i-shenzhen"), 40.0, 7, 50, _MOST_OF_YEAR, slack=0.05,
            methods=_VISITS),
    Family("rd-township-induction", RD, REGION, "乡镇党政正职任职培训班",
            _f("induction", "rural_governance", "performance_capability"),
            a(("township_head",)), ("i-xzdx",), 80.0, 15, 60, ((7, 1, 11, 30),), slack=0.1,
            co_organizers=("dx",), methods=_PRACTICAL | _REVIEW, is_grassroots=True,
            has_quota=True),
    Family("pk-township", _PK, PREFECTURE, "{place}乡镇干部履职能力重点培训班",
            _f("performance_capability", "rural_governance"),
            a(("township_cadre", "rural_revitalization_officer")), (PREFECTURE_SCHOOL,),
            40.0, 7, 80, _SPRING_AUTUMN, methods=_REVIEW),
    Family("pk-county", _PK, PREFECTURE, "{place}县区部门负责同志重点培训班",
            _f("high_quality_development", "performance_capability"),
            a(("county_department_official", "county_enterprise_leader",
                "leading_body_member")), (PREFECTURE_SCHOOL,), 40.0, 5, 60, _SPRING_AUTUMN,
            methods=_SEMINARS),
    Family("pk-theme", _PK, PREFECTURE, "{place}{theme}专题重点培训班", _f(),
            a(("township_head", "township_cadre", "young_cadre")), (PREFECTURE_SCHOOL,),
            32.0, 5, 60, _SPRING_AUTUMN, methods=_PRACTICAL),
    Family("cg-winter", _CG, COUNTY, "{place}村（居）干部冬训班", WINTER_TRAINING_THEMES,
            a(_VILLAGE), (_COUNTY_SCHOOL,), 40.0, 10, 120, _WINTER, slack=0.08,
            methods=_REVIEW, is_grassroots=True),
    Family("cg-officials", _CG, COUNTY, "{place}机关干部履职能力普遍培训班",
            _f("performance_capability", "party_theory"),
            a(("county_department_official", "county_enterprise_leader",
                "new_organization_party_head", "young_cadre")), (_COUNTY_SCHOOL,), 32.0, 5,
            80, _SPRING_AUTUMN, methods=_PRACTICAL),
    Family("cg-new-organizations", _CG, COUNTY, "{place}“两企三新”党组织负责人轮训班",
            _f("party_theory", "party_spirit"), a(("new_organization_party_head",)),
            (_COUNTY_SCHOOL,), 24.0, 3, 60, _SPRING_AUTUMN),
    Family("cg-leaders", _CG, COUNTY, "{place}领导班子成员专题读书班",
            _f("party_theory", "high_quality_development"), a(("leading_body_member",)),
            (_COUNTY_SCHOOL,), 40.0, 5, 40, _SPRING_AUTUMN, slack=0.05, methods=_SEMINARS),
    Family("ss-rural-revitalization", _SS, REGION, "全区乡村振兴专干业务培训班",
            _f("rural_governance", "high_quality_development"),
            a(("rural_revitalization_officer",)), (PREFECTURE_SCHOOLS,), 32.0, 5, 60,
            _MOST_OF_YEAR, organizer="xczxj", co_organizers=("nynct",)),
    Family("ss-religious-affairs", _SS, REGION, "全区寺管会干部依法管理宗教事务培训班",
            _f("religious_affairs_law", "temple_management", "common_language"),
            a(("temple_committee_cadre",)), (PREFECTURE_SCHOOLS,), 32.0, 5, 60,
            _MOST_OF_YEAR, organizer="mzw", co_organizers=("zfw",)),
    Family("ss-rural-talent", _SS, REGION, "农村实用人才带头人和大学生村官示范培训班",
            _f("rural_governance", "high_quality_development"),
            a(("village_cadre", "party_branch_secretary")), (PREFECTURE_SCHOOLS,), 40.0, 8,
            60, _MOST_OF_YEAR, organizer="nynct", co_organizers=("zzb",), methods=_VISITS,
            is_grassroots=True),
    Family("ss-finance", _SS, REGION, "全区财政干部预算管理业务培训班",
            _f("performance_capability"), a(("county_department_official",)),
            (PREFECTURE_SCHOOLS,), 24.0, 4, 60, _MOST_OF_YEAR, organizer="czt"),
    Family("pa-partner", _PA, PREFECTURE, "{partner}援藏{place}干部能力提升班",
            _f("performance_capability", "high_quality_development"),
            a(("township_cadre", "county_department_official", "young_cadre")), (PARTNER,),
            48.0, 10, 50, _MOST_OF_YEAR, slack=0.05, methods=_VISITS),
    Family("tb", _TB, TOWNSHIP, "{place}基层干部兜底培训班", WINTER_TRAINING_THEMES, a(),
            (TOWNSHIP_VENUE,), 24.0, 5, 80, ((3, 1, 3, 31), (11, 15, 12, 20)), slack=0.2,
            methods=_REVIEW, is_grassroots=True),
)  # fmt: skip
FAMILY = {family.key: index for index, family in enumerate(FAMILIES)}
# No second seats in national dispatch (its quota is met exactly) nor where seats
# are split between prefectures (they are all spoken for).
NO_SECOND = frozenset(index for index, f in enumerate(FAMILIES) if f.tier == ND or f.has_quota)
_NATIONAL_SHARES = (("nd-cps", 45), ("nd-colleges", 40), ("nd-ndu", 15))
NATIONAL = tuple(FAMILY[key] for key in _table(_NATIONAL_SHARES))
HAS_QUOTA = tuple(family.has_quota for family in FAMILIES)
INDUCTION = FAMILY["rd-township-induction"]
WINTER_FAMILY = FAMILY["cg-winter"]

# -- people ------------------------------------------------------------------------

HOST_VILLAGE, HOST_TOWNSHIP, HOST_TEMPLE = "village", "township", "temple"
HOST_DEPARTMENT, HOST_BODY, HOST_ORGANIZATION = "department", "body", "organization"
HOST_COUNTY, HOST_PREFECTURE, HOST_REGIONAL = "county", "prefecture", "regional"


class Category(NamedTuple):
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
CATEGORIES: tuple[Category, ...] = (
    Category("village_cadre", 69_186, ((HOST_VILLAGE, 1.0),), (("unranked", 1),), (25, 58),
              (("cg-winter", 62), ("tb", 34), ("ss-rural-talent", 4)), "tb"),
    Category("party_branch_secretary", 8_534, ((HOST_VILLAGE, 1.0),), (("unranked", 1),),
              (30, 58), (("cg-winter", 58), ("tb", 38), ("rd-military-civil", 2),
                         ("ss-rural-talent", 2)), "tb"),
    Category("village_resident_team", 21_000, ((HOST_VILLAGE, 1.0),),
              (("staff", 60), ("township", 35), ("county", 5)), (24, 50),
              (("cg-winter", 62), ("tb", 38)), "tb", potential=(5, 20, 35, 25, 15)),
    Category("township_head", 1_400, ((HOST_TOWNSHIP, 1.0),), (("township", 1),), (32, 50),
              (("rd-rural-governance", 10), ("rd-military-civil", 5), ("rd-party-spirit", 5),
               ("pk-theme", 30), ("tb", 50)), "tb", leader_ranks=frozenset({"township"}),
              potential=(5, 15, 35, 30, 15)),
    Category("township_cadre", 16_800, ((HOST_TOWNSHIP, 1.0),),
              (("staff", 70), ("township", 30)), (23, 55),
              (("pk-township", 30), ("pk-theme", 10), ("pa-partner", 10), ("tb", 50)), "tb"),
    Category("rural_revitalization_officer", 2_100, ((HOST_TOWNSHIP, 1.0),),
              (("staff", 1),), (24, 45),
              (("ss-rural-revitalization", 50), ("pk-township", 20), ("tb", 30)), "tb"),
    Category("temple_committee_cadre", 3_900, ((HOST_TEMPLE, 1.0),),
              (("staff", 60), ("township", 40)), (28, 55),
              (("rd-temple-demo", 5), ("ss-religious-affairs", 45), ("tb", 50)), "tb"),
    Category("county_department_official", 9_800, ((HOST_DEPARTMENT, 1.0),),
              (("staff", 65), ("township", 35)), (24, 58),
              (("cg-officials", 53), ("pk-county", 15), ("ss-finance", 5),
               ("nd-online-flood", 4), ("nd-online-river", 4), ("rd-party-spirit", 2),
               ("pa-partner", 9), *((key, 2) for key in _SEMINAR_KEYS)),
              "cg-officials", leader_ranks=frozenset({"township"})),
    Category("county_enterprise_leader", 1_400, ((HOST_BODY, 1.0),), (("township", 1),),
              (30, 57), (("cg-officials", 70), ("pk-county", 30)), "cg-officials",
              leader_ranks=frozenset({"township"})),
    Category("new_organization_party_head", 1_680, ((HOST_ORGANIZATION, 1.0),),
              (("unranked", 1),), (28, 58),
              (("cg-new-organizations", 80), ("cg-officials", 20)), "cg-new-organizations"),
    Category("leading_body_member", 1_400,
              ((HOST_COUNTY, 0.7), (HOST_PREFECTURE, 0.15), (HOST_REGIONAL, 0.15)),
              (("county", 1),), (38, 57),
              (*((key, 20) for key in _SEMINAR_KEYS), ("rd-cybersecurity", 40),
               ("rd-rural-governance", 20), ("pk-county", 80), ("cg-leaders", 180)),
              "rd-cybersecurity", leader_ranks=frozenset({"county", "prefecture"}),
              potential=(0, 15, 40, 30, 15)),
    Category("young_cadre", 2_800,
              ((HOST_DEPARTMENT, 0.6), (HOST_PREFECTURE, 0.25), (HOST_REGIONAL, 0.15)),
              (("staff", 70), ("township", 30)), (24, 33),
              (("rd-young-cadres", 12), ("rd-party-spirit", 5), ("pk-theme", 15),
               ("pa-partner", 10), ("cg-officials", 58)), "rd-young-cadres", tag="young",
              potential=(0, 10, 30, 35, 25)),
)  # fmt: skip

CATEGORY_CODES = tuple(category.code for category in CATEGORIES)


class Draw:
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

    def __init__(self, category: Category, year: int) -> None:
        self.category = category
        self.ranks = _table(category.ranks)
        self.potentials = tuple(
            int(p) for p in _table([(str(p), w) for p, w in enumerate(category.potential, 1)])
        )
        self.shares = tuple(FAMILY[key] for key in _table(category.shares))
        self.fallback = FAMILY[category.fallback]
        self.tag_sets = tag_sets(category)
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
        if self.category.code == "leading_body_member" and level <= PREFECTURE:
            return ("prefecture",) if level == REGION else ("county", "prefecture", "county")
        return self.ranks


HISTORY_SHARE = 0.3
TWO_RECORDS_SHARE = 0.3  # of those with history
COMPLETED_SHARE = 0.9
ID_SHARE = 0.1  # of cadres with a resident id number
NEW_HEAD_SHARE = 0.1
SECOND_SEAT_TRIES = 0.25
ADULT_DAYS = 8036  # 22 years: nobody takes office younger


def tag_sets(category: Category) -> dict[tuple[bool, bool], frozenset[str]]:
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
