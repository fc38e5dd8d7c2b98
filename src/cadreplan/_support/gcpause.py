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

    Reading, writing, checking or allocating a large plan creates millions of
    objects that stay alive until the call returns, and every full collection
    walks all of them: a third of the time of loading a plan of 100,000
    cadres. The collector is enabled again when *function* returns or raises;
    cycles it would have freed meanwhile are freed by the next collection. A
    call made while the collector is already off leaves it off.
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
