"""Faults, handled as a visitor would want (issue 4): the runtime fails to download, the worker
cannot start, the engine is not ready within the bound, and a host sends .wasm with the wrong
MIME type. Each is injected with Playwright's request routing against the real built site.

In every case: a plain message with a retry, the answers kept, Retry working once the fault is
gone, and no uncaught error. The only console errors allowed are Chromium's own network lines
("Failed to load resource", "net::ERR_FAILED") for the request the test itself broke.
"""

from __future__ import annotations

import re

import pytest

from quiz_helpers import QUIZ, answer_all, quiz, wait_for_error, wait_for_result

pytestmark = pytest.mark.browser

ASSESSMENT = "assessment/"
TIMEOUT_KEY = "assessment.engineTimeoutMs"  # documented in assets/javascripts/assessment/client.js


def checked_count(page) -> int:
    return quiz(page).locator("[data-assessment-option]:checked").count()


def assert_clean_except_broken(watch, broken: str) -> None:
    """No uncaught error, no foreign request, and no console error but the broken request's."""
    assert watch.foreign_requests == []
    assert watch.page_errors == []
    network_noise = re.compile(r"Failed to load resource|net::ERR_|Failed to fetch|" + re.escape(broken))
    unexpected = [text for text in watch.console_errors if not network_noise.search(text)]
    assert unexpected == [], f"console errors: {unexpected}"


@pytest.mark.parametrize("broken", ["pyodide.asm.wasm", "python_stdlib*.zip", "*.whl"])
def test_runtime_download_fails_then_retry_works(page_and_watch, site_server, broken):
    page, watch = page_and_watch
    page.route(f"**/{broken}", lambda route: route.abort())
    page.goto(site_server.url + ASSESSMENT)
    answer_all(page, "least")
    message = wait_for_error(page)
    assert "could not be downloaded" in message
    assert checked_count(page) == quiz(page).locator("[data-assessment-question]").count()
    assert page.locator("[data-assessment-error]").get_attribute("role") == "alert"
    # Focus goes to Retry: the visitor asked for a result and this is what they can do.
    assert page.evaluate("() => document.activeElement?.matches('[data-assessment-retry]')")

    page.unroute(f"**/{broken}")
    page.locator("[data-assessment-retry]").click()
    assert "Rung 1" in wait_for_result(page)
    assert page.locator("[data-assessment-error]").is_hidden()
    assert_clean_except_broken(watch, broken.replace("*", ""))


def test_worker_cannot_start_then_retry_works(page_and_watch, site_server):
    page, watch = page_and_watch
    page.route("**/assessment-worker.js", lambda route: route.abort())
    page.goto(site_server.url + ASSESSMENT)
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    # The first touch starts the engine: the failure shows without waiting for the last answer.
    quiz(page).locator("[data-assessment-option]").first.check()
    message = wait_for_error(page, timeout=30_000)
    # The worker script did not arrive: said as a download failure, not "this browser".
    assert "could not be downloaded" in message
    assert checked_count(page) == 1

    page.unroute("**/assessment-worker.js")
    page.locator("[data-assessment-retry]").click()
    answer_all(page, "most")
    assert "Rung 5" in wait_for_result(page)
    assert_clean_except_broken(watch, "assessment-worker.js")


def test_engine_not_ready_within_the_bound_then_retry_works(page_and_watch, site_server):
    page, watch = page_and_watch
    held = []
    # The standard library never arrives: Pyodide waits for it forever.
    page.route("**/python_stdlib*.zip", lambda route: held.append(route))
    page.goto(site_server.url + ASSESSMENT)
    page.evaluate(f"() => localStorage.setItem('{TIMEOUT_KEY}', '1500')")
    answer_all(page, "most")
    message = wait_for_error(page, timeout=30_000)
    assert "stopped loading" in message
    assert held, "the runtime file was never requested"
    assert checked_count(page) == quiz(page).locator("[data-assessment-question]").count()

    page.evaluate(f"() => localStorage.removeItem('{TIMEOUT_KEY}')")
    page.unroute("**/python_stdlib*.zip")
    for route in held:
        try:
            route.abort()
        except Exception:  # the worker that asked for it is gone already
            pass
    page.locator("[data-assessment-retry]").click()
    assert "Rung 5" in wait_for_result(page)
    assert_clean_except_broken(watch, "python_stdlib")


def test_wasm_served_with_the_wrong_mime_type_still_scores(page_and_watch, site_server):
    page, watch = page_and_watch
    served = []

    def octet_stream(route):
        response = route.fetch()
        served.append(response.url)
        route.fulfill(
            status=200,
            headers={"content-type": "application/octet-stream"},
            body=response.body(),
        )

    page.route("**/pyodide.asm.wasm", octet_stream)
    page.goto(site_server.url + ASSESSMENT)
    answer_all(page, "least")
    assert "Rung 1" in wait_for_result(page)
    assert served, "the wasm request did not go through the wrong-type route"
    watch.assert_clean()


def test_timeout_override_ignores_nonsense(page_and_watch, site_server):
    """A junk or out-of-range override falls back to the built-in bound (and the quiz works)."""
    page, watch = page_and_watch
    page.goto(site_server.url + ASSESSMENT)
    page.evaluate(f"() => localStorage.setItem('{TIMEOUT_KEY}', '5')")
    answer_all(page, "most")
    assert "Rung 5" in wait_for_result(page)
    watch.assert_clean()
