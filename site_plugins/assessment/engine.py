"""What the browser needs to score a quiz, and where the site serves it.

`prepare()` gathers the parts (each from its own module, each cached under the plugin's
`pyodide_cache_dir`, so `mkdocs serve` rebuilds are fast and a filled cache builds offline):

- `runtime`: the Pyodide npm tarball, sha512-verified, its five page files extracted;
- `wheel`: the `scoring` wheel (py3-none-any, sources only), rebuilt when scoring/ changes;
- `lockfile`: the runtime's lock with the wheel registered (sha256 checked by the browser);
- `stdlib`: with `pyodide_stdlib: minimal`, the standard library cut to a real import trace.

`site_files()` turns them into MkDocs files. Site layout under `assets_dir`, chosen so every
versioned or hashed URL can be served `Cache-Control: immutable`:

    pyodide/<version>/pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip (full)
    pyodide/<version>/python_stdlib-<hash>.zip           (minimal, instead; named by its content)
    packages/<hash>/pyodide-lock.json, scoring-<v>-py3-none-any.whl   (hash of the lock's bytes)
    <name>.json                                          (each definition; NOT immutable)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.files import File

from . import lockfile, runtime, stdlib, wheel

PACKAGE = "scoring"
PAGE_RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")


@dataclass(frozen=True)
class EngineFiles:
    """Where the engine's files are: site-relative URIs for the front end, paths for the build."""

    version: str  # the Pyodide version
    assets_dir: str  # e.g. "assets/assessment"
    index_uri: str  # loadPyodide's indexURL, e.g. "assets/assessment/pyodide/314.0.7/"
    lock_uri: str  # loadPyodide's lockFileURL; the wheel is resolved next to it
    wheel_uri: str
    stdlib_uri: str | None  # loadPyodide's stdLibURL; None: the stock one under index_uri
    package: str  # the name to pass to loadPackage
    wheel_name: str
    wheel_sha256: str
    runtime_dir: Path
    packages_dir: Path
    stdlib_path: Path | None

    @property
    def lock_path(self) -> Path:
        return self.packages_dir / lockfile.LOCK_NAME

    @property
    def wheel_path(self) -> Path:
        return self.packages_dir / self.wheel_name

    @property
    def download_bytes(self) -> int:
        """Bytes the worker fetches (not imports): the wasm, stdlib, lock file and wheel."""
        stdlib = self.stdlib_path or self.runtime_dir / "python_stdlib.zip"
        files = (self.runtime_dir / "pyodide.asm.wasm", stdlib, self.lock_path, self.wheel_path)
        return sum(path.stat().st_size for path in files if path.exists())

    def definition_uri(self, name: str) -> str:
        return f"{self.assets_dir}/{name}.json"


def prepare(
    plugin_config, *, project_dir: Path, scoring_dir: Path, definitions: Mapping | None = None
) -> EngineFiles:
    """Fetch, build and cache everything; `definitions` only matter to the cut stdlib's trace."""
    cache_dir = project_dir / plugin_config.pyodide_cache_dir
    pyodide = runtime.ensure_runtime(
        plugin_config.pyodide_version, plugin_config.pyodide_registry, cache_dir
    )
    built = wheel.build_wheel(scoring_dir, cache_dir)
    packages_dir = lockfile.write_lock(pyodide.path("pyodide-lock.json"), built, cache_dir)
    lock = lockfile.read_entry(packages_dir, PACKAGE)
    stdlib_path = None
    if plugin_config.pyodide_stdlib == "minimal":
        stdlib_path = stdlib.cut_stdlib(
            pyodide, packages_dir / lockfile.LOCK_NAME, _trace_inputs(definitions or {}), cache_dir
        )

    assets = plugin_config.assets_dir.strip("/")
    index_uri = f"{assets}/pyodide/{pyodide.version}/"
    packages_uri = f"{assets}/packages/{packages_dir.name}/"
    return EngineFiles(
        version=pyodide.version,
        assets_dir=assets,
        index_uri=index_uri,
        lock_uri=packages_uri + lockfile.LOCK_NAME,
        wheel_uri=packages_uri + lock["file_name"],
        stdlib_uri=index_uri + stdlib_path.name if stdlib_path else None,
        package=PACKAGE,
        wheel_name=lock["file_name"],
        wheel_sha256=lock["sha256"],
        runtime_dir=pyodide.folder,
        packages_dir=packages_dir,
        stdlib_path=stdlib_path,
    )


@dataclass(frozen=True)
class _TraceInput:
    """A definition as the stdlib trace sees it, with a digest that ignores the quiz text."""

    digest: str
    json_text: str


def _trace_inputs(definitions: Mapping) -> dict:
    """The definitions to trace with, keyed so that editing a quiz's text keeps the cached cut.

    Which standard library modules run depends on the scoring code, not on the quiz text:
    `scoring` imports everything at module level (no import inside a function), and the lock
    bytes in the cut's cache key change with every change to that code (the wheel's sha256).
    Keying the trace on each definition's digest re-ran Pyodide in Node (several seconds) on
    every save of ladder.yml during `make serve`. The definitions are still what is traced when
    the key changes (a new runtime, new scoring code, a quiz file added or removed).
    """
    return {
        name: _TraceInput(digest="any-valid-definition", json_text=definition.json_text)
        for name, definition in definitions.items()
    }


def site_files(engine_files: EngineFiles, definitions: Mapping, plugin_config, mkdocs_config) -> list[File]:
    """The runtime, the lock file, the wheel, the cut stdlib if any, and one JSON per definition."""
    e = engine_files
    names = PAGE_RUNTIME_FILES
    if e.stdlib_uri and e.stdlib_path:
        # The cut zip replaces the stock one: no page would ever load the 2.5 MB original.
        names = tuple(name for name in names if name != "python_stdlib.zip")
    sources = {e.index_uri + name: e.runtime_dir / name for name in names}
    sources[e.lock_uri] = e.lock_path
    sources[e.wheel_uri] = e.wheel_path
    if e.stdlib_uri and e.stdlib_path:
        sources[e.stdlib_uri] = e.stdlib_path
    files = [
        File.generated(mkdocs_config, uri, abs_src_path=str(path)) for uri, path in sources.items()
    ]
    files += [
        File.generated(mkdocs_config, e.definition_uri(d.name), content=d.json_text)
        for d in definitions.values()
    ]
    return files
