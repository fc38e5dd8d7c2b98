"""The model layer: the nouns of the domain and the `Plan` that holds them.

Frozen, slotted attrs classes for units, cadres, institutions, programs,
sessions, enrollments, quotas, requirements, posts and assignments, and the
`Plan` aggregate with its indexed look-ups and the referential integrity
of a plan. No I/O and no policy: the layers above validate, allocate and
read or write plans. Everything here is also exported by `cadreplan`.
"""

from cadreplan.model._audience import Audience, AudienceCondition, AudienceMismatch
from cadreplan.model._integrity import (
    cycle_problems as cycle_problems,
)
from cadreplan.model._integrity import (
    duplicate_problems as duplicate_problems,
)
from cadreplan.model._integrity import (
    integrity_problems as integrity_problems,
)
from cadreplan.model._integrity import (
    reference_problems as reference_problems,
)
from cadreplan.model._people import Cadre, TrainingRecord
from cadreplan.model._people import id_number_check_digit as id_number_check_digit
from cadreplan.model._people import mask_id_number as mask_id_number
from cadreplan.model._plan import Period, Plan
from cadreplan.model._plan import require_plan as require_plan
from cadreplan.model._practice import (
    Post,
    PostKind,
    PostRanking,
    PracticeAssignment,
    PracticePreference,
    PracticeRecord,
)
from cadreplan.model._practice_rules import AltitudeRotation, PracticeRules, ReleaseLimit
from cadreplan.model._quotas import DispatchQuota, SeatQuota
from cadreplan.model._requirements import CycleBasis, Requirement, default_requirements
from cadreplan.model._training import (
    ActionPlan,
    DeliveryMode,
    Enrollment,
    EnrollmentStatus,
    Institution,
    Program,
    Session,
    TeachingMethod,
)
from cadreplan.model._units import ADMINISTRATIVE_LEVELS as ADMINISTRATIVE_LEVELS
from cadreplan.model._units import Unit, UnitKind, UnitTree
from cadreplan.model._vocab import (
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

# The names imported "as" themselves above are shared with the layers above
# and are not part of the public API; __all__ is.
__all__ = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_INSTITUTION_KINDS",
    "DEFAULT_RANKS",
    "DEFAULT_THEMES",
    "DEFAULT_TIERS",
    "ActionPlan",
    "AltitudeRotation",
    "Audience",
    "AudienceCondition",
    "AudienceMismatch",
    "Cadre",
    "CycleBasis",
    "DeliveryMode",
    "DispatchQuota",
    "Enrollment",
    "EnrollmentStatus",
    "Institution",
    "Period",
    "Plan",
    "Post",
    "PostKind",
    "PostRanking",
    "PracticeAssignment",
    "PracticePreference",
    "PracticeRecord",
    "PracticeRules",
    "Program",
    "ReleaseLimit",
    "Requirement",
    "SeatQuota",
    "Session",
    "TeachingMethod",
    "Term",
    "Tier",
    "TierScheme",
    "TrainingRecord",
    "Unit",
    "UnitKind",
    "UnitTree",
    "Vocabulary",
    "default_requirements",
]
