"""The portfolio in Chromium, on the real build: initiatives saved from the quiz's own result,
placed on one ladder by the worker exactly as `scoring.portfolio` places them in CPython,
exported, deleted, imported, shared as one link, renamed and duplicated; hostile files and links
refused with a plain message and the stored portfolio left byte for byte as it was.

Rung, gap and question names come from content/assessments/ladder.yml, never from here.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, run_axe, watch_page
from quiz_helpers import QUIZ, RESULT_TIMEOUT_MS, pick, quiz, wait_for_result
from scoring import portfolio
from test_scoring_properties import ASSESSMENT

pytestmark = pytest.mark.browser

QUIZ_PAGE = "assessment/"
PORTFOLIO_PAGE = "portfolio/"
KEY = f"portfolio:{ASSESSMENT.id}"
VIEW = "[data-assessment-view=portfolio]"
SHOWN = "[data-portfolio-bottleneck]"


# -- answers from ladder.yml ---------------------------------------------------------------------


def answers_at(position: str) -> dict[str, str]:
    """Every question answered with its first, middle or last option."""
    pick_index = {"first": lambda n: 0, "middle": lambda n: n // 2, "last": lambda n: n - 1}[position]
    return {q.id: q.options[pick_index(len(q.options))].id for q in ASSESSMENT.questions}


THREE = [
    ("Support assistant", answers_at("first")),
    ("Invoice extraction", answers_at("middle")),
    ("Code review helper", answers_at("last")),
]


def expected(initiatives: list[tuple[str, dict]]) -> dict:
    value = portfolio(ASSESSMENT, [{"name": n, "answers": a} for n, a in initiatives]).to_dict()
    return json.loads(json.dumps(value))


# -- driving the pages ---------------------------------------------------------------------------


def answer_quiz(page, answers: dict[str, str]) -> None:
    """From question 1, choose each given option with the keyboard and press Next."""
    root = quiz(page)
    page.wait_for_selector(f"{QUIZ}.assessment--enhanced", state="attached")
    nxt = root.locator("[data-assessment-next]")
    for _ in ASSESSMENT.questions:
        fieldset = root.locator("[data-assessment-question]:not([hidden])")
        question = fieldset.get_attribute("data-assessment-question")
        pick(fieldset.locator(f"[data-assessment-option][value='{answers[question]}']"))
        last = nxt.inner_text() == nxt.get_attribute("data-label-last")
        nxt.click()
        if last:
            break


def save_to_portfolio(page, name: str) -> str:
    part = page.locator("[data-portfolio-save]")
    part.get_by_label("Name this initiative").fill(name)
    part.get_by_role("button", name="Save to portfolio").click()
    status = part.locator("[role=status]")
    status.filter(has_text=name).wait_for()
    return status.inner_text()


def stored(page) -> str | None:
    return page.evaluate(f"() => localStorage.getItem({json.dumps(KEY)})")


def stored_names(page) -> list[str]:
    raw = stored(page)
    return [item["name"] for item in json.loads(raw)["initiatives"]] if raw else []


def seed(page, site_server, initiatives: list[tuple[str, dict]]) -> None:
    """Puts a portfolio in storage (the store's own shape) and opens the portfolio page."""
    page.goto(site_server.url + PORTFOLIO_PAGE)
    # Mounted first: a view that mounts after the write would read (and tidy) it itself.
    page.wait_for_selector(".portfolio__body", state="attached")
    record = {"v": 1, "initiatives": [
        {"id": f"seed-{i}", "name": n, "answers": a, "saved": "2026-11-27T00:00:00Z"}
        for i, (n, a) in enumerate(initiatives)]}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(record)])
    page.reload()
    if initiatives:
        page.wait_for_selector(SHOWN, timeout=RESULT_TIMEOUT_MS)


def ladder_on_page(page) -> dict[str, list[str]]:
    """Rung title -> initiative names, as the page's ladder lists them."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.portfolio-ladder__rung')].map(li => [
            li.querySelector('.portfolio-ladder__name').textContent,
            [...li.querySelectorAll('.portfolio-ladder__initiatives li')].map(x => x.textContent)]))"""
    )


def ladder_expected(result: dict) -> dict[str, list[str]]:
    return {
        f"Rung {rung['number']} — {rung['name']}": [result["initiatives"][i]["name"] for i in rung["initiatives"]]
        for rung in result["rungs"]
    }


