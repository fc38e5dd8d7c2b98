"""``cadreplan validate``: check a plan file against the validation rules."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from cadreplan.cli._common import (
    EXIT_OK,
    EXIT_VALIDATION_ERRORS,
    Command,
    add_plan_argument,
    codes_argument,
    load_plan_argument,
)
from cadreplan.rules import validate

if TYPE_CHECKING:
    import argparse

__all__ = ["COMMAND"]


def _configure(parser: argparse.ArgumentParser) -> None:
    add_plan_argument(parser, "plan file to check: .json, or .yaml/.yml (needs PyYAML)")
    parser.add_argument(
        "--select",
        type=codes_argument,
        action="extend",
        metavar="CODES",
        help="run only these rules: codes or prefixes, separated by commas (CP3,CP501)",
    )
    parser.add_argument(
        "--ignore",
        type=codes_argument,
        action="extend",
        metavar="CODES",
        help="skip these rules; where --select and --ignore both match, the longer code wins",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: findings grouped by rule and a summary line; json: an array of findings "
        "(default: %(default)s)",
    )


def _run(arguments: argparse.Namespace) -> int:
    plan = load_plan_argument(arguments.plan)
    report = validate(plan, select=arguments.select, ignore=arguments.ignore)
    if arguments.format == "json":
        text = json.dumps(report.to_records(), ensure_ascii=False, indent=2, sort_keys=True)
    else:
        text = str(report)
    sys.stdout.write(text + "\n")
    return EXIT_OK if report.ok else EXIT_VALIDATION_ERRORS


COMMAND = Command(
    name="validate",
    help="check a plan file against the validation rules",
    description=(
        "Check a plan file against the built-in validation rules and print every "
        "finding, grouped by rule, with a summary line. Exit status 0 when the plan "
        "has no errors (warnings allowed), 1 when it has errors, 2 when the file "
        "cannot be read."
    ),
    epilog=(
        "examples:\n"
        "  cadreplan validate plan.json\n"
        "  cadreplan validate plan.json --select CP3,CP4 --ignore CP306\n"
        "  cadreplan validate plan.json --format json > findings.json"
    ),
    configure=_configure,
    run=_run,
)
