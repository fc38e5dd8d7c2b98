"""The rules layer: validation of a plan, with every finding reported.

A [`Rule`][cadreplan.Rule] has a stable code, a default severity and a check
that yields [`Violation`][cadreplan.Violation]s; [`validate`][cadreplan.validate]
runs the built-in rules (CP1xx references … CP6xx program design) and the
caller's, and returns a [`ValidationReport`][cadreplan.ValidationReport] of
[`Finding`][cadreplan.Finding]s. Everything here is also exported by `cadreplan`.
"""

from cadreplan.rules._base import Rule, ValidationContext, ValidationOptions, rule
from cadreplan.rules._findings import Finding, Severity, Violation
from cadreplan.rules._report import ValidationReport
from cadreplan.rules._validate import builtin_rules, validate

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
