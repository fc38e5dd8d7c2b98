"""Plan files: JSON and YAML round trips, the JSON layout, atomic saves and what loading leaves."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import stat
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given

import cadreplan.io._files
from cadreplan import FieldValueError, Plan, PlanFormatError, load_plan, make_converter, save_plan
from tests.strategies import plan_settings, plans, sample_plan

if TYPE_CHECKING:
    from pathlib import Path

CONVERTER = make_converter()


@pytest.fixture(name="plan")
def _plan() -> Plan:
    return sample_plan()


@pytest.fixture(name="folder", scope="module")
def _folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Module scope: hypothesis runs many examples in one test call.
    return tmp_path_factory.mktemp("plans")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
@plan_settings()
@given(plan=plans())
def test_file_round_trip(folder: Path, suffix: str, plan: Plan) -> None:
    """Any plan saved and loaded again is unchanged, and saving it twice gives the same bytes."""
    path = folder / f"round-trip{suffix}"

    save_plan(plan, path, converter=CONVERTER)
    first = path.read_bytes()
    loaded = load_plan(path, converter=CONVERTER)
    save_plan(loaded, path, converter=CONVERTER)

    assert plan == loaded
    assert first == path.read_bytes()


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml", ".JSON"])
def test_round_trip_by_suffix(plan: Plan, tmp_path: Path, suffix: str) -> None:
    """The suffix, in any case, chooses the format; the default converter is used."""
    path = tmp_path / f"plan{suffix}"

    assert path == save_plan(plan, str(path))
    assert plan == load_plan(str(path))


@pytest.mark.parametrize(
    "name", ["a\x85b", "a\u2028b", "a\u2029b", "tab\there", "cr\rhere", "\x00"]
)
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_control_characters_round_trip(plan: Plan, tmp_path: Path, suffix: str, name: str) -> None:
    """Names with line separators and control characters survive a save and a load."""
    changed = plan.evolve(units=(attrs.evolve(plan.units[0], name=name), *plan.units[1:]))
    path = save_plan(changed, tmp_path / f"plan{suffix}")

    assert name == load_plan(path).units[0].name


# -- the JSON layout ---------------------------------------------------------------------------


def test_json_layout_one_object_per_line(plan: Plan, tmp_path: Path) -> None:
    """Each top-level key is on its own line, and each member of a list on one line of its own."""
    lines = save_plan(plan, tmp_path / "plan.json").read_text(encoding="utf-8").splitlines()
    expected_start = [
        "{",
        '  "format_version": 1,',
        '  "name": "西藏自治区2024年度干部教育培训计划",',
    ]
    cadre_lines = lines[lines.index('  "cadres": [') + 1 : lines.index('  "cadres": [') + 5]

    assert expected_start == lines[:3]
    assert "}" == lines[-1]
    assert [cadre.id for cadre in plan.cadres] == [
        json.loads(line.strip().rstrip(","))["id"] for line in cadre_lines
    ]
    assert '  "institutions": [' in lines
    assert '  "action_plans": [' in lines
    assert '  "themes": [' in lines


def test_json_empty_collections_inline(tmp_path: Path) -> None:
    """Empty lists are written inline as ``[]``."""
    empty = Plan(name="", period=sample_plan().period)

    text = save_plan(empty, tmp_path / "plan.json").read_text(encoding="utf-8")

    assert '  "cadres": [],\n' in text
    assert text.endswith('  "assignments": []\n}\n')


def test_json_keeps_chinese_readable(plan: Plan, tmp_path: Path) -> None:
    """Non-ASCII text is written as UTF-8, not as escapes."""
    text = save_plan(plan, tmp_path / "plan.json").read_text(encoding="utf-8")

    assert "拉萨市" in text
    assert "\\u" not in text


# -- formats and suffixes ----------------------------------------------------------------------


@pytest.mark.parametrize("action", ["save", "load"])
def test_unknown_suffix(plan: Plan, tmp_path: Path, action: str) -> None:
    """A file whose suffix says no format is refused, naming the file and the suffixes expected."""
    path = tmp_path / "plan.toml"
    path.write_text("", encoding="utf-8")
    expected = (
        f"cannot tell the format of {str(path)!r} from its suffix: expected .json, .yaml or .yml"
    )

    call = save_plan if action == "save" else lambda _plan, path: load_plan(path)

    with pytest.raises(ValueError) as raised:  # noqa: PT011 - the message is checked below
        call(plan, path)

    assert expected == str(raised.value)
    assert [path] == list(tmp_path.iterdir())


@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_explicit_format(plan: Plan, tmp_path: Path, kind: str) -> None:
    """``format=`` overrides the suffix when saving and loading."""
    path = tmp_path / "plan.txt"

    save_plan(plan, path, format=kind)  # type: ignore[arg-type]

    assert plan == load_plan(path, format=kind)  # type: ignore[arg-type]


def test_explicit_format_is_used_even_with_a_suffix(plan: Plan, tmp_path: Path) -> None:
    """A YAML file named ``.json`` is read as YAML when told so, and fails as JSON otherwise."""
    path = save_plan(plan, tmp_path / "plan.json", format="yaml")

    assert plan == load_plan(path, format="yaml")
    with pytest.raises(PlanFormatError, match="not valid JSON at line 1, column 1"):
        load_plan(path)


def test_unknown_format_value(plan: Plan, tmp_path: Path) -> None:
    """A format other than json or yaml is refused, naming the argument."""
    with pytest.raises(
        FieldValueError, match=r"^'format' must be 'json' or 'yaml' \(got 'toml'\)$"
    ):
        save_plan(plan, tmp_path / "plan.json", format="toml")  # type: ignore[arg-type]


def test_yaml_bare_dates_load(plan: Plan, tmp_path: Path) -> None:
    """Dates written without quotes in YAML (read as dates by YAML) are accepted."""
    path = save_plan(plan, tmp_path / "plan.yaml")
    text = path.read_text(encoding="utf-8")
    bare = text.replace("'2024-03-04'", "2024-03-04").replace("'2024-12-31'", "2024-12-31")
    assert bare != text
    path.write_text(bare, encoding="utf-8")

    assert plan == load_plan(path)


def test_yaml_bare_datetime_is_rejected(plan: Plan, tmp_path: Path) -> None:
    """A date and time written without quotes in YAML is not a date."""
    path = save_plan(plan, tmp_path / "plan.yaml")
    text = path.read_text(encoding="utf-8").replace("'2024-03-04'", "2024-03-04 09:00:00", 1)
    path.write_text(text, encoding="utf-8")
    expected = [
        (
            "$.sessions[0].start_on",
            "expected a date as YYYY-MM-DD (got datetime.datetime(2024, 3, 4, 9, 0))",
        )
    ]

    with pytest.raises(PlanFormatError) as raised:
        load_plan(path)

    assert expected == [(p.path, p.message) for p in raised.value.problems]


def test_yaml_unquoted_number_for_an_id(plan: Plan, tmp_path: Path) -> None:
    """An id that YAML reads as a number is reported, not turned into a string."""
    path = save_plan(plan, tmp_path / "plan.yaml")
    text = path.read_text(encoding="utf-8").replace("- id: c4", "- id: 404", 1)
    path.write_text(text, encoding="utf-8")

    with pytest.raises(PlanFormatError) as raised:
        load_plan(path)

    expected = ("$.cadres[3].id", "expected a string (got 404)")
    assert expected == (raised.value.problems[0].path, raised.value.problems[0].message)


# -- loading leaves the file alone ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_load_does_not_touch_the_file(plan: Plan, tmp_path: Path, suffix: str) -> None:
    """Loading, successful or not, changes neither the bytes nor the modification time."""
    good = save_plan(plan, tmp_path / f"good{suffix}")
    bad = tmp_path / f"bad{suffix}"
    bad.write_text('{"name": 1}', encoding="utf-8")
    for path in (good, bad):
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (good, bad)}

    load_plan(good)
    with pytest.raises(PlanFormatError):
        load_plan(bad)

    assert before == {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in (good, bad)}
    assert sorted([good, bad]) == sorted(tmp_path.iterdir())


def test_load_missing_file(tmp_path: Path) -> None:
    """A file that does not exist is an ``OSError``, not a format error."""
    with pytest.raises(FileNotFoundError):
        load_plan(tmp_path / "missing.json")


# -- atomic saves and file modes ----------------------------------------------------------------


@pytest.fixture(name="existing")
def _existing(plan: Plan, tmp_path: Path) -> Path:
    return save_plan(plan.evolve(name="old"), tmp_path / "plan.json")


def _write_half_then_fail(_data: dict[str, Any], stream: Any) -> None:
    stream.write('{\n  "format_version": 1,\n  "na')
    msg = "disk full"
    raise OSError(msg)


def _fail_fsync(_descriptor: int) -> None:
    msg = "fsync failed"
    raise OSError(msg)


def _interrupt(*_args: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("patch", "error"),
    [
        ((cadreplan.io._files, "_write_json", _write_half_then_fail), OSError),
        ((os, "fsync", _fail_fsync), OSError),
        ((cadreplan.io._files, "_write_json", _interrupt), KeyboardInterrupt),
    ],
    ids=["write", "fsync", "interrupt"],
)
def test_failed_save_keeps_the_old_file(
    plan: Plan,
    existing: Path,
    monkeypatch: pytest.MonkeyPatch,
    patch: tuple[object, str, Any],
    error: type[BaseException],
) -> None:
    """A save that fails midway leaves the previous file intact and no temporary file behind."""
    before = existing.read_bytes()
    monkeypatch.setattr(*patch)

    with pytest.raises(error):
        save_plan(plan, existing)

    assert before == existing.read_bytes()
    assert [existing] == list(existing.parent.iterdir())


def test_failed_yaml_save_keeps_the_old_file(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A YAML dump that fails leaves the previous YAML file intact and nothing else."""
    import yaml  # noqa: PLC0415 - the optional dependency, as the library imports it

    path = save_plan(plan.evolve(name="old"), tmp_path / "plan.yaml")
    before = path.read_bytes()

    def broken_dump(*_args: object, **_kwargs: object) -> None:
        raise yaml.representer.RepresenterError("cannot represent")

    monkeypatch.setattr(yaml, "dump", broken_dump)

    with pytest.raises(yaml.YAMLError):
        save_plan(plan, path)

    assert before == path.read_bytes()
    assert [path] == list(tmp_path.iterdir())


