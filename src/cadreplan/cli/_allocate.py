"""``cadreplan allocate``: allocate training seats and write the allocated plan."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cadreplan._support import layout
from cadreplan.allocation import CascadePolicy, OptimalPolicy, allocate, require_solver
from cadreplan.cli._common import (
    EXIT_OK,
    Command,
    CommandError,
    add_plan_argument,
    check_not_input,
    check_output,
    count_argument,
    describe_os_error,
    load_plan_argument,
    progress_bar,
)
from cadreplan.io import save_plan
from cadreplan.reports import allocation_lines, shortfall_lines, unplaced_lines

if TYPE_CHECKING:
    import argparse

__all__ = ["COMMAND"]


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
        choices=("cascade", "optimal"),
        default="cascade",
        help="cascade: tier by tier, by priority; optimal: maximize coverage exactly "
        "(needs the solver extra) (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=count_argument,
        default=0,
        metavar="S",
        help="seed of the tie-break between equally ranked cadres; the same seed gives "
        "the same file (default: %(default)s)",
    )


def _run(arguments: argparse.Namespace) -> int:
    source: Path = arguments.plan
    output: Path = arguments.output
    check_output(output)
    check_not_input(source, output)
    policy: CascadePolicy | OptimalPolicy
    if arguments.policy == "optimal":
        require_solver()  # fail before the long load
        policy = OptimalPolicy()
    else:
        policy = CascadePolicy()
    plan = load_plan_argument(source)
    with progress_bar(f"allocating {source.name}") as progress:
        result = allocate(plan, policy=policy, seed=arguments.seed, progress=progress)
    try:
        save_plan(result.plan, output)
    except OSError as error:
        raise CommandError(f"cannot write {output}: {describe_os_error(error)}") from None
    size = layout.format_size(output.stat().st_size)
    lines = [
        f"wrote {output} ({size}): {arguments.policy} policy, seed {arguments.seed}",
        "",
        *allocation_lines(result.plan, result, "en"),
        "",
        *unplaced_lines(result),
        "",
        *shortfall_lines(result),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


COMMAND = Command(
    name="allocate",
    help="allocate training seats and write the allocated plan",
    description=(
        "Allocate training seats to cadres, tier by tier, and write the plan with the "
        "new enrollments (status 'planned') to another file. Prints the new "
        "enrollments, requirements met before and after, the fill of each tier, who is "
        "still short and why, and the townships with the most cadres still short. The "
        "same plan and seed always write the same file, byte for byte."
    ),
    epilog=(
        "examples:\n"
        "  cadreplan allocate plan.json -o allocated.json\n"
        "  cadreplan allocate plan.json -o allocated.json --seed 7\n"
        "  cadreplan allocate plan.json -o allocated.json --policy optimal"
    ),
    configure=_configure,
    run=_run,
)
