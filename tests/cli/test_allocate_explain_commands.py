"""``cadreplan allocate`` and ``explain``: in Chinese, plans with errors, the library's checks.

Run in-process through ``cli.main``. Both commands print in Chinese with
``--lang zh``; ``allocate`` refuses a plan with validation errors with the
errors listed and exit status 2 (never a traceback), or allocates it with
``--allow-errors`` and says so; its options are checked by the library's own
checks, shown with the option's name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from cadreplan import (
    Enrollment,
    Outcome,
    allocate,
    cli,
    explain,
    is_eligible,
    load_plan,
    save_plan,
    validate,
)
from cadreplan.datasets import demo_region

if TYPE_CHECKING:
    from pathlib import Path

    from cadreplan import Plan


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``cadreplan *argv`` in-process and return its status, stdout and stderr."""
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def table(output: str, title: str) -> list[list[str]]:
    """Return the body rows of the table under *title*, cells split on runs of 2+ spaces."""
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


@pytest.fixture(name="demo_file", scope="module")
def _demo_file(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Path:
    return save_plan(plan, tmp_path_factory.mktemp("plans") / "demo.json")


@pytest.fixture(name="allocated", scope="module")
def _allocated(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Path:
    return save_plan(allocate(plan, seed=0).plan, tmp_path_factory.mktemp("plans") / "a.json")


@pytest.fixture(name="faulty_file", scope="module")
def _faulty_file(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Path:
    """The demo with one session over capacity (CP301): a plan that loads, with an error."""
    session = plan.sessions[0]
    free = [
        cadre
        for cadre in plan.cadres
        if is_eligible(plan, cadre, session) and not plan.enrollments_of(cadre.id)
    ]
    crowd = tuple(Enrollment(cadre=cadre.id, session=session.id) for cadre in free)
    faulty = plan.evolve(enrollments=(*plan.enrollments, *crowd[: session.capacity + 2]))
    assert ["CP301"] == [finding.code for finding in validate(faulty).errors]
    return save_plan(faulty, tmp_path_factory.mktemp("plans") / "faulty.json")


# -- allocate ---------------------------------------------------------------------------------


def test_allocate_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_file: Path, plan: Plan
) -> None:
    """With ``--lang zh`` the summary's headings, labels and reasons are Chinese; the file is the same."""  # noqa: E501
    path = tmp_path / "a.json"
    result = allocate(plan, seed=0)

    status, out, err = run(capsys, "allocate", str(demo_file), "-o", str(path), "--lang", "zh")

    rows = table(out, "分配后仍未达标的干部（按原因）")
    assert (0, "") == (status, err)
    assert out.splitlines()[0].startswith(f"已写入 {path}（")
    assert out.splitlines()[0].endswith("：逐级分配（cascade），随机种子 0")
    assert "可参加的期次名额已满" in [row[1] for row in rows]
    assert "乡镇兜底培训缺口" in out
    assert allocate(plan, seed=0).plan == load_plan(path)
    assert result.plan == load_plan(path)


def test_allocate_counts_still_short_and_unseated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_file: Path, plan: Plan
) -> None:
    """The summary counts, per reason, who is still short and who got no seat at all."""
    result = allocate(plan, seed=0)

    _, out, _ = run(capsys, "allocate", str(demo_file), "-o", str(tmp_path / "a.json"))

    rows = table(out, "Still short after allocation, by reason")
    short = {row[0]: int(row[2]) for row in rows}
    unseated = {row[0]: int(row[3]) for row in rows}
    assert {r: sum(i.reason == r for i in result.still_short) for r in short} == short
    assert {r: sum(i.reason == r for i in result.unseated) for r in unseated} == unseated
    assert len(result.unseated) == sum(unseated.values())


def test_a_plan_with_errors_is_refused_with_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, faulty_file: Path
) -> None:
    """A plan with validation errors exits 2 listing them, writes nothing, shows no traceback."""
    path = tmp_path / "a.json"

    status, out, err = run(capsys, "allocate", str(faulty_file), "-o", str(path))

    lines = err.splitlines()
    assert (2, "") == (status, out)
    assert (
        f"cadreplan allocate: error: {faulty_file} has 1 validation error; fix them, or pass "
        "--allow-errors to allocate it all the same"
    ) == lines[0]
    assert lines[1].startswith("CP301 ")
    assert lines[2].startswith("  $.sessions[0]")
    assert "Traceback" not in err
    assert "allow_errors" not in err
    assert not path.exists()


