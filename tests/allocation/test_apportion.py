"""Tests for `cadreplan.apportion`."""

from __future__ import annotations

import itertools
import math
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, get_args

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from cadreplan import ApportionmentMethod, apportion
from cadreplan.errors import ApportionmentError, ApportionmentTieError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

METHODS: tuple[ApportionmentMethod, ...] = (
    "largest_remainder",
    "dhondt",
    "sainte_lague",
    "huntington_hill",
)
DIVISOR_METHODS: tuple[ApportionmentMethod, ...] = ("dhondt", "sainte_lague", "huntington_hill")
ALIASES: dict[ApportionmentMethod, ApportionmentMethod] = {
    "hamilton": "largest_remainder",
    "jefferson": "dhondt",
    "webster": "sainte_lague",
    "equal_proportions": "huntington_hill",
}

# The Wikipedia D'Hondt example (also used for Sainte-Laguë): 8 seats, four parties.
VOTES = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}

# Apportionment populations of the 1790 census, total 3,615,920 (Balinski & Young,
# Fair Representation, appendix; MAA Convergence, "Apportioning Representatives in the
# United States Congress").
CENSUS_1790 = {
    "Connecticut": 236_841,
    "Delaware": 55_540,
    "Georgia": 70_835,
    "Kentucky": 68_705,
    "Maryland": 278_514,
    "Massachusetts": 475_327,
    "New Hampshire": 141_822,
    "New Jersey": 179_570,
    "New York": 331_589,
    "North Carolina": 353_523,
    "Pennsylvania": 432_879,
    "Rhode Island": 68_446,
    "South Carolina": 206_236,
    "Vermont": 85_533,
    "Virginia": 630_560,
}
# The Apportionment Act of 1792: 105 seats by Jefferson's method (divisor 33,000).
ACT_OF_1792 = {
    "Connecticut": 7,
    "Delaware": 1,
    "Georgia": 2,
    "Kentucky": 2,
    "Maryland": 8,
    "Massachusetts": 14,
    "New Hampshire": 4,
    "New Jersey": 5,
    "New York": 10,
    "North Carolina": 10,
    "Pennsylvania": 13,
    "Rhode Island": 2,
    "South Carolina": 6,
    "Vermont": 2,
    "Virginia": 19,
}
# The bill Washington vetoed in April 1792: 120 seats by Hamilton's method.
VETOED_BILL_1792 = {
    "Connecticut": 8,
    "Delaware": 2,
    "Georgia": 2,
    "Kentucky": 2,
    "Maryland": 9,
    "Massachusetts": 16,
    "New Hampshire": 5,
    "New Jersey": 6,
    "New York": 11,
    "North Carolina": 12,
    "Pennsylvania": 14,
    "Rhode Island": 2,
    "South Carolina": 7,
    "Vermont": 3,
    "Virginia": 21,
}


def _round_at_divisor(weight: int, divisor: int, rounding: Callable[[Fraction], int]) -> int:
    return rounding(Fraction(weight, divisor))


def _round_down(quotient: Fraction) -> int:
    return math.floor(quotient)


def _round_at_geometric_mean(quotient: Fraction) -> int:
    """Round up exactly when the quotient is above sqrt(n * (n + 1)), compared squared."""
    lower = math.floor(quotient)
    return lower + 1 if quotient * quotient > lower * (lower + 1) else lower


# -- published and hand-checked examples --------------------------------------------------


def test_dhondt_matches_the_textbook_example() -> None:
    """D'Hondt gives 8 seats to votes 100k/80k/30k/20k as 4/3/1/0."""
    expected = {"A": 4, "B": 3, "C": 1, "D": 0}

    assert expected == apportion(8, VOTES, method="dhondt")


def test_sainte_lague_matches_the_textbook_example() -> None:
    """Sainte-Laguë gives 8 seats to votes 100k/80k/30k/20k as 3/3/1/1."""
    expected = {"A": 3, "B": 3, "C": 1, "D": 1}

    assert expected == apportion(8, VOTES, method="sainte_lague")


def test_a_tie_that_decides_no_seat_does_not_raise() -> None:
    """A and D tie at 20,000 for Sainte-Laguë's 6th and 7th seats; both get one, so no error."""
    expected = {"A": 3, "B": 3, "C": 1, "D": 1}

    assert expected == apportion(8, VOTES, method="sainte_lague", ties="raise")


