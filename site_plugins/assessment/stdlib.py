"""The cut standard library (`pyodide_stdlib: minimal`): python_stdlib.zip reduced to what runs.

One job: from a real import trace (trace_stdlib.mjs runs the vendored Pyodide in Node, loads the
wheel, scores every definition and lists the files behind sys.modules), write a zip holding only
those entries of the runtime's python_stdlib.zip, for `loadPyodide({stdLibURL})`.

- Pyodide's own Python packages (`pyodide/`, `_pyodide/`) are kept whole, traced or not: they are
  small and the browser takes code paths in them that Node does not (fetch, the web event loop).
- Entries are STORED (not deflated) in the zip: a zip of deflated entries is incompressible, so
  HTTP compression (brotli, gzip, precompressed or on the fly) could not work across its files;
  stored, the same files travel in about half the bytes, and nothing is inflated at start-up.
- The standard library's sources lose their docstrings and comments (slim.py: checked to compile
  to the same code, as under `python -OO`); Pyodide's own packages lose only their comments.
- Entries keep the source's order and timestamps, so the same trace gives the same zip; it is
  named by its own hash and cached immutably.
- The trace is cached by everything it depends on: the runtime, the lock (so the wheel's
  sha256), every definition's digest and the trace scripts themselves.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from mkdocs.exceptions import PluginError

from . import slim
from .cachefolder import atomic_folder
from .runtime import Runtime

HERE = Path(__file__).parent
TRACE_SCRIPTS = (HERE / "trace_stdlib.mjs", HERE / "pyodide_node.mjs")
ALWAYS_KEPT = ("pyodide/", "_pyodide/")
MANIFEST = "manifest.json"
# The zip's format, part of the cache key: bump it when _write_cut or slim.py changes its output.
FORMAT = "stored-slim-1"


def cut_stdlib(runtime: Runtime, lock_path: Path, definitions: Mapping, cache_dir: Path) -> Path:
    """Return the path of the cut zip (`python_stdlib-<hash>.zip`), tracing if needed."""
    key = hashlib.sha256()
    for part in (FORMAT, runtime.version, lock_path.read_bytes(), *(p.read_bytes() for p in TRACE_SCRIPTS)):
        key.update(part if isinstance(part, bytes) else part.encode())
        key.update(b"\0")
    for name in sorted(definitions):
        key.update(f"{name}={definitions[name].digest}\0".encode())
    folder = cache_dir / "stdlib" / key.hexdigest()[:16]
    try:
        cached = folder / json.loads((folder / MANIFEST).read_text())["zip"]
        # Named by its own hash: re-hashed on every build, so a damaged copy is cut again.
        if cached.name == f"python_stdlib-{_sha256(cached)[:16]}.zip":
            return cached
    except (OSError, ValueError, KeyError):
        pass

    traced = _trace(runtime, lock_path, [d.json_text for _, d in sorted(definitions.items())])
    source = runtime.path("python_stdlib.zip")
    with atomic_folder(folder) as staging:
        kept = _write_cut(source, staging / "cut.zip", set(traced["files"]))
        name = f"python_stdlib-{_sha256(staging / 'cut.zip')[:16]}.zip"
        (staging / "cut.zip").rename(staging / name)
        manifest = {
            "zip": name,
            "entries": kept,
            "startup": traced["startup"],
            "bytes": {"full": source.stat().st_size, "cut": (staging / name).stat().st_size},
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return folder / name


def _trace(runtime: Runtime, lock_path: Path, definitions: list[str]) -> dict:
    node = shutil.which("node")
    if node is None:
        raise PluginError(
            "`pyodide_stdlib: minimal` traces the engine's imports by running Pyodide in Node, "
            "and `node` is not on PATH. Install Node 20+, or set `pyodide_stdlib: full` under "
            "`plugins: - assessment:` in mkdocs.yml to ship Pyodide's whole standard library."
        )
    with tempfile.TemporaryDirectory(prefix="assessment-trace-") as tmp:
        request, reply = Path(tmp) / "request.json", Path(tmp) / "reply.json"
        request.write_text(json.dumps({
            "indexURL": str(runtime.folder) + "/",
            "lockFileURL": str(lock_path),
            "definitions": definitions,
        }))
        command = [node, str(TRACE_SCRIPTS[0]), str(request), str(reply)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            raise PluginError("The standard library trace (Pyodide in Node) took over 300 s.") from None
        if result.returncode != 0 or not reply.is_file():
            tail = "\n".join(result.stderr.strip().splitlines()[-20:])
            raise PluginError(
                f"The standard library trace (Pyodide in Node) failed:\n{tail}\n"
                "Set `pyodide_stdlib: full` to build without it."
            )
        return json.loads(reply.read_text())


def _write_cut(source: Path, target: Path, traced: set[str]) -> list[str]:
    kept = []
    with zipfile.ZipFile(source) as full, zipfile.ZipFile(target, "w") as cut:
        for info in full.infolist():
            if info.filename in traced or (
                info.filename.startswith(ALWAYS_KEPT) and not info.is_dir()
            ):
                cut.writestr(_stored(info), _slimmed(info.filename, full.read(info)))
                kept.append(info.filename)
    missing = traced - set(kept)
    if missing:
        raise PluginError(f"The trace names files that {source.name} lacks: {sorted(missing)}")
    return kept


def _stored(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A fresh entry with the source's name, time and mode, stored uncompressed."""
    entry = zipfile.ZipInfo(info.filename, info.date_time)
    entry.external_attr = info.external_attr
    entry.create_system = info.create_system
    entry.compress_type = zipfile.ZIP_STORED
    return entry


def _slimmed(name: str, data: bytes) -> bytes:
    if not name.endswith(".py"):
        return data
    # Pyodide's own packages keep their docstrings: its C core builds the docs of the
    # JavaScript proxies from them (_pyodide/docstring.py, docstring.c).
    return slim.strip(data, docstrings=not name.startswith(ALWAYS_KEPT))


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
