"""Bilingual labels (en/zh) of the reports' own words; the plan's vocabularies label its codes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

from cadreplan.model import UnitKind
from cadreplan.rules import Severity

if TYPE_CHECKING:
    from cadreplan.model import Vocabulary

__all__ = [
    "LANGUAGES",
    "SEVERITIES",
    "UNIT_KINDS",
    "WORDS",
    "Language",
    "pick",
    "vocabulary_label",
    "word",
]

Language = Literal["en", "zh"]
"""The languages of the reports: English and Chinese."""
LANGUAGES: tuple[Language, ...] = get_args(Language)

# Labels of the command's own words; the plan's vocabularies label the domain codes.
WORDS: dict[str, tuple[str, str]] = {
    "plan": ("Plan", "计划"),
    "period": ("Period", "计划期"),
    "units": ("Units", "单位"),
    "cadres": ("Cadres", "干部"),
    "institutions": ("Institutions", "培训机构"),
    "action_plans": ("Action plans", "行动计划"),
    "programs": ("Programs", "培训项目"),
    "sessions": ("Sessions (期)", "期次（期）"),
    "seats": ("Seats (名额)", "名额"),
    "enrollments": ("Enrollments (人次)", "参训（人次）"),
    "persons": ("Enrolled persons (人)", "参训（人）"),
    "history": ("Training records", "培训记录"),
    "requirements": ("Requirements", "培训要求"),
    "posts": ("Practice posts", "实践岗位"),
    "assignments": ("Practice assignments", "实践安排"),
    "seat_quotas": ("Seat quotas", "名额分配"),
    "dispatch_quotas": ("Dispatch quotas", "调训计划"),
    "units_by_kind": ("Units by level and kind", "单位（按层级和类型）"),
    "cadres_by_category": ("Cadres by category", "干部（按类别）"),
    "training_by_tier": ("Training by tier", "培训（按层级）"),
    "code": ("Code", "代码"),
    "kind": ("Kind", "类型"),
    "category": ("Category", "类别"),
    "tier": ("Tier", "层级"),
    "order": ("#", "序"),
    "id": ("ID", "编号"),
    "title": ("Title", "名称"),
    "amount": ("Amount", "要求"),
    "cycle": ("Cycle", "周期"),
    "total": ("Total", "合计"),
    "unknown": ("(not in the vocabulary)", "（不在词表中）"),
    "validation": ("Validation", "校验"),
    "severity": ("Severity", "严重程度"),
    "findings": ("Findings", "问题"),
    "rule": ("Rule", "规则"),
    "examples": ("First findings", "示例"),
    "findings_after": ("Findings after allocation", "分配后的校验问题"),
    "before": ("Before", "分配前"),
    "after": ("After", "分配后"),
    "allocation": ("Allocation (cascade policy, seed 0)", "名额调配（逐级分配，种子 0）"),
    "placements": ("New enrollments (人次)", "新增参训（人次）"),
    "placed_persons": ("Newly enrolled persons (人)", "新增参训（人）"),
    "met_before": ("Requirements met, before", "培训要求达标（分配前）"),
    "met_after": ("Requirements met, after", "培训要求达标（分配后）"),
    "taken": ("Taken", "已用"),
    "fill": ("Fill", "使用率"),
}

SEVERITIES: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("Error", "错误"),
    Severity.WARNING: ("Warning", "警告"),
    Severity.INFO: ("Info", "提示"),
}

UNIT_KINDS: dict[UnitKind, tuple[str, str]] = {
    UnitKind.REGION: ("Region", "自治区（省）"),
    UnitKind.PREFECTURE: ("Prefecture", "市地"),
    UnitKind.COUNTY: ("County", "县区"),
    UnitKind.TOWNSHIP: ("Township", "乡镇（街道）"),
    UnitKind.VILLAGE: ("Village", "村（居）"),
    UnitKind.DEPARTMENT: ("Department", "部门"),
    UnitKind.ENTERPRISE: ("State-owned enterprise", "国有企业"),
    UnitKind.PUBLIC_INSTITUTION: ("Public institution", "事业单位"),
    UnitKind.TEMPLE_COMMITTEE: ("Temple management committee", "寺管会"),
    UnitKind.ORGANIZATION: ("New organization", "新型组织"),
}


def pick(pair: tuple[str, str], language: Language) -> str:
    """Return the label of *pair* (English, Chinese) in *language*."""
    return pair[0] if language == "en" else pair[1]


def word(key: str, language: Language) -> str:
    """Return the label of one of the reports' own words (a key of `WORDS`) in *language*."""
    return pick(WORDS[key], language)


def vocabulary_label(vocabulary: Vocabulary, code: str, language: Language) -> str:
    """Return the label of *code* in *vocabulary*, or say that it is not in it."""
    if code in vocabulary:
        return vocabulary[code].label(language)
    return word("unknown", language)