@pytest.mark.parametrize("method", ["largest_remainder", "huntington_hill"])
def test_hand_checked_example_for_largest_remainder_and_huntington_hill(
    method: ApportionmentMethod,
) -> None:
    """Largest remainder (quotas 3.48/2.78/1.04/0.70) and Huntington–Hill give 3/3/1/1."""
    expected = {"A": 3, "B": 3, "C": 1, "D": 1}

    assert expected == apportion(8, VOTES, method=method)


def test_jefferson_reproduces_the_apportionment_act_of_1792() -> None:
    """Jefferson's method on the 1790 census with 105 seats gives the 1792 Act, Virginia 19."""
    expected = ACT_OF_1792

    assert expected == apportion(105, CENSUS_1790, method="jefferson")


def test_jefferson_1792_is_the_rounding_down_at_divisor_33000() -> None:
    """The 1792 Act is each state's population divided by 33,000, rounded down."""
    expected = {
        state: _round_at_divisor(population, 33_000, _round_down)
        for state, population in CENSUS_1790.items()
    }

    assert expected == ACT_OF_1792


def test_hamilton_gives_delaware_the_seat_jefferson_gave_virginia() -> None:
    """Hamilton's method with 105 seats differs from Jefferson's only in Virginia 18, Delaware 2."""
    expected = {**ACT_OF_1792, "Virginia": 18, "Delaware": 2}

    assert expected == apportion(105, CENSUS_1790, method="hamilton")


def test_hamilton_reproduces_the_vetoed_bill_of_1792() -> None:
    """Hamilton's method on the 1790 census with 120 seats gives the bill Washington vetoed."""
    expected = VETOED_BILL_1792

    assert expected == apportion(120, CENSUS_1790, method="hamilton")


def test_huntington_hill_1790_is_the_geometric_rounding_at_divisor_34800() -> None:
    """Huntington–Hill on the 1790 census is the geometric-mean rounding at divisor 34,800."""
    expected = {
        state: _round_at_divisor(population, 34_800, _round_at_geometric_mean)
        for state, population in CENSUS_1790.items()
    }

    actual = apportion(105, CENSUS_1790, method="huntington_hill")

    changed = {"Delaware": 2, "Pennsylvania": 12, "Vermont": 3, "Virginia": 18}

    assert (expected, 105) == (actual, sum(expected.values()))
    assert changed == {state: actual[state] for state in changed}


def test_huntington_hill_matches_the_textbook_modified_divisor_example() -> None:
    """Populations 86,915/4,325/5,400/3,360 and 100 seats give 88/4/5/3 (modified divisor 990)."""
    populations = {"A": 86_915, "B": 4_325, "C": 5_400, "D": 3_360}
    expected = {"A": 88, "B": 4, "C": 5, "D": 3}

    assert expected == {
        key: _round_at_divisor(value, 990, _round_at_geometric_mean)
        for key, value in populations.items()
    }
    assert expected == apportion(100, populations, method="huntington_hill")


def test_largest_remainder_shows_the_alabama_paradox() -> None:
    """With weights 6/6/2, going from 10 to 11 seats takes a seat away from C."""
    weights = {"A": 6, "B": 6, "C": 2}
    expected = ({"A": 4, "B": 4, "C": 2}, {"A": 5, "B": 5, "C": 1})

    assert expected == (apportion(10, weights), apportion(11, weights))


@pytest.mark.parametrize("method", DIVISOR_METHODS)
def test_divisor_methods_avoid_the_alabama_paradox(method: ApportionmentMethod) -> None:
    """Divisor methods do not take C's seat when going from 10 to 11 seats."""
    weights = {"A": 6, "B": 6, "C": 2}
    smaller = apportion(10, weights, method=method)
    larger = apportion(11, weights, method=method)

    assert not [key for key in weights if larger[key] < smaller[key]]


@pytest.mark.parametrize(("alias", "method"), ALIASES.items())
def test_aliases_name_the_same_method(
    alias: ApportionmentMethod, method: ApportionmentMethod
) -> None:
    """Each alias gives the same result as the method it names."""
    assert apportion(105, CENSUS_1790, method=method) == apportion(105, CENSUS_1790, method=alias)


def test_method_names_are_the_literal_alias() -> None:
    """ApportionmentMethod lists each method and its alias."""
    expected = {*METHODS, *ALIASES}

    assert expected == set(get_args(ApportionmentMethod))


def test_default_method_is_largest_remainder() -> None:
    """Without a method, apportion uses largest remainder."""
    assert apportion(105, CENSUS_1790, method="largest_remainder") == apportion(105, CENSUS_1790)


