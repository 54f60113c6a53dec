"""The Pyodide runtime download: sha512-checked, cached atomically, offline once cached.

Most tests talk to a fake npm registry on loopback (a crafted small tarball), so they are fast
and can count requests; the last ones check the real runtime in the project's cache, as a real
build fills it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import io
import json
import socket
import tarfile
import threading
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from site_plugins.assessment import runtime
from site_plugins.assessment.config import AssessmentConfig

ROOT = Path(__file__).resolve().parents[1]
VERSION = "0.0.0-test"


def make_tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


FILES = {name: f"fake {name}".encode() for name in runtime.RUNTIME_FILES}
TARBALL = make_tarball({**FILES, "README.md": b"not shipped"})


class FakeRegistry:
    """npm's two URLs for one package version; `integrity` can be set to lie."""

    def __init__(self, tarball: bytes = TARBALL, integrity: str | None = None):
        self.tarball, self.integrity = tarball, integrity or sri(tarball)
        self.requests: list[str] = []
        registry = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                registry.requests.append(self.path)
                if self.path == f"/pyodide/{VERSION}":
                    body = json.dumps({"dist": {
                        "tarball": f"{registry.url}/pyodide/-/pyodide-{VERSION}.tgz",
                        "integrity": registry.integrity,
                    }}).encode()
                elif self.path == f"/pyodide/-/pyodide-{VERSION}.tgz":
                    body = registry.tarball
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def pin_the_test_tarball(monkeypatch):
    """The fake version is pinned like a real one (runtime.PINNED_SHA512)."""
    monkeypatch.setitem(runtime.PINNED_SHA512, VERSION, sri(TARBALL).removeprefix("sha512-"))


@pytest.fixture
def registry():
    server = FakeRegistry()
    yield server
    server.stop()


