"""The quiz in Chromium, against the built site served under a sub-path: taking it with the
keyboard alone, the extreme answers, share links (good and hostile), storage, instant navigation,
events, and the promise that the article loads no Python until the quiz is touched.

Every test ends with `watch.assert_clean()`: no request to another host, no uncaught error, no
console error.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
import yaml

from conftest import ROOT
from quiz_helpers import QUIZ, answer_all, pick, question_count, quiz, wait_for_result

MKDOCS_YML = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
LADDER_YML = ROOT / "content" / "assessments" / "ladder.yml"

pytestmark = pytest.mark.browser

ASSESSMENT = "assessment/"
STORAGE_PREFIX = "assessment:ladder"
ENGINE_FILES = ("/assets/assessment/", "assessment-worker.js")


def open_quiz(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")


def checked_answers(page) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-assessment-question]')]
            .map(f => [f.dataset.assessmentQuestion,
                       f.querySelector('[data-assessment-option]:checked')?.value])
            .filter(([, v]) => v))"""
    )


def stored(page) -> dict:
    return page.evaluate(
        f"""() => Object.fromEntries(Object.keys(localStorage)
            .filter(k => k.startsWith({json.dumps(STORAGE_PREFIX)}))
            .map(k => [k, JSON.parse(localStorage.getItem(k))]))"""
    )


def test_keyboard_only_run_reaches_a_result(page_and_watch, site_server):
    page, watch = page_and_watch
    open_quiz(page, site_server.url + ASSESSMENT)
    total = question_count(page)

    # Tab from the top of the page into the quiz: the first stop inside it is question 1.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.matches('[data-assessment-option]')"):
            break
    else:
        pytest.fail("Tab never reached the quiz's first question")

    for number in range(total):
        focused = page.evaluate(
            "() => document.activeElement.closest('[data-assessment-question]')?.dataset.assessmentQuestion"
        )
        visible = quiz(page).locator("[data-assessment-question]:not([hidden])")
        assert focused == visible.get_attribute("data-assessment-question"), (
            f"focus is not on the visible question {number + 1}"
        )
        # Enter with nothing chosen does not advance: it says why and stays.
        if number == 0:
            page.keyboard.press("Enter")
            assert "Choose an answer" in visible.locator("[data-assessment-hint]").inner_text()
            assert visible.get_attribute("data-assessment-question") == focused
        # Space picks the focused option; arrows move to (and pick) the next ones.
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        if number == 2:
            # Back with the keyboard, then forward again: the answer is still there.
            for _ in range(5):  # Tab leaves the radio group for the buttons: Back comes first
                page.keyboard.press("Tab")
                if page.evaluate("() => document.activeElement?.matches('[data-assessment-back]')"):
                    break
            assert page.evaluate("() => document.activeElement?.matches('[data-assessment-back]')")
            page.keyboard.press("Enter")
            back_to = quiz(page).locator("[data-assessment-question]:not([hidden])")
            assert back_to.get_attribute("data-assessment-question") != focused
            assert back_to.locator("[data-assessment-option]:checked").count() == 1
            page.keyboard.press("Enter")  # focus is on its chosen option: Enter goes on
            assert quiz(page).locator("[data-assessment-question]:not([hidden])").get_attribute(
                "data-assessment-question"
            ) == focused
        page.keyboard.press("Enter")

    title = wait_for_result(page)
    assert title.startswith("Your result:") and "Rung " in title
    assert page.evaluate(
        "() => document.activeElement?.classList.contains('assessment-result__title')"
    ), "focus did not move to the result heading"
    assert len(checked_answers(page)) == total
    watch.assert_clean()


def test_least_mature_answers_give_rung_1(page_and_watch, site_server):
    page, watch = page_and_watch
    open_quiz(page, site_server.url + ASSESSMENT)
    answer_all(page, "least")
    assert "Rung 1 — " in wait_for_result(page)
    results = page.locator("[data-assessment-results]")
    assert results.locator("[aria-current=step]").inner_text().startswith("Rung 1")
    assert results.locator(".assessment-gap").count() >= 1
    assert "Not answered" not in results.inner_text()
    watch.assert_clean()


def test_most_mature_answers_give_rung_5_with_its_own_message(page_and_watch, site_server):
    page, watch = page_and_watch
    open_quiz(page, site_server.url + ASSESSMENT)
    answer_all(page, "most")
    assert "Rung 5 — " in wait_for_result(page)
    results = page.locator("[data-assessment-results]")
    assert results.locator(".assessment-gap").count() == 0
    assert "second use case" in results.locator(".assessment-result__top").inner_text()
    watch.assert_clean()


