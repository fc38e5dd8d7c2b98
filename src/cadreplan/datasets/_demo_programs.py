"""The programs and sessions of the demo region, tier by tier, from the source report.

National dispatch to the central institutions, the region's seminars and
classes at university bases and party-spirit colleges, the prefectures' key
classes, the counties' general classes and winter training, and the
townships' backstop classes: each a program with its runs (institution,
first and last day, seats).
"""

from __future__ import annotations

import datetime as dt

from cadreplan.datasets._facts import (
    GRASSROOTS_ACTION_PLAN,
    INDUCTION_THEMES,
    REGION_ID,
    VILLAGE_CATEGORIES,
    WINTER_TRAINING_THEMES,
)
from cadreplan.model import Audience, DeliveryMode, Program, TeachingMethod

__all__ = [
    "Run",
    "backstop_program",
    "county_programs",
    "national_programs",
    "prefecture_programs",
    "regional_programs",
]

_YEAR = 2024
_D = dt.date
_M = TeachingMethod
_SEMINAR = frozenset({_M.LECTURE, _M.SEMINAR, _M.CASE_TEACHING})
Run = tuple[str, dt.date, dt.date, int]  # institution, first day, last day, capacity


_NATIONAL_LEADERS = Audience(ranks={"county", "prefecture"}, tags={"leader"})
_RESPONSIBLE = Audience(
    categories={"leading_body_member", "county_department_official"},
    ranks={"township", "county"},
    tags={"leader"},
)


def national_programs() -> list[tuple[Program, list[Run]]]:
    """Return the classes of the national institutions the region sends cadres to (调训)."""
    zzb = f"{REGION_ID}-zzb"
    leaders, responsible = _NATIONAL_LEADERS, _RESPONSIBLE
    tier = "national_dispatch"
    return [
        (
            Program(
                id="nd-cps-leaders",
                title="中央党校（国家行政学院）西藏领导干部培训班",
                tier=tier,
                organizer=zzb,
                hours=240.0,
                themes={"party_theory", "party_spirit", "long_term_stability"},
                audience=leaders,
                methods=_SEMINAR,
            ),
            [("i-cps", _D(2024, 3, 4), _D(2024, 4, 28), 6)],
        ),
        (
            Program(
                id="nd-colleges-leaders",
                title="浦东、井冈山、延安干部学院西藏领导干部培训班",
                tier=tier,
                organizer=zzb,
                hours=120.0,
                themes={"party_spirit", "high_quality_development"},
                audience=leaders,
                methods=_SEMINAR | {_M.FIELD_VISIT},
            ),
            [
                ("i-pudong", _D(2024, 5, 13), _D(2024, 5, 31), 3),
                ("i-jinggangshan", _D(2024, 6, 24), _D(2024, 7, 12), 3),
                ("i-yanan", _D(2024, 9, 2), _D(2024, 9, 20), 3),
            ],
        ),
        (
            Program(
                id="nd-ndu-security",
                title="国防大学国家安全与边境建设专题研讨班",
                tier=tier,
                organizer=zzb,
                hours=80.0,
                themes={"border_development", "long_term_stability"},
                audience=leaders,
                methods=_SEMINAR | {_M.TABLETOP_EXERCISE},
            ),
            [("i-ndu", _D(2024, 10, 14), _D(2024, 10, 25), 3)],
        ),
        (
            Program(
                id="nd-online-flood",
                title="中国干部网络学院水旱灾害风险管理与水资源刚性约束网上专题班",
                tier=tier,
                organizer=zzb,
                hours=30.0,
                themes={"flood_drought_risk"},
                audience=responsible,
                delivery=DeliveryMode.ONLINE,
                methods={_M.LECTURE, _M.CASE_TEACHING},
            ),
            [("i-online", _D(2024, 7, 1), _D(2024, 7, 31), 10)],
        ),
        (
            Program(
                id="nd-online-river",
                title="中国干部网络学院强化河湖长制网上专题班",
                tier=tier,
                organizer=zzb,
                hours=30.0,
                themes={"river_lake_chief", "ecological_protection"},
                audience=responsible,
                delivery=DeliveryMode.ONLINE,
                methods={_M.LECTURE, _M.CASE_TEACHING},
            ),
            [("i-online", _D(2024, 8, 1), _D(2024, 8, 31), 10)],
        ),
    ]


def _unit(key: str) -> str:
    """Return the id of the region's department *key* (``"zzb"``: its organization department)."""
    return f"{REGION_ID}-{key}"


