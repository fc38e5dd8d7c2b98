"""Tests of the rule engine: making rules, choosing and re-grading them, running them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given
from hypothesis import strategies as st

from cadreplan import (
    Audience,
    Cadre,
    FieldError,
    FieldTypeError,
    FieldValueError,
    Institution,
    Period,
    Plan,
    Program,
    Requirement,
    Rule,
    Session,
    Severity,
    Unit,
    UnitKind,
    ValidationContext,
    ValidationOptions,
    Violation,
    builtin_rules,
    rule,
    validate,
)
from cadreplan.rules import check_selection

if TYPE_CHECKING:
    from collections.abc import Iterator

D = dt.date
RULES_PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "rules.md"


@pytest.fixture(name="plan")
def _plan() -> Plan:
    """A plan without problems: two sessions of one program, one cadre, no enrollments."""
    return Plan(
        name="engine",
        period=Period(D(2024, 1, 1), D(2024, 12, 31)),
        units=(Unit(id="C", name="County", kind=UnitKind.COUNTY),),
        cadres=(Cadre(id="c1", name="Dawa", unit="C", category="township_cadre", rank="township"),),
        institutions=(Institution(id="school", name="Party school", kind="party_school"),),
        programs=(Program(id="p", title="p", tier="county_general", organizer="C", hours=40),),
        sessions=tuple(
            Session(
                id=f"s{index}",
                program="p",
                institution="school",
                start_on=D(2024, 3, index),
                end_on=D(2024, 3, index),
                capacity=10,
            )
            for index in (1, 2)
        ),
    )


def _per_session(code: str, severity: str = "warning") -> Rule:
    """Return a rule that reports every session, in plan order."""

    @rule(code, f"Title of {code}", severity=severity)
    def check(plan: Plan) -> Iterator[Violation]:
        for index, session in enumerate(plan.sessions):
            yield Violation(
                message=f"{code} saw {session.id}",
                path=f"$.sessions[{index}]",
                subjects=(session.id,),
            )

    return check


USER_RULES = tuple(_per_session(code) for code in ("HR001", "HR002", "HR101", "XY001"))


def _codes_run(plan: Plan, **arguments: Any) -> list[str]:
    report = validate(plan, rules=USER_RULES, builtin=False, **arguments)
    return sorted({finding.code for finding in report})


# -- making rules ----------------------------------------------------------------------


def test_decorator_makes_a_rule_from_a_function() -> None:
    """The decorator keeps code, title and severity and takes the docstring as description."""

    @rule("HR001", "Sessions need a location", severity="warning")
    def sessions_have_location(_plan: Plan) -> Iterator[Violation]:
        """Every session is held somewhere.

        Set the institution's location.
        """
        yield from ()

    expected = (
        "HR001",
        "Sessions need a location",
        Severity.WARNING,
        "Every session is held somewhere.\n\nSet the institution's location.",
    )

    actual = (
        sessions_have_location.code,
        sessions_have_location.title,
        sessions_have_location.severity,
        sessions_have_location.description,
    )

    assert expected == actual
    assert isinstance(sessions_have_location, Rule)


def test_decorator_description_argument_wins_over_the_docstring() -> None:
    """An explicit description replaces the docstring; no docstring means an empty one."""

    @rule("HR001", "t", description="Explicit.")
    def documented(_plan: Plan) -> Iterator[Violation]:
        """Docstring."""
        yield from ()

    @rule("HR002", "t")
    def undocumented(_plan: Plan) -> Iterator[Violation]:
        yield from ()

    assert (documented.description, undocumented.description) == ("Explicit.", "")
    assert Severity.ERROR is undocumented.severity


def test_decorator_rejects_an_unknown_severity() -> None:
    """A misspelt severity fails when the rule is made, not when it runs."""
    with pytest.raises(ValueError, match="warn"):
        rule("HR001", "t", severity="warn")(LongSessions(1))


def test_decorator_checks_its_arguments_before_it_decorates() -> None:
    """A bad code, title or severity fails on the @rule(...) line, before any function is given."""
    with pytest.raises(FieldValueError) as code:
        rule("hr001", "t")
    with pytest.raises(FieldTypeError) as title:
        rule("HR001", 5)  # type: ignore[arg-type]
    with pytest.raises(FieldValueError) as severity:
        rule("HR001", "t", severity="warn")

    assert "did you mean 'HR001'?" in str(code.value)
    assert ("code", "title", "severity") == (
        code.value.field,
        title.value.field,
        severity.value.field,
    )
    assert "did you mean 'warning'?" in str(severity.value)


def test_decorator_without_its_arguments_says_how_to_use_it() -> None:
    """Writing @rule bare (no code, no title) is a FieldTypeError showing the right form."""

    def check(_plan: Plan) -> Iterator[Violation]:
        yield from ()

    with pytest.raises(FieldTypeError, match=r"write @rule\('HR001', 'Title'\) above the function"):
        rule(check)
    with pytest.raises(
        FieldTypeError, match=r"needs a title after the code: @rule\('HR001', 'Title'\)"
    ):
        rule("HR001")  # type: ignore[call-overload]


def test_decorator_takes_a_chinese_title() -> None:
    """title_zh is kept; without it a rule's Chinese title is empty."""

    @rule("HR001", "Sessions need a location", title_zh="期次需有培训地点")
    def titled(_plan: Plan) -> Iterator[Violation]:
        yield from ()

    assert ("期次需有培训地点", "") == (titled.title_zh, _per_session("HR002").title_zh)
    with pytest.raises(FieldTypeError, match=r"'title_zh' must be a string \(got 3\)"):
        rule("HR001", "t", title_zh=3)  # type: ignore[arg-type]


