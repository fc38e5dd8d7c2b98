"""The strict converter: plain data to plans and back, and the problems it reports."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import re
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import (
    FORMAT_VERSION,
    Audience,
    CadreplanError,
    Plan,
    PlanFormatError,
    Problem,
    load_plan,
    make_converter,
    structure_plan,
    unstructure_plan,
)
from cadreplan.io import format_duration, parse_duration
from tests.strategies import durations, plan_settings, plans, sample_plan

if TYPE_CHECKING:
    from pathlib import Path

CONVERTER = make_converter()
"""One converter for the properties: building one per call would dominate their run time."""


@pytest.fixture(name="plan")
def _plan() -> Plan:
    return sample_plan()


@pytest.fixture(name="document")
def _document(plan: Plan) -> dict[str, Any]:
    return json.loads(json.dumps(unstructure_plan(plan)))


# -- round trips and the unstructured form ---------------------------------------------


@plan_settings()
@given(plans())
def test_plain_data_round_trip(plan: Plan) -> None:
    """Any valid plan survives unstructure → JSON text → structure unchanged."""
    text = json.dumps(unstructure_plan(plan, converter=CONVERTER))

    assert plan == structure_plan(json.loads(text), converter=CONVERTER)


def test_round_trip_with_default_converter(plan: Plan) -> None:
    """Without a converter argument, each call makes its own and the round trip holds."""
    assert plan == structure_plan(unstructure_plan(plan))


def test_unstructured_keys_are_format_version_then_plan_fields(plan: Plan) -> None:
    """The plain form starts with the format version and spells out every plan field in order."""
    expected = ["format_version", *(field.name for field in attrs.fields(Plan) if field.init)]

    assert expected == list(unstructure_plan(plan))


def test_unstructured_plan_spells_out_empty_collections() -> None:
    """Empty collections and default vocabularies are written, not omitted."""
    empty = Plan(name="", period=sample_plan().period)

    data = unstructure_plan(empty)

    expected = ([], "national_dispatch")

    assert expected == (data["cadres"], data["tiers"][0]["code"])


def test_unstructured_nested_objects_omit_defaults(document: dict[str, Any]) -> None:
    """Nested objects leave out fields at their defaults (a root unit has no parent key)."""
    expected = {"id": "XZ", "name": "西藏自治区", "kind": "region", "altitude_m": 3650}

    assert expected == document["units"][0]


def test_unstructured_values_are_plain(document: dict[str, Any]) -> None:
    """Dates are ISO strings, durations ISO 8601, enums their values, sets sorted lists."""
    program = document["programs"][1]
    requirement = document["requirements"][1]
    expected = {
        "date": "2024-03-04",
        "durations": ["P1Y", "P1Y"],
        "enum": "hybrid",
        "set of codes": ["common_language", "rural_governance"],
        "set of enums": ["case_teaching", "tabletop_exercise"],
        "tuple": ["LS"],
    }

    assert expected == {
        "date": document["sessions"][0]["start_on"],
        "durations": [requirement["cycle"], requirement["grace"]],
        "enum": program["delivery"],
        "set of codes": program["themes"],
        "set of enums": program["methods"],
        "tuple": program["co_organizers"],
    }


def test_format_version_is_optional(document: dict[str, Any], plan: Plan) -> None:
    """A mapping without ``format_version`` is read as the current version."""
    del document["format_version"]

    assert plan == structure_plan(document)


def test_structure_does_not_modify_its_input(document: dict[str, Any]) -> None:
    """Structuring leaves the caller's mapping as it was."""
    before = copy.deepcopy(document)

    structure_plan(document)

    assert before == document


def test_converters_are_independent(plan: Plan) -> None:
    """A hook registered on one converter changes neither a new one nor the default."""
    custom = make_converter()
    custom.register_unstructure_hook(dt.date, lambda day: day.strftime("%d.%m.%Y"))
    expected = {"start_on": "01.01.2024", "end_on": "31.12.2024"}
    standard = {"start_on": "2024-01-01", "end_on": "2024-12-31"}

    assert expected == unstructure_plan(plan, converter=custom)["period"]
    assert standard == make_converter().unstructure(plan.period)
    assert standard == unstructure_plan(plan)["period"]


