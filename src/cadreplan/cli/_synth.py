"""``cadreplan synth``: write a seeded synthetic plan to a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cadreplan.cli._common import (
    EXIT_OK,
    Command,
    check_output,
    count_argument,
    save_plan_argument,
    wrote_line,
    year_argument,
)

if TYPE_CHECKING:
    import argparse

__all__ = ["COMMAND"]

DEFAULT_CADRES = 10_000
"""Cadres of ``synth`` without ``--cadres``: a plan written in about a second."""


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cadres",
        type=count_argument,
        default=DEFAULT_CADRES,
        metavar="N",
        help="number of cadres to generate (default: %(default)s, written in about a "
        "second; 140000 is one region-year)",
    )
    parser.add_argument(
        "--seed",
        type=count_argument,
        default=0,
        metavar="S",
        help="random seed; the same seed gives the same plan (default: %(default)s)",
    )
    parser.add_argument(
        "--year",
        type=year_argument,
        default=2024,
        help="plan year (default: %(default)s)",
    )
    parser.add_argument(
        "--with-enrollments",
        action="store_true",
        help="also fill the sessions with enrollments",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="plan file to write: .json, or .yaml/.yml (needs PyYAML)",
    )


def _run(arguments: argparse.Namespace) -> int:
    from cadreplan.datasets import synthetic_region  # noqa: PLC0415 - loaded only when used

    output: Path = arguments.output
    check_output(output)
    plan = synthetic_region(
        cadres=arguments.cadres,
        seed=arguments.seed,
        with_enrollments=arguments.with_enrollments,
        year=arguments.year,
    )
    save_plan_argument(plan, output)
    sys.stdout.write(wrote_line(output, plan) + "\n")
    return EXIT_OK


COMMAND = Command(
    name="synth",
    help="write a seeded synthetic plan to a file",
    description=(
        "Generate a synthetic region with N cadres and write it as a plan file. "
        "The same options always give the same file, byte for byte."
    ),
    epilog=(
        "examples:\n"
        "  cadreplan synth -o plan.json\n"
        "  cadreplan synth --cadres 2000 --seed 7 -o small.json\n"
        "  cadreplan synth --cadres 1000 --with-enrollments -o small.yaml\n"
        "  cadreplan validate plan.json --summary\n"
        "  cadreplan allocate plan.json -o plan-allocated.json"
    ),
    configure=_configure,
    run=_run,
)
