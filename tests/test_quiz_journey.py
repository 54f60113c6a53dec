"""The visitor's journey (issue 10) in Chromium, on a 390x844 phone and a 1280x800 desktop, in
light and dark: the first question on the first screen, a tap that moves on (and an arrow key
that does not), progress that counts answers, a result that leads with the next move and the
booking call, changing one answer from the review list, coming back to the result, undoing
Start over, and the printed report.

Names come from the project's files (mkdocs.yml, ladder.yml), never from this file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_axe
from quiz_helpers import QUIZ, answer_all, pick, quiz, wait_for_result

pytestmark = pytest.mark.browser

ASSESSMENT = "assessment/"
LADDER = yaml.safe_load((ROOT / "content" / "assessments" / "ladder.yml").read_text(encoding="utf-8"))
MKDOCS = yaml.safe_load(
    re.sub(r"!!python/\S+", "", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
)
PUBLISHER = MKDOCS["extra"]["publisher"]
GAP_NAMES = {gap["id"]: gap["name"] for gap in LADDER["gaps"]}
RUNGS = {rung["number"]: rung for rung in LADDER["rungs"]}

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWS = {
    "phone-light": {"viewport": PHONE, "color_scheme": "light", "has_touch": True},
    "phone-dark": {"viewport": PHONE, "color_scheme": "dark", "has_touch": True},
    "desktop-light": {"viewport": DESKTOP, "color_scheme": "light"},
    "desktop-dark": {"viewport": DESKTOP, "color_scheme": "dark"},
}
EVERY_VIEW = pytest.mark.parametrize("context", list(VIEWS.values()), ids=list(VIEWS), indirect=True)


def open_quiz(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")


def visible_question(page) -> str:
    return quiz(page).locator("[data-assessment-question]:not([hidden])").get_attribute(
        "data-assessment-question"
    )


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def tap_and_wait(page, option) -> None:
    """A pointer tap on an option's card (its label), then wait for the flow to move on."""
    before = visible_question(page)
    last = quiz(page).locator("[data-assessment-question]").last.get_attribute("data-assessment-question")
    option.locator("xpath=following-sibling::label").click()
    if before == last:
        return
    page.wait_for_function(
        """(before) => document.querySelector('[data-assessment-question]:not([hidden])')
            .dataset.assessmentQuestion !== before""",
        arg=before,
    )


def take_it(page, site_server, which: str = "least") -> str:
    """Open the assessment page, answer every question, and return the result's title."""
    open_quiz(page, site_server.url + ASSESSMENT)
    answer_all(page, which)
    return wait_for_result(page)


def progress(page) -> tuple[int, int]:
    bar = quiz(page).locator("[data-assessment-progress-bar]")
    return int(bar.evaluate("b => b.value")), int(bar.get_attribute("max"))


@EVERY_VIEW
def test_first_question_and_all_its_options_are_on_the_first_screen(page_and_watch, site_server):
    page, watch = page_and_watch
    open_quiz(page, site_server.url + ASSESSMENT)
    first = quiz(page).locator("[data-assessment-question]").first
    assert first.is_visible()
    assert in_viewport(page, first.locator("legend"))
    options = first.locator(".assessment__option")
    for index in range(options.count()):
        assert in_viewport(page, options.nth(index)), f"option {index + 1} is below the fold"
    # The two-minutes-and-privacy line is said once, not in the page intro as well.
    text = page.locator(".md-content").inner_text().lower()
    assert text.count("stay in your browser") + text.count("never leave your browser") == 1
    # Touch-size guidance: every answer card is at least 44 CSS px high.
    heights = options.evaluate_all("cards => cards.map(c => c.getBoundingClientRect().height)")
    assert min(heights) >= 44
    assert progress(page)[0] == 0, "the bar is already filled before any answer"
    watch.assert_clean()


