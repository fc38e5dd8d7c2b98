"""The ``cadreplan`` command line, run in-process through ``main`` and twice as a real process."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import attrs
import pytest

import cadreplan.cli._allocate
import cadreplan.cli._common
from cadreplan import (
    Cadre,
    FieldValueError,
    Institution,
    Period,
    Plan,
    PlanFormatError,
    Problem,
    Program,
    Session,
    Severity,
    Unit,
    UnitKind,
    allocate,
    cli,
    default_requirements,
    explain,
    load_plan,
    save_plan,
    validate,
)
from cadreplan import datasets as datasets_module
from cadreplan._support import layout
from cadreplan.cli._common import CommandError, load_plan_argument, similar
from cadreplan.datasets import demo_region, synthetic_region
from cadreplan.reports import DEMO_SECTIONS, render_sections
from cadreplan.reports._allocation import _format_met

SMALL = 200
"""Cadres in the synthetic plans of these tests: enough to have every kind of object."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``cadreplan *argv`` in-process and return its status, stdout and stderr."""
    status = cli.main(list(argv))
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


def table_after(output: str, title: str, skip: int) -> list[list[str]]:
    """Return the body rows of the table that follows the *skip* blank lines after *title*.

    Cells are split on runs of 2+ spaces; the header, rules and footer are left out.
    """
    lines = output.splitlines()
    start = lines.index(title)
    for _ in range(skip):
        start = lines.index("", start + 1)
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
    return render_sections(demo_region(), DEMO_SECTIONS, language="en")


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
        requirements=default_requirements(anchor_on=dt.date(2024, 1, 1)),
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
        "Validation",
        "Allocation (cascade policy, seed 0)",
    ):
        assert title in out.splitlines()
    assert f"{plan.period.start_on} – {plan.period.end_on} ({plan.period.days} days)" in out


def test_demo_counts_units_by_kind(output: str, plan: Plan) -> None:
    """The units table counts the units of every administrative level and other kind present."""
    tally = Counter(unit.kind.value for unit in plan.units)
    levels = ["region", "prefecture", "county", "township", "village"]
    shown = [*levels, *(kind.value for kind in UnitKind if kind not in levels and tally[kind])]
    expected = {code: layout.format_count(tally[code]) for code in shown}

    actual = {row[0]: row[2] for row in section(output, "Units by level and kind")}

    assert expected == actual


def test_demo_counts_cadres_by_category(output: str, plan: Plan) -> None:
    """The category table lists every category of the vocabulary, in order, with its count."""
    tally = Counter(cadre.category for cadre in plan.cadres)
    expected = [
        [term.code, term.en, layout.format_count(tally[term.code])] for term in plan.categories
    ]

    assert expected == section(output, "Cadres by category")


def test_demo_counts_training_by_tier(output: str, plan: Plan) -> None:
    """The tier table gives programs, sessions and seats of each tier, in priority order."""
    count = layout.format_count
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


def test_demo_counts_findings_by_severity_and_code(output: str, plan: Plan) -> None:
    """The validation section counts findings of each severity, then the most frequent codes."""
    report = validate(plan)
    tally = Counter(finding.severity for finding in report)
    top = sorted(report.counts.items(), key=lambda item: (-item[1], item[0]))[:5]
    titles = {item.code: item.title for item in report.rules}
    severity = {finding.code: finding.severity.value.title() for finding in report}
    expected = [[level.value, level.value.title(), str(tally[level])] for level in Severity] + [
        [code, titles[code], severity[code], layout.format_count(count)] for code, count in top
    ]

    assert expected == section(output, "Validation")[:3] + table_after(output, "Validation", 1)
    assert top