def assert_shows(page, initiatives: list[tuple[str, dict]]) -> None:
    page.wait_for_selector(SHOWN, timeout=RESULT_TIMEOUT_MS)
    result = expected(initiatives)
    assert ladder_on_page(page) == ladder_expected(result)
    bottleneck = page.locator(SHOWN).inner_text()
    if result["bottleneck"]:
        top = result["bottleneck"]
        assert f"{top['name']} blocks {top['count']} of {len(initiatives)}" in bottleneck
        link = page.locator(SHOWN).get_by_role("link", name=top["name"])
        assert link.get_attribute("href").endswith(top["link"].split("#")[-1])
    # Every gap's count, from the same dictionary.
    rows = page.locator("table.portfolio-gaps tbody tr")
    assert rows.count() == len(result["gaps"])
    for row, gap in zip(rows.all(), result["gaps"]):
        assert row.locator("td").first.inner_text() == f"{len(gap['blocking'])} of {len(initiatives)}"


def choose(page, label: str) -> None:
    """Answers the in-place question (a name clash) with the button `label`."""
    page.locator(".portfolio-ask").get_by_role("button", name=label).click()


def download(page, button: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    return Path(info.value.path()).read_text(encoding="utf-8-sig")


def refuse_clipboard(page) -> None:
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); }")


def portfolio_link(page) -> str:
    refuse_clipboard(page)
    page.get_by_role("button", name="Copy a link to this portfolio").click()
    field = page.get_by_label("Link to this portfolio")
    field.wait_for()
    return field.input_value()


# -- the journey ---------------------------------------------------------------------------------


def test_three_initiatives_from_the_quiz_export_delete_import_and_share(browser, page_and_watch, site_server, tmp_path):
    page, watch = page_and_watch
    page.goto(site_server.url + QUIZ_PAGE)
    for index, (name, answers) in enumerate(THREE):
        if index:
            page.get_by_role("button", name="Start over").click()
        answer_quiz(page, answers)
        wait_for_result(page)
        assert "Saved" in save_to_portfolio(page, name)
    assert stored_names(page) == [name for name, _ in THREE]

    # A name already there: asked, and Cancel changes nothing.
    before = stored(page)
    page.locator("[data-portfolio-save]").get_by_label("Name this initiative").fill(THREE[0][0])
    page.get_by_role("button", name="Save to portfolio").click()
    choose(page, "Cancel")
    assert stored(page) == before

    page.get_by_role("link", name="Open your portfolio").click()
    assert_shows(page, THREE)
    # Open: the initiative's result on the quiz page, as a shared view of its answers.
    href = page.locator("[data-portfolio-item]").first.get_by_role("link").get_attribute("href")
    assert urlsplit(href).path.endswith("/" + QUIZ_PAGE) and f"#{ASSESSMENT.id}=v2:" in href

    exported = json.loads(download(page, "Export as a file (JSON)"))
    assert exported["assessment"] == ASSESSMENT.id and exported["fingerprint"]
    assert [(i["name"], i["answers"]) for i in exported["initiatives"]] == [(n, a) for n, a in THREE]
    rows = list(csv.reader(io.StringIO(download(page, "Export for spreadsheets (CSV)"))))
    result = expected(THREE)
    assert rows[0][:4] == ["name", "rung", "rung name", "blocking gaps"]
    assert rows[0][4:] == [q.id for q in ASSESSMENT.questions]
    for row, item, (_, answers) in zip(rows[1:], result["initiatives"], THREE):
        assert row[:3] == [item["name"], str(item["rung"]["number"]), item["rung"]["name"]]
        assert row[4:] == [answers[q.id] for q in ASSESSMENT.questions]
    link = portfolio_link(page)

    # Delete all (the first one undone and deleted again), then import the file back.
    page.get_by_role("button", name=f"Delete “{THREE[0][0]}”").click()
    page.get_by_role("button", name=f"Undo: bring back “{THREE[0][0]}”").click()
    page.wait_for_selector(SHOWN)
    assert stored_names(page) == [name for name, _ in THREE]
    for name, _ in THREE:
        page.get_by_role("button", name=f"Delete “{name}”").click()
    page.locator(".portfolio__empty").wait_for()
    assert stored_names(page) == []
    export_file = tmp_path / "portfolio.json"
    export_file.write_text(json.dumps(exported), encoding="utf-8")
    page.get_by_label("Import a portfolio file (JSON or CSV)").set_input_files(str(export_file))
    assert_shows(page, THREE)
    assert stored_names(page) == [name for name, _ in THREE]

    # The same file again: every name clashes, each is asked about, nothing is overwritten.
    before = json.loads(stored(page))["initiatives"]
    page.get_by_label("Import a portfolio file (JSON or CSV)").set_input_files(str(export_file))
    choose(page, "Skip it")
    choose(page, "Keep both")
    choose(page, "Skip it")
    page.locator(".portfolio__status").filter(has_text="Added 1").wait_for()
    after = json.loads(stored(page))["initiatives"]
    assert after[:3] == before
    assert [i["name"] for i in after[3:]] == [f"{THREE[1][0]} (2)"]
    watch.assert_clean()

    # The link in a fresh browser: the three, shown and not saved, until "Add".
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other_watch = watch_page(other, site_server.origin)
        other.goto(link)
        assert_shows(other, THREE)
        assert "shared with you" in other.locator(".portfolio-shared").inner_text()
        assert stored(other) is None
        other.get_by_role("button", name="Add these to my portfolio").click()
        other.locator(".portfolio__status").filter(has_text="Added 3").wait_for()
        assert stored_names(other) == [name for name, _ in THREE]
        assert "#" not in other.url
        other_watch.assert_clean()
    finally:
        fresh.close()


