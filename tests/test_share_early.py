"""Share links ahead (assessment-early.js): the engine starts from <head>, once, and Material's
search worker waits until the result is shown, then works.

The page is watched from an init script that runs before any of its scripts: it notes every
worker the page creates (after the early script's own wrapper lets it through) with the id of the
first message sent to it, and the moment Material's bundle finishes (it sets `window.document$`
last).
"""

from __future__ import annotations

import pytest

from conftest import watch_page
from quiz_helpers import wait_for_result

from benchmarks import scenarios, site

pytestmark = pytest.mark.browser

WATCH = """
(() => {
  const log = (window.__early = { workers: [], bundle: null, result: null });
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      const record = { url: String(url), at: performance.now(), firstId: null };
      log.workers.push(record);
      const post = this.postMessage.bind(this);
      this.postMessage = (message, ...rest) => {
        if (record.firstId === null && message && "id" in message) record.firstId = message.id;
        return post(message, ...rest);
      };
    }
  };
  let value;
  Object.defineProperty(window, "document$", {
    configurable: true,
    get() { return value; },
    set(v) { if (log.bundle === null) log.bundle = performance.now(); value = v; },
  });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === "assessment:result-shown" && log.result === null) log.result = entry.startTime;
  }).observe({ type: "mark" });
})();
"""


def share_link(built_site, site_server) -> str:
    config = site.quiz_config(built_site)
    plan = scenarios.answer_plan(site.definition(built_site, config))
    return site_server.url + "assessment/" + scenarios.our_share_fragment(config.assessment, plan)


def test_share_link_starts_one_engine_before_the_theme_and_search_waits(context, site_server, built_site):
    page = context.new_page()
    watch = watch_page(page, site_server.origin)
    page.add_init_script(script=WATCH)
    page.goto(share_link(built_site, site_server))
    wait_for_result(page)
    page.wait_for_function("() => window.__early.workers.some((w) => w.url.includes('/workers/search.'))")
    log = page.evaluate("() => window.__early")

    engines = [w for w in log["workers"] if "assessment-worker" in w["url"]]
    search = [w for w in log["workers"] if "/workers/search." in w["url"]]
    assert len(engines) == 1, f"one engine, adopted by the quiz, not a second one: {log['workers']}"
    # Started by the early script (its init has id 0; client.js numbers from 1), so from <head>
    # as soon as the quiz was parsed, not after the deferred quiz modules.
    assert engines[0]["firstId"] == 0, "the engine was not started by assessment-early.js"
    assert len(search) == 1 and search[0]["at"] >= log["result"], "the search worker did not wait for the result"

    # Search still works once released.
    page.keyboard.press("/")  # Material's search shortcut
    page.locator(".md-search__input").focus()
    page.keyboard.type("ladder", delay=30)  # Material searches on key events
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=30_000)
    watch.assert_clean()


@pytest.mark.parametrize("fragment", ["#not-a-share-link", "#section=anchor"])
def test_without_a_share_link_for_the_quiz_nothing_starts_and_search_runs(context, site_server, fragment):
    page = context.new_page()
    watch = watch_page(page, site_server.origin)
    page.add_init_script(script=WATCH)
    page.goto(site_server.url + "assessment/" + fragment)
    # Released by the time the page has loaded (a fragment shaped like a link: at DOMContentLoaded).
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.__early.workers.some((w) => w.url.includes('/workers/search.'))", timeout=5_000)
    page.wait_for_load_state("networkidle")
    log = page.evaluate("() => window.__early")
    assert [w for w in log["workers"] if "assessment-worker" in w["url"]] == []
    assert not [url for url in watch.requests if "/assets/assessment/" in url]
    watch.assert_clean()


def test_a_refused_link_to_the_quiz_fetches_nothing_of_the_engine(context, site_server, built_site):
    """assessment-hold.js makes the worker in advance for a link addressed to the quiz; a link the
    quiz refuses terminates it before it asks for any engine file, and search runs."""
    config = site.quiz_config(built_site)
    page = context.new_page()
    watch = watch_page(page, site_server.origin)
    page.add_init_script(script=WATCH)
    page.goto(site_server.url + "assessment/" + f"#{config.assessment}=v1:no-such-question.no-such-option")
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.__early.workers.some((w) => w.url.includes('/workers/search.'))", timeout=5_000)
    page.wait_for_timeout(3000)  # time for a worker that was not stopped to ask for pyodide.mjs
    log = page.evaluate("() => window.__early")
    made = [w for w in log["workers"] if "assessment-worker" in w["url"]]
    assert len(made) == 1 and made[0]["at"] < log["bundle"], "the worker was not made before the bundle ran"
    assert all(w["firstId"] is None for w in log["workers"] if "assessment-worker" in w["url"]), log["workers"]
    assert not [url for url in watch.requests if "/assets/assessment/" in url]
    assert page.evaluate("() => window.__assessmentEarlyWorker") is None
