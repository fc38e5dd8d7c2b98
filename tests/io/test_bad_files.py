"""Bad plan files, each a `PlanFormatError` naming the file.

Bytes that are not UTF-8 text, pathological JSON and YAML, and numbers and
strings that Python reads but a plan cannot hold.
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
import sys
import typing
from typing import TYPE_CHECKING, Any

import attrs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadreplan import (
    FieldValueError,
    Plan,
    PlanFormatError,
    ProblemCode,
    Term,
    Tier,
    TierScheme,
    Vocabulary,
    load_plan,
    save_plan,
    structure_plan,
    unstructure_plan,
)
from cadreplan.io._text import LARGEST_INTEGER
from tests.strategies import sample_plan

if TYPE_CHECKING:
    from pathlib import Path

SUFFIXES = [".json", ".yaml"]

LIMIT = sys.get_int_max_str_digits()
"""How many digits Python converts to an integer: 4,300 unless the process changed it."""


@pytest.fixture(name="plan", scope="module")
def _plan() -> Plan:
    return sample_plan()


@pytest.fixture(name="document")
def _document(plan: Plan) -> dict[str, Any]:
    return json.loads(json.dumps(unstructure_plan(plan)))


def _text(document: object, suffix: str) -> str:
    if suffix == ".json":
        return json.dumps(document, ensure_ascii=False, indent=1)
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def _refused(path: Path) -> PlanFormatError:
    """Return the error of loading *path*, checking what every such error says."""
    with pytest.raises(PlanFormatError) as raised:
        load_plan(path)
    error = raised.value
    assert error.problems
    assert str(error).startswith(f"{path}: invalid plan")
    assert all(isinstance(problem.code, ProblemCode) for problem in error.problems)
    return error


def _only(error: PlanFormatError) -> tuple[str, ProblemCode, str]:
    (problem,) = error.problems
    return problem.path, problem.code, problem.message


# -- bytes that are not UTF-8 text ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_latin1_byte_is_placed(plan: Plan, tmp_path: Path, suffix: str) -> None:
    """A byte that is not UTF-8 (Latin-1's é) is reported at its line and column."""
    path = save_plan(plan, tmp_path / f"plan{suffix}")
    text = path.read_text(encoding="utf-8")
    offset = text.index("拉萨市")
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    path.write_bytes(text[:offset].encode() + b"\xe9" + text[offset:].encode())
    expected = (
        "$",
        ProblemCode.NOT_READABLE,
        (
            f"not UTF-8 text at line {line}, column {column}: byte 0xe9 (invalid continuation "
            "byte); expected UTF-8 text: save the file as UTF-8, not Latin-1 or another legacy "
            "encoding"
        ),
    )

    assert expected == _only(_refused(path))


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize(
    ("encoding", "mark", "name"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32"),
        ("utf-32-be", codecs.BOM_UTF32_BE, "UTF-32"),
    ],
)
def test_other_unicode_encodings_with_a_byte_order_mark(  # noqa: PLR0917 - pytest passes them
    plan: Plan, tmp_path: Path, suffix: str, encoding: str, mark: bytes, name: str
) -> None:
    """A UTF-16 or UTF-32 file with a byte-order mark is named for what it is."""
    path = save_plan(plan, tmp_path / f"plan{suffix}")
    path.write_bytes(mark + path.read_text(encoding="utf-8").encode(encoding))
    expected = (
        "$",
        ProblemCode.NOT_READABLE,
        (
            f"not UTF-8 text: the file is {name} (it starts with a {name} byte-order mark); "
            "expected UTF-8 text: save the file as UTF-8"
        ),
    )

    assert expected == _only(_refused(path))


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("ascii_only", [True, False], ids=["ascii", "chinese"])
def test_utf16_without_a_byte_order_mark(
    plan: Plan, tmp_path: Path, suffix: str, encoding: str, *, ascii_only: bool
) -> None:
    """UTF-16 without a byte-order mark is recognised, even when its bytes happen to be UTF-8."""
    path = save_plan(plan, tmp_path / f"plan{suffix}")
    text = '{"name": "x"}\n' if ascii_only else path.read_text(encoding="utf-8")
    path.write_bytes(text.encode(encoding))
    expected = (
        "$",
        ProblemCode.NOT_READABLE,
        (
            "not UTF-8 text: the file looks like UTF-16 without a byte-order mark (every other "
            "byte is 0); expected UTF-8 text: save the file as UTF-8"
        ),
    )

    assert expected == _only(_refused(path))


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(bytes(range(256)) * 8, id="all-bytes"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", id="png"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00", id="zip-or-xlsx"),
        pytest.param(b'{"name": "x"}\x00', id="text-and-a-nul"),
        pytest.param(gzip.compress(b'{"name": "x"}', mtime=0), id="gzip"),
    ],
)
def test_binary_files(tmp_path: Path, suffix: str, content: bytes) -> None:
    """A binary file is said not to be a text plan file, with the text that was expected."""
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(content)
    kind = "JSON" if suffix == ".json" else "YAML"
    expected = (
        "$",
        ProblemCode.NOT_READABLE,
        (
            f"not a text plan file: it holds NUL bytes, as binary files do (expected {kind} "
            "text in UTF-8)"
        ),
    )

    assert expected == _only(_refused(path))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_utf8_byte_order_mark_is_ignored(plan: Plan, tmp_path: Path, suffix: str) -> None:
    """A UTF-8 file that starts with a byte-order mark (as some editors write) loads."""
    path = save_plan(plan, tmp_path / f"plan{suffix}")
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())

    assert plan == load_plan(path)


