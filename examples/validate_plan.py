"""Validate a small county plan with a few problems and print its coverage.

The plan has one county with two townships, four cadres, three programs and
a session of each. Some things are wrong on purpose: a session is over
capacity, a village cadre sits in a class for township cadres, a cadre's two
sessions share a day and a program repeats one the cadre completed last
year. The script prints the validation report, grouped by rule, then the
coverage of the national default requirements per township and per
category, as persons (人).

Run it with ``python examples/validate_plan.py``.
"""

from __future__ import annotations

import datetime as dt

import cadreplan
from cadreplan import (
    Audience,
    Cadre,
    Enrollment,
    EnrollmentStatus,
    Institution,
    Period,
    Plan,
    Program,
    Session,
    TrainingRecord,
    Unit,
    UnitKind,
)

D = dt.date


def build_plan() -> Plan:
    """Return the county plan, problems included."""
    return Plan(
        name="城关区2024年度干部教育培训计划",
        period=Period(D(2024, 1, 1), D(2024, 12, 31)),
        units=(
            Unit(id="chengguan", name="城关区", kind=UnitKind.COUNTY),
            Unit(id="caigongtang", name="蔡公堂乡", kind=UnitKind.TOWNSHIP, parent="chengguan"),
            Unit(id="niangre", name="娘热乡", kind=UnitKind.TOWNSHIP, parent="chengguan"),
        ),
        cadres=(
            Cadre(
                id="dawa",
                name="Dawa",
                unit="caigongtang",
                category="township_cadre",
                rank="township",
            ),
            Cadre(
                id="pema", name="Pema", unit="caigongtang", category="village_cadre", rank="staff"
            ),
            Cadre(
                id="nyima",
                name="Nyima",
                unit="niangre",
                category="township_cadre",
                rank="staff",
                appointed_on=D(2024, 9, 1),
            ),
            Cadre(
                id="tashi",
                name="Tashi",
                unit="chengguan",
                category="leading_body_member",
                rank="county",
                tags={"leader"},
            ),
        ),
        institutions=(
            Institution(id="school", name="城关区委党校", kind="party_school", location="拉萨"),
        ),
        programs=(
            Program(
                id="governance",
                title="乡村治理专题班",
                tier="county_general",
                organizer="chengguan",
                hours=40,
                themes={"rural_governance"},
                audience=Audience(categories={"township_cadre"}),
            ),
            Program(
                id="ecology",
                title="生态保护专题班",
                tier="county_general",
                organizer="chengguan",
                hours=24,
                themes={"ecological_protection"},
            ),
            Program(
                id="theory",
                title="党的理论教育专题班",
                tier="county_general",
                organizer="chengguan",
                hours=56,
                themes={"party_theory"},
            ),
        ),
        sessions=(
            Session(
                id="governance-1",
                program="governance",
                institution="school",
                start_on=D(2024, 3, 4),
                end_on=D(2024, 3, 8),
                capacity=2,
            ),
            Session(
                id="ecology-1",
                program="ecology",
                institution="school",
                start_on=D(2024, 3, 8),
                end_on=D(2024, 3, 10),
                capacity=4,
            ),
            Session(
                id="theory-1",
                program="theory",
                institution="school",
                start_on=D(2024, 10, 14),
                end_on=D(2024, 10, 20),
                capacity=3,
            ),
        ),
        enrollments=(
            Enrollment(cadre="dawa", session="governance-1", status=EnrollmentStatus.COMPLETED),
            Enrollment(cadre="pema", session="governance-1"),
            Enrollment(cadre="nyima", session="governance-1"),
            Enrollment(cadre="dawa", session="ecology-1"),
            Enrollment(cadre="nyima", session="theory-1"),
            Enrollment(cadre="tashi", session="theory-1"),
        ),
        history=(
            TrainingRecord(
                cadre="nyima",
                start_on=D(2023, 11, 6),
                end_on=D(2023, 11, 12),
                hours=56,
                program="theory",
                themes={"party_theory"},
            ),
            TrainingRecord(
                cadre="tashi",
                start_on=D(2021, 4, 1),
                end_on=D(2021, 6, 30),
                hours=480,
                institution_kind="party_school",
            ),
        ),
        requirements=cadreplan.default_requirements(anchor_on=D(2024, 1, 1)),
    )


def main() -> None:
    """Validate the plan, print the report, then the coverage summaries."""
    plan = build_plan()
    report = cadreplan.validate(plan)
    print(plan.name)
    print(report)

    ledger = cadreplan.coverage(plan)
    print()
    print(f"Coverage on {ledger.on} (persons):")
    for summary in ledger.by_unit(level=UnitKind.TOWNSHIP):
        print(
            f"  {summary.group:<12} {summary.requirement:<22} "
            f"{summary.met}/{summary.cadres} met ({summary.rate:.0%}), "
            f"{summary.met_by_history} by completed training"
        )
    for summary in ledger.by_category():
        print(f"  {summary.group:<22} {summary.requirement:<22} {summary.met}/{summary.cadres} met")
    print()
    print("Still short:")
    for entry in ledger.short():
        shortfall = entry.describe_shortfall()
        print(f"  {entry.cadre:<6} {entry.requirement:<22} {shortfall}, due {entry.due_on}")


if __name__ == "__main__":
    main()