def test_structure_with_custom_converter(document: dict[str, Any]) -> None:
    """``structure_plan`` uses the converter it is given."""
    custom = make_converter()
    custom.register_structure_hook(Audience, lambda _value, _type: Audience(tags={"custom"}))

    plan = structure_plan(document, converter=custom)

    assert frozenset({"custom"}) == plan.programs[1].audience.tags


def test_converter_structures_single_objects() -> None:
    """The converter is strict for single objects too (no string turned into a set)."""
    converter = make_converter()

    assert Audience(categories={"village_cadre"}) == converter.structure(
        {"categories": ["village_cadre"]}, Audience
    )
    with pytest.raises(Exception, match="While structuring Audience"):
        converter.structure({"categories": "village_cadre"}, Audience)


# -- durations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P5Y", relativedelta(years=5)),
        ("P6M", relativedelta(months=6)),
        ("P90D", relativedelta(days=90)),
        ("P2W", relativedelta(days=14)),
        ("P1W3D", relativedelta(days=10)),
        ("P1Y6M", relativedelta(years=1, months=6)),
        ("P18M", relativedelta(years=1, months=6)),
        ("P1Y2M3W4D", relativedelta(years=1, months=2, days=25)),
        ("P0D", relativedelta()),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_parse_duration(text: str, expected: relativedelta) -> None:
    """ISO 8601 durations of years, months, weeks and days parse to a relativedelta."""
    assert expected == parse_duration(text)


@pytest.mark.parametrize(
    "text", ["", "P", "5 years", "P1H", "PT1H", "p1y", "P-1Y", "P1.5Y", "1Y", "P1D1Y", " P1Y"]
)
def test_parse_duration_rejects(text: str) -> None:
    """Anything but ``P[nY][nM][nW][nD]`` with at least one part is rejected with an example."""
    expected = f"expected an ISO 8601 duration such as 'P1Y', 'P6M' or 'P90D' (got {text!r})"

    with pytest.raises(ValueError, match="duration") as raised:
        parse_duration(text)

    assert expected == str(raised.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (relativedelta(years=5), "P5Y"),
        (relativedelta(days=14), "P14D"),
        (relativedelta(years=1, months=6, days=3), "P1Y6M3D"),
        (relativedelta(months=18), "P1Y6M"),
        (relativedelta(), "P0D"),
    ],
)
def test_format_duration(value: relativedelta, expected: str) -> None:
    """Durations are written in years, months and days, zero parts left out."""
    assert expected == format_duration(value)


@given(durations())
def test_duration_round_trip(value: relativedelta) -> None:
    """Parsing a formatted duration gives the duration back."""
    assert value == parse_duration(format_duration(value))


@given(st.integers(0, 99), st.integers(0, 11), st.integers(0, 999))
def test_canonical_duration_text_round_trip(years: int, months: int, days: int) -> None:
    """Formatting a parsed canonical duration gives the text back."""
    parts = [(years, "Y"), (months, "M"), (days, "D")]
    text = "P" + ("".join(f"{n}{unit}" for n, unit in parts if n) or "0D")

    assert text == format_duration(parse_duration(text))


# -- malformed plans ----------------------------------------------------------------------

DELETE = object()
"""Marks a key to remove in an edit of the sample document."""

_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


def _edit(document: Any, path: str, value: object) -> None:
    """Set (or delete) the value at a path such as ``$.sessions[0].capacity``."""
    steps: list[str | int] = [
        key if key else int(index) for key, index in _STEP.findall(path.removeprefix("$"))
    ]
    *parents, last = steps
    for step in parents:
        document = document[step]
    if value is DELETE:
        del document[last]
    elif isinstance(document, list) and last == len(document):
        document.append(value)
    else:
        document[last] = value


