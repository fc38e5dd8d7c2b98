"""Hypothesis strategies that build valid cadreplan objects, and whole plans.

Every strategy here builds only objects that the model accepts. The building
blocks take the ids or codes they may refer to as a tuple (``None`` means any
id), so that `plans` can tie them together into a referentially consistent
plan: units listed parents first, cadres in existing units with categories and
ranks of the plan's vocabularies, sessions of existing programs at existing
institutions, unique ids everywhere. Sizes are small so that examples are fast.

Choices among known ids are drawn as indexes (``choose``, ``choose_some``)
rather than through a new ``sampled_from`` strategy per draw: hypothesis
caches strategies built from plain arguments, which keeps a plan cheap.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from typing import TYPE_CHECKING, Any, TypeVar

from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from cadreplan import (
    DEFAULT_CATEGORIES,
    DEFAULT_INSTITUTION_KINDS,
    DEFAULT_RANKS,
    DEFAULT_THEMES,
    DEFAULT_TIERS,
    ActionPlan,
    AltitudeRotation,
    Audience,
    Cadre,
    CycleBasis,
    DeliveryMode,
    DispatchQuota,
    Enrollment,
    EnrollmentStatus,
    Institution,
    Period,
    Plan,
    Post,
    PostKind,
    PostRanking,
    PracticeAssignment,
    PracticePreference,
    PracticeRecord,
    PracticeRules,
    Program,
    ReleaseLimit,
    Requirement,
    SeatQuota,
    Session,
    TeachingMethod,
    Term,
    Tier,
    TierScheme,
    TrainingRecord,
    Unit,
    UnitKind,
    Vocabulary,
    default_requirements,
)
from cadreplan.model import id_number_check_digit

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from hypothesis.strategies import DrawFn, SearchStrategy

T = TypeVar("T")
Known = tuple[str, ...] | None
"""Ids a generated object may refer to; ``None`` means any id."""

ID_CHARACTERS = "abcdefgkmnpqrstxyzABCDGKMNPQRSTXYZ0123456789-_.:/#拉萨日喀则林芝那曲阿里é"
"""Characters of generated ids: ASCII, punctuation and some non-ASCII (拉萨, é)."""

SAMPLE_NAMES = ("拉萨市", "日喀则市", "城关区", "Lhasa", 'O\'Brien "quoted"', "a: b", "- x", "")
"""Names worth trying every time: Chinese, quotes, YAML syntax, empty."""

EARLIEST_ON = dt.date(2015, 1, 1)
LATEST_ON = dt.date(2030, 12, 31)

_WORDS = st.text(ID_CHARACTERS, min_size=1, max_size=5)
_IDS = st.one_of(_WORDS, st.builds("{} {}".format, _WORDS, _WORDS))
# Control characters other than tab and newline are left to explicit tests
# (test_io.py), so that a known failure is not rediscovered by every property.
_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n"), max_size=8
)
_NAMES = st.one_of(st.sampled_from(SAMPLE_NAMES), _TEXT)


def ids() -> SearchStrategy[str]:
    """Return a strategy for short id strings, some non-ASCII, some with an inner space."""
    return _IDS


def names() -> SearchStrategy[str]:
    """Return a strategy for display names: any short text, empty included."""
    return _NAMES


@functools.cache
def optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    """Return a strategy for ``None`` or a value of *strategy*."""
    return st.none() | strategy


def choose(draw: DrawFn, known: Known) -> str:
    """Draw one of the *known* ids (which must not be empty), or any id if ``None``."""
    if known is None:
        return draw(_IDS)
    return known[draw(st.integers(0, len(known) - 1))]


def choose_optional(draw: DrawFn, known: Known) -> str | None:
    """Draw ``None`` or one of the *known* ids (``None`` only, if there are none)."""
    if known == () or draw(st.booleans()):
        return None
    return choose(draw, known)


def choose_some(draw: DrawFn, known: Known, max_size: int = 2) -> frozenset[str]:
    """Draw a small set of the *known* ids, or of any ids if ``None``."""
    if known is None:
        return draw(st.frozensets(_IDS, max_size=max_size))
    if not known:
        return frozenset()
    indexes = draw(st.lists(st.integers(0, len(known) - 1), max_size=max_size, unique=True))
    return frozenset(known[index] for index in indexes)


def tag_sets() -> SearchStrategy[frozenset[str]]:
    """Return a strategy for small sets of tags."""
    return st.frozensets(_IDS, max_size=3)


@functools.cache
def days(min_on: dt.date = EARLIEST_ON, max_on: dt.date = LATEST_ON) -> SearchStrategy[dt.date]:
    """Return a strategy for dates between *min_on* and *max_on*."""
    return st.dates(min_value=min_on, max_value=max_on)


@functools.cache
def date_ranges(*, max_days: int = 60) -> SearchStrategy[tuple[dt.date, dt.date]]:
    """Return a strategy for ``(start_on, end_on)`` with ``end_on`` on or after ``start_on``."""
    lengths = st.integers(0, max_days).map(lambda n: dt.timedelta(days=n))
    return st.tuples(days(), lengths).map(lambda pair: (pair[0], pair[0] + pair[1]))


@functools.cache
def hours(*, positive: bool = False) -> SearchStrategy[float]:
    """Return a strategy for class hours, as ints and floats."""
    whole = st.integers(1 if positive else 0, 600)
    fraction = st.floats(0, 600, exclude_min=positive, allow_nan=False, allow_infinity=False)
    return st.one_of(whole, fraction)


def _id_number(region: str, born_on: dt.date, serial: int) -> str:
    first17 = f"{region}{born_on:%Y%m%d}{serial:03d}"
    return first17 + id_number_check_digit(first17)


@functools.cache
def id_numbers() -> SearchStrategy[str]:
    """Return a strategy for 18-character resident id numbers with a correct check character."""
    return st.builds(
        _id_number,
        st.text("0123456789", min_size=6, max_size=6),
        st.dates(dt.date(1940, 1, 1), dt.date(2010, 12, 31)),
        st.integers(0, 999),
    )


@functools.cache
def durations() -> SearchStrategy[relativedelta]:
    """Return a strategy for positive durations in years, months and days."""
    parts = st.tuples(st.integers(0, 10), st.integers(0, 30), st.integers(0, 400))
    return parts.filter(any).map(lambda p: relativedelta(years=p[0], months=p[1], days=p[2]))


@functools.cache
def periods() -> SearchStrategy[Period]:
    """Return a strategy for periods of up to two years."""
    return date_ranges(max_days=730).map(lambda pair: Period(*pair))


# -- vocabularies -----------------------------------------------------------------------


def terms() -> SearchStrategy[Term]:
    """Return a strategy for vocabulary terms."""
    return st.builds(Term, _IDS, _NAMES, _NAMES)


def vocabularies(*, min_size: int = 0, max_size: int = 5) -> SearchStrategy[Vocabulary]:
    """Return a strategy for vocabularies with unique codes."""
    members = st.lists(terms(), min_size=min_size, max_size=max_size, unique_by=lambda t: t.code)
    return members.map(Vocabulary)


@st.composite
def tiers(draw: DrawFn, *, institution_kinds: Known = None) -> Tier:
    """Draw a tier whose institution kinds are some of *institution_kinds*."""
    return Tier(
        code=draw(_IDS),
        zh=draw(_NAMES),
        en=draw(_NAMES),
        institution_kinds=choose_some(draw, institution_kinds),
        is_backstop=draw(st.booleans()),
    )


def tier_schemes(
    *, institution_kinds: Known = None, min_size: int = 1, max_size: int = 4
) -> SearchStrategy[TierScheme]:
    """Return a strategy for tier schemes with unique codes."""
    members = st.lists(
        tiers(institution_kinds=institution_kinds),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda t: t.code,
    )
    return members.map(TierScheme)


# -- units and people --------------------------------------------------------------------


def _unit(draw: DrawFn, unit_id: str, parent: str | None) -> Unit:
    return Unit(
        id=unit_id,
        name=draw(_NAMES),
        kind=draw(st.sampled_from(UnitKind)),
        parent=parent,
        altitude_m=draw(optional(st.integers(-500, 9000))),
        tags=draw(tag_sets()),
    )


@st.composite
def units(draw: DrawFn) -> Unit:
    """Draw a unit with any parent but itself."""
    unit_id = draw(_IDS)
    parent = draw(optional(_IDS))
    return _unit(draw, unit_id, None if parent == unit_id else parent)


@st.composite
def unit_trees(draw: DrawFn, *, min_size: int = 1, max_size: int = 6) -> tuple[Unit, ...]:
    """Draw the units of a tree (or forest), each listed after its parent."""
    unit_ids = draw(st.lists(_IDS, min_size=min_size, max_size=max_size, unique=True))
    return tuple(
        _unit(draw, unit_id, choose_optional(draw, tuple(unit_ids[:index])))
        for index, unit_id in enumerate(unit_ids)
    )


@st.composite
def cadres(
    draw: DrawFn, *, unit_ids: Known = None, categories: Known = None, ranks: Known = None
) -> Cadre:
    """Draw a cadre, with or without each optional field."""
    return Cadre(
        id=draw(_IDS),
        name=draw(_NAMES),
        unit=choose(draw, unit_ids),
        category=choose(draw, categories),
        rank=choose(draw, ranks),
        appointed_on=draw(optional(days())),
        born_on=draw(optional(days(dt.date(1950, 1, 1), dt.date(2005, 12, 31)))),
        potential=draw(optional(st.integers(1, 5))),
        tags=draw(tag_sets()),
        id_number=draw(optional(id_numbers())),
    )


@st.composite
def training_records(
    draw: DrawFn,
    *,
    cadre_ids: Known = None,
    tier_codes: Known = None,
    themes: Known = None,
    institution_kinds: Known = None,
) -> TrainingRecord:
    """Draw a past training; its program may be any id (history predates the plan)."""
    start_on, end_on = draw(date_ranges())
    return TrainingRecord(
        cadre=choose(draw, cadre_ids),
        start_on=start_on,
        end_on=end_on,
        hours=draw(hours()),
        program=draw(optional(_IDS)),
        tier=choose_optional(draw, tier_codes),
        themes=choose_some(draw, themes, 3),
        institution_kind=choose_optional(draw, institution_kinds),
        is_completed=draw(st.booleans()),
    )


@st.composite
def audiences(
    draw: DrawFn, *, categories: Known = None, ranks: Known = None, unit_ids: Known = None
) -> Audience:
    """Draw an audience; every criterion may be open or set."""
    min_age = draw(optional(st.integers(0, 70)))
    max_age = draw(optional(st.integers(0 if min_age is None else min_age, 150)))
    return Audience(
        categories=choose_some(draw, categories),
        ranks=choose_some(draw, ranks),
        units=choose_some(draw, unit_ids),
        tags=draw(st.frozensets(_IDS, max_size=2)),
        min_age=min_age,
        max_age=max_age,
        min_potential=draw(optional(st.integers(1, 5))),
    )


# -- training ----------------------------------------------------------------------------


@st.composite
def institutions(draw: DrawFn, *, kinds: Known = None) -> Institution:
    """Draw an institution."""
    return Institution(
        id=draw(_IDS),
        name=draw(_NAMES),
        kind=choose(draw, kinds),
        location=draw(_NAMES),
        altitude_m=draw(optional(st.integers(-500, 9000))),
    )


def action_plans() -> SearchStrategy[ActionPlan]:
    """Return a strategy for umbrella action plans."""
    return st.builds(ActionPlan, id=_IDS, title=_NAMES)


@st.composite
def programs(
    draw: DrawFn,
    *,
    tier_codes: Known = None,
    unit_ids: Known = None,
    themes: Known = None,
    action_plan_ids: Known = None,
    audience: SearchStrategy[Audience] | None = None,
) -> Program:
    """Draw a training program."""
    return Program(
        id=draw(_IDS),
        title=draw(_NAMES),
        tier=choose(draw, tier_codes),
        organizer=choose(draw, unit_ids),
        hours=draw(hours(positive=True)),
        themes=choose_some(draw, themes, 3),
        co_organizers=sorted(choose_some(draw, unit_ids)),
        audience=draw(audiences() if audience is None else audience),
        delivery=draw(st.sampled_from(DeliveryMode)),
        methods=draw(st.frozensets(st.sampled_from(TeachingMethod), max_size=3)),
        action_plan=choose_optional(draw, action_plan_ids),
    )


@st.composite
def sessions(draw: DrawFn, *, program_ids: Known = None, institution_ids: Known = None) -> Session:
    """Draw a session that ends on or after the day it starts."""
    start_on, end_on = draw(date_ranges(max_days=30))
    return Session(
        id=draw(_IDS),
        program=choose(draw, program_ids),
        institution=choose(draw, institution_ids),
        start_on=start_on,
        end_on=end_on,
        capacity=draw(st.integers(1, 80)),
    )


@st.composite
def enrollments(draw: DrawFn, *, cadre_ids: Known = None, session_ids: Known = None) -> Enrollment:
    """Draw an enrollment, with or without credited hours."""
    return Enrollment(
        cadre=choose(draw, cadre_ids),
        session=choose(draw, session_ids),
        status=draw(st.sampled_from(EnrollmentStatus)),
        hours=draw(optional(hours())),
    )


# -- quotas, requirements, practice ---------------------------------------------------


@st.composite
def seat_quotas(
    draw: DrawFn, *, unit_ids: Known = None, session_ids: Known = None, program_ids: Known = None
) -> SeatQuota:
    """Draw a seat quota for exactly one session or one program (one list must be non-empty)."""
    for_session = program_ids == () or (session_ids != () and draw(st.booleans()))
    return SeatQuota(
        unit=choose(draw, unit_ids),
        seats=draw(st.integers(0, 50)),
        session=choose(draw, session_ids) if for_session else None,
        program=None if for_session else choose(draw, program_ids),
        reserved_until=draw(optional(days())),
    )


@st.composite
def dispatch_quotas(
    draw: DrawFn,
    *,
    tier_codes: Known = None,
    institution_kinds: Known = None,
    unit_ids: Known = None,
) -> DispatchQuota:
    """Draw a dispatch quota with any of its filters set."""
    return DispatchQuota(
        id=draw(_IDS),
        seats=draw(st.integers(0, 600)),
        tier=choose_optional(draw, tier_codes),
        institution_kind=choose_optional(draw, institution_kinds),
        issuer=draw(_NAMES),
        unit=choose_optional(draw, unit_ids),
    )


@st.composite
def requirements(
    draw: DrawFn,
    *,
    tier_codes: Known = None,
    themes: Known = None,
    institution_kinds: Known = None,
    program_ids: Known = None,
    audience: SearchStrategy[Audience] | None = None,
) -> Requirement:
    """Draw a requirement with at least one amount, anchored exactly when its basis is fixed."""
    amount_hours = draw(optional(hours(positive=True)))
    amount_days = draw(optional(st.integers(1, 400)))
    amount_sessions = draw(optional(st.integers(1, 10)))
    if amount_hours is None and amount_days is None and amount_sessions is None:
        amount_sessions = draw(st.integers(1, 10))
    basis = draw(st.sampled_from(CycleBasis))
    return Requirement(
        id=draw(_IDS),
        title=draw(_NAMES),
        audience=draw(audiences() if audience is None else audience),
        cycle=draw(durations()),
        hours=amount_hours,
        days=amount_days,
        sessions=amount_sessions,
        basis=basis,
        anchor_on=draw(days()) if basis is CycleBasis.FIXED else None,
        grace=draw(optional(durations())),
        tiers=choose_some(draw, tier_codes),
        themes=choose_some(draw, themes),
        institution_kinds=choose_some(draw, institution_kinds),
        programs=choose_some(draw, program_ids),
        reference=draw(_NAMES),
    )


@st.composite
def posts(
    draw: DrawFn, *, unit_ids: Known = None, audience: SearchStrategy[Audience] | None = None
) -> Post:
    """Draw a practice post."""
    start_on, end_on = draw(date_ranges(max_days=365))
    return Post(
        id=draw(_IDS),
        title=draw(_NAMES),
        kind=draw(st.sampled_from(PostKind)),
        unit=choose(draw, unit_ids),
        start_on=start_on,
        end_on=end_on,
        slots=draw(st.integers(0, 10)),
        audience=draw(audiences() if audience is None else audience),
        term=draw(optional(durations())),
    )


@st.composite
def practice_assignments(
    draw: DrawFn, *, cadre_ids: Known = None, post_ids: Known = None
) -> PracticeAssignment:
    """Draw a practice assignment."""
    start_on, end_on = draw(date_ranges(max_days=365))
    return PracticeAssignment(
        cadre=choose(draw, cadre_ids),
        post=choose(draw, post_ids),
        start_on=start_on,
        end_on=end_on,
    )


def _ranked_groups(draw: DrawFn, known: Known) -> tuple[frozenset[str], ...]:
    """Draw a ranking of distinct ids (from *known*, if given) in groups, ties included."""
    pool = st.sampled_from(sorted(known)) if known else _IDS
    named = draw(st.lists(pool, min_size=1, max_size=4, unique=True))
    cuts = (
        sorted(draw(st.sets(st.integers(1, len(named) - 1), max_size=len(named) - 1)))
        if len(named) > 1
        else []
    )
    bounds = [0, *cuts, len(named)]
    return tuple(frozenset(named[a:b]) for a, b in itertools.pairwise(bounds))


@st.composite
def practice_preferences(
    draw: DrawFn, *, cadre_ids: Known = None, post_ids: Known = None
) -> PracticePreference:
    """Draw a cadre's ordered post preferences, ties included."""
    return PracticePreference(cadre=choose(draw, cadre_ids), posts=_ranked_groups(draw, post_ids))