@pytest.mark.parametrize("method", METHODS)
def test_fraction_and_decimal_weights_are_exact(method: ApportionmentMethod) -> None:
    """Decimal and Fraction weights give the same seats as the integers they scale."""
    decimals = {"A": Decimal("0.5"), "B": Decimal("0.25"), "C": Decimal("0.125")}
    fractions = {"A": Fraction(1, 2), "B": Fraction(1, 4), "C": Fraction(1, 8)}
    integers = {"A": 4, "B": 2, "C": 1}

    expected = apportion(9, integers, method=method)

    assert (expected, expected) == (
        apportion(9, decimals, method=method),
        apportion(9, fractions, method=method),
    )


def test_weights_that_are_exactly_tied_stay_tied() -> None:
    """Decimal 0.1 + 0.2 ties exactly with 0.3, so the first key wins the tie."""
    weights = {"x": Decimal("0.1") + Decimal("0.2"), "y": Decimal("0.3")}

    with pytest.raises(ApportionmentTieError):
        apportion(1, weights, ties="raise")
    expected = {"x": 1, "y": 0}

    assert expected == apportion(1, weights)


@pytest.mark.parametrize("method", ["largest_remainder", "dhondt", "sainte_lague"])
def test_zero_seats_give_every_key_zero(method: ApportionmentMethod) -> None:
    """Apportioning no seats gives every key zero."""
    expected = {"A": 0, "B": 0}

    assert expected == apportion(0, {"A": 3, "B": 0}, method=method)


@pytest.mark.parametrize("method", METHODS)
def test_zero_weight_keys_get_their_minimum_only(method: ApportionmentMethod) -> None:
    """A key with zero weight gets its min_seats and nothing more."""
    expected = {"A": 7, "zero": 2, "none": 0}

    assert expected == apportion(
        9, {"A": 5, "zero": 0, "none": 0}, method=method, min_seats={"zero": 2}
    )


def test_all_zero_weights_get_exactly_their_minimums() -> None:
    """When every weight is zero and the seats equal the minimums, each key gets its minimum."""
    expected = {"A": 1, "B": 2}

    assert expected == apportion(3, {"A": 0, "B": 0}, min_seats={"A": 1, "B": 2})


def test_result_follows_input_order() -> None:
    """The result lists the keys in the order of the weights mapping."""
    weights = {"z": 1, "a": 5, "m": 3}

    assert list(weights) == list(apportion(4, weights))


def test_huntington_hill_gives_a_tiny_key_a_seat() -> None:
    """Huntington–Hill gives one seat to a key with a tiny weight; D'Hondt gives none."""
    weights = {"big": 1_000_000, "tiny": 1}
    expected = ({"big": 2, "tiny": 1}, {"big": 3, "tiny": 0})

    assert expected == (
        apportion(3, weights, method="huntington_hill"),
        apportion(3, weights, method="dhondt"),
    )


# -- bounds -------------------------------------------------------------------------------


def test_dhondt_gives_minimums_first() -> None:
    """With D guaranteed one seat, D'Hondt gives the other 7 seats by priority: A3 B3 C1."""
    expected = {"A": 3, "B": 3, "C": 1, "D": 1}

    assert expected == apportion(8, VOTES, method="dhondt", min_seats={"D": 1})


def test_dhondt_skips_a_key_at_its_maximum() -> None:
    """With A capped at 2, A's seats go on by priority to B (80k, 40k, 26.7k, 20k), C and D."""
    expected = {"A": 2, "B": 4, "C": 1, "D": 1}

    assert expected == apportion(8, VOTES, method="dhondt", max_seats={"A": 2})


def test_largest_remainder_redistributes_a_capped_quota() -> None:
    """Quotas 5/3/2 with A capped at 3: B and C share 7 seats as 4.2 and 2.8, giving 3/4/3."""
    expected = {"A": 3, "B": 4, "C": 3}

    assert expected == apportion(10, {"A": 50, "B": 30, "C": 20}, max_seats={"A": 3})


def test_largest_remainder_raises_a_quota_to_its_minimum() -> None:
    """Quotas 9/0.9/0.1 with C raised to 2: A and B share 8 seats as 7.27 and 0.73, giving 7/1/2."""
    expected = {"A": 7, "B": 1, "C": 2}

    assert expected == apportion(10, {"A": 90, "B": 9, "C": 1}, min_seats={"C": 2})


