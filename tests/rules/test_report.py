"""Tests of the validation report: counts, filters, rendering and raising."""

from __future__ import annotations

import json

import pytest

from cadreplan import (
    CadreplanError,
    FieldError,
    FieldTypeError,
    FieldValueError,
    Finding,
    Rule,
    Severity,
    ValidationError,
    ValidationReport,
    Violation,
)


def _never(_plan: object, _context: object) -> list[Violation]:
    return []


RULES = (
    Rule(code="CP301", title="Session over capacity", check=_never),
    Rule(code="CP306", title="Same theme within the window", severity="warning", check=_never),
    Rule(code="HR001", title="Sessions need a location", severity="info", check=_never),
)


def _finding(code: str, severity: str, path: str, *subjects: str) -> Finding:
    return Finding(
        code=code,
        severity=severity,
        message=f"{code} at {path}",
        path=path,
        subjects=subjects,
    )


@pytest.fixture(name="findings")
def _findings() -> tuple[Finding, ...]:
    return (
        _finding("CP301", "error", "$.sessions[0]", "s1"),
        _finding("CP301", "error", "$.sessions[2]", "s3"),
        _finding("CP306", "warning", "$.enrollments[4]", "c1", "s2"),
        _finding("HR001", "info", "$.sessions[1]", "s2"),
    )


@pytest.fixture(name="report")
def _report(findings: tuple[Finding, ...]) -> ValidationReport:
    return ValidationReport(findings, rules=RULES)


@pytest.fixture(name="empty")
def _empty() -> ValidationReport:
    return ValidationReport((), rules=RULES)


def test_report_is_a_sized_iterable_of_findings(
    report: ValidationReport, findings: tuple[Finding, ...]
) -> None:
    """Iterating a report yields its findings in order; len counts them."""
    assert list(findings) == list(report)
    assert len(report) == 4
    assert findings == report.findings
    assert report.rules == RULES


def test_report_indexes_like_a_sequence(
    report: ValidationReport, findings: tuple[Finding, ...]
) -> None:
    """The report is documented as a read-only sequence, so it supports indexing."""
    assert findings[0] == report[0]
    assert findings[-1] == report[-1]


def test_report_truthiness_means_it_has_findings(
    report: ValidationReport, empty: ValidationReport
) -> None:
    """A report is truthy when it holds any finding, like any collection."""
    assert (bool(report), bool(empty)) == (True, False)


def test_ok_ignores_warnings_and_infos(findings: tuple[Finding, ...]) -> None:
    """A report with warnings and infos but no errors is ok."""
    report = ValidationReport(findings[2:])

    assert report.ok
    assert not ValidationReport(findings).ok


def test_errors_warnings_and_infos_split_by_severity(
    report: ValidationReport, findings: tuple[Finding, ...]
) -> None:
    """Each severity property returns that severity's findings, in report order."""
    assert findings[:2] == report.errors
    assert findings[2:3] == report.warnings
    assert findings[3:] == report.infos


def test_counts_per_code_are_sorted_by_code(findings: tuple[Finding, ...]) -> None:
    """Counts map each code to its number of findings, codes in sorted order."""
    report = ValidationReport(reversed(findings))
    expected = {"CP301": 2, "CP306": 1, "HR001": 1}

    actual = report.counts

    assert expected == actual
    assert list(expected) == list(actual)


@pytest.mark.parametrize(
    ("arguments", "expected_paths"),
    [
        ({}, ["$.sessions[0]", "$.sessions[2]", "$.enrollments[4]", "$.sessions[1]"]),
        ({"code": "CP301"}, ["$.sessions[0]", "$.sessions[2]"]),
        ({"code": "CP3"}, ["$.sessions[0]", "$.sessions[2]", "$.enrollments[4]"]),
        ({"code": ["CP306", "HR"]}, ["$.enrollments[4]", "$.sessions[1]"]),
        ({"code": ("CP306",)}, ["$.enrollments[4]"]),
        ({"code": "CP4"}, []),
        ({"severity": "warning"}, ["$.enrollments[4]"]),
        ({"severity": Severity.INFO}, ["$.sessions[1]"]),
        ({"subject": "s2"}, ["$.enrollments[4]", "$.sessions[1]"]),
        ({"subject": "s"}, []),
        ({"code": "CP3", "severity": "error", "subject": "s3"}, ["$.sessions[2]"]),
    ],
    ids=[
        "nothing",
        "one-code",
        "prefix",
        "list-of-codes",
        "tuple-of-codes",
        "no-match",
        "severity-string",
        "severity-enum",
        "subject",
        "subject-is-exact-not-prefix",
        "all-three",
    ],
)
def test_filter_keeps_matching_findings(
    report: ValidationReport, arguments: dict[str, object], expected_paths: list[str]
) -> None:
    """Filter keeps findings matching every criterion given: code prefix, severity, subject."""
    actual = [finding.path for finding in report.filter(**arguments)]  # type: ignore[arg-type]

    assert expected_paths == actual


