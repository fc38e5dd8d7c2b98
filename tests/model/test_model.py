"""What all model classes share, the shared field checks, and quotas, practice and periods.

Shared: frozen, slotted, hashable, picklable values that are checked again when
evolved. Quotas, practice posts and periods have no test module of their own.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import pickle
import re
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from cadreplan import (
    Audience,
    Cadre,
    DispatchQuota,
    Enrollment,
    FieldTypeError,
    FieldValueError,
    Institution,
    Period,
    Post,
    PostKind,
    PracticeAssignment,
    Program,
    Requirement,
    SeatQuota,
    Session,
    Term,
    Tier,
    TierScheme,
    TrainingRecord,
    Unit,
    UnitKind,
    Vocabulary,
)
from cadreplan._support import checks
from tests.strategies import MODEL_OBJECTS, date_ranges, periods, sample_plan

CLASSES = sorted(MODEL_OBJECTS, key=lambda cls: cls.__name__)

# -- shared behaviour of the model classes ---------------------------------------------


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_model_classes_are_frozen_and_slotted(cls: type) -> None:
    """Every model class is a frozen, slotted attrs class."""
    assert attrs.has(cls)
    assert "__slots__" in vars(cls)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_model_objects_are_immutable_values(cls: type, data: st.DataObject) -> None:
    """Objects cannot be changed in place, equal copies hash alike, and they pickle."""
    value = data.draw(MODEL_OBJECTS[cls])
    field = attrs.fields(cls)[0].name

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, field, None)
    twin = copy.deepcopy(value)
    assert (value, hash(value)) == (twin, hash(twin))
    assert value == pickle.loads(pickle.dumps(value))
    assert value == attrs.evolve(value)


def _sample_of(cls: type) -> Any:
    """Return an object of *cls* taken from the sample plan."""
    plan = sample_plan()
    found = {
        Unit: plan.units[0],
        Cadre: plan.cadres[0],
        TrainingRecord: plan.history[0],
        Institution: plan.institutions[0],
        Program: plan.programs[1],
        Session: plan.sessions[0],
        Enrollment: plan.enrollments[0],
        Audience: plan.programs[1].audience,
        SeatQuota: plan.seat_quotas[0],
        DispatchQuota: plan.dispatch_quotas[0],
        Requirement: plan.requirements[1],
        Post: plan.posts[0],
        PracticeAssignment: plan.assignments[0],
        Term: plan.categories.terms[0],
        Tier: plan.tiers.tiers[0],
        Period: plan.period,
    }
    return found[cls]


EVOLVE_BREAKS = [
    pytest.param(Unit, {"id": ""}, "'id' must be a non-empty id", id="Unit"),
    pytest.param(Cadre, {"potential": 9}, "'potential' must be <= 5 (got 9)", id="Cadre"),
    pytest.param(
        TrainingRecord, {"end_on": dt.date(1900, 1, 1)}, "'end_on' must not be before", id="Record"
    ),
    pytest.param(Institution, {"kind": 3}, "'kind' must be a string id (got 3)", id="Institution"),
    pytest.param(Program, {"hours": -1}, "'hours' must be > 0 (got -1)", id="Program"),
    pytest.param(Session, {"capacity": -1}, "'capacity' must be >= 1 (got -1)", id="Session"),
    pytest.param(Enrollment, {"hours": -1}, "'hours' must be >= 0 (got -1)", id="Enrollment"),
    pytest.param(Audience, {"min_potential": 0}, "'min_potential' must be >= 1", id="Audience"),
    pytest.param(SeatQuota, {"program": "P-cty"}, "exactly one of 'session' and", id="SeatQuota"),
    pytest.param(DispatchQuota, {"seats": True}, "'seats' must be an integer", id="DispatchQuota"),
    pytest.param(Requirement, {"anchor_on": None}, "'anchor_on' must be set", id="Requirement"),
    pytest.param(Post, {"slots": -1}, "'slots' must be >= 0 (got -1)", id="Post"),
    pytest.param(
        PracticeAssignment, {"post": ""}, "'post' must be a non-empty id", id="PracticeAssignment"
    ),
    pytest.param(Term, {"zh": None}, "'zh' must be a string (got None)", id="Term"),
    pytest.param(Tier, {"is_backstop": 1}, "'is_backstop' must be true or false", id="Tier"),
    pytest.param(
        Period, {"end_on": dt.date(1900, 1, 1)}, "'end_on' must not be before", id="Period"
    ),
]


@pytest.mark.parametrize(("cls", "changes", "message"), EVOLVE_BREAKS)
def test_evolve_revalidates(cls: type, changes: dict[str, object], message: str) -> None:
    """``attrs.evolve`` runs the same checks as construction, across fields too."""
    with pytest.raises((TypeError, ValueError)) as raised:
        attrs.evolve(_sample_of(cls), **changes)

    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("cls", "changes"),
    [(Vocabulary, {"terms": ("a",)}), (TierScheme, {"tiers": (Term("a", "", ""),)})],
    ids=["Vocabulary", "TierScheme"],
)
def test_evolve_revalidates_collections(cls: type, changes: dict[str, object]) -> None:
    """Vocabularies and tier schemes check their members again when evolved."""
    with pytest.raises(TypeError, match="must be a"):
        attrs.evolve(cls(()), **changes)


def test_keyword_only_when_more_than_three_fields() -> None:
    """Classes with more than three fields take keyword arguments only."""
    for cls in CLASSES:
        fields = [field for field in attrs.fields(cls) if field.init]
        if len(fields) > 3:
            assert all(field.kw_only for field in fields), cls.__name__


# -- the shared field checks -------------------------------------------------------------


@attrs.define
class _Attribute:
    """Stands in for the ``attrs.Attribute`` a validator receives."""

    name: str = "field"


def _check(validator: Any, value: object) -> None:
    validator(None, _Attribute(), value)


CHECKS = [
    (checks.identifier, 5, TypeError, "'field' must be a string id (got 5)"),
    (
        checks.identifier,
        "",
        ValueError,
        "'field' must be a non-empty id without surrounding spaces (got '')",
    ),
    (checks.identifier, " a", ValueError, "without surrounding spaces (got ' a')"),
    (checks.identifier, "a\n", ValueError, "without surrounding spaces (got 'a\\n')"),
    (checks.optional_identifier, 1.5, TypeError, "'field' must be a string id (got 1.5)"),
    (checks.identifiers, ["a", 1], TypeError, "'field' must be a string id (got 1)"),
    (checks.text, b"bytes", TypeError, "'field' must be a string (got b'bytes')"),
    (checks.integer(), "1", TypeError, "'field' must be an integer (got '1')"),
    (checks.integer(), False, TypeError, "'field' must be an integer (got False)"),
    (checks.integer(minimum=0), -1, ValueError, "'field' must be >= 0 (got -1)"),
    (checks.integer(maximum=5), 6, ValueError, "'field' must be <= 5 (got 6)"),
    (checks.optional_integer(1, 5), 0, ValueError, "'field' must be >= 1 (got 0)"),
    (checks.number(), "1", TypeError, "'field' must be a number (got '1')"),
    (checks.number(), True, TypeError, "'field' must be a number (got True)"),
    (checks.number(), math.inf, ValueError, "'field' must be finite (got inf)"),
    (checks.number(), -0.5, ValueError, "'field' must be >= 0 (got -0.5)"),
    (checks.number(positive=True), 0, ValueError, "'field' must be > 0 (got 0)"),
    (checks.optional_number(), -1, ValueError, "'field' must be >= 0 (got -1)"),
    (checks.date, "2024-01-01", TypeError, "'field' must be a date (got '2024-01-01')"),
    (
        checks.date,
        dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        TypeError,
        "'field' must be a date (got datetime.datetime(2024, 1, 1, 0, 0, tzinfo=datetime.timez...)",
    ),
    (checks.optional_date, 20240101, TypeError, "'field' must be a date (got 20240101)"),
    (checks.boolean, 0, TypeError, "'field' must be true or false (got 0)"),
    (checks.member_of(UnitKind), "region", TypeError, "'field' must be a UnitKind (got 'region')"),
    (checks.members_of(UnitKind), [UnitKind.REGION, "x"], TypeError, "(got 'x')"),
    (checks.optional_member_of(UnitKind), 1, TypeError, "'field' must be a UnitKind (got 1)"),
    (checks.duration, "P1Y", TypeError, "'field' must be a relativedelta (got 'P1Y')"),
    (checks.optional_duration, relativedelta(), ValueError, "must be a positive duration"),
]


@pytest.mark.parametrize(
    ("validator", "value", "error", "message"),
    CHECKS,
    ids=[f"{getattr(check[0], '__qualname__', '?')}-{check[1]!r}" for check in CHECKS],
)
def test_field_checks_reject(
    validator: Any, value: object, error: type[Exception], message: str
) -> None:
    """Each shared check raises a ``TypeError`` or ``ValueError`` saying what it expected."""
    with pytest.raises(error) as raised:
        _check(validator, value)

    expected = "field"
    assert message in str(raised.value)
    assert expected == raised.value.field  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (checks.identifier, "拉萨 1"),
        (checks.identifier, "a\nb"),
        (checks.optional_identifier, None),
        (checks.identifiers, frozenset()),
        (checks.text, ""),
        (checks.integer(0, 5), 0),
        (checks.integer(0, 5), 5),
        (checks.optional_integer(), None),
        (checks.number(), 0),
        (checks.number(), 0.0),
        (checks.number(positive=True), 1e-9),
        (checks.optional_number(positive=True), None),
        (checks.date, dt.date(2024, 2, 29)),
        (checks.optional_date, None),
        (checks.boolean, False),
        (checks.member_of(UnitKind), UnitKind.VILLAGE),
        (checks.optional_member_of(UnitKind), None),
        (checks.duration, relativedelta(weeks=1)),
        (checks.optional_duration, None),
    ],
    # Functions by name, values by repr: ids must not hold memory addresses,
    # or parallel test workers collect different tests.
    ids=lambda value: getattr(value, "__qualname__", None) or repr(value)[:30],
)
def test_field_checks_accept(validator: Any, value: object) -> None:
    """Values just inside each check's domain pass."""
    _check(validator, value)


