"""Seat apportionment: split a whole number of seats in proportion to weights.

This module is private; `apportion` and
`ApportionmentMethod` are exported from ``cadreplan``.

All arithmetic is exact. Weights are scaled to integers once, the bounded quota scale is
a `Fraction`, and every comparison that decides a seat compares
integers or fractions, never floats, so a tie on paper is a tie here.
"""

from __future__ import annotations

import heapq
import math
import numbers
from collections.abc import Callable, Hashable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from operator import itemgetter
from types import MappingProxyType
from typing import Final, Literal, TypeAlias, TypeVar, get_args

import attrs

from cadreplan.errors import ApportionmentError, ApportionmentTieError

__all__ = ["ApportionmentMethod", "TieRule", "Weight", "apportion"]

K = TypeVar("K", bound=Hashable)

ApportionmentMethod: TypeAlias = Literal[
    "largest_remainder",
    "hamilton",
    "dhondt",
    "jefferson",
    "sainte_lague",
    "webster",
    "huntington_hill",
    "equal_proportions",
]
"""The name of an apportionment method; each method has two names (the second is an alias)."""

TieRule: TypeAlias = Literal["first", "raise"]
"""What to do when an exact tie decides a seat: favour input order, or raise."""

Weight: TypeAlias = int | Fraction | Decimal
"""An exact, non-negative weight (usually a headcount)."""

_Method: TypeAlias = Literal["largest_remainder", "dhondt", "sainte_lague", "huntington_hill"]

_CANONICAL: Final[Mapping[str, _Method]] = MappingProxyType(
    {
        "largest_remainder": "largest_remainder",
        "hamilton": "largest_remainder",
        "dhondt": "dhondt",
        "jefferson": "dhondt",
        "sainte_lague": "sainte_lague",
        "webster": "sainte_lague",
        "huntington_hill": "huntington_hill",
        "equal_proportions": "huntington_hill",
    }
)
_TIE_RULES: Final = get_args(TieRule)