_ZZB = _unit("zzb")
_SCHOOL = "i-xzdx"
_DEMONSTRATION = "regional_demonstration"
_LEADERS = Audience(
    categories={"leading_body_member", "county_department_official"}, tags={"leader"}
)


def regional_programs() -> list[tuple[Program, list[Run]]]:
    """Return the region's programs: seminars, demonstration classes and sector classes."""
    return [
        *_regional_seminars(),
        *_regional_classes(),
        *_regional_development_classes(),
        *_sector_classes(),
    ]


def _regional_seminars() -> list[tuple[Program, list[Run]]]:
    """The four seminars of the regional party _SCHOOL on the region's four tasks (四个创建)."""
    seminars = [
        ("unity", "着力创建全国民族团结进步模范区专题研讨班",
         {"long_term_stability", "common_language", "religious_affairs_law"},
         ("zfw", "mzw", "xcb"), _D(2024, 4, 8)),
        ("economy", "着力创建高原经济高质量发展先行区专题研讨班", {"high_quality_development"},
         ("czt", "nynct"), _D(2024, 5, 6)),
        ("ecology", "着力创建国家生态文明高地专题研讨班", {"ecological_protection"},
         ("nynct",), _D(2024, 6, 10)),
        ("border", "着力创建国家固边兴边富民行动示范区专题研讨班", {"border_development"},
         ("zfw", "czt"), _D(2024, 7, 8)),
    ]  # fmt: skip
    return [
        (
            Program(
                id=f"rd-seminar-{key}",
                title=title,
                tier=_DEMONSTRATION,
                organizer=_ZZB,
                hours=40.0,
                themes=themes,
                co_organizers=[_unit(c) for c in (*co, "dx")],
                audience=_LEADERS,
                methods=_SEMINAR,
            ),
            [(_SCHOOL, start_on, start_on + dt.timedelta(days=4), 8)],
        )
        for key, title, themes, co, start_on in seminars
    ]


def _regional_classes() -> list[tuple[Program, list[Run]]]:
    """The region's _DEMONSTRATION classes at university bases, colleges and online."""
    return [
        (
            Program(
                id="rd-rural-governance",
                title="乡村治理专题培训班",
                tier=_DEMONSTRATION,
                organizer=_ZZB,
                hours=48.0,
                themes={"rural_governance"},
                co_organizers=[_unit("nynct"), _unit("xczxj")],
                audience=Audience(categories={"township_head", "leading_body_member"}),
                methods=_SEMINAR | {_M.FIELD_VISIT},
            ),
            [("i-zju", _D(2024, 5, 20), _D(2024, 5, 29), 12)],
        ),
        (
            Program(
                id="rd-military-civil",
                title="深化“五共五固”军地基层党组织结对共建专题培训班",
                tier=_DEMONSTRATION,
                organizer=_ZZB,
                hours=40.0,
                themes={"military_civil_pairing", "party_spirit", "border_development"},
                co_organizers=[_unit("zfw")],
                audience=Audience(
                    categories={"party_branch_secretary", "township_head"},
                    units={"540223", "540481"},
                ),
                methods={_M.LECTURE, _M.SCENARIO_SIMULATION, _M.FIELD_VISIT},
            ),
            [("i-baise", _D(2024, 6, 17), _D(2024, 6, 24), 10)],
        ),
        (
            Program(
                id="rd-temple-demo",
                title="寺管会干部示范培训班",
                tier=_DEMONSTRATION,
                organizer=_ZZB,
                hours=48.0,
                themes={"temple_management", "religious_affairs_law", "common_language"},
                co_organizers=[_unit("mzw"), _unit("zfw")],
                audience=Audience(categories={"temple_committee_cadre"}),
                methods={_M.LECTURE, _M.CASE_TEACHING},
            ),
            [("i-scu", _D(2024, 9, 9), _D(2024, 9, 18), 8)],
        ),
        (
            Program(
                id="rd-cybersecurity",
                title="领导干部网络安全专题培训班",
                tier=_DEMONSTRATION,
                organizer=_ZZB,
                hours=40.0,
                themes={"cybersecurity"},
                co_organizers=[_unit("xcb")],
                audience=Audience(ranks={"county", "prefecture"}, tags={"leader"}),
                methods={_M.LECTURE, _M.TABLETOP_EXERCISE},
            ),
            [("i-pku", _D(2024, 10, 21), _D(2024, 10, 25), 10)],
        ),
    ]


