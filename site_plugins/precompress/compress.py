"""Deterministic `.br` and `.gz` copies of a built site's compressible files.

One job: for each file of the site that compresses (by extension) and is at least `min_size`
bytes, write `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9, no name, mtime 0),
each only when it is smaller than the file. Same input, same bytes: the output depends on the
file's content only, so two builds publish identical copies and a cache keyed by content is safe.
MkDocs' own `sitemap.xml.gz` is rewritten the same way (same content, without its build time).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import brotli

# Text, JSON, WebAssembly, and zip archives whose entries are stored (the cut standard library);
# a zip of deflated entries (the scoring wheel) does not shrink and gets no copy.
EXTENSIONS = frozenset({
    ".html", ".htm", ".css", ".js", ".mjs", ".json", ".map", ".wasm", ".svg", ".xml", ".txt",
    ".ico", ".webmanifest", ".zip", ".whl",
})
BROTLI_QUALITY = 11
GZIP_LEVEL = 9
CACHE_FROM = 64 * 1024  # files at least this large have their copies cached (by content hash)


def _brotli(data: bytes) -> bytes:
    return brotli.compress(data, quality=BROTLI_QUALITY)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


ENCODINGS: dict[str, Callable[[bytes], bytes]] = {".br": _brotli, ".gz": _gzip}
DECODERS: dict[str, Callable[[bytes], bytes]] = {".br": brotli.decompress, ".gz": gzip.decompress}


@dataclass
class Report:
    files: int = 0
    raw: int = 0
    written: dict[str, int] | None = None  # suffix -> bytes written

    def __post_init__(self):
        self.written = {suffix: 0 for suffix in ENCODINGS}


def wanted(path: Path, min_size: int) -> bool:
    return path.suffix.lower() in EXTENSIONS and path.stat().st_size >= min_size


def precompress_site(site_dir: Path, *, min_size: int, cache_dir: Path | None,
                     keep: frozenset[Path] = frozenset()) -> Report:
    """Write the copies; `keep` lists files published from the docs, which are never replaced."""
    report = Report()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        if path.suffix in ENCODINGS or not wanted(path, min_size):
            continue
        data = path.read_bytes()
        report.files += 1
        report.raw += len(data)
        for suffix, encode in ENCODINGS.items():
            target = path.with_name(path.name + suffix)
            if target in keep:
                continue
            packed = _cached(data, suffix, encode, cache_dir)
            if len(packed) < len(data):
                _write(target, packed)
                report.written[suffix] += len(packed)
            else:
                target.unlink(missing_ok=True)  # a stale copy from a --dirty build
    return report


def _cached(data: bytes, suffix: str, encode, cache_dir: Path | None) -> bytes:
    if cache_dir is None or len(data) < CACHE_FROM:
        return encode(data)
    level = BROTLI_QUALITY if suffix == ".br" else GZIP_LEVEL
    path = cache_dir / f"{hashlib.sha256(data).hexdigest()}-{level}{suffix}"
    try:
        packed = path.read_bytes()
        if DECODERS[suffix](packed) == data:  # cheap next to compressing, and never trusted blindly
            return packed
    except (OSError, ValueError, EOFError, brotli.error):
        pass
    packed = encode(data)
    _write(path, packed)
    return packed


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file and one rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(name, 0o644)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
