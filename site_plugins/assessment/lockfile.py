"""The site's `pyodide-lock.json`: the runtime's lock with the scoring wheel registered in it.

One job: write `{cache_dir}/packages/<digest>/` holding `pyodide-lock.json` and the wheel,
exactly as the site serves them under `{assets_dir}/packages/<digest>/`.

- Registered with pyodide-lock's own API (`add_wheels_to_spec`): name, version, imports and the
  sha256 the browser checks with `loadPackage("scoring", {checkIntegrity: true})`.
- `file_name` is the bare wheel name. Pyodide 314 resolves a relative `file_name` against
  `packageBaseUrl`, which defaults to the folder of `lockFileURL` (pyodide.mjs:
  `packageBaseUrl ??= dirname(lockFileURL)`), not against indexURL; so the wheel sits next to
  the lock file, and the runtime folder stays the untouched npm files.
- Only what the site ships is listed: the stock lock names 357 packages whose wheels the npm
  tarball does not contain (they point at a CDN that the site must not depend on). Keeping
  them would cost ~120 kB and turn `loadPackage("numpy")` into a request for a missing file.
  `info` (Python version, ABI, platform) is kept as is: the runtime checks it.
- `<digest>` is a hash of the lock's bytes, which include the wheel's sha256 and the runtime's
  `info`: a changed wheel or runtime gives a new folder, so both files can be cached immutably
  (a query string would do the same for the lock but not for the wheel, whose URL Pyodide
  builds itself; and some caches ignore query strings).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from pyodide_lock import PyodideLockSpec
from pyodide_lock.utils import add_wheels_to_spec

from .cachefolder import atomic_folder

LOCK_NAME = "pyodide-lock.json"


def write_lock(stock_lock: Path, wheel: Path, cache_dir: Path) -> Path:
    """Return the folder holding our lock file and the wheel it registers."""
    spec = PyodideLockSpec.from_json(stock_lock)
    spec.packages = {}
    try:
        spec = add_wheels_to_spec(spec, [wheel], base_path=wheel.parent)
    except RuntimeError as error:  # an incompatible tag or an unmet dependency
        raise PluginError(f"Cannot register {wheel.name} in the Pyodide lock file: {error}") from None
    # As PyodideLockSpec.to_json writes it (sorted keys), compact: the browser downloads it.
    text = json.dumps(spec.to_dict(), sort_keys=True, separators=(",", ":"))
    folder = cache_dir / "packages" / hashlib.sha256(text.encode()).hexdigest()[:16]
    if _holds(folder, text, wheel):
        return folder
    with atomic_folder(folder) as staging:
        shutil.copyfile(wheel, staging / wheel.name)
        (staging / LOCK_NAME).write_text(text, encoding="utf-8")
    return folder


def _holds(folder: Path, text: str, wheel: Path) -> bool:
    """The cached folder holds exactly this lock text and these wheel bytes (re-read on every
    build: a damaged copy is written again, never shipped)."""
    try:
        return (folder / LOCK_NAME).read_text(encoding="utf-8") == text and (
            (folder / wheel.name).read_bytes() == wheel.read_bytes()
        )
    except OSError:
        return False


def read_entry(folder: Path, package: str) -> dict:
    """The lock entry of `package` in a folder written by `write_lock`."""
    return json.loads((folder / LOCK_NAME).read_text(encoding="utf-8"))["packages"][package]