def test_largest_remainder_with_minimum_and_maximum() -> None:
    """A capped at 4 and C raised to 3 leave B the rest: quotas 4, 3.0 and 3 give 4/3/3."""
    expected = {"A": 4, "B": 3, "C": 3}

    assert expected == apportion(
        10, {"A": 70, "B": 25, "C": 5}, min_seats={"C": 3}, max_seats={"A": 4}
    )


@pytest.mark.parametrize("method", METHODS)
def test_int_bounds_apply_to_every_key(method: ApportionmentMethod) -> None:
    """An int min_seats or max_seats bounds every key."""
    expected = {"A": 6, "B": 4, "C": 2}

    assert expected == apportion(
        12, {"A": 1000, "B": 10, "C": 1}, method=method, min_seats=2, max_seats=6
    )


def test_seats_equal_to_the_maximums_fill_every_key() -> None:
    """When the seats equal the sum of the maximums, every key gets its maximum."""
    expected = {"A": 2, "B": 3}

    for method in METHODS:
        assert expected == apportion(5, {"A": 9, "B": 1}, method=method, max_seats={"A": 2, "B": 3})


# -- ties ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_ties_go_to_the_first_key(method: ApportionmentMethod) -> None:
    """Three equal weights and four seats: the first key in input order gets the extra seat."""
    expected = {"c": 2, "a": 1, "b": 1}

    assert expected == apportion(4, {"c": 5, "a": 5, "b": 5}, method=method)


@pytest.mark.parametrize("method", METHODS)
def test_tie_for_the_last_seats_raises_with_the_tied_keys(method: ApportionmentMethod) -> None:
    """Three equal weights competing for 2 seats raise with all three keys in input order."""
    weights = {"x": 1, "c": 5, "a": 5, "b": 5}
    seats = 5 if method == "huntington_hill" else 2

    with pytest.raises(ApportionmentTieError, match=r"'c', 'a' and 'b' tie exactly") as caught:
        apportion(seats, weights, method=method, ties="raise")
    expected = ("c", "a", "b")

    assert expected == caught.value.keys


def test_tie_message_counts_the_seats_at_stake() -> None:
    """The tie message names one seat or several."""
    with pytest.raises(ApportionmentTieError, match=r"'a' and 'b' tie exactly for the last seat;"):
        apportion(1, {"a": 1, "b": 1}, method="dhondt", ties="raise")
    with pytest.raises(ApportionmentTieError, match=r"tie exactly for the last 2 seats;"):
        apportion(2, {"a": 1, "b": 1, "c": 1}, method="dhondt", ties="raise")


def test_tie_error_is_an_apportionment_error() -> None:
    """ApportionmentTieError is caught as ApportionmentError."""
    with pytest.raises(ApportionmentError):
        apportion(1, {"a": 1, "b": 1}, ties="raise")


def test_tie_among_remainders_that_all_get_a_seat_does_not_raise() -> None:
    """Quotas 0.75/0.75/0.5: both tied remainders get the 2 leftover seats, so no error."""
    expected = {"a": 1, "b": 1, "c": 0}

    assert expected == apportion(2, {"a": 3, "b": 3, "c": 2}, ties="raise")


# -- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seats", "message"),
    [
        (-1, r"^seats must be >= 0 \(got -1\)$"),
        (True, r"^seats must be an int >= 0 \(got bool True\)$"),
        (2.0, r"^seats must be an int >= 0 \(got float 2\.0\)$"),
    ],
)
def test_seats_must_be_a_non_negative_int(seats: object, message: str) -> None:
    """Negative, bool and float seat counts are rejected."""
    with pytest.raises(ApportionmentError, match=message):
        apportion(seats, {"A": 1})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({}, r"^weights is empty: there is no key to give seats to$"),
        ([("A", 1)], r"^weights must be a mapping from key to weight \(got list\)$"),
        ({"A": -3}, r"^weight of 'A' must be >= 0 \(got -3\)$"),
        ({"A": Fraction(-1, 2)}, r"^weight of 'A' must be >= 0 \(got -1/2\)$"),
        (
            {"A": 0.1},
            (
                r"^weight of 'A' must be an int, Fraction or Decimal \(got float 0\.1\); "
                r"floats are inexact: write Fraction\('0\.1'\) or Decimal\('0\.1'\)$"
            ),
        ),
        ({"A": True}, r"^weight of 'A' must be an int, Fraction or Decimal \(got bool True\)$"),
        ({"A": "7"}, r"^weight of 'A' must be an int, Fraction or Decimal \(got str '7'\)$"),
        ({"A": Decimal("NaN")}, r"^weight of 'A' must be finite \(got Decimal\('NaN'\)\)$"),
    ],
)
def test_malformed_weights_are_rejected(weights: object, message: str) -> None:
    """Empty, non-mapping, negative, float, bool, string and non-finite weights are rejected."""
    with pytest.raises(ApportionmentError, match=message):
        apportion(1, weights)  # type: ignore[arg-type]