def test_a_refusal_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, faulty_file: Path
) -> None:
    """The refusal speaks the command's language."""
    status, _, err = run(
        capsys, "allocate", str(faulty_file), "-o", str(tmp_path / "a.json"), "--lang", "zh"
    )

    assert 2 == status
    assert err.startswith(f"cadreplan allocate: error: {faulty_file} 有 1 个校验错误：请先修正")


def test_allow_errors_allocates_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, faulty_file: Path
) -> None:
    """With ``--allow-errors`` the plan is allocated, and the summary says it had errors."""
    path = tmp_path / "a.json"

    status, out, err = run(capsys, "allocate", str(faulty_file), "-o", str(path), "--allow-errors")

    assert (0, "") == (status, err)
    assert "allocated despite 1 validation error (--allow-errors)" == out.splitlines()[1]
    expected = allocate(load_plan(faulty_file), seed=0, allow_errors=True).plan
    assert expected == load_plan(path)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--seed", "-1"], "argument --seed: must be >= 0 (got -1)"),
        (["--seed", "one"], "argument --seed: expected a whole number (got 'one')"),
        (["--policy", "optimum"], "argument --policy: invalid choice: 'optimum'"),
    ],
)
def test_bad_options_are_usage_errors(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    demo_file: Path,
    argv: list[str],
    message: str,
) -> None:
    """A bad option exits 2 with the option's name, the library's words and no Python names."""
    status, _, err = run(capsys, "allocate", str(demo_file), "-o", str(tmp_path / "a.json"), *argv)

    assert 2 == status
    assert message in err
    assert "'seed'" not in err
    assert "Traceback" not in err


# -- explain ----------------------------------------------------------------------------------


def test_explain_covers_every_session(capsys: pytest.CaptureFixture[str], allocated: Path) -> None:
    """The sessions a cadre may attend are listed one by one, the others counted by condition."""
    plan = load_plan(allocated)
    story = explain(plan, "c0001")

    status, out, _ = run(capsys, "explain", str(allocated), "c0001")

    inside = table(out, "Sessions, in cascade order")
    outside = [event for event in story.events if event.outcome == Outcome.INELIGIBLE]
    title = f"Sessions outside the cadre's audience ({len(outside)})"
    by_condition = table(out, title)
    assert 0 == status
    assert [e.session for e in story.events if e.outcome != Outcome.INELIGIBLE] == [
        row[0] for row in inside
    ]
    assert len(outside) == sum(int(row[1]) for row in by_condition)
    assert len(plan.sessions) == len(inside) + len(outside)
    assert ["category Member of a leading body (leading_body_member)", "28"] == by_condition[1][:2]
    assert "  Where the cadre stands in the plan as it is" in out.splitlines()


def test_explain_in_chinese(capsys: pytest.CaptureFixture[str], allocated: Path) -> None:
    """With ``--lang zh`` the explanation's headings, outcomes and reasons are Chinese."""
    status, out, _ = run(capsys, "explain", str(allocated), "c0001", "--lang", "zh")

    rows = table(out, "期次（按分配顺序）")
    assert 0 == status
    assert "  按计划现状说明该干部的情况" in out.splitlines()
    assert [
        "nd-colleges-leaders-2",
        "national_dispatch",
        "2024-06-24 至 2024-07-12",
        "已报名",
        "计划参训",
    ] == rows[2]
    assert "干部类别为领导班子成员（leading_body_member）" in out
    assert "培训要求达标情况（截至 2024-12-31）" in out


def test_explain_an_unknown_cadre_suggests_one(
    capsys: pytest.CaptureFixture[str], allocated: Path
) -> None:
    """An unknown id exits 2 with the file and the closest ids, never a traceback."""
    status, _, err = run(capsys, "explain", str(allocated), "c00001")

    assert 2 == status
    assert err.startswith(f"cadreplan explain: error: no cadre with id 'c00001' in {allocated}")
    assert "did you mean 'c0001'" in err
