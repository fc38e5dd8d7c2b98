"""Every public class refuses wrong types and values with an error that says what and where.

For each attrs class that ``cadreplan`` exports, a valid sample is built,
then each of its fields in turn is given a value of the wrong type and, by
the field's annotation, values outside its domain. Every refusal must be a
``FieldError`` (so ``except cadreplan.CadreplanError`` catches it) that is
also the fitting built-in (``TypeError`` or ``ValueError``), names the
field, says what was expected ("must ...") and shows what was found.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import math
import types
import typing
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta

import cadreplan
from cadreplan import FieldError, FieldTypeError, FieldValueError
from cadreplan.datasets import demo_region


class _Strange:
    """A value of no type any field accepts."""

    def __repr__(self) -> str:
        return "<strange>"


STRANGE = _Strange()
HUGE = 10**400
"""An integer no computation can take: beyond a float, let alone 2**53."""


def _samples() -> dict[type, object]:
    """Return one valid instance of every public attrs class, by class."""
    plan = demo_region()
    result = cadreplan.allocate(plan)
    ledger = cadreplan.coverage(plan)
    cadre = plan.cadres[0]
    report = cadreplan.validate(plan)
    samples: list[object] = [
        plan,
        plan.period,
        plan.tiers,
        plan.tiers.tiers[0],
        plan.ranks,
        plan.ranks.terms[0],
        plan.units[0],
        cadre,
        plan.institutions[0],
        plan.action_plans[0],
        plan.programs[0],
        plan.programs[0].audience,
        plan.sessions[0],
        plan.enrollments[0],
        plan.history[0],
        plan.requirements[0],
        plan.seat_quotas[0],
        plan.dispatch_quotas[0],
        plan.posts[0],
        plan.assignments[0],
        cadreplan.PracticePreference(cadre=cadre.id, posts=[plan.posts[0].id, [plan.posts[1].id]]),
        cadreplan.PostRanking(post=plan.posts[0].id, cadres=[[cadre.id, plan.cadres[1].id]]),
        cadreplan.PracticeRecord(
            cadre=cadre.id,
            start_on=dt.date(2021, 3, 1),
            end_on=dt.date(2022, 2, 28),
            post_kind=cadreplan.PostKind.BORDER_CONTROL,
            altitude_m=4300,
            unit_level=cadreplan.UnitKind.TOWNSHIP,
            post="post-2021-border",
        ),
        cadreplan.AltitudeRotation(above_m=4500, years=3),
        cadreplan.PracticeBar(rule="busy", code="CP701", message="busy with post 'p2'", other="p2"),
        cadreplan.ReleaseLimit(unit_kinds={"township"}, max_cadres=2, max_share=0.2),
        cadreplan.PracticeRules(
            altitude=cadreplan.AltitudeRotation(above_m=4500, years=3),
            no_repeat_kind=True,
            min_term=relativedelta(months=6),
            max_term=relativedelta(years=2),
            release_limits=[cadreplan.ReleaseLimit(max_cadres=2)],
            secondment=cadreplan.Audience(max_age=40),
        ),
        next(iter(result.fill_by_session.values())),
        result.unplaced[0],
        result.backstop_shortfall[0],
        result.explain(cadre.id),
        result.explain(cadre.id).events[0],
        ledger.entries[0],
        ledger.by_category()[0],
        next(c for x in plan.cadres for c in cadreplan.commitments_of(plan, x.id)),
        next(t for x in plan.cadres for t in cadreplan.trainings_of(plan, x.id)),
        report[0],
        cadreplan.Violation(message="m", path="$.units[0]", subjects=("u",)),
        cadreplan.builtin_rules()[0],
        cadreplan.ValidationOptions(),
        cadreplan.CascadePolicy(),
        cadreplan.OptimalPolicy(),
        cadreplan.Problem("$.units[0].id", "'id' must be a non-empty id"),
        cadreplan.AudienceMismatch(condition="categories", wanted=("township_cadre",), found="x"),
    ]
    return {type(sample): sample for sample in samples}


SAMPLES = _samples()

PUBLIC_ATTRS_CLASSES = sorted(
    (
        value
        for name in cadreplan.__all__
        if isinstance(value := getattr(cadreplan, name), type) and attrs.has(value)
    ),
    key=lambda kind: kind.__name__,
)


def _cases() -> list[tuple[type, str]]:
    return [
        (kind, field.name)
        for kind in PUBLIC_ATTRS_CLASSES
        for field in attrs.fields(kind)
        if field.init
    ]


def _hint(kind: type, name: str) -> object:
    # Annotations name types imported only for type checkers: resolve them in cadreplan.
    return typing.get_type_hints(kind, localns=vars(cadreplan))[name]


def _arguments(sample: object, **changes: object) -> dict[str, object]:
    fields = attrs.fields(type(sample))
    values = {field.alias: getattr(sample, field.name) for field in fields if field.init}
    return {**values, **changes}


def _out_of_domain(hint: object) -> list[object]:
    """Return values of the annotated type that no field of that type accepts."""
    options = (
        typing.get_args(hint)
        if typing.get_origin(hint) in (typing.Union, types.UnionType)
        else (hint,)
    )
    values: list[object] = []
    for option in options:
        if option is dt.date:
            values += [dt.date(1700, 1, 1), dt.date(3000, 1, 1)]
        elif option is float:
            values += [math.nan, math.inf, HUGE]
        elif option is int:
            values += [HUGE]
        elif isinstance(option, type) and issubclass(option, enum.Enum):
            values += ["no_such_value"]
    return values


def _check_refusal(error: BaseException, field: str, found: str) -> None:
    assert isinstance(error, FieldError), f"{type(error).__name__}: {error}"
    assert isinstance(error, cadreplan.CadreplanError)
    assert isinstance(error, TypeError if isinstance(error, FieldTypeError) else ValueError)
    assert error.field.split("[")[0].split(".")[0] == field, (error.field, field)
    message = str(error)
    assert f"'{field}" in message, message
    assert "must" in message or "expected" in message, message
    # A national id number is personal data: its messages name the type, never the value.
    assert found in message or (field == "id_number" and "_Strange" in message), (found, message)


def _case_id(value: object) -> str:
    return str(getattr(value, "__name__", value))


def test_every_public_attrs_class_has_a_sample() -> None:
    """Each exported attrs class is covered: a class added without a sample fails here."""
    missing = [kind.__name__ for kind in PUBLIC_ATTRS_CLASSES if kind not in SAMPLES]

    assert missing == []


@pytest.mark.parametrize(
    ("kind", "name"), _cases(), ids=lambda value: getattr(value, "__name__", value)
)
def test_a_field_of_the_wrong_type_is_refused(kind: type, name: str) -> None:
    """A value of no acceptable type raises a FieldTypeError naming the field and the value."""
    sample = SAMPLES[kind]
    field = attrs.fields_dict(kind)[name]

    with pytest.raises(FieldError) as raised:
        kind(**_arguments(sample, **{field.alias: STRANGE}))

    assert isinstance(raised.value, FieldTypeError), raised.value
    _check_refusal(raised.value, name, "<strange>")


@pytest.mark.parametrize(
    ("kind", "name"), _cases(), ids=lambda value: getattr(value, "__name__", value)
)
def test_a_field_out_of_its_domain_is_refused(kind: type, name: str) -> None:
    """Dates outside 1800..2999, non-finite numbers and unknown enum values: FieldValueError."""
    sample = SAMPLES[kind]
    field = attrs.fields_dict(kind)[name]
    values = _out_of_domain(_hint(kind, name))

    for value in values:
        with pytest.raises(FieldError) as raised:
            kind(**_arguments(sample, **{field.alias: value}))
        assert isinstance(raised.value, FieldValueError), raised.value
        found = repr(value) if isinstance(value, str) else str(value)
        _check_refusal(raised.value, name, "401 digits" if value == HUGE else found)


@pytest.mark.parametrize("kind", PUBLIC_ATTRS_CLASSES, ids=lambda kind: kind.__name__)
def test_an_unknown_keyword_is_named_with_a_did_you_mean(kind: type) -> None:
    """A misspelt keyword is a FieldTypeError that names it and suggests the field."""
    sample = SAMPLES[kind]
    first = next(field for field in attrs.fields(kind) if field.init)
    arguments = _arguments(sample)
    arguments[first.alias + "x"] = arguments.pop(first.alias)

    with pytest.raises(FieldTypeError) as raised:
        kind(**arguments)

    assert f"did you mean '{first.alias}'?" in str(raised.value)


@pytest.mark.parametrize("kind", PUBLIC_ATTRS_CLASSES, ids=lambda kind: kind.__name__)
def test_the_sample_is_accepted_as_it_is(kind: type) -> None:
    """The samples are valid: rebuilding one from its own fields gives an equal object."""
    sample = SAMPLES[kind]

    assert kind(**_arguments(sample)) == sample


def _public_functions() -> list[object]:
    return [
        value
        for name in sorted(cadreplan.__all__)
        if inspect.isfunction(value := getattr(cadreplan, name))
        and any(
            parameter.default is inspect.Parameter.empty
            and parameter.kind is not inspect.Parameter.VAR_POSITIONAL
            for parameter in inspect.signature(value).parameters.values()
        )
    ]


@pytest.mark.parametrize("function", _public_functions(), ids=_case_id)
def test_a_public_function_refuses_a_strange_argument_with_a_cadreplan_error(
    function: Any,
) -> None:
    """Every public function given values of no acceptable type raises a documented error.

    Never an AttributeError or a bare TypeError from deep inside: the message
    names the argument.
    """
    positional: list[object] = []
    keywords: dict[str, object] = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.default is not inspect.Parameter.empty:
            continue
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            keywords[parameter.name] = STRANGE
        elif parameter.kind in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            positional.append(STRANGE)

    with pytest.raises(cadreplan.CadreplanError) as raised:
        function(*positional, **keywords)

    assert "<strange>" in str(raised.value) or "_Strange" in str(raised.value), raised.value
