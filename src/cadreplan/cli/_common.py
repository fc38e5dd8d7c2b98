"""What the commands share: exit statuses, errors, argument types, plan files in and out."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from cadreplan.io import load_plan
from cadreplan.reports import LANGUAGES
from cadreplan.rules import builtin_rules

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from cadreplan.model import Plan

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "EXIT_VALIDATION_ERRORS",
    "PROG",
    "Command",
    "CommandError",
    "add_language_option",
    "add_plan_argument",
    "check_not_input",
    "check_output",
    "codes_argument",
    "count_argument",
    "describe_os_error",
    "load_plan_argument",
    "progress_bar",
    "similar",
    "year_argument",
]

PROG = "cadreplan"

EXIT_OK = 0
EXIT_VALIDATION_ERRORS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

_PLAN_SUFFIXES = (".json", ".yaml", ".yml")


class CommandError(Exception):
    """A problem with the user's input that ends the command with exit status 2.

    The message is shown as is after ``cadreplan: error:``.
    """


def load_plan_argument(path: str | os.PathLike[str]) -> Plan:
    """Load the plan file named on the command line.

    A file that cannot be read becomes a `CommandError` naming the path; a
    `PlanFormatError` (with all its problems) and a `ValueError` for an
    unknown suffix pass through to `main`, which reports them with exit status 2.
    """
    try:
        return load_plan(path)
    except OSError as error:
        raise CommandError(f"cannot read {os.fspath(path)}: {describe_os_error(error)}") from None


def describe_os_error(error: OSError) -> str:
    """Return why a file could not be read or written, in words."""
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, IsADirectoryError):
        return "it is a folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)


def check_output(path: Path) -> None:
    """Fail early, before any work, when *path* cannot be a plan file we write."""
    if path.suffix.lower() not in _PLAN_SUFFIXES:
        msg = f"cannot tell the format of {path} from its suffix: use .json, .yaml or .yml"
        raise CommandError(msg)
    folder = path.parent
    if not folder.exists():
        raise CommandError(f"cannot write {path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise CommandError(f"cannot write {path}: {folder} is not a folder")
    if path.is_dir():
        raise CommandError(f"cannot write {path}: it is a folder")


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang en|zh``."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="language of labels and headings (default: %(default)s)",
    )


def count_argument(text: str) -> int:
    """Parse a whole number >= 0."""
    try:
        value = int(text)
    except ValueError:
        msg = f"expected a whole number (got {text!r})"
        raise argparse.ArgumentTypeError(msg) from None
    if value < 0:
        msg = f"must be >= 0 (got {value})"
        raise argparse.ArgumentTypeError(msg)
    return value


def year_argument(text: str) -> int:
    """Parse a year from 1900 to 2999."""
    value = count_argument(text)
    if not 1900 <= value <= 2999:
        msg = f"expected a year between 1900 and 2999 (got {value})"
        raise argparse.ArgumentTypeError(msg)
    return value


def codes_argument(text: str) -> list[str]:
    """Parse ``CP3,CP501``: rule codes or code prefixes that name at least one built-in rule."""
    codes = [part.strip().upper() for part in text.split(",")]
    if not all(codes):
        msg = f"expected codes or prefixes separated by commas, such as CP3,CP501 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    known = [item.code for item in builtin_rules()]
    for code in codes:
        if not any(name.startswith(code) for name in known):
            msg = f"no rule code starts with {code!r} (codes run from {known[0]} to {known[-1]})"
            raise argparse.ArgumentTypeError(msg)
    return codes


def add_plan_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    """Add the positional ``PLAN`` file."""
    parser.add_argument("plan", type=Path, metavar="PLAN", help=help_text)


@attrs.frozen(kw_only=True)
class Command:
    """A subcommand: its name and help, how to add its options and how to run it."""

    name: str
    help: str
    description: str
    epilog: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``progress(done, total)`` that draws a bar on a terminal's stderr.

    Yields ``None`` (no bar) when stderr is not a terminal or ``rich`` (the
    ``progress`` extra) is not installed: the bar is a nicety, never an error.
    """
    stream = sys.stderr
    is_terminal = stream is not None and hasattr(stream, "isatty") and stream.isatty()
    if not is_terminal:
        yield None
        return
    try:
        from rich.console import Console  # noqa: PLC0415 - an optional extra
        from rich.progress import Progress  # noqa: PLC0415 - an optional extra
    except ImportError:
        yield None
        return
    with Progress(console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def check_not_input(source: Path, output: Path) -> None:
    """Refuse to write the allocated plan over its input."""
    same = False
    with contextlib.suppress(OSError):
        same = output.resolve() == source.resolve() or (
            output.exists() and source.exists() and output.samefile(source)
        )
    if same:
        msg = f"cannot write {output}: it is the input plan; write to another file"
        raise CommandError(msg)


_SUGGESTIONS = 3
"""Similar ids an unknown id's message suggests, at most."""


def similar(name: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> list[str]:
    """Return the candidates most like *name*, best first; ties in id order.

    ``difflib.get_close_matches`` breaks ties by the later id, which suggests
    ``c0301`` before ``c0001`` for ``c001``.
    """
    matcher = difflib.SequenceMatcher(b=name)
    scored: list[tuple[float, str]] = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if (
            matcher.real_quick_ratio() >= cutoff
            and matcher.quick_ratio() >= cutoff
            and matcher.ratio() >= cutoff
        ):
            scored.append((-matcher.ratio(), candidate))
    return [candidate for _, candidate in sorted(scored)[:_SUGGESTIONS]]
