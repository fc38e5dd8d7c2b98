"""Reading and writing plan files (JSON always, YAML with PyYAML installed)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from cadreplan._support.checks import describe
from cadreplan.errors import (
    FieldTypeError,
    FieldValueError,
    OptionalDependencyError,
    PlanFormatError,
)
from cadreplan.io._converter import checked_integrity, structure_plan, unstructure_plan
from cadreplan.io._text import decode, read_json, surrogate_problems
from cadreplan.model import require_plan

if TYPE_CHECKING:
    from types import ModuleType

    import cattrs

    from cadreplan.model import Plan

__all__ = ["PlanFileFormat", "load_plan", "save_plan"]

PlanFileFormat = Literal["json", "yaml"]
"""The file formats of plans."""

_SUFFIXES: dict[str, PlanFileFormat] = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def _path(value: object) -> Path:
    """Return the path argument as a `Path`, or say what a path must be."""
    if isinstance(value, str | os.PathLike) and not isinstance(value, bytes):
        return Path(value)
    msg = f"'path' must be a str or an os.PathLike path (got {describe(value)})"
    raise FieldTypeError("path", msg)


def _format_of(path: Path, explicit: PlanFileFormat | None) -> PlanFileFormat:
    if explicit is not None:
        if explicit not in ("json", "yaml"):
            msg = f"'format' must be 'json' or 'yaml' (got {describe(explicit)})"
            raise FieldValueError("format", msg)
        return explicit
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        # The command line shows this message too: it names no Python argument.
        msg = (
            f"cannot tell the format of {str(path)!r} from its suffix: "
            "expected .json, .yaml or .yml"
        )
        raise FieldValueError("path", msg) from None


def _yaml_files() -> ModuleType:
    """Return the module that reads and writes YAML, or say which extra it needs."""
    try:
        from cadreplan.io import _yaml  # noqa: PLC0415 - an optional extra, imported on use
    except ImportError:  # pragma: no cover - the test extra installs PyYAML
        msg = "YAML plan files need PyYAML: pip install 'cadreplan[yaml]'"
        raise OptionalDependencyError(msg) from None
    return _yaml


def load_plan(
    path: str | os.PathLike[str],
    /,
    *,
    format: PlanFileFormat | None = None,  # noqa: A002 - the natural name, as in json/pandas
    converter: cattrs.Converter | None = None,
) -> Plan:
    """Read a plan from a JSON or YAML file.

    Without a *converter*, the big collections (units, cadres, sessions,
    enrollments, history) are read by fast paths that fall back to the
    detailed checks at anything unexpected: the same plan, or the same
    problems.

    Args:
        path: The file to read.
        format: ``"json"`` or ``"yaml"``; by default told by the suffix.
        converter: The converter to use; see `make_converter`.

    Raises:
        PlanFormatError: The file is not UTF-8 text, not valid JSON/YAML, or
            not a valid plan; every problem is listed with its path and its
            code (see the plan format reference).
        FieldValueError: The format cannot be told from the file's suffix, or
            *format* is neither ``"json"`` nor ``"yaml"``.
        OSError: The file cannot be read.

    Examples:
        >>> import tempfile, pathlib
        >>> from cadreplan.datasets import demo_region
        >>> plan = demo_region()
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder, "plan.json")
        ...     _ = save_plan(plan, path)
        ...     load_plan(path) == plan
        True
    """
    file = _path(path)
    kind = _format_of(file, format)
    source = str(file)
    text = decode(file.read_bytes(), kind=kind.upper(), source=source)
    data: object
    if kind == "json":
        data = read_json(text, source=source)
    else:
        data = _yaml_files().read(text, source=source)
    return structure_plan(data, converter=converter, source=source)


def _write_json(data: dict[str, Any], stream: IO[str]) -> None:
    # One object per line: readable, diffable, and written by the C encoder.
    stream.write("{\n")
    last = len(data) - 1
    for position, (key, value) in enumerate(data.items()):
        stream.write(f"  {json.dumps(key)}: ")
        if isinstance(value, list) and value:
            stream.write("[\n")
            stream.write(",\n".join(f"    {_compact(item)}" for item in value))
            stream.write("\n  ]")
        else:
            stream.write(_compact(value))
        stream.write(",\n" if position < last else "\n")
    stream.write("}\n")


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), allow_nan=False)
"""The encoder of one line: what ``json.dumps`` with these options builds anew on every call."""


def _compact(value: object) -> str:
    return _COMPACT.encode(value)


def save_plan(
    plan: Plan,
    path: str | os.PathLike[str],
    /,
    *,
    format: PlanFileFormat | None = None,  # noqa: A002 - the natural name, as in json/pandas
    converter: cattrs.Converter | None = None,
) -> Path:
    """Write *plan* to a JSON or YAML file, atomically.

    A plan that `load_plan` would refuse is not written: a save refuses it
    with the problems, paths and codes that loading would give (a dangling
    reference, a duplicate id, a string that is not text) and leaves *path*
    as it was. The plan is written to a hidden temporary file in the same
    folder (``.plan.json.<8 random characters>.tmp`` for ``plan.json``),
    flushed to disk and renamed over *path*: the target is never half
    written, and a failed save leaves any existing file untouched and removes
    its temporary file. Only a process killed during the save can leave that
    temporary file behind. The same plan always gives the same bytes (sets
    are written sorted).

    Args:
        plan: The plan to write.
        path: The file to write; its folder must exist.
        format: ``"json"`` or ``"yaml"``; by default told by the suffix.
        converter: The converter to use; see `make_converter`.

    Returns:
        The path written.

    Raises:
        PlanFormatError: The plan is not one `load_plan` would read back;
            every problem is listed, as loading would list it.
        FieldValueError: The format cannot be told from the file's suffix, or
            *format* is neither ``"json"`` nor ``"yaml"``.
        OSError: The file cannot be written.
    """
    require_plan(plan)
    file = _path(path)
    kind = _format_of(file, format)
    data = unstructure_plan(plan, converter=converter)
    problems = plan.derived(checked_integrity)
    if problems:
        # Loading reads the strings before it checks the references.
        raise PlanFormatError(surrogate_problems(data) or problems, source=str(file))
    yaml = _yaml_files() if kind == "yaml" else None
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{file.name}.", suffix=".tmp", dir=file.parent
    )
    try:
        # mkstemp creates the file private (0600); a plan file gets the usual mode.
        mode = file.stat().st_mode & 0o777 if file.exists() else 0o644
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            if yaml is None:
                _write_json(data, stream)
            else:
                yaml.write(data, stream)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(file)
    except BaseException as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if isinstance(error, UnicodeEncodeError):
            # Cheaper than looking at every string first: only a lone surrogate fails.
            unwritable = surrogate_problems(data)
            if unwritable:
                raise PlanFormatError(unwritable, source=str(file)) from None
        raise
    return file