@pytest.mark.parametrize("context", [VIEWS["phone-light"]], indirect=True)
def test_a_tap_moves_on_and_an_arrow_key_does_not(page_and_watch, site_server):
    page, watch = page_and_watch
    open_quiz(page, site_server.url + ASSESSMENT)
    total = quiz(page).locator("[data-assessment-question]").count()
    first = visible_question(page)

    # Keyboard: arrows choose, and never move on by themselves.
    option = quiz(page).locator("[data-assessment-question]:not([hidden]) [data-assessment-option]")
    pick(option.first)
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(1200)  # well past the beat a tap gets
    assert visible_question(page) == first
    assert option.nth(1).is_checked()
    assert progress(page) == (1, total)

    # A tap on an answer moves on after a short beat, with Back there to return.
    tap_and_wait(page, option.nth(2))
    assert visible_question(page) != first
    assert progress(page) == (1, total)  # the same question answered again: still one
    back = quiz(page).locator("[data-assessment-back]")
    assert back.is_visible()
    back.click()
    assert visible_question(page) == first
    assert option.nth(2).is_checked()

    # Twelve questions, twelve taps: the last tap shows the result.
    taps = 0
    tap_and_wait(page, option.nth(2))
    taps += 1
    for _ in range(total - 1):
        tap_and_wait(page, quiz(page).locator(
            "[data-assessment-question]:not([hidden]) [data-assessment-option]").first)
        taps += 1
    assert "Rung " in wait_for_result(page)
    assert taps == total
    watch.assert_clean()


@EVERY_VIEW
def test_the_result_leads_with_the_next_move_and_the_booking_call(page_and_watch, site_server):
    page, watch = page_and_watch
    title = take_it(page, site_server)
    assert title.endswith(f"Rung 1 — {RUNGS[1]['name']}")
    result = quiz(page).locator("[data-assessment-results]")
    move = result.locator(".assessment-move")
    booking = result.locator(".assessment-result__cta a")
    # The next move names a gap of the quiz file and links to its section.
    assert any(f"{name}:" in move.inner_text() for name in GAP_NAMES.values())
    assert move.locator("a[href*='#gap-']").count() == 1
    # Rung 1's own booking invitation from the quiz file, and the booking link filled in.
    cta_text = " ".join(RUNGS[1]["booking"].split())
    assert cta_text in " ".join(result.locator(".assessment-result__cta").inner_text().split())
    assert booking.get_attribute("href").startswith(PUBLISHER["booking_url"].split("?")[0])
    # Both on the first screen of the result: its title at the top, then move and booking.
    assert in_viewport(page, result.locator(".assessment-result__title"))
    assert in_viewport(page, move)
    assert in_viewport(page, booking)
    # The profile explains the gated rule and no longer claims "the weakest gap" sets the rung.
    details = result.inner_text()
    assert "weakest gap" not in details
    assert "never set your rung" in details
    # All bars empty: the chart says what it shows.
    assert "Every bar is empty" in details
    # Next steps say their order: by the rung each unblocks, the next rung first.
    steps = result.locator(".assessment-steps > li").all_inner_texts()
    numbers = [int(m.group(1)) for text in steps if (m := re.match(r"For Rung (\d)", text))]
    assert numbers == sorted(numbers) and numbers[0] == 2
    assert "order of the rung each one unblocks" in details
    watch.assert_clean()


@pytest.mark.parametrize("context", [VIEWS["desktop-light"]], indirect=True)
def test_rung_5_gets_its_own_booking_message(page_and_watch, site_server):
    page, watch = page_and_watch
    assert "Rung 5" in take_it(page, site_server, "most")
    cta = " ".join(quiz(page).locator(".assessment-result__cta").inner_text().split())
    assert " ".join(RUNGS[5]["booking"].split()) in cta
    assert "second opinion" not in cta
    watch.assert_clean()


@EVERY_VIEW
def test_one_answer_changed_from_the_review_updates_the_result(page_and_watch, site_server):
    page, watch = page_and_watch
    assert "Rung 5" in take_it(page, site_server, "most")
    review = quiz(page).locator("[data-assessment-review]")
    assert review.locator(".assessment-review__item").count() == len(LADDER["questions"])
    # Every answer is listed, as the visitor gave it.
    for question in LADDER["questions"]:
        assert question["options"][-1]["label"] in " ".join(review.inner_text().split())

    # Rung 2 requires the first question at some level; its first option drops the rung to 1.
    page.get_by_role("button", name="Change answers").click()
    first_q = LADDER["questions"][0]
    review.locator(f"[data-review-toggle='{first_q['id']}']").click()
    review.locator(f"[data-review-question='{first_q['id']}'][value='{first_q['options'][0]['id']}']").check()
    page.wait_for_function(
        "() => document.querySelector('[data-assessment-status]').textContent.includes('Rung 1')"
    )
    assert "Rung 1" in wait_for_result(page)
    # Focus stayed on the answer just picked, in the list.
    assert page.evaluate("() => document.activeElement?.matches('[data-review-question]')")
    assert first_q["options"][0]["label"] in review.inner_text()
    # Where the visitor is looking, the list says the new rung, with a way up to the result.
    note = review.locator(".assessment-review__note:visible")
    assert f"Rung 1 — {RUNGS[1]['name']}" in note.inner_text()
    note.get_by_role("link", name="See the result").click()
    assert page.evaluate("() => document.activeElement?.classList.contains('assessment-result__title')")
    assert in_viewport(page, quiz(page).locator(".assessment-result__title"))
    watch.assert_clean()