def test_unknown_method_lists_the_valid_names() -> None:
    """An unknown method name is rejected with every valid name listed."""
    names = ", ".join(repr(name) for name in get_args(ApportionmentMethod))

    with pytest.raises(ApportionmentError) as caught:
        apportion(1, {"A": 1}, method="adams")  # type: ignore[arg-type]
    assert f"unknown method 'adams'; expected one of {names}" == str(caught.value)


def test_unhashable_method_is_an_unknown_method() -> None:
    """A method that is not a string is rejected as unknown, not with a TypeError."""
    with pytest.raises(ApportionmentError, match=r"^unknown method \['dhondt'\]"):
        apportion(1, {"A": 1}, method=["dhondt"])  # type: ignore[arg-type]


def test_unknown_tie_rule_is_rejected() -> None:
    """The ties option must be 'first' or 'raise'."""
    with pytest.raises(
        ApportionmentError, match=r"^ties must be 'first' or 'raise' \(got 'last'\)$"
    ):
        apportion(1, {"A": 1}, ties="last")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        ({"min_seats": -1}, r"^min_seats must be >= 0 \(got -1\)$"),
        (
            {"min_seats": True},
            r"^min_seats must be an int >= 0 or a mapping from key to int \(got bool True\)$",
        ),
        (
            {"min_seats": [1]},
            r"^min_seats must be an int >= 0 or a mapping from key to int \(got list \[1\]\)$",
        ),
        (
            {"max_seats": 2.5},
            r"^max_seats must be an int >= 0 or a mapping from key to int \(got float 2\.5\)$",
        ),
        ({"max_seats": {"A": -2}}, r"^max_seats\['A'\] must be >= 0 \(got -2\)$"),
        ({"max_seats": {"A": "2"}}, r"^max_seats\['A'\] must be an int >= 0 \(got str '2'\)$"),
        ({"min_seats": {"Z": 1}}, r"^min_seats has key 'Z', which is not in weights$"),
    ],
)
def test_malformed_bounds_are_rejected(bounds: dict[str, object], message: str) -> None:
    """Negative, non-int and unknown-key bounds are rejected."""
    with pytest.raises(ApportionmentError, match=message):
        apportion(1, {"A": 1}, **bounds)  # type: ignore[arg-type]


def test_every_malformed_argument_is_reported() -> None:
    """All problems with the arguments are reported together, not only the first."""
    with pytest.raises(ApportionmentError) as caught:
        apportion(-1, {"A": -1}, max_seats={"B": 1})
    expected = (
        "3 problems: seats must be >= 0 (got -1); weight of 'A' must be >= 0 (got -1); "
        "max_seats has key 'B', which is not in weights"
    )

    assert expected == str(caught.value)


