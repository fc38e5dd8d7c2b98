"""Saving and loading agree.

`save_plan` refuses what `load_plan` would refuse, with the same problems,
and leaves the target as it was; strings that are not text never crash a save.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cadreplan.io._yaml
from cadreplan import (
    Cadre,
    Enrollment,
    Plan,
    PlanFormatError,
    ProblemCode,
    Unit,
    UnitKind,
    load_plan,
    make_converter,
    save_plan,
    structure_plan,
    unstructure_plan,
)
from tests.strategies import plan_settings, plans, sample_plan

if TYPE_CHECKING:
    from pathlib import Path

SUFFIXES = [".json", ".yaml"]

CONVERTER = make_converter()


def _problems(error: PlanFormatError) -> list[tuple[str, ProblemCode, str]]:
    return [(problem.path, problem.code, problem.message) for problem in error.problems]


def _write_unchecked(plan: Plan, path: Path) -> None:
    """Write *plan* as `save_plan` would, but without its checks: what a save of old wrote."""
    data = unstructure_plan(plan, converter=CONVERTER)
    if path.suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _check_save_agrees_with_load(plan: Plan, folder: Path, suffix: str) -> None:
    """Check that saving *plan* refuses it exactly as loading its file does, touching nothing."""
    unchecked = folder / f"unchecked{suffix}"
    _write_unchecked(plan, unchecked)
    target = folder / f"target{suffix}"
    target.write_bytes(b"old bytes")

    with pytest.raises(PlanFormatError) as loading:
        load_plan(unchecked)
    with pytest.raises(PlanFormatError) as saving:
        save_plan(plan, target)

    assert _problems(loading.value) == _problems(saving.value)
    assert str(saving.value).startswith(f"{target}: invalid plan")
    assert b"old bytes" == target.read_bytes()
    assert sorted([unchecked, target]) == sorted(folder.iterdir())
    unchecked.unlink()


def _dangling(plan: Plan) -> Plan:
    """Return *plan* with a cadre of a unit it does not have (a draft)."""
    ghost = Cadre(id="ghost", name="Ghost", unit="nowhere", category="x", rank="y")
    return plan.evolve(cadres=[*plan.cadres, ghost])


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_dangling_unit_is_refused_by_save_as_by_load(tmp_path: Path, suffix: str) -> None:
    """A cadre whose unit is not in the plan: save gives load's problems and leaves the target."""
    _check_save_agrees_with_load(_dangling(sample_plan()), tmp_path, suffix)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_refused_save_creates_no_file(tmp_path: Path, suffix: str) -> None:
    """Refusing a plan creates neither the target nor a temporary file."""
    with pytest.raises(PlanFormatError) as raised:
        save_plan(_dangling(sample_plan()), tmp_path / f"new{suffix}")

    assert [] == list(tmp_path.iterdir())
    expected = [
        ("$.cadres[4].unit", ProblemCode.UNKNOWN_ID, "unknown unit 'nowhere'"),
        ("$.cadres[4].category", ProblemCode.UNKNOWN_ID, "unknown category 'x'"),
        ("$.cadres[4].rank", ProblemCode.UNKNOWN_ID, "unknown rank 'y'"),
    ]
    assert expected == _problems(raised.value)


def _broken(plan: Plan, data: st.DataObject) -> Plan:
    """Return *plan* broken in one to three ways that only the plan as a whole shows."""
    units, cadres, enrollments = list(plan.units), list(plan.cadres), list(plan.enrollments)
    for _ in range(data.draw(st.integers(1, 3), label="breaks")):
        how = data.draw(
            st.sampled_from(["unit", "duplicate", "cycle", "enrollment", "parent"]), label="how"
        )
        if how == "unit":
            cadres.append(
                Cadre(id=f"g{len(cadres)}", name="", unit="nowhere", category="x", rank="y")
            )
        elif how == "duplicate" and cadres:
            cadres.append(cadres[-1])
        elif how == "cycle":
            first, second = f"a{len(units)}", f"b{len(units)}"
            units += [
                Unit(id=first, name="", kind=UnitKind.COUNTY, parent=second),
                Unit(id=second, name="", kind=UnitKind.COUNTY, parent=first),
            ]
        elif how == "enrollment":
            enrollments.append(Enrollment(cadre="nobody", session="never"))
        elif units:
            units[-1] = attrs.evolve(units[-1], parent="elsewhere")
    return plan.evolve(units=units, cadres=cadres, enrollments=enrollments)