@pytest.mark.parametrize("suffix", SUFFIXES)
@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300))
def test_any_bytes_load_or_are_refused(tmp_path: Path, suffix: str, content: bytes) -> None:
    """Whatever bytes a file holds, loading it gives a plan or a `PlanFormatError`, nothing else."""
    path = tmp_path / f"any{suffix}"
    path.write_bytes(content)

    try:
        load_plan(path)
    except PlanFormatError as error:
        refused = error
    except Exception as error:  # the point: nothing else escapes
        pytest.fail(f"{type(error).__name__}: {error}")
    else:
        return
    assert refused.problems
    assert str(refused).startswith(f"{path}: ")


@pytest.mark.parametrize("suffix", SUFFIXES)
@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_plan_file_loads_or_is_refused(
    plan: Plan, tmp_path: Path, suffix: str, data: st.DataObject
) -> None:
    """A plan file with a few bytes changed, cut or inserted loads or raises `PlanFormatError`."""
    path = save_plan(plan, tmp_path / f"damaged{suffix}")
    content = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        at = data.draw(st.integers(0, len(content) - 1), label="at")
        how = data.draw(st.sampled_from(["replace", "insert", "cut"]), label="how")
        new = data.draw(st.binary(min_size=1, max_size=3), label="bytes")
        if how == "replace":
            content[at : at + len(new)] = new
        elif how == "insert":
            content[at:at] = new
        else:
            del content[at : at + len(new)]
    path.write_bytes(bytes(content))

    try:
        load_plan(path)
    except PlanFormatError as error:
        refused = error
    except Exception as error:  # the point: nothing else escapes
        pytest.fail(f"{type(error).__name__}: {error}")
    else:
        return
    assert refused.problems


# -- nesting ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nesting_too_deep_at_the_top(tmp_path: Path, depth: int) -> None:
    """JSON nested deeper than the parser follows is a syntax problem placed where it passes 100."""
    path = tmp_path / "deep.json"
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")
    expected = (
        "$",
        ProblemCode.SYNTAX,
        "not valid JSON at line 1, column 101: nests more than 100 levels deep",
    )

    assert expected == _only(_refused(path))


def test_json_nesting_too_deep_in_a_field(document: dict[str, Any], tmp_path: Path) -> None:
    """Deep nesting inside a field is placed at its line and column, brackets in strings ignored."""
    document["name"] = "[[[{{{"
    text = json.dumps(document, ensure_ascii=False, indent=1).replace(
        '"name": "[[[{{{"', '"name": ' + '[{"a": "]]"}, ' * 1 + "[" * 5_000 + "]" * 5_000
    )
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    line = 1 + text[: text.index('"name"')].count("\n")

    (problem,) = _refused(path).problems

    assert ProblemCode.SYNTAX == problem.code
    assert re.fullmatch(
        rf"not valid JSON at line {line}, column \d+: nests more than 100 levels deep",
        problem.message,
    )


