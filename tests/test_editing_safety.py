"""Issue 8: every likely editing mistake stops the build with file, line and fix; a failed build
never changes site/; mkdocs.yml mistakes and a busy port get one plain message.

Each test edits a copy of the project the way a marketer would (tests/editing_project.py) and
runs the real build command (`make build` runs the same). Values are read from the project's
own files, never hard-coded, so the tests still hold after any edit the guides allow.
"""

from __future__ import annotations

import re
import shutil
import socket

import pytest
import yaml

from site_plugins.editorial import urls
from tests.editing_project import (
    ROOT, build, copy_project, edit, line_of, report_lines, site_command, snapshot,
)

FAQ_ENTRY = re.compile(r'^\?\?\? question "(?P<question>.+)"$', re.M)


def settings() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def declared_pages() -> dict[str, list[str]]:
    plugin = next(p for p in settings()["plugins"] if isinstance(p, dict) and "editorial" in p)
    return plugin["editorial"]["pages"]


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """A successful build of an unedited copy: the `site/` every broken build must leave alone."""
    project = copy_project(tmp_path_factory.mktemp("good") / "project")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture
def project(tmp_path, good_site):
    copy = copy_project(tmp_path / "project")
    shutil.copytree(good_site, copy / "site")
    return copy


def assert_refused(project, result, before):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(project / "site") == before, "a failed build changed site/"
    assert not list(project.glob(".site-*")), "a temporary build folder was left behind"


def find(lines: list[str], where: str, *words: str) -> str:
    """The one report line at `where` (file:line) containing every word."""
    hits = [line for line in lines if line.startswith(where + ":") and all(w in line for w in words)]
    assert len(hits) == 1, f"expected one line at {where} with {words}, got {hits} in:\n" + "\n".join(lines)
    return hits[0]


def test_a_good_build_replaces_site_and_leaves_nothing_behind(project):
    (project / "site" / "stale.html").write_text("from an old build")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert not (project / "site" / "stale.html").exists()
    assert (project / "site" / "index.html").is_file()
    assert not list(project.glob(".site-*"))
    # As readable as any folder the user makes, so a web server can serve a published copy.
    (project / "plain").mkdir()
    assert (project / "site").stat().st_mode == (project / "plain").stat().st_mode


def test_every_listed_mistake_is_reported_at_its_line_in_one_report(project):
    before = snapshot(project / "site")
    index, config = project / "content" / "index.md", project / "mkdocs.yml"
    ladder = project / "content" / "assessments" / "ladder.yml"
    text = index.read_text(encoding="utf-8")
    entries = FAQ_ENTRY.findall(text)
    assert len(entries) >= 4, "the FAQ needs four entries for this test"
    # 1. an answer indented by two spaces
    first_answer = text.split(f'??? question "{entries[0]}"\n\n', 1)[1].split("\n", 1)[0]
    assert first_answer.startswith("    ")
    indented = edit(index, first_answer, first_answer[2:]) + 0
    # 2. a question without its double quotes, 3. with curly quotes
    unquoted = edit(index, f'??? question "{entries[1]}"', f"??? question {entries[1]}")
    curly = edit(index, f'??? question "{entries[2]}"', f"??? question “{entries[2]}”")
    # 4. a mistyped figure marker, 5. a deleted quiz marker (on the page that declares them)
    page_markers = [m for m in declared_pages()["index.md"] if m.startswith("<!--")]
    figure = next(m for m in page_markers if "figure" in m)
    quiz = next(m for m in page_markers if "figure" not in m)
    near_miss = edit(index, figure, figure.replace("assessment", "assesment"))
    edit(index, quiz + "\n", "\n")
    # 6. the FAQ heading loses {#faq}
    faq_heading = line_of(index, "{#faq}")
    edit(index, " {#faq}", "")
    # 7-10. the booking link and publisher addresses
    publisher = settings()["extra"]["publisher"]
    booking = publisher["booking_url"]
    first_placeholder = re.search(r"\{\w+\}", booking)[0]
    broken_booking = booking.replace(first_placeholder, "{stage}").replace("https://", "") + "&x={blockers"
    booking_line = edit(config, booking, broken_booking)
    url_line = edit(config, f"    url: {publisher['url']}", "    url: example.org/home")
    email_line = edit(config, f"contact_email: {publisher['contact_email']}", 'contact_email: "  JavaScript\\t:alert(1)"')
    # 11. a typo in a gap's link, 12. a data: link as another gap's link
    gaps = yaml.safe_load(ladder.read_text(encoding="utf-8"))["gaps"]
    typo = gaps[1]["link"].replace("gap-", "gap-x")
    typo_line = edit(ladder, f"link: {gaps[1]['link']}", f"link: {typo}")
    data_line = edit(ladder, f"link: {gaps[0]['link']}", 'link: " DaTa:text/html,<script>alert(1)</script>"')

    result = build(project)
    assert_refused(project, result, before)
    lines = report_lines(result)
    find(lines, f"content/index.md:{indented}", "indented by 2 spaces", "four spaces")
    find(lines, f"content/index.md:{unquoted}", "double quotes", f'??? question "{entries[1]}"')
    find(lines, f"content/index.md:{curly}", "curly quotes", f'??? question "{entries[2]}"')
    find(lines, f"content/index.md:{near_miss}", "looks like a quiz or figure marker", f"Write `{figure}`")
    find(lines, "content/index.md", "must keep", quiz)
    find(lines, f"content/index.md:{faq_heading}", "{#faq}", "Write")
    find(lines, f"mkdocs.yml:{booking_line}", "{stage}", "{rung}")
    find(lines, f"mkdocs.yml:{booking_line}", "{blockers", "no closing")
    find(lines, f"mkdocs.yml:{booking_line}", "not a full web address", "https://")
    find(lines, f"mkdocs.yml:{url_line}", "not a full web address", "https://example.org/home")
    find(lines, f"mkdocs.yml:{email_line}", "javascript:", "refuses")
    find(lines, f"content/assessments/ladder.yml:{typo_line}", f"#{typo.split('#')[1]}", f"Did you mean `{gaps[1]['link'].split('#')[1]}`")
    find(lines, f"content/assessments/ladder.yml:{data_line}", "data:", "refuses")
    assert f"{len(set(lines))} problems" in result.stderr


