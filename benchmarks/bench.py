"""Time and measure the memory of cadreplan's operations on synthetic regions of growing size.

Run ``python benchmarks/bench.py --help`` for the options; ``benchmarks/README.md``
explains what is measured and the targets. To benchmark another operation,
add one `Operation` to `OPERATIONS`: a name, a setup that prepares its input
from a `Workload` (untimed) and the call that is timed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cadreplan import (
    OptimalPolicy,
    Plan,
    allocate,
    coverage,
    load_plan,
    save_plan,
    validate,
)
from cadreplan.datasets import synthetic_region

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

SEED = 0
MB = 1_000_000
DEFAULT_SIZES = (10_000, 140_000, 1_000_000)


class Workload:
    """The inputs of one size, built on first use and shared by the operations.

    Attributes:
        cadres: Number of cadres of the synthetic region.
        folder: A temporary folder for the files the operations write.
    """

    def __init__(self, cadres: int, folder: Path) -> None:
        self.cadres = cadres
        self.folder = folder

    @cached_property
    def plan(self) -> Plan:
        """The synthetic region of this size."""
        return synthetic_region(cadres=self.cadres, seed=SEED)

    @cached_property
    def enrolled_plan(self) -> Plan:
        """The same region with one or two enrollments per cadre, as validation sees it."""
        return synthetic_region(cadres=self.cadres, seed=SEED, with_enrollments=True)

    @cached_property
    def plan_file(self) -> Path:
        """The plan saved as JSON, for the operations that read it."""
        return save_plan(self.plan, self.folder / f"plan-{self.cadres}.json")


class Operation(NamedTuple):
    """One benchmarked operation.

    Attributes:
        name: Shown in the table and selected with ``--only``.
        setup: Prepares the argument of `run` from the workload; not timed,
            called before every run.
        run: The timed call.
        file: The plan file the operation writes or reads, whose size the
            table shows, if any.
    """

    name: str
    setup: Callable[[Workload], Any]
    run: Callable[[Any], object]
    file: Callable[[Workload], Path] | None = None


def _save_target(workload: Workload) -> tuple[Plan, Path]:
    return workload.plan, workload.folder / "saved.json"


OPERATIONS: list[Operation] = [
    Operation(
        "synthetic",
        setup=lambda workload: workload.cadres,
        run=lambda cadres: synthetic_region(cadres=cadres, seed=SEED),
    ),
    Operation(
        "save",
        setup=_save_target,
        run=lambda target: save_plan(*target),
        file=lambda workload: workload.folder / "saved.json",
    ),
    Operation(
        "load",
        setup=lambda workload: workload.plan_file,
        run=load_plan,
        file=lambda workload: workload.plan_file,
    ),
    Operation(
        "validate",
        # A fresh copy each run, as for coverage: a plan caches the indexes rules read,
        # and a validation that found them built would time only its first run honestly.
        setup=lambda workload: workload.enrolled_plan.evolve(),
        run=validate,
    ),
    Operation(
        "coverage",
        # A fresh copy each run: a plan caches its indexes, and coverage builds some.
        setup=lambda workload: workload.enrolled_plan.evolve(),
        run=coverage,
    ),
    Operation(
        "allocate",
        setup=lambda workload: workload.plan.evolve(),
        run=lambda plan: allocate(plan, seed=SEED),
    ),
    Operation(
        "optimal",
        setup=lambda workload: workload.plan.evolve(),
        run=lambda plan: allocate(plan, seed=SEED, policy=OptimalPolicy()),
    ),
]
"""The operations, in the order they run for each size."""


class Result(NamedTuple):
    """The measurements of one operation at one size."""

    operation: str
    cadres: int
    seconds: tuple[float, ...]
    cpu_seconds: tuple[float, ...]
    peak_mb: float | None
    max_rss_mb: float
    file_mb: float | None

    @property
    def median_s(self) -> float:
        """Median wall-clock time of the runs."""
        return statistics.median(self.seconds)

    @property
    def min_s(self) -> float:
        """Fastest run."""
        return min(self.seconds)

    @property
    def cpu_s(self) -> float:
        """Median CPU time of the runs."""
        return statistics.median(self.cpu_seconds)


def reference_loop(iterations: int = 10_000_000) -> tuple[float, float]:
    """Return the wall-clock and CPU seconds of a fixed pure-Python loop.

    The loop measures the machine, not cadreplan: divide a result by it to
    compare runs on different machines, or on one machine under other load.
    """
    start, cpu_start = time.perf_counter(), time.process_time()
    total = 0
    for number in range(iterations):
        total += number
    return time.perf_counter() - start, time.process_time() - cpu_start


def _max_rss_mb() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return usage / MB if sys.platform == "darwin" else usage * 1024 / MB


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def time_runs(
    operation: Operation, workload: Workload, repeat: int, *, pause_gc: bool = False
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Return the wall-clock and CPU seconds of *repeat* runs, each after an untimed setup.

    CPU time (``time.process_time``) hardly changes when other processes
    compete for the machine; wall-clock time is what a user waits. With
    *pause_gc*, each run has the garbage collector off, as inside
    ``cadreplan.paused_gc()`` (done here with ``gc`` itself, so that the
    script also times versions of the library without ``paused_gc``).
    """
    seconds = []
    cpu_seconds = []
    for _ in range(repeat):
        argument = operation.setup(workload)
        gc.collect()
        if pause_gc:
            gc.disable()
        try:
            start, cpu_start = time.perf_counter(), time.process_time()
            result = operation.run(argument)
            seconds.append(time.perf_counter() - start)
            cpu_seconds.append(time.process_time() - cpu_start)
        finally:
            gc.enable()
        del result, argument
    return tuple(seconds), tuple(cpu_seconds)


