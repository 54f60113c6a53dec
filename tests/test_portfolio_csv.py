"""The portfolio's CSV, in Chromium on the real build: exported, deleted and imported back to the
same ladder (as `scoring.portfolio` places it in CPython); a CSV re-saved the way spreadsheet
programs save it (byte-order mark, CRLF, every cell quoted, columns reordered, the computed
columns gone, empty cells and empty rows) imports; damaged files are refused with a message
naming the row and column, and storage is left byte for byte as it was; a formula-like name
stays text; a name already in the portfolio is asked about.

Question and option ids come from content/assessments/ladder.yml (via ASSESSMENT), never here.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from test_portfolio_view import (
    SHOWN,
    THREE,
    VIEW,
    answers_at,
    assert_shows,
    choose,
    download,
    seed,
    stored,
    stored_names,
)
from test_scoring_properties import ASSESSMENT

pytestmark = pytest.mark.browser

IMPORT = "Import a portfolio file (JSON or CSV)"
EXPORT = "Export for spreadsheets (CSV)"
FORMULA = '=HYPERLINK("https://example.invalid/","open me")'
QUESTIONS = [q.id for q in ASSESSMENT.questions]


def as_spreadsheet_saves(rows: list[list[str]]) -> str:
    """Every cell quoted, CRLF, a byte-order mark: what Excel's "CSV UTF-8" writes."""
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return "\ufeff" + out.getvalue()


def import_csv(page, tmp_path, text: str | bytes, filename: str = "portfolio.csv") -> None:
    path = tmp_path / filename
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    page.get_by_label(IMPORT).set_input_files(str(path))


def stored_pairs(page) -> list[tuple[str, dict]]:
    return [(item["name"], item["answers"]) for item in json.loads(stored(page))["initiatives"]]


