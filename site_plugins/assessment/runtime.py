"""The Pyodide runtime: the npm package `pyodide`, fetched by Python, sha512-checked, cached.

One job: make sure `{cache_dir}/runtime/{version}/` holds the five files a page needs, taken
from a tarball whose bytes matched the registry's `dist.integrity`. Node is not needed.

Trust model: the sha512 of every supported version's tarball is committed here (PINNED_SHA512),
so a registry or proxy serving an altered tarball, even with a matching `dist.integrity`, is
refused; the tarball must come over https from the configured registry's own host. The download
is checked against both the registry's integrity and the pin, and recorded in a marker next to
the extracted files (with each file's sha256). Later builds make no network call at all: they
re-hash the kept tarball against the pin and the cached files against the marker (about 50 ms),
so a damaged cache is caught and fetched again, never shipped, yet a cached copy builds offline.

Supporting another Pyodide version means adding its sha512 below, from the registry's
`dist.integrity` (`npm view pyodide@<version> dist.integrity`), in a reviewed commit.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from .cachefolder import atomic_folder

# What a page needs from the package (the rest is typings, source maps, the CommonJS build and a
# REPL page). `pyodide-lock.json` is the stock lock; the site ships our own copy of it instead.
RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
MARKER = "verified.json"

# The npm tarball of each supported version, as `dist.integrity` published it (sha512, base64).
PINNED_SHA512 = {
    "314.0.7": "0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+SNvi/6V5JEsOlD2R1A==",
}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
TIMEOUT = 60  # seconds per request: the tarball is 6.5 MB


@dataclass(frozen=True)
class Runtime:
    version: str
    folder: Path  # holds RUNTIME_FILES

    def path(self, name: str) -> Path:
        return self.folder / name


def ensure_runtime(version: str, registry: str, cache_dir: Path) -> Runtime:
    """Return the cached runtime, downloading and verifying it first if needed."""
    pinned = PINNED_SHA512.get(version)
    if pinned is None:
        raise PluginError(
            f"Pyodide {version} is not a supported version: its tarball's sha512 is not pinned in "
            f"site_plugins/assessment/runtime.py (PINNED_SHA512). Supported: "
            f"{', '.join(sorted(PINNED_SHA512))}. To add {version}, put its `dist.integrity` from "
            "the registry there in a reviewed commit, or set `pyodide_version` to a supported one."
        )
    folder = cache_dir / "runtime" / version
    if _cache_is_valid(folder, pinned):
        return Runtime(version, folder)
    damaged = folder.exists()
    try:
        tarball_url, integrity = _package_dist(registry, version)
        _check_origin(tarball_url, registry)
        data = _get(tarball_url)
    except _FetchError as error:
        what = "is damaged" if damaged else "is empty"
        raise PluginError(
            f"Could not download the Pyodide runtime {version}: {error}. The cache at "
            f"{folder} {what}, so the build cannot continue offline. Check the network and the "
            f"registry (plugin option `pyodide_registry`, now {registry}), or copy a filled "
            f"`{cache_dir.name}/runtime/{version}/` folder from a machine that built the site."
        ) from None
    _check_integrity(data, integrity, tarball_url)
    actual = _sha512(data)
    if actual != pinned:
        raise PluginError(
            f"The Pyodide tarball {tarball_url} is not the one this project pinned for {version}: "
            f"expected sha512-{pinned}, got sha512-{actual} (the registry's own integrity matched, "
            "so the registry or a proxy serves altered files). Nothing was cached."
        )
    _install(folder, data, integrity, tarball_url, pinned)
    return Runtime(version, folder)


def _check_origin(url: str, registry: str) -> None:
    """The tarball must come over https from the registry's own host (http only on loopback,
    for a local test registry)."""
    tarball, configured = urlsplit(url), urlsplit(registry)
    local = configured.scheme == "http" and configured.hostname in LOOPBACK
    scheme_ok = tarball.scheme == "https" or (local and tarball.scheme == "http")
    if not scheme_ok or tarball.hostname != configured.hostname:
        raise PluginError(
            f"The registry {registry} points the Pyodide tarball at {url}: it must be an https "
            f"URL on {configured.hostname}, the configured registry's host. Nothing was "
            "downloaded. Check `pyodide_registry` under `plugins: - assessment:` in mkdocs.yml."
        )


def _sha512(data: bytes) -> str:
    return base64.b64encode(hashlib.sha512(data).digest()).decode()


class _FetchError(Exception):
    pass


def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.read()
    except (urllib.error.URLError, OSError) as error:  # HTTPError is a URLError
        reason = getattr(error, "reason", None) or error
        raise _FetchError(f"GET {url} failed ({reason})") from None


def _package_dist(registry: str, version: str) -> tuple[str, str]:
    url = f"{registry.rstrip('/')}/pyodide/{version}"
    try:
        dist = json.loads(_get(url))["dist"]
        return dist["tarball"], dist["integrity"]
    except (ValueError, KeyError, TypeError):
        raise _FetchError(f"{url} did not return npm package metadata with dist.tarball and "
                          "dist.integrity") from None


def _check_integrity(data: bytes, integrity: str, url: str) -> None:
    """Check `data` against an SRI string; only sha512 is accepted (what npm publishes)."""
    expected = {
        part.split("-", 1)[1] for part in integrity.split() if part.startswith("sha512-")
    }
    if not expected:
        raise PluginError(f"The registry gave no sha512 integrity for {url} ({integrity!r}).")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual not in expected:
        raise PluginError(
            f"The Pyodide tarball {url} does not match the registry's integrity: expected "
            f"sha512-{sorted(expected)[0]}, got sha512-{actual}. Nothing was cached. "
            "Retry; if it persists, the registry or a proxy is serving altered files."
        )


def _install(folder: Path, data: bytes, integrity: str, url: str, pinned: str) -> None:
    """Keep the verified tarball, its five page files and the marker, all or nothing."""
    with atomic_folder(folder, lambda path: _cache_is_valid(path, pinned)) as staging:
        (staging / Path(url).name).write_bytes(data)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for name in RUNTIME_FILES:
                try:
                    member = tar.extractfile(f"package/{name}")
                except KeyError:
                    member = None
                if member is None:
                    raise PluginError(f"The Pyodide tarball {url} has no package/{name}.")
                (staging / name).write_bytes(member.read())
        marker = {
            "tarball": url,
            "integrity": integrity,
            "sha256": {name: _sha256(staging / name) for name in RUNTIME_FILES},
        }
        (staging / MARKER).write_text(json.dumps(marker, indent=2, sort_keys=True))


def _cache_is_valid(folder: Path, pinned: str) -> bool:
    """The kept tarball matches the pin, and each page file the hash recorded from it."""
    try:
        marker = json.loads((folder / MARKER).read_text())
        tarball = (folder / Path(urlsplit(marker["tarball"]).path).name).read_bytes()
        if _sha512(tarball) != pinned:
            return False
        recorded = marker["sha256"]
        return all(_sha256(folder / name) == recorded[name] for name in RUNTIME_FILES)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