@pytest.mark.parametrize("arity", [0, 3])
def test_decorator_refuses_a_check_of_the_wrong_arity(arity: int) -> None:
    """A check takes the plan, or the plan and the context: other arities fail when decorated."""
    function = {
        0: lambda: iter(()),
        3: lambda _plan, _context, _extra: iter(()),
    }[arity]

    with pytest.raises(FieldTypeError, match=f"which takes {arity} positional arguments") as raised:
        rule("HR001", "t")(function)

    assert "check" == raised.value.field


def test_decorator_passes_both_to_a_check_taking_any_number(plan: Plan) -> None:
    """A check taking ``*args`` gets the plan and the context."""
    seen: list[int] = []

    def check(*given: object) -> Iterator[Violation]:
        seen.append(len(given))
        yield from ()

    validate(plan, rules=[rule("HR001", "t")(check)], builtin=False)

    assert [2] == seen


@pytest.mark.parametrize(
    ("produced", "message"),
    [
        (None, "the check of rule 'HR001' returned None: a check yields Violations"),
        ("oops", "the check of rule 'HR001' returned 'oops': a check yields Violations"),
        (
            ["session s1 is odd"],
            (
                "the check of rule 'HR001' yielded 'session s1 is odd': a check yields "
                "cadreplan.Violation objects"
            ),
        ),
    ],
    ids=["returns-none", "returns-a-string", "yields-strings"],
)
def test_a_check_that_yields_no_violations_is_named(
    plan: Plan, produced: object, message: str
) -> None:
    """A check returning None, a string, or yielding strings fails naming the rule's code."""
    broken = Rule(code="HR001", title="t", check=lambda _plan, _context: produced)

    with pytest.raises(FieldTypeError) as raised:
        validate(plan, rules=[broken], builtin=False)

    assert ("check", True) == (raised.value.field, str(raised.value).startswith(message))


def test_rule_findings_refuse_an_unknown_severity(plan: Plan) -> None:
    """Rule.findings re-grades only to a severity that exists."""
    context = ValidationContext(plan, ValidationOptions())

    with pytest.raises(FieldValueError, match="did you mean 'info'"):
        list(_per_session("HR001").findings(plan, context, severity="inf"))


def test_one_argument_check_gets_the_plan(plan: Plan) -> None:
    """A check that takes only the plan is called with the plan."""
    seen: list[Plan] = []

    @rule("HR001", "t")
    def check(given: Plan) -> Iterator[Violation]:
        seen.append(given)
        yield from ()

    validate(plan, rules=[check], builtin=False)

    assert [plan] == seen


def test_two_argument_check_gets_the_context(plan: Plan) -> None:
    """A check that takes two arguments also gets the context, with options and reference day."""
    seen: list[tuple[dt.date, float]] = []

    @rule("HR001", "t")
    def check(_plan: Plan, context: ValidationContext) -> Iterator[Violation]:
        seen.append((context.on, context.options.min_fill))
        yield from ()

    validate(plan, rules=[check], builtin=False)
    validate(
        plan,
        rules=[check],
        builtin=False,
        options=ValidationOptions(on=D(2024, 6, 30), min_fill=0.25),
    )

    assert [(D(2024, 12, 31), 0.5), (D(2024, 6, 30), 0.25)] == seen


