"""Exit statuses and error messages: 0 ok, 1 validation errors only, 2 usage or input, 3 a bug."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

import attrs
import pytest

import cadreplan.cli._common
from cadreplan import cli, save_plan
from cadreplan import datasets as datasets_module
from cadreplan.cli._common import OPTIONS, describe_field_error, option_words
from cadreplan.datasets import demo_region
from cadreplan.errors import (
    CadreplanError,
    FieldTypeError,
    FieldValueError,
    OptionalDependencyError,
    UnknownIdError,
    ValidationError,
)

if TYPE_CHECKING:
    from pathlib import Path

    from cadreplan import Plan

PYTHON_ARGUMENT = re.compile(
    r"(?<![-\w])(?:format|select|ignore|severity|seed|policy|allow_errors|language|rules|builtin)="
    r"|'(?:format|select|ignore|severity|seed|policy|allow_errors|language)'"
)
"""A Python argument named as Python writes it (``format=``, ``'seed'``)."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``cadreplan *argv`` in-process and return its status, stdout and stderr."""
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(name="plan", scope="module")
def _plan() -> Plan:
    return demo_region()


@pytest.fixture(name="files", scope="module")
def _files(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Path:
    """A folder with the demo plan, a plan with an error, and files that are no plans."""
    folder = tmp_path_factory.mktemp("files")
    save_plan(plan, folder / "demo.json")
    busiest = Counter(e.session for e in plan.enrollments if e.is_active).most_common(1)[0][0]
    sessions = tuple(
        attrs.evolve(session, capacity=1) if session.id == busiest else session
        for session in plan.sessions
    )
    save_plan(plan.evolve(sessions=sessions), folder / "broken.json")
    (folder / "binary.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "latin1.json").write_bytes('{"name": "Lhünzhub"}'.encode("latin-1"))
    (folder / "utf16.json").write_bytes('{"name": "x"}'.encode("utf-16"))
    (folder / "plan.txt").write_text("{}", encoding="utf-8")
    (folder / "folder.json").mkdir()
    (folder / "plans").mkdir()
    return folder


# -- 0 and 1 ----------------------------------------------------------------------------------


def test_warnings_alone_exit_0(capsys: pytest.CaptureFixture[str], files: Path) -> None:
    """A plan with warnings and no errors validates with exit status 0."""
    assert run(capsys, "validate", str(files / "demo.json"), "--summary")[0] == 0


def test_validation_errors_exit_1(capsys: pytest.CaptureFixture[str], files: Path) -> None:
    """`validate` exits 1 when the plan has error findings, in every output form."""
    for options in ([], ["--summary"], ["--format", "json"], ["--lang", "zh"]):
        assert run(capsys, "validate", str(files / "broken.json"), *options)[0] == 1


def test_allocate_refusing_a_plan_with_errors_exits_2(
    capsys: pytest.CaptureFixture[str], files: Path, tmp_path: Path
) -> None:
    """Only `validate` exits 1: `allocate` refusing a plan with errors is an input error (2)."""
    status, out, err = run(
        capsys, "allocate", str(files / "broken.json"), "-o", str(tmp_path / "out.json")
    )

    assert (2, "") == (status, out)
    assert err.startswith("cadreplan allocate: error: ")
    assert "Traceback" not in err
    assert not (tmp_path / "out.json").exists()


# -- 2: input errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("missing.json", "cannot read {path}: no such file or folder"),
        ("folder.json", "cannot read {path}: it is a folder"),
        ("plans", "cannot read {path}: it is a folder"),
        ("plan.txt", "expected .json, .yaml or .yml"),
        ("binary.json", "{path}: invalid plan, 1 problem:"),
        ("latin1.json", "{path}: invalid plan, 1 problem:"),
        ("utf16.json", "{path}: invalid plan, 1 problem:"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "allocate", "explain"])
def test_unreadable_inputs_exit_2_naming_the_file(  # noqa: PLR0917 - pytest passes fixtures positionally
    capsys: pytest.CaptureFixture[str],
    files: Path,
    tmp_path: Path,
    command: str,
    name: str,
    expected: str,
) -> None:
    """A missing, folder, binary, non-UTF-8 or unknown-suffix input exits 2 naming the file."""
    path = files / name
    extra = {"validate": [], "allocate": ["-o", str(tmp_path / "out.json")], "explain": ["c0001"]}

    status, out, err = run(capsys, command, str(path), *extra[command])

    assert (2, "") == (status, out)
    assert err.startswith(f"cadreplan {command}: error: ")
    assert expected.format(path=path) in err
    assert str(path) in err
    assert "Traceback" not in err
    assert not PYTHON_ARGUMENT.search(err), err


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("binary.json", "binary"),
        ("latin1.json", "UTF-8"),
        ("utf16.json", "UTF-16"),
    ],
)
def test_bad_encodings_say_what_was_expected(
    capsys: pytest.CaptureFixture[str], files: Path, name: str, expected: str
) -> None:
    """A binary or non-UTF-8 plan file is named, and the message says UTF-8 text was expected."""
    _, _, err = run(capsys, "validate", str(files / name))

    assert expected in err
    assert "expected" in err