def test_a_quiz_error_and_page_errors_come_in_one_report(project):
    before = snapshot(project / "site")
    ladder = project / "content" / "assessments" / "ladder.yml"
    gap = yaml.safe_load(ladder.read_text(encoding="utf-8"))["questions"][0]["gap"]
    quiz_line = edit(ladder, f"gap: {gap}", f"gap: {gap}x")
    index = project / "content" / "index.md"
    entry = FAQ_ENTRY.findall(index.read_text(encoding="utf-8"))[0]
    faq_line = edit(index, f'??? question "{entry}"', f"??? question {entry}")
    result = build(project)
    assert_refused(project, result, before)
    lines = report_lines(result)
    find(lines, f"content/assessments/ladder.yml:{quiz_line}", f'"{gap}x"', f'Did you mean "{gap}"')
    find(lines, f"content/index.md:{faq_line}", "double quotes")


def test_a_broken_page_link_names_the_line_and_the_page_meant(project):
    before = snapshot(project / "site")
    index = project / "content" / "index.md"
    match = re.search(r"\]\((?P<page>[a-z]+\.md)\)", index.read_text(encoding="utf-8"))
    page = match["page"]
    wrong = page[:3] + page[4:]  # one letter left out, the typo the guide shows
    line = edit(index, f"]({page})", f"]({wrong})")
    result = build(project)
    assert_refused(project, result, before)
    find(report_lines(result), f"content/index.md:{line}", f"`{wrong}`", f"Did you mean `{page}`")


def test_a_broken_section_link_names_the_line(project):
    before = snapshot(project / "site")
    about = project / "content" / "about.md"
    match = re.search(r"\]\(index\.md#(?P<anchor>[\w-]+)\)", about.read_text(encoding="utf-8"))
    line = edit(about, f"index.md#{match['anchor']}", f"index.md#{match['anchor']}s")
    result = build(project)
    assert_refused(project, result, before)
    find(report_lines(result), f"content/about.md:{line}", f"#{match['anchor']}s", f"Did you mean `{match['anchor']}`")


def test_an_unknown_or_unlisted_marker_is_refused(project):
    before = snapshot(project / "site")
    about = project / "content" / "about.md"
    quiz = next(m for m in declared_pages()["assessment.md"] if m.startswith("<!--"))
    about.write_text(about.read_text(encoding="utf-8") + f"\n{quiz}\n", encoding="utf-8")
    line = line_of(about, quiz)
    result = build(project)
    assert_refused(project, result, before)
    find(report_lines(result), f"content/about.md:{line}", "does not list it", "mkdocs.yml")


def test_a_rung_name_typed_as_text_or_a_wrong_placeholder_is_refused(project):
    """Rung and gap names in headings and tables come from ladder.yml ({{ rung 2 }})."""
    before = snapshot(project / "site")
    index = project / "content" / "index.md"
    rung = yaml.safe_load((project / "content" / "assessments" / "ladder.yml").read_text())["rungs"][1]
    typed = edit(index, f"{{{{ rung {rung['number']} }}}} {{#rung-{rung['number']}}}", f"{rung['name']} {{#rung-{rung['number']}}}")
    wrong = edit(index, "{{ gap data }}", "{{ gap dta }}")
    result = build(project)
    assert_refused(project, result, before)
    lines = report_lines(result)
    find(lines, f"content/index.md:{typed}", f"`{rung['name']}`", f"{{{{ rung {rung['number']} }}}}")
    find(lines, f"content/index.md:{wrong}", "no gap `dta`", "data")


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " \tjava\tscript:alert(1)", "java\nscript:x",
     "data:text/html,x", "  DATA:text/html,x", "vbscript:msgbox", "VbScRiPt :x",
     "java&#115;cript:alert(1)", "\x01javascript:x"],
)
def test_dangerous_schemes_are_seen_whatever_their_case_or_whitespace(link):
    assert urls.dangerous(link) in urls.DANGEROUS_SCHEMES


