"""Run the Python examples in the documentation as tests (Sybil).

This file sits at the repository root because pytest applies a conftest's
``pytest_collect_file`` hook only to files below the conftest's directory, and
the examples live in ``README.md``, ``docs/`` and ``src/`` as well as ``tests/``.

- Markdown (``README.md`` and ``docs/**/*.md``): every fenced ```` ```python ````
  block runs; a block made of ``>>>`` lines runs as a doctest. The blocks of one
  page share a namespace, top to bottom. ``<!-- skip: next -->`` skips the next
  block and ``<!-- clear-namespace -->`` starts afresh.
- Docstrings (``src/**/*.py``): the ``>>>`` examples of every docstring run as
  doctests in the namespace of their module, so the ``Examples:`` sections that
  mkdocstrings renders are known to work.

The examples of each document run in a temporary working directory of their
own, so examples that save files leave nothing behind.
"""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from typing import TYPE_CHECKING

import pytest
from sybil import Sybil
from sybil.parsers.markdown import ClearNamespaceParser, PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

_DOCTEST_FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE


@pytest.fixture(name="_example_workdir", scope="module")
def _example_workdir_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Run the examples of one document in a fresh temporary directory.

    Module scope means one directory per document, so a later example of a page can
    read the file an earlier one saved.
    """
    workdir = tmp_path_factory.mktemp("example")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(workdir)
        yield workdir


# PythonCodeBlockParser already runs ">>>" blocks as doctests: a separate
# DocTestParser beside it would run those examples a second time.
_markdown = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=_DOCTEST_FLAGS),
        SkipParser(),
        ClearNamespaceParser(),
    ],
    patterns=["*.md"],
    fixtures=["_example_workdir"],
    name="markdown",
)

_docstrings = Sybil(
    parsers=[DocTestParser(optionflags=_DOCTEST_FLAGS)],
    path="src",
    patterns=["*.py"],
    # Importing __main__ would run the command line.
    excludes=["__main__.py"],
    fixtures=["_example_workdir"],
    name="docstrings",
)

pytest_collect_file = (_markdown + _docstrings).pytest()