@st.composite
def post_rankings(draw: DrawFn, *, post_ids: Known = None, cadre_ids: Known = None) -> PostRanking:
    """Draw a post's ordered ranking of cadres, ties included."""
    return PostRanking(post=choose(draw, post_ids), cadres=_ranked_groups(draw, cadre_ids))


@st.composite
def practice_records(draw: DrawFn, *, cadre_ids: Known = None) -> PracticeRecord:
    """Draw an earlier practice assignment; its post may predate the plan."""
    start_on, end_on = draw(date_ranges(max_days=730))
    return PracticeRecord(
        cadre=choose(draw, cadre_ids),
        start_on=start_on,
        end_on=end_on,
        post_kind=draw(st.sampled_from(PostKind)),
        altitude_m=draw(optional(st.integers(-500, 9000))),
        unit_level=draw(optional(st.sampled_from(UnitKind))),
        post=draw(optional(_IDS)),
    )


@st.composite
def altitude_rotations(draw: DrawFn) -> AltitudeRotation:
    """Draw a rotation rule down from high altitude."""
    return AltitudeRotation(above_m=draw(st.integers(-500, 9000)), years=draw(st.integers(1, 100)))


@st.composite
def release_limits(draw: DrawFn, *, unit_ids: Known = None) -> ReleaseLimit:
    """Draw a limit on how many of a unit's staff may be away at once."""
    max_cadres = draw(optional(st.integers(0, 20)))
    share = st.floats(0, 1, allow_nan=False)
    max_share = draw(share if max_cadres is None else optional(share))
    units = draw(st.sets(st.sampled_from(sorted(unit_ids)), max_size=2)) if unit_ids else set()
    return ReleaseLimit(
        unit_kinds=draw(st.sets(st.sampled_from(UnitKind), max_size=2)),
        units=units,
        max_cadres=max_cadres,
        max_share=max_share,
    )


