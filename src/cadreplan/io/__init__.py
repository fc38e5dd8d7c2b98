"""The input and output layer: plan files and their schema, through one strict converter.

Plans are read and written as JSON, or YAML with the ``yaml`` extra
([`load_plan`][cadreplan.load_plan], [`save_plan`][cadreplan.save_plan]), through
a cattrs converter made by [`make_converter`][cadreplan.make_converter] that never
coerces a value, rejects unknown keys and reports every problem with its path;
[`plan_schema`][cadreplan.plan_schema] describes the same format as JSON Schema.
Everything in ``__all__`` is also exported by `cadreplan`.
"""

from cadreplan.io._converter import (
    FORMAT_VERSION,
    make_converter,
    structure_plan,
    unstructure_plan,
)
from cadreplan.io._converter import format_duration as format_duration
from cadreplan.io._converter import parse_duration as parse_duration
from cadreplan.io._files import PlanFileFormat, load_plan, save_plan
from cadreplan.io._schema import plan_schema

# The names imported "as" themselves above are shared with the layers above
# and are not part of the public API; __all__ is.
__all__ = [
    "FORMAT_VERSION",
    "PlanFileFormat",
    "load_plan",
    "make_converter",
    "plan_schema",
    "save_plan",
    "structure_plan",
    "unstructure_plan",
]