@pytest.mark.parametrize("style", ["flow", "block sequence", "block mapping"])
def test_yaml_nesting_too_deep(tmp_path: Path, style: str) -> None:
    """YAML nested deeper than libyaml follows is a syntax problem with its line and column."""
    depth = 5_000
    text = {
        "flow": "name: " + "[" * depth + "]" * depth,
        "block sequence": "name:\n" + "".join(" " * (i + 1) + "-\n" for i in range(depth)),
        "block mapping": "name:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(depth)),
    }[style]
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")

    (problem,) = _refused(path).problems

    assert ProblemCode.SYNTAX == problem.code
    assert re.fullmatch(
        r"not valid YAML at line \d+, column \d+: exceeded maximum nesting depth \(.+\)",
        problem.message,
    )


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_nesting_the_parser_follows_is_a_short_type_problem(
    document: dict[str, Any], tmp_path: Path, suffix: str
) -> None:
    """A structure nested 500 deep where a string goes is a type problem with a short message."""
    nested: list[Any] = []
    for _ in range(500):
        nested = [nested]
    document["name"] = nested
    path = tmp_path / f"deep{suffix}"
    # JSON is YAML too (flow style), and PyYAML's dumper recurses into the nesting.
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    path_, code, message = _only(_refused(path))

    assert ("$.name", ProblemCode.TYPE) == (path_, code)
    assert message.startswith("expected a string (got [[")
    assert len(message) < 100


def test_mapping_nested_deeper_than_the_stack(document: dict[str, Any]) -> None:
    """Data nested 100,000 deep, handed to `structure_plan`, is a type problem, not a crash."""
    nested: list[Any] = []
    for _ in range(100_000):
        nested = [nested]
    document["units"][0]["tags"] = nested

    with pytest.raises(PlanFormatError) as raised:
        structure_plan(document)

    assert ["$.units[0].tags[0]"] == [problem.path for problem in raised.value.problems]
    assert ProblemCode.TYPE == raised.value.problems[0].code


def test_yaml_alias_bomb_is_not_walked(document: dict[str, Any], tmp_path: Path) -> None:
    """A billion-laughs YAML (aliases of aliases) where a string goes is refused, not expanded."""
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    document.pop("name")
    text = _text(document, ".yaml")
    path = tmp_path / "bomb.yaml"
    path.write_text(
        "bombs:\n" + "".join(f"  {line}\n" for line in levels) + "name: *a9\n" + text,
        encoding="utf-8",
    )

    problems = {(p.path, p.code) for p in _refused(path).problems}

    assert {("$.name", ProblemCode.TYPE), ("$.bombs", ProblemCode.UNKNOWN_KEY)} == problems


# -- numbers ---------------------------------------------------------------------------------------


def _number_at(document: dict[str, Any], where: str, digits: str) -> str:
    """Return the JSON text of *document* with the integer *digits* at *where*."""
    marker = "__NUMBER__"
    _set(document, where, marker)
    return json.dumps(document, ensure_ascii=False).replace(f'"{marker}"', digits)


def _set(document: Any, where: str, value: object) -> None:
    steps = [int(step) if step.isdigit() else step for step in re.findall(r"\w+", where)]
    for step in steps[:-1]:
        document = document[step]
    document[steps[-1]] = value


TOO_LONG = [
    "format_version",
    "sessions.0.capacity",
    "programs.0.hours",
    "cadres.1.potential",
    "units.0.colour",
]
"""Where an integer too long for Python is tried: the version, a bulk and a detailed integer,
a number, an optional field and an unknown key."""


def _path(where: str) -> str:
    return "$" + "".join(f"[{step}]" if step.isdigit() else f".{step}" for step in where.split("."))


@pytest.mark.parametrize("where", TOO_LONG)
def test_json_integer_too_long_to_convert(
    document: dict[str, Any], tmp_path: Path, where: str
) -> None:
    """An integer longer than Python converts is a value problem at its path, not a ValueError."""
    path = tmp_path / "long.json"
    path.write_text(_number_at(document, where, "9" * (LIMIT + 700)), encoding="utf-8")
    expected = (
        _path(where),
        ProblemCode.VALUE,
        f"expected a number of at most {LIMIT} digits (got an integer of {LIMIT + 700} digits)",
    )

    assert expected == _only(_refused(path))