def test_demo_shows_the_allocation(output: str, plan: Plan) -> None:
    """The allocation section gives the new enrollments, coverage before and after, and fill."""
    result = allocate(plan, seed=0)
    count = layout.format_count
    expected = [
        [str(order), code, plan.tiers[code].en, count(taken), count(seats)]
        for order, (code, (taken, seats)) in enumerate(result.fill_by_tier.items())
    ]
    title = "Allocation (cascade policy, seed 0)"
    lines = output.splitlines()
    start = lines.index(title) + 2
    facts = dict(re.split(r" {2,}", line.strip()) for line in lines[start : lines.index("", start)])

    assert expected == [row[:5] for row in table_after(output, title, 1)]
    assert count(len(result.placements)) == facts["New enrollments (人次)"]
    assert _format_met(result.coverage_before, "en") == facts["Requirements met, before"]
    assert _format_met(result.coverage_after, "en") == facts["Requirements met, after"]
    assert result.coverage_after.rate() > result.coverage_before.rate()


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
    assert ["错误", "警告", "提示"] == [row[1] for row in section(out, "校验")[:3]]
    assert [tier.zh for tier in plan.tiers] == [
        row[2] for row in table_after(out, "名额调配（逐级分配，种子 0）", 1)
    ]
    assert "Training by tier" not in out
    assert "Allocation" not in out


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

    assert {layout.width(rule)} == {layout.width(line) for line in lines[start : start + 3]}


def test_sections_report_codes_outside_the_vocabulary(tiny: Plan) -> None:
    """A category or program the vocabularies do not know is counted on a row of its own."""
    output = render_sections(tiny, DEMO_SECTIONS)

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
    size = layout.format_size(path.stat().st_size)
    assert [f"wrote {path} ({size})"] == out.splitlines()[0].split(": ")[:1]
    assert f"{layout.format_count(len(expected.cadres))} cadres" in out


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
    expected = f"cadreplan synth: error: cannot write {path}: folder {path.parent} does not exist\n"
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
    assert err.startswith("cadreplan synth: error: ")
    assert reason in err
    assert len(err.splitlines()) == 1


def test_synth_reports_save_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OSError while saving exits 2 with a message naming the path."""

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cadreplan.cli._common, "save_plan", refuse)
    path = tmp_path / "plan.json"

    status, _, err = run(capsys, "synth", "--cadres", "10", "-o", str(path))

    assert (2, f"cadreplan synth: error: cannot write {path}: permission denied\n") == (status, err)


# -- validate ---------------------------------------------------------------------------------


@pytest.fixture(name="demo_file", scope="module")
def _demo_file(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Path:
    """The demo region as a plan file; tests must not change it."""
    path = tmp_path_factory.mktemp("plans") / "demo.json"
    save_plan(plan, path)
    return path


@pytest.fixture(name="broken_file")
def _broken_file(tmp_path: Path, plan: Plan) -> Path:
    """The demo region with its busiest session cut to one seat: over capacity (CP301, an error)."""
    busiest = Counter(e.session for e in plan.enrollments if e.is_active).most_common(1)[0][0]
    sessions = tuple(
        attrs.evolve(session, capacity=1) if session.id == busiest else session
        for session in plan.sessions
    )
    path = tmp_path / "broken.json"
    save_plan(plan.evolve(sessions=sessions), path)
    return path


def test_validate_a_plan_without_errors(
    capsys: pytest.CaptureFixture[str], demo_file: Path, plan: Plan
) -> None:
    """With every finding shown, a plan with warnings only prints what its report does; exit 0."""
    report = validate(plan)

    status, out, err = run(capsys, "validate", str(demo_file), "--limit", "0")

    assert (0, str(report) + "\n", "") == (status, out, err)
    assert "0 errors, 343 warnings, 0 infos" == out.splitlines()[-1]


def test_validate_a_plan_with_errors(capsys: pytest.CaptureFixture[str], broken_file: Path) -> None:
    """A plan with an error finding exits 1 and shows the error's code."""
    status, out, err = run(capsys, "validate", str(broken_file))

    assert (1, "") == (status, err)
    assert out.startswith("CP301 Session over capacity [error] (1)\n")
    assert out.splitlines()[-1].startswith("1 error, ")


