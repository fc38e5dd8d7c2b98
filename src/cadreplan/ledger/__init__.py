"""The ledger layer (应训尽训台账): the questions validation and allocation both ask.

Is this cadre eligible for this session? Do these commitments overlap? Would
this be duplicate training? Does this training count toward that
requirement? And, for every requirement and every cadre under it: what is
required, done, planned and still short. The rules report where a plan
answers these wrongly; the allocators use the same answers to decide who may
take a seat, so the two never disagree. Everything in ``__all__`` is also
exported by `cadreplan`.
"""

from cadreplan.ledger._coverage import NOTHING_COUNTED as NOTHING_COUNTED
from cadreplan.ledger._coverage import Counted as Counted
from cadreplan.ledger._coverage import Counting as Counting
from cadreplan.ledger._coverage import CoverageLedger, coverage
from cadreplan.ledger._coverage import applicable as applicable
from cadreplan.ledger._coverage import count_within as count_within
from cadreplan.ledger._coverage import ledger_entry as ledger_entry
from cadreplan.ledger._practice import PRACTICE_BAR_CODES as PRACTICE_BAR_CODES
from cadreplan.ledger._practice import PastPost as PastPost
from cadreplan.ledger._practice import (
    PracticeBar,
    PracticeBarRule,
    assignment_span,
    earlier_posts,
    practice_bar,
    release_limit_of,
)
from cadreplan.ledger._practice import peak_away as peak_away
from cadreplan.ledger._practice import rotation_bar as rotation_bar
from cadreplan.ledger._practice import term_bar as term_bar
from cadreplan.ledger._predicates import DEFAULT_THEME_WINDOW as DEFAULT_THEME_WINDOW
from cadreplan.ledger._predicates import (
    Commitment,
    commitments_of,
    counts_toward,
    duplicate_reason,
    is_eligible,
    overlapping_commitments,
    starts_too_close,
    trainings_of,
)
from cadreplan.ledger._predicates import minus_window as minus_window
from cadreplan.ledger._predicates import seats_held as seats_held
from cadreplan.ledger._predicates import too_close_to as too_close_to
from cadreplan.ledger._predicates import trainings_by_cadre as trainings_by_cadre
from cadreplan.ledger._records import CoverageEntry, CoverageSummary, Training
from cadreplan.ledger._windows import Window as Window
from cadreplan.ledger._windows import cycle_window

# The names imported "as" themselves above are shared with the layers above
# and are not part of the public API; __all__ is.
__all__ = [
    "Commitment",
    "CoverageEntry",
    "CoverageLedger",
    "CoverageSummary",
    "PracticeBar",
    "PracticeBarRule",
    "Training",
    "assignment_span",
    "commitments_of",
    "counts_toward",
    "coverage",
    "cycle_window",
    "duplicate_reason",
    "earlier_posts",
    "is_eligible",
    "overlapping_commitments",
    "practice_bar",
    "release_limit_of",
    "starts_too_close",
    "trainings_of",
]
