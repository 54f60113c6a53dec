"""Shared fixtures: one real MkDocs build per session, a loopback server, Debian's Chromium.

Browser tests drive /usr/bin/chromium through Playwright's `executable_path`; Playwright's own
browser download is never used. The site is served under a sub-path, as a site owner may host it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# One list of launch flags for the tests and the benchmark (the closed network needs them).
from benchmarks.browser import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
SUBPATH = "/pilot-to-production/"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def run_mkdocs_build(site_dir: Path, *, config_file: Path | None = None, extra: list[str] = (), env=None):
    """Run a real `mkdocs build --strict`; returns the CompletedProcess (never raises)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    if config_file is not None:
        command += ["--config-file", str(config_file)]
    return subprocess.run(
        [*command, *extra], cwd=ROOT, capture_output=True, text=True, env=env, timeout=600
    )


def config_with_docs_at(docs_dir: Path, config: Path) -> Path:
    """Write `config`: the project's own mkdocs.yml, with its docs (and so its quiz files) at
    `docs_dir`, one page in the nav and only the assessment plugin. Paths in the project config
    are relative to it, so the theme overrides are given absolutely."""
    import json

    config.write_text(
        f"INHERIT: {json.dumps(str(ROOT / 'mkdocs.yml'))}\n"
        f"docs_dir: {json.dumps(str(docs_dir))}\n"
        "nav: [index.md]\n"
        "theme:\n"
        "  name: material\n"
        f"  custom_dir: {json.dumps(str(ROOT / 'overrides'))}\n"
        "plugins: [assessment]\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site as `mkdocs build --strict` writes it from this checkout."""
    site_dir = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(site_dir)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return site_dir


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix` only, the way a static host serves a sub-path."""

    prefix = SUBPATH
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
        ".zip": "application/zip",
    }

    def translate_path(self, path: str) -> str:
        url_path = urlsplit(path).path
        if not url_path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_sub_path__")
        return super().translate_path("/" + url_path[len(self.prefix) :])

    def log_message(self, format, *args):  # keep pytest output readable
        pass


@dataclass
class StaticServer:
    root: Path
    prefix: str
    httpd: http.server.ThreadingHTTPServer = field(repr=False)

    @property
    def origin(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return self.origin + self.prefix

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The fault tests abort downloads on purpose: a client hanging up is not a server error.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def start_static_server(root: Path, prefix: str = SUBPATH) -> StaticServer:
    handler = functools.partial(
        type("Handler", (_SubPathHandler,), {"prefix": prefix}), directory=str(root)
    )
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return StaticServer(root, prefix, httpd)


@pytest.fixture(scope="session")
def site_server(built_site) -> Iterator[StaticServer]:
    server = start_static_server(built_site)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class PageWatch:
    """What a page did that a test may want to assert on."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.foreign_requests == [], f"requests to other hosts: {self.foreign_requests}"
        assert self.page_errors == [], f"uncaught errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


def watch_page(page, origin: str) -> PageWatch:
    watch = PageWatch(origin)
    page.on(
        "console",
        lambda message: watch.console_errors.append(message.text)
        if message.type == "error"
        else None,
    )
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))

    def on_request(request):
        watch.requests.append(request.url)
        scheme = urlsplit(request.url).scheme
        if scheme in ("http", "https", "ws", "wss") and not request.url.startswith(origin):
            watch.foreign_requests.append(request.url)

    page.on("request", on_request)
    return watch


@pytest.fixture
def context(browser, request):
    """A fresh browser profile per test: no cache, no localStorage carried over."""
    options = getattr(request, "param", None) or {}
    context = browser.new_context(**options)
    yield context
    context.close()


@pytest.fixture
def page_and_watch(context, site_server):
    page = context.new_page()
    return page, watch_page(page, site_server.origin)


AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def run_axe(page) -> list[dict]:
    """Inject axe-core into the page and return its violations (WCAG 2.x A/AA and best practice)."""
    if not AXE_JS.exists():
        pytest.fail("node_modules/axe-core is missing: run `make test` (it runs `npm ci`).")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => {
            // Measure settled colours, not a button caught halfway through its hover transition.
            // Two frames first: a view that moves focus in the next frame starts its transition
            // there, after this script would otherwise have collected the running ones.
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            const finite = document.getAnimations().filter(
                a => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
            await Promise.all(finite.map(a => a.finished.catch(() => {})));
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
            }));
        }"""
    )
