"""Built-in rules CP1xx: referential integrity (ids, codes, the unit tree)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.model import cycle_problems, duplicate_problems, reference_problems
from cadreplan.rules._base import rule
from cadreplan.rules._findings import Violation
from cadreplan.rules._zh import problem_zh

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cadreplan.model import Plan

__all__ = ["dangling_reference", "duplicate_id", "unit_cycle"]


@rule("CP101", "Dangling reference", title_zh="引用不存在")
def dangling_reference(plan: Plan) -> Iterator[Violation]:
    """An id or code mentioned in the plan is not defined in it.

    A cadre's unit, a session's program, an audience's unit scope, a theme or
    tier code: each must exist in the plan or its vocabularies. Fix the id or
    add the missing object.
    """
    for problem in reference_problems(plan):
        yield Violation(
            message=problem.message, path=problem.path, message_zh=problem_zh(plan, problem)
        )


@rule("CP102", "Duplicate id", title_zh="编号重复")
def duplicate_id(plan: Plan) -> Iterator[Violation]:
    """Two objects of one kind share an id (or a cadre is enrolled twice in a session).

    Look-ups by id return the first; give the other a new id or remove it.
    """
    for problem in duplicate_problems(plan):
        yield Violation(
            message=problem.message, path=problem.path, message_zh=problem_zh(plan, problem)
        )


@rule("CP103", "Unit-tree cycle", title_zh="单位隶属关系成环")
def unit_cycle(plan: Plan) -> Iterator[Violation]:
    """Units' parent links form a cycle, so they hang under no root.

    Fix the ``parent`` of one unit in the cycle.
    """
    for problem in cycle_problems(plan):
        yield Violation(
            message=problem.message, path=problem.path, message_zh=problem_zh(plan, problem)
        )