@pytest.mark.parametrize("link", ["https://example.com/", "index.md#gap-data", "#faq", "mailto:a@b.co", "data.md"])
def test_ordinary_links_are_not_refused(link):
    assert urls.dangerous(link) is None


def test_a_dangerous_link_anywhere_in_mkdocs_yml_is_refused(project):
    """The menu and the copyright line (HTML) can carry links too."""
    before = snapshot(project / "site")
    config = project / "mkdocs.yml"
    nav_line = edit(config, "nav:\n", 'nav:\n  - Book: "  JaVaScRiPt:alert(1)"\n') + 1
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "copyright: 'Made by <a href=\"vbscript:x\">us</a>'\n", encoding="utf-8")
    copyright_line = line_of(config, "copyright:")
    result = build(project)
    assert_refused(project, result, before)
    lines = report_lines(result)
    find(lines, f"mkdocs.yml:{nav_line}", "javascript:", "refuses")
    find(lines, f"mkdocs.yml:{copyright_line}", "vbscript:", "refuses")


@pytest.mark.parametrize("mistake", ["tab", "colon", "indent"])
def test_mkdocs_yml_mistakes_get_one_plain_message(project, mistake):
    before = snapshot(project / "site")
    config = project / "mkdocs.yml"
    name = settings()["extra"]["publisher"]["name"]
    site_name = settings()["site_name"]
    if mistake == "tab":
        line = edit(config, f"    name: {name}", f"\tname: {name}")
        expected = ("tab character", "spaces")
    elif mistake == "colon":
        line = edit(config, f"site_name: {site_name}", f"site_name: {site_name}: the guide")
        expected = ("colon", f'site_name: "{site_name}: the guide"')
    else:
        line = edit(config, f"    name: {name}", f"   name: {name}") + 1
        expected = ("indentation", "two spaces")
    result = build(project)
    assert_refused(project, result, before)
    lines = report_lines(result)
    assert len(lines) == 1, lines
    find(lines, f"mkdocs.yml:{line}", *expected)
    # `make serve` gives the same message before starting anything.
    served = site_command(project, "serve", "--port", "0")
    assert served.returncode == 1 and "Traceback" not in served.stderr
    find(report_lines(served), f"mkdocs.yml:{line}", *expected)


def test_a_busy_port_says_so_and_how_to_pick_another(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = site_command(project, "serve", "--port", str(port), timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"Port {port} is already in use" in result.stderr
    assert "make serve PORT=" in result.stderr


def test_under_github_actions_each_problem_is_an_annotation(project):
    before = snapshot(project / "site")
    index = project / "content" / "index.md"
    entry = FAQ_ENTRY.findall(index.read_text(encoding="utf-8"))[0]
    line = edit(index, f'??? question "{entry}"', f"??? question “{entry}”")
    result = build(project, env={"GITHUB_ACTIONS": "true"})
    assert_refused(project, result, before)
    annotations = [l for l in result.stdout.splitlines() if l.startswith("::error")]
    assert len(annotations) == 1, result.stdout
    assert annotations[0].startswith(f"::error file=content/index.md,line={line}::")
    assert "curly quotes" in annotations[0] and "\n" not in annotations[0]
    # Outside GitHub Actions there are no workflow commands in the output.
    plain = build(project)
    assert "::error" not in plain.stdout + plain.stderr


def test_unreadable_page_settings_point_at_the_top_of_the_page(project):
    before = snapshot(project / "site")
    about = project / "content" / "about.md"
    title = re.search(r"^title: (.+)$", about.read_text(encoding="utf-8"), re.M)[1].strip('"')
    edit(about, re.search(r"^title: .+$", about.read_text(encoding="utf-8"), re.M)[0], f"title: {title}: a colon")
    result = build(project)
    assert_refused(project, result, before)
    lines = report_lines(result)
    assert len(lines) == 1, lines
    find(lines, "content/about.md:1", "double quotes")


def test_a_broken_link_to_a_section_of_the_same_page_names_the_line(project):
    before = snapshot(project / "site")
    index = project / "content" / "index.md"
    anchor = re.search(r"\]\(#(?P<anchor>gap-[\w-]+)\)", index.read_text(encoding="utf-8"))["anchor"]
    line = edit(index, f"](#{anchor})", f"](#{anchor}x)")
    result = build(project)
    assert_refused(project, result, before)
    find(report_lines(result), f"content/index.md:{line}", f"`#{anchor}x`", f"Did you mean `{anchor}`")
