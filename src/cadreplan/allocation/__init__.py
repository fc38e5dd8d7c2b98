"""The allocation layer: seat quotas, the tier cascade, the exact optimizer, explanations.

- [`apportion`][cadreplan.apportion] splits seats between units by headcount
  (largest remainder, D'Hondt, Sainte-Laguë, Huntington–Hill), and
  [`quotas_for`][cadreplan.quotas_for] turns a session's seats into quotas.
- [`allocate`][cadreplan.allocate] gives training seats tier by tier
  ([`CascadePolicy`][cadreplan.CascadePolicy]) or exactly
  ([`OptimalPolicy`][cadreplan.OptimalPolicy], the ``solver`` extra), after
  refusing a plan with error findings unless asked to go on; its
  [`AllocationResult`][cadreplan.AllocationResult] names who is still short
  and who got no seat, and explains every decision.
- [`explain`][cadreplan.explain] tells where one cadre stands in any plan; an
  [`Explanation`][cadreplan.Explanation] says which of the two questions it
  answers, in English or Chinese.

Everything in ``__all__`` is also exported by `cadreplan`.
"""

from cadreplan.allocation._allocate import allocate
from cadreplan.allocation._allocate import error_findings as error_findings
from cadreplan.allocation._apportion import ApportionmentMethod, apportion
from cadreplan.allocation._arguments import POLICY_NAMES as POLICY_NAMES
from cadreplan.allocation._arguments import check_policy as check_policy
from cadreplan.allocation._arguments import check_seed as check_seed
from cadreplan.allocation._cascade_events import AllocationEvent, Outcome
from cadreplan.allocation._explain import explain
from cadreplan.allocation._explanation import OUTCOME_LABELS as OUTCOME_LABELS
from cadreplan.allocation._explanation import Explanation
from cadreplan.allocation._optimal import require_solver as require_solver
from cadreplan.allocation._policies import CascadePolicy, OptimalPolicy
from cadreplan.allocation._quota_split import eligible_headcount, quotas_for
from cadreplan.allocation._result import (
    AllocationResult,
    CadreShortfall,
    ShortfallReason,
    TierFill,
    TownshipShortfall,
    Unplaced,
    UnplacedReason,
)
from cadreplan.allocation._seating import SessionFill

# The names imported "as" themselves above are shared with the layers above
# and are not part of the public API; __all__ is.
__all__ = [
    "AllocationEvent",
    "AllocationResult",
    "ApportionmentMethod",
    "CadreShortfall",
    "CascadePolicy",
    "Explanation",
    "OptimalPolicy",
    "Outcome",
    "SessionFill",
    "ShortfallReason",
    "TierFill",
    "TownshipShortfall",
    "Unplaced",
    "UnplacedReason",
    "allocate",
    "apportion",
    "eligible_headcount",
    "explain",
    "quotas_for",
]
