"""What the server spends and sends for the engine's files, with and without the build's copies.

The build as made (its `.br`/`.gz` copies sent by `brotli_static`/`gzip_static`) against the same
build with the copies removed (nginx compresses on the fly, brotli quality 6), both behind the
committed nginx config. Every engine file (everything under `assets/assessment/`) is requested
`repeats` times as Chromium asks for it (`Accept-Encoding: gzip, deflate, br, zstd`); nginx's CPU
time (master and workers, from /proc) is read around each file's requests.
"""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

from . import nginx

ACCEPT = "gzip, deflate, br, zstd"
ENGINE_DIR = "assets/assessment"


def engine_files(site_dir: Path) -> list[str]:
    return sorted(
        p.relative_to(site_dir).as_posix()
        for p in (site_dir / ENGINE_DIR).rglob("*")
        if p.is_file() and p.suffix not in (".br", ".gz")
    )


def _fetch(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": ACCEPT})
    with urllib.request.urlopen(request, timeout=60) as response:
        return len(response.read()), response.headers.get("Content-Encoding") or "identity"


def measure(site_dir: Path, workdir: Path, repeats: int = 3) -> dict:
    """{file: {raw, gzip, brotli, copies: {bytes, encoding, cpu_ms}, on_the_fly: {...}}}."""
    plain = workdir / "site-without-copies"
    shutil.copytree(site_dir, plain, ignore=shutil.ignore_patterns("*.br", "*.gz"))
    nginx.make_world_readable(plain)
    files = engine_files(site_dir)
    result: dict = {}
    for path in files:
        raw = site_dir / path
        copy = {suffix: raw.with_name(raw.name + suffix) for suffix in (".br", ".gz")}
        result[path] = {
            "raw": raw.stat().st_size,
            "brotli": copy[".br"].stat().st_size if copy[".br"].exists() else None,
            "gzip": copy[".gz"].stat().st_size if copy[".gz"].exists() else None,
        }
    for label, folder in (("copies", site_dir), ("on_the_fly", plain)):
        server = nginx.start(folder, workdir / f"nginx-{label}")
        try:
            for path in files:
                before = server.cpu_seconds()
                for _ in range(repeats):
                    size, encoding = _fetch(server.url + path)
                cpu = (server.cpu_seconds() - before) / repeats
                result[path][label] = {"bytes": size, "encoding": encoding, "cpu_ms": cpu * 1000}
        finally:
            server.stop()
    shutil.rmtree(plain, ignore_errors=True)
    return result