def peak_memory_mb(operation: Operation, workload: Workload) -> float:
    """Return the peak of memory allocated during one run, result included, in MB.

    A separate run under tracemalloc: tracing slows allocation-heavy code
    several times over, so these runs are never timed.
    """
    argument = operation.setup(workload)
    gc.collect()
    tracemalloc.start()
    try:
        result = operation.run(argument)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result, argument
    return peak / MB


def benchmark(
    operations: Sequence[Operation],
    sizes: Sequence[int],
    *,
    repeat: int,
    memory: bool,
    pause_gc: bool = False,
) -> list[Result]:
    """Run every operation at every size and return the results, size by size."""
    results: list[Result] = []
    for cadres in sizes:
        with tempfile.TemporaryDirectory(prefix="cadreplan-bench-") as folder:
            workload = Workload(cadres, Path(folder))
            timed: list[tuple[Operation, tuple[tuple[float, ...], tuple[float, ...]], float]] = []
            for operation in operations:
                _progress(f"{cadres:>11,} cadres: {operation.name} x{repeat}")
                times = time_runs(operation, workload, repeat, pause_gc=pause_gc)
                # Each figure as soon as it is known: a long run stopped early keeps them.
                wall, cpu = statistics.median(times[0]), statistics.median(times[1])
                _progress(
                    f"{cadres:>11,} cadres: {operation.name} median {wall:.3f} s "
                    f"(CPU {cpu:.3f} s), max RSS {_max_rss_mb():,.0f} MB"
                )
                timed.append((operation, times, _max_rss_mb()))
            # Traced runs come after all timed runs of the size, so that tracemalloc's
            # own overhead does not raise the RSS reported for the timed ones.
            for operation, (seconds, cpu_seconds), rss in timed:
                peak = None
                if memory:
                    _progress(f"{cadres:>11,} cadres: {operation.name} under tracemalloc")
                    peak = peak_memory_mb(operation, workload)
                size = None
                if operation.file is not None:
                    size = operation.file(workload).stat().st_size / MB
                results.append(
                    Result(operation.name, cadres, seconds, cpu_seconds, peak, rss, size)
                )
            del workload
            gc.collect()
    return results


def objective_ratios(sizes: Sequence[int]) -> list[tuple[int, int, int, float]]:
    """Return, per size, the cascade's objective, the optimum and their ratio."""
    ratios = []
    for cadres in sizes:
        _progress(f"{cadres:>11,} cadres: cascade objective / optimum")
        plan = synthetic_region(cadres=cadres, seed=SEED)
        cascade = allocate(plan, seed=SEED).objective
        optimum = allocate(plan, seed=SEED, policy=OptimalPolicy()).optimum
        assert optimum is not None  # the optimal policy always reports it
        ratios.append((cadres, cascade, optimum, cascade / optimum if optimum else 1.0))
    return ratios


