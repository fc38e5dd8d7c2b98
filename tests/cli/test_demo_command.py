"""``cadreplan demo``: the region as a plan file, its expected warnings, what allocation leaves."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

import attrs
import pytest

from cadreplan import allocate, cli, load_plan, save_plan, validate
from cadreplan.datasets import demo_region
from cadreplan.reports import DEMO_SECTIONS, render_sections
from cadreplan.rules import builtin_rules

if TYPE_CHECKING:
    from pathlib import Path

    from cadreplan import Plan


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``cadreplan *argv`` in-process and return its status, stdout and stderr."""
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(name="plan", scope="module")
def _plan() -> Plan:
    return demo_region()


@pytest.fixture(name="english", scope="module")
def _english(plan: Plan) -> list[str]:
    return render_sections(plan, DEMO_SECTIONS, language="en").splitlines()


@pytest.fixture(name="chinese", scope="module")
def _chinese(plan: Plan) -> list[str]:
    return render_sections(plan, DEMO_SECTIONS, language="zh").splitlines()


@pytest.mark.parametrize("name", ["demo.json", "demo.yaml", "demo.yml"])
def test_save_writes_the_demo_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, plan: Plan, name: str
) -> None:
    """`demo --save FILE` writes the bytes that `save_plan(demo_region(), FILE)` writes."""
    path = tmp_path / name
    expected = tmp_path / f"expected{path.suffix}"
    save_plan(plan, expected)

    status, out, err = run(capsys, "demo", "--save", str(path))

    assert (0, "") == (status, err)
    assert expected.read_bytes() == path.read_bytes()
    assert plan == load_plan(path)
    assert re.fullmatch(
        rf"wrote {re.escape(str(path))} \([\d.]+ kB\): 90 units, 301 cadres, 50 programs, "
        r"53 sessions, 10 enrollments\n",
        out,
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("missing/demo.json", "folder"),
        ("demo.txt", "cannot tell the format of"),
        ("folder.json", "it is a folder"),
    ],
)
def test_save_refuses_unwritable_outputs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, reason: str
) -> None:
    """An output that cannot be a plan file exits 2 with one line, and writes nothing."""
    (tmp_path / "folder.json").mkdir()

    status, out, err = run(capsys, "demo", "--save", str(tmp_path / name))

    assert (2, "") == (status, out)
    assert err.startswith("cadreplan demo: error: cannot ")
    assert reason in err
    assert len(err.splitlines()) == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["folder.json"]


def test_saved_demo_chains_into_the_other_commands(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The saved demo validates, allocates, and explains a demo cadre, each with exit 0."""
    monkeypatch.chdir(tmp_path)

    statuses = [
        run(capsys, *argv)[0]
        for argv in (
            ["demo", "--save", "demo.json"],
            ["validate", "demo.json", "--summary"],
            ["allocate", "demo.json", "-o", "allocated.json"],
            ["explain", "allocated.json", "c0001"],
        )
    ]

    assert [0, 0, 0, 0] == statuses


def _block(lines: list[str], start: str) -> list[str]:
    """Return the lines from the first one starting with *start* to the next blank line."""
    first = next(index for index, line in enumerate(lines) if line.startswith(start))
    end = lines.index("", first) if "" in lines[first:] else len(lines)
    return lines[first:end]


def test_validation_section_says_its_warnings_are_expected(
    english: list[str], chinese: list[str], plan: Plan
) -> None:
    """The demo says its warnings are expected before allocation, with their count, in en and zh."""
    warnings = len(validate(plan).warnings)
    block = _block(english, f"  These {warnings} warnings")
    block_zh = _block(chinese, f"  这 {warnings} 条警告")

    note = " ".join(line.strip() for line in block)
    where = english.index(block[0])

    assert warnings == 343
    assert note.startswith("These 343 warnings are expected before allocation: they say who")
    assert "在分配前属正常" in "".join(block_zh)
    assert (
        english.index("Validation") < where < english.index("Allocation (cascade policy, seed 0)")
    )


def test_allocation_section_counts_the_findings_after_allocation(
    english: list[str], chinese: list[str], plan: Plan
) -> None:
    """After allocation the demo shows the allocated plan's tally and each code before and after."""
    before = validate(plan)
    after = validate(allocate(plan, seed=0).plan)
    titles = {item.code: item.title for item in builtin_rules()}
    titles_zh = {item.code: item.title_zh for item in builtin_rules()}
    codes = sorted(set(before.counts) | set(after.counts))

    tally = f"  Findings after allocation: {after.summary()}"
    rows = [
        re.split(r" {2,}", line.strip())
        for line in english[english.index(tally) + 4 :][: len(codes)]
    ]
    rows_zh = [
        re.split(r" {2,}", line.strip())
        for line in chinese[chinese.index(f"  分配后的校验问题：{after.summary('zh')}") + 4 :][
            : len(codes)
        ]
    ]

    assert english.index(tally) > english.index("Allocation (cascade policy, seed 0)")
    assert [
        [
            code,
            titles[code],
            "Warning",
            str(before.counts.get(code, 0)),
            str(after.counts.get(code, 0)),
        ]
        for code in codes
    ] == rows
    assert [titles_zh[code] for code in codes] == [row[1] for row in rows_zh]
    assert len(after) < len(before)
    assert ["Total", str(len(before)), str(len(after))] == re.split(
        r" {2,}", english[english.index(tally) + 5 + len(codes)].strip()
    )


def test_allocation_section_of_a_plan_with_errors_says_so(plan: Plan) -> None:
    """A plan with error findings is allocated all the same in the overview, which says so."""
    busiest = Counter(e.session for e in plan.enrollments if e.is_active).most_common(1)[0][0]
    broken = plan.evolve(
        sessions=tuple(
            attrs.evolve(session, capacity=1) if session.id == busiest else session
            for session in plan.sessions
        )
    )
    errors = len(validate(broken).errors)

    lines = render_sections(broken, DEMO_SECTIONS).splitlines()

    start = lines.index("Allocation (cascade policy, seed 0)")
    assert errors == 1
    note = "  The plan has 1 error finding: allocated all the same, to show what the cascade"
    assert [f"{note} would do.", ""] == lines[start + 2 : start + 4]