@attrs.frozen
class Raw:
    """A whole file's text, for cases that are not edits of the sample document."""

    text: str
    suffix: str = ".json"


_KINDS = (
    "'region', 'prefecture', 'county', 'township', 'village', 'department', 'enterprise', "
    "'public_institution', 'temple_committee', 'organization'"
)
_METHODS = (
    "'lecture', 'case_teaching', 'scenario_simulation', 'tabletop_exercise', "
    "'after_action_review', 'field_visit', 'seminar'"
)

MALFORMED = [
    pytest.param(
        {"$.sesions": []},
        [("$.sesions", "unknown key 'sesions'; did you mean 'sessions'?")],
        id="unknown-top-level-key-with-suggestion",
    ),
    pytest.param(
        {"$.colour": "red"},
        [("$.colour", "unknown key 'colour'")],
        id="unknown-top-level-key-without-suggestion",
    ),
    pytest.param(
        {"$.sessions[1].capcity": 3},
        [("$.sessions[1].capcity", "unknown key 'capcity'; did you mean 'capacity'?")],
        id="unknown-nested-key",
    ),
    pytest.param(
        {"$.programs[1].audience.min_agee": 30},
        [("$.programs[1].audience.min_agee", "unknown key 'min_agee'; did you mean 'min_age'?")],
        id="unknown-key-two-levels-down",
    ),
    pytest.param(
        {"$.sessions[0].capacity": "forty"},
        [("$.sessions[0].capacity", "expected an integer (got 'forty')")],
        id="word-for-int",
    ),
    pytest.param(
        {"$.sessions[0].capacity": "7"},
        [("$.sessions[0].capacity", "expected an integer (got '7')")],
        id="numeric-string-for-int",
    ),
    pytest.param(
        {"$.sessions[0].capacity": True},
        [("$.sessions[0].capacity", "expected an integer (got True)")],
        id="bool-for-int",
    ),
    pytest.param(
        {"$.sessions[0].capacity": 7.5},
        [("$.sessions[0].capacity", "expected an integer (got 7.5)")],
        id="float-for-int",
    ),
    pytest.param(
        {"$.sessions[0].capacity": "x" * 100},
        [("$.sessions[0].capacity", f"expected an integer (got '{'x' * 56}...)")],
        id="long-value-shortened",
    ),
    pytest.param(
        {"$.programs[0].hours": "80"},
        [("$.programs[0].hours", "expected a number (got '80')")],
        id="string-for-number",
    ),
    pytest.param(
        {"$.programs[0].hours": float("nan")},
        [("$.programs[0].hours", "'hours' must be finite (got nan)")],
        id="nan-for-number",
    ),
    pytest.param(
        {"$.units[4].tags": "abc"},
        [("$.units[4].tags", "expected a list (got 'abc')")],
        id="string-for-list",
    ),
    pytest.param(
        {"$.tiers[6].is_backstop": "yes"},
        [("$.tiers[6].is_backstop", "expected true or false (got 'yes')")],
        id="string-for-bool",
    ),
    pytest.param(
        {"$.name": 2024},
        [("$.name", "expected a string (got 2024)")],
        id="number-for-string",
    ),
    pytest.param(
        {"$.sessions[0]": 5},
        [("$.sessions[0]", "expected an object (got 5)")],
        id="number-for-object",
    ),
    pytest.param(
        {"$.units[0].kind": "planet"},
        [("$.units[0].kind", f"expected one of {_KINDS} (got 'planet')")],
        id="bad-enum-value",
    ),
    pytest.param(
        {"$.programs[1].methods": ["lecture", "chalk_talk"]},
        [("$.programs[1].methods[1]", f"expected one of {_METHODS} (got 'chalk_talk')")],
        id="bad-enum-value-in-a-set",
    ),
    pytest.param(
        {"$.sessions[0].start_on": "2024-02-30"},
        [
            (
                "$.sessions[0].start_on",
                "expected a real date (got '2024-02-30': day is out of range for month)",
            )
        ],
        id="impossible-date",
    ),
    pytest.param(
        {"$.sessions[0].start_on": "04/03/2024"},
        [("$.sessions[0].start_on", "expected a date as YYYY-MM-DD (got '04/03/2024')")],
        id="wrong-date-format",
    ),
    pytest.param(
        {"$.sessions[0].start_on": "2024-03-04T09:00:00"},
        [("$.sessions[0].start_on", "expected a date as YYYY-MM-DD (got '2024-03-04T09:00:00')")],
        id="datetime-for-date",
    ),
    pytest.param(
        {"$.period.end_on": "2023-12-31"},
        [("$.period.end_on", "'end_on' must not be before 'start_on' (2023-12-31 < 2024-01-01)")],
        id="period-ends-before-it-starts",
    ),
    pytest.param(
        {"$.sessions[0].capacity": -5},
        [("$.sessions[0].capacity", "'capacity' must be >= 1 (got -5)")],
        id="negative-capacity",
    ),
    pytest.param(
        {"$.cadres[0].potential": 6},
        [("$.cadres[0].potential", "'potential' must be <= 5 (got 6)")],
        id="potential-above-5",
    ),
    pytest.param(
        {"$.cadres[0].potential": 0},
        [("$.cadres[0].potential", "'potential' must be >= 1 (got 0)")],
        id="potential-below-1",
    ),
    pytest.param(
        {"$.cadres[0].id_number": "540102198506150016"},
        [("$.cadres[0].id_number", "'id_number' has a wrong check character (540*************16)")],
        id="id-number-check-character",
    ),
    pytest.param(
        {"$.cadres[0].id_number": "5401021985"},
        [("$.cadres[0].id_number", "'id_number' must be 17 digits and a digit or X (540*****85)")],
        id="id-number-too-short",
    ),
    pytest.param(
        {"$.units[0].id": " XZ"},
        [("$.units[0].id", "'id' must be a non-empty id without surrounding spaces (got ' XZ')")],
        id="id-with-surrounding-space",
    ),
    pytest.param(
        {"$.requirements[0].cycle": "5 years"},
        [
            (
                "$.requirements[0].cycle",
                "expected an ISO 8601 duration such as 'P1Y', 'P6M' or 'P90D' (got '5 years')",
            )
        ],
        id="duration-in-words",
    ),
    pytest.param(
        {"$.requirements[0].cycle": 5},
        [
            (
                "$.requirements[0].cycle",
                "expected an ISO 8601 duration string such as 'P1Y' (got 5)",
            )
        ],
        id="number-for-duration",
    ),
    pytest.param(
        {"$.requirements[0].grace": "P0D"},
        [("$.requirements[0].grace", "'grace' must be a positive duration (got relativedelta())")],
        id="zero-duration",
    ),
    pytest.param(
        {"$.requirements[0].hours": DELETE, "$.requirements[0].days": DELETE},
        [("$.requirements[0]", "at least one of 'hours', 'days' and 'sessions' must be set")],
        id="requirement-without-amount",
    ),
    pytest.param(
        {"$.requirements[1].anchor_on": DELETE},
        [("$.requirements[1]", "'anchor_on' must be set exactly when 'basis' is 'fixed'")],
        id="fixed-requirement-without-anchor",
    ),
    pytest.param(
        {"$.programs[1].audience": {"min_age": 50, "max_age": 40}},
        [("$.programs[1].audience.max_age", "'max_age' must be >= 'min_age' (got 40 < 50)")],
        id="ages-inverted",
    ),
    pytest.param(
        {"$.seat_quotas[0].program": "P-cty"},
        [("$.seat_quotas[0]", "exactly one of 'session' and 'program' must be set")],
        id="seat-quota-with-two-targets",
    ),
    pytest.param(
        {"$.sessions[0].capacity": DELETE},
        [("$.sessions[0].capacity", "required key is missing")],
        id="missing-nested-key",
    ),
    pytest.param(
        {"$.period": DELETE},
        [("$.period", "required key is missing")],
        id="missing-top-level-key",
    ),
    pytest.param(
        Raw("[1, 2]"),
        [("$", "expected a plan object at the top level (got a list)")],
        id="top-level-list",
    ),
    pytest.param(
        Raw('"a plan"'),
        [("$", "expected a plan object at the top level (got a string)")],
        id="top-level-string",
    ),
    pytest.param(
        Raw("", suffix=".yaml"),
        [("$", "expected a plan object at the top level (got an empty document, or null)")],
        id="empty-yaml-file",
    ),
    pytest.param(
        {"$.format_version": 2},
        [("$.format_version", "expected 1 (got 2)")],
        id="newer-format-version",
    ),
    pytest.param(
        {"$.format_version": "1"},
        [("$.format_version", "expected 1 (got '1')")],
        id="format-version-as-string",
    ),
    pytest.param(
        {"$.cadres[0].unit": "nowhere"},
        [("$.cadres[0].unit", "unknown unit 'nowhere'")],
        id="dangling-cadre-unit",
    ),
    pytest.param(
        {"$.sessions[1].program": "P-gone"},
        [("$.sessions[1].program", "unknown program 'P-gone'")],
        id="dangling-session-program",
    ),
    pytest.param(
        {"$.enrollments[0].cadre": "c99"},
        [("$.enrollments[0].cadre", "unknown cadre 'c99'")],
        id="dangling-enrollment-cadre",
    ),
    pytest.param(
        {"$.programs[1].audience.units": ["LS", "nowhere"]},
        [("$.programs[1].audience.units", "unknown unit 'nowhere'")],
        id="dangling-audience-unit",
    ),
    pytest.param(
        {"$.requirements[0].themes": ["astrology"]},
        [("$.requirements[0].themes", "unknown theme 'astrology'")],
        id="dangling-requirement-theme",
    ),
    pytest.param(
        {"$.programs[0].tier": "galactic"},
        [("$.programs[0].tier", "unknown tier 'galactic'")],
        id="unknown-tier",
    ),
    pytest.param(
        {
            "$.cadres[4]": {
                "id": "c1",
                "name": "又一个",
                "unit": "XZ",
                "category": "young_cadre",
                "rank": "staff",
            }
        },
        [("$.cadres[4]", "duplicate id 'c1' (first at $.cadres[0])")],
        id="duplicate-id",
    ),
    pytest.param(
        {"$.units[5].parent": "ORG", "$.units[6].parent": "RKZ"},
        [
            ("$.units[5].parent", "unit 'RKZ' is part of a parent cycle"),
            ("$.units[6].parent", "unit 'ORG' is part of a parent cycle"),
        ],
        id="parent-cycle",
    ),
    pytest.param(
        {"$.units[0].parent": "XZ"},
        [("$.units[0].parent", "unit 'XZ' cannot be its own parent")],
        id="own-parent",
    ),
    pytest.param(
        Raw('{"name": "x",\n "period": }'),
        [("$", "not valid JSON at line 2, column 12: Expecting value")],
        id="invalid-json",
    ),
    pytest.param(
        Raw("name: x\nperiod: [\n", suffix=".yaml"),
        [("$", re.compile(r"not valid YAML at line 3, column 1: .+"))],
        id="invalid-yaml",
    ),
]


