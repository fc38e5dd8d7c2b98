"""One story, whichever way it is asked: ``AllocationResult.explain`` against ``explain``.

``AllocationResult.explain`` answers "what did this run do" (basis
``"allocation"``): each session as it stood at its turn, the input plan with
every seat given until the end of that turn. ``explain`` answers from a plan
alone (basis ``"plan"``). Asked of the plan as it stood at a session's turn,
``explain`` gives the same outcome there, in the same words, wherever the two
answer the same question; asked of the allocated plan, it agrees wherever
the plan did not change after that turn. The plans are the generated ones of
``test_allocation_properties``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given

from cadreplan import (
    AllocationEvent,
    AllocationResult,
    CascadePolicy,
    Explanation,
    FieldValueError,
    OptimalPolicy,
    Outcome,
    UnknownIdError,
    allocate,
    explain,
)
from cadreplan.allocation._cascade_events import PLACED
from cadreplan.datasets import demo_region
from tests.allocation.test_allocation_properties import allocation_plans, cascade_policies, seeds

if TYPE_CHECKING:
    from cadreplan import Plan

RESERVED = "the seats left were held for other units' quotas"


def turns(result: AllocationResult) -> dict[str, int]:
    """Return each seated session's turn: the cascade's order is the order of its fills."""
    return {session_id: index for index, session_id in enumerate(result.fill_by_session)}


def optimized(result: AllocationResult) -> set[tuple[str, str]]:
    """Return the (cadre, session) pairs the optimizer placed, as their explanations say."""
    return {
        (enrollment.cadre, enrollment.session)
        for enrollment in result.placements
        if result.explain(enrollment.cadre).for_session(enrollment.session).detail
        == "placed by the optimizer"
    }


def plan_at_turn(plan: Plan, result: AllocationResult, session_id: str) -> Plan:
    """Return the input plan with every seat given until the end of *session_id*'s turn."""
    turn = turns(result)
    first = optimized(result)
    given_by_then = tuple(
        enrollment
        for enrollment in result.placements
        if (enrollment.cadre, enrollment.session) in first
        or turn[enrollment.session] <= turn[session_id]
    )
    return plan.evolve(enrollments=(*plan.enrollments, *given_by_then))


def agrees(told: AllocationEvent, found: AllocationEvent) -> bool:  # noqa: PLR0911 - per outcome
    """Return whether the run's event and the plan's event for one state tell the same story."""
    outcome = told.outcome
    if outcome == Outcome.PLACED:
        return found.outcome == Outcome.ALREADY_ENROLLED and found.detail == "enrolled, planned"
    if outcome in {Outcome.ALREADY_ENROLLED, Outcome.INELIGIBLE, Outcome.DUPLICATE}:
        return told == found
    if outcome == Outcome.CONFLICT:
        return told == found
    if outcome == Outcome.QUOTA:
        # Seats held back for other units are the run's policy, not the plan's state.
        reserved = told.detail == RESERVED
        return told == found or (reserved and found.outcome in {Outcome.FULL, Outcome.OPEN_SEAT})
    if outcome == Outcome.FULL:
        return found.outcome == Outcome.FULL
    if outcome == Outcome.NOT_NEEDED:
        return found.outcome == Outcome.OPEN_SEAT and found.detail.endswith(
            "counts toward no requirement the cadre is short of"
        )
    return False


def check_one_story(plan: Plan, result: AllocationResult) -> None:
    """Check, cadre by cadre and session by session, that the two ways of asking agree."""
    window = result.policy.theme_window
    after = {
        c.id: explain(result.plan, c.id, on=result.on, theme_window=window) for c in plan.cadres
    }
    at_turn_plans = {
        session_id: plan_at_turn(plan, result, session_id) for session_id in turns(result)
    }
    for person in plan.cadres:
        story = result.explain(person.id)
        final = after[person.id]
        assert ("allocation", result.seed) == (story.basis, story.seed)
        assert "plan" == final.basis
        assert [event.session for event in final.events] == [e.session for e in story.events]
        assert final.coverage == story.coverage
        for told in story.events:
            found_after = final.for_session(told.session)
            # Outcomes never in the run's story: what it tells is always a decision.
            assert told.outcome != Outcome.OPEN_SEAT, told
            if told.outcome == Outcome.SKIPPED:
                assert told.session not in at_turn_plans
                continue
            if told.outcome in {Outcome.PLACED, Outcome.ALREADY_ENROLLED, Outcome.INELIGIBLE}:
                # Facts that do not move with the run: the same against the allocated plan.
                assert agrees(told, found_after), (told, found_after)
                continue
            at_turn = explain(
                at_turn_plans[told.session], person.id, on=result.on, theme_window=window
            ).for_session(told.session)
            assert agrees(told, at_turn), (told, at_turn)
            if at_turn == found_after:
                assert agrees(told, found_after), (told, found_after)


@given(plan=allocation_plans(), policy=cascade_policies, seed=seeds)
def test_the_run_and_the_plan_tell_one_story(plan: Plan, policy: CascadePolicy, seed: int) -> None:
    """The run's explanation agrees with ``explain`` of the plan as it stood at each turn."""
    check_one_story(plan, allocate(plan, policy=policy, seed=seed))


@given(plan=allocation_plans(crowded=True), seed=seeds)
def test_crowded_runs_tell_one_story(plan: Plan, seed: int) -> None:
    """Where many cadres queue for one program, the two ways of asking still agree."""
    check_one_story(plan, allocate(plan, seed=seed))