def test_validate_as_json(capsys: pytest.CaptureFixture[str], broken_file: Path) -> None:
    """`--format json` prints the findings' records as a JSON array with sorted keys."""
    expected = validate(load_plan(broken_file)).to_records()

    status, out, _ = run(capsys, "validate", str(broken_file), "--format", "json")

    records = json.loads(out)
    assert (1, expected) == (status, records)
    assert all(list(record) == sorted(record) for record in records)
    assert out == run(capsys, "validate", str(broken_file), "--format", "json")[1]


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        (["--select", "CP3,CP4"], {"CP301", "CP402"}),
        (["--select", "CP3", "--select", "CP4"], {"CP301", "CP402"}),
        (["--ignore", "CP5,CP6"], {"CP301", "CP402"}),
        (["--select", "CP4,CP5", "--ignore", "CP501"], {"CP402"}),
        (["--select", "CP6", "--ignore", "CP6"], set()),
    ],
)
def test_validate_select_and_ignore(
    capsys: pytest.CaptureFixture[str], broken_file: Path, options: list[str], codes: set[str]
) -> None:
    """`--select` and `--ignore` take codes or prefixes, comma-separated or repeated."""
    status, out, _ = run(capsys, "validate", str(broken_file), *options, "--format", "json")

    assert codes == {record["code"] for record in json.loads(out)}
    assert status == (1 if "CP301" in codes else 0)


def test_validate_with_no_findings(capsys: pytest.CaptureFixture[str], demo_file: Path) -> None:
    """A selection with no findings prints `no findings`, or an empty JSON array."""
    assert (0, "no findings\n", "") == run(capsys, "validate", str(demo_file), "--select", "CP1")
    assert (0, "[]\n", "") == run(
        capsys, "validate", str(demo_file), "--select", "CP1", "--format", "json"
    )


@pytest.mark.parametrize("command", [["validate"], ["allocate", "-o", "out.json"], ["explain"]])
def test_commands_report_a_missing_plan_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    """A plan file that does not exist exits 2 with one line naming it."""
    monkeypatch.chdir(tmp_path)
    name, *rest = command
    cadre = ["c0001"] if name == "explain" else []

    status, out, err = run(capsys, name, "missing.json", *cadre, *rest)

    expected = f"cadreplan {name}: error: cannot read missing.json: no such file or folder\n"
    assert (2, "", expected) == (status, out, err)


@pytest.mark.parametrize("command", ["validate", "allocate", "explain"])
def test_commands_report_every_problem_of_a_bad_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    """A file that is not JSON exits 2 with the PlanFormatError's message."""
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    extra = {"validate": [], "allocate": ["-o", str(tmp_path / "out.json")], "explain": ["c1"]}

    status, out, err = run(capsys, command, str(path), *extra[command])

    assert (2, "") == (status, out)
    assert err.startswith(
        f"cadreplan {command}: error: {path}: invalid plan, 1 problem:\n  $: not valid JSON"
    )
    assert not (tmp_path / "out.json").exists()


# -- allocate ---------------------------------------------------------------------------------


def test_allocate_writes_the_allocated_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_file: Path, plan: Plan
) -> None:
    """`allocate` writes what `allocate()` returns, a plan without errors; the input stays."""
    before = demo_file.read_bytes()
    path = tmp_path / "allocated.json"

    status, out, err = run(capsys, "allocate", str(demo_file), "-o", str(path))

    allocated = load_plan(path)
    assert (0, "") == (status, err)
    assert allocate(plan, seed=0).plan == allocated
    assert () == validate(allocated).errors
    assert before == demo_file.read_bytes()
    size = layout.format_size(path.stat().st_size)
    assert f"wrote {path} ({size}): cascade policy, seed 0" == out.splitlines()[0]


