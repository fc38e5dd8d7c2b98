"""The facts of the source report that every dataset shares.

Names (a pool of common Tibetan and Han names), the region and its
departments, the institutions outside it, the grassroots action plan, the
requirement catalogue, the shape of past training by category group, and the
form of resident id numbers: the demo region and the synthetic generator
both read them from here. The figures come from the 2024 report on cadre
training in the Tibet Autonomous Region (``reference/source-article-zh.txt``).
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from cadreplan.model import (
    ActionPlan,
    Audience,
    CycleBasis,
    Institution,
    Requirement,
    default_requirements,
    id_number_check_digit,
)

__all__ = [
    "GRASSROOTS_ACTION_PLAN",
    "INDUCTION_THEMES",
    "NAMES",
    "PAST_GROUP",
    "PAST_TRAINING",
    "REGIONAL_DEPARTMENTS",
    "REGION_ALTITUDE_M",
    "REGION_ID",
    "REGION_NAME",
    "SHARED_INSTITUTIONS",
    "VILLAGE_CATEGORIES",
    "WINTER_TRAINING_THEMES",
    "id_number",
    "party_committee_name",
    "requirements_for",
    "shared_institutions",
]


_TIBETAN_NAMES = (
    "次仁", "扎西", "格桑", "卓玛", "央金", "达瓦", "尼玛", "普布", "边巴", "旦增",
    "平措", "多吉", "顿珠", "索朗", "洛桑", "拉巴", "米玛", "白玛", "德吉", "央宗",
    "曲珍", "仁增", "强巴", "桑珠", "巴桑", "朗杰", "群培", "次旦", "拉姆", "卓嘎",
    "益西", "贡嘎", "罗布", "琼达", "旺堆", "嘎玛",
)  # fmt: skip
_HAN_SURNAMES = (
    "李", "王", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
    "徐", "孙", "马", "胡", "朱", "郭", "何", "罗", "高", "林",
)  # fmt: skip
_HAN_GIVEN_NAMES = (
    "明", "芳", "伟", "洋", "静", "帆", "磊", "丽", "强", "敏",
    "建华", "晓东", "志刚", "海燕", "文博", "雪梅", "国庆", "春燕", "卫东", "红梅",
)  # fmt: skip


def _name_pool() -> tuple[str, ...]:
    # Tibetan names pair two given names (次仁卓玛); Han names are surname + given name.
    tibetan = [a + b for a in _TIBETAN_NAMES for b in _TIBETAN_NAMES if a != b]
    han = [s + g for s in _HAN_SURNAMES for g in _HAN_GIVEN_NAMES]
    # Interleave so that any stretch of the pool mixes both, about one Han name in four.
    pool: list[str] = []
    for index, name in enumerate(tibetan):
        pool.append(name)
        if index % 3 == 2 and han:
            pool.append(han.pop())
    return (*pool, *han)


NAMES: tuple[str, ...] = _name_pool()
"""Every person name the datasets use (about 1,660), Tibetan and Han."""

REGION_ID = "540000"
REGION_NAME = "西藏自治区"
REGION_ALTITUDE_M = 3650

REGIONAL_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("zzb", "自治区党委组织部"),
    ("xcb", "自治区党委宣传部"),
    ("zfw", "自治区党委政法委"),
    ("dx", "自治区党委党校（行政学院）"),
    ("mzw", "自治区民族宗教事务委员会"),
    ("czt", "自治区财政厅"),
    ("nynct", "自治区农业农村厅"),
    ("xczxj", "自治区乡村振兴局"),
)
"""The region's departments named in the source, as (suffix of the unit id, name)."""

SHARED_INSTITUTIONS: tuple[tuple[str, str, str, str, int | None], ...] = (
    ("i-xzdx", "自治区党委党校（行政学院）", "party_school", "拉萨", 3650),
    ("i-pku", "北京大学", "university_base", "北京", 50),
    ("i-zju", "浙江大学", "university_base", "杭州", 10),
    ("i-ruc", "中国人民大学", "university_base", "北京", 50),
    ("i-scu", "四川大学", "university_base", "成都", 500),
    ("i-baise", "广西百色干部学院", "party_spirit_college", "广西百色", 130),
    ("i-laoshan", "云南老山干部学院", "party_spirit_college", "云南文山", 1100),
    ("i-shenzhen", "深圳改革开放干部学院", "party_spirit_college", "深圳", 10),
    ("i-cps", "中央党校（国家行政学院）", "national_institution", "北京", 50),
    ("i-ndu", "国防大学", "national_institution", "北京", 60),
    ("i-pudong", "中国浦东干部学院", "national_institution", "上海", 5),
    ("i-jinggangshan", "中国井冈山干部学院", "national_institution", "江西井冈山", 850),
    ("i-yanan", "中国延安干部学院", "national_institution", "陕西延安", 960),
    ("i-online", "中国干部网络学院", "online_academy", "线上", None),
)
"""Institutions the source names: (id, name, kind, location, altitude in metres)."""