def test_save_into_missing_folder(plan: Plan, tmp_path: Path) -> None:
    """Saving into a folder that does not exist fails and creates nothing."""
    with pytest.raises(FileNotFoundError):
        save_plan(plan, tmp_path / "missing" / "plan.json")

    assert [] == list(tmp_path.iterdir())


def test_new_file_mode(plan: Plan, tmp_path: Path) -> None:
    """A new plan file is readable by all and writable by its owner (0644), whatever the umask."""
    old_umask = os.umask(0o077)
    try:
        path = save_plan(plan, tmp_path / "plan.json")
    finally:
        os.umask(old_umask)

    expected = 0o644
    assert expected == _mode(path)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_existing_file_mode_is_kept(plan: Plan, existing: Path, mode: int) -> None:
    """Saving over a file keeps that file's permissions."""
    existing.chmod(mode)

    save_plan(plan, existing)

    assert mode == _mode(existing)
    assert plan == load_plan(existing)


def test_save_replaces_the_content(plan: Plan, existing: Path) -> None:
    """A successful save replaces the old plan entirely and leaves no temporary file."""
    save_plan(plan, existing)

    assert plan == load_plan(existing)
    assert [existing] == list(existing.parent.iterdir())


def test_saved_dates_are_iso(plan: Plan, tmp_path: Path) -> None:
    """Dates are written as ISO 8601 calendar dates in both formats."""
    json_text = save_plan(plan, tmp_path / "plan.json").read_text(encoding="utf-8")
    yaml_text = save_plan(plan, tmp_path / "plan.yaml").read_text(encoding="utf-8")

    assert '"start_on": "2024-03-04"' in json_text
    assert "start_on: '2024-03-04'" in yaml_text
    assert dt.date(2024, 3, 4) == load_plan(tmp_path / "plan.yaml").sessions[0].start_on


