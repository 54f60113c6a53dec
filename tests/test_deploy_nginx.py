"""The deployment guide's nginx configuration, run for real on loopback under a sub-path.

The test uses deploy/nginx/pilot-to-production.conf and brotli.conf as committed, changing only
the two lines the file marks `HOST:` (listen and alias), inside a minimal nginx.conf shaped like
Debian's (mime.types in the config folder, the brotli modules loaded).
"""

from __future__ import annotations

import html
import shutil
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, watch_page

from benchmarks import nginx  # the same server the benchmark measures

SUBPATH = nginx.SUBPATH


@pytest.fixture(scope="module")
def nginx_site(built_site, tmp_path_factory):
    if not Path(nginx.NGINX).exists():
        pytest.fail("nginx is missing: run `make test` (it installs Debian's nginx).")
    workdir = tmp_path_factory.mktemp("nginx")
    # nginx's workers must be able to read the site: copy it to a world-readable place.
    site_dir = workdir / "site"
    shutil.copytree(built_site, site_dir)
    nginx.make_world_readable(workdir)
    server = nginx.start(site_dir, workdir)
    try:
        yield server.origin
    finally:
        server.stop()
    assert server.warnings() == [], server.error_log()


def _head(url: str, encoding: str = "br, gzip") -> dict[str, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=10) as response:
        headers = {k.lower(): v for k, v in response.headers.items()}
        headers["status"] = str(response.status)
        return headers


def _runtime_file(built_site: Path, name: str) -> str:
    matches = sorted(built_site.glob(f"assets/assessment/pyodide/*/{name}"))
    assert matches, f"no {name} in the built site"
    return matches[0].relative_to(built_site).as_posix()


def test_pages_are_revalidated_and_carry_the_csp(nginx_site):
    headers = _head(nginx_site + SUBPATH)
    assert headers["status"] == "200"
    assert headers["cache-control"] == "no-cache"
    assert "last-modified" in headers  # revalidation answers 304 (kept through sub_filter)
    csp = headers["content-security-policy"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval'" not in csp.replace("wasm-unsafe-eval'", "")


def test_runtime_is_served_with_the_right_types_compressed_and_immutable(nginx_site, built_site):
    wasm = _head(nginx_site + SUBPATH + _runtime_file(built_site, "pyodide.asm.wasm"))
    assert wasm["content-type"] == "application/wasm"
    assert wasm["content-encoding"] == "br"
    assert "immutable" in wasm["cache-control"]
    loader = _head(nginx_site + SUBPATH + _runtime_file(built_site, "pyodide.mjs"), "gzip")
    assert loader["content-type"] == "text/javascript"
    assert loader["content-encoding"] == "gzip"
    wheel = next(built_site.glob("assets/assessment/**/*.whl")).relative_to(built_site)
    assert _head(nginx_site + SUBPATH + wheel.as_posix())["content-type"] == "application/zip"


def test_unknown_path_gets_the_sites_404_page(nginx_site):
    request = urllib.request.Request(nginx_site + SUBPATH + "no/such/page/")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 404
    site_name = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
    assert html.escape(site_name) in error.value.read().decode()


@pytest.mark.browser
def test_quiz_reaches_a_result_under_the_strict_csp(nginx_site, browser):
    from quiz_helpers import answer_all, wait_for_result

    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    # Violations in the page are events; those in the worker reach the console as errors.
    page.expose_function("__reportCsp", lambda text: violations.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__reportCsp(e.violatedDirective + ' ' + e.blockedURI))"
    )
    watch = watch_page(page, nginx_site)
    page.goto(nginx_site + SUBPATH + "assessment/")
    answer_all(page, "most")
    result = wait_for_result(page)
    assert "Rung 5" in result
    assert violations == []
    watch.assert_clean()
    context.close()


def test_the_address_without_its_trailing_slash_redirects_to_the_site(nginx_site):
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(nginx_site)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", SUBPATH.rstrip("/"))
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == SUBPATH
    connection.close()
    assert _head(nginx_site + SUBPATH)["status"] == "200"


def test_the_content_hashed_search_worker_is_cached_immutably(nginx_site, built_site):
    workers = sorted(built_site.glob("assets/javascripts/workers/search.*.min.js"))
    assert workers, "Material's search worker is not in the build"
    headers = _head(nginx_site + SUBPATH + workers[0].relative_to(built_site).as_posix())
    assert headers["status"] == "200"
    assert "immutable" in headers["cache-control"]
    # Files without a content hash stay revalidated.
    own = _head(nginx_site + SUBPATH + "assets/javascripts/assessment.js")
    assert own["cache-control"] == "no-cache"


def test_the_404_page_works_under_another_sub_path(built_site, tmp_path, monkeypatch):
    """The same build, with the location moved to /elsewhere/ (as DEPLOYMENT.md says: the
    `location`, `alias` and `error_page` lines): the 404 page's styles, scripts and links all
    resolve there."""
    import re

    original = nginx.site_conf_for

    def also_elsewhere(site_dir, port):
        text = original(site_dir, port)
        block = re.search(r"\n    location /pilot-to-production/ \{\n.*?\n    \}\n", text, re.S).group(0)
        moved = block.replace("location /pilot-to-production/", "location /elsewhere/").replace(
            "error_page 404 /pilot-to-production/404.html", "error_page 404 /elsewhere/404.html"
        )
        assert moved != block
        return text.replace(block, block + moved)

    monkeypatch.setattr(nginx, "site_conf_for", also_elsewhere)
    site_dir = tmp_path / "site"
    shutil.copytree(built_site, site_dir)
    nginx.make_world_readable(tmp_path)
    server = nginx.start(site_dir, tmp_path / "nginx")
    try:
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(server.origin + "/elsewhere/no/such/page/", timeout=10)
        assert error.value.code == 404
        page = error.value.read().decode()
        assert '"/pilot-to-production/' not in page
        urls = re.findall(r'(?:href|src)="(/elsewhere/[^"]*)"', page)
        assert any(url.endswith(".css") for url in urls) and any(url.endswith(".js") for url in urls)
        for url in urls:
            with urllib.request.urlopen(server.origin + url, timeout=10) as response:
                assert response.status == 200, url
        # Under the configured path nothing changes.
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(server.origin + SUBPATH + "no/such/page/", timeout=10)
        assert 'href="/pilot-to-production/assets/stylesheets/' in error.value.read().decode()
    finally:
        server.stop()
    assert server.warnings() == [], server.error_log()
