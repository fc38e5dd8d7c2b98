"""The ``cadreplan`` command line, run in-process through ``main`` and twice as a real process."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import pytest

from cadreplan import (
    Cadre,
    Institution,
    Period,
    Plan,
    PlanFormatError,
    Problem,
    Program,
    Session,
    Unit,
    UnitKind,
    _cli,
    _text,
    default_requirements,
    load_plan,
    save_plan,
)
from cadreplan import datasets as datasets_module
from cadreplan.datasets import demo_region, synthetic_region

SMALL = 200
"""Cadres in the synthetic plans of these tests: enough to have every kind of object."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``cadreplan *argv`` in-process and return its status, stdout and stderr."""
    status = _cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def section(output: str, title: str) -> list[list[str]]:
    """Return the body rows of the table under *title*, cells split on runs of 2+ spaces.

    The header, rules and footer are left out.
    """
    lines = output.splitlines()
    start = lines.index(title)
    rows: list[list[str]] = []
    rules = 0
    for line in lines[start + 2 :]:
        if not line:
            break
        if set(line.strip()) <= {"-", " "}:
            rules += 1
            continue
        if rules == 1:
            rows.append(re.split(r" {2,}", line.strip()))
    return rows


@pytest.fixture(name="plan", scope="module")
def _plan() -> Plan:
    return demo_region()


@pytest.fixture(name="output", scope="module")
def _output() -> str:
    return _cli.render_sections(demo_region(), _cli.DEMO_SECTIONS, language="en")


@pytest.fixture(name="tiny")
def _tiny() -> Plan:
    """A plan with a cadre of an unknown category and a session of an unknown program."""
    return Plan(
        name="小计划",
        period=Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        units=(
            Unit(id="r", name="自治区", kind=UnitKind.REGION),
            Unit(id="t", name="乡", kind=UnitKind.TOWNSHIP, parent="r"),
        ),
        cadres=(
            Cadre(id="a", name="甲", unit="t", category="village_cadre", rank="unranked"),
            Cadre(id="b", name="乙", unit="t", category="astronaut", rank="unranked"),
        ),
        institutions=(Institution(id="ps", name="党校", kind="party_school"),),
        programs=(
            Program(id="p", title="冬训", tier="township_backstop", organizer="t", hours=24),
        ),
        sessions=tuple(
            Session(
                id=f"s{index}",
                program=program,
                institution="ps",
                start_on=dt.date(2024, 1, 5),
                end_on=dt.date(2024, 1, 8),
                capacity=30,
            )
            for index, program in enumerate(["p", "gone"])
        ),
        requirements=default_requirements(),
    )


# -- demo -------------------------------------------------------------------------------------


def test_demo_prints_every_section(capsys: pytest.CaptureFixture[str], plan: Plan) -> None:
    """`demo` prints the plan's name, period and each section heading, and exits 0."""
    status, out, err = run(capsys, "demo")

    assert (status, err) == (0, "")
    for title in (
        plan.name,
        "Units by level and kind",
        "Cadres by category",
        "Training by tier",
        "Requirements",
    ):
        assert title in out.splitlines()
    assert f"{plan.period.start_on} – {plan.period.end_on} ({plan.period.days} days)" in out


def test_demo_counts_units_by_kind(output: str, plan: Plan) -> None:
    """The units table counts the units of every administrative level and other kind present."""
    tally = Counter(unit.kind.value for unit in plan.units)
    levels = ["region", "prefecture", "county", "township", "village"]
    shown = [*levels, *(kind.value for kind in UnitKind if kind not in levels and tally[kind])]
    expected = {code: _text.format_count(tally[code]) for code in shown}

    actual = {row[0]: row[2] for row in section(output, "Units by level and kind")}

    assert expected == actual


def test_demo_counts_cadres_by_category(output: str, plan: Plan) -> None:
    """The category table lists every category of the vocabulary, in order, with its count."""
    tally = Counter(cadre.category for cadre in plan.cadres)
    expected = [
        [term.code, term.en, _text.format_count(tally[term.code])] for term in plan.categories
    ]

    assert expected == section(output, "Cadres by category")


def test_demo_counts_training_by_tier(output: str, plan: Plan) -> None:
    """The tier table gives programs, sessions and seats of each tier, in priority order."""
    count = _text.format_count
    expected = []
    for order, tier in enumerate(plan.tiers):
        sessions = plan.sessions_of_tier(tier.code)
        programs = [program for program in plan.programs if program.tier == tier.code]
        expected.append(
            [
                str(order),
                tier.code,
                tier.en,
                count(len(programs)),
                count(len(sessions)),
                count(sum(session.capacity for session in sessions)),
            ]
        )

    assert expected == section(output, "Training by tier")


def test_demo_lists_requirements(output: str, plan: Plan) -> None:
    """The requirements table has one row per requirement, by id and title."""
    expected = [[requirement.id, requirement.title] for requirement in plan.requirements]

    assert expected == [row[:2] for row in section(output, "Requirements")]


