"""The scripts in ``examples/`` run to completion and print their results."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
# Modules whose names start with an underscore are helpers that examples import.
EXAMPLES = sorted(path for path in EXAMPLES_DIR.glob("*.py") if not path.name.startswith("_"))


def test_there_are_examples() -> None:
    """The examples directory holds at least one script, so the test below is never empty."""
    assert EXAMPLES, f"no example scripts found in {EXAMPLES_DIR}"


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_runs(
    path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An example runs as a script, in an empty working directory, and prints something."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(path)])
    # As under `python examples/name.py`, the script's own directory comes first on sys.path.
    monkeypatch.syspath_prepend(str(path.parent))

    status: object = None
    try:
        runpy.run_path(str(path), run_name="__main__")
    except SystemExit as exit_:  # `raise SystemExit(main())` is a fine way to end a script
        status = exit_.code

    assert status in (None, 0), f"{path.name} exited with status {status!r}"
    assert capsys.readouterr().out.strip(), f"{path.name} printed nothing"