def _cell(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def markdown_table(results: Sequence[Result]) -> str:
    """Return the results as a markdown table."""
    lines = [
        "| operation | cadres | median s | min s | CPU s | peak MB | max RSS MB | file MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines.extend(
        f"| {result.operation} | {result.cadres:,} | {result.median_s:.3f} | {result.min_s:.3f} "
        f"| {result.cpu_s:.3f} | {_cell(result.peak_mb, 0)} | {result.max_rss_mb:,.0f} "
        f"| {_cell(result.file_mb, 1)} |"
        for result in results
    )
    return "\n".join(lines)


def environment() -> dict[str, object]:
    """Return what the numbers depend on: interpreter, machine and library versions."""
    from importlib.metadata import version  # noqa: PLC0415

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "cadreplan": version("cadreplan"),
    }


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        msg = f"expected comma-separated whole numbers (got {text!r})"
        raise argparse.ArgumentTypeError(msg) from None
    if any(size <= 0 for size in sizes):
        msg = f"sizes must be > 0 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return sizes


def _operations(text: str) -> tuple[Operation, ...]:
    by_name = {operation.name: operation for operation in OPERATIONS}
    names = [name.strip() for name in text.split(",")]
    unknown = [name for name in names if name not in by_name]
    if unknown:
        msg = f"unknown operation(s) {', '.join(unknown)}; choose from {', '.join(by_name)}"
        raise argparse.ArgumentTypeError(msg)
    # Registry order, so that setups shared between operations are built once.
    return tuple(operation for operation in OPERATIONS if operation.name in names)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(
        prog="bench.py",
        description=__doc__.splitlines()[0] if __doc__ else None,
        epilog=(
            "examples:\n"
            "  python benchmarks/bench.py --sizes 10000 --repeat 1\n"
            "  python benchmarks/bench.py --sizes 140000 --only save,load --json results.json"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=DEFAULT_SIZES,
        help="comma-separated numbers of cadres (default: 10000,140000,1000000)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs per operation (default: %(default)s)"
    )
    parser.add_argument(
        "--only",
        type=_operations,
        default=tuple(OPERATIONS),
        metavar="NAMES",
        help=f"comma-separated operations to run (default: {','.join(o.name for o in OPERATIONS)})",
    )
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the tracemalloc runs (faster)"
    )
    parser.add_argument(
        "--gc",
        choices=("on", "paused"),
        default="on",
        help="'on': the garbage collector runs, as when a service calls the library (default); "
        "'paused': it is off during each timed run, as inside cadreplan.paused_gc()",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    arguments = parser.parse_args(argv)
    if arguments.repeat < 1:
        parser.error("--repeat must be >= 1")

    before = reference_loop()
    results = benchmark(
        arguments.only,
        arguments.sizes,
        repeat=arguments.repeat,
        memory=not arguments.no_memory,
        pause_gc=arguments.gc == "paused",
    )
    after = reference_loop()
    print(markdown_table(results))
    names = {operation.name for operation in arguments.only}
    ratios = objective_ratios(arguments.sizes) if {"allocate", "optimal"} <= names else []
    if ratios:
        print("\n| cadres | cascade objective | optimum | ratio |\n|---:|---:|---:|---:|")
        for cadres, cascade, optimum, ratio in ratios:
            print(f"| {cadres:,} | {cascade:,} | {optimum:,} | {ratio:.4f} |")
    print(
        f"\nReference loop (10M additions), before / after: "
        f"wall {before[0]:.2f} / {after[0]:.2f} s, CPU {before[1]:.2f} / {after[1]:.2f} s"
    )
    if arguments.json is not None:
        records = [
            {
                **result._asdict(),
                "median_s": result.median_s,
                "min_s": result.min_s,
                "cpu_s": result.cpu_s,
            }
            for result in results
        ]
        document = {
            "environment": environment(),
            "repeat": arguments.repeat,
            "gc": arguments.gc,
            "reference_loop": {"before": before, "after": after},
            "results": records,
            "objective_ratios": [
                {"cadres": cadres, "cascade": cascade, "optimum": optimum, "ratio": ratio}
                for cadres, cascade, optimum, ratio in ratios
            ],
        }
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        arguments.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