def test_demo_in_chinese(capsys: pytest.CaptureFixture[str], plan: Plan) -> None:
    """`demo --lang zh` labels headings, tiers and categories in Chinese."""
    status, out, _ = run(capsys, "demo", "--lang", "zh")

    assert status == 0
    assert "培训（按层级）" in out.splitlines()
    assert f"{plan.period.start_on}至{plan.period.end_on}（{plan.period.days}天）" in out
    rows = section(out, "培训（按层级）")
    assert [tier.zh for tier in plan.tiers] == [row[2] for row in rows]
    assert [term.zh for term in plan.categories] == [
        row[1] for row in section(out, "干部（按类别）")
    ]
    assert "Training by tier" not in out


def test_demo_output_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    """Two runs of `demo` print the same text."""
    first = run(capsys, "demo")

    assert first == run(capsys, "demo")


def test_tables_align_chinese_labels(capsys: pytest.CaptureFixture[str]) -> None:
    """Every line of a table has the same display width in Chinese, so columns line up."""
    _, out, _ = run(capsys, "demo", "--lang", "zh")
    lines = out.splitlines()
    start = lines.index("单位（按层级和类型）") + 2
    rule = lines[start + 1]

    assert {_text.width(rule)} == {_text.width(line) for line in lines[start : start + 3]}


def test_sections_report_codes_outside_the_vocabulary(tiny: Plan) -> None:
    """A category or program the vocabularies do not know is counted on a row of its own."""
    output = _cli.render_sections(tiny, _cli.DEMO_SECTIONS)

    assert section(output, "Cadres by category")[-1] == [
        "astronaut",
        "(not in the vocabulary)",
        "1",
    ]
    assert section(output, "Training by tier")[-1] == [
        "?",
        "(not in the vocabulary)",
        "0",
        "1",
        "30",
    ]


# -- synth ------------------------------------------------------------------------------------


def test_synth_writes_the_synthetic_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`synth` writes the plan `synthetic_region` builds with the same options."""
    path = tmp_path / "plan.json"

    status, out, err = run(capsys, "synth", "--cadres", str(SMALL), "--seed", "3", "-o", str(path))

    expected = synthetic_region(cadres=SMALL, seed=3)
    assert (status, err) == (0, "")
    assert expected == load_plan(path)
    size = _text.format_size(path.stat().st_size)
    assert [f"wrote {path} ({size})"] == out.splitlines()[0].split(": ")[:1]
    assert f"{_text.format_count(len(expected.cadres))} cadres" in out


def test_synth_with_enrollments_to_yaml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`synth --with-enrollments` writes YAML when the file name ends in .yaml."""
    path = tmp_path / "plan.yaml"

    status, _, _ = run(
        capsys,
        "synth",
        "--cadres",
        "20",
        "--with-enrollments",
        "--year",
        "2025",
        "-o",
        str(path),
    )

    assert status == 0
    expected = synthetic_region(cadres=20, seed=0, with_enrollments=True, year=2025)
    assert expected == load_plan(path)


def test_synth_same_seed_same_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The same seed writes byte-identical files; another seed writes a different one."""
    paths = [tmp_path / name for name in ("a.json", "b.json", "c.json")]
    for path, seed in zip(paths, ("5", "5", "6"), strict=True):
        assert run(capsys, "synth", "--cadres", str(SMALL), "--seed", seed, "-o", str(path))[0] == 0

    first, same, other = (path.read_bytes() for path in paths)

    assert first == same
    assert first != other


def test_synth_into_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Writing into a folder that does not exist exits 2 with one line naming the path."""
    path = tmp_path / "missing" / "plan.json"

    status, out, err = run(capsys, "synth", "--cadres", "10", "-o", str(path))

    assert (status, out) == (2, "")
    expected = f"cadreplan: error: cannot write {path}: folder {path.parent} does not exist\n"
    assert expected == err
    assert not path.parent.exists()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("plan.txt", "cannot tell the format of"),
        ("folder.json", "it is a folder"),
        ("file/plan.json", "is not a folder"),
    ],
)
def test_synth_refuses_unwritable_outputs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, reason: str
) -> None:
    """An output with an unknown suffix, that is a folder, or under a file exits 2."""
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "file").write_text("")

    status, _, err = run(capsys, "synth", "--cadres", "10", "-o", str(tmp_path / name))

    assert status == 2
    assert err.startswith("cadreplan: error: ")
    assert reason in err
    assert len(err.splitlines()) == 1


def test_synth_reports_save_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OSError while saving exits 2 with a message naming the path."""

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_cli, "save_plan", refuse)
    path = tmp_path / "plan.json"

    status, _, err = run(capsys, "synth", "--cadres", "10", "-o", str(path))

    assert (2, f"cadreplan: error: cannot write {path}: permission denied\n") == (status, err)


# -- arguments, help and version ----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["demo", "--lang", "fr"],
        ["synth", "--cadres", "10"],
        ["synth", "--cadres", "many", "-o", "plan.json"],
        ["synth", "--cadres", "-1", "-o", "plan.json"],
        ["synth", "--year", "20245", "-o", "plan.json"],
    ],
)
def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Missing, unknown or malformed arguments print usage and exit 2."""
    status, out, err = run(capsys, *argv)

    assert (status, out) == (2, "")
    assert "usage: cadreplan" in err
    assert "Traceback" not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`--version` prints the installed version and exits 0."""
    assert (0, f"cadreplan {version('cadreplan')}\n", "") == run(capsys, "--version")


@pytest.mark.parametrize("argv", [["--help"], ["demo", "--help"], ["synth", "--help"]])
def test_help_has_examples(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Every `--help` exits 0 and shows examples."""
    status, out, _ = run(capsys, *argv)

    assert status == 0
    assert "examples:\n  cadreplan " in out


