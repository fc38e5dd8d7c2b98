"""The bulk operations pause the cyclic garbage collector and always restore it."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

import pytest

from cadreplan import Plan, Severity, Violation, allocate, coverage, rule, validate
from cadreplan._support.gcpause import without_gc_pauses
from cadreplan.allocation._cascade import run_cascade
from cadreplan.datasets import demo_region
from cadreplan.ledger import trainings_by_cadre

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(name="plan", scope="module")
def _plan() -> Plan:
    return demo_region()


def test_paused_while_the_function_runs() -> None:
    """The collector is off inside, on again after, and the result comes back."""

    @without_gc_pauses
    def inside() -> bool:
        return gc.isenabled()

    assert (False, True) == (inside(), gc.isenabled())


def test_enabled_again_after_a_raise() -> None:
    """A function that raises leaves the collector enabled."""

    @without_gc_pauses
    def fails() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fails()

    assert gc.isenabled()


def test_left_off_if_it_was_off() -> None:
    """A collector the caller disabled stays disabled."""

    @without_gc_pauses
    def inside() -> bool:
        return gc.isenabled()

    gc.disable()
    try:
        seen = (inside(), gc.isenabled())
    finally:
        gc.enable()

    assert (False, False) == seen


def test_validate_runs_rules_with_the_collector_paused(plan: Plan) -> None:
    """Rules, the built-in ones and the user's, run with the collector off."""
    seen: list[bool] = []

    @rule("X001", "Records whether the collector is on", severity=Severity.INFO)
    def spy(_: Plan) -> Iterator[Violation]:
        seen.append(gc.isenabled())
        yield from ()

    validate(plan, rules=[spy], select="X")

    assert ([False], True) == (seen, gc.isenabled())


def test_coverage_and_allocate_pause_the_collector(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ledger and the cascade are built with the collector off."""
    seen: list[tuple[str, bool]] = []

    def spying(name: str, real: Any) -> Any:
        def spy(*args: Any, **kwargs: Any) -> Any:
            seen.append((name, gc.isenabled()))
            return real(*args, **kwargs)

        return spy

    monkeypatch.setattr(
        "cadreplan.ledger._coverage.trainings_by_cadre", spying("ledger", trainings_by_cadre)
    )
    monkeypatch.setattr(
        "cadreplan.allocation._allocate.run_cascade", spying("cascade", run_cascade)
    )

    coverage(plan)
    allocate(plan).coverage_before  # noqa: B018 - the ledger is built on first read

    # coverage; the cascade, which reads the trainings itself; the ledger before allocation.
    assert [
        ("ledger", False),
        ("cascade", False),
        ("ledger", False),
        ("ledger", False),
    ] == seen
    assert gc.isenabled()