@pytest.mark.parametrize(
    ("seats", "weights", "options", "message"),
    [
        (
            5,
            {"A": 1, "B": 1},
            {"min_seats": {"A": 3}, "max_seats": {"A": 2}},
            r"^min_seats of 'A' is 3, above its max_seats of 2$",
        ),
        (
            2,
            {"A": 1, "B": 1},
            {"min_seats": 2},
            r"^the minimums sum to 4, more than the 2 seats$",
        ),
        (
            5,
            {"A": 1, "B": 1},
            {"max_seats": 2},
            r"^the maximums sum to 4, fewer than the 5 seats$",
        ),
        (
            5,
            {"A": 1, "B": 0},
            {"max_seats": {"A": 2}, "min_seats": {"B": 1}},
            (
                r"^the maximums sum to 3 \(a key with zero weight counts at its min_seats\), "
                r"fewer than the 5 seats$"
            ),
        ),
        (
            3,
            {"A": 0, "B": 0},
            {"min_seats": {"A": 1}},
            (
                r"^all weights are zero, so each key gets only its min_seats \(1 in all\), "
                r"fewer than the 3 seats$"
            ),
        ),
        (
            1,
            {"A": 1, "B": 1, "C": 0},
            {"method": "huntington_hill"},
            (
                r"^huntington_hill gives each of the 2 keys with positive weight at least one "
                r"seat, so it needs at least 2 seats \(got 1\)$"
            ),
        ),
        (
            2,
            {"A": 1, "B": 1, "C": 0},
            {"method": "huntington_hill", "min_seats": {"A": 2}},
            (
                r"^huntington_hill gives each of the 2 keys with positive weight at least one "
                r"seat, so it needs at least 3 seats with min_seats \(got 2\)$"
            ),
        ),
        (
            2,
            {"A": 1, "B": 1},
            {"method": "huntington_hill", "max_seats": {"B": 0}},
            (
                r"^huntington_hill gives every key with positive weight at least one seat, "
                r"but max_seats of 'B' is 0$"
            ),
        ),
        (
            9,
            {"A": 1, "B": 1},
            {"min_seats": {"A": 4}, "max_seats": {"A": 3, "B": 1}},
            r"^min_seats of 'A' is 4, above its max_seats of 3$",
        ),
        (
            1,
            {"A": 1, "B": 1},
            {"min_seats": 1, "max_seats": 0},
            (
                r"^2 problems: min_seats of 'A' is 1, above its max_seats of 0; "
                r"min_seats of 'B' is 1, above its max_seats of 0$"
            ),
        ),
        (
            3,
            {"A": 1},
            {"min_seats": 4, "max_seats": {"A": 5}},
            r"^the minimums sum to 4, more than the 3 seats$",
        ),
        (
            1,
            {"A": 1, "B": 1},
            {"min_seats": 1, "max_seats": {"A": 1}},
            r"^the minimums sum to 2, more than the 1 seat$",
        ),
        (
            9,
            {"A": 1, "B": 1},
            {"min_seats": 5, "max_seats": 5},
            r"^the minimums sum to 10, more than the 9 seats$",
        ),
    ],
)
def test_impossible_bounds_say_what_is_wrong(
    seats: int, weights: Mapping[str, int], options: dict[str, object], message: str
) -> None:
    """Bounds that no apportionment can meet raise with a message naming the clash."""
    with pytest.raises(ApportionmentError, match=message):
        apportion(seats, weights, **options)  # type: ignore[arg-type]


# -- properties ---------------------------------------------------------------------------

KEYS = st.text(alphabet="abcdefgh", min_size=1, max_size=2)
TIE_PRONE_WEIGHTS = st.dictionaries(KEYS, st.sampled_from([0, 3, 3, 3, 6]), min_size=2, max_size=5)
WEIGHTS = st.dictionaries(KEYS, st.integers(0, 20) | st.integers(0, 5_000), min_size=1, max_size=8)


Case = tuple[int, dict[str, int], ApportionmentMethod, dict[str, int], dict[str, int]]


@st.composite
def cases(
    draw: st.DrawFn,
    *,
    methods: tuple[ApportionmentMethod, ...] = METHODS,
    weights_from: st.SearchStrategy[dict[str, int]] = WEIGHTS,
    bounded: bool = True,
    seats_room: int = 40,
) -> Case:
    """Draw a feasible apportionment: seats, weights, method, min_seats and max_seats."""
    weights = draw(weights_from)
    method = draw(st.sampled_from(methods))
    keys = st.sampled_from(list(weights))
    lows = draw(st.dictionaries(keys, st.integers(0, 4))) if bounded else {}
    is_huntington_hill = method == "huntington_hill"
    floors = {
        key: max(lows.get(key, 0), int(is_huntington_hill and weight > 0))
        for key, weight in weights.items()
    }
    highs = draw(st.dictionaries(keys, st.integers(0, 6))) if bounded else {}
    highs = {key: floors[key] + extra for key, extra in highs.items()}
    minimum = sum(floors.values())
    capacity = sum(
        highs.get(key, minimum + seats_room) if weight else floors[key]
        for key, weight in weights.items()
    )
    seats = draw(st.integers(minimum, min(capacity, minimum + seats_room)))
    return seats, weights, method, lows, highs


def _solve(case: Case, **options: object) -> dict[str, int]:
    seats, weights, method, lows, highs = case
    return apportion(seats, weights, method=method, min_seats=lows, max_seats=highs, **options)  # type: ignore[arg-type]


def _solve_or_tie(case: Case) -> dict[str, int] | ApportionmentTieError:
    try:
        return _solve(case, ties="raise")
    except ApportionmentTieError as error:
        return error