_ID_PATTERN = re.compile(r"\S(?:.*\S)?", re.DOTALL)
"""The definition of an id that `checks.identifier` once ran as a regex."""

_SPACES = "".join(chr(code) for code in range(0x110000) if chr(code).isspace())
_NEAR_SPACES = "\u200b\u180e\ufeff\x00\x1b"


@given(
    st.text(
        st.one_of(st.sampled_from(_SPACES + _NEAR_SPACES), st.characters(), st.just("a")),
        max_size=6,
    )
)
def test_identifier_check_agrees_with_the_id_pattern(value: str) -> None:
    """An id passes the check exactly when the regex of an id fullmatches it."""
    expected = _ID_PATTERN.fullmatch(value) is not None
    try:
        _check(checks.identifier, value)
    except ValueError:
        actual = False
    else:
        actual = True

    assert expected == actual


@pytest.mark.parametrize("value", ["a", " a", "a ", "", "\x1fa", "a\u3000"], ids=repr)
def test_identifier_check_reads_a_str_subclass_as_its_text(value: str) -> None:
    """A str subclass that misreports its characters is checked by its real text."""

    class Lying(str):
        __slots__ = ()

        def __getitem__(self, _: object) -> str:  # type: ignore[override]
            return "x"

        def __len__(self) -> int:
            return 1

    expected = _ID_PATTERN.fullmatch(value) is not None
    try:
        _check(checks.identifier, Lying(value))
    except ValueError:
        actual = False
    else:
        actual = True

    assert expected == actual


