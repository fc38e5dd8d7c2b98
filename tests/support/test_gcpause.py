"""Library calls leave the garbage collector alone; ``paused_gc`` pauses it when asked."""

from __future__ import annotations

import argparse
import gc
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import cadreplan
from cadreplan import Plan, Severity, Violation, allocate, coverage, paused_gc, rule, validate
from cadreplan.allocation._cascade import run_cascade
from cadreplan.datasets import demo_region
from cadreplan.ledger import trainings_by_cadre

if TYPE_CHECKING:
    from collections.abc import Iterator

SOURCE = Path(cadreplan.__file__).resolve().parent


@pytest.fixture(name="plan", scope="module")
def _plan() -> Plan:
    return demo_region()


def test_paused_inside_the_block() -> None:
    """The collector is off inside the block and on again after it."""
    with paused_gc():
        inside = gc.isenabled()

    assert (False, True) == (inside, gc.isenabled())


def test_enabled_again_after_a_raise() -> None:
    """A block that raises leaves the collector enabled."""
    with pytest.raises(RuntimeError, match="boom"), paused_gc():
        raise RuntimeError("boom")

    assert gc.isenabled()


def test_nested_blocks_leave_it_off_until_the_outer_one_ends() -> None:
    """An inner block entered with the collector off does not turn it back on."""
    with paused_gc():
        with paused_gc():
            pass
        between = gc.isenabled()

    assert (False, True) == (between, gc.isenabled())


def test_left_off_if_it_was_off() -> None:
    """A collector the caller disabled stays disabled."""
    gc.disable()
    try:
        with paused_gc():
            pass
        seen = gc.isenabled()
    finally:
        gc.enable()

    assert seen is False


def test_validate_leaves_the_collector_running(plan: Plan) -> None:
    """Rules, the built-in ones and the user's, run with the collector as the caller left it."""
    seen: list[bool] = []

    @rule("X001", "Records whether the collector is on", severity=Severity.INFO)
    def spy(_: Plan) -> Iterator[Violation]:
        seen.append(gc.isenabled())
        yield from ()

    validate(plan, rules=[spy], select=["X"])
    with paused_gc():
        validate(plan, rules=[spy], select=["X"])

    assert ([True, False], True) == (seen, gc.isenabled())


def test_coverage_and_allocate_leave_the_collector_running(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ledger and the cascade are built with the collector on: no process-wide change."""
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

    assert seen
    assert all(enabled for _, enabled in seen), seen


def test_only_gcpause_switches_the_collector() -> None:
    """No module but ``_support/gcpause.py`` calls ``gc.disable``, ``gc.enable`` and the like."""
    switching = re.compile(r"\bgc\.(disable|enable|freeze|set_threshold)\(")
    offenders = sorted(
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if switching.search(path.read_text(encoding="utf-8"))
    )

    assert offenders == ["_support/gcpause.py"]


def test_the_script_pauses_the_collector_and_main_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The ``cadreplan`` script runs with the collector off; ``cli.main`` leaves it on."""
    from cadreplan.cli import _main  # noqa: PLC0415 - the script's own module

    seen: list[bool] = []

    def command(_: object) -> int:
        seen.append(gc.isenabled())
        return 0

    parser = _main.build_parser()
    arguments = argparse.Namespace(command="demo", run=command)
    monkeypatch.setattr(parser, "parse_args", lambda _=None: arguments)
    monkeypatch.setattr(_main, "build_parser", lambda: parser)
    monkeypatch.setattr("sys.argv", ["cadreplan", "demo"])

    assert (0, 0) == (_main.main(["demo"]), _main.script())
    assert ([True, False], True) == (seen, gc.isenabled())