def test_rename_and_duplicate_persist_across_reload(page_and_watch, site_server):
    page, watch = page_and_watch
    seed(page, site_server, THREE[:2])
    first = THREE[0][0]
    # Keyboard only: Enter on Rename, type, Enter.
    page.get_by_role("button", name=f"Rename “{first}”").focus()
    page.keyboard.press("Enter")
    field = page.get_by_label(f"New name for “{first}”")
    assert page.evaluate("() => document.activeElement.id") == field.get_attribute("id")
    page.keyboard.type("Help desk bot")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Rename “Help desk bot”").wait_for()
    # Renaming to a name another initiative has gives it a suffix, never two of one name.
    page.get_by_role("button", name="Rename “Help desk bot”").click()
    page.get_by_label("New name for “Help desk bot”").fill(THREE[1][0])
    page.get_by_role("button", name="Save name").click()
    page.get_by_role("button", name=f"Rename “{THREE[1][0]} (2)”").wait_for()
    page.get_by_role("button", name=f"Duplicate “{THREE[1][0]}”").click()
    page.get_by_role("button", name=f"Delete “{THREE[1][0]} (3)”").wait_for()
    names = [f"{THREE[1][0]} (2)", THREE[1][0], f"{THREE[1][0]} (3)"]
    assert stored_names(page) == names
    page.reload()
    page.wait_for_selector(SHOWN, timeout=RESULT_TIMEOUT_MS)
    shown = page.locator(".portfolio-item__name").all_inner_texts()
    assert shown == names
    renamed = [(names[0], THREE[0][1]), (names[1], THREE[1][1]), (names[2], THREE[1][1])]
    assert ladder_on_page(page) == ladder_expected(expected(renamed))
    watch.assert_clean()


# -- hostile and damaged input -------------------------------------------------------------------


def valid_export(page) -> dict:
    return json.loads(download(page, "Export as a file (JSON)"))


def hostile_files(good: dict) -> dict[str, str]:
    question = ASSESSMENT.questions[0]
    unknown = json.loads(json.dumps(good))
    unknown["initiatives"][0]["answers"][question.id] = "no-such-option"
    other_quiz = {**good, "assessment": "another-quiz"}
    many = {**good, "initiatives": [
        {"name": f"Initiative {i}", "answers": answers_at("first")} for i in range(101)]}
    long_name = json.loads(json.dumps(good))
    long_name["initiatives"][0]["name"] = "x" * 81
    not_answers = json.loads(json.dumps(good))
    not_answers["initiatives"][0]["answers"] = ["<script>alert(1)</script>"]
    return {
        "garbage": "{ this is not json <script>alert(1)</script>",
        "wrong quiz": json.dumps(other_quiz),
        "unknown ids": json.dumps(unknown),
        "huge": json.dumps({**good, "padding": "x" * (1024 * 1024 + 10)}),
        "101 initiatives": json.dumps(many),
        "name too long": json.dumps(long_name),
        "answers not an object": json.dumps(not_answers),
        "a list": "[1, 2, 3]",
    }


