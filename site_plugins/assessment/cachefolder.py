"""Cache folders that appear whole or not at all.

One job: every cached artefact (runtime, wheel, lock, cut stdlib) is a folder filled in a staging
folder next to it and moved into place with one rename, so a build that is killed or fails half
way never leaves a folder that a later build would trust.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_folder(final: Path, is_valid: Callable[[Path], bool] = Path.is_dir) -> Iterator[Path]:
    """Yield an empty staging folder; on a clean exit it replaces `final`."""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
    staging.chmod(0o755)  # mkdtemp makes it 0700; the cache may be shared or served
    try:
        yield staging
        if final.exists():  # stale or damaged, else the caller would not be here
            shutil.rmtree(final)
        try:
            os.replace(staging, final)
        except OSError:
            # Another build (a second `mkdocs serve`, a test worker) got there first: fine if
            # what it left is whole.
            if not is_valid(final):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