@pytest.mark.parametrize(("change", "expected"), MALFORMED)
def test_malformed_plan_file(
    change: dict[str, object] | Raw,
    expected: list[tuple[str, str | re.Pattern[str]]],
    document: dict[str, Any],
    tmp_path: Path,
) -> None:
    """A malformed plan file is rejected with each problem's path and what was wrong."""
    if isinstance(change, Raw):
        path = tmp_path / f"plan{change.suffix}"
        path.write_text(change.text, encoding="utf-8")
    else:
        for where, value in change.items():
            _edit(document, where, value)
        path = tmp_path / "plan.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(PlanFormatError) as raised:
        load_plan(path)

    found = [(problem.path, problem.message) for problem in raised.value.problems]
    assert [where for where, _ in expected] == [where for where, _ in found]
    for (_, message), (_, actual) in zip(expected, found, strict=True):
        if isinstance(message, re.Pattern):
            assert message.fullmatch(actual), actual
        else:
            assert message == actual


def test_all_problems_listed_in_document_order(document: dict[str, Any]) -> None:
    """Several problems in one file are all reported, in the order they appear in it."""
    _edit(document, "$.units[1].kind", "planet")
    _edit(document, "$.cadres[0].potential", 9)
    _edit(document, "$.programs[2].sneaky", 1)
    _edit(document, "$.sessions[0].start_on", "2024-02-30")
    _edit(document, "$.sessions[0].capacity", "forty")
    expected = [
        "$.units[1].kind",
        "$.cadres[0].potential",
        "$.programs[2].sneaky",
        "$.sessions[0].start_on",
        "$.sessions[0].capacity",
    ]

    with pytest.raises(PlanFormatError) as raised:
        structure_plan(document)

    assert expected == [problem.path for problem in raised.value.problems]
    assert str(raised.value).startswith("invalid plan, 5 problems:\n  $.units[1].kind: ")