def test_booking_link_is_filled_from_the_result(page_and_watch, site_server):
    page, watch = page_and_watch
    open_quiz(page, site_server.url + ASSESSMENT)
    answer_all(page, "least")
    wait_for_result(page)
    href = page.locator(".assessment-result__cta a").get_attribute("href")
    # The sentence above the button is content: the rung's own `booking` text in the quiz file,
    # or else mkdocs.yml's extra.call_to_action.quiz_text.
    publisher = MKDOCS_YML["extra"]["publisher"]["name"]
    rung_one = yaml.safe_load(LADDER_YML.read_text(encoding="utf-8"))["rungs"][0]
    fallback = MKDOCS_YML["extra"]["call_to_action"]["quiz_text"].replace("{name}", publisher)
    expected = " ".join((rung_one.get("booking") or fallback).split())
    button = MKDOCS_YML["extra"]["call_to_action"]["quiz_button"].replace("{name}", publisher)
    assert page.locator(".assessment-result__cta a").inner_text().strip() == button
    assert " ".join(page.locator(".assessment-result__cta p").inner_text().split()) == expected
    # The link's parts come from mkdocs.yml and ladder.yml, as an editor may have changed them.
    template = MKDOCS_YML["extra"]["publisher"]["booking_url"]
    filled = dict(parse_qsl(urlsplit(href).query))
    assert href.startswith(template.split("?")[0] + "?") and "{" not in href
    first_gap = yaml.safe_load(LADDER_YML.read_text(encoding="utf-8"))["gaps"][0]["id"]
    for key, value in parse_qsl(urlsplit(template).query):
        if value == "{rung}":
            assert filled[key] == "1"
        elif value == "{blockers}":
            assert filled[key].split(",")[0] == first_gap
    watch.assert_clean()


@pytest.mark.parametrize(
    "context", [{"permissions": ["clipboard-read", "clipboard-write"]}], indirect=True
)
def test_share_link_reproduces_the_result_in_a_fresh_browser(page_and_watch, site_server, browser):
    page, watch = page_and_watch
    open_quiz(page, site_server.url + ASSESSMENT)
    answer_all(page, "least")
    # Change an answer from the review list so the link is not a trivial one.
    page.get_by_role("button", name="Change answers").click()
    review = quiz(page).locator("[data-assessment-review]")
    review.locator("[data-review-toggle]").first.click()
    review.locator("[data-review-question]:visible").last.check()
    page.wait_for_function(
        "() => !document.querySelector('[data-assessment-status]').textContent.includes('Working')"
        " && document.querySelector('[data-assessment-status]').textContent.includes('updated')"
    )
    title = wait_for_result(page)
    answers = checked_answers(page)

    page.get_by_role("button", name="Copy share link").click()
    page.wait_for_selector("[data-assessment-share-status]:not(:empty)")
    link = page.evaluate("() => navigator.clipboard.readText()")
    assert link.startswith(site_server.url + ASSESSMENT + "#ladder=v2:")
    assert "?" not in link, "answers must travel in the fragment only"

    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        from conftest import watch_page

        other_watch = watch_page(other, site_server.origin)
        other.goto(link)
        assert wait_for_result(other).replace("The shared result:", "Your result:") == title
        assert checked_answers(other) == answers
        assert "shared" in other.locator("[data-assessment-results]").inner_text().lower()
        # A shared result is shown, not stored as the visitor's own answers.
        assert stored(other) == {} or all(not v.get("answers") for v in stored(other).values())
        # No request carried the answers.
        assert not [url for url in other_watch.requests if "v2:" in url or "outcome" in url]
        other_watch.assert_clean()
    finally:
        fresh.close()
    watch.assert_clean()


HOSTILE = [
    "<img src=x onerror=alert(document.domain)>",
    "v1:<script>alert(1)</script>.x",
    "v1:outcome.none,outcome.none",
    "v1:outcome.%E0%A4%A",
    "v1:" + ",".join(["outcome.none"] * 40),
    "v1:" + "a" * 200_000,
    "v9:outcome.none",
    "v1:no_such_question.none",
    "javascript:alert(1)",
    "",
]


def test_hostile_or_damaged_fragments_are_harmless_and_keep_stored_answers(page_and_watch, site_server):
    page, watch = page_and_watch
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_quiz(page, site_server.url + ASSESSMENT)
    first = quiz(page).locator("[data-assessment-question]:not([hidden]) [data-assessment-option]")
    pick(first.nth(1))
    quiz(page).locator("[data-assessment-next]").click()
    mine = checked_answers(page)
    assert len(mine) == 1
    page.goto("about:blank")
    seen = len(watch.requests)

    for payload in HOSTILE:
        page.goto("about:blank")
        open_quiz(page, site_server.url + ASSESSMENT + "#ladder=" + quote(payload, safe=":,.%<>=()/"))
        notice = quiz(page).locator("[data-assessment-notice]")
        notice.wait_for(state="visible")
        text = notice.inner_text()
        assert "cannot show a result" in text
        assert "<" not in text and "alert" not in text and "aaaa" not in text
        assert page.locator("img[src=x], [data-assessment] script").count() == 0
        assert checked_answers(page) == mine, f"stored answers lost for {payload[:40]!r}"
        assert page.locator("[data-assessment-results]").is_hidden()

    # A fragment that is not addressed to the quiz (an ordinary anchor, or junk) is left alone.
    page.goto("about:blank")
    open_quiz(page, site_server.url + ASSESSMENT + "#<img src=x onerror=alert(1)>")
    assert quiz(page).locator("[data-assessment-notice]").is_hidden()
    assert page.locator("img[src=x]").count() == 0
    assert dialogs == []
    # None of this started the engine: a refused link touches nothing.
    assert not [url for url in watch.requests[seen:] if "pyodide" in url]
    watch.assert_clean()


