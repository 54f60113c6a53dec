"""The scoring wheel, the lock file that registers it, and the files the engine adds to the site."""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from site_plugins.assessment import definitions, engine, lockfile, wheel
from site_plugins.assessment.config import AssessmentConfig

ROOT = Path(__file__).resolve().parents[1]
SCORING = ROOT / "scoring"
FORBIDDEN_IMPORTS = {"mkdocs", "yaml", "jinja2", "site_plugins"}


def plugin_config(**options) -> AssessmentConfig:
    config = AssessmentConfig()
    config.load_dict(options)
    assert config.validate() == ([], [])
    return config


@pytest.fixture(scope="module")
def real_engine() -> engine.EngineFiles:
    """What a real build prepares: the project's cache, the real scoring package."""
    return engine.prepare(plugin_config(), project_dir=ROOT, scoring_dir=SCORING)


@pytest.fixture
def fake_scoring(tmp_path) -> Path:
    folder = tmp_path / "scoring"
    folder.mkdir()
    (folder / "__init__.py").write_text('"""A stand-in."""\n\n__version__ = "1.2.3"\n')
    (folder / "rules.py").write_text("import json\n\nRULES = json.loads('[]')\n")
    shutil.copyfile(SCORING / "pyproject.toml", folder / "pyproject.toml")
    return folder


# -- the wheel ---------------------------------------------------------------------------------


def test_wheel_is_pure_python_and_named_by_the_scoring_version(real_engine):
    version = next(
        node.value.value
        for node in ast.parse((SCORING / "__init__.py").read_text()).body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__version__"
    )
    assert real_engine.wheel_name == f"scoring-{version}-py3-none-any.whl"
    with zipfile.ZipFile(real_engine.wheel_path) as whl:
        metadata = whl.read(f"scoring-{version}.dist-info/WHEEL").decode()
        assert "Tag: py3-none-any" in metadata and "Root-Is-Purelib: true" in metadata
        requires = whl.read(f"scoring-{version}.dist-info/METADATA").decode()
        assert "Requires-Dist" not in requires and "Requires-Python: >=3.12" in requires


def test_wheel_holds_exactly_the_scoring_sources(real_engine):
    with zipfile.ZipFile(real_engine.wheel_path) as whl:
        names = whl.namelist()
        modules = {n for n in names if not n.split("/")[0].endswith(".dist-info")}
        assert modules == {f"scoring/{p.name}" for p in SCORING.glob("*.py")}
        for name in modules:
            assert whl.read(name) == (SCORING / Path(name).name).read_bytes(), name
    assert not [n for n in names if n.endswith((".pyc", ".pyo")) or "__pycache__" in n]
    assert all(n.startswith("scoring/") or n.startswith("scoring-") for n in names)


