"""The comparison view (issue 11, "Compare with a colleague"), in Chromium against the real build.

Two people compare from a shared result; a team's links are pasted on the compare page and its
address reopens the same comparison elsewhere; damaged, hostile and oversized input gets a plain
message, keeps what was typed and never touches the visitor's own answers; the view is axe
clean in both palettes and works from the keyboard. What the page shows is checked against
CPython's `scoring.compare` on the same answers; names and prompts come from ladder.yml.
"""

from __future__ import annotations

import json
import random

import pytest
import yaml
from playwright.sync_api import expect

from conftest import ROOT, run_axe
from quiz_helpers import RESULT_TIMEOUT_MS, answer_all, wait_for_result
from scoring import compare

from test_quiz_a11y import SCHEMES, expect_scheme
from test_scoring_properties import ASSESSMENT

pytestmark = pytest.mark.browser

MKDOCS_NAV = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]

QUIZ_PAGE = "assessment/"
COMPARE_PAGE = "compare/"
KEY = "assessment:ladder"  # storage.js: "assessment:<name>"
VIEW = "[data-assessment-view=compare]"
TITLE = f"{VIEW} .assessment-compare__title"
MAX_PEOPLE = 8  # scoring.comparison.MAX_PEOPLE (checked below against the package)

# The page's own share.js, so the links are exactly the ones the quiz makes.
ENCODE = """
async (sets) => {
  const entry = document.querySelector('script[src*="javascripts/assessment.js"]').src;
  const share = await import(new URL("assessment/share.js", entry).href);
  const root = document.querySelector('[data-assessment-view], [data-assessment]');
  const config = JSON.parse(root.getAttribute('data-assessment-config'));
  const quiz = new URL(config.quizURL || location.href, location.href);
  // The compare page's config carries the catalog; the quiz page has it as its questions.
  const catalog = new Map(config.catalog || [...document.querySelectorAll('[data-assessment-question]')]
    .map((f) => [f.dataset.assessmentQuestion,
                 [...f.querySelectorAll('[data-assessment-option]')].map((i) => i.value)]));
  return sets.map((answers) => {
    quiz.hash = share.encode("ladder", answers, catalog);
    return quiz.href;
  });
}
"""


def test_max_people_matches_the_scoring_package():
    from scoring.comparison import MAX_PEOPLE as package_max

    assert MAX_PEOPLE == package_max


def extreme(which: str) -> dict[str, str]:
    index = 0 if which == "least" else -1
    return {q.id: q.options[index].id for q in ASSESSMENT.questions}


def team(count: int, seed: int = 11) -> list[dict[str, str]]:
    """Distinct, complete answer sets spread over the options (seeded: reproducible)."""
    rng = random.Random(seed)
    sets = [extreme("least"), extreme("most")]
    while len(sets) < count:
        sets.append({q.id: rng.choice(q.options).id for q in ASSESSMENT.questions})
    return sets[:count]


def open_compare(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"{VIEW} [data-compare-link]")


def wait_for_comparison(page) -> None:
    page.locator(TITLE).wait_for(state="visible", timeout=RESULT_TIMEOUT_MS)


def shown(page) -> dict:
    """What the comparison shows: each rung's people, and each difference's prompt and answers."""
    return page.evaluate(
        """(view) => {
            const root = document.querySelector(view);
            const rungs = {};
            for (const li of root.querySelectorAll('.assessment-compare-ladder > li')) {
                rungs[li.value] = [...li.querySelectorAll('.assessment-compare-person')].map(p => p.textContent);
            }
            const diffs = [...root.querySelectorAll('.assessment-compare-diff')].map(li => ({
                prompt: li.querySelector('.assessment-compare-diff__prompt').textContent,
                answers: Object.fromEntries([...li.querySelectorAll('.assessment-compare-diff__answers > div')]
                    .map(d => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])),
                text: li.innerText,
            }));
            return {rungs, diffs, title: root.querySelector('.assessment-compare__title').textContent,
                    ladderText: root.querySelector('.assessment-compare-ladder').textContent,
                    agree: root.querySelector('.assessment-compare__agree')?.textContent || null};
        }""",
        VIEW,
    )


