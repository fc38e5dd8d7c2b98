"""Allocate the seats of the demo region with the tier cascade and show the outcome.

Prints how full each tier is, coverage of each requirement before and after,
what the township backstop still needs, and the story of one cadre who is
still uncovered. Run it with ``python examples/allocate_demo.py``.
"""

from __future__ import annotations

import cadreplan
from cadreplan.datasets import demo_region


def main() -> None:
    plan = demo_region()
    result = cadreplan.allocate(plan, seed=2024)
    print(f"{plan.name}: {len(result.placements)} new enrollments, seed {result.seed}")

    print("\nFill by tier (seats taken / capacity)")
    for code, (taken, capacity) in result.fill_by_tier.items():
        if capacity:
            label = plan.tiers[code].label("en")
            print(f"  {label:<36} {taken:>4} / {capacity:<4} {taken / capacity:>5.0%}")

    print("\nCoverage (cadres meeting each requirement)")
    region = cadreplan.UnitKind.REGION
    after = {(s.group, s.requirement): s for s in result.coverage_after.by_unit(level=region)}
    for before in result.coverage_before.by_unit(level=region):
        now = after[before.group, before.requirement]
        print(
            f"  {before.requirement:<28} {before.rate:>5.0%} -> {now.rate:>5.0%}  of {now.cadres}"
        )

    print("\nStill short of a requirement, by reason")
    reasons: dict[str, int] = {}
    for item in result.still_short:
        reasons[item.reason] = reasons.get(item.reason, 0) + 1
    for reason, count in sorted(reasons.items()):
        print(f"  {reason:<20} {count:>4}")
    needed = result.backstop_shortfall
    seats = sum(item.seats_needed for item in needed)
    sessions = sum(item.sessions_needed for item in needed)
    print(f"  backstop: {seats} more seats in {len(needed)} townships ({sessions} sessions)")

    # The story of a cadre kept out by a clash of dates tells the most.
    print(f"  no seat at all: {len(result.unseated)} cadres")
    conflicted = [item.cadre for item in result.still_short if item.reason == "conflict"]
    if conflicted:
        print()
        print(result.explain(conflicted[0]))


if __name__ == "__main__":
    main()
