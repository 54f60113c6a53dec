"""Slow and broken networks, as a visitor meets them (issue 9), in Chromium against the built site.

- A slow line (Chromium's own throttling, through the DevTools protocol, so the HTTP cache and
  compression behave as on a real connection) reaches a result even though the whole download
  takes longer than the stall period: the engine's watchdog bounds progress, not time; the
  visitor sees the megabytes that have arrived.
- Every fault gets its true message and no uncaught error: a file the server no longer has (a
  stale page after a redeploy), a file that is not what the site published (another checksum,
  a module served as text/plain), offline before or during loading.
- A share link shows its loading state and any error at the top of the quiz, in view, on a phone.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from quiz_helpers import QUIZ, answer_all, quiz, wait_for_error, wait_for_result

pytestmark = pytest.mark.browser

ASSESSMENT = "assessment/"
STALL_KEY = "assessment.engineTimeoutMs"  # assessment/client.js: the watchdog's stall period
PHONE = {"viewport": {"width": 390, "height": 844}}


def assert_no_uncaught(watch, broken: str = "") -> None:
    assert watch.foreign_requests == []
    assert watch.page_errors == [], f"uncaught errors: {watch.page_errors}"
    noise = re.compile(r"Failed to load resource|net::ERR_|Failed to fetch" + (f"|{re.escape(broken)}" if broken else ""))
    unexpected = [text for text in watch.console_errors if not noise.search(text)]
    assert unexpected == [], f"console errors: {unexpected}"


def set_stall(page, ms: int) -> None:
    page.evaluate(f"() => localStorage.setItem('{STALL_KEY}', '{ms}')")


def share_link(page, site_server) -> str:
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('[data-assessment-question]')].map(f =>
            encodeURIComponent(f.dataset.assessmentQuestion) + '.' +
            encodeURIComponent(f.querySelector('[data-assessment-option]').value)).join(',')"""
    )
    return f"{site_server.url}{ASSESSMENT}#ladder=v1:{pairs}"


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
            return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""",
        selector,
    )


def test_a_slow_line_reaches_a_result_and_shows_real_progress(page_and_watch, site_server):
    page, watch = page_and_watch
    page.goto(site_server.url + ASSESSMENT)
    total = page.evaluate(
        f"() => JSON.parse(document.querySelector('{QUIZ}').dataset.assessmentConfig).downloadBytes"
    )
    assert total > 1_000_000
    # The stall period is far shorter than the whole download at this speed: a wall-clock
    # bound of that length would fail; a watchdog on progress does not.
    bytes_per_second = 1_500_000
    assert total / bytes_per_second > 3 * 1.5
    set_stall(page, 1500)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 40, "downloadThroughput": bytes_per_second, "uploadThroughput": 100_000},
    )
    answer_all(page, "most")
    status = quiz(page).locator("[data-assessment-status]")
    status.filter(has_text=re.compile(r"\d+\.\d of about \d+\.\d MB \(\d+%\)")).wait_for(timeout=60_000)
    assert "Rung 5" in wait_for_result(page, timeout=180_000)
    assert_no_uncaught(watch)


@pytest.mark.parametrize("missing", ["python_stdlib*.zip", "pyodide-lock.json", "*.whl"])
def test_a_file_gone_from_the_server_says_reload(page_and_watch, site_server, missing):
    page, watch = page_and_watch
    page.route(f"**/{missing}", lambda route: route.fulfill(status=404, body="Not Found"))
    page.goto(site_server.url + ASSESSMENT)
    answer_all(page, "least")
    message = wait_for_error(page, timeout=60_000)
    assert "not found" in message and "Reload the page" in message
    detail = page.locator("[data-assessment-error-detail]").text_content()
    named = {"python_stdlib*.zip": "python_stdlib", "pyodide-lock.json": "pyodide-lock.json", "*.whl": ".whl"}
    assert named[missing] in detail and "404" in detail
    assert_no_uncaught(watch, "404")


def test_a_wheel_that_does_not_match_its_checksum_says_reload(page_and_watch, site_server):
    page, watch = page_and_watch

    def altered(route):
        body = bytearray(route.fetch().body())
        body[len(body) // 2] ^= 0xFF
        route.fulfill(status=200, headers={"content-type": "application/zip"}, body=bytes(body))

    page.route("**/*.whl", altered)
    page.goto(site_server.url + ASSESSMENT)
    answer_all(page, "least")
    message = wait_for_error(page, timeout=120_000)
    assert "do not match" in message and "Reload the page" in message
    assert "checksum" in page.locator("[data-assessment-error-detail]").text_content()
    assert_no_uncaught(watch, "integrity")


def test_a_module_served_as_text_plain_says_reload(page_and_watch, site_server):
    page, watch = page_and_watch

    def as_text(route):
        response = route.fetch()
        route.fulfill(status=200, headers={"content-type": "text/plain"}, body=response.body())

    page.route("**/pyodide.mjs", as_text)
    page.goto(site_server.url + ASSESSMENT)
    answer_all(page, "least")
    message = wait_for_error(page, timeout=60_000)
    assert "Reload the page" in message
    assert "text/plain" in page.locator("[data-assessment-error-detail]").text_content()
    assert_no_uncaught(watch, "MIME type")


def test_offline_before_the_first_touch_says_offline_then_retry_works(page_and_watch, site_server):
    page, watch = page_and_watch
    page.goto(site_server.url + ASSESSMENT)
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    page.context.set_offline(True)
    quiz(page).locator("[data-assessment-option]").first.check()
    message = wait_for_error(page, timeout=30_000)
    assert "offline" in message.lower() and "could not start in this browser" not in message
    page.context.set_offline(False)
    page.locator("[data-assessment-retry]").click()
    answer_all(page, "most")
    assert "Rung 5" in wait_for_result(page)
    assert_no_uncaught(watch)


def test_offline_during_loading_says_offline(page_and_watch, site_server):
    page, watch = page_and_watch

    def drop(route):
        page.context.set_offline(True)
        route.abort("internetdisconnected")

    page.route("**/pyodide.asm.wasm", drop)
    page.goto(site_server.url + ASSESSMENT)
    answer_all(page, "least")
    message = wait_for_error(page, timeout=60_000)
    assert "offline" in message.lower()
    page.context.set_offline(False)
    page.unroute("**/pyodide.asm.wasm")
    page.locator("[data-assessment-retry]").click()
    assert "Rung 1" in wait_for_result(page)
    assert_no_uncaught(watch, "pyodide.asm.wasm")


@pytest.mark.parametrize("context", [PHONE], indirect=True)
def test_a_share_link_shows_loading_and_errors_in_view(page_and_watch, site_server):
    page, watch = page_and_watch
    page.goto(site_server.url + ASSESSMENT)
    link = share_link(page, site_server)
    held = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.goto("about:blank")
    page.goto(link)
    status = quiz(page).locator("[data-assessment-status]")
    status.filter(has_text="Loading the scoring engine").wait_for(timeout=30_000)
    assert in_viewport(page, f"{QUIZ} [data-assessment-status]")
    assert quiz(page).locator("[data-assessment-form]").is_hidden()
    # The download fails: the error shows where the loading line was, in view.
    for _ in range(600):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the runtime was never requested"
    for route in held:
        route.abort()
    wait_for_error(page, timeout=60_000)
    assert in_viewport(page, f"{QUIZ} [data-assessment-error]")
    page.unroute("**/pyodide.asm.wasm")
    page.locator("[data-assessment-retry]").click()
    assert "Rung 1" in wait_for_result(page)
    assert_no_uncaught(watch, "pyodide.asm.wasm")


UNSAFE = ["javascript:alert(document.domain)//index.md", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
          " javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"]


def test_the_front_end_refuses_unsafe_link_schemes_again(page_and_watch, site_server):
    """Every gap link in the page's config made hostile (as a build without the scheme check
    would ship it): the result renders, with no such href anywhere in it."""
    page, watch = page_and_watch

    def hostile(route):
        response = route.fetch()
        html = response.text()
        for index, gap in enumerate(("data", "governance", "integration", "ownership", "reliability", "value")):
            bad = UNSAFE[index % len(UNSAFE)].replace('"', "").replace("\t", "\\t")
            html = html.replace(f"&#34;{gap}&#34;:&#34;../#gap-{gap}&#34;", f"&#34;{gap}&#34;:&#34;{bad}&#34;")
        route.fulfill(response=response, body=html)

    page.route("**/assessment/", hostile)
    page.goto(site_server.url + ASSESSMENT)
    config = page.evaluate(f"() => JSON.parse(document.querySelector('{QUIZ}').dataset.assessmentConfig)")
    assert any("script:" in link for link in config["gapLinks"].values()), "the route did not apply"
    answer_all(page, "least")
    wait_for_result(page)
    hrefs = page.evaluate(
        """() => [...document.querySelectorAll('[data-assessment-results] [href]')]
            .map(a => a.getAttribute('href'))"""
    )
    assert hrefs, "the result has no links at all"
    bad = [h for h in hrefs if not h.startswith(("http:", "https:", "mailto:", "../", "#", "/"))]
    assert bad == []
    verdicts = page.evaluate(
        """async ([base, unsafe]) => {
            const { safeHref } = await import(base + 'dom.js');
            return [unsafe.map(safeHref), ['../#gap-data', 'https://example.com/x', 'mailto:a@b.c'].map(safeHref)];
        }""",
        [site_server.url + "assets/javascripts/assessment/", UNSAFE],
    )
    assert verdicts[0] == [None] * len(UNSAFE)
    assert None not in verdicts[1]
    watch.assert_clean()


def test_a_retry_downloads_only_what_the_http_cache_lacks(browser, built_site, tmp_path):
    """Without Playwright routing (which turns the HTTP cache off): the server itself fails the
    wheel once, and caches the versioned runtime as deploy/nginx does. The retry gets the
    runtime from the browser's cache; only the wheel comes over the wire again. A profile on
    disk, as a visitor's is (an incognito context's memory cache keeps no 10 MB file)."""
    import functools
    import threading

    import conftest

    log: list[tuple[str, int]] = []
    failed = []

    class Deployed(conftest._SubPathHandler):
        def send_head(self):
            if self.path.endswith(".whl") and not failed:
                failed.append(self.path)
                self.send_error(503, "Service Unavailable")
                return None
            return super().send_head()

        def end_headers(self):
            if "/assets/assessment/pyodide/" in self.path:
                self.send_header("Cache-Control", "public, max-age=31536000, immutable")
            super().end_headers()

        def log_request(self, code="-", size="-"):
            log.append((self.path, int(getattr(code, "value", code))))

    httpd = conftest._QuietServer(("127.0.0.1", 0), functools.partial(Deployed, directory=str(built_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = "http://%s:%d" % httpd.server_address[:2]
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=conftest.CHROMIUM, args=conftest.CHROMIUM_ARGS
    )
    try:
        page = context.new_page()
        watch = conftest.watch_page(page, origin)
        page.goto(origin + conftest.SUBPATH + ASSESSMENT)
        page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
        quiz(page).locator("[data-assessment-option]").first.check()  # the engine starts
        message = wait_for_error(page, timeout=120_000)
        assert "could not be downloaded" in message
        assert "wheel" not in message  # plain words; the file is in the technical details
        assert ".whl" in page.locator("[data-assessment-error-detail]").text_content()
        before = len(log)
        assert [code for path, code in log if path.endswith("pyodide.asm.wasm")] == [200]
        page.locator("[data-assessment-retry]").click()
        answer_all(page, "least")
        assert "Rung 1" in wait_for_result(page)
        again = [(path.rsplit("/", 1)[-1], code) for path, code in log[before:]]
        # The wheel comes again over the wire (200), or from the cache (304 or no request at
        # all): the diagnosis of the failure fetched it whole.
        assert [code for name, code in again if name.endswith(".whl")] in ([], [200], [304])
        runtime = [(name, code) for name, code in again
                   if name.startswith(("pyodide.asm", "python_stdlib", "pyodide.mjs"))]
        assert runtime == [], f"requested again on retry: {runtime}"
        assert_no_uncaught(watch, "503")
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
