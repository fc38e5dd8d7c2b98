"""The default converter: built once per process, reused by every call, out of users' reach."""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING, Any

import pytest

import cadreplan.io._converter as converter_module
from cadreplan import (
    Plan,
    load_plan,
    make_converter,
    save_plan,
    structure_plan,
    unstructure_plan,
)
from tests.strategies import sample_plan

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(name="plan")
def _plan() -> Plan:
    return sample_plan()


@pytest.fixture(name="built")
def _built(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Count the converters made from now on, starting without a default one."""
    made: list[object] = []
    real = converter_module.make_converter

    def counting() -> Any:
        converter = real()
        made.append(converter)
        return converter

    converter_module._default.cache_clear()
    monkeypatch.setattr(converter_module, "make_converter", counting)
    yield made
    converter_module._default.cache_clear()


def test_loads_and_saves_share_one_converter(
    plan: Plan, tmp_path: Path, built: list[object]
) -> None:
    """Many loads and saves without a converter build the default converter once."""
    for suffix in (".json", ".yaml"):
        for _ in range(3):
            path = save_plan(plan, tmp_path / f"plan{suffix}")
            assert plan == load_plan(path)
    structure_plan(unstructure_plan(plan))

    assert 1 == len(built)


def test_make_converter_is_always_new(built: list[object]) -> None:
    """`make_converter` returns a new converter each time, never the default one."""
    first, second = make_converter(), make_converter()
    structure_plan(unstructure_plan(sample_plan()))

    default = converter_module._default().converter
    assert first is not second
    assert default is not first
    assert default is not second
    assert [default] == built


def test_a_users_hooks_do_not_reach_the_default(plan: Plan, tmp_path: Path) -> None:
    """Hooks registered on a converter of `make_converter` change nothing for the default."""
    path = save_plan(plan, tmp_path / "plan.json")
    mine = make_converter()
    mine.register_unstructure_hook(dt.date, lambda day: day.strftime("%d/%m/%Y"))
    mine.register_structure_hook(str, lambda value, _: str(value).upper())

    assert "04/03/2024" == unstructure_plan(plan, converter=mine)["sessions"][0]["start_on"]
    assert plan == load_plan(path)
    assert "2024-03-04" == unstructure_plan(plan)["sessions"][0]["start_on"]


def test_nothing_public_returns_the_default_converter(plan: Plan) -> None:
    """Plain data from the default converter is new on every call: changing it changes nothing."""
    first = unstructure_plan(plan)
    first["sessions"].clear()
    first["themes"][0]["code"] = "changed"

    again = unstructure_plan(plan)

    assert again["sessions"]
    assert "changed" != again["themes"][0]["code"]
    assert plan == structure_plan(again)


def test_the_date_cache_is_emptied_after_each_plan(plan: Plan) -> None:
    """The fast readers' cache of days holds nothing between plans, loaded or refused."""
    document = unstructure_plan(plan)
    structure_plan(document)
    cache: dict[str, dt.date] = {}
    days = converter_module._default().forget.__self__  # type: ignore[attr-defined]

    assert cache == days
    document["sessions"][0]["capacity"] = "many"
    with pytest.raises(ValueError, match="capacity"):
        structure_plan(document)
    assert cache == days


def test_threads_load_with_the_one_converter(plan: Plan, tmp_path: Path) -> None:
    """Plans loaded in several threads at once, the first load among them, are all right."""
    converter_module._default.cache_clear()
    path = save_plan(plan, tmp_path / "plan.json")
    loaded: list[Plan] = []
    failures: list[BaseException] = []

    def load() -> None:
        try:
            loaded.extend(load_plan(path) for _ in range(5))
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [] == failures
    assert [plan] * 20 == loaded
