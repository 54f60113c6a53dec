"""Helpers for driving the quiz in Chromium, shared by the quiz and deployment tests."""

from __future__ import annotations

RESULT_TIMEOUT_MS = 120_000  # a cold Pyodide start on a busy 2-core machine

QUIZ = "[data-assessment]"
RESULT_TITLE = "[data-assessment-results] .assessment-result__title"


def quiz(page):
    return page.locator(QUIZ).first


def question_count(page) -> int:
    return quiz(page).locator("[data-assessment-question]").count()


def pick(option) -> None:
    """Choose an option with the keyboard (focus, Space): a keyboard choice never moves on by
    itself, so the test decides when to press Next. (A pointer tap moves on after a beat; the
    flow tests in test_quiz_journey.py cover that.)"""
    option.focus()
    if not option.is_checked():
        option.press("Space")
    assert option.is_checked()


def answer_all(page, which: str = "most") -> None:
    """From question 1, answer every question with its least or most mature option (keyboard
    choice, then a click on Next)."""
    root = quiz(page)
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    # Answers (or a result) restored from an earlier visit: begin again.
    restart = root.locator("[data-assessment-restart]:visible")
    if restart.count():
        restart.first.click()
    nxt = root.locator("[data-assessment-next]")
    for _ in range(question_count(page)):
        options = root.locator("[data-assessment-question]:not([hidden]) [data-assessment-option]")
        pick(options.first if which == "least" else options.last)
        last = nxt.inner_text() == nxt.get_attribute("data-label-last")
        nxt.click()
        if last:
            break


def wait_for_result(page, timeout: int = RESULT_TIMEOUT_MS) -> str:
    """The result heading's text, once the result is on screen."""
    title = page.locator(RESULT_TITLE)
    title.wait_for(state="visible", timeout=timeout)
    return title.inner_text()


def wait_for_error(page, timeout: int = RESULT_TIMEOUT_MS) -> str:
    error = page.locator("[data-assessment-error]")
    error.wait_for(state="visible", timeout=timeout)
    return error.locator("[data-assessment-error-text]").inner_text()
