"""The JSON Schema of plan files: it accepts what the loader accepts, and its committed copy."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator

from cadreplan import PlanFormatError, make_converter, plan_schema, structure_plan, unstructure_plan
from tests.strategies import plan_settings, plans, sample_plan

if TYPE_CHECKING:
    from cadreplan import Plan

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "plan-schema.json"
CONVERTER = make_converter()


@pytest.fixture(name="validator", scope="module")
def _validator() -> Draft202012Validator:
    return Draft202012Validator(plan_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(name="document")
def _document() -> dict[str, Any]:
    return json.loads(json.dumps(unstructure_plan(sample_plan())))


def _errors(validator: Draft202012Validator, document: object) -> list[str]:
    # The paths that fail, each once: one value can break several keywords of its schema
    # (a date in the wrong format fails both "pattern" and "format").
    return sorted({error.json_path for error in validator.iter_errors(document)})


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The schema itself follows the JSON Schema 2020-12 meta-schema."""
    Draft202012Validator.check_schema(plan_schema())


def test_schema_header() -> None:
    """The schema names its draft, its version in its id, and forbids unknown top-level keys."""
    schema = plan_schema()
    expected = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cadreplan.invalid/schema/plan-1.json",
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "period"],
    }

    assert expected == {key: schema[key] for key in expected}
    assert {"const": 1, "description": "The file format version."} == schema["properties"][
        "format_version"
    ]


def test_committed_schema_is_current() -> None:
    """``docs/reference/plan-schema.json`` is the schema the library generates."""
    expected = json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"

    assert expected == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "docs/reference/plan-schema.json is out of date; regenerate it with\n"
        "  python -c \"import json, cadreplan; open('docs/reference/plan-schema.json', 'w', "
        "encoding='utf-8').write(json.dumps(cadreplan.plan_schema(), indent=2, "
        "ensure_ascii=False) + '\\n')\""
    )


def test_sample_plan_is_valid(validator: Draft202012Validator, document: dict[str, Any]) -> None:
    """The plain form of the sample plan satisfies the schema."""
    assert [] == _errors(validator, document)


@plan_settings()
@given(plans())
def test_generated_plans_are_valid(validator: Draft202012Validator, plan: Plan) -> None:
    """The plain form of any valid plan satisfies the schema."""
    document = json.loads(json.dumps(unstructure_plan(plan, converter=CONVERTER)))

    assert [] == _errors(validator, document)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"sesions": []}, ["$"], id="unknown-top-level-key"),
        pytest.param({("sessions", 0, "capcity"): 3}, ["$.sessions[0]"], id="unknown-nested-key"),
        pytest.param(
            {("sessions", 0, "capacity"): "forty"}, ["$.sessions[0].capacity"], id="string-for-int"
        ),
        pytest.param(
            {("sessions", 0, "capacity"): True}, ["$.sessions[0].capacity"], id="bool-for-int"
        ),
        pytest.param(
            {("sessions", 0, "capacity"): -5}, ["$.sessions[0].capacity"], id="negative-capacity"
        ),
        pytest.param({("cadres", 0, "potential"): 6}, ["$.cadres[0].potential"], id="potential"),
        pytest.param({("units", 4, "tags"): "abc"}, ["$.units[4].tags"], id="string-for-list"),
        pytest.param({("units", 0, "kind"): "planet"}, ["$.units[0].kind"], id="bad-enum"),
        pytest.param(
            {("sessions", 0, "start_on"): "2024-02-30"},
            ["$.sessions[0].start_on"],
            id="impossible-date",
        ),
        pytest.param(
            {("sessions", 0, "start_on"): "04/03/2024"},
            ["$.sessions[0].start_on"],
            id="date-format",
        ),
        pytest.param(
            {("requirements", 0, "cycle"): "5 years"}, ["$.requirements[0].cycle"], id="duration"
        ),
        pytest.param({("units", 0, "id"): " XZ"}, ["$.units[0].id"], id="id-with-space"),
        pytest.param({"format_version": 2}, ["$.format_version"], id="format-version"),
        pytest.param({"period": None}, ["$.period"], id="null-period"),
    ],
)
def test_schema_rejects(
    validator: Draft202012Validator,
    document: dict[str, Any],
    changes: dict[object, object],
    expected: list[str],
) -> None:
    """Wrong types, bounds, enums, dates, durations and unknown keys fail at their path."""
    for where, value in changes.items():
        target: Any = document
        *steps, last = where if isinstance(where, tuple) else (where,)
        for step in steps:
            target = target[step]
        target[last] = value

    assert expected == _errors(validator, document)


def test_schema_requires_required_keys(
    validator: Draft202012Validator, document: dict[str, Any]
) -> None:
    """Removing a required key, at the top or nested, fails the schema."""
    broken = copy.deepcopy(document)
    del broken["period"]
    del broken["sessions"][0]["capacity"]
    expected = ["$", "$.sessions[0]"]

    assert expected == _errors(validator, broken)


def test_schema_rejects_non_objects(validator: Draft202012Validator) -> None:
    """A list or a string at the top level is no plan."""
    expected = (["$"], ["$"])

    assert expected == (_errors(validator, [1, 2]), _errors(validator, "plan"))


@pytest.mark.parametrize(
    "identifier", ["拉萨", "a b", "a\nb", "a\n", " a", "a ", "", "\t"], ids=repr
)
def test_schema_and_loader_agree_on_ids(
    validator: Draft202012Validator, document: dict[str, Any], identifier: str
) -> None:
    """The schema accepts an id exactly when the loader does."""
    document["action_plans"][0]["id"] = identifier
    document["programs"][1]["action_plan"] = identifier
    try:
        structure_plan(document, converter=CONVERTER)
    except PlanFormatError:
        loader_accepts = False
    else:
        loader_accepts = True

    assert loader_accepts == (_errors(validator, document) == [])