# -- the garbage collector ---------------------------------------------------------------------


def test_load_leaves_the_garbage_collector_alone(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cyclic collector stays on while a plan is read: only ``paused_gc`` pauses it."""
    path = save_plan(plan, tmp_path / "plan.json")
    seen: list[bool] = []

    def structure(*args: Any, **kwargs: Any) -> Plan:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    real = cadreplan.io._files.structure_plan
    monkeypatch.setattr(cadreplan.io._files, "structure_plan", structure)

    assert plan == load_plan(path)
    assert [True] == seen
    assert gc.isenabled()


def test_save_leaves_the_garbage_collector_alone(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing a plan keeps the cyclic collector on: pausing it gained only 7% at 140k."""
    seen: list[bool] = []

    def write(data: dict[str, Any], stream: Any) -> None:
        seen.append(gc.isenabled())
        real(data, stream)

    real = cadreplan.io._files._write_json
    monkeypatch.setattr(cadreplan.io._files, "_write_json", write)

    save_plan(plan, tmp_path / "plan.json")

    assert [True] == seen
    assert gc.isenabled()


def test_garbage_collector_is_enabled_again_after_a_failed_load(tmp_path: Path) -> None:
    """A load that fails leaves the cyclic collector enabled."""
    path = tmp_path / "plan.json"
    path.write_text('{"name": 1}', encoding="utf-8")

    with pytest.raises(PlanFormatError):
        load_plan(path)

    assert gc.isenabled()


def test_garbage_collector_is_enabled_again_after_a_failed_save(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that fails leaves the cyclic collector enabled."""
    monkeypatch.setattr(cadreplan.io._files, "_write_json", _write_half_then_fail)

    with pytest.raises(OSError, match="disk full"):
        save_plan(plan, tmp_path / "plan.json")

    assert gc.isenabled()


def test_garbage_collector_left_off_if_it_was_off(plan: Plan, tmp_path: Path) -> None:
    """A load or save never enables a collector that the caller disabled."""
    gc.disable()
    try:
        load_plan(save_plan(plan, tmp_path / "plan.json"))
        expected = False
        actual = gc.isenabled()
    finally:
        gc.enable()

    assert expected == actual
