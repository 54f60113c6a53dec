"""The `scoring` wheel: built with the standard `build` frontend, cached by a hash of its sources.

One job: turn `scoring/*.py` + `scoring/pyproject.toml` into `scoring-<version>-py3-none-any.whl`.

- The build runs on a temporary copy of those files, so `build/` and `*.egg-info` never land in
  the source tree (and a stray `__pycache__` there is never picked up).
- `--no-isolation`: setuptools is already in the venv, so the build needs no network.
- No bytecode: bdist_wheel ships sources only, and PYTHONDONTWRITEBYTECODE keeps the host's
  `.pyc` out of the staging copy; Pyodide rejects host-compiled `.pyc` ("bad magic number").
- SOURCE_DATE_EPOCH pins the zip timestamps, so the same sources give the same bytes (and the
  same sha256 in the lock file) on every machine, not only on the one with the cache.
- The wheel's sha256 is recorded next to it; every build re-hashes the cached wheel and opens it
  as a zip, and builds it again when it is damaged (truncated, edited), so a broken wheel is
  never registered in the lock file or shipped.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from .cachefolder import atomic_folder

# 1980-01-01, the earliest time a zip entry can carry.
SOURCE_DATE_EPOCH = "315532800"
MARKER = "wheel.sha256"


def sources(scoring_dir: Path) -> list[Path]:
    """What goes into the wheel: the package's modules and the file that declares the wheel."""
    files = sorted(scoring_dir.glob("*.py"))
    if not files:
        raise PluginError(f"{scoring_dir} has no Python modules: there is no scoring wheel to build.")
    declaration = scoring_dir / "pyproject.toml"
    if not declaration.is_file():
        raise PluginError(f"{declaration} is missing: it declares the browser's scoring wheel.")
    return [*files, declaration]


def sources_digest(scoring_dir: Path) -> str:
    digest = hashlib.sha256(f"setuptools-epoch-{SOURCE_DATE_EPOCH}".encode())
    for path in sources(scoring_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_wheel(scoring_dir: Path, cache_dir: Path) -> Path:
    """Return the cached wheel for the current sources, building it if they changed."""
    out = cache_dir / "wheels" / sources_digest(scoring_dir)[:16]
    cached = sorted(out.glob("*.whl"))
    if len(cached) == 1 and is_whole(cached[0], out / MARKER):
        return cached[0]
    with tempfile.TemporaryDirectory(prefix="scoring-wheel-") as tmp, atomic_folder(out) as dist:
        staging = Path(tmp)
        for path in sources(scoring_dir):
            shutil.copyfile(path, staging / path.name)
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}
        command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(staging)]
        result = subprocess.run(command, cwd=staging, env=env, capture_output=True, text=True)
        built = sorted(dist.glob("*.whl"))
        if result.returncode != 0 or len(built) != 1:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-25:])
            raise PluginError(
                f"Building the scoring wheel from {scoring_dir} failed (python -m build):\n{tail}"
            )
        (dist / MARKER).write_text(sha256_of(built[0]) + "\n")
    return next(out.glob("*.whl"))


def sha256_of(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def is_whole(wheel: Path, marker: Path) -> bool:
    """The wheel has the sha256 recorded when it was built, and reads as a zip."""
    try:
        if sha256_of(wheel) != marker.read_text().strip():
            return False
        with zipfile.ZipFile(wheel) as archive:
            return archive.testzip() is None
    except (OSError, zipfile.BadZipFile):
        return False