def test_all_reference_problems_listed(document: dict[str, Any]) -> None:
    """Every dangling reference and duplicate id of a file is reported, not only the first."""
    _edit(document, "$.sessions[4]", {**document["sessions"][0], "id": "S2"})
    _edit(document, "$.cadres[0].unit", "nowhere")
    _edit(document, "$.sessions[1].program", "P-gone")
    expected = [
        ("$.sessions[4]", "duplicate id 'S2' (first at $.sessions[1])"),
        ("$.cadres[0].unit", "unknown unit 'nowhere'"),
        ("$.sessions[1].program", "unknown program 'P-gone'"),
    ]

    with pytest.raises(PlanFormatError) as raised:
        structure_plan(document)

    assert expected == [(problem.path, problem.message) for problem in raised.value.problems]


def test_id_number_check_message_hides_the_number(document: dict[str, Any]) -> None:
    """A wrong check character is reported without showing the id number in full."""
    _edit(document, "$.cadres[0].id_number", "540102198506150016")

    with pytest.raises(PlanFormatError) as raised:
        structure_plan(document)

    assert "540102198506150016" not in str(raised.value)
    assert "540102198506150016" not in repr(raised.value.problems)


def test_id_number_of_wrong_type_is_not_shown(document: dict[str, Any]) -> None:
    """An id number given as a number (as unquoted YAML reads it) is rejected without showing it."""
    _edit(document, "$.cadres[0].id_number", 540102198506150015)

    with pytest.raises(PlanFormatError) as raised:
        structure_plan(document)

    paths = [problem.path for problem in raised.value.problems]
    expected = ["$.cadres[0].id_number"]
    assert expected == paths
    assert "540102198506150015" not in str(raised.value)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param({1: "x"}, ["unknown key 1"], id="int"),
        pytest.param({True: "x"}, ["unknown key True"], id="bool"),
        pytest.param({None: "x"}, ["unknown key None"], id="null"),
        pytest.param(
            {2024: "x", "colour": "y"}, ["unknown key 'colour'", "unknown key 2024"], id="mixed"
        ),
    ],
)
def test_non_string_keys_are_reported(
    extra: dict[object, str], expected: list[str], document: dict[str, Any]
) -> None:
    """Keys that YAML reads as numbers, booleans or null are unknown keys, not a crash."""
    document.update(extra)  # type: ignore[arg-type]

    with pytest.raises(PlanFormatError) as raised:
        structure_plan(document)

    assert sorted(expected) == sorted(problem.message for problem in raised.value.problems)