class LongSessions:
    """A configurable check: sessions longer than a number of days."""

    def __init__(self, max_days: int) -> None:
        self.max_days = max_days

    def __call__(self, plan: Plan, _context: ValidationContext) -> Iterator[Violation]:
        """Yield a violation for each session longer than the limit."""
        for index, session in enumerate(plan.sessions):
            if session.days > self.max_days:
                yield Violation(
                    message=f"session {session.id!r} lasts {session.days} days",
                    path=f"$.sessions[{index}]",
                    subjects=(session.id,),
                    message_zh="培训时间过长",
                )


def test_class_based_rule_runs_its_instance(plan: Plan) -> None:
    """An instance of a class with ``__call__`` wrapped in Rule runs like a function."""
    long_sessions = Rule(
        code="HR010",
        title="Session too long",
        severity="info",
        check=LongSessions(max_days=0),
        description="Sessions longer than the limit.",
    )

    report = validate(plan, rules=[long_sessions], builtin=False)

    assert [finding.path for finding in report] == ["$.sessions[0]", "$.sessions[1]"]
    assert {Severity.INFO} == {finding.severity for finding in report}
    assert {"培训时间过长"} == {finding.message_zh for finding in report}


def test_decorator_accepts_a_one_argument_callable_instance(plan: Plan) -> None:
    """The decorator adapts a callable instance that takes only the plan."""

    class EverySession:
        def __call__(self, plan: Plan) -> Iterator[Violation]:
            for index, _ in enumerate(plan.sessions):
                yield Violation(message="m", path=f"$.sessions[{index}]")

    report = validate(plan, rules=[rule("HR011", "t")(EverySession())], builtin=False)

    assert len(report) == 2


def test_rule_findings_use_the_given_severity(plan: Plan) -> None:
    """Rule.findings re-grades its findings when asked, and keeps the default otherwise."""
    check = _per_session("HR001")
    context = ValidationContext(plan, ValidationOptions())

    default = {finding.severity for finding in check.findings(plan, context)}
    regraded = {f.severity for f in check.findings(plan, context, severity=Severity.ERROR)}

    assert ({Severity.WARNING}, {Severity.ERROR}) == (default, regraded)


@pytest.mark.parametrize("code", ["CP301", "HR1", "ABC123", "X0"])
def test_code_shape_accepts_letters_then_digits(code: str) -> None:
    """Upper-case letters followed by digits make a code."""
    assert code == Rule(code=code, title="t", check=LongSessions(1)).code


@pytest.mark.parametrize(
    "code",
    ["cp301", "CP", "301", "C-301", "CP3A1", "CP301a", "Cp301", "CP 301", "ÉCP301", "CP３01"],
)
def test_code_shape_rejects_other_strings(code: str) -> None:
    """Lower case, no digits, no letters or anything in between is not a code."""
    with pytest.raises(ValueError, match="'code' must be upper-case letters then digits"):
        Rule(code=code, title="t", check=LongSessions(1))


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"code": 301}, TypeError),
        ({"code": ""}, ValueError),
        ({"title": None}, TypeError),
        ({"severity": "fatal"}, ValueError),
        ({"description": None}, TypeError),
        ({"check": 42}, TypeError),
        ({"check": None}, TypeError),
    ],
    ids=[
        "code-not-str",
        "empty-code",
        "title-not-str",
        "unknown-severity",
        "description-not-str",
        "check-an-int",
        "check-none",
    ],
)
def test_bad_rule_fields_are_refused(changes: dict[str, object], error: type[Exception]) -> None:
    """A rule checks its fields when made: code, title, severity, description, callable check."""
    fields: dict[str, object] = {"code": "HR001", "title": "t", "check": LongSessions(1), **changes}

    with pytest.raises(error):
        Rule(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "item",
    [lambda _plan: iter(()), "CP301", None],
    ids=["undecorated-function", "a-code", "none"],
)
def test_validate_refuses_what_is_not_a_rule(plan: Plan, item: object) -> None:
    """Passing anything but Rule objects is a TypeError that says how to make one."""
    with pytest.raises(TypeError, match="decorate the function with @rule"):
        validate(plan, rules=[item])  # type: ignore[list-item]


# -- running rules ------------------------------------------------------------------------


def test_findings_come_in_rule_order_then_plan_order(plan: Plan) -> None:
    """The report lists each rule's findings in turn, each in plan order."""
    expected = [
        ("XY001", "$.sessions[0]"),
        ("XY001", "$.sessions[1]"),
        ("HR001", "$.sessions[0]"),
        ("HR001", "$.sessions[1]"),
    ]

    report = validate(plan, rules=[USER_RULES[3], USER_RULES[0]], builtin=False)

    assert expected == [(finding.code, finding.path) for finding in report]


