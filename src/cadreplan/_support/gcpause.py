"""Pausing the cyclic garbage collector around bulk work, when the caller asks."""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the body of a ``with`` block.

    Reading, checking or allocating a large plan creates millions of objects
    that stay alive until the call returns, and every full collection walks
    all of them. At 140,000 cadres (``benchmarks/bench.py --gc paused``,
    2026-12-04), with the collector on, ``load_plan`` took 28% longer,
    ``validate`` of a fresh plan 29%, ``coverage`` 70%, ``allocate`` 71% and
    the optimizer 50% than inside this block.

    The library never pauses the collector by itself: ``gc.disable`` is
    process-wide, and a threaded service that embeds cadreplan would find
    its other threads running without collections. Opt in where the process
    is yours (a batch job, a notebook, the ``cadreplan`` command, which
    pauses it for each command)::

        with cadreplan.paused_gc():
            plan = cadreplan.load_plan("region.json")
            result = cadreplan.allocate(plan)

    The collector is enabled again when the block ends, normally or by an
    exception; cycles it would have freed meanwhile are freed by the next
    collection. A block entered while the collector is already off (by the
    caller, or by an enclosing block) leaves it off. Blocks in several
    threads at once share the one collector: the first to end turns it back
    on for all of them.

    Examples:
        >>> import gc
        >>> with paused_gc():
        ...     gc.isenabled()
        False
        >>> gc.isenabled()
        True
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
