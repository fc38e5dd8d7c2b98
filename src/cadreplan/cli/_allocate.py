"""``cadreplan allocate``: allocate training seats and write the allocated plan."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from cadreplan._support import layout
from cadreplan.allocation import (
    POLICY_NAMES,
    OptimalPolicy,
    allocate,
    check_policy,
    check_seed,
    require_solver,
)
from cadreplan.cli._common import (
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    Command,
    CommandError,
    add_language_option,
    add_plan_argument,
    check_not_input,
    check_output,
    describe_os_error,
    load_plan_argument,
    progress_bar,
)
from cadreplan.errors import FieldError, ValidationError
from cadreplan.io import save_plan
from cadreplan.reports import (
    allocation_lines,
    findings_lines,
    shortfall_lines,
    unplaced_lines,
)

if TYPE_CHECKING:
    from cadreplan.rules import ValidationReport

__all__ = ["COMMAND"]

_SHOWN_ERRORS = 5
"""Findings of each rule a refusal lists."""


def _seed_argument(text: str) -> int:
    """Parse ``--seed``: a whole number, which the library's own `check_seed` then checks.

    Its message is the library's, without the argument's name (argparse
    names the option): ``argument --seed: must be >= 0 (got -1)``.
    """
    try:
        value = int(text)
    except ValueError:
        msg = f"expected a whole number (got {text!r})"
        raise argparse.ArgumentTypeError(msg) from None
    try:
        return check_seed(value)
    except FieldError as error:
        message = str(error)
        named = f"'{error.field}' "
        raise argparse.ArgumentTypeError(message.removeprefix(named)) from None


def _configure(parser: argparse.ArgumentParser) -> None:
    add_plan_argument(parser, "plan file to allocate: .json, or .yaml/.yml (needs PyYAML)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="allocated plan file to write (never the input): .json, or .yaml/.yml",
    )
    parser.add_argument(
        "--policy",
        choices=POLICY_NAMES,
        default="cascade",
        help="cascade: tier by tier, by priority; optimal: maximize coverage exactly "
        "(needs the solver extra) (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=_seed_argument,
        default=0,
        metavar="S",
        help="seed of the tie-break between equally ranked cadres, a whole number >= 0; "
        "the same seed gives the same file (default: %(default)s)",
    )
    parser.add_argument(
        "--allow-errors",
        action="store_true",
        help="allocate a plan with validation errors all the same (by default it is "
        "refused, with its errors listed)",
    )
    add_language_option(parser, "headings, labels and reasons")


def _refuse(source: Path, error: ValidationError, language: str) -> int:
    """Write why the plan is refused and its first errors to stderr; return exit status 2."""
    # allocate raises it with the report of its error rules (see `error_findings`).
    report = cast("ValidationReport", error.report)
    count = layout.format_count(len(report))
    if language == "zh":
        head = f"{source} 有 {count} 个校验错误：请先修正，或加 --allow-errors 仍按原样分配"
        hint = f"cadreplan validate {source} 显示全部"
    else:
        noun = "error" if len(report) == 1 else "errors"
        head = (
            f"{source} has {count} validation {noun}; fix them, or pass --allow-errors "
            "to allocate it all the same"
        )
        hint = f"cadreplan validate {source} shows all"
    lines = findings_lines(
        report,
        language="zh" if language == "zh" else "en",
        limit=_SHOWN_ERRORS,
        more_hint=hint,
    )
    sys.stderr.write(f"{PROG} allocate: error: {head}\n" + "\n".join(lines) + "\n")
    return EXIT_USAGE


def _run(arguments: argparse.Namespace) -> int:
    source: Path = arguments.plan
    output: Path = arguments.output
    language = arguments.lang
    check_output(output)
    check_not_input(source, output)
    # The library's own checks (--seed was checked as it was parsed), before the long load.
    policy = check_policy(arguments.policy)
    seed: int = arguments.seed
    if isinstance(policy, OptimalPolicy):
        require_solver()
    plan = load_plan_argument(source)
    try:
        with progress_bar(f"allocating {source.name}") as progress:
            result = allocate(
                plan,
                policy=policy,
                seed=seed,
                progress=progress,
                allow_errors=arguments.allow_errors,
            )
    except ValidationError as error:
        return _refuse(source, error, language)
    try:
        save_plan(result.plan, output)
    except OSError as error:
        raise CommandError(f"cannot write {output}: {describe_os_error(error)}") from None
    size = layout.format_size(output.stat().st_size)
    if language == "zh":
        policy_name = {"cascade": "逐级分配", "optimal": "最优分配"}[arguments.policy]
        lines = [f"已写入 {output}（{size}）：{policy_name}（{arguments.policy}），随机种子 {seed}"]
    else:
        lines = [f"wrote {output} ({size}): {arguments.policy} policy, seed {seed}"]
    errors = len(result.allowed_errors)
    if errors:
        count = layout.format_count(errors)
        if language == "zh":
            lines.append(f"计划有 {count} 个校验错误，按 --allow-errors 仍按原样分配")
        else:
            noun = "error" if errors == 1 else "errors"
            lines.append(f"allocated despite {count} validation {noun} (--allow-errors)")
    lines.extend(
        [
            "",
            *allocation_lines(result.plan, result, language),
            "",
            *unplaced_lines(result, language),
            "",
            *shortfall_lines(result, language),
        ]
    )
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


COMMAND = Command(
    name="allocate",
    help="allocate training seats and write the allocated plan",
    description=(
        "Allocate training seats to cadres, tier by tier, and write the plan with the "
        "new enrollments (status 'planned') to another file. Prints the new "
        "enrollments, requirements met before and after, the fill of each tier, who "
        "is still short of a requirement and who got no seat at all, with the main "
        "reason, and the townships with the most cadres still short. A plan with "
        "validation errors is refused, with its errors listed (exit status 2), unless "
        "--allow-errors is given. The same plan and seed always write the same file, "
        "byte for byte."
    ),
    epilog=(
        "examples:\n"
        "  cadreplan allocate demo.json -o allocated.json\n"
        "  cadreplan allocate demo.json -o allocated.json --seed 7 --lang zh\n"
        "  cadreplan allocate demo.json -o allocated.json --policy optimal\n"
        "  cadreplan allocate demo.json -o allocated.json --allow-errors"
    ),
    configure=_configure,
    run=_run,
)