@pytest.fixture
def unreachable() -> str:
    """A loopback URL where nothing listens: a connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_download_is_verified_and_cached(registry, tmp_path):
    found = runtime.ensure_runtime(VERSION, registry.url, tmp_path)

    assert found.folder == tmp_path / "runtime" / VERSION
    for name, data in FILES.items():
        assert found.path(name).read_bytes() == data
    assert not (found.folder / "README.md").exists()
    assert (found.folder / f"pyodide-{VERSION}.tgz").read_bytes() == TARBALL
    marker = json.loads((found.folder / runtime.MARKER).read_text())
    assert marker["integrity"] == sri(TARBALL)
    assert registry.requests == [f"/pyodide/{VERSION}", f"/pyodide/-/pyodide-{VERSION}.tgz"]
    assert [p.name for p in (tmp_path / "runtime").iterdir()] == [VERSION]  # no staging left


def test_cached_runtime_makes_no_request(registry, tmp_path, unreachable):
    runtime.ensure_runtime(VERSION, registry.url, tmp_path)
    registry.requests.clear()

    again = runtime.ensure_runtime(VERSION, registry.url, tmp_path)
    offline = runtime.ensure_runtime(VERSION, unreachable, tmp_path)

    assert registry.requests == []
    assert again == offline
    assert again.path("pyodide.asm.wasm").read_bytes() == FILES["pyodide.asm.wasm"]


def test_integrity_mismatch_is_rejected_and_nothing_cached(tmp_path):
    server = FakeRegistry(integrity=sri(b"some other tarball"))
    try:
        with pytest.raises(PluginError, match="does not match the registry's integrity"):
            runtime.ensure_runtime(VERSION, server.url, tmp_path)
    finally:
        server.stop()
    assert not (tmp_path / "runtime").exists() or list((tmp_path / "runtime").iterdir()) == []


def test_no_network_and_no_cache_is_a_clear_error(tmp_path, unreachable):
    with pytest.raises(PluginError) as caught:
        runtime.ensure_runtime(VERSION, unreachable, tmp_path)
    message = str(caught.value)
    assert f"Could not download the Pyodide runtime {VERSION}" in message
    assert unreachable in message  # what failed
    assert "Check the network and the registry" in message  # what to do
    assert f"runtime/{VERSION}/" in message and "copy" in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_damaged_cache_is_fetched_again(registry, tmp_path, unreachable):
    found = runtime.ensure_runtime(VERSION, registry.url, tmp_path)
    found.path("python_stdlib.zip").write_bytes(b"truncated")
    registry.requests.clear()

    with pytest.raises(PluginError, match="is damaged"):
        runtime.ensure_runtime(VERSION, unreachable, tmp_path)
    repaired = runtime.ensure_runtime(VERSION, registry.url, tmp_path)

    assert len(registry.requests) == 2
    assert repaired.path("python_stdlib.zip").read_bytes() == FILES["python_stdlib.zip"]


def test_tarball_without_a_runtime_file_is_rejected(tmp_path, monkeypatch):
    partial = make_tarball({name: FILES[name] for name in runtime.RUNTIME_FILES[:-1]})
    monkeypatch.setitem(runtime.PINNED_SHA512, VERSION, sri(partial).removeprefix("sha512-"))
    server = FakeRegistry(tarball=partial)
    try:
        with pytest.raises(PluginError, match="has no package/pyodide-lock.json"):
            runtime.ensure_runtime(VERSION, server.url, tmp_path)
    finally:
        server.stop()
    assert list((tmp_path / "runtime").iterdir()) == []


@functools.cache
def real_runtime() -> runtime.Runtime:
    """The runtime a real build uses: the project's cache and the plugin's default version."""
    config = AssessmentConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    return runtime.ensure_runtime(
        config.pyodide_version, config.pyodide_registry, ROOT / config.pyodide_cache_dir
    )


def test_real_runtime_matches_its_verified_tarball():
    found = real_runtime()
    marker = json.loads((found.folder / runtime.MARKER).read_text())
    tarball = (found.folder / Path(marker["tarball"]).name).read_bytes()

    assert sri(tarball) == marker["integrity"]
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        for name in runtime.RUNTIME_FILES:
            assert found.path(name).read_bytes() == tar.extractfile(f"package/{name}").read(), name
    lock = json.loads(found.path("pyodide-lock.json").read_text())
    assert lock["info"]["python"].startswith("3.")
    assert found.path("pyodide.asm.wasm").read_bytes()[:4] == b"\0asm"


def test_a_tarball_other_than_the_pinned_one_is_refused_even_with_matching_integrity(tmp_path):
    altered = make_tarball({**FILES, "pyodide.asm.wasm": b"altered"})
    server = FakeRegistry(tarball=altered)  # its dist.integrity matches the altered bytes
    try:
        with pytest.raises(PluginError, match="not the one this project pinned"):
            runtime.ensure_runtime(VERSION, server.url, tmp_path)
    finally:
        server.stop()
    assert not (tmp_path / "runtime" / VERSION).exists()


def test_an_unpinned_version_is_refused_before_any_request(registry, tmp_path):
    with pytest.raises(PluginError, match="not a supported version") as caught:
        runtime.ensure_runtime("9.9.9", registry.url, tmp_path)
    assert "PINNED_SHA512" in str(caught.value)
    assert registry.requests == []


@pytest.mark.parametrize("tarball", ["file:///etc/passwd", "http://example.com/pyodide.tgz",
                                     "https://elsewhere.example/pyodide.tgz"])
def test_the_tarball_must_be_https_on_the_registry_host(tmp_path, tarball):
    server = FakeRegistry()
    original = runtime._package_dist
    try:
        runtime._package_dist = lambda registry, version: (tarball, sri(TARBALL))
        with pytest.raises(PluginError, match="must be an https URL on 127.0.0.1"):
            runtime.ensure_runtime(VERSION, server.url, tmp_path)
    finally:
        runtime._package_dist = original
        server.stop()


def test_a_cached_runtime_whose_tarball_fails_the_pin_is_fetched_again(registry, tmp_path, unreachable):
    found = runtime.ensure_runtime(VERSION, registry.url, tmp_path)
    kept = found.folder / f"pyodide-{VERSION}.tgz"
    kept.write_bytes(kept.read_bytes()[:-10])  # truncated in the cache
    with pytest.raises(PluginError, match="is damaged"):
        runtime.ensure_runtime(VERSION, unreachable, tmp_path)
    repaired = runtime.ensure_runtime(VERSION, registry.url, tmp_path)
    assert (repaired.folder / f"pyodide-{VERSION}.tgz").read_bytes() == TARBALL


def test_the_default_version_is_pinned():
    config = AssessmentConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    assert config.pyodide_version in runtime.PINNED_SHA512
    assert config.pyodide_registry.startswith("https://")