def test_permission_denied_exits_2(
    capsys: pytest.CaptureFixture[str], files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan file the user may not read exits 2 with one line naming it."""
    path = files / "demo.json"

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(cadreplan.cli._common, "load_plan", refuse)

    status, out, err = run(capsys, "validate", str(path))

    assert (2, "", f"cadreplan validate: error: cannot read {path}: permission denied\n") == (
        status,
        out,
        err,
    )


@pytest.mark.parametrize("command", [["demo", "--save"], ["synth", "--cadres", "5", "-o"]])
def test_missing_output_folder_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    """Writing into a folder that does not exist exits 2 naming the path, before any work."""
    path = tmp_path / "missing" / "plan.json"

    status, out, err = run(capsys, *command, str(path))

    name = command[0]
    expected = (
        f"cadreplan {name}: error: cannot write {path}: folder {path.parent} does not exist\n"
    )
    assert (2, "", expected) == (status, out, err)


@pytest.mark.parametrize(
    "error",
    [
        FieldValueError("seed", "'seed' must be >= 0 (got -1)"),
        FieldTypeError("policy", "'policy' must be 'cascade' or 'optimal' (got 3)"),
        UnknownIdError("cadre", "c9"),
        ValidationError("plan has 1 validation error", None),
        OptionalDependencyError("YAML plan files need PyYAML: pip install 'cadreplan[yaml]'"),
        CadreplanError("something the user can fix"),
    ],
)
def test_every_cadreplan_error_exits_2_on_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, error: CadreplanError
) -> None:
    """Any CadreplanError is one line `cadreplan COMMAND: error: ...`, exit 2, and no traceback."""

    def build() -> Plan:
        raise error

    monkeypatch.setattr(datasets_module, "demo_region", build)

    status, out, err = run(capsys, "demo")

    assert (2, "") == (status, out)
    assert err.startswith("cadreplan demo: error: ")
    assert len(err.splitlines()) == 1
    assert not PYTHON_ARGUMENT.search(err), err


def test_messages_never_name_python_arguments(
    capsys: pytest.CaptureFixture[str], files: Path, tmp_path: Path
) -> None:
    """The errors users meet name options (`--seed`), never Python arguments (`seed=`)."""
    demo = str(files / "demo.json")
    out = str(tmp_path / "out.json")
    cases = [
        ["validate", demo, "--select", "CP9"],
        ["validate", demo, "--ignore", "cp5"],
        ["validate", demo, "--severity", "CP306=eror"],
        ["validate", str(files / "plan.txt")],
        ["allocate", str(files / "plan.txt"), "-o", out],
        ["allocate", demo, "-o", str(tmp_path / "out.txt")],
        ["allocate", str(files / "broken.json"), "-o", out],
        ["explain", demo, "nobody"],
        ["synth", "--cadres", "5", "-o", str(tmp_path / "plan.csv")],
    ]
    for argv in cases:
        status, _, err = run(capsys, *argv)
        assert status == 2, argv
        assert not PYTHON_ARGUMENT.search(err), err


# -- 3: bugs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("error", [RuntimeError("boom"), ValueError("bad"), KeyError("x")])
def test_unexpected_errors_exit_3_with_the_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """An exception the library does not raise on purpose is a bug: traceback, one line, exit 3."""

    def build() -> Plan:
        raise error

    monkeypatch.setattr(datasets_module, "demo_region", build)

    status, out, err = run(capsys, "demo")

    lines = err.splitlines()
    assert (3, "") == (status, out)
    assert lines[0] == "Traceback (most recent call last):"
    assert f"cadreplan demo: internal error: {type(error).__name__}: " in err
    assert lines[-1].startswith("This is a bug in cadreplan: please report it")


# -- the option names of library arguments ------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (FieldValueError("seed", "'seed' must be >= 0 (got -1)"), "--seed must be >= 0 (got -1)"),
        (
            FieldValueError("select", "'select' has 'CP9', which is no rule's code"),
            "--select has 'CP9', which is no rule's code",
        ),
        (FieldValueError("language", "must be 'en' or 'zh'"), "--lang: must be 'en' or 'zh'"),
        (
            FieldValueError("allow_errors", "allow_errors must be True"),
            "--allow-errors must be True",
        ),
        (FieldValueError("capacity", "'capacity'\nmust be >= 1"), "'capacity' must be >= 1"),
        (FieldValueError("seed", "'seeds' are odd"), "--seed: 'seeds' are odd"),
    ],
)
def test_field_errors_name_the_option(error: FieldValueError, expected: str) -> None:
    """A FieldError about a library argument names its option, once; any other keeps its words."""
    assert expected == describe_field_error(error)


def test_every_option_mapping_names_an_option() -> None:
    """Each library argument maps to a long option spelled as the command line spells it."""
    assert all(re.fullmatch(r"--[a-z]+(-[a-z]+)*", option) for option in OPTIONS.values())
    assert sorted(OPTIONS) == list(OPTIONS)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("fix them, or pass allow_errors=True", "fix them, or pass --allow-errors"),
        ("(got seed=-1)", "(got --seed -1)"),
        ("use select=['CP5']", "use --select ['CP5']"),
        ("reseed=3 and format=json stay", "reseed=3 and format=json stay"),
    ],
)
def test_python_arguments_in_messages_read_as_options(message: str, expected: str) -> None:
    """A message that names a library argument as Python writes it names the option instead."""
    assert expected == option_words(message)