def test_user_rules_run_after_the_builtin_ones(plan: Plan) -> None:
    """User rules run after the built-in ones, and the report knows every rule that ran."""
    report = validate(plan, rules=USER_RULES)

    assert [*builtin_rules(), *USER_RULES] == list(report.rules)


def test_builtin_false_runs_only_the_given_rules(plan: Plan) -> None:
    """With builtin=False only the given rules run; with none given, nothing runs."""
    broken = plan.evolve(sessions=(*plan.sessions[:1], plan.sessions[0]))

    assert list(validate(broken, builtin=False)) == []
    assert [finding.code for finding in validate(broken)] == ["CP102"]
    assert validate(broken, builtin=False).rules == ()


def test_rules_may_be_any_iterable(plan: Plan) -> None:
    """Rules may come from a generator."""
    report = validate(plan, rules=(item for item in USER_RULES[:2]), builtin=False)

    assert sorted(report.counts) == ["HR001", "HR002"]


def test_a_check_may_return_a_list(plan: Plan) -> None:
    """A check returning a list of violations works like a generator."""

    @rule("HR001", "t")
    def check(_plan: Plan) -> list[Violation]:
        return [Violation(message="m", path="$.name")]

    assert [finding.path for finding in validate(plan, rules=[check])] == ["$.name"]


# -- select, ignore and severity -----------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({}, ["HR001", "HR002", "HR101", "XY001"]),
        ({"select": ["HR"]}, ["HR001", "HR002", "HR101"]),
        ({"select": ["HR0"]}, ["HR001", "HR002"]),
        ({"select": ("HR001", "XY")}, ["HR001", "XY001"]),
        ({"select": ["HR001"]}, ["HR001"]),
        ({"ignore": ["HR0"]}, ["HR101", "XY001"]),
        ({"ignore": ["HR001", "XY001"]}, ["HR002", "HR101"]),
        ({"select": ["HR"], "ignore": ["HR0"]}, ["HR101"]),
        ({"select": ["HR001"], "ignore": ["HR"]}, ["HR001"]),
        ({"select": ["HR0"], "ignore": ["HR001"]}, ["HR002"]),
        ({"select": ["HR001"], "ignore": ["HR001"]}, []),
        ({"select": []}, []),
        ({"select": iter(["XY"])}, ["XY001"]),
    ],
    ids=[
        "all-by-default",
        "select-prefix",
        "select-longer-prefix",
        "select-several",
        "select-one-code",
        "ignore-prefix",
        "ignore-codes",
        "ignore-inside-select",
        "specific-select-beats-general-ignore",
        "specific-ignore-beats-general-select",
        "tie-ignores",
        "empty-select-runs-nothing",
        "select-from-an-iterator",
    ],
)
def test_select_and_ignore_by_code_or_prefix(
    plan: Plan, arguments: dict[str, Any], expected: list[str]
) -> None:
    """Select and ignore take codes or prefixes; the more specific pattern wins, a tie ignores."""
    assert expected == _codes_run(plan, **arguments)


def test_only_selected_rules_are_listed_as_run(plan: Plan) -> None:
    """The report's rules are the ones that ran, not the ones given."""
    report = validate(plan, rules=USER_RULES, builtin=False, select=["HR0"])

    assert [item.code for item in report.rules] == ["HR001", "HR002"]


def test_select_applies_to_builtin_rules(plan: Plan) -> None:
    """Selecting a family of built-in codes runs exactly those."""
    report = validate(plan, select=["CP3"])

    assert [item.code for item in builtin_rules() if item.code.startswith("CP3")] == [
        item.code for item in report.rules
    ]