def test_allocate_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_file: Path, plan: Plan
) -> None:
    """The summary shows coverage before and after, fill by tier, reasons and townships short."""
    result = allocate(plan, seed=0)
    tally = Counter(item.reason for item in result.unplaced)
    townships = sorted(result.backstop_shortfall, key=lambda item: (-item.cadres, item.unit))

    _, out, _ = run(capsys, "allocate", str(demo_file), "-o", str(tmp_path / "a.json"))

    reasons = section(out, "Still short after allocation, by reason")
    shortfall = section(out, "Township backstop shortfall (乡镇兜底)")
    assert "17 of 306 (5.6%)" in out
    assert _format_met(result.coverage_after, "en") in out
    assert {reason: str(count) for reason, count in tally.items()} == {
        row[0]: row[2] for row in reasons
    }
    rest = townships[5:]
    assert [item.unit for item in townships[:5]] == [row[0] for row in shortfall[:-1]]
    assert [
        f"… and {len(rest)} more townships with {sum(i.cadres for i in rest)} cadres short"
    ] == shortfall[-1]
    assert len(out.splitlines()) <= 45


def test_allocate_same_seed_same_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_file: Path
) -> None:
    """The same seed writes byte-identical files; another seed writes a different one."""
    paths = [tmp_path / name for name in ("a.json", "b.json", "c.json")]
    for path, seed in zip(paths, ("0", "0", "1"), strict=True):
        status = run(capsys, "allocate", str(demo_file), "-o", str(path), "--seed", seed)[0]
        assert status == 0

    first, same, other = (path.read_bytes() for path in paths)

    assert first == same
    assert first != other


def test_allocate_optimal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_file: Path
) -> None:
    """`--policy optimal` writes a plan without errors when OR-Tools is installed."""
    pytest.importorskip("ortools")
    path = tmp_path / "optimal.json"

    status, out, _ = run(capsys, "allocate", str(demo_file), "-o", str(path), "--policy", "optimal")

    assert status == 0
    assert "optimal policy, seed 0" in out.splitlines()[0]
    assert () == validate(load_plan(path)).errors


def test_allocate_optimal_without_the_solver(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`--policy optimal` without OR-Tools exits 2 naming the extra to install, writing nothing."""
    monkeypatch.setitem(sys.modules, "ortools.graph.python", None)
    monkeypatch.setitem(sys.modules, "cadreplan.allocation._ortools", None)
    path = tmp_path / "optimal.json"

    status, out, err = run(
        capsys, "allocate", str(demo_file), "-o", str(path), "--policy", "optimal"
    )

    expected = (
        "cadreplan allocate: error: OptimalPolicy needs OR-Tools: pip install 'cadreplan[solver]'\n"
    )
    assert (2, "", expected) == (status, out, err)
    assert not path.exists()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("missing/out.json", "folder"),
        ("out.txt", "cannot tell the format of"),
        ("folder.json", "it is a folder"),
        ("demo.json", "it is the input plan"),
    ],
)
def test_allocate_refuses_bad_outputs(  # noqa: PLR0917 - pytest passes fixtures positionally
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    plan: Plan,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    reason: str,
) -> None:
    """An output that cannot be written, or is the input, exits 2 and leaves the input as it was."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.json").mkdir()
    source = tmp_path / "demo.json"
    save_plan(plan, source)
    before = source.read_bytes()

    status, out, err = run(capsys, "allocate", "demo.json", "-o", name)

    assert (2, "") == (status, out)
    assert reason in err
    assert len(err.splitlines()) == 1
    assert before == source.read_bytes()