def test_filter_returns_a_report_with_the_same_rules(report: ValidationReport) -> None:
    """A filtered report is a report and keeps the rules, so it still prints titles."""
    filtered = report.filter(code="CP301")

    assert isinstance(filtered, ValidationReport)
    assert filtered.rules == RULES
    assert str(filtered).splitlines()[0] == "CP301 Session over capacity [error] (2)"


def test_filter_rejects_an_unknown_severity(report: ValidationReport) -> None:
    """Filtering by a severity that does not exist is an error, not an empty result."""
    with pytest.raises(ValueError, match="fatal"):
        report.filter(severity="fatal")


@pytest.mark.parametrize(
    ("arguments", "error", "field", "message"),
    [
        (
            {"severity": "eror"},
            FieldValueError,
            "severity",
            (
                "'severity' must be one of 'error', 'warning', 'info' (got 'eror'); "
                "did you mean 'error'?"
            ),
        ),
        (
            {"severity": 2},
            FieldTypeError,
            "severity",
            "'severity' must be one of 'error', 'warning', 'info', or a Severity (got 2)",
        ),
        (
            {"code": "CP9"},
            FieldValueError,
            "code",
            (
                "'code' has 'CP9', which is no rule's code or code prefix (families CP1, CP2, "
                "CP3, CP4, CP5, CP6, HR0; codes CP101 to CP602, HR001)"
            ),
        ),
        (
            {"code": ["CP301", "HR01"]},
            FieldValueError,
            "code",
            (
                "'code' has 'HR01', which is no rule's code or code prefix; did you mean 'HR001'? "
                "(families CP1, CP2, CP3, CP4, CP5, CP6, HR0; codes CP101 to CP602, HR001)"
            ),
        ),
        (
            {"code": ""},
            FieldValueError,
            "code",
            "'code' entries must be non-empty rule codes or code prefixes (got '')",
        ),
        (
            {"code": 301},
            FieldTypeError,
            "code",
            "'code' must be a code, or a list of codes (got 301)",
        ),
        (
            {"code": [None]},
            FieldTypeError,
            "code",
            "'code' entries must be rule codes or code prefixes, as strings (got None)",
        ),
        (
            {"subject": ["s1"]},
            FieldTypeError,
            "subject",
            "'subject' must be an id string (got ['s1'])",
        ),
    ],
    ids=[
        "misspelt-severity",
        "severity-not-a-string",
        "unknown-code",
        "unknown-code-in-a-list",
        "empty-code",
        "code-an-int",
        "code-none-in-a-list",
        "subject-a-list",
    ],
)
def test_filter_refuses_bad_arguments(
    report: ValidationReport,
    arguments: dict[str, object],
    error: type[FieldError],
    field: str,
    message: str,
) -> None:
    """Filter arguments are checked as validate's are: a typo is an error, not an empty report."""
    with pytest.raises(error) as raised:
        report.filter(**arguments)  # type: ignore[arg-type]

    assert (field, message) == (raised.value.field, str(raised.value))


def test_filter_knows_the_codes_of_its_findings() -> None:
    """A report made without its rules still filters by the codes of its findings."""
    report = ValidationReport([_finding("XY001", "info", "$.name")])

    assert 1 == len(report.filter(code="XY"))
    assert 0 == len(report.filter(code="CP5"))


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"findings": "CP301"}, "findings"),
        ({"findings": [object()]}, "findings"),
        ({"findings": (), "rules": [RULES[0], "CP306"]}, "rules"),
    ],
    ids=["findings-a-string", "findings-not-findings", "rules-not-rules"],
)
def test_report_refuses_what_is_not_findings_or_rules(
    arguments: dict[str, object], field: str
) -> None:
    """A report holds findings and rules only; anything else is a FieldTypeError naming which."""
    with pytest.raises(FieldTypeError) as raised:
        ValidationReport(**arguments)  # type: ignore[arg-type]

    assert field == raised.value.field


def test_raise_for_errors_is_silent_without_errors(findings: tuple[Finding, ...]) -> None:
    """A report with only warnings and infos raises nothing."""
    ValidationReport(findings[2:]).raise_for_errors()


def test_raise_for_errors_lists_the_errors(report: ValidationReport) -> None:
    """The raised error counts the errors, lists each one and carries the report."""
    with pytest.raises(ValidationError) as caught:
        report.raise_for_errors()
    expected = (
        "plan has 2 validation errors:\n"
        "  $.sessions[0]: CP301 [error] CP301 at $.sessions[0]\n"
        "  $.sessions[2]: CP301 [error] CP301 at $.sessions[2]"
    )

    assert expected == str(caught.value)
    assert report is caught.value.report
    assert isinstance(caught.value, CadreplanError)
    assert isinstance(caught.value, ValueError)


def test_raise_for_errors_says_error_for_one() -> None:
    """One error is 'error', not 'errors'."""
    report = ValidationReport([_finding("CP202", "error", "$.sessions[0].capacity", "s1")])

    with pytest.raises(ValidationError, match=r"^plan has 1 validation error:\n"):
        report.raise_for_errors()