@pytest.mark.parametrize("where", TOO_LONG)
def test_yaml_integer_too_long_to_convert(
    document: dict[str, Any], tmp_path: Path, where: str
) -> None:
    """An integer longer than Python converts, in YAML, is placed by path, line and column."""
    marker = "__NUMBER__"
    _set(document, where, marker)
    text = _text(document, ".yaml")
    offset = text.index(marker)
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    path = tmp_path / "long.yaml"
    path.write_text(text.replace(marker, "-" + "9" * (LIMIT + 1)), encoding="utf-8")
    expected = (
        _path(where),
        ProblemCode.VALUE,
        (
            f"expected a number of at most {LIMIT} digits (got an integer of {LIMIT + 1} "
            f"digits) at line {line}, column {column}"
        ),
    )

    assert expected == _only(_refused(path))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "expected 1 (got True)"),
        (False, "expected 1 (got False)"),
        (1.0, "expected 1 (got 1.0)"),
    ],
)
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_format_version_is_the_integer_one(
    document: dict[str, Any], tmp_path: Path, suffix: str, value: object, message: str
) -> None:
    """``true`` and ``1.0`` equal 1 in Python, and are not the format version."""
    document["format_version"] = value
    path = tmp_path / f"plan{suffix}"
    path.write_text(_text(document, suffix), encoding="utf-8")

    assert ("$.format_version", ProblemCode.VERSION, message) == _only(_refused(path))


_NUMBERS = (int, float)


def _numeric(hint: Any) -> type | None:
    """Return ``int`` or ``float`` if the field type *hint* is one (or optional), else ``None``."""
    options = [arg for arg in typing.get_args(hint) if arg is not type(None)] or [hint]
    found = [option for option in options if option in _NUMBERS]
    return found[0] if found else None


def _members(hint: Any) -> Any:
    """Return the attrs class of a field of that class or of a collection of them, or ``None``."""
    if hint is Vocabulary:
        return Term
    if hint is TierScheme:
        return Tier
    options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    if typing.get_origin(hint) in (tuple, frozenset):
        options = [typing.get_args(hint)[0]]
    for option in options or [hint]:
        if attrs.has(option):
            return option
    return None


def _numeric_fields(kind: type[Any], data: Any, path: str) -> list[tuple[str, str, type]]:
    """Return ``(class.field, path, int or float)`` for every number field reachable in *data*."""
    found = []
    hints = typing.get_type_hints(kind)
    for field in attrs.fields(kind):
        if not field.init:
            continue
        hint = hints[field.name]
        number = _numeric(hint)
        if number is not None:
            found.append((f"{kind.__name__}.{field.name}", f"{path}.{field.name}", number))
            continue
        member = _members(hint)
        value = data.get(field.name) if isinstance(data, dict) else None
        if member is None or value is None:
            continue
        if isinstance(value, list):
            for index, item in enumerate(value):
                found.extend(_numeric_fields(member, item, f"{path}.{field.name}[{index}]"))
        else:
            found.extend(_numeric_fields(member, value, f"{path}.{field.name}"))
    return found


def _all_numeric_fields() -> set[str]:
    """Return ``class.field`` for every number field of every class a plan file holds."""
    seen: set[type] = set()
    found: set[str] = set()
    todo: list[type] = [Plan]
    while todo:
        kind = todo.pop()
        if kind in seen:
            continue
        seen.add(kind)
        hints = typing.get_type_hints(kind)
        for field in attrs.fields(kind):
            if not field.init:
                continue
            if _numeric(hints[field.name]) is not None:
                found.add(f"{kind.__name__}.{field.name}")
            elif (member := _members(hints[field.name])) is not None:
                todo.append(member)
    return found


def _first_of_each(document: dict[str, Any]) -> dict[str, tuple[str, type]]:
    """Return one path in *document* for each number field, the first met."""
    first: dict[str, tuple[str, type]] = {}
    for name, path, number in _numeric_fields(Plan, document, "$"):
        first.setdefault(name, (path, number))
    return first


