"""Reading and writing plan files (JSON always, YAML with PyYAML installed)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from cadreplan.errors import OptionalDependencyError, PlanFormatError, Problem
from cadreplan.io._converter import structure_plan, unstructure_plan

if TYPE_CHECKING:
    from types import ModuleType

    import cattrs

    from cadreplan.model import Plan

__all__ = ["PlanFileFormat", "load_plan", "save_plan"]

PlanFileFormat = Literal["json", "yaml"]
"""The file formats of plans."""

_SUFFIXES: dict[str, PlanFileFormat] = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def _format_of(path: Path, explicit: PlanFileFormat | None) -> PlanFileFormat:
    if explicit is not None:
        if explicit not in ("json", "yaml"):
            msg = f"format must be 'json' or 'yaml' (got {explicit!r})"
            raise ValueError(msg)
        return explicit
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        msg = (
            f"cannot tell the format of {str(path)!r} from its suffix: "
            "use .json, .yaml or .yml, or pass format="
        )
        raise ValueError(msg) from None


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
        PlanFormatError: The file is not valid JSON/YAML or not a valid plan;
            every problem is listed with its path.
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
    file = Path(path)
    kind = _format_of(file, format)
    source = str(file)
    text = file.read_text(encoding="utf-8")
    data: object
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            where = f"line {error.lineno}, column {error.colno}"
            raise PlanFormatError(
                [Problem("$", f"not valid JSON at {where}: {error.msg}")], source=source
            ) from None
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

    The plan is written to a temporary file in the same folder, flushed to
    disk and renamed over *path*: a failed save leaves any existing file
    untouched and no partial file behind. The same plan always gives the same
    bytes (sets are written sorted).

    Args:
        plan: The plan to write.
        path: The file to write; its folder must exist.
        format: ``"json"`` or ``"yaml"``; by default told by the suffix.
        converter: The converter to use; see `make_converter`.

    Returns:
        The path written.
    """
    file = Path(path)
    kind = _format_of(file, format)
    data = unstructure_plan(plan, converter=converter)
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
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    return file
