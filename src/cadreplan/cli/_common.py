"""What the commands share: exit statuses, errors, argument types, plan files in and out."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from cadreplan._support import layout
from cadreplan.io import load_plan, save_plan
from cadreplan.reports import LANGUAGES

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from cadreplan.errors import FieldError
    from cadreplan.model import Plan

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "EXIT_VALIDATION_ERRORS",
    "OPTIONS",
    "PROG",
    "Command",
    "CommandError",
    "add_language_option",
    "add_plan_argument",
    "check_not_input",
    "check_output",
    "codes_argument",
    "count_argument",
    "describe_field_error",
    "describe_os_error",
    "load_plan_argument",
    "option_words",
    "progress_bar",
    "save_plan_argument",
    "similar",
    "wrote_line",
    "year_argument",
]

PROG = "cadreplan"

EXIT_OK = 0
"""The command did what it was asked."""
EXIT_VALIDATION_ERRORS = 1
"""``validate`` found findings of error severity; nothing else exits 1."""
EXIT_USAGE = 2
"""A usage error (an unknown option, a bad value) or an input error (a file that is
missing, unreadable or not a valid plan, an output that cannot be written)."""
EXIT_INTERNAL = 3
"""An unexpected error: a bug in cadreplan, shown with its traceback."""
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

OPTIONS: dict[str, str] = {
    "allow_errors": "--allow-errors",
    "cadres": "--cadres",
    "ignore": "--ignore",
    "language": "--lang",
    "limit": "--limit",
    "policy": "--policy",
    "seed": "--seed",
    "select": "--select",
    "severity": "--severity",
    "with_enrollments": "--with-enrollments",
    "year": "--year",
}
"""The command-line option of each library argument the commands pass on.

A `FieldError` about one of these arguments (``FieldError.field``) is shown
with the option's name, never the Python argument's: see `describe_field_error`;
a message that says ``pass allow_errors=True`` reads ``pass --allow-errors``:
see `option_words`.
"""

_PYTHON_ARGUMENT = re.compile(rf"(?<![-\w])({'|'.join(OPTIONS)})=(True\b)?")

_PLAN_SUFFIXES = (".json", ".yaml", ".yml")


class CommandError(Exception):
    """A problem with the user's input that ends the command with exit status 2.

    The message is shown as is after ``cadreplan COMMAND: error:``.
    """


def load_plan_argument(path: str | os.PathLike[str]) -> Plan:
    """Load the plan file named on the command line.

    A folder, or a file that cannot be read, becomes a `CommandError` naming
    the path; a `PlanFormatError` (with all its problems, a binary or
    non-UTF-8 file among them) and a `FieldValueError` for an unknown suffix
    pass through to `main`, which reports them with exit status 2.
    """
    if Path(path).is_dir():  # before the suffix, which a folder seldom has
        raise CommandError(f"cannot read {os.fspath(path)}: it is a folder")
    try:
        return load_plan(path)
    except OSError as error:
        raise CommandError(f"cannot read {os.fspath(path)}: {describe_os_error(error)}") from None


def describe_field_error(error: FieldError) -> str:
    """Return the message of *error* on one line, naming the option where it names an argument.

    ``'seed' must be >= 0 (got -1)`` reads ``--seed must be >= 0 (got -1)``;
    a message that does not name its field gets the option in front.
    """
    message = option_words(" ".join(str(error).split()))
    option = OPTIONS.get(error.field)
    if option is None:
        return message
    name = re.compile(rf"(?<![\w-])'?{re.escape(error.field)}'?(?![\w-])")
    renamed, count = name.subn(option, message, count=1)
    return renamed if count else f"{option}: {message}"


def option_words(message: str) -> str:
    """Return *message* with each ``argument=`` of `OPTIONS` written as its option.

    ``pass allow_errors=True`` reads ``pass --allow-errors``; ``seed=-1``
    reads ``--seed -1``.
    """

    def option(match: re.Match[str]) -> str:
        name = OPTIONS[match[1]]
        return name if match[2] else f"{name} "

    return _PYTHON_ARGUMENT.sub(option, message)


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


def save_plan_argument(plan: Plan, path: Path) -> None:
    """Save *plan* to the file named on the command line (atomically, as `save_plan` does).

    A file that cannot be written becomes a `CommandError` naming the path.
    """
    try:
        save_plan(plan, path)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {describe_os_error(error)}") from None


def wrote_line(path: Path, plan: Plan) -> str:
    """Return the line a command prints after writing *plan* to *path*: its size and contents."""
    count = layout.format_count
    size = layout.format_size(path.stat().st_size)
    return (
        f"wrote {path} ({size}): {count(len(plan.units))} units, "
        f"{count(len(plan.cadres))} cadres, {count(len(plan.programs))} programs, "
        f"{count(len(plan.sessions))} sessions, {count(len(plan.enrollments))} enrollments"
    )


def add_language_option(parser: argparse.ArgumentParser, what: str = "labels and headings") -> None:
    """Add ``--lang en|zh``, the language of *what* the command prints."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help=f"language of {what} (default: %(default)s)",
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
    """Split ``CP3,CP501`` into its codes or code prefixes.

    The codes themselves are checked by the library (`check_selection`, which
    `validate` runs too), so that the command line and Python accept the same
    codes and refuse the others with the same message.
    """
    return [part.strip() for part in text.split(",")]


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