def test_every_number_field_is_tried(document: dict[str, Any]) -> None:
    """The sample document reaches every number field of the format, so the tests below try all."""
    assert _all_numeric_fields() == set(_first_of_each(document))


def _problems_at(document: dict[str, Any], path: str, value: object) -> set[ProblemCode]:
    """Return the codes of the problems at *path* when the value there is *value*."""
    changed = json.loads(json.dumps(document))
    _set(changed, path.removeprefix("$"), value)
    with pytest.raises(PlanFormatError) as raised:
        structure_plan(json.loads(json.dumps(changed)))
    return {problem.code for problem in raised.value.problems if problem.path == path}


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_not_numbers_anywhere(document: dict[str, Any], *, value: bool) -> None:
    """``true`` or ``false`` in any number field, bulk or not, is a type problem at its path."""
    for name, (path, _) in _first_of_each(document).items():
        assert {ProblemCode.TYPE} == _problems_at(document, path, value), name


def test_integers_beyond_json_range_anywhere(document: dict[str, Any]) -> None:
    """An integer beyond 2**53 - 1 in an integer field is a value problem, 10**400 in any number."""
    for name, (path, number) in _first_of_each(document).items():
        too_large = LARGEST_INTEGER + 1 if number is int else 10**400
        codes = _problems_at(document, path, too_large)
        negative = _problems_at(document, path, -too_large)
        assert ProblemCode.VALUE in codes, name
        assert ProblemCode.VALUE in negative, name


def test_integer_bounds_messages(document: dict[str, Any], tmp_path: Path) -> None:
    """The bounds of integers and numbers are stated; 2**53 - 1 itself is a capacity."""
    document["sessions"][0]["capacity"] = LARGEST_INTEGER + 1
    document["programs"][0]["hours"] = 10**400
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    expected = [
        (
            "$.programs[0].hours",
            "expected a number of at most about 1.8e308 (got an integer of 401 digits)",
        ),
        (
            "$.sessions[0].capacity",
            "expected an integer from -9007199254740991 to 9007199254740991 (got 9007199254740992)",
        ),
    ]

    assert expected == [(p.path, p.message) for p in _refused(path).problems]

    document["sessions"][0]["capacity"] = LARGEST_INTEGER
    document["programs"][0]["hours"] = 1e308
    path.write_text(json.dumps(document), encoding="utf-8")
    assert LARGEST_INTEGER == load_plan(path).sessions[0].capacity


def test_huge_integer_where_a_string_goes(document: dict[str, Any]) -> None:
    """An integer too long to print, handed to `structure_plan`, is described by its size."""
    document["name"] = 10 ** (LIMIT + 10)

    with pytest.raises(PlanFormatError) as raised:
        structure_plan(document)

    (problem,) = raised.value.problems
    assert ("$.name", ProblemCode.TYPE) == (problem.path, problem.code)
    assert re.fullmatch(
        r"expected a string \(got an integer of about [\d,]+ digits\)", problem.message
    )


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (
            "sessions.0.start_on",
            "２０２４-03-04",
            "expected a date as YYYY-MM-DD (got '２０２４-03-04')",
        ),
        (
            "requirements.0.cycle",
            "P５Y",
            "expected an ISO 8601 duration such as 'P1Y', 'P6M' or 'P90D' (got 'P５Y')",
        ),
        (
            "requirements.0.cycle",
            "P" + "9" * 5000 + "Y",
            f"expected a duration of at most 100 years (got 'P{'9' * 55}...)",
        ),
    ],
)
def test_digits_are_ascii_and_few(
    document: dict[str, Any], where: str, value: str, message: str
) -> None:
    """Dates and durations take ASCII digits only, as the schema says, and no endless number."""
    _set(document, where, value)

    with pytest.raises(PlanFormatError) as raised:
        structure_plan(document)

    assert [(_path(where), ProblemCode.VALUE, message)] == [
        (p.path, p.code, p.message) for p in raised.value.problems
    ]


