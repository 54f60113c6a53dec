"""The deployment guide's nginx configuration, run for real on loopback under a sub-path.

The test uses deploy/nginx/pilot-to-production.conf and brotli.conf as committed, changing only
the two lines the file marks `HOST:` (listen and alias), inside a minimal nginx.conf shaped like
Debian's (mime.types in the config folder, the brotli modules loaded).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, watch_page

DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULES = Path("/usr/lib/nginx/modules")
SUBPATH = "/pilot-to-production/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_conf_for(site_dir: Path, port: int) -> str:
    """The committed server config with only its two HOST lines changed."""
    text = (DEPLOY / "pilot-to-production.conf").read_text()
    text, listens = re.subn(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{port};", text, flags=re.M)
    text, aliases = re.subn(
        r"^(\s*)alias /srv/pilot-to-production/site/;", rf"\1alias {site_dir}/;", text, flags=re.M
    )
    assert (listens, aliases) == (1, 1), "the HOST lines of the nginx config have changed"
    return text


@pytest.fixture(scope="module")
def nginx_site(built_site, tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: run `make test` (it installs Debian's nginx).")
    workdir = tmp_path_factory.mktemp("nginx")
    # nginx's workers must be able to read the site: copy it to a world-readable place.
    site_dir = workdir / "site"
    shutil.copytree(built_site, site_dir)
    for path in [workdir, *workdir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    port = _free_port()
    (workdir / "site.conf").write_text(site_conf_for(site_dir, port))
    (workdir / "mime.types").symlink_to("/etc/nginx/mime.types")
    modules = "".join(
        f"load_module {BROTLI_MODULES / name};\n"
        for name in ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
    )
    temp_paths = "".join(
        f"{kind}_temp_path {workdir / ('tmp-' + kind)};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    (workdir / "nginx.conf").write_text(
        f"{user}{modules}pid {workdir / 'nginx.pid'};\nerror_log {workdir / 'error.log'} warn;\n"
        "events {}\n"
        "http {\n"
        "include mime.types;\ndefault_type application/octet-stream;\naccess_log off;\n"
        f"{temp_paths}include site.conf;\ninclude {DEPLOY / 'brotli.conf'};\n"
        "}\n"
    )
    command = [NGINX, "-p", str(workdir), "-c", str(workdir / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"])
    origin = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(origin + SUBPATH, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield origin
    process.terminate()
    process.wait(timeout=10)
    warnings = (workdir / "error.log").read_text()
    assert "[warn]" not in warnings and "[emerg]" not in warnings, warnings


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
    assert "From Pilot to Production" in error.value.read().decode()


@pytest.mark.browser
def test_quiz_reaches_a_result_under_the_strict_csp(nginx_site, browser):
    from quiz_helpers import answer_all, wait_for_result

    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    # Violations in the page are events; those in the worker reach the console as errors.
    page.expose_function("__reportCsp", violations.append)
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