def test_allocate_reports_save_errors(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An OSError while saving the allocated plan exits 2 with a message naming the path."""

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cadreplan.cli._allocate, "save_plan", refuse)
    path = tmp_path / "out.json"

    status, _, err = run(capsys, "allocate", str(demo_file), "-o", str(path))

    assert (2, f"cadreplan allocate: error: cannot write {path}: permission denied\n") == (
        status,
        err,
    )


class _Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_allocate_draws_a_progress_bar_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With rich installed and stderr a terminal, a bar is drawn there; stdout is unchanged."""
    pytest.importorskip("rich")
    quiet = run(capsys, "allocate", str(demo_file), "-o", str(tmp_path / "a.json"))[1]
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    status, out, _ = run(capsys, "allocate", str(demo_file), "-o", str(tmp_path / "a.json"))

    assert (0, quiet) == (status, out)
    assert "allocating demo.json" in terminal.getvalue()


def test_allocate_without_rich_draws_no_bar(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without rich the command runs as usual on a terminal, with no bar and no error."""
    monkeypatch.setitem(sys.modules, "rich.progress", None)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    status, _, _ = run(capsys, "allocate", str(demo_file), "-o", str(tmp_path / "a.json"))

    assert (0, "") == (status, terminal.getvalue())


# -- explain ----------------------------------------------------------------------------------


@pytest.fixture(name="allocated", scope="module")
def _allocated(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Path:
    """The demo region after `allocate(seed=0)`, as a plan file."""
    path = tmp_path_factory.mktemp("plans") / "allocated.json"
    save_plan(allocate(plan, seed=0).plan, path)
    return path


def expected_sessions(plan: Plan, cadre_id: str) -> list[list[str]]:
    """Rows of the cascade-order table: the sessions outside the audience have their own."""
    rows = []
    for event in explain(plan, cadre_id).events:
        if event.outcome == "ineligible":
            continue
        session = plan.session(event.session)
        dates = f"{session.start_on}..{session.end_on}"
        rows.append([session.id, plan.tier_of(session), dates, event.outcome, event.detail])
    return rows


def test_explain_a_placed_cadre(capsys: pytest.CaptureFixture[str], allocated: Path) -> None:
    """A cadre placed by the allocation shows as enrolled in their sessions, with coverage."""
    plan = load_plan(allocated)
    placement = allocate(demo_region(), seed=0).placements[0]

    status, out, err = run(capsys, "explain", str(allocated), placement.cadre)

    rows = section(out, "Sessions, in cascade order")
    coverage = section(out, f"Coverage on {plan.period.end_on}")
    assert (0, "") == (status, err)
    assert out.startswith(f"{placement.cadre} {plan.cadre(placement.cadre).name}\n")
    assert expected_sessions(plan, placement.cadre) == rows
    assert [placement.session, "already_enrolled"] in [[r[0], r[3]] for r in rows]
    assert [e.requirement for e in explain(plan, placement.cadre).coverage] == [
        row[0] for row in coverage
    ]


def test_explain_an_unplaced_cadre(capsys: pytest.CaptureFixture[str], allocated: Path) -> None:
    """A cadre still short after allocation gets a reason per session and their shortfall."""
    plan = load_plan(allocated)
    unplaced = allocate(demo_region(), seed=0).unplaced[0]
    entry = explain(plan, unplaced.cadre).coverage[0]

    status, out, _ = run(capsys, "explain", str(allocated), unplaced.cadre)

    rows = section(out, "Sessions, in cascade order")
    coverage = section(out, f"Coverage on {plan.period.end_on}")
    assert status == 0
    assert expected_sessions(plan, unplaced.cadre) == rows
    assert {"full", "conflict", "duplicate"} & {row[3] for row in rows}
    assert [
        entry.requirement,
        f"{entry.window_start}..{entry.window_end}",
        str(entry.due_on),
        "550 h / 90 d",
        f"{entry.done_hours:g} h / {entry.done_days} d",
        f"{entry.planned_hours:g} h / {entry.planned_days} d",
        f"{entry.shortfall_hours:g} h / {entry.shortfall_days} d",
    ] == coverage[0]


def test_explain_a_cadre_with_nothing_to_explain(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, tiny: Plan
) -> None:
    """A cadre in no session's audience, under no requirement, is told so in words."""
    path = tmp_path / "tiny.json"
    save_plan(tiny.evolve(cadres=tiny.cadres[:1], programs=(), sessions=(), requirements=()), path)

    status, out, _ = run(capsys, "explain", str(path), "a")

    assert status == 0
    assert "  none: the cadre is enrolled in no session and in no session's audience" in out
    assert "  none: no requirement applies to the cadre" in out


@pytest.mark.parametrize(
    ("cadre", "hint"),
    [
        ("c001", "; did you mean 'c0001', 'c0010' or 'c0011'?"),
        ("zzz", " (it has 301 cadres)"),
    ],
)
def test_explain_an_unknown_cadre(
    capsys: pytest.CaptureFixture[str], allocated: Path, cadre: str, hint: str
) -> None:
    """An unknown cadre id exits 2 with one line suggesting similar ids."""
    status, out, err = run(capsys, "explain", str(allocated), cadre)

    expected = f"cadreplan explain: error: no cadre with id {cadre!r} in {allocated}{hint}\n"
    assert (2, "", expected) == (status, out, err)


def test_similar_ids_rank_ties_in_id_order() -> None:
    """Equally similar ids are suggested in id order, one close match alone."""
    assert ["c0001", "c0010"] == similar("c001", ["c0301", "c0010", "c0001", "x"])[:2]
    assert ["abc"] == similar("abd", ["abc", "zzz"])


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
        ["validate"],
        ["validate", "plan.json", "--severity", "CP306"],
        ["validate", "plan.json", "--format", "xml"],
        ["allocate", "plan.json"],
        ["allocate", "plan.json", "-o", "out.json", "--seed", "many"],
        ["allocate", "plan.json", "-o", "out.json", "--seed", "-1"],
        ["allocate", "plan.json", "-o", "out.json", "--policy", "greedy"],
        ["explain", "plan.json"],
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


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["demo", "--help"],
        ["synth", "--help"],
        ["validate", "--help"],
        ["allocate", "--help"],
        ["explain", "--help"],
    ],
)
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
        (FieldValueError("seed", "'seed' must be\n>= 0 (got -1)"), "--seed must be >= 0 (got -1)"),
        (
            PermissionError(13, "Permission denied", "/srv/plan.json"),
            "/srv/plan.json: permission denied",
        ),
        (OSError(28, "No space left on device"), "No space left on device"),
        (OSError("odd"), "odd"),
        (CommandError("cannot do that"), "cannot do that"),
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

    assert (2, "", f"cadreplan demo: error: {message}\n") == run(capsys, "demo")