@pytest.mark.parametrize("vocabulary", ["categories", "ranks", "themes", "institution_kinds"])
def test_duplicate_vocabulary_code_path(vocabulary: str, document: dict[str, Any]) -> None:
    """A code that repeats in a vocabulary is reported at that vocabulary's key in the file."""
    document[vocabulary].append(dict(document[vocabulary][0]))
    code = document[vocabulary][0]["code"]

    with pytest.raises(PlanFormatError) as raised:
        structure_plan(document)

    (problem,) = raised.value.problems
    expected = f"$.{vocabulary}"
    assert expected == problem.path
    assert repr(code) in problem.message
    assert "terms" not in problem.message


def test_duplicate_tier_code_path(document: dict[str, Any]) -> None:
    """A tier code that repeats is reported at ``$.tiers``, the key the file has."""
    document["tiers"].append(dict(document["tiers"][0]))

    with pytest.raises(PlanFormatError) as raised:
        structure_plan(document)

    (problem,) = raised.value.problems
    expected = "$.tiers"
    assert expected == problem.path
    assert "'national_dispatch'" in problem.message


# -- the error itself ---------------------------------------------------------------------


def test_file_name_in_message(document: dict[str, Any], tmp_path: Path) -> None:
    """The message of an error from a file starts with the file's name."""
    _edit(document, "$.sessions[0].capacity", "forty")
    path = tmp_path / "拉萨-plan.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    expected = (
        f"{path}: invalid plan, 1 problem:\n"
        "  $.sessions[0].capacity: expected an integer (got 'forty')"
    )

    with pytest.raises(PlanFormatError) as raised:
        load_plan(path)

    assert expected == str(raised.value)
    assert str(path) == raised.value.source


