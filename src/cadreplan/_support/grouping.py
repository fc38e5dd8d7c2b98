"""Grouping of a plan's collections, the way every index of the model groups them."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["first_by_id", "group", "grouped"]

T = TypeVar("T")


def group(items: tuple[T, ...], key: Callable[[T], str]) -> dict[str, tuple[T, ...]]:
    """Return *items* grouped by *key*, each group in order.

    Examples:
        >>> group(("ab", "ac", "b"), lambda word: word[0])
        {'a': ('ab', 'ac'), 'b': ('b',)}
    """
    return grouped(items, map(key, items))


def grouped(items: Iterable[T], names: Iterable[str]) -> dict[str, tuple[T, ...]]:
    """Return *items* grouped by their *names* (one per item, in step), each group in order.

    Examples:
        >>> grouped(range(4), "abab")
        {'a': (0, 2), 'b': (1, 3)}
    """
    groups: dict[str, list[T]] = {}
    for item, name in zip(items, names, strict=True):
        # get, not try: with many small groups, most first members would raise.
        members = groups.get(name)
        if members is None:
            groups[name] = [item]
        else:
            members.append(item)
    return {name: tuple(members) for name, members in groups.items()}


def first_by_id(items: Iterable[T], key: Callable[[T], str]) -> dict[str, T]:
    """Return *items* by their *key*; of two with one key, the first wins.

    Validation reports the duplicate; look-ups see the first, as a reader would.

    Examples:
        >>> first_by_id(("ab", "ac", "b"), lambda word: word[0])
        {'a': 'ab', 'b': 'b'}
    """
    table: dict[str, T] = {}
    for item in items:
        table.setdefault(key(item), item)
    return table
