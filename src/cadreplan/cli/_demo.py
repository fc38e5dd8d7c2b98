"""``cadreplan demo``: an overview of the embedded demo region, or the region as a plan file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cadreplan.cli._common import (
    EXIT_OK,
    Command,
    add_language_option,
    check_output,
    save_plan_argument,
    wrote_line,
)
from cadreplan.reports import DEMO_SECTIONS, render_sections

if TYPE_CHECKING:
    import argparse

__all__ = ["COMMAND"]


def _configure(parser: argparse.ArgumentParser) -> None:
    add_language_option(parser)
    parser.add_argument(
        "--save",
        type=Path,
        metavar="FILE",
        help="write the demo region to this plan file instead (.json, or .yaml/.yml), "
        "to try the other commands on",
    )


def _run(arguments: argparse.Namespace) -> int:
    from cadreplan.datasets import demo_region  # noqa: PLC0415 - loaded only when used

    output: Path | None = arguments.save
    if output is not None:
        check_output(output)
        plan = demo_region()
        save_plan_argument(plan, output)
        sys.stdout.write(wrote_line(output, plan) + "\n")
        return EXIT_OK
    plan = demo_region()
    sys.stdout.write(render_sections(plan, DEMO_SECTIONS, language=arguments.lang))
    return EXIT_OK


COMMAND = Command(
    name="demo",
    help="show an overview of the embedded demo region, or save it as a plan file",
    description=(
        "Show an overview of the embedded demo region: its units by level, cadres by "
        "category, programs, sessions (期) and seats (名额) by tier, requirements, the "
        "findings of validation and what the allocation does. With --save, write the "
        "region as a plan file instead, for the other commands to read."
    ),
    epilog=(
        "examples:\n"
        "  cadreplan demo\n"
        "  cadreplan demo --lang zh\n"
        "  cadreplan demo --save demo.json\n"
        "  cadreplan demo --save demo.yaml"
    ),
    configure=_configure,
    run=_run,
)
