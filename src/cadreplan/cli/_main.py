"""The ``cadreplan`` command line: a thin layer over the library.

Each subcommand is a `Command` in a module of its own: a name, its help texts,
a function that adds its options and a function that runs it and returns the
exit status. `main` parses the arguments, runs the command and turns the
errors users can cause (bad input files, unwritable paths, bad values) into
one message on stderr, ``cadreplan COMMAND: error: ...``, and exit status 2,
never a traceback.

Exit statuses: 0 success, 1 validation errors (``validate``, and nothing
else), 2 usage or input error, 3 internal error (a bug: the traceback is
shown), 130 interrupted (Ctrl-C), 141 standard output closed early (broken
pipe).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from typing import TYPE_CHECKING, Any, NoReturn

from cadreplan._support.gcpause import paused_gc
from cadreplan.cli import _allocate, _demo, _explain, _synth, _validate
from cadreplan.cli._common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    PROG,
    Command,
    CommandError,
    describe_field_error,
    describe_os_error,
    option_words,
)
from cadreplan.errors import CadreplanError, FieldError, PlanFormatError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["build_parser", "main", "script"]

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
            "  cadreplan demo --save demo.json\n"
            "  cadreplan validate demo.json --summary\n"
            "  cadreplan allocate demo.json -o allocated.json\n"
            "  cadreplan explain allocated.json c0001\n"
            "  cadreplan synth --cadres 10000 --seed 1 -o plan.json\n\n"
            "Run 'cadreplan COMMAND --help' for the options of a command.\n\n"
            "Exit status: 0 success, 1 validation errors found (validate), 2 usage or "
            "input error, 3 internal error (a bug in cadreplan), 130 interrupted."
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


def _error(command: str, message: str) -> int:
    sys.stderr.write(f"{PROG} {command}: error: {message}\n")
    return EXIT_USAGE


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _internal_error(command: str, error: Exception) -> int:
    traceback.print_exception(error, file=sys.stderr)
    sys.stderr.write(
        f"{PROG} {command}: internal error: {type(error).__name__}: {_one_line(error)}\n"
        "This is a bug in cadreplan: please report it with the command and the "
        "traceback above.\n"
    )
    return EXIT_INTERNAL


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; pointing it at devnull stops that second
    # failure from printing "Exception ignored ... BrokenPipeError".
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``cadreplan`` command with *argv* (default: ``sys.argv[1:]``).

    Errors are printed on standard error, never raised: a
    `CadreplanError` or an ``OSError``
    as one message, ``cadreplan COMMAND: error: ...`` (an invalid plan file
    lists each problem on a line of its own), with exit status 2; any other
    exception is a bug, shown with its traceback, with exit status 3.

    Args:
        argv: The arguments after ``cadreplan``, such as ``["validate", "plan.json"]``.

    Returns:
        The exit status: 0 success, 1 validation errors (``validate``, and
        nothing else), 2 usage or input error, 3 internal error, 130
        interrupted, 141 standard output closed early. Never raises
        ``SystemExit``.
    """
    parser = build_parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits after --help and --version (0) and on usage errors (2).
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    command: str = arguments.command
    try:
        status: int = arguments.run(arguments)
        sys.stdout.flush()
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        status = EXIT_BROKEN_PIPE
    except PlanFormatError as error:
        status = _error(command, str(error))
    except FieldError as error:
        status = _error(command, describe_field_error(error))
    except (CommandError, CadreplanError) as error:
        status = _error(command, option_words(_one_line(error)))
    except OSError as error:
        where = f"{os.fsdecode(error.filename)}: " if error.filename else ""
        status = _error(command, f"{where}{describe_os_error(error)}")
    except Exception as error:  # a bug: shown with its traceback, exit status 3
        status = _internal_error(command, error)
    return status


def script() -> int:
    """Run the ``cadreplan`` script: `main` on ``sys.argv[1:]``, the garbage collector paused.

    The script's process is its own, so it takes the speed of
    `cadreplan.paused_gc` for the whole command (``load_plan`` 28% and
    ``allocate`` 71% faster at 140,000 cadres); `main`, which a host program
    may call in-process, leaves the collector alone.
    """
    with paused_gc():
        return main()
