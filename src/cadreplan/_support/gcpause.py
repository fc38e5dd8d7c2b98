"""Pausing the cyclic garbage collector around bulk work."""

from __future__ import annotations

import functools
import gc
from typing import TYPE_CHECKING, ParamSpec, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["without_gc_pauses"]

P = ParamSpec("P")
R = TypeVar("R")


def without_gc_pauses(function: Callable[P, R]) -> Callable[P, R]:
    """Run *function* with the cyclic garbage collector paused, if it is enabled.

    Reading, checking or allocating a large plan creates millions of objects
    that stay alive until the call returns, and every full collection walks
    all of them. At 140,000 cadres (``benchmarks/bench.py``, 2026-12-04), with
    the collector on, ``load_plan`` took 28% longer, ``validate`` of a fresh
    plan 29%, ``coverage`` 70%, ``allocate`` 71% and the optimizer 50%; those
    are the calls it decorates (``save_plan`` gained 7% and no longer is).

    The collector is enabled again when *function* returns or raises; cycles
    it would have freed meanwhile are freed by the next collection. A call
    made while the collector is already off leaves it off.
    """

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused
