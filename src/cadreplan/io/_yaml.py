"""Plan files in YAML, through PyYAML (the ``yaml`` extra); the only module that imports it."""

from __future__ import annotations

from typing import IO, Any

import yaml

from cadreplan.errors import PlanFormatError, Problem

__all__ = ["read", "write"]


def read(text: str, *, source: str) -> object:
    """Return the plain data of YAML *text*, read safely (no tags that build objects).

    Raises:
        PlanFormatError: The text is not valid YAML.
    """
    try:
        # A safe loader: libyaml's when PyYAML has it (its wheels do), many times faster.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as error:
        raise PlanFormatError([Problem("$", f"not valid YAML: {error}")], source=source) from None


def write(data: dict[str, Any], stream: IO[str]) -> None:
    """Write plain *data* to *stream* as YAML, keys in their order, Unicode as is."""
    yaml.dump(data, stream, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)


_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
"""The line breaks besides CR and LF that YAML 1.1 knows: NEL, LS and PS."""


def _dumper() -> type[Any]:
    r"""Return a safe dumper that writes strings with unusual line breaks double-quoted.

    PyYAML writes NEL, LS and PS unescaped into single-quoted strings, where a
    reader folds a NEL into a space; double quotes escape them (``\N``, ``\L``,
    ``\P``) and make them visible. A subclass leaves PyYAML's ``SafeDumper``
    as it was.
    """

    def represent_str(dumper: Any, value: str) -> Any:
        style = '"' if any(char in value for char in _LINE_BREAKS) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    # libyaml's emitter when PyYAML has it (its wheels do): many times faster.
    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class PlanDumper(base):  # type: ignore[misc,valid-type]
        pass

    PlanDumper.add_representer(str, represent_str)
    return PlanDumper


_DUMPER = _dumper()
