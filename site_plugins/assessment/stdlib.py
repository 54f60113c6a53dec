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
- The modules the first result needs (the trace's `zipimported`: on a share link's path) ship
  as bytecode, compiled by the vendored Pyodide in Node (compile_stdlib.mjs): compiling them
  from source was most of Pyodide's start in the browser. Without line tables, so the zip stays
  inside the engine's byte budget. Modules only an error path or a later request imports stay
  source (compiled when needed); frozen modules (their code is in the runtime) are left out.
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

import brotli
from pathlib import Path

from mkdocs.exceptions import PluginError

from . import slim
from .cachefolder import atomic_folder
from .runtime import Runtime

HERE = Path(__file__).parent
TRACE_SCRIPTS = (HERE / "trace_stdlib.mjs", HERE / "pyodide_node.mjs", HERE / "compile_stdlib.mjs")
ALWAYS_KEPT = ("pyodide/", "_pyodide/")
MANIFEST = "manifest.json"
# The zip's format, part of the cache key: bump it when _write_cut or slim.py changes its output.
FORMAT = "stored-slim-pyc-2"
# Bytes the bytecode may add (each module alone, brotli 9): keeps the whole engine (runtime,
# this zip, wheel, lock, definition) within 3.5 MB with brotli 11 (tests/test_engine_budget.py).
BYTECODE_BUDGET = 225_000


def cut_stdlib(runtime: Runtime, lock_path: Path, definitions: Mapping, cache_dir: Path) -> Path:
    """Return the path of the cut zip (`python_stdlib-<hash>.zip`), tracing if needed."""
    key = hashlib.sha256()
    for part in (FORMAT, str(BYTECODE_BUDGET), runtime.version, lock_path.read_bytes(), *(p.read_bytes() for p in TRACE_SCRIPTS)):
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
        files = set(traced["files"]) - set(traced["frozen"])
        kept = _write_cut(source, staging / "source.zip", files)
        _compile(runtime, staging / "source.zip", staging / "compiled.zip", traced["zipimported"])
        compiled = _within_budget(staging / "source.zip", staging / "compiled.zip", staging / "cut.zip")
        (staging / "source.zip").unlink()
        (staging / "compiled.zip").unlink()
        name = f"python_stdlib-{_sha256(staging / 'cut.zip')[:16]}.zip"
        (staging / "cut.zip").rename(staging / name)
        manifest = {
            "zip": name,
            "entries": kept,
            "bytecode": compiled,
            "frozen_left_out": traced["frozen"],
            "startup": traced["startup"],
            "bytes": {"full": source.stat().st_size, "cut": (staging / name).stat().st_size},
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return folder / name


def _trace(runtime: Runtime, lock_path: Path, definitions: list[str]) -> dict:
    return _run_node(TRACE_SCRIPTS[0], "The standard library trace (Pyodide in Node)", {
        "indexURL": str(runtime.folder) + "/",
        "lockFileURL": str(lock_path),
        "definitions": definitions,
    })


def _compile(runtime: Runtime, source: Path, target: Path, names: list[str]) -> list[str]:
    """Write `source` to `target` with `names` (its .py entries) as bytecode; the names compiled."""
    wanted = [name for name in names if name.endswith(".py")]
    reply = _run_node(TRACE_SCRIPTS[2], "Compiling the standard library (Pyodide in Node)", {
        "indexURL": str(runtime.folder) + "/", "source": str(source), "target": str(target), "compile": wanted,
    })
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(target) as after:
        expected = [n + "c" if n in set(reply["compiled"]) else n for n in before.namelist()]
        if sorted(reply["compiled"]) != sorted(set(wanted) & set(before.namelist())) or after.namelist() != expected:
            raise PluginError(f"Compiling the standard library wrote an unexpected zip: {target}")
    return reply["compiled"]


def _within_budget(source: Path, compiled: Path, target: Path) -> list[str]:
    """`source` with as many modules from `compiled` as BYTECODE_BUDGET allows; their names.

    Bytecode travels in more bytes than the slimmed source (about 1.5× with brotli). Modules go
    first whose source is largest for the bytes they add (compile time grows with the source),
    each measured alone with brotli 9; in the zip, across files, they cost about half of that.
    """
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(compiled) as pyc:
        candidates = []
        for name in pyc.namelist():
            if name.endswith(".pyc") and name[:-1] in src.NameToInfo:
                text, code = src.read(name[:-1]), pyc.read(name)
                extra = len(brotli.compress(code, quality=9)) - len(brotli.compress(text, quality=9))
                candidates.append((-len(text) / max(extra, 1), name[:-1], extra))
        chosen, spent = set(), 0
        for _, name, extra in sorted(candidates):
            if spent + extra <= BYTECODE_BUDGET:
                chosen.add(name)
                spent += extra
        with zipfile.ZipFile(target, "w") as out:
            for info in src.infolist():
                if info.filename in chosen:
                    info = pyc.getinfo(info.filename + "c")
                    out.writestr(_stored(info), pyc.read(info))
                else:
                    out.writestr(_stored(info), src.read(info))
    return sorted(chosen)


def _run_node(script: Path, what: str, request_data: dict) -> dict:
    node = shutil.which("node")
    if node is None:
        raise PluginError(
            "`pyodide_stdlib: minimal` traces the engine's imports by running Pyodide in Node, "
            "and `node` is not on PATH. Install Node 20+, or set `pyodide_stdlib: full` under "
            "`plugins: - assessment:` in mkdocs.yml to ship Pyodide's whole standard library."
        )
    with tempfile.TemporaryDirectory(prefix="assessment-trace-") as tmp:
        request, reply = Path(tmp) / "request.json", Path(tmp) / "reply.json"
        request.write_text(json.dumps(request_data))
        command = [node, str(script), str(request), str(reply)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            raise PluginError(f"{what} took over 300 s.") from None
        if result.returncode != 0 or not reply.is_file():
            tail = "\n".join(result.stderr.strip().splitlines()[-20:])
            raise PluginError(f"{what} failed:\n{tail}\nSet `pyodide_stdlib: full` to build without it.")
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