# -- errors -----------------------------------------------------------------------------------


def fail_with(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Make `demo` raise *error* where it builds the demo region."""

    def build() -> Plan:
        raise error

    monkeypatch.setattr(datasets_module, "demo_region", build)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (ValueError("bad\nvalue"), "bad value"),
        (
            PermissionError(13, "Permission denied", "/srv/plan.json"),
            "/srv/plan.json: permission denied",
        ),
        (OSError(28, "No space left on device"), "No space left on device"),
        (OSError("odd"), "odd"),
        (_cli.CommandError("cannot do that"), "cannot do that"),
    ],
)
def test_errors_are_one_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    message: str,
) -> None:
    """Input and system errors print one line on stderr and exit 2, without a traceback."""
    fail_with(monkeypatch, error)

    assert (2, "", f"cadreplan: error: {message}\n") == run(capsys, "demo")


def test_plan_format_errors_list_every_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PlanFormatError prints every problem, one per line, and exits 2."""
    problems = [Problem("$.cadres[0].unit", "unknown unit 'x'"), Problem("$.name", "empty")]
    fail_with(monkeypatch, PlanFormatError(problems, source="plan.json"))

    status, _, err = run(capsys, "demo")

    expected = (
        "cadreplan: error: plan.json: invalid plan, 2 problems:\n"
        "  $.cadres[0].unit: unknown unit 'x'\n"
        "  $.name: empty\n"
    )
    assert (2, expected) == (status, err)


def test_interrupt_exits_130_quietly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C exits 130 and prints nothing."""
    fail_with(monkeypatch, KeyboardInterrupt())

    assert run(capsys, "demo") == (130, "", "")


def test_broken_pipe_exits_141_quietly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader that goes away (`cadreplan demo | head -1`) ends the command quietly."""
    fail_with(monkeypatch, BrokenPipeError(32, "Broken pipe"))

    assert run(capsys, "demo") == (141, "", "")


# -- loading plan files -------------------------------------------------------------------------


def test_load_plan_argument_reads_a_plan(tmp_path: Path, plan: Plan) -> None:
    """A readable plan file loads as the plan it holds."""
    path = tmp_path / "plan.json"
    save_plan(plan, path)

    assert plan == _cli.load_plan_argument(path)


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing.json", "no such file or folder"), ("folder.json", "it is a folder")],
)
def test_load_plan_argument_names_unreadable_paths(tmp_path: Path, name: str, reason: str) -> None:
    """A missing file or a folder becomes a CommandError naming the path."""
    (tmp_path / "folder.json").mkdir()
    path = tmp_path / name

    with pytest.raises(_cli.CommandError) as caught:
        _cli.load_plan_argument(path)

    assert f"cannot read {path}: {reason}" == str(caught.value)


def test_load_plan_argument_keeps_format_errors(tmp_path: Path) -> None:
    """A malformed file raises the PlanFormatError with its problems."""
    path = tmp_path / "plan.json"
    path.write_text("{not json", encoding="utf-8")

    with pytest.raises(PlanFormatError) as caught:
        _cli.load_plan_argument(path)

    assert str(path) == caught.value.source


# -- real processes -----------------------------------------------------------------------------


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8"}


def test_python_m_cadreplan_demo(output: str) -> None:
    """`python -m cadreplan demo` prints the same bytes as `main` in-process."""
    result = subprocess.run(
        [sys.executable, "-m", "cadreplan", "demo"],
        capture_output=True,
        check=False,
        env=_environment(),
    )

    assert (0, output.encode(), b"") == (result.returncode, result.stdout, result.stderr)


def test_installed_script_survives_a_closed_pipe() -> None:
    """The installed `cadreplan` script exits 141 without a traceback when stdout is closed."""
    script = Path(sys.executable).with_name("cadreplan")
    if not script.exists():  # pragma: no cover - the dev and CI venvs install the script
        pytest.skip(f"no installed script at {script}")
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(
            [str(script), "demo"],
            stdout=writer,
            stderr=subprocess.PIPE,
            check=False,
            env=_environment(),
        )
    finally:
        os.close(writer)

    assert (result.returncode, result.stderr) == (141, b"")


def test_reference_shows_the_real_demo_output(output: str) -> None:
    """The sample output of `cadreplan demo` in docs/reference/cli.md is what it prints."""
    page = Path(__file__).parent.parent / "docs" / "reference" / "cli.md"
    text = page.read_text(encoding="utf-8")
    after_command = text.split("$ cadreplan demo\n```\n\n```text\n", 1)[1]
    sample = after_command.split("\n```\n", 1)[0] + "\n"

    assert sample == output