def test_source_argument_in_message() -> None:
    """``structure_plan(source=...)`` names the source in the message; without it there is none."""
    with pytest.raises(PlanFormatError) as named:
        structure_plan([], source="from-api")
    with pytest.raises(PlanFormatError) as anonymous:
        structure_plan([])

    assert str(named.value).startswith("from-api: invalid plan, 1 problem:")
    assert str(anonymous.value).startswith("invalid plan, 1 problem:")
    assert anonymous.value.source is None


def test_plan_format_error_is_a_value_error() -> None:
    """``PlanFormatError`` is caught by ``except ValueError`` and ``except CadreplanError``."""
    error = PlanFormatError([Problem("$", "broken")])

    assert isinstance(error, ValueError)
    assert isinstance(error, CadreplanError)


def test_plan_format_error_pickles() -> None:
    """A ``PlanFormatError`` survives pickling with its problems, source and message."""
    error = PlanFormatError(
        [Problem("$.a", "first"), Problem("$.b[0]", "second")], source="plan.json"
    )

    copied = pickle.loads(pickle.dumps(error))

    assert (error.problems, error.source, str(error)) == (
        copied.problems,
        copied.source,
        str(copied),
    )


def test_problem_renders_path_and_message() -> None:
    """A problem reads as ``path: message``."""
    expected = "$.sessions[3].capacity: 'capacity' must be > 0 (got -5)"

    assert expected == str(Problem("$.sessions[3].capacity", "'capacity' must be > 0 (got -5)"))


def test_error_without_problems_still_renders() -> None:
    """An error built without problems says so instead of failing."""
    expected = "invalid plan, 0 problems:"

    assert expected == str(PlanFormatError([]))


def test_structure_plan_accepts_any_mapping(document: dict[str, Any], plan: Plan) -> None:
    """A read-only mapping works as well as a dict."""
    from types import MappingProxyType  # noqa: PLC0415 - only this test needs it

    assert plan == structure_plan(MappingProxyType(document))


def test_format_version_constant() -> None:
    """The format version written to files is 1."""
    expected = 1

    assert expected == FORMAT_VERSION
    assert expected == unstructure_plan(sample_plan())["format_version"]