def expect_matches_python(page, sets: list[dict], labels: list[str]) -> dict:
    expected = compare(ASSESSMENT, sets, labels).to_dict()
    got = shown(page)
    # Every rung is listed, each person on the rung CPython gives them.
    assert sorted(got["rungs"], key=int) == [str(rung.number) for rung in ASSESSMENT.rungs]
    for rung in expected["rungs"]:
        assert got["rungs"][str(rung["number"])] == [labels[i] for i in rung["people"]], rung["name"]
        assert rung["name"] in got["ladderText"]
    # The differing questions, in the package's order, with each person's answer side by side.
    assert [d["prompt"] for d in got["diffs"]] == [d["prompt"] for d in expected["differences"]]
    for shown_diff, diff in zip(got["diffs"], expected["differences"]):
        for label, answer in zip(labels, diff["answers"]):
            assert shown_diff["answers"][label] == (answer["label"] if answer else "Not answered")
        for index, moved in enumerate(diff["rung_if"]):
            if moved["highest"] > expected["people"][index]["rung"]["number"]:
                assert f"{labels[index]} would be on rung {moved['highest']}" in shown_diff["text"]
    return expected


def saved(page) -> str | None:
    return page.evaluate(f"() => localStorage.getItem({json.dumps(KEY)})")


def test_two_people_compare_from_a_shared_result(browser, site_server):
    """B answers and shares; A, with answers of their own, opens B's link and compares."""
    contexts = [browser.new_context(), browser.new_context()]
    try:
        pages = [context.new_page() for context in contexts]
        from conftest import watch_page

        watches = [watch_page(page, site_server.origin) for page in pages]
        a, b = pages
        for page, which in ((a, "least"), (b, "most")):
            page.goto(site_server.url + QUIZ_PAGE)
            answer_all(page, which)
            wait_for_result(page)
        mine = saved(a)
        # Under their own result: an invitation to compare, carrying their answers.
        invite = a.get_by_role("link", name="Compare with a colleague").get_attribute("href")
        assert "#compare=You~v2" in invite
        [b_link] = b.evaluate(ENCODE, [extreme("most")])
        a.goto(b_link)
        wait_for_result(a)
        assert "This result was shared with you" in a.locator("[data-assessment-shared]").inner_text()
        a.get_by_role("link", name="Compare with my answers").click()
        a.wait_for_url(f"**/{COMPARE_PAGE}#compare=*")
        wait_for_comparison(a)
        labels = ["Colleague", "You"]
        expected = expect_matches_python(a, [extreme("most"), extreme("least")], labels)
        assert expected["differences"], "the two extremes must differ somewhere"
        # Each person's result opens on the quiz page, from their share link.
        hrefs = a.locator(".assessment-compare-people a", has_text="full result").evaluate_all(
            "links => links.map(a => a.href)"
        )
        assert hrefs[0] == b_link
        assert saved(a) == mine, "comparing changed the visitor's own answers"
        # The invitation opens the compare page with "You" filled in, waiting for a colleague.
        a.goto(invite)
        a.wait_for_selector("[data-compare-status]:not(:empty)")
        assert a.locator("[data-compare-label]").first.input_value() == "You"
        assert a.locator("[data-compare-link]").nth(1).input_value() == ""
        assert "one more share link" in a.locator("[data-compare-status]").inner_text()
        assert saved(a) == mine
        for watch in watches:
            watch.assert_clean()
    finally:
        for context in contexts:
            context.close()


