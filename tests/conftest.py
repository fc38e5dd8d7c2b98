"""Configuration shared by the tests: the hypothesis settings profiles.

The profile comes from the ``HYPOTHESIS_PROFILE`` environment variable:

- ``dev`` (the default): hypothesis' default settings, without a deadline;
- ``fast``: 20 examples per test, for a quick local loop;
- ``ci``: 25 examples, derandomized so that every CI run tries the same
  examples, and a failure prints the blob that reproduces it. CI runs the
  whole suite on two shared cores within its time budget (the properties
  without the coverage tracer); the ``dev`` profile, the default of a plain
  ``pytest``, tries 100 examples of every property.

Deadlines are off in every profile: timing belongs to the benchmarks, and a
deadline on a shared two-core CI machine only produces flaky failures.
"""

from __future__ import annotations

import gc
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", deadline=None)
settings.register_profile("fast", max_examples=20, deadline=None)
settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    derandomize=True,
    print_blob=True,
    # Like deadlines, generation speed is timing: under coverage on a CI machine
    # with 40-50% CPU steal, one draw was seen to stall for 65 s. It checks no result.
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

_HEAVIEST_FIRST = (
    "tests/io/test_fastpath.py",
    "tests/cli/test_cli.py",
    "tests/allocation/test_apportion.py",
    "tests/allocation/test_explain.py",
    "tests/model/test_plan.py",
    "tests/datasets/test_datasets.py",
    "tests/io/test_files.py",
)
"""Files that take the longest, longest first (measured in a CI run with --durations).

Test workers take whole files (``--dist loadfile``) in collection order, so a
heavy file collected last keeps one worker busy while the other waits.
"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Collect the heaviest files first; every file keeps its own order, the rest theirs."""
    rank = {path: position for position, path in enumerate(_HEAVIEST_FIRST)}

    def heaviness(item: pytest.Item) -> int:
        try:
            path = item.path.relative_to(config.rootpath).as_posix()
        except ValueError:  # pragma: no cover - an item outside the project
            return len(rank)
        return rank.get(path, len(rank))

    items.sort(key=heaviness)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move what collection built (modules, items, parsed documents) out of the collector's way.

    Everything alive now lives until the end of the run; frozen, the cyclic
    garbage collector no longer walks it on every full collection.
    """
    del session
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True, scope="session")
def _unicode_table() -> None:
    """Build hypothesis' table of Unicode categories once per process, before any test.

    Hypothesis builds it the first time a test draws text: seconds, and tens of
    seconds under coverage on a busy machine, which its health check then blames
    on whichever test drew text first. (It is an internal module: if a later
    hypothesis moves it, the tests still run, only without this warm-up.)
    """
    try:
        from hypothesis.internal.charmap import charmap  # noqa: PLC0415
    except ImportError:  # pragma: no cover - depends on the hypothesis version
        return
    charmap()