def _priority(method: ApportionmentMethod, weight: int, count: int) -> Fraction:
    """Return the textbook priority of a key with ``count`` seats, squared for Huntington–Hill."""
    if method == "dhondt":
        return Fraction(weight, count + 1)
    if method == "sainte_lague":
        return Fraction(2 * weight, 2 * count + 1)
    return Fraction(weight * weight, count * (count + 1))


def _seat_by_seat(case: Case) -> dict[str, int]:
    """Give seats one at a time by the textbook definition of a bounded divisor method."""
    seats, weights, method, lows, highs = case
    counts = {
        key: max(lows.get(key, 0), int(method == "huntington_hill" and weight > 0))
        for key, weight in weights.items()
    }
    while sum(counts.values()) < seats:
        open_keys = [
            key
            for key, weight in weights.items()
            if weight and counts[key] < highs.get(key, seats + 1)
        ]
        best = max(open_keys, key=lambda key: _priority(method, weights[key], counts[key]))
        counts[best] += 1
    return counts


def _bounded_quotas(case: Case) -> dict[str, Fraction]:
    """Compute clamp(weight * t, min, max) summing to the seats, straight from its definition."""
    seats, weights, _, lows, highs = case

    def quotas(scale: Fraction) -> dict[str, Fraction]:
        result = {}
        for key, weight in weights.items():
            low = Fraction(lows.get(key, 0))
            high = Fraction(highs[key]) if key in highs else None
            quota = max(low, weight * scale) if weight else low
            result[key] = quota if high is None else min(quota, high)
        return result

    bends = sorted(
        {Fraction(0)}
        | {Fraction(lows[key], weights[key]) for key in lows if weights[key]}
        | {Fraction(highs[key], weights[key]) for key in highs if weights[key]}
    )
    bends.append(bends[-1] + 1 + seats)
    # the sum is linear between neighbouring bends
    for start, end in itertools.pairwise(bends):
        low_sum, high_sum = sum(quotas(start).values()), sum(quotas(end).values())
        if low_sum <= seats <= high_sum and high_sum > low_sum:
            return quotas(start + (end - start) * (seats - low_sum) / (high_sum - low_sum))
    return quotas(Fraction(0))  # every quota is fixed at a bound


@given(cases())
def test_result_has_every_key_in_order_and_sums_to_seats(case: Case) -> None:
    """The result has every key of weights, in input order, and sums to the seats."""
    seats, weights, *_ = case
    result = _solve(case)

    assert (list(weights), seats) == (list(result), sum(result.values()))


@given(cases())
def test_bounds_are_respected(case: Case) -> None:
    """Every key gets at least its min_seats and at most its max_seats."""
    _, weights, _, lows, highs = case
    result = _solve(case)

    assert not [
        key for key in weights if not lows.get(key, 0) <= result[key] <= highs.get(key, result[key])
    ]


@given(cases(methods=DIVISOR_METHODS))
def test_divisor_methods_match_the_seat_by_seat_definition(case: Case) -> None:
    """Divisor methods give what giving seats one at a time by priority gives."""
    assert _seat_by_seat(case) == _solve(case)


@given(cases(methods=("largest_remainder",)))
def test_largest_remainder_rounds_the_bounded_quotas(case: Case) -> None:
    """Largest remainder gives each key its bounded quota rounded down or up."""
    quotas = _bounded_quotas(case)
    result = _solve(case)

    assert not [
        key
        for key, quota in quotas.items()
        if result[key] not in {math.floor(quota), math.ceil(quota)}
    ]


@given(cases(methods=("largest_remainder",)))
def test_largest_remainder_gives_leftovers_to_the_largest_remainders(case: Case) -> None:
    """A key rounded up never has a smaller fractional part than a key rounded down."""
    quotas = _bounded_quotas(case)
    result = _solve(case)
    up = [quota % 1 for key, quota in quotas.items() if result[key] > quota]
    down = [quota % 1 for key, quota in quotas.items() if result[key] < quota]

    assert not up or not down or min(up) >= max(down)


@given(cases(methods=("largest_remainder",), bounded=False))
def test_largest_remainder_satisfies_quota(case: Case) -> None:
    """Without bounds every key gets its exact quota rounded down or up."""
    seats, weights, *_ = case
    total = sum(weights.values())
    assume(total > 0)
    result = _solve(case)

    assert not [
        key
        for key, weight in weights.items()
        if not math.floor(Fraction(weight * seats, total))
        <= result[key]
        <= math.ceil(Fraction(weight * seats, total))
    ]


