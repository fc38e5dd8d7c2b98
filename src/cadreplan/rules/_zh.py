"""Chinese wording shared by the built-in rules: spans of days, lists, and the integrity problems.

Every built-in finding has a Chinese message (``message_zh``) with the facts
of its English one: the same ids, quoted the same way (``'gov-1'``), the same
dates and numbers. The terms are those of the source report and of the
reports layer: 期次 (a session), 计划期 (the plan period), 名额, 调训计划,
应训尽训, 重复培训, 培训层级.

CP101 to CP103 report the model's integrity problems, whose messages are
English; `problem_zh` says the same in Chinese, from the problem's path and
message. A message it does not know (a new wording in the model) is kept,
after a Chinese lead, so that nothing is lost.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from cadreplan.errors import Problem
    from cadreplan.model import Plan

__all__ = ["number_zh", "problem_zh", "quoted_zh", "span_zh"]


def span_zh(start_on: dt.date, end_on: dt.date) -> str:
    """Return ``2024-03-04 至 2024-03-08``: the days of a session, an assignment, a cycle."""
    return f"{start_on} 至 {end_on}"


def quoted_zh(codes: Iterable[str]) -> str:
    """Return ``'a'、'b'``: codes quoted as in the English messages, joined by the 顿号."""
    return "、".join(repr(code) for code in codes)


def number_zh(value: float) -> str:
    """Return *value* as the English messages write it: ``6`` for 6.0, ``6.5``."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# What the model's "unknown <kind> <id>" calls each kind, and whether the kind
# is a code of a vocabulary (词表) rather than the id of an object of the plan.
_KINDS: dict[str, tuple[str, bool]] = {
    "institution kind": ("培训机构类型", True),
    "institution": ("培训机构", False),
    "action plan": ("行动计划", False),
    "category": ("干部类别", True),
    "rank": ("职级", True),
    "unit": ("单位", False),
    "tier": ("培训层级", True),
    "theme": ("培训主题", True),
    "program": ("培训项目", False),
    "cadre": ("干部", False),
    "session": ("期次", False),
    "post": ("实践锻炼岗位", False),
}

# The objects of each collection, by the name of the collection in a path.
_COLLECTIONS: dict[str, str] = {
    "units": "单位",
    "cadres": "干部",
    "institutions": "培训机构",
    "action_plans": "行动计划",
    "programs": "培训项目",
    "sessions": "期次",
    "requirements": "培训要求",
    "dispatch_quotas": "调训计划",
    "posts": "实践锻炼岗位",
    "enrollments": "报名",
    "seat_quotas": "名额分配",
}

_UNKNOWN = re.compile(r"unknown (?P<kind>[a-z ]+?) (?P<value>'.*'|\".*\")", re.DOTALL)
_DUPLICATE = re.compile(
    r"duplicate (?P<what>id|enrollment of \(cadre, session\)|seat quota of \(unit, session, "
    r"program\)) (?P<value>.*) \(first at (?P<first>\$\.(?P<collection>\w+)\[(?P<index>\d+)\])\)",
    re.DOTALL,
)
_CYCLE = re.compile(r"unit (?P<value>.*) is part of a parent cycle", re.DOTALL)
_AT = re.compile(r"\$\.(?P<collection>\w+)\[(?P<index>\d+)\]")


def problem_zh(plan: Plan, problem: Problem) -> str:
    """Return the Chinese message of an integrity problem (CP101, CP102, CP103)."""
    message = problem.message
    if match := _UNKNOWN.fullmatch(message):
        kind = match["kind"]
        if kind in _KINDS:
            noun, is_code = _KINDS[kind]
            where = "不在计划的词表中" if is_code else "在计划中不存在"
            return f"引用的{noun} {match['value']} {where}"
    if match := _DUPLICATE.fullmatch(message):
        return _duplicate_zh(plan, problem.path, match)
    if match := _CYCLE.fullmatch(message):
        return f"单位 {match['value']} 的上级单位（parent）关系构成循环，不隶属于任何根单位"
    return f"计划的引用关系有误：{message}"


def _duplicate_zh(plan: Plan, path: str, match: re.Match[str]) -> str:
    first = match["first"]
    collection = match["collection"]
    if match["what"] == "id":
        noun = _COLLECTIONS.get(collection, "对象")
        return f"{noun}编号 {match['value']} 重复（首次出现于 {first}）"
    at = _AT.match(path)
    items = getattr(plan, collection, ())
    index = int(at["index"]) if at else len(items)
    if collection == "enrollments" and index < len(items):
        enrollment = items[index]
        return (
            f"干部 {enrollment.cadre!r} 重复报名期次 {enrollment.session!r}（首次出现于 {first}）"
        )
    if collection == "seat_quotas" and index < len(items):
        quota = items[index]
        target = (
            f"期次 {quota.session!r}"
            if quota.session is not None
            else f"培训项目 {quota.program!r}"
        )
        return f"单位 {quota.unit!r} 在{target} 的名额分配重复（首次出现于 {first}）"
    return f"{_COLLECTIONS.get(collection, '对象')} {match['value']} 重复（首次出现于 {first}）"
