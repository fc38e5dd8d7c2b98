"""Generate a small synthetic region and print an overview of it.

A synthetic region has the shape of the source's Tibetan region (prefectures,
counties, townships, villages, temple management committees; programs of all
seven tiers) at any size, and the same seed always gives the same plan. Run:

    python examples/synthetic_region.py [cadres] [seed]
"""

from __future__ import annotations

import collections
import sys

from cadreplan.datasets import synthetic_region


def main(argv: list[str]) -> None:
    cadres = int(argv[1]) if len(argv) > 1 else 3_000
    seed = int(argv[2]) if len(argv) > 2 else 0
    plan = synthetic_region(cadres, seed=seed, with_enrollments=True)

    print(plan.name)
    print(f"period {plan.period.start_on} .. {plan.period.end_on}")

    units = collections.Counter(unit.kind.value for unit in plan.units)
    print("\nunits: " + ", ".join(f"{kind} {count}" for kind, count in units.items()))

    categories = collections.Counter(cadre.category for cadre in plan.cadres)
    print(f"\n{len(plan.cadres)} cadres:")
    for term in plan.categories:
        print(f"  {term.code:<30}{categories[term.code]:>7}  {term.zh}")

    sessions: collections.Counter[str] = collections.Counter()
    seats: collections.Counter[str] = collections.Counter()
    taken: collections.Counter[str] = collections.Counter()
    for session in plan.sessions:
        tier = plan.tier_of(session)
        sessions[tier] += 1
        seats[tier] += session.capacity
    for enrollment in plan.enrollments:
        taken[plan.tier_of(plan.session(enrollment.session))] += 1
    enrolled = len({enrollment.cadre for enrollment in plan.enrollments})
    print(f"\n{len(plan.programs)} programs; sessions (期), seats and enrollments (人次) by tier:")
    for tier in plan.tiers:
        counts = f"{sessions[tier.code]:>7}{seats[tier.code]:>8}{taken[tier.code]:>8}"
        print(f"  {tier.code:<30}{counts}  {tier.zh}")
    totals = f"{len(plan.sessions):>7}{sum(seats.values()):>8}{len(plan.enrollments):>8}"
    print(f"  {'total':<30}{totals}  ({enrolled} 人)")

    trained = len({record.cadre for record in plan.history})
    (dispatch,) = plan.dispatch_quotas
    print(f"\nhistory: {len(plan.history)} records of {trained} cadres")
    print(f"requirements: {', '.join(r.id for r in plan.requirements)}")
    print(f"dispatch quota: {dispatch.seats} seats at national institutions ({dispatch.issuer})")
    print(f"practice: {len(plan.posts)} posts, {len(plan.assignments)} assignments")


if __name__ == "__main__":
    main(sys.argv)
