"""The scoring package as shipped to the browser: standard library only, its public API declared."""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path

import scoring

SCORING_DIR = Path(__file__).resolve().parents[1] / "scoring"
FORBIDDEN = {"mkdocs", "yaml", "jinja2", "markdown", "pymdownx", "material"}


def _modules() -> list[Path]:
    modules = sorted(SCORING_DIR.rglob("*.py"))
    assert SCORING_DIR / "__init__.py" in modules
    return modules


def _imports(path: Path) -> set[str]:
    """Top-level names of every absolute import in a file (relative imports are the package)."""
    # feature_version: the syntax must be valid for the oldest Python the wheel supports.
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path), feature_version=(3, 12))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            found.add("__import__")  # dynamic imports would dodge this test
    return found


def test_scoring_imports_nothing_but_the_standard_library() -> None:
    for path in _modules():
        imported = _imports(path)
        assert not imported & FORBIDDEN, f"{path.name} imports {imported & FORBIDDEN}"
        outside = {name for name in imported if name not in sys.stdlib_module_names}
        assert not outside, f"{path.name} imports {outside}"


def test_the_import_check_would_catch_a_forbidden_import(tmp_path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("import os\nfrom yaml import safe_load\nimport jinja2.sandbox\nfrom . import x\n")
    assert _imports(sample) == {"os", "yaml", "jinja2"}


def test_all_lists_exactly_the_public_api() -> None:
    public = {
        name
        for name, value in vars(scoring).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(scoring.__all__) == public
    assert len(scoring.__all__) == len(set(scoring.__all__))
    assert {"load_assessment", "score", "DefinitionError", "AnswerError", "Assessment", "Result"} <= public
    for name in scoring.__all__:
        assert getattr(scoring, name).__module__.startswith("scoring.")


def test_version_is_declared() -> None:
    assert isinstance(scoring.__version__, str)
    assert all(part.isdigit() for part in scoring.__version__.split("."))