def apportion(
    seats: int,
    weights: Mapping[K, Weight],
    /,
    *,
    method: ApportionmentMethod = "largest_remainder",
    min_seats: int | Mapping[K, int] = 0,
    max_seats: int | Mapping[K, int] | None = None,
    ties: TieRule = "first",
) -> dict[K, int]:
    """Split ``seats`` among the keys of ``weights`` in proportion to their weights.

    Typical use: share a session's capacity among units by their eligible headcounts
    (名额分配).

    Methods (each has an alias):

    - ``"largest_remainder"`` (``"hamilton"``): each key's quota is
      ``weight * seats / total``; every key gets the integer part of its quota and
      the seats left over go to the largest fractional parts. Without bounds every key
      gets its quota rounded down or up, but adding a seat can take one away from a key
      (the Alabama paradox).
    - ``"dhondt"`` (``"jefferson"``): a divisor method with divisors 1, 2, 3, …;
      favours keys with large weights.
    - ``"sainte_lague"`` (``"webster"``): a divisor method with divisors 1, 3, 5, …
      (that is ``n + 1/2``); neutral between large and small keys.
    - ``"huntington_hill"`` (``"equal_proportions"``): a divisor method with divisors
      ``sqrt(n * (n + 1))``, compared exactly as ``weight**2 / (n * (n + 1))``; every key
      with a positive weight gets at least one seat.

    A divisor method gives seats one at a time to the key with the highest priority
    ``weight / divisor(n)``, where ``n`` is the number of seats the key already has.
    Adding a seat never takes one away from any key under a divisor method.

    Bounds: ``min_seats`` and ``max_seats`` are an int for every key or a mapping from
    key to int (a key missing from the mapping has no minimum, or no maximum).
    A divisor method first gives each key its minimum (under Huntington–Hill at least
    one seat if its weight is positive), then gives the other seats by priority,
    skipping keys at their maximum. Largest remainder uses bounded quotas
    ``clamp(weight * t, min, max)``, with the one scale ``t`` that makes them sum to
    ``seats``: each key gets the integer part of its bounded quota and the seats left
    over go to the largest fractional parts (a quota clamped to a bound is whole, so
    that key gets exactly the bound). Without bounds both are the plain methods. A key
    with zero weight gets its minimum and nothing more.

    Ties: when two keys have exactly the same claim to the last seat(s) (equal
    priorities, or equal fractional parts), ``ties="first"`` gives it to the key that
    comes first in ``weights``. ``ties="raise"`` raises
    `ApportionmentTieError` instead, but only
    when the tie decides a seat, that is when more keys tie than there are seats left
    for them.

    Args:
        seats: The number of seats to apportion, an int ``>= 0``.
        weights: The weight of each key: a non-negative int,
            `Fraction` or `Decimal`. Floats are
            rejected because they are inexact (``0.1`` is not one tenth); write
            ``Fraction("0.1")`` or ``Decimal("0.1")`` instead.
        method: The apportionment method, by name or alias.
        min_seats: The fewest seats each key gets: an int for every key, or a mapping
            from key to int.
        max_seats: The most seats each key gets: ``None`` (no maximum), an int for every
            key, or a mapping from key to int.
        ties: ``"first"`` to break exact ties by input order, ``"raise"`` to raise.

    Returns:
        Every key of ``weights``, in input order, with its number of seats; the values
        sum to ``seats``.

    Raises:
        ApportionmentError: The arguments are malformed (every problem is listed), or
            the bounds cannot be met: the minimums sum to more than ``seats``, a minimum
            is above its maximum, the maximums sum to less than ``seats``, a bound names
            a key that is not in ``weights``, or Huntington–Hill has fewer seats than
            keys with positive weight.
        ApportionmentTieError: ``ties="raise"`` and an exact tie decides a seat; its
            ``keys`` are the tied keys in input order.

    Examples:
        >>> votes = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}
        >>> apportion(8, votes, method="dhondt")
        {'A': 4, 'B': 3, 'C': 1, 'D': 0}
        >>> apportion(8, votes, method="sainte_lague")
        {'A': 3, 'B': 3, 'C': 1, 'D': 1}
        >>> apportion(8, votes, method="dhondt", min_seats={"D": 1})
        {'A': 3, 'B': 3, 'C': 1, 'D': 1}
        >>> apportion(2, {"east": 5, "west": 5, "north": 5})
        {'east': 1, 'west': 1, 'north': 0}

    References:
        M. L. Balinski and H. P. Young, *Fair Representation: Meeting the Ideal of One
        Man, One Vote*, 2nd ed., Brookings Institution Press, 2001.
        F. Pukelsheim, *Proportional Representation: Apportionment Methods and Their
        Applications*, 2nd ed., Springer, 2017 (divisor methods with minimum and
        maximum restrictions).
    """
    problems: list[str] = []
    seat_count = _read_count(seats, "seats", problems)
    method_name: object = method
    kind = _CANONICAL.get(method_name) if isinstance(method_name, str) else None
    if kind is None:
        names = ", ".join(repr(name) for name in get_args(ApportionmentMethod))
        problems.append(f"unknown method {method!r}; expected one of {names}")
    if ties not in _TIE_RULES:
        problems.append(f"ties must be 'first' or 'raise' (got {ties!r})")
    keys, scaled = _read_weights(weights, problems)
    lows = _read_bound(min_seats, "min_seats", keys, problems)
    highs = _read_bound(max_seats, "max_seats", keys, problems)
    if problems or kind is None:
        raise ApportionmentError(_join_problems(problems))

    task = _make_task(kind, keys, scaled, lows, highs, seats=seat_count)
    if kind == "largest_remainder":
        counts = _largest_remainder(task, ties)
    else:
        counts = _divisor(task, kind, ties)
    return dict(zip(weights, counts, strict=True))


