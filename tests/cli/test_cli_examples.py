"""Every example of every ``--help`` and of the CLI reference runs as written, in order.

The examples are read from the help texts as ``cadreplan --help`` prints
them and from the ``console`` blocks of docs/reference/cli.md, then run
in-process through ``cadreplan.cli.main`` in a temporary folder, so that each
one reads only files an earlier example wrote: the reference's in order, the
main help's in order, and each command's in order after the main help's.
An example succeeds (exit 0) unless the output shown after it in the
reference is an error message (exit 2) or it needs an optional extra that
is not installed (exit 2). The output the reference shows must be what the
command prints; a line holding only ``…`` stands for any number of lines.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
from pathlib import Path

import attrs
import pytest

from cadreplan import cli
from cadreplan.cli._main import COMMANDS

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "cli.md"

ELISION = "…"
"""A sample line holding only this stands for any number of output lines."""

_EXTRAS = {"--policy optimal": "ortools", ".yaml": "yaml", ".yml": "yaml"}
"""What an example line needs installed, by a piece of its text."""


@attrs.frozen
class Example:
    """One example command line, where it was found and the output shown after it."""

    source: str
    line: str
    sample: str | None = None

    @property
    def expected_status(self) -> int:
        """2 for an example shown failing or needing a missing extra, 0 for any other."""
        if self.sample is not None and re.match(r"cadreplan \w[\w-]*: error: ", self.sample):
            return 2
        for piece, module in _EXTRAS.items():
            if piece in self.line and importlib.util.find_spec(module) is None:
                return 2
        return 0


def _help_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = cli.main([*argv, "--help"])
    out = capsys.readouterr().out
    assert status == 0
    return out


def help_examples(capsys: pytest.CaptureFixture[str]) -> list[Example]:
    """Return the examples of ``cadreplan --help`` and of each command's ``--help``, in order."""
    examples: list[Example] = []
    for argv in ([], *([command.name] for command in COMMANDS)):
        source = " ".join(["cadreplan", *argv, "--help"])
        lines = _help_text(capsys, *argv).splitlines()
        start = lines.index("examples:") + 1
        for line in lines[start:]:
            if not line.startswith("  cadreplan "):
                break
            examples.append(Example(source, line.strip()))
    return examples


def reference_examples() -> list[Example]:
    """Return the ``$ cadreplan`` lines of the reference, each with the sample after its block."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    examples: list[Example] = []
    index = 0
    while index < len(lines):
        if lines[index] != "```console":
            index += 1
            continue
        end = lines.index("```", index + 1)
        commands = [line[2:] for line in lines[index + 1 : end] if line.startswith("$ ")]
        after = end + 1
        while after < len(lines) and not lines[after]:
            after += 1
        sample = None
        if after < len(lines) and lines[after] in ("```text", "```json"):
            close = lines.index("```", after + 1)
            sample = "\n".join(lines[after + 1 : close]) + "\n"
            end = close
        for position, command in enumerate(commands):
            last = position == len(commands) - 1
            examples.append(Example("docs/reference/cli.md", command, sample if last else None))
        index = end + 1
    return examples


def run_example(capsys: pytest.CaptureFixture[str], line: str) -> tuple[int, str, str]:
    """Run one example line in-process; ``> FILE`` writes its standard output to FILE."""
    words = shlex.split(line)
    assert words[0] == "cadreplan", line
    target = None
    if ">" in words:
        position = words.index(">")
        words, target = words[:position], words[position + 1]
    assert not {"|", "<", ">>", "&&", ";"} & set(words), f"unsupported shell syntax: {line}"
    status = cli.main(words[1:])
    captured = capsys.readouterr()
    out = captured.out
    if target is not None:
        Path(target).write_text(out, encoding="utf-8")
        out = ""
    return status, out, captured.err


def matches(sample: str, output: str) -> bool:
    """Whether *output* is *sample*, where a line of only ``…`` stands for any lines."""
    pattern = "".join(
        r"(?:.*\n)*?" if line.strip() == ELISION else re.escape(line + "\n")
        for line in sample.splitlines()
    )
    return re.fullmatch(pattern, output) is not None


def _run_all(capsys: pytest.CaptureFixture[str], examples: list[Example]) -> list[str]:
    """Run *examples* in order; return what went wrong with each that failed."""
    problems = []
    for example in examples:
        status, out, err = run_example(capsys, example.line)
        where = f"{example.source}: {example.line}"
        if status != example.expected_status:
            problems.append(f"{where}: exit {status}, expected {example.expected_status}\n{err}")
            continue
        shown = err if example.expected_status else out
        if example.sample is not None and not matches(example.sample, shown):
            problems.append(f"{where}: prints\n{shown}\nbut the reference shows\n{example.sample}")
        if "Traceback" in err:
            problems.append(f"{where}: printed a traceback\n{err}")
    return problems


def test_help_examples_run_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The examples of `cadreplan --help` run in order; each command's, on the files they wrote.

    Each command's examples run in a copy of the folder the main help's
    examples wrote their files to, so that one command's examples never
    depend on another's.
    """
    examples = help_examples(capsys)
    base = tmp_path / "cadreplan"
    base.mkdir()
    monkeypatch.chdir(base)
    problems = _run_all(capsys, [item for item in examples if item.source == "cadreplan --help"])
    for command in COMMANDS:
        source = f"cadreplan {command.name} --help"
        folder = shutil.copytree(base, tmp_path / command.name)
        monkeypatch.chdir(folder)
        problems += _run_all(capsys, [item for item in examples if item.source == source])

    assert len(examples) >= 2 * len(COMMANDS)
    assert [] == problems


def test_reference_examples_run_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each example of the CLI reference, run in order in one folder, prints what the page shows."""
    examples = reference_examples()
    monkeypatch.chdir(tmp_path)

    problems = _run_all(capsys, examples)

    assert {command.name for command in COMMANDS} <= {
        example.line.split()[1] for example in examples
    }
    assert [] == problems


def test_every_command_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """`cadreplan --help` and each command's `--help` show at least one example of it."""
    examples = help_examples(capsys)

    for command in COMMANDS:
        source = f"cadreplan {command.name} --help"
        assert any(
            example.source == source and example.line.startswith(f"cadreplan {command.name}")
            for example in examples
        ), command.name


@pytest.mark.parametrize(
    ("sample", "output", "expected"),
    [
        ("a\nb\n", "a\nb\n", True),
        ("a\n…\nd\n", "a\nb\nc\nd\n", True),
        ("a\n…\nd\n", "a\nd\n", True),
        ("…\nc\n", "a\nb\nc\n", True),
        ("a\nb\n", "a\nb\nc\n", False),
        ("a\n…\nd\n", "a\nb\nc\n", False),
        ("  … and 3 more\n", "  x\n", False),
    ],
)
def test_elision_stands_for_any_lines(sample: str, output: str, *, expected: bool) -> None:
    """A sample line of only `…` matches any number of lines, and nothing else is loose."""
    assert expected == matches(sample, output)


def test_reference_examples_are_found() -> None:
    """The reference's examples are read with the samples shown after them."""
    examples = reference_examples()

    first = next(example for example in examples if example.line == "cadreplan demo")
    failing = [example for example in examples if example.expected_status == 2]
    assert first.sample is not None
    assert first.sample.startswith("西藏自治区2024年度干部教育培训计划（演示）\n")
    assert {"explain", "synth", "validate"} <= {example.line.split()[1] for example in failing}