@pytest.mark.parametrize(
    ("name", "value", "error", "message"),
    [
        (
            "select",
            "HR",
            FieldTypeError,
            (
                "'select' must be a list of rule codes or code prefixes, "
                "not the string 'HR': write ['HR']"
            ),
        ),
        (
            "ignore",
            "",
            FieldTypeError,
            "'ignore' must be a list of rule codes or code prefixes, not the string '': write ['']",
        ),
        (
            "select",
            5,
            FieldTypeError,
            "'select' must be a list of rule codes or code prefixes (got 5)",
        ),
        ("select", {"HR": 1}, FieldTypeError, "'select' must be a list of rule codes"),
        (
            "select",
            ["HR", 3],
            FieldTypeError,
            "'select' entries must be rule codes or code prefixes, as strings (got 3)",
        ),
        (
            "ignore",
            [None],
            FieldTypeError,
            "'ignore' entries must be rule codes or code prefixes, as strings (got None)",
        ),
        (
            "select",
            [""],
            FieldValueError,
            "'select' entries must be non-empty rule codes or code prefixes (got '')",
        ),
        ("ignore", [" "], FieldValueError, "'ignore' entries must be non-empty"),
    ],
    ids=[
        "lone-string-select",
        "lone-empty-string-ignore",
        "int-select",
        "mapping-select",
        "int-in-select",
        "none-in-ignore",
        "empty-in-select",
        "blank-in-ignore",
    ],
)
def test_select_and_ignore_refuse_non_codes(
    plan: Plan, name: str, value: object, error: type[FieldError], message: str
) -> None:
    """Patterns are a list of non-empty strings; the error names the argument and what was found."""
    with pytest.raises(error) as raised:
        validate(plan, rules=USER_RULES, **{name: value})  # type: ignore[arg-type]

    assert name == raised.value.field
    assert str(raised.value).startswith(message)


FAMILIES = "(families CP1, CP2, CP3, CP4, CP5, CP6; codes CP101 to CP602)"


@pytest.mark.parametrize(
    ("arguments", "field", "message"),
    [
        (
            {"select": ["CP9"]},
            "select",
            f"'select' has 'CP9', which is no rule's code or code prefix {FAMILIES}",
        ),
        (
            {"ignore": ["CP31"]},
            "ignore",
            (
                "'ignore' has 'CP31', which is no rule's code or code prefix; "
                f"did you mean 'CP301'? {FAMILIES}"
            ),
        ),
        (
            {"select": ["cp3"]},
            "select",
            (
                f"'select' has 'cp3', which is no rule's code or code prefix; did you mean 'CP3'? "
                f"{FAMILIES}"
            ),
        ),
        (
            {"select": ["CP3011"]},
            "select",
            (
                "'select' has 'CP3011', which is no rule's code or code prefix; "
                f"did you mean 'CP301'? {FAMILIES}"
            ),
        ),
        (
            {"severity": {"CP50": "error", "CP5O1": "error"}},
            "severity",
            (
                "'severity' has the key 'CP5O1', which is no rule's code or code prefix; "
                f"did you mean 'CP501'? {FAMILIES}"
            ),
        ),
    ],
    ids=["unknown-family", "prefix-of-no-code", "lower-case", "longer-than-a-code", "severity-key"],
)
def test_unknown_codes_are_refused_with_a_suggestion(
    plan: Plan, arguments: dict[str, Any], field: str, message: str
) -> None:
    """A code or prefix no rule has is an error naming it, the code meant, and the families."""
    with pytest.raises(FieldValueError) as raised:
        validate(plan, **arguments)

    assert (field, message) == (raised.value.field, str(raised.value))


def test_known_codes_are_those_of_the_rules_that_would_run(plan: Plan) -> None:
    """Codes are checked against the rules that run: without the built-ins, theirs are unknown."""
    with pytest.raises(FieldValueError) as raised:
        validate(plan, rules=USER_RULES, builtin=False, select=["CP3"])
    expected = (
        "'select' has 'CP3', which is no rule's code or code prefix "
        "(families HR0, HR1, XY0; codes HR001 to HR101, XY001)"
    )

    assert expected == str(raised.value)
    assert ["XY001"] == _codes_run(plan, select=["XY"])


def test_no_rule_to_run_says_how_to_get_some(plan: Plan) -> None:
    """With no rule at all, an unknown code says that none runs and how to run some."""
    with pytest.raises(FieldValueError, match=r"no rule runs: pass rules=\[\.\.\.\]"):
        validate(plan, builtin=False, ignore=["CP1"])


@pytest.mark.parametrize("name", ["select", "ignore"])
def test_a_retired_code_says_why_it_is_gone(plan: Plan, name: str) -> None:
    """CP201-CP203 are no rules any more: naming one says what became of the check."""
    with pytest.raises(FieldValueError) as raised:
        validate(plan, **{name: ["CP202"]})
    expected = (
        f"'{name}' has 'CP202', a retired code: a session without seats is refused when the "
        "object is made, so no rule checks it any more"
    )

    assert expected == str(raised.value)