@st.composite
def practice_rules(
    draw: DrawFn, *, unit_ids: Known = None, audience: SearchStrategy[Audience] | None = None
) -> PracticeRules:
    """Draw the practice rules of a plan, often the empty default."""
    if draw(st.booleans()):
        return PracticeRules()
    low, high = draw(optional(durations())), draw(optional(durations()))
    if (
        low is not None
        and high is not None
        and dt.date(2000, 1, 1) + high < dt.date(2000, 1, 1) + low
    ):
        low, high = high, low
    return PracticeRules(
        altitude=draw(optional(altitude_rotations())),
        no_repeat_kind=draw(st.booleans()),
        min_term=low,
        max_term=high,
        release_limits=draw(st.lists(release_limits(unit_ids=unit_ids), max_size=2)),
        secondment=draw(optional(audiences() if audience is None else audience)),
    )


# -- whole plans --------------------------------------------------------------------------


def _some(
    draw: DrawFn,
    items: SearchStrategy[T],
    *,
    max_size: int,
    key: Callable[[T], Any] | None = None,
    needs: Sequence[Sequence[object]] = (),
) -> tuple[T, ...]:
    """Draw up to *max_size* items with unique keys; none if a collection in *needs* is empty."""
    if not all(needs):
        return ()
    if key is None:
        return tuple(draw(st.lists(items, max_size=max_size)))
    return tuple(draw(st.lists(items, max_size=max_size, unique_by=key)))