def test_hostile_files_change_nothing(page_and_watch, site_server, tmp_path):
    page, watch = page_and_watch
    seed(page, site_server, THREE)
    good = valid_export(page)
    before = stored(page)
    for label, text in hostile_files(good).items():
        path = tmp_path / f"{label.replace(' ', '-')}.json"
        path.write_text(text, encoding="utf-8")
        page.get_by_label("Import a portfolio file (JSON or CSV)").set_input_files(str(path))
        problem = page.locator(".portfolio__problem")
        problem.filter(has_text="cannot be imported").wait_for()
        assert "Your portfolio is unchanged" in problem.inner_text(), label
        assert stored(page) == before, label
        assert page.locator(".portfolio-ask").count() == 0, label
    assert_shows(page, THREE)
    watch.assert_clean()


def test_a_script_in_a_name_is_only_text(page_and_watch, site_server, tmp_path):
    page, watch = page_and_watch
    seed(page, site_server, THREE[:1])
    good = valid_export(page)
    name = '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>'
    good["initiatives"][0]["name"] = name
    path = tmp_path / "script.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    page.get_by_label("Import a portfolio file (JSON or CSV)").set_input_files(str(path))
    page.locator(".portfolio__status").filter(has_text="Added 1").wait_for()
    page.wait_for_function("n => [...document.querySelectorAll('.portfolio-item__name')].some(h => h.textContent === n)", arg=name)
    assert page.evaluate("() => window.pwned") is None
    assert page.locator(f"{VIEW} script, {VIEW} img").count() == 0
    # The same name through a link, in a fresh page: text again.
    link = portfolio_link(page)
    page.goto(site_server.url)
    page.goto(link)
    page.wait_for_selector(SHOWN, timeout=RESULT_TIMEOUT_MS)
    assert name in page.locator(".portfolio-list").inner_text()
    assert page.evaluate("() => window.pwned") is None
    watch.assert_clean()


def test_damaged_links_show_a_message_and_keep_the_portfolio(page_and_watch, site_server):
    page, watch = page_and_watch
    seed(page, site_server, THREE)
    before = stored(page)
    link = portfolio_link(page)
    head, body = link.split("#portfolio=", 1)
    entry = body.split(",")[0]
    name, payload = entry.split("=", 1)
    fingerprint, letters = payload.split(".", 1)
    damaged = {
        "garbage": "#portfolio=%%%garbage",
        "empty": "#portfolio=",
        "outdated": f"#portfolio={name}={fingerprint}x.{letters}",
        "short": f"#portfolio={name}={fingerprint}.{letters[:-1]}",
        "bad encoding": f"#portfolio=%E0%A4%A={payload}",
        "101": "#portfolio=" + ",".join(f"n{i}={payload}" for i in range(101)),
        "same name twice": f"#portfolio={entry},{entry}",
        "long name": f"#portfolio={'x' * 81}={payload}",
    }
    for label, fragment in damaged.items():
        page.goto(site_server.url)
        page.goto(head + fragment)
        problem = page.locator(".portfolio__problem")
        problem.filter(has_text="cannot be shown").wait_for()
        assert "Your own portfolio is unchanged" in problem.inner_text(), label
        page.wait_for_selector(SHOWN, timeout=RESULT_TIMEOUT_MS)
        assert page.locator(".portfolio-shared").is_hidden(), label
        assert page.locator(".portfolio-item__name").all_inner_texts() == [n for n, _ in THREE], label
        assert stored(page) == before, label
    watch.assert_clean()


# -- accessibility and looks ---------------------------------------------------------------------

SCHEMES = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
    "dark-phone": {"color_scheme": "dark", "viewport": {"width": 390, "height": 844}},
}


@pytest.mark.parametrize("context", list(SCHEMES.values()), ids=list(SCHEMES), indirect=True)
def test_axe_clean_light_and_dark(page_and_watch, site_server, request):
    page, watch = page_and_watch
    scheme = "slate" if request.node.callspec.id.startswith("dark") else "default"
    page.goto(site_server.url + PORTFOLIO_PAGE)
    page.wait_for_selector(".portfolio__empty")
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
    assert run_axe(page) == []
    seed(page, site_server, THREE)
    # With a rename form open, a delete's Undo and a clash question on screen.
    page.get_by_role("button", name=f"Delete “{THREE[2][0]}”").click()
    page.get_by_role("button", name=f"Rename “{THREE[0][0]}”").click()
    assert run_axe(page) == []
    # The quiz's result with its "Save to portfolio" part and a clash question.
    page.goto(site_server.url + QUIZ_PAGE)
    answer_quiz(page, THREE[0][1])
    wait_for_result(page)
    part = page.locator("[data-portfolio-save]")
    part.get_by_label("Name this initiative").fill(THREE[0][0])
    part.get_by_role("button", name="Save to portfolio").click()
    part.locator(".portfolio-ask").wait_for()
    assert run_axe(page) == []
    watch.assert_clean()