def test_a_rule_of_yours_cannot_take_a_retired_code(plan: Plan) -> None:
    """A retired code stays reserved beside the built-in rules, and is free without them."""
    mine = Rule(code="CP201", title="Mine", check=LongSessions(0))

    with pytest.raises(FieldValueError, match="'CP201', which is reserved") as raised:
        validate(plan, rules=[mine])

    assert "rules" == raised.value.field
    assert {"CP201": 2} == validate(plan, rules=[mine], builtin=False).counts


@pytest.mark.parametrize(
    ("arguments", "field"),
    [({"plan": None}, "plan"), ({"options": None}, "options")],
    ids=["no-plan", "no-options"],
)
def test_context_refuses_what_is_not_a_plan_or_options(
    plan: Plan, arguments: dict[str, object], field: str
) -> None:
    """A ValidationContext is made of a Plan and ValidationOptions; anything else is named."""
    given: dict[str, object] = {"plan": plan, "options": ValidationOptions(), **arguments}

    with pytest.raises(FieldTypeError) as raised:
        ValidationContext(**given)  # type: ignore[arg-type]

    assert field == raised.value.field


ALL_CODES = [item.code for item in (*builtin_rules(), *USER_RULES)]


@given(st.sampled_from(ALL_CODES), st.data())
def test_every_prefix_of_a_code_is_accepted(code: str, data: st.DataObject) -> None:
    """Any non-empty prefix of a rule's code selects, ignores and re-grades without error."""
    prefix = code[: data.draw(st.integers(1, len(code)))]

    selection = check_selection(
        select=[prefix], ignore=[prefix], severity={prefix: "info"}, rules=USER_RULES
    )

    assert () == selection.runs  # a tie between select and ignore ignores


@given(st.text(min_size=1, max_size=8))
def test_anything_else_is_refused_naming_it(pattern: str) -> None:
    """A string that starts no rule's code is refused, the error naming the argument and it."""
    assume(pattern.strip() and not any(code.startswith(pattern) for code in ALL_CODES))

    with pytest.raises(FieldValueError) as raised:
        check_selection(ignore=[pattern], rules=USER_RULES)

    assert "ignore" == raised.value.field
    assert repr(pattern)[:20] in str(raised.value)


def test_ties_suggest_nothing(plan: Plan) -> None:
    """A pattern as like several families as each other (CP9) gets no guess."""
    with pytest.raises(FieldValueError) as raised:
        validate(plan, select=["CP9"])

    assert "did you mean" not in str(raised.value)


def test_check_selection_resolves_without_a_plan() -> None:
    """check_selection, which the command line calls, gives the rules to run and their grades."""
    selection = check_selection(
        select=["CP3", "HR0"], ignore=["CP306"], severity={"CP30": "warning"}, rules=USER_RULES
    )

    assert [(item.code, grade) for item, grade in selection.runs] == [
        ("CP301", Severity.WARNING),
        ("CP302", Severity.WARNING),
        ("CP303", Severity.WARNING),
        ("CP304", Severity.WARNING),
        ("CP305", Severity.WARNING),
        ("HR001", None),
        ("HR002", None),
    ]
    assert [*builtin_rules(), *USER_RULES] == list(selection.rules)


@pytest.mark.parametrize(
    ("arguments", "error", "field", "message"),
    [
        (
            {"severity": {"CP501": "eror"}},
            FieldValueError,
            "severity",
            (
                "'severity' for 'CP501' must be one of 'error', 'warning', 'info' (got 'eror'); "
                "did you mean 'error'?"
            ),
        ),
        (
            {"severity": {"CP3": "Warning"}},
            FieldValueError,
            "severity",
            (
                "'severity' for 'CP3' must be one of 'error', 'warning', 'info' (got 'Warning'); "
                "did you mean 'warning'?"
            ),
        ),
        (
            {"severity": {"CP3": 2}},
            FieldTypeError,
            "severity",
            "'severity' for 'CP3' must be one of 'error', 'warning', 'info', or a Severity (got 2)",
        ),
        (
            {"severity": "error"},
            FieldTypeError,
            "severity",
            (
                "'severity' must be a mapping from rule codes or code prefixes to severities, "
                "like {'CP306': 'error'} (got 'error')"
            ),
        ),
        (
            {"severity": {3: "error"}},
            FieldTypeError,
            "severity",
            "'severity' keys must be rule codes or code prefixes, as strings (got 3)",
        ),
        (
            {"builtin": "yes"},
            FieldTypeError,
            "builtin",
            "'builtin' must be True or False (got 'yes')",
        ),
        (
            {"options": {"min_fill": 0.75}},
            FieldTypeError,
            "options",
            (
                "'options' must be a ValidationOptions, like ValidationOptions(min_fill=0.75) "
                "(got {'min_fill': 0.75})"
            ),
        ),
        (
            {"rules": USER_RULES[0]},
            FieldTypeError,
            "rules",
            "'rules' must be a list of Rule objects, not a Rule ('HR001'): put it in a list",
        ),
        (
            {"rules": "HR001"},
            FieldTypeError,
            "rules",
            "'rules' must be a list of Rule objects (got 'HR001')",
        ),
    ],
    ids=[
        "misspelt-severity",
        "capitalised-severity",
        "severity-not-a-string",
        "severity-not-a-mapping",
        "severity-key-not-a-string",
        "builtin-not-a-bool",
        "options-a-dict",
        "rules-one-rule",
        "rules-a-string",
    ],
)
def test_bad_arguments_name_the_argument(
    plan: Plan, arguments: dict[str, Any], error: type[FieldError], field: str, message: str
) -> None:
    """Each bad argument is a FieldError of its kind naming the argument, expected and found."""
    with pytest.raises(error) as raised:
        validate(plan, **arguments)

    assert (field, message) == (raised.value.field, str(raised.value))


