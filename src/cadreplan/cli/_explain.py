"""``cadreplan explain``: why a cadre is or is not in each session."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from cadreplan._support import layout
from cadreplan.allocation import explain
from cadreplan.cli._common import (
    EXIT_OK,
    Command,
    CommandError,
    add_language_option,
    add_plan_argument,
    load_plan_argument,
    similar,
)
from cadreplan.errors import UnknownIdError
from cadreplan.reports import explanation_lines

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from cadreplan.model import Plan

__all__ = ["COMMAND"]


def _configure(parser: argparse.ArgumentParser) -> None:
    add_plan_argument(parser, "plan file, usually one written by 'cadreplan allocate'")
    parser.add_argument("cadre", metavar="CADRE_ID", help="the id of the cadre to explain")
    add_language_option(parser, "headings, labels and reasons")


def _run(arguments: argparse.Namespace) -> int:
    source: Path = arguments.plan
    plan = load_plan_argument(source)
    cadre_id: str = arguments.cadre
    try:
        story = explain(plan, cadre_id)
    except UnknownIdError:
        raise CommandError(_unknown_cadre(plan, cadre_id, source)) from None
    sys.stdout.write("\n".join(explanation_lines(plan, story, arguments.lang)) + "\n")
    return EXIT_OK


def _unknown_cadre(plan: Plan, cadre_id: str, source: Path) -> str:
    message = f"no cadre with id {cadre_id!r} in {source}"
    close = [repr(name) for name in similar(cadre_id, plan.cadres_by_id)]
    if len(close) > 1:
        return f"{message}; did you mean {', '.join(close[:-1])} or {close[-1]}?"
    if close:
        return f"{message}; did you mean {close[0]}?"
    return f"{message} (it has {layout.format_count(len(plan.cadres))} cadres)"


COMMAND = Command(
    name="explain",
    help="explain why a cadre is or is not in each session",
    description=(
        "Explain one cadre's place in a plan, from the plan as it is: for every "
        "session, in cascade order, whether the cadre is enrolled, or why not "
        "(duplicate, conflict, quota exhausted, full) or that a seat is open; then "
        "the sessions outside the cadre's audience, with the condition that excludes "
        "them; then the cadre's coverage of each requirement."
    ),
    epilog=(
        "examples:\n"
        "  cadreplan explain allocated.json c0001\n"
        "  cadreplan explain allocated.json c0001 --lang zh"
    ),
    configure=_configure,
    run=_run,
)