def test_keyboard_only_save_open_and_delete(page_and_watch, site_server):
    page, watch = page_and_watch
    page.goto(site_server.url + QUIZ_PAGE)
    answer_quiz(page, THREE[1][1])
    wait_for_result(page)
    field = page.locator("[data-portfolio-save]").get_by_label("Name this initiative")
    field.focus()
    page.keyboard.type(THREE[1][0])
    page.keyboard.press("Enter")  # submits the form
    page.locator("[data-portfolio-save] [role=status]").filter(has_text="Saved").wait_for()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Open your portfolio"
    page.keyboard.press("Enter")
    page.wait_for_selector(SHOWN, timeout=RESULT_TIMEOUT_MS)
    # Tab reaches the initiative's buttons in order; Enter on Delete, then Enter on Undo.
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        label = page.evaluate("() => document.activeElement.getAttribute('aria-label') || ''")
        seen.append(label)
        if label.startswith("Delete"):
            break
    assert seen[-4:] == [f"{verb} “{THREE[1][0]}”" for verb in ("Open", "Rename", "Duplicate", "Delete")]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.textContent").startswith("Undo")
    assert stored_names(page) == []
    page.keyboard.press("Enter")
    page.wait_for_selector(SHOWN)
    assert stored_names(page) == [THREE[1][0]]
    watch.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_no_sideways_scrolling_and_screenshots(browser, site_server, scheme, size, tmp_path):
    """The page at phone and desktop width, light and dark: nothing wider than the screen.
    Screenshots go to $PORTFOLIO_SHOTS when set (to look at), else to the test's tmp folder."""
    import os

    context = browser.new_context(color_scheme=scheme, viewport={"width": size[0], "height": size[1]})
    try:
        page = context.new_page()
        watch = watch_page(page, site_server.origin)
        seed(page, site_server, THREE)
        width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"the page scrolls sideways at {size}: {width}"
        folder = Path(os.environ.get("PORTFOLIO_SHOTS") or tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"portfolio-{size[0]}-{scheme}.png"), full_page=True)
        watch.assert_clean()
    finally:
        context.close()



# -- storage: other tabs, a changed quiz, full storage; the engine failing -----------------------


def test_other_tabs_stay_in_step(context, site_server):
    first = context.new_page()
    watch = watch_page(first, site_server.origin)
    seed(first, site_server, THREE)
    second = context.new_page()
    second.goto(site_server.url + PORTFOLIO_PAGE)
    second.wait_for_selector(SHOWN, timeout=RESULT_TIMEOUT_MS)
    first.get_by_role("button", name=f"Delete “{THREE[0][0]}”").click()
    second.get_by_role("button", name=f"Delete “{THREE[0][0]}”").wait_for(state="detached")
    assert second.locator(".portfolio-item__name").all_inner_texts() == [n for n, _ in THREE[1:]]
    # A duplicate made in the second tab after that keeps the first tab's delete.
    second.get_by_role("button", name=f"Duplicate “{THREE[1][0]}”").click()
    first.get_by_role("button", name=f"Delete “{THREE[1][0]} (2)”").wait_for()
    assert stored_names(first) == [THREE[1][0], f"{THREE[1][0]} (2)", THREE[2][0]]
    watch.assert_clean()


def test_answers_the_quiz_no_longer_has_are_dropped_and_told(page_and_watch, site_server):
    page, watch = page_and_watch
    question = ASSESSMENT.questions[0]
    changed = {**THREE[0][1], question.id: "an-option-since-removed", "a-removed-question": "x"}
    seed(page, site_server, [(THREE[0][0], changed), THREE[1]])
    notice = page.locator(".portfolio__notice")
    assert "2 saved answers no longer fit" in notice.inner_text()
    kept = {q: o for q, o in THREE[0][1].items() if q != question.id}
    assert_shows(page, [(THREE[0][0], kept), THREE[1]])
    assert json.loads(stored(page))["initiatives"][0]["answers"] == kept
    page.reload()
    page.wait_for_selector(SHOWN, timeout=RESULT_TIMEOUT_MS)
    assert page.locator(".portfolio__notice").is_hidden(), "said once, not on every visit"
    watch.assert_clean()