def _regional_development_classes() -> list[tuple[Program, list[Run]]]:
    """The region's classes for young cadres and on party spirit (党性教育)."""
    return [
        (
            Program(
                id="rd-young-cadres",
                title="年轻干部履职能力提升班",
                tier=_DEMONSTRATION,
                organizer=_ZZB,
                hours=56.0,
                themes={"performance_capability", "party_theory"},
                audience=Audience(categories={"young_cadre"}, max_age=35),
                methods={
                    _M.LECTURE,
                    _M.CASE_TEACHING,
                    _M.SCENARIO_SIMULATION,
                    _M.AFTER_ACTION_REVIEW,
                },
            ),
            [("i-ruc", _D(2024, 8, 5), _D(2024, 8, 16), 12)],
        ),
        (
            Program(
                id="rd-party-spirit",
                title="党性教育专题培训班",
                tier=_DEMONSTRATION,
                organizer=_ZZB,
                hours=40.0,
                themes={"party_spirit"},
                audience=Audience(
                    categories={"county_department_official", "young_cadre", "township_head"}
                ),
                methods={_M.LECTURE, _M.FIELD_VISIT},
            ),
            [
                ("i-laoshan", _D(2024, 4, 15), _D(2024, 4, 21), 10),
                ("i-shenzhen", _D(2024, 11, 4), _D(2024, 11, 10), 10),
            ],
        ),
    ]


def _sector_classes() -> list[tuple[Program, list[Run]]]:
    """Township-head induction and the classes the region's departments run for their systems."""
    return [
        (
            Program(
                id="rd-township-induction",
                title="乡镇党政正职任职培训班",
                tier=_DEMONSTRATION,
                organizer=_ZZB,
                hours=80.0,
                themes=INDUCTION_THEMES,
                co_organizers=[_unit("dx")],
                audience=Audience(categories={"township_head"}),
                methods={
                    _M.LECTURE,
                    _M.CASE_TEACHING,
                    _M.SCENARIO_SIMULATION,
                    _M.TABLETOP_EXERCISE,
                },
                action_plan=GRASSROOTS_ACTION_PLAN.id,
            ),
            [(_SCHOOL, _D(2024, 6, 3), _D(2024, 6, 17), 12)],
        ),
        (
            Program(
                id="ss-rural-revitalization",
                title="全区乡村振兴专干业务培训班",
                tier="sector_system",
                organizer=_unit("xczxj"),
                hours=32.0,
                themes={"rural_governance", "high_quality_development"},
                co_organizers=[_unit("nynct")],
                audience=Audience(categories={"rural_revitalization_officer"}),
                methods={_M.LECTURE, _M.CASE_TEACHING},
            ),
            [(_SCHOOL, _D(2024, 7, 15), _D(2024, 7, 19), 8)],
        ),
        (
            Program(
                id="ss-religious-affairs",
                title="全区寺管会干部依法管理宗教事务培训班",
                tier="sector_system",
                organizer=_unit("mzw"),
                hours=32.0,
                themes={"religious_affairs_law", "temple_management"},
                co_organizers=[_unit("zfw")],
                audience=Audience(categories={"temple_committee_cadre"}),
                methods={_M.LECTURE, _M.CASE_TEACHING},
            ),
            [(_SCHOOL, _D(2024, 3, 11), _D(2024, 3, 15), 8)],
        ),
        (
            Program(
                id="ss-rural-talent",
                title="农村实用人才带头人和大学生村官示范培训班",
                tier="sector_system",
                organizer=_unit("nynct"),
                hours=40.0,
                themes={"rural_governance", "high_quality_development"},
                co_organizers=[_ZZB],
                audience=Audience(categories={"village_cadre", "party_branch_secretary"}),
                methods={_M.LECTURE, _M.FIELD_VISIT},
                action_plan=GRASSROOTS_ACTION_PLAN.id,
            ),
            [("i-scu", _D(2024, 10, 8), _D(2024, 10, 15), 15)],
        ),
        (
            Program(
                id="ss-finance",
                title="全区财政干部预算管理业务培训班",
                tier="sector_system",
                organizer=_unit("czt"),
                hours=24.0,
                themes={"performance_capability"},
                audience=Audience(categories={"county_department_official"}),
                methods={_M.LECTURE},
            ),
            [(_SCHOOL, _D(2024, 4, 22), _D(2024, 4, 25), 6)],
        ),
    ]


