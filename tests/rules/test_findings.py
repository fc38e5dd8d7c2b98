"""Tests of findings, violations and severities."""

from __future__ import annotations

import attrs
import pytest

from cadreplan import FieldTypeError, Finding, Severity, Violation


def test_severity_values_are_the_lowercase_names() -> None:
    """Severities compare equal to their lower-case names, so plain strings work too."""
    expected = ["error", "warning", "info"]

    actual = [level.value for level in Severity]

    assert expected == actual
    name: str = "error"
    assert name == Severity.ERROR


def test_severity_rank_puts_errors_first() -> None:
    """Sorting by descending rank puts errors before warnings before infos."""
    expected = [Severity.ERROR, Severity.WARNING, Severity.INFO]

    actual = sorted([Severity.INFO, Severity.ERROR, Severity.WARNING], key=lambda s: -s.rank)

    assert expected == actual
    assert (Severity.ERROR.rank, Severity.WARNING.rank, Severity.INFO.rank) == (2, 1, 0)


def test_violation_defaults_to_the_root_path_and_no_subjects() -> None:
    """A violation with only a message is about the whole plan and nobody in particular."""
    violation = Violation(message="something is off")

    assert (violation.path, violation.subjects, violation.message_zh) == ("$", (), None)


def test_violation_converts_subjects_to_a_tuple() -> None:
    """Subjects given as a list are stored as a tuple, so the violation stays hashable."""
    violation = Violation(message="m", subjects=["c1", "s1"])

    assert violation.subjects == ("c1", "s1")
    assert hash(violation) == hash(Violation(message="m", subjects=("c1", "s1")))


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"message": 3}, TypeError),
        ({"path": None}, TypeError),
        ({"subjects": "c1"}, TypeError),
        ({"subjects": ("",)}, ValueError),
        ({"subjects": (1,)}, TypeError),
        ({"message_zh": 3}, TypeError),
        ({"message_zh": b"\xe5\x86\xb2"}, TypeError),
    ],
    ids=[
        "message-not-str",
        "path-not-str",
        "subjects-a-string",
        "empty-subject",
        "int-subject",
        "message-zh-not-str",
        "message-zh-bytes",
    ],
)
def test_violation_rejects_bad_fields(changes: dict[str, object], error: type[Exception]) -> None:
    """A violation checks its fields: text message and path, a collection of ids as subjects."""
    fields: dict[str, object] = {"message": "m", **changes}

    with pytest.raises(error):
        Violation(**fields)  # type: ignore[arg-type]


def test_finding_converts_a_severity_string() -> None:
    """A finding accepts the severity as a string and stores the enum member."""
    finding = Finding(code="CP301", severity="warning", message="m")

    assert Severity.WARNING is finding.severity


def test_finding_rejects_an_unknown_severity() -> None:
    """An unknown severity name is a ValueError, not a silently new level."""
    with pytest.raises(ValueError, match="fatal"):
        Finding(code="CP301", severity="fatal", message="m")


def test_finding_rejects_an_empty_code() -> None:
    """A finding without a code cannot be filtered or counted, so it is refused."""
    with pytest.raises(ValueError, match="'code'"):
        Finding(code="", severity=Severity.ERROR, message="m")


def test_finding_str_shows_path_code_severity_and_message() -> None:
    """A finding prints as ``path: code [severity] message``, like a linter's line."""
    finding = Finding(
        code="CP202",
        severity=Severity.ERROR,
        message="'capacity' must be > 0 (got 0)",
        path="$.sessions[3].capacity",
    )

    assert str(finding) == "$.sessions[3].capacity: CP202 [error] 'capacity' must be > 0 (got 0)"


def test_finding_to_record_is_plain_data() -> None:
    """A finding's record holds only str, list and None values, ready for JSON."""
    finding = Finding(
        code="CP303",
        severity=Severity.ERROR,
        message="m",
        path="$.enrollments[1]",
        subjects=("c1", "s2", "s1"),
        message_zh="冲突",
    )
    expected = {
        "code": "CP303",
        "severity": "error",
        "message": "m",
        "path": "$.enrollments[1]",
        "subjects": ["c1", "s2", "s1"],
        "message_zh": "冲突",
    }

    actual = finding.to_record()

    assert expected == actual
    assert str is type(actual["severity"])


def test_findings_are_frozen_values() -> None:
    """Findings compare by value and cannot be changed in place."""
    first = Finding(code="CP301", severity="error", message="m", subjects=["s1"])
    second = Finding(code="CP301", severity=Severity.ERROR, message="m", subjects=("s1",))

    assert first == second
    assert len({first, second}) == 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.code = "CP302"  # type: ignore[misc]


@pytest.mark.parametrize("kind", [Violation, Finding])
def test_message_zh_must_be_text_or_none(kind: type) -> None:
    """The Chinese message is a string or None; anything else is a FieldTypeError naming it."""
    fields = (
        {"message": "m"}
        if kind is Violation
        else {"code": "CP1", "severity": "info", "message": "m"}
    )

    with pytest.raises(FieldTypeError) as raised:
        kind(**fields, message_zh=["冲突"])

    assert "message_zh" == raised.value.field
    assert "'message_zh' must be a string or None (got ['冲突'])" == str(raised.value)