def test_full_storage_says_so_once_and_keeps_the_screen(page_and_watch, site_server):
    page, watch = page_and_watch
    seed(page, site_server, THREE[:1])
    before = stored(page)
    page.evaluate("""() => { Storage.prototype.setItem = function () {
        throw new DOMException('full', 'QuotaExceededError'); }; }""")
    page.get_by_role("button", name=f"Duplicate “{THREE[0][0]}”").click()
    page.get_by_role("button", name=f"Duplicate “{THREE[0][0]} (2)”").wait_for()
    page.get_by_role("button", name=f"Duplicate “{THREE[0][0]} (2)”").click()
    page.get_by_role("button", name=f"Duplicate “{THREE[0][0]} (3)”").wait_for()
    notice = page.locator(".portfolio__notice")
    assert "storage is full or turned off" in notice.inner_text()
    assert page.locator(".portfolio-item__name").count() == 3
    assert stored(page) == before
    watch.assert_clean()


def test_an_engine_that_cannot_load_says_so_and_retries(page_and_watch, site_server):
    page, watch = page_and_watch
    seed(page, site_server, [])
    record = {"v": 1, "initiatives": [{"id": "a", "name": THREE[0][0], "answers": THREE[0][1], "saved": ""}]}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(record)])
    page.route("**/*.wasm", lambda route: route.abort())
    page.reload()
    error = page.locator(".portfolio__error")
    error.wait_for(timeout=RESULT_TIMEOUT_MS)
    assert "could not be downloaded" in error.inner_text()
    page.unroute("**/*.wasm")
    error.get_by_role("button", name="Try again").click()
    page.wait_for_selector(SHOWN, timeout=RESULT_TIMEOUT_MS)
    assert json.loads(stored(page)) == record, "a failed engine changes nothing stored"
    watch.console_errors[:] = [e for e in watch.console_errors if "ERR_FAILED" not in e and "Failed to load" not in e]
    assert watch.foreign_requests == [] and watch.page_errors == []


def test_opened_initiatives_show_as_shared_results_without_save(page_and_watch, site_server):
    page, watch = page_and_watch
    seed(page, site_server, THREE[1:2])
    page.get_by_role("link", name=f"Open “{THREE[1][0]}”").click()
    title = wait_for_result(page)
    rung = expected(THREE[1:2])["initiatives"][0]["rung"]
    assert f"Rung {rung['number']} — {rung['name']}" in title
    assert page.locator("[data-assessment-shared]").is_visible()
    assert page.locator("[data-portfolio-save]").count() == 0
    watch.assert_clean()


def test_print_shows_the_ladder_and_list_without_buttons(page_and_watch, site_server, tmp_path):
    import subprocess

    page, watch = page_and_watch
    seed(page, site_server, THREE)
    pdf = tmp_path / "portfolio.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for name, _ in THREE:
        assert name in text
    for rung in ASSESSMENT.rungs:
        assert rung.name in text
    for label in ("Rename", "Duplicate", "Export as a file", "Import a portfolio file"):
        assert label not in text, label
    watch.assert_clean()


def test_saving_under_a_taken_name_asks_replace_or_keep_both(page_and_watch, site_server):
    page, watch = page_and_watch
    name, first_answers = THREE[0]
    seed(page, site_server, [(name, first_answers)])
    page.goto(site_server.url + QUIZ_PAGE)
    answer_quiz(page, THREE[2][1])
    wait_for_result(page)
    part = page.locator("[data-portfolio-save]")
    for choice in ("Keep both", "Replace it"):
        part.get_by_label("Name this initiative").fill(name)
        part.get_by_role("button", name="Save to portfolio").click()
        assert stored_names(page)[0] == name, "nothing changes before the visitor chooses"
        choose(page, choice)
        part.locator("[role=status]").filter(has_text="portfolio").wait_for()
    items = json.loads(stored(page))["initiatives"]
    assert [i["name"] for i in items] == [name, f"{name} (2)"]
    assert items[0]["answers"] == THREE[2][1] and items[1]["answers"] == THREE[2][1]
    # An empty or too-long name is refused with a message, and nothing is saved.
    before = stored(page)
    part.get_by_label("Name this initiative").fill("   ")
    part.get_by_role("button", name="Save to portfolio").click()
    assert "name" in part.locator("[role=status]").inner_text()
    assert stored(page) == before
    watch.assert_clean()
