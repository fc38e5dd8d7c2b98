"""Reprs are short enough for a notebook and for ``help()``."""

from __future__ import annotations

import datetime as dt
import pydoc

from hypothesis import given

from cadreplan import DEFAULT_CATEGORIES, DEFAULT_TIERS, Period, Plan, Term, Vocabulary
from cadreplan.datasets import demo_region, synthetic_region
from tests.strategies import plans


def test_plan_repr_is_one_count_line() -> None:
    """The demo plan prints as its name, its period and what it holds."""
    expected = (
        "<Plan '西藏自治区2024年度干部教育培训计划（演示）' 2024-01-01..2024-12-31: 90 units, "
        "301 cadres, 35 institutions, 1 action plan, 50 programs, 53 sessions, 10 enrollments, "
        "221 history records, 4 requirements, 6 seat quotas, 1 dispatch quota, 6 posts, "
        "2 assignments>"
    )

    assert expected == repr(demo_region())


def test_plan_repr_does_not_grow_with_the_plan() -> None:
    """A plan of 2,000 cadres prints in one short line, with thousands separated."""
    text = repr(synthetic_region(2000, seed=0))

    assert "\n" not in text
    assert "2,000 cadres" in text
    assert len(text) < 400


@given(plans())
def test_any_plan_repr_is_one_bounded_line(plan: Plan) -> None:
    """Whatever the plan holds, its repr is one line of bounded length."""
    text = repr(plan)

    assert text.startswith("<Plan ")
    assert "\n" not in text or "\n" in plan.name
    assert len(text) <= len(repr(plan.name)) + 400


def test_empty_plan_repr() -> None:
    """A plan with nothing in it says so."""
    plan = Plan(name="p", period=Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))

    assert "<Plan 'p' 2024-01-01..2024-12-31: empty>" == repr(plan)


def test_vocabulary_repr_counts_and_shows_the_first_codes() -> None:
    """A vocabulary shows how many terms it has and its first three codes."""
    one = Vocabulary((Term("ecology", "生态保护", "Ecological protection"),))
    twelve = (
        "<Vocabulary of 12 terms: 'leading_body_member', 'county_department_official', "
        "'township_cadre', …>"
    )

    assert (
        twelve,
        "<Vocabulary of 1 term: 'ecology'>",
        "<Vocabulary of no terms>",
    ) == (repr(DEFAULT_CATEGORIES), repr(one), repr(Vocabulary(())))


def test_tier_scheme_repr() -> None:
    """The tier scheme shows its size and its first tiers in priority order."""
    assert repr(DEFAULT_TIERS) == (
        "<TierScheme of 7 tiers: "
        "'national_dispatch', 'regional_demonstration', 'prefecture_key', …>"
    )


def test_help_of_plan_is_readable() -> None:
    """``help(Plan)`` no longer inlines the default vocabularies: its signature stays short."""
    text = pydoc.render_doc(Plan, renderer=pydoc.plaintext)
    signature = next(line for line in text.splitlines() if "Plan(*" in line)

    # About 45 characters a field: the 26 fields of a plan stay well under 1,400.
    assert len(signature) < 1400
    assert "Term(" not in text
    assert len(text) < 20_000