@attrs.frozen
class _Task:
    """One apportionment, checked: seats to give and each key's weight, floor and cap.

    Positions index the keys in input order. A key whose floor equals its cap (every key
    with zero weight) is fixed and takes no part in the method.
    """

    keys: Sequence[Hashable]
    weights: Sequence[int]
    floors: Sequence[int]
    caps: Sequence[int | None]
    seats: int

    @property
    def open_positions(self) -> list[int]:
        """The positions of the keys that can get more seats than their floor."""
        return [
            position
            for position, (floor, cap) in enumerate(zip(self.floors, self.caps, strict=True))
            if floor != cap
        ]


# -- reading the arguments ----------------------------------------------------------------


def _describe(value: object) -> str:
    return f"{type(value).__name__} {value!r}"


def _read_count(value: object, what: str, problems: list[str]) -> int:
    """Return ``value`` as a non-negative int, or record why it is not one."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        problems.append(f"{what} must be an int >= 0 (got {_describe(value)})")
        return 0
    if value < 0:
        problems.append(f"{what} must be >= 0 (got {value})")
        return 0
    return int(value)


def _read_weights(weights: object, problems: list[str]) -> tuple[list[Hashable], list[int]]:
    """Return the keys in input order and their weights scaled to integers.

    Multiplying every weight by the same positive number changes no method's result,
    so the weights are scaled by the least common multiple of their denominators.
    """
    if not isinstance(weights, Mapping):
        problems.append(
            f"weights must be a mapping from key to weight (got {type(weights).__name__})"
        )
        return [], []
    if not weights:
        problems.append("weights is empty: there is no key to give seats to")
        return [], []
    keys: list[Hashable] = []
    exact: list[int | Fraction] = []
    for key, weight in weights.items():
        keys.append(key)
        exact.append(_read_weight(key, weight, problems))
    denominator = math.lcm(*(value.denominator for value in exact))
    return keys, [int(value * denominator) for value in exact]


def _read_weight(key: object, weight: object, problems: list[str]) -> int | Fraction:
    """Return ``weight`` as an exact number, or record why it is not a valid weight."""
    if type(weight) is int:
        value: int | Fraction = weight
    elif isinstance(weight, bool) or not isinstance(weight, numbers.Rational | Decimal | float):
        problems.append(
            f"weight of {key!r} must be an int, Fraction or Decimal (got {_describe(weight)})"
        )
        return 0
    elif isinstance(weight, float):
        problems.append(
            f"weight of {key!r} must be an int, Fraction or Decimal (got float {weight!r}); "
            f"floats are inexact: write Fraction({str(weight)!r}) or Decimal({str(weight)!r})"
        )
        return 0
    elif isinstance(weight, Decimal) and not weight.is_finite():
        problems.append(f"weight of {key!r} must be finite (got {weight!r})")
        return 0
    else:
        value = Fraction(weight)
    if value < 0:
        problems.append(f"weight of {key!r} must be >= 0 (got {weight})")
        return 0
    return value


def _read_bound(
    bound: object, name: str, keys: Sequence[Hashable], problems: list[str]
) -> list[int | None]:
    """Return the bound of each key in input order, ``None`` where none was given."""
    if bound is None:
        return [None] * len(keys)
    if not isinstance(bound, Mapping):
        if isinstance(bound, bool) or not isinstance(bound, numbers.Integral):
            problems.append(
                f"{name} must be an int >= 0 or a mapping from key to int (got {_describe(bound)})"
            )
            return [None] * len(keys)
        return [_read_count(bound, name, problems)] * len(keys)
    given: list[int | None] = [None] * len(keys)
    index = {key: position for position, key in enumerate(keys)}
    for key, value in bound.items():
        position = index.get(key)
        if position is None:
            problems.append(f"{name} has key {key!r}, which is not in weights")
        else:
            given[position] = _read_count(value, f"{name}[{key!r}]", problems)
    return given


def _seats(count: int) -> str:
    return "the 1 seat" if count == 1 else f"the {count} seats"


def _join_problems(problems: Sequence[str]) -> str:
    if len(problems) == 1:
        return problems[0]
    return f"{len(problems)} problems: " + "; ".join(problems)


def _make_task(
    kind: _Method,
    keys: Sequence[Hashable],
    weights: Sequence[int],
    lows: Sequence[int | None],
    highs: Sequence[int | None],
    *,
    seats: int,
) -> _Task:
    """Apply the method's own floor and the zero-weight cap, or raise if the bounds clash.

    A key with zero weight is capped at its minimum; Huntington–Hill raises the floor of
    every key with positive weight to one seat.
    """
    problems: list[str] = []
    is_huntington_hill = kind == "huntington_hill"
    floors: list[int] = []
    caps: list[int | None] = []
    for key, weight, low, high in zip(keys, weights, lows, highs, strict=True):
        floor = low or 0
        if high is not None and floor > high:
            problems.append(f"min_seats of {key!r} is {floor}, above its max_seats of {high}")
        elif is_huntington_hill and weight > 0 and high == 0:
            problems.append(
                "huntington_hill gives every key with positive weight at least one seat, "
                f"but max_seats of {key!r} is 0"
            )
        if weight == 0:
            caps.append(floor)
        else:
            caps.append(high)
            floor = max(floor, int(is_huntington_hill))
        floors.append(floor)
    if problems:
        raise ApportionmentError(_join_problems(problems))
    task = _Task(keys=keys, weights=weights, floors=floors, caps=caps, seats=seats)
    problem = _check_totals(task, minimum=sum(low or 0 for low in lows))
    if problem is not None:
        raise ApportionmentError(problem)
    return task


def _check_totals(task: _Task, *, minimum: int) -> str | None:
    """Return why the floors or the caps of ``task`` cannot add up to its seats, if they cannot.

    The caps are never below the floors, so at most one of the two can fail.
    """
    seats = task.seats
    floor_total = sum(task.floors)
    if minimum > seats:
        return f"the minimums sum to {minimum}, more than {_seats(seats)}"
    if floor_total > seats:
        positive = sum(1 for weight in task.weights if weight > 0)
        with_minimums = " with min_seats" if minimum else ""
        return (
            f"huntington_hill gives each of the {positive} keys with positive weight at "
            f"least one seat, so it needs at least {floor_total} seats{with_minimums} "
            f"(got {seats})"
        )
    if None in task.caps:
        return None
    capacity = sum(cap or 0 for cap in task.caps)
    if capacity >= seats:
        return None
    if not any(task.weights):
        return (
            f"all weights are zero, so each key gets only its min_seats "
            f"({capacity} in all), fewer than {_seats(seats)}"
        )
    note = " (a key with zero weight counts at its min_seats)" if 0 in task.weights else ""
    return f"the maximums sum to {capacity}{note}, fewer than {_seats(seats)}"


# -- the methods --------------------------------------------------------------------------
#
# Seats are decided by comparing fractions. Fraction objects are slow in bulk, so the hot
# loops compare integer images of them instead: if every fraction in play has a
# denominator of at most ``d``, two different ones differ by at least ``1 / d**2``, so
# ``(numerator << shift) // denominator`` with ``2**shift >= d**2`` keeps equal fractions
# equal and unequal ones in the same order. The comparisons stay exact.


def _shift_for(largest_denominator: int) -> int:
    """Return a shift that makes ``(n << shift) // d`` order-exact for every ``d <= largest``."""
    return 2 * largest_denominator.bit_length()