# -- YAML that PyYAML reads but cannot build -----------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            "start_on: '2024-03-04'",
            "start_on: 2024-02-30",
            "$.sessions[0].start_on",
            "expected a real date (got '2024-02-30': day is out of range for month)",
        ),
        (
            "start_on: '2024-03-04'",
            "start_on: 2024-03-04 25:00:00",
            "$.sessions[0].start_on",
            "expected a real date (got '2024-03-04 25:00:00': hour must be in 0..23)",
        ),
        (
            "capacity: 2",
            "capacity: !!int two",
            "$.sessions[0].capacity",
            "expected an integer (got 'two')",
        ),
        (
            "hours: 80",
            "hours: !!float eighty",
            "$.programs[0].hours",
            "expected a number (got 'eighty')",
        ),
    ],
    ids=["no-such-day", "no-such-hour", "int-tag", "float-tag"],
)
def test_yaml_scalars_that_cannot_be_built(  # noqa: PLR0917 - pytest passes them
    plan: Plan, tmp_path: Path, old: str, new: str, path: str, message: str
) -> None:
    """An unquoted impossible date or a mistagged number is a value problem, placed."""
    text = save_plan(plan, tmp_path / "plan.yaml").read_text(encoding="utf-8")
    offset = text.index(old) + old.index(":") + 2
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    (tmp_path / "plan.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    expected = (path, ProblemCode.VALUE, f"{message} at line {line}, column {column}")

    assert expected == _only(_refused(tmp_path / "plan.yaml"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nperiod: [\n", "line 3, column 1: did not find expected node content"),
        ("name: b\x01c\n", "line 1, column 8: the character U+0001 is not allowed in YAML"),
        ("a: &x 1\nb: *y\n", "line 2, column 4: found undefined alias"),
        ("a: !!python/object:os.system x\n", "line 1, column 4: could not determine a constructor"),
        ("a: [1, 2]\n  b: 3\n", "line 2, column 3: did not find expected key"),
    ],
    ids=["unclosed", "control-character", "alias", "python-tag", "indentation"],
)
def test_yaml_syntax_is_placed(tmp_path: Path, text: str, message: str) -> None:
    """A YAML syntax problem says its line and column in words, without PyYAML's own layout."""
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")

    ((where, code, actual),) = [_only(_refused(path))]

    assert ("$", ProblemCode.SYNTAX) == (where, code)
    assert actual.startswith(f"not valid YAML at {message}")


# -- messages for people at a terminal as well as in Python -------------------------------------


PYTHON_WORDS = re.compile(
    r"format=|sys\.|set_int_max_str_digits|utf-8-sig|decode using|NoneType|<unicode string>"
    r"|Traceback|\bstr\b|\bint\(\)|base 10"
)
"""What a message shown by the command line must not say: Python's arguments, types and calls."""

BAD_FILES = [
    ("deep.json", "[" * 5_000 + "]" * 5_000),
    ("deep.yaml", "a: " + "[" * 5_000),
    ("long.json", '{"format_version": ' + "1" * (LIMIT + 1) + "}"),
    ("long.yaml", "format_version: " + "1" * (LIMIT + 1)),
    ("bom.json", "\ufeff\ufeff{}"),
    ("surrogate.json", '{"name": "\\udfff"}'),
    ("empty.yaml", ""),
    ("null.json", "null"),
    ("list.json", "[]"),
    ("tagged.yaml", "name: !!int x"),
    ("key.yaml", "? [a, b]\n: 1\n"),
]
"""Small bad files whose every message is checked for Python's words."""


@pytest.mark.parametrize(("name", "text"), BAD_FILES, ids=[name for name, _ in BAD_FILES])
def test_messages_name_no_python(tmp_path: Path, name: str, text: str) -> None:
    """A refused file's message speaks of the file, not of Python's arguments, types or calls."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")

    error = _refused(path)

    assert PYTHON_WORDS.search(str(error)) is None, str(error)


@pytest.mark.parametrize("action", ["load", "save"])
def test_unknown_suffix_names_the_suffixes(plan: Plan, tmp_path: Path, action: str) -> None:
    """A suffix that says no format is a `FieldValueError` naming the suffixes, not an argument."""
    path = tmp_path / "plan.txt"
    path.write_text("{}", encoding="utf-8")

    with pytest.raises(FieldValueError) as raised:
        load_plan(path) if action == "load" else save_plan(plan, path)

    assert "path" == raised.value.field
    assert PYTHON_WORDS.search(str(raised.value)) is None
    assert str(raised.value).endswith("from its suffix: expected .json, .yaml or .yml")