def test_plan_format_errors_list_every_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PlanFormatError prints every problem, one per line, and exits 2."""
    problems = [Problem("$.cadres[0].unit", "unknown unit 'x'"), Problem("$.name", "empty")]
    fail_with(monkeypatch, PlanFormatError(problems, source="plan.json"))

    status, _, err = run(capsys, "demo")

    expected = (
        "cadreplan demo: error: plan.json: invalid plan, 2 problems:\n"
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

    assert plan == load_plan_argument(path)


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing.json", "no such file or folder"), ("folder.json", "it is a folder")],
)
def test_load_plan_argument_names_unreadable_paths(tmp_path: Path, name: str, reason: str) -> None:
    """A missing file or a folder becomes a CommandError naming the path."""
    (tmp_path / "folder.json").mkdir()
    path = tmp_path / name

    with pytest.raises(CommandError) as caught:
        load_plan_argument(path)

    assert f"cannot read {path}: {reason}" == str(caught.value)


def test_load_plan_argument_keeps_format_errors(tmp_path: Path) -> None:
    """A malformed file raises the PlanFormatError with its problems."""
    path = tmp_path / "plan.json"
    path.write_text("{not json", encoding="utf-8")

    with pytest.raises(PlanFormatError) as caught:
        load_plan_argument(path)

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
    page = Path(__file__).resolve().parents[2] / "docs" / "reference" / "cli.md"
    text = page.read_text(encoding="utf-8")
    after_command = text.split("$ cadreplan demo\n```\n\n```text\n", 1)[1]
    sample = after_command.split("\n```\n", 1)[0] + "\n"

    assert sample == output
