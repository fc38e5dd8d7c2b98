"""Exceptions and warnings raised by cadreplan.

Every exception derives from [`CadreplanError`][cadreplan.errors.CadreplanError] and
from the built-in exception it refines, so ``except ValueError`` keeps working::

    CadreplanError
    ├── PlanFormatError (ValueError)        a plan file or mapping is malformed
    ├── UnknownIdError (KeyError)           a look-up by id found nothing
    ├── ApportionmentError (ValueError)     seats cannot be apportioned as asked
    │   └── ApportionmentTieError           a true tie, when ties must raise
    ├── ValidationError (ValueError)        ValidationReport.raise_for_errors()
    └── OptionalDependencyError (ImportError)  an extra is not installed

    CadreplanWarning (UserWarning)          legal but suspicious input
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "ApportionmentError",
    "ApportionmentTieError",
    "CadreplanError",
    "CadreplanWarning",
    "OptionalDependencyError",
    "PlanFormatError",
    "Problem",
    "UnknownIdError",
    "ValidationError",
]


class CadreplanError(Exception):
    """Base class of every exception cadreplan raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with an input, located by a path.

    Attributes:
        path: Where the problem is, in JSONPath-like syntax rooted at ``$``
            (``$.sessions[3].capacity``); a file path may precede it in messages.
        message: What was expected and what was found.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class PlanFormatError(CadreplanError, ValueError):
    """A plan file or mapping does not describe a valid plan.

    Every problem found is listed, not only the first one.

    Attributes:
        problems: Each problem with its path, in document order.
        source: The file the plan was read from, if any.
    """

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.source}: " if self.source else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{where}invalid plan, {count} {noun}:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_format_error, (self.problems, self.source))


def _rebuild_format_error(problems: Sequence[Problem], source: str | None) -> PlanFormatError:
    return PlanFormatError(problems, source=source)


class UnknownIdError(CadreplanError, KeyError):
    """A look-up by id found no object of that kind.

    Attributes:
        kind: The kind of object looked for (``"cadre"``, ``"session"`` …).
        id: The id that was not found.
    """

    def __init__(self, kind: str, id: str) -> None:  # noqa: A002 - the domain calls it id
        self.kind = kind
        self.id = id
        super().__init__(kind, id)

    def __str__(self) -> str:
        return f"no {self.kind} with id {self.id!r}"


class ApportionmentError(CadreplanError, ValueError):
    """Seats cannot be apportioned under the given weights and bounds."""


class ApportionmentTieError(ApportionmentError):
    """Two or more keys tie for the last seat and ties were asked to raise.

    Attributes:
        keys: The tied keys, in input order.
    """

    def __init__(self, message: str, keys: Sequence[object]) -> None:
        self.keys = tuple(keys)
        super().__init__(message)


class ValidationError(CadreplanError, ValueError):
    """A plan has validation findings of error severity.

    Raised by ``ValidationReport.raise_for_errors()``; ``report`` holds every finding.
    """

    def __init__(self, message: str, report: object) -> None:
        self.report = report
        super().__init__(message)


class OptionalDependencyError(CadreplanError, ImportError):
    """A feature needs an optional extra that is not installed.

    The message names the ``pip install`` command that fixes it.
    """


class CadreplanWarning(UserWarning):
    """Base class of cadreplan's warnings: the input is legal but probably not what you meant.

    Silence a specific one with ``warnings.filterwarnings("ignore", category=...)``.
    """
