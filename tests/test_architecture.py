"""The package's layout keeps the rules of DESIGN.md that import-linter does not check.

import-linter (``lint-imports``, run by CI) checks that imports run only down
the layers; these tests check the rest of the house rules, by reading the
source: other layers import a layer's face only, a name with a leading
underscore is used only in its own module, a name one module takes from a
sibling is in the sibling's ``__all__``, modules stay small and long
functions say why, and ``import cadreplan`` loads no optional library.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "cadreplan"

LAYERS = (
    "cli",
    "nation",
    "reports",
    "allocation",
    "rules | io | datasets",
    "ledger",
    "model",
    "_support",
    "errors",
)
"""The floors of DESIGN.md, top first, as the import-linter contract names them."""

MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 80
"""A function whose body (docstring aside) is longer says why, with "kept whole"."""

NAMESPACE_API = {"_replace", "_asdict", "_fields", "_value_", "_missing_", "_fill_text"}
"""Underscored names that belong to the standard library's own protocols."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, tuple[Path, ast.Module]]:
    return {
        _module_name(path): (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SOURCE.rglob("*.py"))
    }


def _layer(module: str) -> str:
    """Return the layer package of *module*: ``cadreplan.rules._base`` -> ``cadreplan.rules``."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def _package(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _imports(tree: ast.Module) -> list[tuple[int, str, list[str]]]:
    """Return (line, module, names) of every absolute import of cadreplan, nested ones too."""
    found: list[tuple[int, str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "cadreplan":
                found.append((node.lineno, node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found.extend(
                (node.lineno, alias.name, [])
                for alias in node.names
                if alias.name.split(".")[0] == "cadreplan"
            )
    return found


def _is_module(name: str) -> bool:
    return name in _modules()


def test_the_import_contract_is_the_design() -> None:
    """pyproject.toml's layer contract lists the floors of DESIGN.md, every one of them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    assert (["cadreplan"], list(LAYERS), True) == (
        contract["containers"],
        contract["layers"],
        contract["exhaustive"],
    )
    assert config["tool"]["importlinter"]["exclude_type_checking_imports"]


def test_other_layers_import_faces_only() -> None:
    """A module outside a layer imports the layer's package, never its private modules."""
    wrong = []
    for module, (path, tree) in _modules().items():
        for line, target, _ in _imports(tree):
            parts = target.split(".")
            private_module = len(parts) > 2 and parts[2].startswith("_")
            if private_module and _layer(target) != _layer(module):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {target}")
    assert [] == wrong


def test_private_names_stay_in_their_module() -> None:
    """No module imports a name with a leading underscore from another (sibling modules aside)."""
    wrong = []
    for module, (path, tree) in _modules().items():
        package = _package(module, path)
        for line, target, names in _imports(tree):
            for name in names:
                if not name.startswith("_"):
                    continue
                # A layer's own private module, imported by name inside the layer.
                if _is_module(f"{target}.{name}") and target == package:
                    continue
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {name} from {target}")
    assert [] == wrong


def _own_names(tree: ast.Module) -> set[str]:
    """Every name a module defines itself: functions, classes, attributes, slots, fields."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.add(node.value)  # __slots__ entries, and attrs fields by their names
    return names


def test_private_attributes_stay_in_their_module() -> None:
    """``thing._name`` reads only what the same module defines (an object's own insides)."""
    wrong = []
    for path, tree in _modules().values():
        own = _own_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
                continue
            name = node.attr
            if name.startswith("__") or name in NAMESPACE_API or name in own:
                continue
            wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{name}")
    assert [] == wrong


def _declared(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == "__all__" and node.value is not None:
            value = ast.literal_eval(node.value)
            return list(value)
    return None


def test_every_module_declares_a_static_sorted_all() -> None:
    """Each module's ``__all__`` is a literal list, sorted as ruff sorts it, with defined names."""
    wrong = []
    for module, (path, tree) in _modules().items():
        if path.name == "__main__.py":
            continue
        declared = _declared(tree)
        if declared is None:
            wrong.append(f"{module}: no static __all__")
            continue
        defined = _own_names(tree) | {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        wrong.extend(f"{module}: {name} undefined" for name in declared if name not in defined)
    assert [] == wrong


def test_names_shared_between_modules_are_listed() -> None:
    """A name one module takes from a private sibling is in that sibling's ``__all__``."""
    wrong = []
    modules = _modules()
    for path, tree in modules.values():
        for line, target, names in _imports(tree):
            if target not in modules or not target.rpartition(".")[2].startswith("_"):
                continue
            listed = _declared(modules[target][1]) or []
            wrong.extend(
                f"{path.relative_to(ROOT)}:{line}: {name} not in {target}.__all__"
                for name in names
                if name not in listed and not _is_module(f"{target}.{name}")
            )
    assert [] == wrong


@pytest.mark.parametrize("module", sorted(_modules()))
def test_modules_stay_small(module: str) -> None:
    """No module is over 800 lines."""
    path, _ = _modules()[module]
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


def test_long_functions_say_why() -> None:
    """A function over 80 lines of body says in its docstring why it is kept whole."""
    wrong = []
    for path, tree in _modules().values():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            docstring = ast.get_docstring(node) or ""
            body = node.body[1:] if docstring else node.body
            if not body:
                continue
            length = body[-1].end_lineno - body[0].lineno + 1  # type: ignore[operator]
            if length > MAX_FUNCTION_LINES and "kept whole" not in " ".join(docstring.split()):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} ({length})")
    assert [] == wrong


OPTIONAL = ("ortools", "yaml", "rich", "pandas", "matplotlib", "openpyxl", "dask", "numpy")
UPPER = ("cadreplan.cli", "cadreplan.nation", "cadreplan.reports", "cadreplan.datasets")


def test_import_cadreplan_stays_light() -> None:
    """``import cadreplan`` loads no optional library, nor the layers the API does not need."""
    code = "import sys, cadreplan; print('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    heavy = [name for name in loaded if name.split(".")[0] in OPTIONAL or name.startswith(UPPER)]
    assert [] == heavy