def test_field_check_bounds_for_the_schema() -> None:
    """Bounded checks carry the JSON Schema keywords of their bounds."""
    expected = [
        {"minimum": 1, "maximum": 5},
        {"minimum": 0},
        {"exclusiveMinimum": 0},
        {"minimum": 0},
        {"minLength": 1, "pattern": r"^\S([\s\S]*\S)?$(?!\n)"},
    ]

    assert expected == [
        checks.optional_integer(1, 5).json_schema,  # type: ignore[attr-defined]
        checks.integer(minimum=0).json_schema,  # type: ignore[attr-defined]
        checks.optional_number(positive=True).json_schema,  # type: ignore[attr-defined]
        checks.number().json_schema,  # type: ignore[attr-defined]
        checks.identifier.json_schema,  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("abc", "'abc'"), ("x" * 100, "'" + "x" * 56 + "..."), (None, "None"), (1.5, "1.5")],
    ids=["short", "long", "none", "float"],
)
def test_describe(value: object, expected: str) -> None:
    """Found values are shown by their repr, cut to 60 characters."""
    assert expected == checks.describe(value)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda value: Unit(id="u", name="U", kind=UnitKind.COUNTY, tags=value), "tags"),
        (Vocabulary, "terms"),
    ],
    ids=["frozenset", "tuple"],
)
def test_collection_converters_refuse_strings_and_name_the_field(make: Any, field: str) -> None:
    """A lone string is never split into its letters; the error names the field and the fix."""
    with pytest.raises(
        FieldTypeError, match=rf"^'{field}' must be a .* not the string 'abc'"
    ) as caught:
        make("abc")
    assert (field, True) == (caught.value.field, "write ['abc']" in str(caught.value))
    with pytest.raises(FieldTypeError, match=rf"^'{field}' must be a .*\(got 5\)$"):
        make(5)


