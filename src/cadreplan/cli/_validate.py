"""``cadreplan validate``: check a plan file against the validation rules."""

from __future__ import annotations

import argparse
import json
import sys

from cadreplan.cli._common import (
    EXIT_OK,
    EXIT_VALIDATION_ERRORS,
    Command,
    CommandError,
    add_language_option,
    add_plan_argument,
    codes_argument,
    count_argument,
    load_plan_argument,
)
from cadreplan.reports import findings_lines, findings_summary_lines
from cadreplan.rules import check_selection, validate

__all__ = ["COMMAND", "DEFAULT_LIMIT"]

DEFAULT_LIMIT = 10
"""Findings of each code the text form shows unless ``--limit`` says otherwise."""


def _severity_argument(text: str) -> dict[str, str]:
    """Parse ``CP306=error,CP602=info``: codes or prefixes, each with the severity it gets."""
    grades: dict[str, str] = {}
    for part in text.split(","):
        code, equals, level = (piece.strip() for piece in part.partition("="))
        if not (code and equals and level):
            msg = (
                "expected CODE=SEVERITY pairs separated by commas, such as CP306=error "
                f"(got {text!r})"
            )
            raise argparse.ArgumentTypeError(msg)
        grades[code] = level
    return grades


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
        "--severity",
        type=_severity_argument,
        action="append",
        metavar="CODE=LEVEL",
        help="re-grade the findings of a code or prefix: error, warning or info "
        "(CP306=error,CP602=info)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: findings grouped by rule and a summary line; json: every finding, "
        "as an array (default: %(default)s)",
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="text only: one line per rule with its count and first findings, no finding list",
    )
    parser.add_argument(
        "--limit",
        type=count_argument,
        metavar="N",
        help=f"text only: show at most N findings of each rule (default: {DEFAULT_LIMIT}; "
        "0 shows all)",
    )
    add_language_option(parser, "headers, messages and the summary line")


def _run(arguments: argparse.Namespace) -> int:
    if arguments.format == "json" and (arguments.summary or arguments.limit is not None):
        option = "--summary" if arguments.summary else "--limit"
        msg = f"{option} shapes the text form; --format json prints every finding"
        raise CommandError(msg)
    grades: dict[str, str] = {}
    for mapping in arguments.severity or ():
        grades.update(mapping)
    select: list[str] | None = arguments.select
    ignore: list[str] | None = arguments.ignore
    # The library's own check, before the plan is read (which can take seconds).
    check_selection(select=select, ignore=ignore, severity=grades)
    plan = load_plan_argument(arguments.plan)
    report = validate(plan, select=select, ignore=ignore, severity=grades)
    language = arguments.lang
    if arguments.format == "json":
        text = json.dumps(report.to_records(), ensure_ascii=False, indent=2, sort_keys=True)
    elif arguments.summary:
        text = "\n".join(findings_summary_lines(report, language=language))
    else:
        limit = DEFAULT_LIMIT if arguments.limit is None else arguments.limit
        hint = "--limit 0 shows all" if language == "en" else "--limit 0 显示全部"
        lines = findings_lines(report, language=language, limit=limit or None, more_hint=hint)
        text = "\n".join(lines)
    sys.stdout.write(text + "\n")
    return EXIT_OK if report.ok else EXIT_VALIDATION_ERRORS


COMMAND = Command(
    name="validate",
    help="check a plan file against the validation rules",
    description=(
        "Check a plan file against the built-in validation rules and print the "
        "findings grouped by rule, errors first: a header with the rule's title, "
        f"severity and count, then its first {DEFAULT_LIMIT} findings (--limit), "
        "and a summary line. --summary prints one line per rule instead; --format "
        "json prints every finding. Exit status 0 when the plan has no errors "
        "(warnings allowed), 1 when it has errors, 2 when the file cannot be read "
        "or an option is wrong."
    ),
    epilog=(
        "examples:\n"
        "  cadreplan validate demo.json\n"
        "  cadreplan validate demo.json --summary\n"
        "  cadreplan validate demo.json --select CP5 --limit 0\n"
        "  cadreplan validate demo.json --select CP3,CP4 --ignore CP306\n"
        "  cadreplan validate demo.json --severity CP602=info --lang zh\n"
        "  cadreplan validate demo.json --format json > findings.json"
    ),
    configure=_configure,
    run=_run,
)
