"""``cadreplan validate``: findings by code, a summary, Chinese, the library's argument rules."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import Finding, Severity, ValidationReport, cli, load_plan, save_plan, validate
from cadreplan.cli._validate import DEFAULT_LIMIT
from cadreplan.datasets import demo_region, synthetic_region
from cadreplan.errors import FieldError
from cadreplan.reports import findings_lines, findings_summary_lines
from cadreplan.rules import builtin_rules

if TYPE_CHECKING:
    from pathlib import Path

    from cadreplan import Plan

HEADER = re.compile(
    r"^(?P<code>[A-Z]+\d+) (?P<title>.*) \[(?P<severity>\w+)\] \((?P<count>[\d,]+)\)$"
)
"""An English group header: ``CP501 Requirement not met [warning] (289)``."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``cadreplan *argv`` in-process and return its status, stdout and stderr."""
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(name="plan", scope="module")
def _plan() -> Plan:
    return demo_region()


@pytest.fixture(name="report", scope="module")
def _report(plan: Plan) -> ValidationReport:
    return validate(plan)


@pytest.fixture(name="demo_file", scope="module")
def _demo_file(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Path:
    path = tmp_path_factory.mktemp("plans") / "demo.json"
    save_plan(plan, path)
    return path


@pytest.fixture(name="broken_file", scope="module")
def _broken_file(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Path:
    """The demo region with its busiest session cut to one seat: an error (CP301) among warnings."""
    busiest = Counter(e.session for e in plan.enrollments if e.is_active).most_common(1)[0][0]
    sessions = tuple(
        attrs.evolve(session, capacity=1) if session.id == busiest else session
        for session in plan.sessions
    )
    path = tmp_path_factory.mktemp("plans") / "broken.json"
    save_plan(plan.evolve(sessions=sessions), path)
    return path


def groups(out: str) -> dict[str, list[str]]:
    """Return the lines under each English group header of *out*, by code, in order."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in out.splitlines()[:-1]:
        match = HEADER.match(line)
        if match:
            current = found.setdefault(match["code"], [])
        else:
            current.append(line)
    return found


# -- the text form -----------------------------------------------------------------------------


def test_text_groups_findings_by_code_with_a_header_each(
    capsys: pytest.CaptureFixture[str], broken_file: Path
) -> None:
    """Each code gets a header (code, title, severity, count), errors first, then code order."""
    broken = validate(load_plan(broken_file))
    titles = {item.code: item.title for item in builtin_rules()}
    tally = Counter(finding.code for finding in broken)
    severity = {finding.code: finding.severity for finding in broken}
    expected = [
        f"{code} {titles[code]} [{severity[code].value}] ({tally[code]})"
        for code in sorted(tally, key=lambda code: (-severity[code].rank, code))
    ]

    status, out, err = run(capsys, "validate", str(broken_file))

    assert (1, "") == (status, err)
    assert expected == [line for line in out.splitlines() if HEADER.match(line)]
    assert expected[0].startswith("CP301 ")
    assert broken.summary() == out.splitlines()[-1]


def test_text_shows_the_first_findings_of_each_code(
    capsys: pytest.CaptureFixture[str], demo_file: Path, report: ValidationReport
) -> None:
    """By default each code shows its first findings in plan order, then how many more there are."""
    status, out, _ = run(capsys, "validate", str(demo_file))

    shown = groups(out)
    for code, count in report.counts.items():
        findings = report.filter(code=code).findings
        lines = [f"  {finding.path}: {finding.message}" for finding in findings[:DEFAULT_LIMIT]]
        if count > DEFAULT_LIMIT:
            lines.append(f"  … and {count - DEFAULT_LIMIT} more (--limit 0 shows all)")
        assert lines == shown[code]
    assert status == 0
    assert max(report.counts.values()) > DEFAULT_LIMIT


@pytest.mark.parametrize("limit", [1, 3, 1000])
def test_limit_caps_the_findings_of_each_code(
    capsys: pytest.CaptureFixture[str], demo_file: Path, report: ValidationReport, limit: int
) -> None:
    """`--limit N` shows at most N findings of each code."""
    _, out, _ = run(capsys, "validate", str(demo_file), "--limit", str(limit))

    shown = groups(out)
    assert {code: min(limit, count) for code, count in report.counts.items()} == {
        code: sum(not line.startswith("  … and ") for line in lines)
        for code, lines in shown.items()
    }


def test_limit_0_shows_every_finding(
    capsys: pytest.CaptureFixture[str], demo_file: Path, report: ValidationReport
) -> None:
    """`--limit 0` shows every finding, with no "… more" line."""
    _, out, _ = run(capsys, "validate", str(demo_file), "--limit", "0")

    lines = [line for group in groups(out).values() for line in group]
    assert sorted(f"  {finding.path}: {finding.message}" for finding in report) == sorted(lines)
    assert "… and" not in out


def test_text_output_of_a_large_plan_stays_short(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """At thousands of findings the default text shows a few lines per code, not one per finding."""
    path = tmp_path / "plan.json"
    save_plan(synthetic_region(cadres=3000, seed=1), path)
    report = validate(synthetic_region(cadres=3000, seed=1))

    _, out, _ = run(capsys, "validate", str(path))
    _, summary, _ = run(capsys, "validate", str(path), "--summary")

    codes = len(report.counts)
    assert len(report) > 1000
    assert len(out.splitlines()) <= codes * (DEFAULT_LIMIT + 2) + 1
    assert len(summary.splitlines()) == codes + 6


# -- the summary -------------------------------------------------------------------------------


def test_summary_has_one_row_per_code(
    capsys: pytest.CaptureFixture[str], broken_file: Path
) -> None:
    """`--summary` gives each code its severity, count, title and first findings, then the total."""
    report = validate(load_plan(broken_file))
    titles = {item.code: item.title for item in builtin_rules()}

    status, out, _ = run(capsys, "validate", str(broken_file), "--summary")

    lines = out.splitlines()
    rows = [re.split(r" {2,}", line) for line in lines[2 : 2 + len(report.counts)]]
    severity = {finding.code: finding.severity for finding in report}
    expected_codes = sorted(report.counts, key=lambda code: (-severity[code].rank, code))
    assert status == 1
    assert ["Code", "Severity", "Findings", "Rule", "First findings"] == re.split(
        r" {2,}", lines[0]
    )
    assert expected_codes == [row[0] for row in rows]
    for code, row_severity, count, title, examples in rows:
        first = report.filter(code=code).findings[0]
        assert severity[code].value.title() == row_severity
        assert f"{report.counts[code]:,}" == count
        assert titles[code] == title
        assert examples.startswith(first.path)
    assert ["Total", f"{len(report):,}"] == re.split(r" {2,}", lines[-3].strip())
    assert report.summary() == lines[-1]


def test_summary_of_a_clean_plan(capsys: pytest.CaptureFixture[str], demo_file: Path) -> None:
    """A selection without findings prints the tally line alone, in both forms and languages."""
    assert (0, "no findings\n", "") == run(
        capsys, "validate", str(demo_file), "--select", "CP1", "--summary"
    )
    assert (0, "未发现问题\n", "") == run(
        capsys, "validate", str(demo_file), "--select", "CP1", "--lang", "zh"
    )


@pytest.mark.parametrize("option", [["--summary"], ["--limit", "3"]])
def test_text_options_refuse_json(
    capsys: pytest.CaptureFixture[str], demo_file: Path, option: list[str]
) -> None:
    """`--summary` and `--limit` shape the text form: with `--format json` they are an error."""
    status, out, err = run(capsys, "validate", str(demo_file), "--format", "json", *option)

    assert (2, "") == (status, out)
    assert err.startswith(f"cadreplan validate: error: {option[0]} shapes the text form")


def test_json_stays_complete(capsys: pytest.CaptureFixture[str], demo_file: Path) -> None:
    """`--format json` holds every finding, however many there are."""
    report = validate(demo_region())

    _, out, _ = run(capsys, "validate", str(demo_file), "--format", "json")

    assert report.to_records() == json.loads(out)


# -- Chinese -----------------------------------------------------------------------------------


def test_lang_zh_prints_chinese_headers_messages_and_tally(
    capsys: pytest.CaptureFixture[str], demo_file: Path, report: ValidationReport
) -> None:
    """`--lang zh` titles each code in Chinese and prints each finding's Chinese message."""
    rules = {item.code: item for item in builtin_rules()}

    status, out, _ = run(capsys, "validate", str(demo_file), "--lang", "zh", "--limit", "0")

    lines = out.splitlines()
    for code, count in report.counts.items():
        assert f"{code} {rules[code].title_zh} [警告]（{count} 条）" in lines
    for finding in report:
        assert f"  {finding.path}: {finding.message_zh or finding.message}" in lines
    assert all(finding.message_zh for finding in report)
    assert (0, report.summary("zh")) == (status, lines[-1])


def test_lang_zh_summary(capsys: pytest.CaptureFixture[str], demo_file: Path) -> None:
    """`--summary --lang zh` labels its columns, severities and total in Chinese."""
    _, out, _ = run(capsys, "validate", str(demo_file), "--summary", "--lang", "zh")

    lines = out.splitlines()
    assert ["代码", "严重程度", "问题", "规则", "示例"] == re.split(r" {2,}", lines[0])
    assert "CP501  警告" in lines[3]
    assert "合计" in lines[-3]


def test_chinese_falls_back_to_english_messages() -> None:
    """A finding without a Chinese message is shown in English in the Chinese text."""
    report = ValidationReport(
        [
            Finding(code="HR001", severity="warning", message="no badge", path="$.cadres[0]"),
            Finding(
                code="HR001",
                severity="warning",
                message="no badge",
                path="$.cadres[1]",
                message_zh="没有工牌",
            ),
        ]
    )

    lines = findings_lines(report, language="zh")

    assert ["HR001 [警告]（2 条）", "  $.cadres[0]: no badge", "  $.cadres[1]: 没有工牌"] == lines[
        :3
    ]


# -- one set of argument rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "field", "python"),
    [
        (["--select", "CP9"], "select", {"select": ["CP9"]}),
        (["--select", "cp5"], "select", {"select": ["cp5"]}),
        (["--ignore", "CP1,,CP2"], "ignore", {"ignore": ["CP1", "", "CP2"]}),
        (["--severity", "CP306=eror"], "severity", {"severity": {"CP306": "eror"}}),
        (["--severity", "XX1=error"], "severity", {"severity": {"XX1": "error"}}),
    ],
)
def test_bad_codes_are_refused_as_python_refuses_them(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    options: list[str],
    field: str,
    python: dict[str, object],
) -> None:
    """A code or severity `validate()` refuses is refused with its message, naming the option."""
    with pytest.raises(FieldError) as caught:
        validate(demo_region(), **python)  # type: ignore[arg-type]
    message = " ".join(str(caught.value).split()).replace(f"'{field}'", f"--{field}", 1)

    # The plan file does not exist: the options are checked before it is read.
    status, out, err = run(capsys, "validate", str(tmp_path / "missing.json"), *options)

    assert field == caught.value.field
    assert (2, "", f"cadreplan validate: error: {message}\n") == (status, out, err)
    assert f"'{field}'" not in err


def test_severity_regrades_findings(capsys: pytest.CaptureFixture[str], demo_file: Path) -> None:
    """`--severity CP602=error` makes under-filled sessions errors: they come first and exit 1."""
    status, out, _ = run(capsys, "validate", str(demo_file), "--severity", "CP602=error")

    assert status == 1
    assert out.startswith("CP602 Under-filled session [error] (53)\n")
    assert out.splitlines()[-1].startswith("53 errors, ")


def test_severity_pairs_combine(capsys: pytest.CaptureFixture[str], demo_file: Path) -> None:
    """Pairs given with commas and repeated options all apply."""
    status, out, _ = run(
        capsys,
        "validate",
        str(demo_file),
        "--severity",
        "CP602=info,CP402=info",
        "--severity",
        "CP5=error",
        "--format",
        "json",
    )

    levels = {record["code"]: record["severity"] for record in json.loads(out)}
    assert status == 1
    assert {"CP402": "info", "CP501": "error", "CP602": "info"} == levels


# -- invariants ---------------------------------------------------------------------------------

_DEMO_REPORT = validate(demo_region())
"""The demo's report, for the properties: hypothesis takes no function-scoped fixture."""


@given(limit=st.integers(min_value=1, max_value=400))
def test_every_finding_is_shown_or_counted(limit: int) -> None:
    """Whatever the limit, each code's shown findings and its "… more" count add up to its count."""
    report = _DEMO_REPORT

    lines = findings_lines(report, limit=limit)

    shown: Counter[str] = Counter()
    more: Counter[str] = Counter()
    code = ""
    for line in lines[:-1]:
        if match := HEADER.match(line):
            code = match["code"]
        elif match := re.match(r"  … and ([\d,]+) more", line):
            more[code] += int(match[1].replace(",", ""))
        else:
            shown[code] += 1
    assert report.counts == dict(sorted((shown + more).items()))
    assert all(count <= limit for count in shown.values())


@given(
    severities=st.lists(st.sampled_from(list(Severity)), min_size=1, max_size=12),
)
def test_summary_rows_count_every_finding(severities: list[Severity]) -> None:
    """The summary table's rows add up to the report's findings, one row per code."""
    findings = [
        Finding(code=f"HR{index % 3}", severity=level, message="m", path=f"$.cadres[{index}]")
        for index, level in enumerate(severities)
    ]
    # One severity per code, as after validate's grading.
    graded = [
        attrs.evolve(finding, severity=severities[int(finding.code[2:])]) for finding in findings
    ]
    report = ValidationReport(graded)

    lines = findings_summary_lines(report)

    rows = lines[2 : 2 + len(report.counts)]
    assert len(report) == sum(int(re.split(r" {2,}", row)[2]) for row in rows)
    assert sorted(report.counts) == sorted(row.split()[0] for row in rows)