def test_a_team_pasted_on_the_compare_page_reopens_from_its_address(browser, site_server):
    sets = team(5)
    labels = ["Steering", "Data lead", "Security lead", "Operations", ""]
    first = browser.new_context()
    second = browser.new_context()
    try:
        from conftest import watch_page

        page = first.new_page()
        watch = watch_page(page, site_server.origin)
        open_compare(page, site_server.url + COMPARE_PAGE)
        links = page.evaluate(ENCODE, sets)
        add = page.get_by_role("button", name="Add person")
        while page.locator("[data-compare-person]").count() < len(sets):
            add.click()
        for index, (label, link) in enumerate(zip(labels, links)):
            person = page.locator("[data-compare-person]").nth(index)
            person.get_by_label("Name (optional)").fill(label)
            person.get_by_label("Share link").fill(link)
        page.get_by_role("button", name="Compare", exact=True).click()
        wait_for_comparison(page)
        named = [label or f"Person {i + 1}" for i, label in enumerate(labels)]
        expected = expect_matches_python(page, sets, named)
        assert page.locator(TITLE).inner_text() == f"Comparing {len(sets)} people"
        assert len(expected["differences"]) > 1
        # With three or more people, where the team disagrees most is marked: the package's first.
        assert page.locator(".assessment-compare-diff.is-most").count() == 1
        assert page.locator(".assessment-compare-diff").first.get_attribute("class").endswith("is-most")
        assert "How the answers spread" in shown(page)["diffs"][0]["text"]
        address = page.url
        assert "#compare=" in address
        before = shown(page)
        watch.assert_clean()

        other = second.new_page()
        other_watch = watch_page(other, site_server.origin)
        other.goto(address)
        wait_for_comparison(other)
        assert shown(other) == before
        assert [other.locator("[data-compare-label]").nth(i).input_value() for i in range(len(sets))] == labels
        assert saved(other) is None, "opening a comparison wrote answers into the browser"
        other_watch.assert_clean()
    finally:
        first.close()
        second.close()


def test_people_who_all_agree(page_and_watch, site_server):
    page, watch = page_and_watch
    open_compare(page, site_server.url + COMPARE_PAGE)
    links = page.evaluate(ENCODE, [extreme("least")] * 3)
    page.goto(site_server.url + COMPARE_PAGE + "#compare=" + ",".join(
        f"P{i}~{link.split('#ladder=')[1].replace(':', '%3A')}" for i, link in enumerate(links)))
    wait_for_comparison(page)
    got = shown(page)
    assert got["diffs"] == [] and got["agree"] and "all 3" in got["agree"]
    # Material's instant navigation away and Back: the view is unmounted, then mounted again
    # from the address, with no error on the way.
    about = [entry for entry in MKDOCS_NAV if "about.md" in entry.values()][0]
    page.locator(".md-nav__link", has_text=next(iter(about))).first.click()
    page.wait_for_url("**/about/")
    assert page.locator(VIEW).count() == 0
    page.go_back()
    wait_for_comparison(page)
    assert shown(page) == got
    watch.assert_clean()