GRASSROOTS_ACTION_PLAN = ActionPlan(id="ap-grassroots", title="基层干部主题培训行动计划")
"""The umbrella plan that integrates winter training, induction and other grassroots programs."""

WINTER_TRAINING_THEMES = frozenset(
    {"winter_training", "party_theory", "rural_governance", "common_language"}
)


def shared_institutions() -> list[Institution]:
    """Return the institutions every dataset has: the regional party school and those outside."""
    return [
        Institution(id=id_, name=name, kind=kind, location=location, altitude_m=altitude)
        for id_, name, kind, location, altitude in SHARED_INSTITUTIONS
    ]


def requirements_for(year: int) -> tuple[Requirement, ...]:
    """Return the default catalogue plus winter training and township-head induction.

    References:
        干部教育培训工作条例（2023年修订）第十三条、第十四条; 西藏自治区基层干部主题培训行动计划.
    """
    one_year = relativedelta(years=1)
    anchor_on = dt.date(year, 1, 1)
    return (
        *default_requirements(anchor_on=anchor_on),
        Requirement(
            id="village_winter_training_1y",
            title="村（居）干部（含驻村干部）每年参加冬训",
            audience=Audience(categories={"village_cadre", "village_resident_team"}),
            cycle=one_year,
            sessions=1,
            basis=CycleBasis.FIXED,
            anchor_on=anchor_on,
            themes={"winter_training"},
            reference="西藏自治区基层干部主题培训行动计划",
        ),
        Requirement(
            id="township_head_induction",
            title="新任乡镇党政正职一年内完成任职培训",
            audience=Audience(categories={"township_head"}),
            cycle=one_year,
            sessions=1,
            basis=CycleBasis.APPOINTMENT,
            themes={"induction"},
            reference="干部教育培训工作条例（2023年修订）第十三条",
        ),
    )


def id_number(area_code: str, born_on: dt.date, sequence: int) -> str:
    """Return a valid 18-character resident id number (GB 11643) for invented people.

    Args:
        area_code: Six digits of the address code (``"540102"``).
        born_on: Date of birth, written as ``YYYYMMDD``.
        sequence: Order code, taken modulo 1000.
    """
    first17 = f"{area_code}{born_on:%Y%m%d}{sequence % 1000:03d}"
    return first17 + id_number_check_digit(first17)


def party_committee_name(area: str) -> str:
    """Return the name of the party committee of *area*: 拉萨市 → 拉萨市委, 阿里地区 → 阿里地委."""
    return area.removesuffix("地区") + "地委" if area.endswith("地区") else area + "委"


# Past training by category group: (program key, tier, themes, institution kind,
# hours, month, days).
_PastTemplate = tuple[str, str, frozenset[str], str, float, int, int]
PAST_TRAINING: dict[str, _PastTemplate] = {
    "village": ("cg-winter", "county_general", frozenset({"winter_training", "party_theory"}),
                "party_school", 40.0, 1, 10),
    "township": ("pk-township", "prefecture_key", frozenset({"performance_capability"}),
                 "party_school", 40.0, 4, 7),
    "temple": ("ss-religious-affairs", "sector_system",
               frozenset({"religious_affairs_law", "temple_management"}), "party_school", 32.0,
               3, 5),
    "official": ("cg-officials", "county_general", frozenset({"performance_capability"}),
                 "party_school", 32.0, 3, 5),
    "leader": ("nd-colleges", "national_dispatch",
               frozenset({"party_spirit", "high_quality_development"}), "national_institution",
               120.0, 5, 19),
    "young": ("rd-young-cadres", "regional_demonstration",
              frozenset({"performance_capability", "party_theory"}), "university_base", 56.0, 8,
              12),
}  # fmt: skip
"""What a cadre's past training looked like, by group (see ``PAST_GROUP``)."""

PAST_GROUP = {
    "village_cadre": "village",
    "village_resident_team": "village",
    "party_branch_secretary": "village",
    "township_cadre": "township",
    "township_head": "township",
    "rural_revitalization_officer": "township",
    "temple_committee_cadre": "temple",
    "county_department_official": "official",
    "county_enterprise_leader": "official",
    "new_organization_party_head": "official",
    "leading_body_member": "leader",
    "young_cadre": "young",
}
"""The group of past training of each default category."""

VILLAGE_CATEGORIES = frozenset({"village_cadre", "village_resident_team", "party_branch_secretary"})
"""The categories of village (居) cadres, village-resident team members included."""

INDUCTION_THEMES = frozenset({"induction", "rural_governance", "performance_capability"})
