"""A JSON Schema of the plan file format, generated from the model classes."""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from cadreplan.io._converter import FORMAT_VERSION
from cadreplan.io._text import LARGEST_INTEGER
from cadreplan.model import Plan, Term, Tier, TierScheme, Vocabulary

__all__ = ["plan_schema"]

# "(?!\n)": Python's "$" also matches before a final newline, ECMA 262's does not.
_DATE_SCHEMA = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$(?!\n)"}
_DURATION_SCHEMA = {
    "type": "string",
    "pattern": r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$(?!\n)",
    "description": "ISO 8601 duration in years, months, weeks and days, e.g. P5Y or P90D.",
}


class _Builder:
    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}

    def reference(self, kind: type[Any]) -> dict[str, Any]:
        name = kind.__name__
        if name not in self.definitions:
            self.definitions[name] = {}  # placeholder against recursion
            self.definitions[name] = self.define(kind)
        return {"$ref": f"#/$defs/{name}"}

    def define(self, kind: type[Any]) -> dict[str, Any]:
        if issubclass(kind, enum.Enum):
            return {
                "type": "string",
                "enum": [member.value for member in kind],
                "description": _summary(kind),
            }
        return self.object(kind)

    def object(self, kind: type[Any], *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
        hints = typing.get_type_hints(kind)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(kind):
            if not field.init or field.name in exclude:
                continue
            schema = self.schema(hints[field.name])
            schema.update(_bounds(field))
            properties[field.name] = schema
            if field.default is attrs.NOTHING:
                required.append(field.name)
        result: dict[str, Any] = {
            "type": "object",
            "description": _summary(kind),
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            result["required"] = required
        return result

    def schema(self, hint: Any) -> dict[str, Any]:  # noqa: PLR0911 - one return per kind of type
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            options = [self.schema(arg) for arg in typing.get_args(hint) if arg is not type(None)]
            return {"anyOf": [*options, {"type": "null"}]}
        if origin is frozenset:
            return {
                "type": "array",
                "uniqueItems": True,
                "items": self.schema(typing.get_args(hint)[0]),
            }
        if origin is tuple:
            return {"type": "array", "items": self.schema(typing.get_args(hint)[0])}
        if hint is Vocabulary:
            return {"type": "array", "items": self.reference(Term)}
        if hint is TierScheme:
            return {"type": "array", "items": self.reference(Tier)}
        simple: dict[Any, dict[str, Any]] = {
            str: {"type": "string"},
            int: {"type": "integer", "minimum": -LARGEST_INTEGER, "maximum": LARGEST_INTEGER},
            float: {"type": "number"},
            bool: {"type": "boolean"},
            dt.date: dict(_DATE_SCHEMA),
            relativedelta: dict(_DURATION_SCHEMA),
        }
        if hint in simple:
            return dict(simple[hint])
        return self.reference(hint)


def _summary(kind: type[Any]) -> str:
    return (kind.__doc__ or kind.__name__).strip().splitlines()[0]


def _bounds(field: attrs.Attribute[Any]) -> dict[str, Any]:
    bounds: dict[str, Any] = {}
    validators = getattr(field.validator, "_validators", (field.validator,))
    for validator in validators:
        bounds.update(getattr(validator, "json_schema", {}))
    return bounds


def plan_schema() -> dict[str, Any]:
    """Return a JSON Schema (draft 2020-12) of the plan file format.

    The schema checks shapes, types, enumerations and bounds of single fields.
    References between objects (a cadre's unit exists) are checked by
    ``load_plan``, not by the schema.

    Examples:
        >>> schema = plan_schema()
        >>> schema["$schema"]
        'https://json-schema.org/draft/2020-12/schema'
        >>> "sessions" in schema["properties"]
        True
    """
    builder = _Builder()
    top = builder.object(Plan)
    top["properties"] = {
        "format_version": {"const": FORMAT_VERSION, "description": "The file format version."},
        **top["properties"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://cadreplan.invalid/schema/plan-{FORMAT_VERSION}.json",
        "title": "cadreplan plan file",
        **top,
        "$defs": dict(sorted(builder.definitions.items())),
    }