def test_damaged_and_hostile_input_is_named_kept_and_harmless(page_and_watch, site_server):
    page, watch = page_and_watch
    open_compare(page, site_server.url + COMPARE_PAGE)
    [good, other_good] = page.evaluate(ENCODE, team(2))
    own = {"v": 2, "answers": extreme("least"), "step": 3}
    page.evaluate(f"() => localStorage.setItem({json.dumps(KEY)}, {json.dumps(json.dumps(own))})")
    page.reload()
    page.wait_for_selector("[data-compare-link]")
    before = saved(page)
    fingerprint = good.split("=v2:")[1].split(".")[0]
    hostile = [
        "this is not a link",
        good.replace(f"v2:{fingerprint}.", "v2:zzzzzz."),  # another version of the quiz
        "javascript:alert(document.domain)",
        good[:-3],  # cut short by a chat app
        good.replace("#ladder=", "#other-quiz="),
        "x" * 300_000,
    ]
    add = page.get_by_role("button", name="Add person")
    while page.locator("[data-compare-person]").count() < len(hostile):
        add.click()
    for index, text in enumerate(hostile):
        page.locator("[data-compare-link]").nth(index).fill(text)
    page.get_by_role("button", name="Compare", exact=True).click()
    problems = page.locator("[data-compare-problem]")
    page.wait_for_function("() => document.querySelectorAll('[data-compare-problem]:not(:empty)').length === 6")
    for index in range(len(hostile)):
        message = problems.nth(index).inner_text()
        assert message.startswith(f"Person {index + 1} "), message
        assert "alert" not in message and "xxxx" not in message, "the input was echoed back"
        assert page.locator("[data-compare-link]").nth(index).get_attribute("aria-invalid") == "true"
    assert "earlier version" in problems.nth(1).inner_text()
    assert "not a share link" in problems.nth(4).inner_text()
    assert "longer" in problems.nth(5).inner_text()
    # Nothing typed is dropped, nothing is compared, and the status says why.
    assert [page.locator("[data-compare-link]").nth(i).input_value() for i in range(6)] == hostile
    assert page.locator(TITLE).count() == 0
    assert "could not be read" in page.locator("[data-compare-status]").inner_text()
    assert saved(page) == before

    # The visitor's own answers join by the button, read, never written.
    page.get_by_role("button", name="Add my own answers").click()
    # Still six rows (all full): with no empty row and room left, a seventh is added.
    assert page.locator("[data-compare-person]").count() == 7
    assert page.locator("[data-compare-label]").nth(6).input_value() == "You"
    page.locator("[data-compare-link]").nth(0).fill(good)
    page.locator("[data-compare-link]").nth(1).fill(other_good)
    page.get_by_role("button", name="Compare", exact=True).click()
    wait_for_comparison(page)
    assert page.locator(TITLE).inner_text() == "Comparing 3 people"
    assert "4 links could not be read" in page.locator("[data-compare-status]").inner_text()
    assert saved(page) == before
    # Eight is the most: the button says so by being disabled.
    add.click()
    assert add.is_disabled()

    # A damaged or hostile address: more than eight people, unreadable entries, a script URL.
    valid = [link.split("#ladder=")[1].replace(":", "%3A") for link in page.evaluate(ENCODE, team(10))]
    entries = [f"P{i}~{payload}" for i, payload in enumerate(valid)]
    entries[1] = "%E0%A4%A~v2%3A"  # broken percent-encoding
    entries[2] = "javascript%3Aalert(1)~javascript%3Aalert(1)"
    page.goto(site_server.url + COMPARE_PAGE + "#compare=" + ",".join(entries))
    # The page is the same document (only the fragment changed): wait for the new comparison,
    # not the one already on screen.
    notice = page.locator("[data-compare-problems]")
    expect(notice).to_contain_text("more than 8 people", timeout=RESULT_TIMEOUT_MS)
    assert "could not be read" in notice.inner_text()
    expect(page.locator(TITLE)).to_have_text(f"Comparing {MAX_PEOPLE - 1} people", timeout=RESULT_TIMEOUT_MS)
    assert page.locator("[data-compare-person]").count() == MAX_PEOPLE
    assert page.locator("[data-compare-link]").nth(1).input_value() == "javascript:alert(1)"
    assert page.locator(f"{VIEW} a[href^='javascript']").count() == 0
    assert saved(page) == before
    # A very long address is refused whole, in words, without hanging the page.
    page.goto(site_server.url + COMPARE_PAGE + "#compare=" + "A~B," * 200_000)
    page.wait_for_selector("[data-compare-problems]:not([hidden])")
    assert saved(page) == before
    watch.assert_clean()


