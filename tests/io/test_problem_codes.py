"""Problem codes: every problem of the loader carries the code of its kind; the docs list them."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import (
    Cadre,
    Plan,
    PlanFormatError,
    Problem,
    ProblemCode,
    Unit,
    UnitKind,
    load_plan,
    save_plan,
    structure_plan,
    unstructure_plan,
)
from cadreplan.io._converter import checked_integrity
from cadreplan.model import integrity_problems
from tests.io.test_converter import MALFORMED, Raw, _edit
from tests.strategies import plan_settings, plans, sample_plan

ROOT = Path(__file__).resolve().parents[2]

C = ProblemCode

CODES_OF_MALFORMED: dict[str, list[ProblemCode]] = {
    "unknown-top-level-key-with-suggestion": [C.UNKNOWN_KEY],
    "unknown-top-level-key-without-suggestion": [C.UNKNOWN_KEY],
    "unknown-nested-key": [C.UNKNOWN_KEY],
    "unknown-key-two-levels-down": [C.UNKNOWN_KEY],
    "word-for-int": [C.TYPE],
    "numeric-string-for-int": [C.TYPE],
    "bool-for-int": [C.TYPE],
    "float-for-int": [C.TYPE],
    "long-value-shortened": [C.TYPE],
    "string-for-number": [C.TYPE],
    "nan-for-number": [C.VALUE],
    "string-for-list": [C.TYPE],
    "string-for-bool": [C.TYPE],
    "number-for-string": [C.TYPE],
    "number-for-object": [C.TYPE],
    "bad-enum-value": [C.VALUE],
    "bad-enum-value-in-a-set": [C.VALUE],
    "impossible-date": [C.VALUE],
    "wrong-date-format": [C.VALUE],
    "datetime-for-date": [C.VALUE],
    "period-ends-before-it-starts": [C.VALUE],
    "negative-capacity": [C.VALUE],
    "potential-above-5": [C.VALUE],
    "potential-below-1": [C.VALUE],
    "id-number-check-character": [C.VALUE],
    "id-number-too-short": [C.VALUE],
    "id-with-surrounding-space": [C.VALUE],
    "duration-in-words": [C.VALUE],
    "number-for-duration": [C.TYPE],
    "zero-duration": [C.VALUE],
    "requirement-without-amount": [C.VALUE],
    "fixed-requirement-without-anchor": [C.VALUE],
    "ages-inverted": [C.VALUE],
    "seat-quota-with-two-targets": [C.VALUE],
    "missing-nested-key": [C.MISSING_KEY],
    "missing-top-level-key": [C.MISSING_KEY],
    "top-level-list": [C.TYPE],
    "top-level-string": [C.TYPE],
    "empty-yaml-file": [C.TYPE],
    "newer-format-version": [C.VERSION],
    "format-version-as-string": [C.VERSION],
    "dangling-cadre-unit": [C.UNKNOWN_ID],
    "dangling-session-program": [C.UNKNOWN_ID],
    "dangling-enrollment-cadre": [C.UNKNOWN_ID],
    "dangling-audience-unit": [C.UNKNOWN_ID],
    "dangling-requirement-theme": [C.UNKNOWN_ID],
    "unknown-tier": [C.UNKNOWN_ID],
    "duplicate-id": [C.DUPLICATE_ID],
    "parent-cycle": [C.UNIT_CYCLE, C.UNIT_CYCLE],
    "own-parent": [C.VALUE],
    "invalid-json": [C.SYNTAX],
    "invalid-yaml": [C.SYNTAX],
}
"""The code of each problem of each malformed file of ``test_converter.MALFORMED``, by case id."""


CHANGES: dict[str | None, Any] = {param.id: param.values[0] for param in MALFORMED}
"""The edit or the text of each malformed file, by case id."""


def test_every_malformed_case_has_its_codes() -> None:
    """Each malformed file of the converter's tests says which codes its problems carry."""
    assert sorted(str(name) for name in CHANGES) == sorted(CODES_OF_MALFORMED)


@pytest.fixture(name="document")
def _document() -> dict[str, Any]:
    return json.loads(json.dumps(unstructure_plan(sample_plan())))


@pytest.mark.parametrize("name", sorted(CODES_OF_MALFORMED))
def test_malformed_file_codes(name: str, document: dict[str, Any], tmp_path: Path) -> None:
    """A malformed plan file's problems carry the code of their kind, not all ``value``."""
    change = CHANGES[name]
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

    assert CODES_OF_MALFORMED[name] == [problem.code for problem in raised.value.problems]


