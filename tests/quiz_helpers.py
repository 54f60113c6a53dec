"""Helpers for driving the quiz in Chromium, shared by the quiz and deployment tests."""

from __future__ import annotations

RESULT_TIMEOUT_MS = 120_000  # a cold Pyodide start on a busy 2-core machine

QUIZ = "[data-assessment]"
RESULT_TITLE = "[data-assessment-results] .assessment-result__title"


def quiz(page):
    return page.locator(QUIZ).first


def question_count(page) -> int:
    return quiz(page).locator("[data-assessment-question]").count()


def answer_all(page, which: str = "most") -> None:
    """Answer every question with its least or most mature option, with clicks, then submit."""
    root = quiz(page)
    root.locator("[data-assessment-question]").first.wait_for(state="attached")
    page.wait_for_function(
        "() => document.querySelector('[data-assessment]').classList.contains('assessment--enhanced')"
    )
    for _ in range(question_count(page)):
        current = root.locator("[data-assessment-question]:not([hidden])")
        options = current.locator("[data-assessment-option]")
        target = options.first if which == "least" else options.last
        target.check()
        root.locator("[data-assessment-next]").click()


def wait_for_result(page, timeout: int = RESULT_TIMEOUT_MS) -> str:
    """The result heading's text, once the result is on screen."""
    title = page.locator(RESULT_TITLE)
    title.wait_for(state="visible", timeout=timeout)
    return title.inner_text()


def wait_for_error(page, timeout: int = RESULT_TIMEOUT_MS) -> str:
    error = page.locator("[data-assessment-error]")
    error.wait_for(state="visible", timeout=timeout)
    return error.locator("[data-assessment-error-text]").inner_text()
