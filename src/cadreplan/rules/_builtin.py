"""The built-in validation rules of a training plan, in the order ``validate`` runs them.

Codes by family, one module each: CP1xx references, CP2xx session sanity,
CP3xx enrollments, CP4xx quotas, CP5xx coverage, CP6xx program design.
Codes never change once released; the docs list them in ``reference/rules.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cadreplan.rules._design import redundant_programs, under_filled
from cadreplan.rules._enrollments import (
    assignment_conflict,
    duplicate_program,
    duplicate_theme,
    ineligible,
    over_capacity,
    session_conflict,
)
from cadreplan.rules._quotas import dispatch_quota, seat_quota
from cadreplan.rules._references import dangling_reference, duplicate_id, unit_cycle
from cadreplan.rules._requirements import requirement_coverage
from cadreplan.rules._sessions import session_in_period, tier_institution_kind

if TYPE_CHECKING:
    from cadreplan.rules._base import Rule

__all__ = ["BUILTIN_RULES", "RETIRED_CODES"]

BUILTIN_RULES: tuple[Rule, ...] = (
    dangling_reference,
    duplicate_id,
    unit_cycle,
    tier_institution_kind,
    session_in_period,
    over_capacity,
    ineligible,
    session_conflict,
    assignment_conflict,
    duplicate_program,
    duplicate_theme,
    seat_quota,
    dispatch_quota,
    requirement_coverage,
    redundant_programs,
    under_filled,
)
"""Every built-in rule, in the order they run."""

RETIRED_CODES: dict[str, str] = {
    "CP201": "a session ending before it starts",
    "CP202": "a session without seats",
    "CP203": "a program without hours",
}
"""Codes of rules that are gone, and what they found: one-object facts, refused when the
object is made. Codes never change meaning, so these stay reserved."""