def test_kinds_of_problem_have_distinct_codes() -> None:
    """Not JSON, wrong type, unknown key, unknown id and the other kinds each have a code."""
    kinds = {
        "not_readable": C.NOT_READABLE,
        "syntax": C.SYNTAX,
        "version": C.VERSION,
        "type": C.TYPE,
        "value": C.VALUE,
        "missing_key": C.MISSING_KEY,
        "unknown_key": C.UNKNOWN_KEY,
        "unknown_id": C.UNKNOWN_ID,
        "duplicate_id": C.DUPLICATE_ID,
        "unit_cycle": C.UNIT_CYCLE,
    }

    assert kinds == {code.value: code for code in ProblemCode}


def test_codes_are_plain_strings() -> None:
    """A code compares equal to its value, so it serializes and matches as a string."""
    assert "unknown_id" == ProblemCode.UNKNOWN_ID
    assert '"unknown_id"' == json.dumps(ProblemCode.UNKNOWN_ID)


def test_the_plan_format_page_lists_every_code() -> None:
    """The table of codes in the plan format reference has a row for each code, in order."""
    text = (ROOT / "docs" / "reference" / "plan-format.md").read_text(encoding="utf-8")
    rows = [
        line.split("|")[1].strip().strip("`")
        for line in text.splitlines()
        if line.startswith("| `")
    ]

    assert [code.value for code in ProblemCode] == rows


def _problem_calls(path: Path) -> list[tuple[int, int]]:
    """Return the line and number of arguments of each ``Problem(...)`` call in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, len(node.args) + len(node.keywords))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Problem"
    ]


@pytest.mark.parametrize(
    "module", sorted((ROOT / "src" / "cadreplan" / "io").glob("*.py")), ids=lambda path: path.name
)
def test_every_problem_the_io_layer_makes_names_its_code(module: Path) -> None:
    """No module of the io layer makes a `Problem` without its code (by default ``value``)."""
    assert [] == [line for line, arguments in _problem_calls(module) if arguments < 3]


@plan_settings()
@given(plan=plans(), data=st.data())
def test_integrity_problems_keep_order_paths_and_messages(plan: Plan, data: st.DataObject) -> None:
    """The loader's integrity problems are the model's, each with the code of its kind."""
    broken = _break(plan, data)

    coded = checked_integrity(broken)

    assert [(p.path, p.message) for p in integrity_problems(broken)] == [
        (p.path, p.message) for p in coded
    ]
    for problem in coded:
        expected = (
            C.DUPLICATE_ID
            if problem.message.startswith("duplicate")
            else C.UNIT_CYCLE
            if "cycle" in problem.message
            else C.UNKNOWN_ID
        )
        assert expected == problem.code, problem


def _break(plan: Plan, data: st.DataObject) -> Plan:
    """Return *plan* with a few dangling references, duplicates or parent cycles."""
    units = list(plan.units)
    cadres = list(plan.cadres)
    for _ in range(data.draw(st.integers(0, 3))):
        how = data.draw(
            st.sampled_from(["dangling unit", "duplicate cadre", "cycle", "dangling parent"])
        )
        if how == "dangling unit":
            cadres.append(
                Cadre(id=f"ghost{len(cadres)}", name="", unit="nowhere", category="x", rank="y")
            )
        elif how == "duplicate cadre" and cadres:
            cadres.append(cadres[0])
        elif how == "cycle":
            first, second = f"cy{len(units)}a", f"cy{len(units)}b"
            units += [
                Unit(id=first, name="", kind=UnitKind.COUNTY, parent=second),
                Unit(id=second, name="", kind=UnitKind.COUNTY, parent=first),
            ]
        elif units:
            units[0] = attrs.evolve(units[0], parent="elsewhere")
    return plan.evolve(units=units, cadres=cadres)


def test_a_loaded_plan_is_saved_without_checking_it_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A plan's integrity is worked out once and kept with it: a loaded plan saves unchecked."""
    import cadreplan.io._converter as converter_module  # noqa: PLC0415 - the module patched

    built = sample_plan()
    loaded = structure_plan(unstructure_plan(built))
    calls: list[Plan] = []
    real = converter_module.reference_problems

    def counted(plan: Plan) -> Any:
        calls.append(plan)
        return real(plan)

    monkeypatch.setattr(converter_module, "reference_problems", counted)
    save_plan(loaded, tmp_path / "loaded.json")
    save_plan(built, tmp_path / "built.json")
    save_plan(built, tmp_path / "built.yaml")

    assert [built] == calls


def test_a_problem_takes_its_code_by_value() -> None:
    """A code given by its value, as a calling system stores it, is the code."""
    assert ProblemCode.UNKNOWN_ID is Problem("$.x", "m", "unknown_id").code
    assert ProblemCode.VALUE is Problem("$.x", "m").code