def test_collection_converters() -> None:
    """Iterables become frozensets or tuples."""
    unit = Unit(id="u", name="U", kind=UnitKind.COUNTY, tags=["a", "b", "a"])
    vocabulary = Vocabulary(
        iter([Term(code="b", en="B", zh="乙"), Term(code="a", en="A", zh="甲")])
    )

    assert (frozenset({"a", "b"}), ("b", "a")) == (unit.tags, vocabulary.codes)


# -- quotas ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", [{"session": "S1"}, {"program": "P1"}], ids=["session", "program"]
)
def test_seat_quota_for_one_target(target: dict[str, str]) -> None:
    """A seat quota is for one session or for all sessions of one program."""
    quota = SeatQuota(unit="LS", seats=10, **target)
    expected = (target.get("session"), target.get("program"), None)

    assert expected == (quota.session, quota.program, quota.reserved_until)


@pytest.mark.parametrize(
    "target", [{}, {"session": "S1", "program": "P1"}], ids=["neither", "both"]
)
def test_seat_quota_needs_exactly_one_target(target: dict[str, str]) -> None:
    """A seat quota with no target, or two, is rejected."""
    with pytest.raises(ValueError, match=r"^exactly one of 'session' and 'program' must be set$"):
        SeatQuota(unit="LS", seats=10, **target)


def test_dispatch_quota_defaults() -> None:
    """A dispatch quota counts every session and cadre unless filtered."""
    quota = DispatchQuota(id="D1", seats=565)
    expected = (None, None, "", None)

    assert expected == (quota.tier, quota.institution_kind, quota.issuer, quota.unit)


# -- practice ---------------------------------------------------------------------------------


def test_secondments() -> None:
    """Only the two secondment kinds are secondments."""
    expected = {PostKind.SECONDMENT_CENTRAL, PostKind.SECONDMENT_PARTNER}

    assert expected == {kind for kind in PostKind if kind.is_secondment}