@pytest.mark.parametrize("context", [VIEWS["phone-light"]], indirect=True)
def test_a_reload_after_a_result_shows_the_result(page_and_watch, site_server):
    page, watch = page_and_watch
    title = take_it(page, site_server)
    page.reload()
    assert wait_for_result(page) == title
    assert quiz(page).locator("[data-assessment-form]").is_hidden()
    watch.assert_clean()


@pytest.mark.parametrize("context", [VIEWS["phone-light"]], indirect=True)
def test_start_over_can_be_undone(page_and_watch, site_server):
    page, watch = page_and_watch
    title = take_it(page, site_server)
    quiz(page).locator("[data-assessment-results] [data-assessment-restart]").click()
    assert quiz(page).locator("[data-assessment-option]:checked").count() == 0
    undo = quiz(page).locator("[data-assessment-undo]")
    assert undo.is_visible()
    undo.click()
    assert wait_for_result(page) == title
    assert quiz(page).locator("[data-assessment-option]:checked").count() == len(LADDER["questions"])
    watch.assert_clean()


@pytest.mark.parametrize("context", [VIEWS["phone-dark"], VIEWS["desktop-light"]], indirect=True)
def test_back_to_top_never_covers_the_quiz(page_and_watch, site_server):
    page, watch = page_and_watch
    take_it(page, site_server)
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -400)  # scrolling up is what brings Material's button out
    page.wait_for_timeout(600)
    assert page.locator(".md-top").is_hidden()
    watch.assert_clean()


@pytest.mark.parametrize("fmt", ["A4", "Letter"])
@pytest.mark.parametrize("context", [VIEWS["desktop-light"]], indirect=True)
def test_the_printed_report_is_branded_complete_and_reopens(page_and_watch, site_server, tmp_path, fmt):
    page, watch = page_and_watch
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: run `make test` (scripts/install-system-packages).")
    take_it(page, site_server)
    reopen = page.evaluate(
        "() => document.querySelector('.assessment-report__foot .assessment-report__reopen').textContent"
    )
    # What the Print button does before the browser's print dialog, then the PDF itself.
    page.evaluate("""() => {
        document.documentElement.classList.add('assessment-printing');
        document.querySelector('[data-assessment]').classList.add('assessment--printing');
    }""")
    page.emulate_media(media="print")
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format=fmt, print_background=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert PUBLISHER["name"] in flat
    assert LADDER["title"] in flat
    today = date.today()
    assert str(today.year) in flat and today.strftime("%B") in flat
    for question in LADDER["questions"]:
        assert " ".join(question["prompt"].split()) in flat, question["id"]
    assert PUBLISHER["contact_email"] in flat
    assert PUBLISHER["booking_url"].split("?")[0] in flat
    # The reopen link, written out in full (pdftotext may break a long URL across lines).
    assert reopen.startswith(site_server.url + ASSESSMENT + "#ladder=v2:")
    assert reopen in re.sub(r"\s", "", text)  # (also across a page break)
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", pages).group(1))
    assert count <= 4, f"{count} pages: space is wasted"
    watch.assert_clean()


@pytest.mark.parametrize("context", [VIEWS["phone-light"], VIEWS["phone-dark"]], indirect=True)
def test_axe_clean_on_the_result_and_review_on_a_phone(page_and_watch, site_server):
    page, watch = page_and_watch
    take_it(page, site_server)
    quiz(page).locator("[data-review-toggle]").nth(1).click()
    assert run_axe(page) == []
    watch.assert_clean()


@pytest.mark.parametrize("context", [VIEWS["phone-light"]], indirect=True)
def test_the_article_start_link_lands_on_the_first_question(page_and_watch, site_server):
    page, watch = page_and_watch
    open_quiz(page, site_server.url)
    page.locator("a.p2p-start").click()
    page.wait_for_function(
        "() => document.activeElement?.closest('[data-assessment-question]') !== null"
    )
    page.wait_for_timeout(600)  # the smooth scroll settles
    first = quiz(page).locator("[data-assessment-question]").first
    assert first.locator("[data-assessment-option]").count() >= 2
    assert in_viewport(page, first.locator("legend"))
    assert in_viewport(page, first.locator(".assessment__option").first)
    watch.assert_clean()