def test_raise_for_errors_shortens_long_lists() -> None:
    """Past 20 errors the message lists the first 20 and counts the rest."""
    report = ValidationReport(
        _finding("CP301", "error", f"$.sessions[{index}]", f"s{index}") for index in range(23)
    )

    with pytest.raises(ValidationError) as caught:
        report.raise_for_errors()
    lines = str(caught.value).splitlines()

    assert len(lines) == 22
    assert lines[20] == "  $.sessions[19]: CP301 [error] CP301 at $.sessions[19]"
    assert lines[-1] == "  … and 3 more"


def test_raise_for_errors_lists_exactly_twenty_without_a_tail() -> None:
    """Exactly 20 errors are all listed, without an 'and more' line."""
    report = ValidationReport(
        _finding("CP301", "error", f"$.sessions[{index}]", f"s{index}") for index in range(20)
    )

    with pytest.raises(ValidationError) as caught:
        report.raise_for_errors()

    assert len(str(caught.value).splitlines()) == 21


def test_to_records_round_trips_through_json(report: ValidationReport) -> None:
    """Records are plain dicts that JSON serializes and reads back unchanged."""
    records = report.to_records()

    assert records == json.loads(json.dumps(records, ensure_ascii=False))
    assert [finding.to_record() for finding in report] == records


def test_summary_counts_every_severity(report: ValidationReport) -> None:
    """The summary line names each severity with its count, singular for one."""
    assert report.summary() == "2 errors, 1 warning, 1 info"


def test_summary_pluralises_zero(findings: tuple[Finding, ...]) -> None:
    """Zero of a severity reads as a plural ('0 warnings')."""
    assert ValidationReport(findings[:2]).summary() == "2 errors, 0 warnings, 0 infos"


def test_summary_in_chinese(report: ValidationReport, empty: ValidationReport) -> None:
    """The summary line in Chinese counts each severity, or says there is no finding."""
    assert report.summary("zh") == "错误 2 条，警告 1 条，提示 1 条"
    assert empty.summary(language="zh") == "未发现问题"
    assert report.summary("en") == report.summary()


@pytest.mark.parametrize(
    ("language", "error", "message"),
    [
        ("cn", FieldValueError, "'language' must be 'en' or 'zh' (got 'cn')"),
        ("ZH", FieldValueError, "'language' must be 'en' or 'zh' (got 'ZH'); did you mean 'zh'?"),
        (None, FieldTypeError, "'language' must be 'en' or 'zh' (got None)"),
    ],
    ids=["unknown", "upper-case", "none"],
)
def test_summary_refuses_other_languages(
    report: ValidationReport, language: object, error: type[FieldError], message: str
) -> None:
    """Only English and Chinese are offered; anything else names the argument and the choices."""
    with pytest.raises(error) as raised:
        report.summary(language)  # type: ignore[arg-type]

    assert ("language", message) == (raised.value.field, str(raised.value))


def test_empty_report_reads_no_findings(empty: ValidationReport) -> None:
    """A report without findings says so in its summary, str and repr."""
    assert (empty.summary(), str(empty)) == ("no findings", "no findings")
    assert repr(empty) == "<ValidationReport 0 findings (none)>"
    assert empty.ok


def test_repr_counts_findings_per_severity(report: ValidationReport) -> None:
    """The repr counts findings and, per severity present, how many."""
    assert repr(report) == "<ValidationReport 4 findings (error=2, warning=1, info=1)>"


def test_str_groups_by_code_errors_first(findings: tuple[Finding, ...]) -> None:
    """Str prints one heading per code (errors first, then by code) with its findings."""
    report = ValidationReport(reversed(findings), rules=RULES)
    expected = "\n".join(
        [
            "CP301 Session over capacity [error] (2)",
            "  $.sessions[2]: CP301 at $.sessions[2]",
            "  $.sessions[0]: CP301 at $.sessions[0]",
            "CP306 Same theme within the window [warning] (1)",
            "  $.enrollments[4]: CP306 at $.enrollments[4]",
            "HR001 Sessions need a location [info] (1)",
            "  $.sessions[1]: HR001 at $.sessions[1]",
            "2 errors, 1 warning, 1 info",
        ]
    )

    assert expected == str(report)


def test_str_orders_by_severity_before_code() -> None:
    """A re-graded info of a low code prints after an error of a higher code."""
    report = ValidationReport(
        [
            _finding("CP101", "info", "$.cadres[0].unit"),
            _finding("CP602", "error", "$.sessions[0]", "s1"),
        ]
    )

    lines = str(report).splitlines()

    assert [lines[0], lines[2]] == ["CP602 [error] (1)", "CP101 [info] (1)"]


def test_str_without_rules_omits_titles(findings: tuple[Finding, ...]) -> None:
    """Without the rules, a heading is the code, severity and count with single spaces."""
    report = ValidationReport(findings[:1])

    assert str(report).splitlines()[0] == "CP301 [error] (1)"