def test_answers_survive_a_reload_and_start_over_clears_them(page_and_watch, site_server):
    page, watch = page_and_watch
    open_quiz(page, site_server.url + ASSESSMENT)
    for index in range(3):
        options = quiz(page).locator("[data-assessment-question]:not([hidden]) [data-assessment-option]")
        pick(options.nth(index % 2))
        quiz(page).locator("[data-assessment-next]").click()
    before = checked_answers(page)
    current = quiz(page).locator("[data-assessment-question]:not([hidden])").get_attribute(
        "data-assessment-question"
    )
    (key,) = stored(page)
    assert key == STORAGE_PREFIX  # keyed by the assessment's name (see test_quiz_answers.py)

    page.reload()
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    assert checked_answers(page) == before
    assert quiz(page).locator("[data-assessment-question]:not([hidden])").get_attribute(
        "data-assessment-question"
    ) == current
    assert list(stored(page)) == [key]

    restart = quiz(page).locator("[data-assessment-nav] [data-assessment-restart]")
    assert restart.is_visible()
    restart.click()
    assert checked_answers(page) == {}
    # Start over can be undone until the next answer; here it is not, so the answers stay gone.
    assert quiz(page).locator("[data-assessment-undo]").is_visible()
    assert quiz(page).locator("[data-assessment-question]:not([hidden])").get_attribute(
        "data-assessment-question"
    ) == quiz(page).locator("[data-assessment-question]").first.get_attribute("data-assessment-question")
    page.reload()
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    assert checked_answers(page) == {}
    watch.assert_clean()


def test_article_loads_no_python_until_the_quiz_is_touched(page_and_watch, site_server):
    page, watch = page_and_watch
    page.goto(site_server.url)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    page.mouse.wheel(0, 400)  # reading, scrolling: still nothing
    page.wait_for_timeout(500)
    assert [u for u in watch.requests if any(part in u for part in ENGINE_FILES)] == []

    with page.expect_request("**/pyodide.asm.wasm", timeout=60_000):
        quiz(page).locator("[data-assessment-option]").first.focus()
    watch.assert_clean()


def serve_sitemap_for_this_origin(page, site_server) -> None:
    """Material only navigates instantly to URLs in sitemap.xml, whose addresses it matches by
    protocol and host name but not port; the built sitemap names the canonical host
    (site_url), so the test serves it with this server's origin, as the real host would."""
    canonical = MKDOCS_YML["site_url"]
    text = (site_server.root / "sitemap.xml").read_text().replace(canonical, site_server.url)
    page.route(
        "**/sitemap.xml",
        lambda route: route.fulfill(status=200, content_type="application/xml", body=text),
    )


def test_instant_navigation_mounts_the_quiz_and_dom_events_fire(page_and_watch, site_server):
    page, watch = page_and_watch
    serve_sitemap_for_this_origin(page, site_server)
    page.goto(site_server.url + "about/")
    page.wait_for_load_state("networkidle")
    page.evaluate(
        """() => {
            window.__events = [];
            for (const type of ['assessment:start', 'assessment:answer', 'assessment:complete'])
                document.addEventListener(type, e => window.__events.push([type, e.detail]));
        }"""
    )
    # Material's instant navigation: the page is swapped in, not reloaded.
    page.locator(f".md-nav a[href$='{ASSESSMENT}']").first.click()
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    assert page.evaluate("() => Array.isArray(window.__events)"), "the page was reloaded"
    answer_all(page, "least")
    wait_for_result(page)
    events = page.evaluate("() => window.__events")
    types = [type for type, _ in events]
    assert types[0] == "assessment:start"
    assert types.count("assessment:answer") == question_count(page)
    assert types[-1] == "assessment:complete"
    assert events[-1][1]["rung"] == 1 and events[-1][1]["assessment"] == "ladder"

    # Away and back again: the quiz mounts again and the engine is reused (no second download).
    wasm_requests = len([u for u in watch.requests if u.endswith("pyodide.asm.wasm")])
    page.locator(".md-nav a[href$='about/']").first.click()
    page.wait_for_url("**/about/")
    page.go_back()
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    answer_all(page, "most")
    assert "Rung 5" in wait_for_result(page)
    assert len([u for u in watch.requests if u.endswith("pyodide.asm.wasm")]) == wasm_requests
    watch.assert_clean()