# Per prefecture: its key class (key, title, themes, categories, first day) and
# the class its partner province runs (key, title, institution, first day).
_PREFECTURE_CLASSES = {
    "540100": (
        ("township", "拉萨市乡镇干部履职能力重点培训班",
         {"performance_capability", "rural_governance"},
         {"township_cadre", "rural_revitalization_officer"}, _D(2024, 4, 22)),
        ("beijing", "北京援藏拉萨市基层干部能力提升班", "i-pku", _D(2024, 7, 22)),
    ),
    "540200": (
        ("border", "日喀则市边境乡镇干部重点培训班", {"border_development", "long_term_stability"},
         {"township_cadre", "township_head"}, _D(2024, 5, 13)),
        ("shanghai", "上海援藏日喀则市乡村振兴干部培训班", "i-540200-dx", _D(2024, 8, 19)),
    ),
    "540400": (
        ("ecology", "林芝市生态保护重点培训班", {"ecological_protection"},
         {"township_cadre", "county_department_official"}, _D(2024, 6, 17)),
        ("guangdong", "广东援藏林芝市干部改革开放专题培训班", "i-shenzhen", _D(2024, 9, 23)),
    ),
}  # fmt: skip


def prefecture_programs(code: str) -> list[tuple[Program, list[Run]]]:
    (key, title, themes, categories, start_on), partner = _PREFECTURE_CLASSES[code]
    partner_key, partner_title, institution, partner_on = partner
    return [
        (
            Program(
                id=f"pk-{code}-{key}",
                title=title,
                tier="prefecture_key",
                organizer=f"{code}-zzb",
                hours=40.0,
                themes=themes,
                audience=Audience(categories=categories, units={code}),
                methods={_M.LECTURE, _M.CASE_TEACHING, _M.AFTER_ACTION_REVIEW},
            ),
            [(f"i-{code}-dx", start_on, start_on + dt.timedelta(days=6), 10)],
        ),
        (
            Program(
                id=f"pa-{code}-{partner_key}",
                title=partner_title,
                tier="partner_aid_supplementary",
                organizer=f"{code}-zzb",
                hours=48.0,
                themes={"performance_capability", "high_quality_development"},
                audience=Audience(
                    categories={"township_cadre", "young_cadre", "county_department_official"},
                    units={code},
                ),
                methods={_M.LECTURE, _M.FIELD_VISIT},
            ),
            [(institution, partner_on, partner_on + dt.timedelta(days=9), 8)],
        ),
    ]


def county_programs(code: str, name: str, winter_seats: int) -> list[tuple[Program, list[Run]]]:
    officials = {
        "county_department_official",
        "county_enterprise_leader",
        "new_organization_party_head",
        "young_cadre",
    }
    return [
        (
            Program(
                id=f"cg-{code}-winter",
                title=f"{name}村（居）干部冬训班",
                tier="county_general",
                organizer=f"{code}-zzb",
                hours=40.0,
                themes=WINTER_TRAINING_THEMES,
                audience=Audience(categories=VILLAGE_CATEGORIES, units={code}),
                methods={_M.LECTURE, _M.CASE_TEACHING, _M.AFTER_ACTION_REVIEW},
                action_plan=GRASSROOTS_ACTION_PLAN.id,
            ),
            [(f"i-{code}-dx", _D(2024, 1, 15), _D(2024, 1, 24), winter_seats)],
        ),
        (
            Program(
                id=f"cg-{code}-officials",
                title=f"{name}机关干部履职能力普遍培训班",
                tier="county_general",
                organizer=f"{code}-zzb",
                hours=32.0,
                themes={"performance_capability", "party_theory"},
                audience=Audience(categories=officials, units={code}),
                methods={_M.LECTURE, _M.SCENARIO_SIMULATION},
            ),
            [(f"i-{code}-dx", _D(2024, 3, 18), _D(2024, 3, 22), 8)],
        ),
    ]


def backstop_program(
    county: str, township: str, name: str, seats: int
) -> tuple[Program, list[Run]]:
    program = Program(
        id=f"tb-{township}",
        title=f"{name}基层干部兜底培训班",
        tier="township_backstop",
        organizer=f"{county}-zzb",
        hours=24.0,
        themes=WINTER_TRAINING_THEMES,
        co_organizers=[township],
        audience=Audience(units={township}),
        methods={_M.LECTURE, _M.AFTER_ACTION_REVIEW},
        action_plan=GRASSROOTS_ACTION_PLAN.id,
    )
    return program, [(f"i-{township}-venue", _D(2024, 12, 2), _D(2024, 12, 6), seats)]
