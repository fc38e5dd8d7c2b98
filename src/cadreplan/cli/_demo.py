"""``cadreplan demo``: an overview of the embedded demo region."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from cadreplan.cli._common import EXIT_OK, Command, add_language_option
from cadreplan.reports import DEMO_SECTIONS, render_sections

if TYPE_CHECKING:
    import argparse

__all__ = ["COMMAND"]


def _configure(parser: argparse.ArgumentParser) -> None:
    add_language_option(parser)


def _run(arguments: argparse.Namespace) -> int:
    from cadreplan.datasets import demo_region  # noqa: PLC0415 - loaded only when used

    plan = demo_region()
    sys.stdout.write(render_sections(plan, DEMO_SECTIONS, language=arguments.lang))
    return EXIT_OK


COMMAND = Command(
    name="demo",
    help="show an overview of the embedded demo region",
    description=(
        "Show an overview of the embedded demo region: its units by level, cadres by "
        "category, programs, sessions (期) and seats (名额) by tier, requirements and "
        "the plan period."
    ),
    epilog="examples:\n  cadreplan demo\n  cadreplan demo --lang zh",
    configure=_configure,
    run=_run,
)
