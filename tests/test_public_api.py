"""The public API is what ``cadreplan`` exports, and plan files stay byte for byte the same.

``__all__`` is pinned: it is a sorted literal list, it lists exactly the
names the package exports, and every name exported before the package was
split into layers is still there. The golden files under ``tests/golden``
were written by the code before that split; the same plans must still be
saved as the same bytes.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import json
import types
from pathlib import Path

import pytest

import cadreplan
from cadreplan import allocate, load_plan, save_plan
from cadreplan.datasets import demo_region, synthetic_region

GOLDEN = Path(__file__).resolve().parent / "golden"
INIT = Path(cadreplan.__file__)

EXPORTED_BEFORE_THE_LAYERS = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_INSTITUTION_KINDS",
    "DEFAULT_RANKS",
    "DEFAULT_THEMES",
    "DEFAULT_TIERS",
    "FORMAT_VERSION",
    "ActionPlan",
    "AllocationEvent",
    "AllocationResult",
    "ApportionmentError",
    "ApportionmentMethod",
    "ApportionmentTieError",
    "Audience",
    "Cadre",
    "CadreplanError",
    "CadreplanWarning",
    "CascadePolicy",
    "Commitment",
    "CoverageEntry",
    "CoverageLedger",
    "CoverageSummary",
    "CycleBasis",
    "DeliveryMode",
    "DispatchQuota",
    "Enrollment",
    "EnrollmentStatus",
    "Explanation",
    "Finding",
    "Institution",
    "OptimalPolicy",
    "OptionalDependencyError",
    "Outcome",
    "Period",
    "Plan",
    "PlanFileFormat",
    "PlanFormatError",
    "Post",
    "PostKind",
    "PracticeAssignment",
    "Problem",
    "Program",
    "Requirement",
    "Rule",
    "SeatQuota",
    "Session",
    "SessionFill",
    "Severity",
    "TeachingMethod",
    "Term",
    "Tier",
    "TierScheme",
    "TownshipShortfall",
    "Training",
    "TrainingRecord",
    "Unit",
    "UnitKind",
    "UnitTree",
    "UnknownIdError",
    "Unplaced",
    "UnplacedReason",
    "ValidationContext",
    "ValidationError",
    "ValidationOptions",
    "ValidationReport",
    "Violation",
    "Vocabulary",
    "allocate",
    "apportion",
    "builtin_rules",
    "commitments_of",
    "counts_toward",
    "coverage",
    "cycle_window",
    "default_requirements",
    "duplicate_reason",
    "eligible_headcount",
    "explain",
    "is_eligible",
    "load_plan",
    "make_converter",
    "overlapping_commitments",
    "plan_schema",
    "quotas_for",
    "rule",
    "save_plan",
    "starts_too_close",
    "structure_plan",
    "trainings_of",
    "unstructure_plan",
    "validate",
]
"""``cadreplan.__all__`` as it was at 6248c2a, before the layers."""

LAYERS = ("model", "ledger", "rules", "io", "allocation", "reports", "nation")
"""The layer packages whose faces re-export only what ``cadreplan`` publishes."""


def _static_all() -> list[str]:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            return list(ast.literal_eval(node.value))
    pytest.fail("cadreplan/__init__.py has no literal __all__")


def _in_ruff_order(names: list[str]) -> list[str]:
    """Return *names* sorted as ruff sorts ``__all__``: constants, classes, then the rest."""

    def kind(name: str) -> int:
        return 0 if name.isupper() else 1 if name[0].isupper() else 2

    return sorted(names, key=lambda name: (kind(name), name))


def test_all_is_a_sorted_literal_list() -> None:
    """``__all__`` is written out in the source, in ruff's order (constants, classes, functions)."""
    names = _static_all()

    assert names == cadreplan.__all__
    assert _in_ruff_order(names) == names
    assert len(set(names)) == len(names)


def test_all_is_what_the_package_exports() -> None:
    """Every public name the package binds, but its subpackages, is in ``__all__``, and back."""
    exported = {
        name
        for name, value in vars(cadreplan).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert sorted(exported) == sorted(cadreplan.__all__)
    assert all(getattr(cadreplan, name) is not None for name in cadreplan.__all__)


def test_every_name_exported_before_is_still_exported() -> None:
    """The layers moved the code, not the API: each earlier name is importable from cadreplan."""
    assert [] == [name for name in EXPORTED_BEFORE_THE_LAYERS if name not in cadreplan.__all__]


@pytest.mark.parametrize("layer", LAYERS)
def test_faces_re_export_what_cadreplan_publishes(layer: str) -> None:
    """A layer's ``__all__`` names only public objects, the very ones ``cadreplan`` exports."""
    face = importlib.import_module(f"cadreplan.{layer}")
    assert _in_ruff_order(face.__all__) == face.__all__
    for name in face.__all__:
        assert getattr(face, name) is getattr(cadreplan, name)


def test_datasets_load_on_first_use() -> None:
    """``cadreplan.datasets`` is a public submodule, imported when first asked for."""
    assert importlib.import_module("cadreplan.datasets") is cadreplan.datasets


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_demo_plan_file_is_the_golden_file(tmp_path: Path) -> None:
    """The demo region saves to the very bytes saved before the layers, and loads back."""
    path = save_plan(demo_region(), tmp_path / "demo-plan.json")

    assert (GOLDEN / "demo-plan.json").read_bytes() == path.read_bytes()
    assert demo_region() == load_plan(GOLDEN / "demo-plan.json")


@pytest.mark.parametrize(
    "name", sorted(json.loads((GOLDEN / "sha256.json").read_text(encoding="utf-8")))
)
def test_plan_files_are_byte_identical(name: str, tmp_path: Path) -> None:
    """YAML, an allocated plan and synthetic plans hash as they did before the layers."""
    plans = {
        "demo-plan.yaml": demo_region,
        "demo-allocated-seed-0.json": lambda: allocate(demo_region(), seed=0).plan,
        "synthetic-300-seed-3-with-enrollments.json": lambda: synthetic_region(
            300, seed=3, with_enrollments=True
        ),
        "synthetic-2000-seed-1.yaml": lambda: synthetic_region(2000, seed=1),
    }
    expected = json.loads((GOLDEN / "sha256.json").read_text(encoding="utf-8"))[name]

    path = save_plan(plans[name](), tmp_path / name)

    assert expected == _sha256(path)


def _public_docstrings() -> list[tuple[str, str]]:
    found = []
    for name in cadreplan.__all__:
        value = getattr(cadreplan, name)
        found.append((name, inspect.getdoc(value) or ""))
        if isinstance(value, type):
            for member, attribute in vars(value).items():
                if not member.startswith("_") and (doc := inspect.getdoc(attribute)):
                    found.append((f"{name}.{member}", doc))
    return found


def test_docstrings_read_in_help_without_link_markup() -> None:
    """``help()`` shows docstrings as written: no ``[`x`][cadreplan.x]`` link syntax in them."""
    marked = [name for name, doc in _public_docstrings() if "][cadreplan" in doc]

    assert marked == []