def _ids_of(items: Sequence[Any]) -> tuple[str, ...]:
    return tuple(item.id for item in items)


def _by_id(item: Any) -> str:
    return item.id  # type: ignore[no-any-return]


@st.composite
def plans(draw: DrawFn, *, max_size: int = 3) -> Plan:
    """Draw a whole plan whose every reference resolves and whose ids are unique.

    Half of the plans use the default vocabularies and tier scheme, the other
    half small generated ones (whose tiers only use the plan's institution
    kinds). Each collection holds at most a few objects.
    """
    if draw(st.booleans()):
        categories, ranks = DEFAULT_CATEGORIES, DEFAULT_RANKS
        themes, kinds, scheme = DEFAULT_THEMES, DEFAULT_INSTITUTION_KINDS, DEFAULT_TIERS
    else:
        categories = draw(vocabularies(min_size=1, max_size=3))
        ranks = draw(vocabularies(min_size=1, max_size=3))
        themes = draw(vocabularies(max_size=3))
        kinds = draw(vocabularies(min_size=1, max_size=3))
        scheme = draw(tier_schemes(institution_kinds=kinds.codes, max_size=3))
    unit_list = draw(unit_trees(max_size=max_size + 2))
    unit_ids = _ids_of(unit_list)
    audience = audiences(categories=categories.codes, ranks=ranks.codes, unit_ids=unit_ids)
    cadre_list = _some(
        draw,
        cadres(unit_ids=unit_ids, categories=categories.codes, ranks=ranks.codes),
        max_size=max_size + 2,
        key=_by_id,
    )
    institution_list = _some(draw, institutions(kinds=kinds.codes), max_size=2, key=_by_id)
    action_plan_list = _some(draw, action_plans(), max_size=2, key=_by_id)
    program_list = _some(
        draw,
        programs(
            tier_codes=scheme.codes,
            unit_ids=unit_ids,
            themes=themes.codes,
            action_plan_ids=_ids_of(action_plan_list),
            audience=audience,
        ),
        max_size=max_size,
        key=_by_id,
    )
    session_list = _some(
        draw,
        sessions(program_ids=_ids_of(program_list), institution_ids=_ids_of(institution_list)),
        max_size=max_size + 2,
        key=_by_id,
        needs=(program_list, institution_list),
    )
    post_list = _some(draw, posts(unit_ids=unit_ids, audience=audience), max_size=2, key=_by_id)
    cadre_ids, session_ids = _ids_of(cadre_list), _ids_of(session_list)
    return Plan(
        name=draw(_NAMES),
        period=draw(periods()),
        tiers=scheme,
        categories=categories,
        ranks=ranks,
        themes=themes,
        institution_kinds=kinds,
        units=unit_list,
        cadres=cadre_list,
        institutions=institution_list,
        action_plans=action_plan_list,
        programs=program_list,
        sessions=session_list,
        enrollments=_some(
            draw,
            enrollments(cadre_ids=cadre_ids, session_ids=session_ids),
            max_size=max_size + 2,
            key=lambda e: (e.cadre, e.session),
            needs=(cadre_list, session_list),
        ),
        history=_some(
            draw,
            training_records(
                cadre_ids=cadre_ids,
                tier_codes=scheme.codes,
                themes=themes.codes,
                institution_kinds=kinds.codes,
            ),
            max_size=max_size,
            needs=(cadre_list,),
        ),
        requirements=_some(
            draw,
            requirements(
                tier_codes=scheme.codes,
                themes=themes.codes,
                institution_kinds=kinds.codes,
                program_ids=_ids_of(program_list),
                audience=audience,
            ),
            max_size=2,
            key=_by_id,
        ),
        seat_quotas=_some(
            draw,
            seat_quotas(
                unit_ids=unit_ids, session_ids=session_ids, program_ids=_ids_of(program_list)
            ),
            max_size=3,
            key=lambda q: (q.unit, q.session, q.program),
            needs=((*session_list, *program_list),),
        ),
        dispatch_quotas=_some(
            draw,
            dispatch_quotas(
                tier_codes=scheme.codes, institution_kinds=kinds.codes, unit_ids=unit_ids
            ),
            max_size=2,
            key=_by_id,
        ),
        posts=post_list,
        assignments=_some(
            draw,
            practice_assignments(cadre_ids=cadre_ids, post_ids=_ids_of(post_list)),
            max_size=3,
            needs=(cadre_list, post_list),
        ),
        preferences=_some(
            draw,
            practice_preferences(cadre_ids=cadre_ids, post_ids=_ids_of(post_list)),
            max_size=3,
            key=lambda p: p.cadre,
            needs=(cadre_list, post_list),
        ),
        rankings=_some(
            draw,
            post_rankings(post_ids=_ids_of(post_list), cadre_ids=cadre_ids),
            max_size=2,
            key=lambda r: r.post,
            needs=(cadre_list, post_list),
        ),
        practice_history=_some(
            draw, practice_records(cadre_ids=cadre_ids), max_size=3, needs=(cadre_list,)
        ),
        practice_rules=draw(practice_rules(unit_ids=unit_ids, audience=audience)),
    )


