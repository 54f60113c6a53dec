"""axe-core on the quiz and on its results, in the light and the dark palette, at desktop and
phone width; and the markup's accessibility contract (labels, legends, live regions, focus).
"""

from __future__ import annotations

import pytest

from conftest import run_axe
from quiz_helpers import QUIZ, answer_all, pick, quiz, wait_for_result

pytestmark = pytest.mark.browser

ASSESSMENT = "assessment/"

SCHEMES = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
    "dark-phone": {"color_scheme": "dark", "viewport": {"width": 375, "height": 740}},
}


def expect_scheme(page, scheme: str) -> None:
    # The palette's first choice follows the system: Material sets the scheme from the media query.
    expected = "slate" if scheme.startswith("dark") else "default"
    page.wait_for_function(
        f"() => document.body.getAttribute('data-md-color-scheme') === '{expected}'"
    )


@pytest.mark.parametrize("context", list(SCHEMES.values()), ids=list(SCHEMES), indirect=True)
def test_axe_clean_on_questions_and_results(page_and_watch, site_server, request):
    page, watch = page_and_watch
    scheme = request.node.callspec.id
    page.goto(site_server.url + ASSESSMENT)
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    expect_scheme(page, scheme)
    assert run_axe(page) == []

    # A question with an answer chosen and the "choose an answer" hint shown on the next one.
    pick(quiz(page).locator("[data-assessment-option]").nth(1))
    quiz(page).locator("[data-assessment-next]").click()
    quiz(page).locator("[data-assessment-next]").click()
    assert run_axe(page) == []

    page.locator("[data-assessment-back]").click()
    answer_all(page, "least")
    wait_for_result(page)
    # Clipboard refused: the link is shown in a field to copy by hand (that view is checked too).
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); }")
    page.get_by_role("button", name="Copy share link").click()
    page.wait_for_selector("[data-assessment-share-field]:not([hidden])")
    # The review list with one question's options open in place.
    quiz(page).locator("[data-review-toggle]").first.click()
    assert run_axe(page) == []
    watch.assert_clean()


def test_markup_contract(page_and_watch, site_server):
    page, watch = page_and_watch
    page.goto(site_server.url + ASSESSMENT)
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    report = page.evaluate(
        """() => {
            const root = document.querySelector('[data-assessment]');
            const fieldsets = [...root.querySelectorAll('fieldset[data-assessment-question]')];
            return {
                fieldsets: fieldsets.length,
                legends: fieldsets.filter(f => f.querySelector(':scope > legend')?.textContent.trim()).length,
                unlabelled: [...root.querySelectorAll('input')].filter(i => !i.labels?.length).length,
                radios: [...root.querySelectorAll('input')].every(i => i.type === 'radio'),
                visible: fieldsets.filter(f => !f.hidden).length,
                helpOk: fieldsets.filter(f => f.hasAttribute('aria-describedby'))
                    .every(f => document.getElementById(f.getAttribute('aria-describedby'))),
                progressLabel: root.querySelector('progress')?.labels?.[0]?.textContent,
                status: root.querySelector('[data-assessment-status]').getAttribute('role'),
                error: root.querySelector('[data-assessment-error]').getAttribute('role'),
                inlineScripts: root.querySelectorAll('script').length,
                inlineStyles: root.querySelectorAll('[style]').length,
            };
        }"""
    )
    assert report["fieldsets"] >= 10
    assert report["legends"] == report["fieldsets"]
    assert report["unlabelled"] == 0 and report["radios"]
    assert report["visible"] == 1, "one question at a time once JavaScript runs"
    assert report["helpOk"]
    assert report["progressLabel"].startswith("Question 1 of ")
    assert report["status"] == "status" and report["error"] == "alert"
    assert report["inlineScripts"] == 0 and report["inlineStyles"] == 0
    watch.assert_clean()


@pytest.mark.parametrize("context", [{"java_script_enabled": False}], indirect=True)
def test_without_javascript_every_question_shows_with_a_note(page_and_watch, site_server):
    page, watch = page_and_watch
    page.goto(site_server.url + ASSESSMENT)
    root = page.locator(QUIZ)
    fieldsets = root.locator("fieldset[data-assessment-question]")
    assert fieldsets.count() >= 10
    assert all(fieldsets.nth(i).is_visible() for i in range(fieldsets.count()))
    assert "needs" in root.inner_text() or "JavaScript" in root.inner_text()
    assert root.locator("[data-assessment-nav]").is_hidden()
    watch.assert_clean()


@pytest.mark.parametrize("context", [{"reduced_motion": "reduce"}], indirect=True)
def test_reduced_motion_turns_animation_off(page_and_watch, site_server):
    page, watch = page_and_watch
    page.goto(site_server.url + ASSESSMENT)
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    pick(quiz(page).locator("[data-assessment-option]").first)
    quiz(page).locator("[data-assessment-next]").click()
    animation = page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-assessment-question]:not([hidden])')).animationName"
    )
    assert animation == "none"
    watch.assert_clean()
