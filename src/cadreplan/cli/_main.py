"""The ``cadreplan`` command line: a thin layer over the library.

Each subcommand is a `Command` in a module of its own: a name, its help texts,
a function that adds its options and a function that runs it and returns the
exit status. `main` parses the arguments, runs the command and turns the
errors users can cause (bad input files, unwritable paths, bad values) into
one message on stderr and exit status 2, never a traceback.

Exit statuses: 0 success, 1 validation errors (``validate``), 2 usage or input
error, 130 interrupted (Ctrl-C), 141 standard output closed early (broken pipe).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from cadreplan.cli import _allocate, _demo, _explain, _synth, _validate
from cadreplan.cli._common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    PROG,
    Command,
    CommandError,
    describe_os_error,
)
from cadreplan.errors import CadreplanError, PlanFormatError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["build_parser", "main"]

COMMANDS: tuple[Command, ...] = (
    _demo.COMMAND,
    _synth.COMMAND,
    _validate.COMMAND,
    _allocate.COMMAND,
    _explain.COMMAND,
)
"""The subcommands, in the order ``cadreplan --help`` lists them."""


class _HelpFormatter(argparse.HelpFormatter):
    """Wrap the paragraphs of descriptions; keep paragraphs with indented lines as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = []
        for paragraph in text.split("\n\n"):
            lines = paragraph.splitlines()
            if any(line.startswith(" ") for line in lines):
                paragraphs.append("\n".join(indent + line for line in lines))
            else:
                paragraphs.append(super()._fill_text(paragraph, width, indent))
        return "\n\n".join(paragraphs)


class _VersionAction(argparse.Action):
    """Print the installed version and exit; looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> NoReturn:
        del namespace, values, option_string
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            number = version("cadreplan")
        except PackageNotFoundError:  # pragma: no cover - the package runs installed
            number = "unknown"
        sys.stdout.write(f"{PROG} {number}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``cadreplan`` command and its subcommands."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Plan, validate and allocate the training and practice of public officials.",
        epilog=(
            "examples:\n"
            "  cadreplan demo --lang zh\n"
            "  cadreplan synth --cadres 10000 --seed 1 -o plan.json\n"
            "  cadreplan validate plan.json\n"
            "  cadreplan allocate plan.json -o allocated.json\n"
            "  cadreplan explain allocated.json c0001\n\n"
            "Run 'cadreplan COMMAND --help' for the options of a command.\n\n"
            "Exit status: 0 success, 1 validation errors, 2 usage or input error, "
            "130 interrupted."
        ),
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    subparsers = parser.add_subparsers(
        title="commands", metavar="COMMAND", dest="command", required=True
    )
    for command in COMMANDS:
        subparser = subparsers.add_parser(
            command.name,
            help=command.help,
            description=command.description,
            epilog=command.epilog,
            formatter_class=_HelpFormatter,
        )
        command.configure(subparser)
        subparser.set_defaults(run=command.run)
    return parser


def _error(message: str) -> int:
    sys.stderr.write(f"{PROG}: error: {message}\n")
    return EXIT_USAGE


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; pointing it at devnull stops that second
    # failure from printing "Exception ignored ... BrokenPipeError".
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``cadreplan`` command with *argv* (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 success, 1 validation errors (``validate``), 2 usage
        or input error, 130 interrupted, 141 standard output closed early.
        Never raises ``SystemExit``.
    """
    parser = build_parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits after --help and --version (0) and on usage errors (2).
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        status: int = arguments.run(arguments)
        sys.stdout.flush()
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        status = EXIT_BROKEN_PIPE
    except PlanFormatError as error:
        status = _error(str(error))
    except (CommandError, CadreplanError, ValueError) as error:
        status = _error(_one_line(error))
    except OSError as error:
        where = f"{os.fsdecode(error.filename)}: " if error.filename else ""
        status = _error(f"{where}{describe_os_error(error)}")
    return status