@given(plan=allocation_plans(), seed=seeds)
def test_the_optimizer_and_the_plan_tell_one_story(plan: Plan, seed: int) -> None:
    """After the optimizer, its seats count as given before the cascade's first turn."""
    check_one_story(plan, allocate(plan, policy=OptimalPolicy(), seed=seed))


@given(plan=allocation_plans(crowded=True), policy=cascade_policies, seed=seeds)
def test_the_rebuilt_priority_is_the_cascades(plan: Plan, policy: CascadePolicy, seed: int) -> None:
    """The priority an explanation works out again is the key the cascade placed a cadre with.

    And a cadre told a session went to higher priorities ranks below its cut-off.
    """
    result = allocate(plan, policy=policy, seed=seed)
    story = result._story  # the key rebuilt for explanations
    events = result._run.events  # and the cascade's own keys
    position = {person.id: index for index, person in enumerate(plan.cadres)}
    for person in plan.cadres:
        for session_id, code, argument in events.of_position(position[person.id]):
            if code == PLACED:
                assert argument[:6] == story.priority(person, session_id)[:6]  # type: ignore[index]
        for event in result.explain(person.id).events:
            if event.outcome == Outcome.FULL and "cut-off" in event.detail:
                last = events.last_placed(event.session)
                assert last is not None
                assert story.priority(person, event.session)[:6] > last[1][:6]


@given(plan=allocation_plans(), policy=cascade_policies, seed=seeds)
def test_explanations_cover_every_session_in_both_languages(
    plan: Plan, policy: CascadePolicy, seed: int
) -> None:
    """Both explanations have one event per session, each worded in English and Chinese."""
    result = allocate(plan, policy=policy, seed=seed)
    sessions = sorted({session.id for session in plan.sessions})
    for person in plan.cadres:
        for story in (result.explain(person.id), explain(result.plan, person.id)):
            assert sessions == sorted(event.session for event in story.events)
            assert all(event.detail and event.detail_zh for event in story.events)
            assert len(story.events) + 1 + bool(story.coverage) + len(story.coverage) == len(
                story.describe("zh").splitlines()
            )


def test_str_says_which_question_and_shows_coverage() -> None:
    """``str`` opens with the question answered and ends with the coverage, when there is some."""
    plan = allocate_demo()
    told = plan.explain("c0001")
    found = explain(plan.plan, "c0001")

    assert str(told).startswith(
        "cadre 'c0001', in this allocation, seed 0, each session at its turn:"
    )
    assert str(found).startswith("cadre 'c0001', in the plan as it stands:")
    for story in (told, found):
        assert str(story).endswith(
            "coverage:\n"
            "  county_leaders_5y (2020-01-01..2024-12-31, due 2024-12-31): "
            "short of 310 hours or 56 days"
        )


def allocate_demo() -> AllocationResult:
    return allocate(demo_region(), seed=0)


def test_the_demo_story_of_c0001() -> None:
    """In the demo, c0001 lost a national seat on the draw and was later busy or duplicate."""
    result = allocate_demo()
    story = result.explain("c0001")

    assert AllocationEvent(
        "nd-cps-leaders-1",
        Outcome.FULL,
        "all 6 seats taken; same priority; lost the draw, seed 0: the last seat went to "
        "'c0011' at the cut-off priority (short by 100% of a requirement, due 2024-12-31, "
        "never trained)",
    ) == story.for_session("nd-cps-leaders-1")
    # The plan as allocated tells why c0001 could not take it now: a later seat of theirs.
    assert (
        Outcome.DUPLICATE == explain(result.plan, "c0001").for_session("nd-cps-leaders-1").outcome
    )
    assert Outcome.INELIGIBLE == story.for_session("tb-540102001-1").outcome


def test_chinese_words_of_an_explanation() -> None:
    """``describe("zh")`` heads, labels and words each session in Chinese."""
    result = allocate_demo()
    lines = result.explain("c0001").describe("zh").splitlines()

    assert "干部 c0001（本次分配，随机种子 0，各期次按轮到时的情况）：" == lines[0]
    assert (
        "  nd-cps-leaders-1：名额已满。6 个名额已满；优先级相同，随机抽签未中（随机种子 0）："
        "最后一个名额给了 c0011，截止优先级：培训要求尚差 100%，须于 2024-12-31 前完成，从未参训"
    ) == lines[1]
    assert (
        "  county_leaders_5y（2020-01-01 至 2024-12-31，2024-12-31 前完成）：尚差 310 学时或 56 天"
        == (lines[-1])
    )


def test_an_explanation_refuses_an_unknown_language() -> None:
    """``describe`` takes "en" or "zh" and names the argument otherwise."""
    story = Explanation(cadre="a", events=())

    with pytest.raises(FieldValueError, match=r"^'language' must be 'en' or 'zh' \(got 'fr'\)$"):
        story.describe("fr")


def test_for_session_of_an_unknown_session() -> None:
    """Asking an explanation for a session it does not cover suggests the closest one."""
    story = explain(allocate_demo().plan, "c0001")

    with pytest.raises(UnknownIdError) as caught:
        story.for_session("nd-cps-leader-1")

    expected = "no session with id 'nd-cps-leader-1'; did you mean 'nd-cps-leaders-1'?"
    assert expected == str(caught.value)
