"""The build's precompressed copies (site_plugins/precompress): honest, deterministic, served.

Each `.br`/`.gz` must decompress to exactly the file beside it; every compressible file above the
size floor must have its copies; two builds (the second with an empty compression cache) must
publish the same bytes; and the committed nginx config must send the copies as they are.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import urllib.request
from pathlib import Path

import brotli
import pytest

from conftest import ROOT, run_mkdocs_build

from benchmarks import nginx
from benchmarks.site import variant_plugins
from site_plugins.precompress import compress
from site_plugins.precompress.config import PrecompressConfig

DECODE = {".br": brotli.decompress, ".gz": gzip.decompress}


def copies(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.suffix in DECODE}


def min_size() -> int:
    config = PrecompressConfig()
    config.load_dict({})
    config.validate()
    return config.min_size


def test_every_copy_decompresses_to_the_published_file(built_site):
    found = copies(built_site)
    assert found, "the build wrote no .br/.gz copies"
    for name, data in found.items():
        source = built_site / name[: -len(Path(name).suffix)]
        assert source.is_file(), f"{name} has no published file beside it"
        assert DECODE[Path(name).suffix](data) == source.read_bytes(), f"{name} is not a copy of {source.name}"
        assert len(data) < source.stat().st_size, f"{name} is not smaller than its file"


def test_every_compressible_file_has_its_copies(built_site):
    floor = min_size()
    missing = []
    for path in built_site.rglob("*"):
        if path.is_file() and path.suffix not in DECODE and compress.wanted(path, floor):
            for suffix in DECODE:
                copy = path.with_name(path.name + suffix)
                if not copy.exists() and len(compress.ENCODINGS[suffix](path.read_bytes())) < path.stat().st_size:
                    missing.append(copy.relative_to(built_site).as_posix())
    assert missing == []
    # The engine's large files, the theme's bundle and the pages are among them.
    names = {Path(name).name for name in copies(built_site)}
    for expected in ("pyodide.asm.wasm.br", "pyodide.asm.mjs.br", "index.html.br", "search_index.json.gz"):
        assert expected in names
    assert any(n.startswith("python_stdlib-") and n.endswith(".zip.br") for n in names)
    assert any(n.startswith("bundle.") and n.endswith(".min.js.br") for n in names)


def test_two_builds_publish_the_same_copies(built_site, tmp_path):
    """The second build compresses everything afresh (an empty cache): same bytes."""
    plugins = variant_plugins({})
    plugins = [
        {"precompress": {"cache_dir": str(tmp_path / "cache")}} if p == "precompress" else p for p in plugins
    ]
    config = ROOT / f".test-precompress-{os.getpid()}.yml"
    config.write_text(json.dumps({"INHERIT": str(ROOT / "mkdocs.yml"), "plugins": plugins}))
    try:
        result = run_mkdocs_build(tmp_path / "site", config_file=config)
    finally:
        config.unlink(missing_ok=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert any((tmp_path / "cache").iterdir()), "the fresh cache was not used"
    first, second = copies(built_site), copies(tmp_path / "site")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_files_published_as_they_are_are_never_replaced(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    text = ("A line that compresses well. " * 200).encode()
    (site / "page.html").write_bytes(text)
    (site / "small.css").write_bytes(b"a{}")
    (site / "data.json").write_bytes(text)
    (site / "data.json.gz").write_bytes(b"the site owner's own file")
    noise = random.Random(1).randbytes(5000)
    (site / "noise.zip").write_bytes(noise)
    (site / "noise.zip.br").write_bytes(b"stale copy from a --dirty build")
    report = compress.precompress_site(site, min_size=1024, cache_dir=None, keep=frozenset({site / "data.json.gz"}))
    assert report.files == 3
    assert brotli.decompress((site / "page.html.br").read_bytes()) == text
    assert gzip.decompress((site / "page.html.gz").read_bytes()) == text
    assert (site / "data.json.gz").read_bytes() == b"the site owner's own file"
    assert not (site / "small.css.br").exists()
    assert not (site / "noise.zip.br").exists() and not (site / "noise.zip.gz").exists()


def test_a_damaged_cache_entry_is_not_trusted(tmp_path):
    data = ("compressible " * 10000).encode()
    cache = tmp_path / "cache"
    first = compress._cached(data, ".br", compress.ENCODINGS[".br"], cache)
    (entry,) = cache.iterdir()
    entry.write_bytes(first[: len(first) // 2])
    assert compress._cached(data, ".br", compress.ENCODINGS[".br"], cache) == first
    assert entry.read_bytes() == first


@pytest.fixture(scope="module")
def served(built_site, tmp_path_factory):
    if not Path(nginx.NGINX).exists():
        pytest.fail("nginx is missing: run `make test` (it installs Debian's nginx).")
    workdir = tmp_path_factory.mktemp("nginx-precompressed")
    shutil.copytree(built_site, workdir / "site")
    nginx.make_world_readable(workdir)
    server = nginx.start(workdir / "site", workdir)
    try:
        yield server, workdir / "site"
    finally:
        server.stop()
    assert server.warnings() == [], server.error_log()


@pytest.mark.parametrize("accept, suffix", [("gzip, deflate, br, zstd", ".br"), ("gzip", ".gz")])
def test_nginx_sends_the_copies_as_they_are(served, accept, suffix):
    """The very bytes of the copy: compressing on the fly (brotli 6) would give others."""
    server, site = served
    wasm = next(site.glob("assets/assessment/pyodide/*/pyodide.asm.wasm"))
    url = server.url + wasm.relative_to(site).as_posix()
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        assert response.headers["Content-Encoding"] == suffix.lstrip(".").replace("gz", "gzip")
        assert response.headers["Content-Type"] == "application/wasm"
        assert "immutable" in response.headers["Cache-Control"]
    assert body == wasm.with_name(wasm.name + suffix).read_bytes()