def _bounded_scale(task: _Task) -> Fraction:
    """Return the least ``t >= 0`` with ``sum(clamp(weight * t, floor, cap)) == seats``.

    The sum is continuous, piecewise linear and non-decreasing in ``t``. It bends where a
    key's quota ``weight * t`` reaches its floor (the key starts to grow) or its cap (the
    key stops); sweeping those points in order finds the piece that reaches ``seats``.
    The caller guarantees that the caps allow the seats and that the floors sum to fewer.
    """
    shift = _shift_for(max(task.weights))
    fixed = sum(task.floors)  # the seats of keys at their floor or cap, at the current t
    slope = 0  # the sum of the weights of the keys that grow with t
    bends: list[tuple[int, int, int, bool]] = []
    for weight, floor, cap in zip(task.weights, task.floors, task.caps, strict=True):
        if floor == cap:
            continue
        bends.append(((floor << shift) // weight, floor, weight, False))
        if cap is not None:
            bends.append(((cap << shift) // weight, cap, weight, True))
    bends.sort(key=itemgetter(0))
    for _, bound, weight, is_cap in bends:
        # the sum at t = bound / weight, compared with the seats times weight
        if fixed * weight + slope * bound >= task.seats * weight:
            break
        if is_cap:
            fixed, slope = fixed + bound, slope - weight
        else:
            fixed, slope = fixed - bound, slope + weight
    return Fraction(task.seats - fixed, slope)


def _largest_remainder(task: _Task, ties: TieRule) -> list[int]:
    """Give each key the integer part of its bounded quota, then the largest remainders."""
    counts = list(task.floors)
    if sum(counts) == task.seats:
        return counts
    scale = _bounded_scale(task)
    numerator, denominator = scale.numerator, scale.denominator
    # Every bounded quota is weight * numerator / denominator, so the remainders share
    # one denominator and compare as integers.
    remainders: list[tuple[int, int]] = []
    for position in task.open_positions:
        quota = task.weights[position] * numerator
        cap = task.caps[position]
        if quota <= counts[position] * denominator:
            continue
        if cap is not None and quota >= cap * denominator:
            counts[position] = cap
            continue
        counts[position], remainder = divmod(quota, denominator)
        if remainder:
            remainders.append((-remainder, position))
    left = task.seats - sum(counts)
    remainders.sort()
    if ties == "raise" and 0 < left < len(remainders):
        last = remainders[left - 1][0]
        if remainders[left][0] == last:
            winners = [position for remainder, position in remainders[:left] if remainder == last]
            losers = [position for remainder, position in remainders[left:] if remainder == last]
            _raise_tie(task.keys, winners + losers, len(winners))
    for _, position in remainders[:left]:
        counts[position] += 1
    return counts


def _priority_of(kind: _Method, seats: int) -> Callable[[int, int], int]:
    """Return ``priority(weight, n)``: the claim of a key with ``n`` seats to one more.

    The result is the integer image of ``weight / divisor(n)`` (see the section comment);
    ``n`` never exceeds ``seats``.
    """
    if kind == "dhondt":
        dhondt_shift = _shift_for(seats + 1)

        def dhondt(weight: int, count: int) -> int:
            return (weight << dhondt_shift) // (count + 1)

        return dhondt
    if kind == "sainte_lague":
        sainte_lague_shift = _shift_for(2 * seats + 1)

        def sainte_lague(weight: int, count: int) -> int:
            # weight / (count + 1/2), halved: the same order with an integer divisor
            return (weight << sainte_lague_shift) // (2 * count + 1)

        return sainte_lague
    huntington_hill_shift = _shift_for(seats * (seats + 1))

    def huntington_hill(weight: int, count: int) -> int:
        # the square of weight / sqrt(count * (count + 1)): the same order, no root
        return (weight * weight << huntington_hill_shift) // (count * (count + 1))

    return huntington_hill


def _seats_above(kind: _Method, quota: int, denominator: int) -> int:
    """Return how many seats have a priority above ``1 / t``, for a quota ``weight * t``.

    The quota is ``quota / denominator``. Under every divisor method the ``n + 1``-th seat
    has a priority above ``1 / t`` exactly when ``divisor(n)`` is below the quota.
    """
    if kind == "dhondt":
        # n + 1 < quota
        return max(0, -(-quota // denominator) - 1)
    if kind == "sainte_lague":
        # n + 1/2 < quota
        return max(0, -((denominator - 2 * quota) // (2 * denominator)))
    # n * (n + 1) < quota**2; the least n where that fails is the count, and isqrt
    # lands on it or one below
    square, square_denominator = quota * quota, denominator * denominator
    count = math.isqrt(square // square_denominator)
    return count if count * (count + 1) * square_denominator >= square else count + 1


def _divisor(task: _Task, kind: _Method, ties: TieRule) -> list[int]:
    """Give the seats above the floors one at a time by priority, skipping capped keys.

    Giving the seats one at a time would cost a heap operation per seat. Instead every
    key first gets the seats whose priority is above ``1 / t``, with ``t`` the scale of
    the bounded quotas; that start is within about one seat per key of the result.
    Those seats come first in priority order, so a heap then only gives (or takes back)
    the seats by which the start misses, and the result is the one seat by seat gives.
    """
    counts = list(task.floors)
    if sum(counts) == task.seats:
        return counts
    priority = _priority_of(kind, task.seats)
    scale = _bounded_scale(task)
    weights, floors, caps = task.weights, task.floors, task.caps
    open_positions = task.open_positions
    for position in open_positions:
        above = _seats_above(kind, weights[position] * scale.numerator, scale.denominator)
        count = max(floors[position], above)
        cap = caps[position]
        counts[position] = count if cap is None else min(count, cap)
    missing = task.seats - sum(counts)
    # Heap entries sort as the seats would be given: higher priority first, then the
    # key that comes first in input order.
    if missing > 0:
        offers = [
            (-priority(weights[position], counts[position]), position)
            for position in open_positions
            if counts[position] != caps[position]
        ]
        heapq.heapify(offers)
        for _ in range(missing):
            position = offers[0][1]
            counts[position] += 1
            if counts[position] == caps[position]:
                heapq.heappop(offers)
            else:
                offer = (-priority(weights[position], counts[position]), position)
                heapq.heapreplace(offers, offer)
    elif missing < 0:
        # Take back the seats that would have been given last: lowest priority, then
        # the key that comes last in input order.
        given = [
            (priority(weights[position], counts[position] - 1), -position)
            for position in open_positions
            if counts[position] > floors[position]
        ]
        heapq.heapify(given)
        for _ in range(-missing):
            position = -given[0][1]
            counts[position] -= 1
            if counts[position] == floors[position]:
                heapq.heappop(given)
            else:
                seat = (priority(weights[position], counts[position] - 1), -position)
                heapq.heapreplace(given, seat)
    if ties == "raise":
        _check_divisor_tie(task, priority, counts)
    return counts


def _check_divisor_tie(
    task: _Task, priority: Callable[[int, int], int], counts: Sequence[int]
) -> None:
    """Raise if the last seat given and the first seat not given have equal priority."""
    last = {
        position: priority(task.weights[position], counts[position] - 1)
        for position in task.open_positions
        if counts[position] > task.floors[position]
    }
    following = {
        position: priority(task.weights[position], counts[position])
        for position in task.open_positions
        if counts[position] != task.caps[position]
    }
    cutoff = min(last.values())
    if cutoff not in following.values():
        return
    winners = [position for position, value in last.items() if value == cutoff]
    losers = [position for position, value in following.items() if value == cutoff]
    _raise_tie(task.keys, winners + losers, len(winners))


def _raise_tie(keys: Sequence[Hashable], tied: Sequence[int], seats: int) -> None:
    """Raise ``ApportionmentTieError`` for the keys at ``tied`` competing for ``seats``."""
    names = [repr(keys[position]) for position in sorted(tied)]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    noun = "the last seat" if seats == 1 else f"the last {seats} seats"
    pronoun = "it" if seats == 1 else "them"
    message = (
        f"{listed} tie exactly for {noun}; pass ties='first' to give {pronoun} to the "
        "first of them in input order"
    )
    raise ApportionmentTieError(message, [keys[position] for position in sorted(tied)])
