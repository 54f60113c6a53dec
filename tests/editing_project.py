"""A throwaway copy of the project for tests that edit it as a marketer would, then build it
with the real commands (`python -m site_plugins.editorial.cli`, what `make build` runs)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a build reads: the settings, the pages, the templates and the scoring package.
PARTS = ("mkdocs.yml", "content", "overrides", "scoring")


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    # The verified Pyodide download is shared (read-only use; a cold cache is filled once).
    (ROOT / ".cache").mkdir(exist_ok=True)
    (target / ".cache").symlink_to(ROOT / ".cache", target_is_directory=True)
    return target


def site_command(project: Path, *args: str, env: dict | None = None, timeout: int = 600):
    # Outside GitHub Actions unless a test says otherwise (CI may itself run there).
    inherited = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    environment = {**inherited, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "site_plugins.editorial.cli", *args],
        cwd=project, capture_output=True, text=True, env=environment, timeout=timeout,
    )


def build(project: Path, env: dict | None = None):
    return site_command(project, "build", "-f", "mkdocs.yml", "-d", "site", env=env)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the sha256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace `old` (which must be there) and return the 1-based line where the change is."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def report_lines(result) -> list[str]:
    """The problem lines of a failed build's report (indented under its heading)."""
    return [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]
