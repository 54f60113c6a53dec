"""Issue 8: while `make serve` runs, a failed rebuild shows its problems in the browser tab, and
the tab returns to the page by itself once the file is fixed. Real server, real Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.editing_project import copy_project, edit

pytestmark = pytest.mark.browser
FAQ_ENTRY = re.compile(r'^\?\?\? question "(?P<question>.+)"$', re.M)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "site_plugins.editorial.cli", "serve", "--port", str(port)],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    path = yaml.safe_load((project / "mkdocs.yml").read_text())["site_url"].split("/", 3)[3]
    url = f"http://127.0.0.1:{port}/{path}"
    deadline = time.monotonic() + 300
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        assert process.poll() is None, process.stdout.read()
        assert time.monotonic() < deadline, "the preview server did not start"
        time.sleep(0.5)
    yield project, url
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_failed_rebuild_shows_in_the_tab_and_the_tab_recovers(browser, preview, scheme, tmp_path):
    project, url = preview
    context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(url)
        title = page.locator("h1").first.inner_text()
        index = project / "content" / "index.md"
        entry = FAQ_ENTRY.findall(index.read_text(encoding="utf-8"))[0]
        line = edit(index, f'??? question "{entry}"', f"??? question {entry}")

        # No refresh: the tab reloads into the error page by itself.
        page.wait_for_selector("#error-title", timeout=120_000)
        problem = page.locator("li").first.inner_text()
        assert f"content/index.md, line {line}" in problem
        assert f'??? question "{entry}"' in problem
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        text = page.evaluate("getComputedStyle(document.body).color")
        dark = background != "rgb(255, 255, 255)"
        assert dark == (scheme == "dark"), (background, text)
        page.screenshot(path=str(tmp_path / f"error-{scheme}.png"), full_page=True)

        # Any other page of the site shows the same list while the build is broken.
        page.goto(url + "about/")
        assert page.locator("#error-title").count() == 1

        edit(index, f"??? question {entry}", f'??? question "{entry}"')
        page.wait_for_selector("#error-title", state="detached", timeout=120_000)
        page.goto(url)
        assert page.locator("h1").first.inner_text() == title
    finally:
        context.close()


def test_a_mkdocs_yml_mistake_during_preview_shows_its_line_and_recovers(preview):
    """The settings file itself can break while `make serve` runs: same page, same recovery."""
    project, url = preview
    config = project / "mkdocs.yml"
    site_name = yaml.safe_load(config.read_text(encoding="utf-8"))["site_name"]
    line = edit(config, f"site_name: {site_name}", f"site_name: {site_name}: draft")
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url, timeout=60)
            body = ""
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8")
        if "error-title" in body:
            break
        assert time.monotonic() < deadline, "the error page never appeared"
        time.sleep(0.3)
    assert f"mkdocs.yml, line {line}" in body and "double quotes" in body
    edit(config, f"site_name: {site_name}: draft", f"site_name: {site_name}")
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                if response.status == 200:
                    break
        except urllib.error.HTTPError:
            pass
        assert time.monotonic() < deadline, "the site never came back"
        time.sleep(0.3)
