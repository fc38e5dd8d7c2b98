"""cadreplan: plan, validate and allocate the training and practice of public officials.

The public API is what this module exports; every other module whose name
starts with an underscore is private and may change without notice.
"""

from cadreplan._allocation import (
    AllocationResult,
    CascadePolicy,
    Explanation,
    OptimalPolicy,
    TownshipShortfall,
    Unplaced,
    UnplacedReason,
    allocate,
)
from cadreplan._apportion import ApportionmentMethod, apportion
from cadreplan._audience import Audience
from cadreplan._cascade import AllocationEvent, Outcome, SessionFill
from cadreplan._converter import FORMAT_VERSION, make_converter, structure_plan, unstructure_plan
from cadreplan._coverage import (
    CoverageEntry,
    CoverageLedger,
    CoverageSummary,
    coverage,
    cycle_window,
)
from cadreplan._explain import explain
from cadreplan._findings import Finding, Severity, Violation
from cadreplan._io import PlanFileFormat, load_plan, save_plan
from cadreplan._people import Cadre, TrainingRecord
from cadreplan._plan import Period, Plan
from cadreplan._practice import Post, PostKind, PracticeAssignment
from cadreplan._predicates import (
    Commitment,
    Training,
    commitments_of,
    counts_toward,
    duplicate_reason,
    is_eligible,
    overlapping_commitments,
    starts_too_close,
    trainings_of,
)
from cadreplan._quota_split import eligible_headcount, quotas_for
from cadreplan._quotas import DispatchQuota, SeatQuota
from cadreplan._report import ValidationReport
from cadreplan._requirements import CycleBasis, Requirement, default_requirements
from cadreplan._rules import (
    Rule,
    ValidationContext,
    ValidationOptions,
    builtin_rules,
    rule,
    validate,
)
from cadreplan._schema import plan_schema
from cadreplan._training import (
    ActionPlan,
    DeliveryMode,
    Enrollment,
    EnrollmentStatus,
    Institution,
    Program,
    Session,
    TeachingMethod,
)
from cadreplan._units import Unit, UnitKind, UnitTree
from cadreplan._vocab import (
    DEFAULT_CATEGORIES,
    DEFAULT_INSTITUTION_KINDS,
    DEFAULT_RANKS,
    DEFAULT_THEMES,
    DEFAULT_TIERS,
    Term,
    Tier,
    TierScheme,
    Vocabulary,
)
from cadreplan.errors import (
    ApportionmentError,
    ApportionmentTieError,
    CadreplanError,
    CadreplanWarning,
    OptionalDependencyError,
    PlanFormatError,
    Problem,
    UnknownIdError,
    ValidationError,
)

__all__ = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_INSTITUTION_KINDS",
    "DEFAULT_RANKS",
    "DEFAULT_THEMES",
    "DEFAULT_TIERS",
    "FORMAT_VERSION",
    "ActionPlan",
    "AllocationEvent",
    "AllocationResult",
    "ApportionmentError",
    "ApportionmentMethod",
    "ApportionmentTieError",
    "Audience",
    "Cadre",
    "CadreplanError",
    "CadreplanWarning",
    "CascadePolicy",
    "Commitment",
    "CoverageEntry",
    "CoverageLedger",
    "CoverageSummary",
    "CycleBasis",
    "DeliveryMode",
    "DispatchQuota",
    "Enrollment",
    "EnrollmentStatus",
    "Explanation",
    "Finding",
    "Institution",
    "OptimalPolicy",
    "OptionalDependencyError",
    "Outcome",
    "Period",
    "Plan",
    "PlanFileFormat",
    "PlanFormatError",
    "Post",
    "PostKind",
    "PracticeAssignment",
    "Problem",
    "Program",
    "Requirement",
    "Rule",
    "SeatQuota",
    "Session",
    "SessionFill",
    "Severity",
    "TeachingMethod",
    "Term",
    "Tier",
    "TierScheme",
    "TownshipShortfall",
    "Training",
    "TrainingRecord",
    "Unit",
    "UnitKind",
    "UnitTree",
    "UnknownIdError",
    "Unplaced",
    "UnplacedReason",
    "ValidationContext",
    "ValidationError",
    "ValidationOptions",
    "ValidationReport",
    "Violation",
    "Vocabulary",
    "allocate",
    "apportion",
    "builtin_rules",
    "commitments_of",
    "counts_toward",
    "coverage",
    "cycle_window",
    "default_requirements",
    "duplicate_reason",
    "eligible_headcount",
    "explain",
    "is_eligible",
    "load_plan",
    "make_converter",
    "overlapping_commitments",
    "plan_schema",
    "quotas_for",
    "rule",
    "save_plan",
    "starts_too_close",
    "structure_plan",
    "trainings_of",
    "unstructure_plan",
    "validate",
]


def __getattr__(name: str) -> object:
    # ``cadreplan.datasets`` loads on first use, so ``import cadreplan`` stays light.
    if name == "datasets":
        import importlib  # noqa: PLC0415 - lazy on purpose

        return importlib.import_module("cadreplan.datasets")
    msg = f"module 'cadreplan' has no attribute {name!r}"
    raise AttributeError(msg)