def test_post_defaults() -> None:
    """A post is open to everyone by default."""
    post = Post(
        id="POST1",
        title="驻村工作队",
        kind=PostKind.VILLAGE_TEMPLE_RESIDENCY,
        unit="V1",
        start_on=dt.date(2024, 5, 1),
        end_on=dt.date(2024, 10, 31),
        slots=2,
    )

    assert post.audience.is_open


@pytest.mark.parametrize(
    ("start_on", "end_on", "expected"),
    [
        (dt.date(2024, 4, 1), dt.date(2024, 4, 30), False),
        (dt.date(2024, 4, 1), dt.date(2024, 5, 1), True),
        (dt.date(2024, 10, 31), dt.date(2024, 11, 30), True),
        (dt.date(2024, 11, 1), dt.date(2024, 11, 30), False),
    ],
)
def test_assignment_overlaps(start_on: dt.date, end_on: dt.date, *, expected: bool) -> None:
    """An assignment May to October overlaps a range that shares a day with it."""
    assignment = PracticeAssignment(
        cadre="c2", post="POST1", start_on=dt.date(2024, 5, 1), end_on=dt.date(2024, 10, 31)
    )

    assert expected == assignment.overlaps(start_on, end_on)


def test_post_kind_takes_its_values_and_names_the_others() -> None:
    """A post's kind is a ``PostKind`` or its value; an unknown value lists the choices."""
    with pytest.raises(
        FieldValueError, match=r"^'kind' must be a PostKind: 'stability_emergency', "
    ):
        Post(
            id="P",
            title="",
            kind="rotaton",  # type: ignore[arg-type]
            unit="U",
            start_on=dt.date(2024, 1, 1),
            end_on=dt.date(2024, 1, 1),
            slots=1,
        )


# -- Period -------------------------------------------------------------------------------------


def test_period() -> None:
    """A leap year has 366 days; membership, overlap and cover include both ends."""
    year = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    expected = {
        "days": 366,
        "first day in": True,
        "last day in": True,
        "day after out": False,
        "not a date": False,
        "overlaps the eve": True,
        "overlaps last year": False,
        "covers itself": True,
        "covers past its end": False,
    }

    assert expected == {
        "days": year.days,
        "first day in": dt.date(2024, 1, 1) in year,
        "last day in": dt.date(2024, 12, 31) in year,
        "day after out": dt.date(2025, 1, 1) in year,
        "not a date": "2024-06-01" in year,
        "overlaps the eve": year.overlaps(dt.date(2023, 12, 31), dt.date(2024, 1, 1)),
        "overlaps last year": year.overlaps(dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        "covers itself": year.covers(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        "covers past its end": year.covers(dt.date(2024, 6, 1), dt.date(2025, 1, 1)),
    }


def test_period_of_one_day() -> None:
    """A period may start and end on the same day."""
    day = dt.date(2024, 6, 1)
    expected = 1

    assert expected == Period(day, day).days


def test_period_rejects_inverted_dates() -> None:
    """A period cannot end before it starts."""
    with pytest.raises(
        ValueError, match=r"^'end_on' must not be before 'start_on' \(2023-12-31 < 2024-01-01\)$"
    ):
        Period(dt.date(2024, 1, 1), dt.date(2023, 12, 31))


def test_period_rejects_datetimes() -> None:
    """A period is made of dates, not datetimes."""
    with pytest.raises(TypeError, match=r"^'start_on' must be a date"):
        Period(dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.date(2024, 12, 31))


@given(periods(), date_ranges())
def test_period_overlap_and_cover_agree_with_days(
    period: Period, other: tuple[dt.date, dt.date]
) -> None:
    """Overlap means a shared day and cover means every day inside, as sets of days say."""
    start_on, end_on = other
    inside = [
        start_on + dt.timedelta(days=n) in period for n in range((end_on - start_on).days + 1)
    ]

    assert (any(inside), all(inside)) == (
        period.overlaps(start_on, end_on),
        period.covers(start_on, end_on),
    )