def test_validate_refuses_what_is_not_a_plan() -> None:
    """A file name is not a plan: the error says a Plan is expected and how to get one."""
    expected = r"^'plan' must be a Plan \(got 'plan.json'\); read the file with cadreplan.load_plan"
    with pytest.raises(FieldTypeError, match=expected):
        validate("plan.json")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        ({}, ["warning", "warning", "warning", "warning"]),
        ({"HR": "error"}, ["error", "error", "error", "warning"]),
        ({"HR": "info", "HR0": Severity.ERROR}, ["error", "error", "info", "warning"]),
        ({"HR001": "info", "HR": "error"}, ["info", "error", "error", "warning"]),
        ({"XY001": Severity.INFO}, ["warning", "warning", "warning", "info"]),
    ],
    ids=["default", "prefix", "longer-prefix-wins", "code-beats-prefix", "one-code"],
)
def test_severity_regrades_by_longest_prefix(
    plan: Plan, severity: dict[str, Any], expected: list[str]
) -> None:
    """Re-grading maps codes or prefixes to severities; the longest matching prefix wins."""
    report = validate(plan, rules=USER_RULES, builtin=False, severity=severity, select=None)
    by_code = {finding.code: finding.severity.value for finding in report}

    assert expected == [by_code[code] for code in ("HR001", "HR002", "HR101", "XY001")]


def test_regrading_a_builtin_warning_to_error_fails_the_plan(plan: Plan) -> None:
    """A built-in warning re-graded to an error makes the report not ok."""
    outside = plan.evolve(
        sessions=(
            Session(
                id="late",
                program="p",
                institution="school",
                start_on=D(2024, 12, 31),
                end_on=D(2025, 1, 2),
                capacity=1,
            ),
        )
    )

    assert validate(outside).ok
    assert not validate(outside, severity={"CP205": "error"}).ok
    assert [f.code for f in validate(outside, severity={"CP2": "error"}).errors] == ["CP205"]


def test_unknown_severity_in_regrading_is_refused(plan: Plan) -> None:
    """Re-grading to a severity that does not exist is a ValueError listing the severities."""
    with pytest.raises(ValueError, match="'error', 'warning', 'info' \\(got 'fatal'\\)"):
        validate(plan, severity={"CP3": "fatal"})


# -- duplicate codes --------------------------------------------------------------------------


def test_two_rules_with_one_code_are_refused(plan: Plan) -> None:
    """Two user rules sharing a code are an error naming both titles."""
    twin = _per_session("HR001")
    twin = Rule(code="HR001", title="Twin", check=twin.check)

    with pytest.raises(
        ValueError, match="two rules share the code 'HR001': 'Title of HR001' and 'Twin'"
    ):
        validate(plan, rules=[USER_RULES[0], twin])


def test_user_rule_cannot_reuse_a_builtin_code(plan: Plan) -> None:
    """A user rule with a built-in code clashes, even when that code is not selected."""
    mine = Rule(code="CP301", title="Mine", check=LongSessions(1))

    with pytest.raises(ValueError, match="'CP301'"):
        validate(plan, rules=[mine], select=["CP1"])