@pytest.mark.parametrize("context", [SCHEMES["light"], SCHEMES["dark"]], ids=["light", "dark"], indirect=True)
def test_axe_clean_with_a_comparison_and_a_problem(page_and_watch, site_server, request):
    page, watch = page_and_watch
    open_compare(page, site_server.url + COMPARE_PAGE)
    expect_scheme(page, request.node.callspec.id)
    assert run_axe(page) == []
    payloads = [link.split("#ladder=")[1].replace(":", "%3A") for link in page.evaluate(ENCODE, team(3))]
    page.goto(site_server.url + COMPARE_PAGE + "#compare=" + ",".join(
        [f"P{i}~{p}" for i, p in enumerate(payloads)] + ["Broken~v2%3Aabc"]))
    wait_for_comparison(page)
    page.wait_for_selector("[data-compare-problem]:not(:empty)")
    assert run_axe(page) == []
    watch.assert_clean()


def test_keyboard_only_path_to_a_comparison(page_and_watch, site_server):
    page, watch = page_and_watch
    open_compare(page, site_server.url + COMPARE_PAGE)
    own = {"v": 2, "answers": extreme("most"), "step": 0}
    page.evaluate(f"() => localStorage.setItem({json.dumps(KEY)}, {json.dumps(json.dumps(own))})")
    [link] = page.evaluate(ENCODE, [extreme("least")])
    page.reload()
    page.wait_for_selector("[data-compare-own]:not([hidden])")

    def active() -> dict:
        return page.evaluate(
            """() => { const el = document.activeElement; const style = getComputedStyle(el);
                return {label: el.labels?.[0]?.textContent || el.textContent,
                        attr: [...el.attributes].map(a => a.name).find(n => n.startsWith('data-compare')) || '',
                        outline: style.outlineStyle, shadow: style.boxShadow}; }"""
        )

    def tab_to(attr: str) -> dict:
        for _ in range(80):
            page.keyboard.press("Tab")
            now = active()
            if now["attr"] == attr:
                # Focus is visible: an outline (or Material's focus ring) on the element.
                assert now["outline"] != "none" or now["shadow"] != "none", now
                return now
        raise AssertionError(f"Tab never reached [{attr}]")

    tab_to("data-compare-label")
    page.keyboard.type("Colleague")
    tab_to("data-compare-link")
    page.keyboard.insert_text(link)
    tab_to("data-compare-own")
    page.keyboard.press("Enter")  # fills the empty second person with "You"
    assert page.locator("[data-compare-label]").nth(1).input_value() == "You"
    tab_to("data-compare-submit")
    page.keyboard.press("Enter")
    wait_for_comparison(page)
    assert page.evaluate("() => document.activeElement.classList.contains('assessment-compare__title')")
    expect_matches_python(page, [extreme("least"), extreme("most")], ["Colleague", "You"])
    watch.assert_clean()


def test_a_pasted_list_of_links_fills_one_person_each(page_and_watch, site_server):
    """A team lead pastes the links from an email, one per line, names first, into one field."""
    page, watch = page_and_watch
    open_compare(page, site_server.url + COMPARE_PAGE)
    links = page.evaluate(ENCODE, team(10))
    names = [f"Member {i}" for i in range(10)]
    text = "Hi, here are the links:\n" + "\n".join(f"{n}: {l}" for n, l in zip(names, links)) + "\nThanks"
    page.locator("[data-compare-link]").first.evaluate(
        """(input, text) => { const data = new DataTransfer(); data.setData('text/plain', text);
            input.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }""",
        text,
    )
    assert page.locator("[data-compare-person]").count() == MAX_PEOPLE
    assert [page.locator("[data-compare-label]").nth(i).input_value() for i in range(MAX_PEOPLE)] == names[:MAX_PEOPLE]
    assert [page.locator("[data-compare-link]").nth(i).input_value() for i in range(MAX_PEOPLE)] == links[:MAX_PEOPLE]
    status = page.locator("[data-compare-status]").inner_text()
    assert f"{MAX_PEOPLE} links pasted" in status and "2 did not fit" in status
    assert page.get_by_role("button", name="Add person").is_disabled()
    watch.assert_clean()