@pytest.mark.parametrize("suffix", SUFFIXES)
@settings(
    plan_settings(),
    suppress_health_check=[
        *plan_settings().suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(plan=plans(), data=st.data())
def test_save_refuses_what_load_refuses(
    tmp_path: Path, suffix: str, plan: Plan, data: st.DataObject
) -> None:
    """Any plan broken across objects is refused by save with load's problems, codes and order."""
    _check_save_agrees_with_load(_broken(plan, data), tmp_path, suffix)


@pytest.mark.parametrize("suffix", SUFFIXES)
@settings(
    plan_settings(),
    suppress_health_check=[
        *plan_settings().suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(plan=plans())
def test_what_save_writes_load_reads(tmp_path: Path, suffix: str, plan: Plan) -> None:
    """A plan that save accepts loads back equal: save and load accept the same plans."""
    path = save_plan(plan, tmp_path / f"plan{suffix}")

    assert plan == load_plan(path)


# -- strings that are not text -------------------------------------------------------------------


LONE = "\ud800"
"""Half of a UTF-16 surrogate pair: a Python string may hold it, UTF-8 cannot."""


def _with_unit_name(plan: Plan, name: str) -> Plan:
    return plan.evolve(units=[attrs.evolve(plan.units[0], name=name), *plan.units[1:]])


@pytest.mark.parametrize(
    "name", [LONE, f"拉萨{LONE}", f"{'x' * 100}\udfff"], ids=["alone", "inside", "late"]
)
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_save_reports_a_lone_surrogate(tmp_path: Path, suffix: str, name: str) -> None:
    """A string with a lone surrogate is a value problem at its path; the old file stays."""
    target = save_plan(sample_plan(), tmp_path / f"plan{suffix}")
    before = target.read_bytes()

    with pytest.raises(PlanFormatError) as raised:
        save_plan(_with_unit_name(sample_plan(), name), target)

    ((path, code, message),) = _problems(raised.value)
    assert ("$.units[0].name", ProblemCode.VALUE) == (path, code)
    assert message.startswith("expected text (got ")
    assert message.endswith("is half of a UTF-16 surrogate pair, not a character)")
    assert before == target.read_bytes()
    assert [target] == list(tmp_path.iterdir())


def test_pure_python_yaml_dumper_refuses_a_lone_surrogate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without libyaml, PyYAML would write the surrogate as an escape; the save refuses it too."""
    monkeypatch.delattr(yaml, "CSafeDumper")
    monkeypatch.setattr(cadreplan.io._yaml, "_DUMPER", cadreplan.io._yaml._dumper())

    with pytest.raises(PlanFormatError) as raised:
        save_plan(_with_unit_name(sample_plan(), LONE), tmp_path / "plan.yaml")

    assert ["$.units[0].name"] == [problem.path for problem in raised.value.problems]
    assert [] == list(tmp_path.iterdir())
    good = save_plan(sample_plan(), tmp_path / "plan.yaml")
    assert sample_plan() == load_plan(good)


@pytest.mark.parametrize(
    ("escaped", "path"),
    [
        ('"name": "\\ud800"', "$.name"),
        ('"name": "ok \\uDBFF"', "$.name"),
        ('"id": "c1"', None),
    ],
)
def test_json_lone_surrogate_refused_at_load(
    tmp_path: Path, escaped: str, path: str | None
) -> None:
    r"""A ``\ud800`` escape in a JSON plan is refused at load with its path: no save can fail."""
    text = save_plan(sample_plan(), tmp_path / "plan.json").read_text(encoding="utf-8")
    if path is None:  # a cadre id, read by the fast path
        text = text.replace('"id": "c1"', '"id": "c\\udc001"', 1)
        path = "$.cadres[0].id"
    else:
        text = text.replace('"name": "西藏自治区2024年度干部教育培训计划"', escaped, 1)
    (tmp_path / "plan.json").write_text(text, encoding="utf-8")

    with pytest.raises(PlanFormatError) as raised:
        load_plan(tmp_path / "plan.json")

    assert [(path, ProblemCode.VALUE)] == [(p.path, p.code) for p in raised.value.problems]


def test_json_surrogate_in_a_key_is_shown_escaped(tmp_path: Path) -> None:
    """A key with a lone surrogate is reported with the surrogate escaped in its path."""
    text = save_plan(sample_plan(), tmp_path / "plan.json").read_text(encoding="utf-8")
    (tmp_path / "plan.json").write_text(text.replace('"name"', '"\\ud800"', 1), encoding="utf-8")

    with pytest.raises(PlanFormatError) as raised:
        load_plan(tmp_path / "plan.json")

    assert ["$.\\ud800"] == [problem.path for problem in raised.value.problems]
    str(raised.value).encode("utf-8")  # printable as it is


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"\\ud83d\\ude00"', "😀"),
        ('"\\\\ud800"', "\\ud800"),
        ('"a \\u00e9"', "a é"),
    ],
    ids=["pair", "escaped-backslash", "latin"],
)
def test_json_escapes_that_are_text_load(tmp_path: Path, text: str, expected: str) -> None:
    """A surrogate pair, an escaped backslash before ``ud800`` and other escapes are text."""
    document = tmp_path / "x.json"
    content = save_plan(sample_plan(), document).read_text(encoding="utf-8")
    document.write_text(
        content.replace('"西藏自治区2024年度干部教育培训计划"', text, 1), encoding="utf-8"
    )

    assert expected == load_plan(document).name


def test_yaml_surrogate_escape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    r"""YAML's ``\ud800`` is a syntax problem for libyaml, a value problem for PyYAML's reader."""
    text = save_plan(sample_plan(), tmp_path / "plan.yaml").read_text(encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(
        text.replace("name: 西藏自治区", 'name: "\\ud800"\nx: 西藏自治区', 1), encoding="utf-8"
    )

    with pytest.raises(PlanFormatError) as libyaml:
        load_plan(path)
    monkeypatch.setattr(cadreplan.io._yaml, "_loader", lambda: yaml.SafeLoader)
    with pytest.raises(PlanFormatError) as python:
        load_plan(path)

    assert [("$", ProblemCode.SYNTAX)] == [(p.path, p.code) for p in libyaml.value.problems]
    assert [("$.name", ProblemCode.VALUE)] == [(p.path, p.code) for p in python.value.problems]


@settings(max_examples=30)
@given(name=st.text(st.characters(exclude_categories=()), max_size=5))
def test_structure_then_save_never_crashes(name: str) -> None:
    """A plan `structure_plan` accepts is saved, or refused by a `PlanFormatError`, never worse."""
    document: dict[str, Any] = unstructure_plan(sample_plan())
    document["name"] = name
    plan = structure_plan(document)
    import tempfile  # noqa: PLC0415 - a folder per example

    with tempfile.TemporaryDirectory() as folder:
        try:
            save_plan(plan, f"{folder}/plan.json")
        except PlanFormatError as error:
            paths = {problem.path for problem in error.problems}
        else:
            paths = set()
            assert plan == load_plan(f"{folder}/plan.json")
    assert paths <= {"$.name"}
