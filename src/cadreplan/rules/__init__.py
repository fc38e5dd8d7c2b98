"""The rules layer: validation of a plan, with every finding reported.

A [`Rule`][cadreplan.Rule] has a stable code, a default severity and a check
that yields [`Violation`][cadreplan.Violation]s; [`validate`][cadreplan.validate]
runs the built-in rules (CP1xx references … CP6xx program design) and the
caller's, and returns a [`ValidationReport`][cadreplan.ValidationReport] of
[`Finding`][cadreplan.Finding]s, each with its message in English and in
Chinese. Everything in ``__all__`` is also exported by `cadreplan`.
"""

from cadreplan.rules._base import Rule, ValidationContext, ValidationOptions, rule
from cadreplan.rules._findings import Finding, Severity, Violation
from cadreplan.rules._report import ValidationReport
from cadreplan.rules._selection import Selection as Selection
from cadreplan.rules._selection import check_selection as check_selection
from cadreplan.rules._validate import builtin_rules, validate

# The names imported "as" themselves above are shared with the layers above (the
# command line checks its --select, --ignore and --severity with check_selection)
# and are not part of the public API; __all__ is.
__all__ = [
    "Finding",
    "Rule",
    "Severity",
    "ValidationContext",
    "ValidationOptions",
    "ValidationReport",
    "Violation",
    "builtin_rules",
    "rule",
    "validate",
]