MODEL_OBJECTS: dict[type[Any], SearchStrategy[Any]] = {
    Unit: units(),
    Cadre: cadres(),
    TrainingRecord: training_records(),
    Institution: institutions(),
    ActionPlan: action_plans(),
    Program: programs(),
    Session: sessions(),
    Enrollment: enrollments(),
    Audience: audiences(),
    SeatQuota: seat_quotas(),
    DispatchQuota: dispatch_quotas(),
    Requirement: requirements(),
    Post: posts(),
    PracticeAssignment: practice_assignments(),
    PracticePreference: practice_preferences(),
    PostRanking: post_rankings(),
    PracticeRecord: practice_records(),
    AltitudeRotation: altitude_rotations(),
    ReleaseLimit: release_limits(),
    PracticeRules: practice_rules(),
    Term: terms(),
    Vocabulary: vocabularies(),
    Tier: tiers(),
    TierScheme: tier_schemes(),
    Period: periods(),
}
"""A strategy for objects of every model class, by class."""


def plan_settings() -> settings:
    """Return settings for properties over whole plans: a quarter of the profile's examples.

    A plan is some fifty objects, so each example costs as much as dozens of
    single-object ones; at least ten plans are tried under any profile. Large
    and slow inputs are what a plan is, so those two health checks are off (as
    deadlines are in every profile: timing belongs to the benchmarks).
    """
    return settings(
        max_examples=max(10, settings().max_examples // 4),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- a fixed plan for example-based tests ---------------------------------------------


def sample_plan() -> Plan:
    """Return a small, hand-written, valid plan: one region with every kind of object.

    Units: 西藏自治区 (XZ) > 拉萨市 (LS) > 城关区 (CG) > 蔡公堂乡 (CG-T1) > 村 (CG-V1),
    plus 日喀则市 (RKZ) and the organization department (ORG) under the region.
    """
    on = dt.date
    return Plan(
        name="西藏自治区2024年度干部教育培训计划",
        period=Period(on(2024, 1, 1), on(2024, 12, 31)),
        units=(
            Unit(id="XZ", name="西藏自治区", kind=UnitKind.REGION, altitude_m=3650),
            Unit(id="LS", name="拉萨市", kind=UnitKind.PREFECTURE, parent="XZ"),
            Unit(id="CG", name="城关区", kind=UnitKind.COUNTY, parent="LS"),
            Unit(id="CG-T1", name="蔡公堂乡", kind=UnitKind.TOWNSHIP, parent="CG"),
            Unit(id="CG-V1", name="白定村", kind=UnitKind.VILLAGE, parent="CG-T1", tags={"border"}),
            Unit(id="RKZ", name="日喀则市", kind=UnitKind.PREFECTURE, parent="XZ"),
            Unit(id="ORG", name="自治区党委组织部", kind=UnitKind.DEPARTMENT, parent="XZ"),
        ),
        cadres=(
            Cadre(
                id="c1",
                name="次仁",
                unit="CG-V1",
                category="village_cadre",
                rank="unranked",
                born_on=on(1985, 6, 15),
                potential=4,
                tags={"reserve"},
                id_number="540102198506150015",
            ),
            Cadre(
                id="c2",
                name="卓玛",
                unit="CG-T1",
                category="township_cadre",
                rank="township",
                appointed_on=on(2023, 7, 1),
                born_on=on(1990, 2, 28),
            ),
            Cadre(
                id="c3",
                name="扎西",
                unit="CG",
                category="county_department_official",
                rank="county",
                tags={"leader"},
                potential=5,
            ),
            Cadre(id="c4", name="Lobsang", unit="RKZ", category="village_cadre", rank="unranked"),
        ),
        institutions=(
            Institution(id="PS", name="拉萨市委党校", kind="party_school", location="拉萨"),
            Institution(id="CPS", name="中央党校（国家行政学院）", kind="national_institution"),
        ),
        action_plans=(ActionPlan(id="AP1", title="基层干部主题培训行动计划"),),
        programs=(
            Program(
                id="P-nat",
                title="长治久安专题研讨班",
                tier="national_dispatch",
                organizer="ORG",
                hours=80,
                themes={"long_term_stability"},
            ),
            Program(
                id="P-cty",
                title="村干部乡村治理培训班",
                tier="county_general",
                organizer="CG",
                hours=32.5,
                themes={"rural_governance", "common_language"},
                co_organizers=("LS",),
                audience=Audience(categories={"village_cadre"}),
                delivery=DeliveryMode.HYBRID,
                methods={TeachingMethod.CASE_TEACHING, TeachingMethod.TABLETOP_EXERCISE},
                action_plan="AP1",
            ),
            Program(
                id="P-twn",
                title="冬训",
                tier="township_backstop",
                organizer="CG-T1",
                hours=24,
                themes={"winter_training"},
            ),
        ),
        sessions=(
            Session(
                id="S1",
                program="P-nat",
                institution="CPS",
                start_on=on(2024, 3, 4),
                end_on=on(2024, 3, 15),
                capacity=2,
            ),
            Session(
                id="S2",
                program="P-cty",
                institution="PS",
                start_on=on(2024, 4, 1),
                end_on=on(2024, 4, 5),
                capacity=30,
            ),
            Session(
                id="S3",
                program="P-cty",
                institution="PS",
                start_on=on(2024, 1, 10),
                end_on=on(2024, 1, 12),
                capacity=30,
            ),
            Session(
                id="S4",
                program="P-twn",
                institution="PS",
                start_on=on(2024, 11, 1),
                end_on=on(2024, 11, 3),
                capacity=60,
            ),
        ),
        enrollments=(
            Enrollment(cadre="c3", session="S1", status=EnrollmentStatus.CONFIRMED),
            Enrollment(cadre="c1", session="S2"),
            Enrollment(cadre="c4", session="S2", status=EnrollmentStatus.WITHDRAWN),
            Enrollment(cadre="c1", session="S4", hours=12),
        ),
        history=(
            TrainingRecord(
                cadre="c3",
                start_on=on(2022, 9, 5),
                end_on=on(2022, 9, 30),
                hours=150,
                program="old-program",
                tier="regional_demonstration",
                themes={"party_theory"},
                institution_kind="party_school",
            ),
        ),
        requirements=default_requirements(anchor_on=dt.date(2024, 1, 1)),
        seat_quotas=(
            SeatQuota(unit="LS", seats=10, session="S2"),
            SeatQuota(unit="RKZ", seats=5, program="P-cty", reserved_until=on(2024, 3, 1)),
        ),
        dispatch_quotas=(
            DispatchQuota(id="D1", seats=2, tier="national_dispatch", issuer="中组部"),
        ),
        posts=(
            Post(
                id="POST1",
                title="驻村工作队",
                kind=PostKind.VILLAGE_TEMPLE_RESIDENCY,
                unit="CG-V1",
                start_on=on(2024, 5, 1),
                end_on=on(2024, 10, 31),
                slots=2,
                audience=Audience(ranks={"township"}),
            ),
            Post(
                id="POST2",
                title="边境管控一线岗位",
                kind=PostKind.BORDER_CONTROL,
                unit="RKZ",
                start_on=on(2024, 3, 1),
                end_on=on(2025, 2, 28),
                slots=1,
                audience=Audience(min_potential=4),
                term=relativedelta(months=6),
            ),
        ),
        assignments=(
            PracticeAssignment(
                cadre="c2", post="POST1", start_on=on(2024, 5, 1), end_on=on(2024, 10, 31)
            ),
        ),
        preferences=(
            PracticePreference(cadre="c1", posts=["POST2", "POST1"]),
            PracticePreference(cadre="c3", posts=[["POST1", "POST2"]]),
        ),
        rankings=(PostRanking(post="POST2", cadres=["c3", ["c1", "c2"]]),),
        practice_history=(
            PracticeRecord(
                cadre="c3",
                start_on=on(2021, 3, 1),
                end_on=on(2022, 2, 28),
                post_kind=PostKind.RURAL_REVITALIZATION,
                altitude_m=4500,
                unit_level=UnitKind.TOWNSHIP,
                post="old-post",
            ),
        ),
        practice_rules=PracticeRules(
            altitude=AltitudeRotation(above_m=4000, years=3),
            no_repeat_kind=True,
            min_term=relativedelta(months=3),
            max_term=relativedelta(years=2),
            release_limits=(ReleaseLimit(unit_kinds={"township"}, max_cadres=2, max_share=0.5),),
            secondment=Audience(max_age=45, min_potential=3),
        ),
    )