@given(cases(methods=DIVISOR_METHODS))
def test_divisor_methods_are_house_monotone(case: Case) -> None:
    """Adding a seat never lowers any key's seats under a divisor method."""
    seats, weights, method, lows, highs = case
    capacity = sum(
        highs.get(key, seats + 1) if weight else lows.get(key, 0) for key, weight in weights.items()
    )
    assume(seats < capacity)
    larger = (seats + 1, weights, method, lows, highs)

    smaller_result, larger_result = _solve(case), _solve(larger)
    assert not [key for key in weights if larger_result[key] < smaller_result[key]]


@given(cases(methods=("huntington_hill",)))
def test_huntington_hill_gives_every_positive_key_a_seat(case: Case) -> None:
    """Huntington–Hill gives at least one seat to every key with positive weight."""
    _, weights, *_ = case
    result = _solve(case)

    assert not [key for key, weight in weights.items() if weight and result[key] < 1]


@given(cases())
def test_same_input_gives_the_same_output(case: Case) -> None:
    """Apportioning the same input twice gives the same result."""
    assert _solve(case) == _solve(case)


@given(
    cases(),
    st.integers(1, 10**6) | st.fractions(min_value=Fraction(1, 10**6), max_value=10**6),
)
def test_scaling_the_weights_changes_nothing(case: Case, factor: Fraction | int) -> None:
    """Multiplying every weight by the same positive number gives the same seats."""
    seats, weights, method, lows, highs = case
    scaled = {key: weight * factor for key, weight in weights.items()}

    assert _solve(case) == apportion(seats, scaled, method=method, min_seats=lows, max_seats=highs)


@given(
    st.lists(KEYS, min_size=1, max_size=8, unique=True),
    st.integers(1, 50),
    st.integers(0, 30),
    st.sampled_from(METHODS),
)
def test_equal_weights_favour_input_order(
    keys: list[str], weight: int, extra: int, method: ApportionmentMethod
) -> None:
    """With equal weights the seats differ by at most one and earlier keys get the extras."""
    seats = len(keys) + extra
    result = apportion(seats, dict.fromkeys(keys, weight), method=method)
    counts = list(result.values())

    assert counts == sorted(counts, reverse=True)
    assert counts[0] - counts[-1] <= 1


@given(cases(weights_from=WEIGHTS | TIE_PRONE_WEIGHTS, seats_room=12))
def test_ties_raise_exactly_when_input_order_decides_a_seat(case: Case) -> None:
    """ties='raise' raises exactly when reversing the input order moves a seat between tied keys.

    Without a deciding tie, reversing the input order gives every key the same seats. With
    one, the first tied key in input order wins its seat under ties='first' and loses it
    when the order is reversed, and the last tied key the other way round.
    """
    seats, weights, method, lows, highs = case
    outcome = _solve_or_tie(case)
    first = _solve(case)
    reversed_weights = dict(reversed(weights.items()))
    last = apportion(seats, reversed_weights, method=method, min_seats=lows, max_seats=highs)

    event("deciding tie" if isinstance(outcome, ApportionmentTieError) else "no deciding tie")
    if isinstance(outcome, ApportionmentTieError):
        tied = list(outcome.keys)
        assert [key for key in weights if key in tied] == tied
        assert (first[tied[0]], first[tied[-1]] + 1) == (last[tied[0]] + 1, last[tied[-1]])
    else:
        assert (outcome, outcome) == (first, last)


@pytest.mark.parametrize("method", METHODS)
def test_large_input_is_a_valid_apportionment(method: ApportionmentMethod) -> None:
    """10,000 keys and 100,000 seats give an apportionment that passes the method's own test."""
    seats = 100_000
    weights = {f"unit-{index}": (index * 7919) % 100_003 + 1 for index in range(10_000)}
    result = apportion(seats, weights, method=method)
    total = sum(weights.values())

    assert seats == sum(result.values())
    if method == "largest_remainder":
        assert not [
            key
            for key, weight in weights.items()
            if abs(result[key] - Fraction(weight * seats, total)) >= 1
        ]
    else:
        # Balinski and Young's min-max inequality: no seat given has a lower priority
        # than a seat not given (Huntington–Hill's first seat is not given by priority).
        floor = int(method == "huntington_hill")
        given_last = min(
            _priority(method, weights[key], result[key] - 1)
            for key in weights
            if result[key] > floor
        )
        next_best = max(_priority(method, weights[key], result[key]) for key in weights)
        assert next_best <= given_last