def test_export_delete_import_gives_the_same_portfolio(page_and_watch, site_server, tmp_path):
    page, watch = page_and_watch
    half = dict(list(answers_at("middle").items())[: len(QUESTIONS) // 2])  # unanswered: empty cells
    portfolio = [*THREE, ('Invoice "v2", with a comma', answers_at("last")), (FORMULA, answers_at("first")),
                 ("Half answered", half)]
    seed(page, site_server, portfolio)
    text = download(page, EXPORT)
    rows = list(csv.reader(io.StringIO(text)))
    # The formula guard on the way out: a spreadsheet shows the name, it does not run it.
    assert [row[0] for row in rows[1:]] == [n for n, _ in portfolio[:4]] + [f"'{FORMULA}", "Half answered"]

    for name, _ in portfolio:
        page.get_by_role("button", name=f"Delete “{name}”").click()
    page.locator(".portfolio__empty").wait_for()
    assert stored_names(page) == []

    import_csv(page, tmp_path, text)
    page.locator(".portfolio__status").filter(has_text=f"Added {len(portfolio)}").wait_for()
    assert stored_pairs(page) == portfolio
    assert_shows(page, portfolio)
    watch.assert_clean()


def test_a_csv_resaved_by_a_spreadsheet_imports(page_and_watch, site_server, tmp_path):
    page, watch = page_and_watch
    seed(page, site_server, [])
    # Columns reordered (questions backwards, name last), the computed ones dropped but for one
    # moved to the front, a question column dropped (unanswered), empty rows in and after.
    dropped = QUESTIONS[-1]
    columns = ["rung name", *reversed(QUESTIONS[:-1]), "name"]
    rows = [columns]
    for index, (name, answers) in enumerate(THREE):
        rows.append(["anything: ignored", *[answers[q] for q in reversed(QUESTIONS[:-1])], name])
        if index == 0:
            rows.append([""] * len(columns))
    rows.append([""] * len(columns))
    import_csv(page, tmp_path, as_spreadsheet_saves(rows) + "\r\n")
    page.locator(".portfolio__status").filter(has_text="Added 3").wait_for()
    expected = [(n, {q: a[q] for q in QUESTIONS if q != dropped}) for n, a in THREE]
    assert stored_pairs(page) == expected
    assert_shows(page, expected)
    watch.assert_clean()


def damaged_files() -> dict[str, tuple[str | bytes, str]]:
    """label -> (file content, what the message must say)."""
    first, second = ASSESSMENT.questions[0], ASSESSMENT.questions[1]
    header = ["name", *QUESTIONS]

    def table(*rows):
        return as_spreadsheet_saves([header, *rows])

    def row(name, answers):
        return [name, *[answers.get(q, "") for q in QUESTIONS]]

    unknown = {**answers_at("first"), second.id: "xyz"}
    many = [row(f"Initiative {i}", answers_at("first")) for i in range(101)]
    return {
        "unknown option": (table(row("A", answers_at("first")), row("B", unknown)),
                           f"row 3, column {second.id}: “xyz” is not one of this question's answers"),
        "unknown column": (as_spreadsheet_saves([[*header, "budget"], [*row("A", answers_at("first")), "10"]]),
                           "column “budget” is not a question of this assessment"),
        "no name column": (as_spreadsheet_saves([QUESTIONS, [answers_at("first")[q] for q in QUESTIONS]]),
                           "no “name” column"),
        "101 rows": (table(*many), "more than 100 initiatives"),
        "same name twice": (table(row("A", {}), row("A", {})), "row 3: two initiatives are named “A”"),
        "name too long": (table(row("x" * 81, {})), "row 2, column name: a name is 1 to 80 characters"),
        "empty name": (table(row("", {first.id: first.options[0].id})), "row 2, column name"),
        "quote never closed": ('name\r\n"A', "never closed"),
        "JSON named .csv": (json.dumps({"v": 1, "initiatives": []}), "it holds JSON, not CSV"),
        "binary": (bytes(range(256)) * 8, "not a text file"),
        "huge": ("name\r\n" + "x," * (600 * 1024), "larger than 1 MB"),
    }


def test_damaged_csv_files_change_nothing(page_and_watch, site_server, tmp_path):
    page, watch = page_and_watch
    seed(page, site_server, THREE)
    before = stored(page)
    problem = page.locator(".portfolio__problem")
    for label, (content, says) in damaged_files().items():
        page.evaluate("() => { document.querySelector('.portfolio__problem').textContent = ''; }")
        import_csv(page, tmp_path, content, f"{label.replace(' ', '-')}.csv")
        problem.filter(has_text="cannot be imported").wait_for()
        text = problem.inner_text()
        assert says in text, (label, text)
        assert "Your portfolio is unchanged" in text, label
        assert stored(page) == before, label
        assert page.locator(".portfolio-ask").count() == 0, label
    assert_shows(page, THREE)
    watch.assert_clean()


def test_a_formula_in_a_name_stays_text(page_and_watch, site_server, tmp_path):
    page, watch = page_and_watch
    seed(page, site_server, [])
    guarded = "'@SUM(A1:A9)"  # as our export writes it: the apostrophe comes off again
    script = '<img src=x onerror="window.pwned=1">'
    rows = [["name", QUESTIONS[0]], [FORMULA, ""], [guarded, ""], [script, ""], ["'plain quote", ""]]
    import_csv(page, tmp_path, as_spreadsheet_saves(rows))
    page.locator(".portfolio__status").filter(has_text="Added 4").wait_for()
    names = [FORMULA, "@SUM(A1:A9)", script, "'plain quote"]
    assert stored_names(page) == names
    page.wait_for_selector(SHOWN)
    assert page.locator(".portfolio-item__name").all_inner_texts() == names
    assert page.evaluate("() => window.pwned") is None
    assert page.locator(f"{VIEW} img").count() == 0
    again = [row[0] for row in csv.reader(io.StringIO(download(page, EXPORT)))][1:]
    assert again == [f"'{FORMULA}", "'@SUM(A1:A9)", script, "'plain quote"]
    watch.assert_clean()


def test_a_name_already_there_is_asked_about(page_and_watch, site_server, tmp_path):
    page, watch = page_and_watch
    seed(page, site_server, THREE)
    before = json.loads(stored(page))["initiatives"]
    changed = answers_at("last")
    rows = [["name", *QUESTIONS],
            [THREE[0][0], *[changed[q] for q in QUESTIONS]],
            [THREE[1][0], *[changed[q] for q in QUESTIONS]],
            ["New one", *[changed[q] for q in QUESTIONS]]]
    import_csv(page, tmp_path, as_spreadsheet_saves(rows))
    ask = page.locator(".portfolio-ask")
    ask.filter(has_text=f"“{THREE[0][0]}” is already in your portfolio").wait_for()
    assert json.loads(stored(page))["initiatives"] == before  # nothing written while asking
    choose(page, "Replace it")
    ask.filter(has_text=f"“{THREE[1][0]}” is already in your portfolio").wait_for()
    choose(page, "Skip it")
    page.locator(".portfolio__status").filter(has_text="Added 2").wait_for()
    after = dict(stored_pairs(page))
    assert after[THREE[0][0]] == changed
    assert after[THREE[1][0]] == THREE[1][1]
    assert after[THREE[2][0]] == THREE[2][1]
    assert after["New one"] == changed
    assert len(after) == 4
    watch.assert_clean()