def test_wheel_imports_only_the_standard_library(real_engine):
    allowed = set(sys.stdlib_module_names) | {"scoring"}
    with zipfile.ZipFile(real_engine.wheel_path) as whl:
        for name in whl.namelist():
            if not name.endswith(".py"):
                continue
            for node in ast.walk(ast.parse(whl.read(name), name)):
                if isinstance(node, ast.Import):
                    tops = {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    tops = {node.module.split(".")[0]}
                else:
                    continue
                assert not tops & FORBIDDEN_IMPORTS, f"{name}:{node.lineno} imports {tops}"
                assert tops <= allowed, f"{name}:{node.lineno} imports {tops - allowed}"


def test_wheel_build_is_reproducible_and_leaves_the_sources_alone(fake_scoring, tmp_path):
    before = sorted(p.name for p in fake_scoring.iterdir())
    first = wheel.build_wheel(fake_scoring, tmp_path / "one")
    second = wheel.build_wheel(fake_scoring, tmp_path / "two")

    assert first.name == "scoring-1.2.3-py3-none-any.whl"
    assert first.read_bytes() == second.read_bytes()  # same sha256 on every machine
    assert sorted(p.name for p in fake_scoring.iterdir()) == before  # no build/, no egg-info


def test_wheel_is_cached_by_source_hash(fake_scoring, tmp_path, monkeypatch):
    built = wheel.build_wheel(fake_scoring, tmp_path)

    def no_build(*args, **kwargs):
        raise AssertionError("rebuilt although the sources did not change")

    monkeypatch.setattr(subprocess, "run", no_build)
    assert wheel.build_wheel(fake_scoring, tmp_path) == built
    monkeypatch.undo()

    (fake_scoring / "rules.py").write_text("RULES = []\n")
    rebuilt = wheel.build_wheel(fake_scoring, tmp_path)
    assert rebuilt != built and rebuilt.name == built.name
    with zipfile.ZipFile(rebuilt) as whl:
        assert whl.read("scoring/rules.py") == b"RULES = []\n"


def test_wheel_build_failure_is_a_plugin_error(fake_scoring, tmp_path):
    (fake_scoring / "__init__.py").write_text('"""No version."""\n')
    with pytest.raises(PluginError, match="Building the scoring wheel .* failed"):
        wheel.build_wheel(fake_scoring, tmp_path)
    assert not list((tmp_path / "wheels").glob("*/*.whl"))


# -- the lock file -----------------------------------------------------------------------------


def test_lock_registers_the_wheel_by_name_with_its_sha256(real_engine):
    lock = json.loads(real_engine.lock_path.read_text())
    entry = lock["packages"]["scoring"]

    assert entry["sha256"] == hashlib.sha256(real_engine.wheel_path.read_bytes()).hexdigest()
    assert entry["sha256"] == real_engine.wheel_sha256
    # Relative: Pyodide resolves it against the lock file's folder, where the wheel is.
    assert entry["file_name"] == real_engine.wheel_name
    assert entry["imports"] == ["scoring"] and entry["depends"] == []
    assert entry["install_dir"] == "site" and entry["package_type"] == "package"
    assert list(lock["packages"]) == ["scoring"]  # only what the site ships
    stock = json.loads((real_engine.runtime_dir / "pyodide-lock.json").read_text())
    assert lock["info"] == stock["info"]


def test_lock_folder_is_named_by_the_lock_content(real_engine):
    digest = hashlib.sha256(real_engine.lock_path.read_bytes()).hexdigest()[:16]
    assert real_engine.packages_dir.name == digest
    assert real_engine.lock_uri == f"assets/assessment/packages/{digest}/pyodide-lock.json"


def test_changed_wheel_gets_a_new_lock_folder(fake_scoring, tmp_path, real_engine):
    stock = real_engine.runtime_dir / "pyodide-lock.json"
    first = lockfile.write_lock(stock, wheel.build_wheel(fake_scoring, tmp_path), tmp_path)
    (fake_scoring / "rules.py").write_text("RULES = ()\n")
    second = lockfile.write_lock(stock, wheel.build_wheel(fake_scoring, tmp_path), tmp_path)
    assert first != second
    assert (first / "scoring-1.2.3-py3-none-any.whl").is_file()


# -- the site's files --------------------------------------------------------------------------


def test_site_files_lists_runtime_lock_wheel_and_definitions(real_engine, tmp_path):
    config = MkDocsConfig()
    config.load_dict({"site_name": "test", "docs_dir": str(ROOT / "content"), "site_dir": str(tmp_path / "site")})
    assert config.validate() == ([], [])
    config.plugins._current_plugin = "assessment"  # as while MkDocs runs the plugin's on_files
    docs = ROOT / "content"
    found = definitions.load_all(docs / "assessments", docs_dir=docs)

    files = {f.src_uri: f for f in engine.site_files(real_engine, found, plugin_config(), config)}

    runtime_uri = "assets/assessment/pyodide/314.0.7/"
    assert real_engine.index_uri == runtime_uri and real_engine.stdlib_uri is None
    expected = {runtime_uri + name for name in engine.PAGE_RUNTIME_FILES}
    expected |= {real_engine.lock_uri, real_engine.wheel_uri}
    expected |= {f"assets/assessment/{name}.json" for name in found}
    assert set(files) == expected
    for name, definition in found.items():
        assert files[f"assets/assessment/{name}.json"].content_string == definition.json_text
    for uri in expected - {f"assets/assessment/{name}.json" for name in found}:
        assert Path(files[uri].abs_src_path).is_file(), uri
    assert Path(files[real_engine.wheel_uri].abs_src_path).read_bytes() == (
        real_engine.wheel_path.read_bytes()
    )


def test_plugin_on_files_adds_the_engine_files(tmp_path):
    """The wiring in plugin.py: a real mkdocs.yml, the plugin's on_files, what the site gets."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["assessment"]
    config.plugins._current_plugin = "assessment"
    files = plugin.on_files(get_files(config), config=config)

    e = plugin.engine
    uris = {f.src_uri for f in files}
    assert {e.lock_uri, e.wheel_uri, e.index_uri + "pyodide.asm.wasm"} <= uris
    assert "assets/assessment/ladder.json" in uris
    assert "assessments/ladder.yml" not in uris  # an input, not a download
    # mkdocs.yml ships the cut standard library, in place of the stock zip.
    assert e.stdlib_uri in uris
    assert e.index_uri + "python_stdlib.zip" not in uris


# -- damaged caches (issue 9): re-verified on every build, rebuilt, never shipped ------------


def test_a_truncated_cached_wheel_is_rebuilt_not_shipped(fake_scoring, tmp_path, real_engine):
    good = wheel.build_wheel(fake_scoring, tmp_path)
    expected = good.read_bytes()
    good.write_bytes(expected[: len(expected) // 2])  # truncated in the cache

    again = wheel.build_wheel(fake_scoring, tmp_path)  # no BadZipFile: rebuilt
    assert again.read_bytes() == expected
    stock = real_engine.runtime_dir / "pyodide-lock.json"
    folder = lockfile.write_lock(stock, again, tmp_path)
    assert (folder / again.name).read_bytes() == expected


def test_a_damaged_wheel_in_the_lock_folder_is_written_again(fake_scoring, tmp_path, real_engine):
    built = wheel.build_wheel(fake_scoring, tmp_path)
    stock = real_engine.runtime_dir / "pyodide-lock.json"
    folder = lockfile.write_lock(stock, built, tmp_path)
    shipped = folder / built.name
    shipped.write_bytes(b"PK\x03\x04 cut short")
    assert lockfile.write_lock(stock, built, tmp_path) == folder
    assert shipped.read_bytes() == built.read_bytes()
    entry = lockfile.read_entry(folder, "scoring")
    assert entry["sha256"] == hashlib.sha256(shipped.read_bytes()).hexdigest()


def test_a_damaged_cut_stdlib_is_cut_again(real_engine, tmp_path, monkeypatch):
    from site_plugins.assessment import runtime, stdlib

    pyodide = runtime.Runtime(real_engine.version, real_engine.runtime_dir)
    with zipfile.ZipFile(pyodide.path("python_stdlib.zip")) as archive:
        some = [name for name in archive.namelist() if name.endswith(".py")][:5]
    traces = []

    def fake_trace(*args):
        traces.append(args)
        # Two of them compiled to bytecode: cutting again must give the same bytes.
        return {"files": some, "startup": {}, "zipimported": some[:2], "frozen": []}

    monkeypatch.setattr(stdlib, "_trace", fake_trace)
    first = stdlib.cut_stdlib(pyodide, real_engine.lock_path, {}, tmp_path)
    good = first.read_bytes()
    first.write_bytes(good[:100])  # cut short in the cache
    second = stdlib.cut_stdlib(pyodide, real_engine.lock_path, {}, tmp_path)
    assert len(traces) == 2
    assert second.read_bytes() == good
    with zipfile.ZipFile(second) as cut:
        assert sorted(n for n in cut.namelist() if n.endswith(".pyc")) == sorted(n + "c" for n in some[:2])