def test_builtin_code_is_free_without_the_builtins(plan: Plan) -> None:
    """With builtin=False a user rule may use a code that a built-in rule uses."""
    mine = Rule(code="CP301", title="Mine", check=LongSessions(0))

    report = validate(plan, rules=[mine], builtin=False)

    assert report.counts == {"CP301": 2}


# -- options and context ---------------------------------------------------------------------


def test_options_have_documented_defaults() -> None:
    """By default: the period's end, a six-month theme window and a 50 % fill."""
    options = ValidationOptions()

    assert (None, relativedelta(months=6), 0.5) == (
        options.on,
        options.theme_window,
        options.min_fill,
    )


@pytest.mark.parametrize("min_fill", [0, 1, 0.0, 1.0, 0.75])
def test_min_fill_accepts_fractions_from_0_to_1(min_fill: float) -> None:
    """Fill thresholds from 0 to 1 inclusive, int or float, are accepted."""
    assert min_fill == ValidationOptions(min_fill=min_fill).min_fill


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"min_fill": 1.5}, ValueError, r"'min_fill' must be a number from 0 to 1 \(got 1.5\)"),
        ({"min_fill": -0.1}, ValueError, "'min_fill'"),
        ({"min_fill": float("nan")}, ValueError, "'min_fill'"),
        ({"min_fill": True}, TypeError, "'min_fill'"),
        ({"min_fill": "0.5"}, TypeError, "'min_fill' must be a number from 0 to 1"),
        ({"on": "2024-12-31"}, TypeError, "'on' must be a date"),
        ({"on": dt.datetime(2024, 12, 31, tzinfo=dt.UTC)}, TypeError, "'on' must be a date"),
        ({"theme_window": 6}, TypeError, "'theme_window' must be a relativedelta"),
        ({"theme_window": relativedelta(months=-6)}, ValueError, "positive"),
        ({"theme_window": relativedelta(hours=6)}, ValueError, "years, months"),
    ],
    ids=[
        "fill-above-1",
        "fill-below-0",
        "fill-nan",
        "fill-bool",
        "fill-str",
        "on-str",
        "on-datetime",
        "window-int",
        "window-negative",
        "window-hours",
    ],
)
def test_options_are_checked(
    changes: dict[str, object], error: type[Exception], match: str
) -> None:
    """Options are checked when made, with messages that name the option and the bad value."""
    with pytest.raises(error, match=match):
        ValidationOptions(**changes)  # type: ignore[arg-type]


def test_context_computes_the_ledger_once_on_its_day(plan: Plan) -> None:
    """The context's coverage ledger is built on first use, on the context's day, and reused."""
    requirement = Requirement(
        id="r", title="r", audience=Audience(), cycle=relativedelta(years=1), hours=10
    )
    plan = plan.evolve(requirements=(requirement,))
    context = ValidationContext(plan, ValidationOptions(on=D(2024, 6, 30)))

    ledger = context.ledger

    assert ledger is context.ledger
    assert (D(2024, 6, 30), 1) == (ledger.on, len(ledger))


# -- the built-in catalogue and its documentation -----------------------------------------------


def test_builtin_codes_are_unique_and_in_order() -> None:
    """Built-in codes are CP codes, unique, in ascending order, each titled and described."""
    codes = [item.code for item in builtin_rules()]

    assert sorted(set(codes)) == codes
    assert all(re.fullmatch(r"CP[1-6]\d\d", code) for code in codes)
    assert all(item.title and item.description for item in builtin_rules())


def _documented_rules() -> list[tuple[str, str, str, str]]:
    """Return (code, severity, title, Chinese title) of each row of docs/reference/rules.md's table.

    The columns are: code, severity, title, 中文标题, what it checks, path and subjects.
    """
    rows = []
    for line in RULES_PAGE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and re.fullmatch(r"`[A-Z]+\d+`", cells[0]):
            rows.append((cells[0].strip("`"), cells[1], cells[2], cells[3]))
    return rows


def test_rules_reference_lists_every_builtin_rule() -> None:
    """The rules reference lists exactly the built-in rules, with severities and both titles."""
    expected = [
        (item.code, item.severity.value, item.title, item.title_zh) for item in builtin_rules()
    ]

    assert expected == _documented_rules()


def test_every_builtin_rule_has_a_chinese_title() -> None:
    """Each built-in rule has a Chinese title, in Chinese, and no two rules share one."""
    titles = [item.title_zh for item in builtin_rules()]

    assert all(re.search(r"[\u4e00-\u9fff]", title) for title in titles)
    assert len(set(titles)) == len(titles)
