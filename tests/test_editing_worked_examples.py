"""Issue 8: the guides' own worked examples, applied to a copy of the project, build and show.

The examples are read out of EDITING.md and EDITING-QUIZ.md themselves (the code blocks a
marketer copies), so a guide that drifts from what the build accepts fails here.
"""

from __future__ import annotations

import json
import re

import yaml

from tests.editing_project import ROOT, build, copy_project, edit


def code_blocks(guide: str, section: str, language: str) -> list[str]:
    """The ```language blocks of one `## section` of a guide, in order."""
    text = (ROOT / guide).read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", body, flags=re.S)


def test_the_guides_worked_examples_build(tmp_path):
    project = copy_project(tmp_path / "project")
    ladder = project / "content" / "assessments" / "ladder.yml"
    index = project / "content" / "index.md"
    config = project / "mkdocs.yml"

    # EDITING-QUIZ.md, "Worked example: adding a question": the question, then its rung line.
    question_block, rung_block = code_blocks("EDITING-QUIZ.md", "Worked example: adding a question", "yaml")[:2]
    question = yaml.safe_load(question_block)[0]
    data = yaml.safe_load(ladder.read_text(encoding="utf-8"))
    after = next(q for q in data["questions"] if q["id"] == question["gap"])
    following = data["questions"][data["questions"].index(after) + 1]["id"]
    text = ladder.read_text(encoding="utf-8")
    at = text.index(f"  - id: {following}\n", text.index("\nquestions:\n"))
    ladder.write_text(text[:at] + question_block + "\n" + text[at:], encoding="utf-8")
    new_line = next(line for line in rung_block.splitlines() if "# the new line" in line)
    requirement = new_line.split("#")[0].rstrip()
    rung_number = int(re.search(r"number: (\d+)", rung_block)[1])
    rung_lines = rung_block.split("requires:\n", 1)[1].splitlines()
    anchor = rung_lines[rung_lines.index(new_line) - 1]
    text = ladder.read_text(encoding="utf-8")
    rung_at = text.index(f"number: {rung_number}\n")
    at = text.index(anchor + "\n", rung_at) + len(anchor) + 1
    ladder.write_text(text[:at] + requirement + "\n" + text[at:], encoding="utf-8")

    # EDITING.md, "Adding a FAQ entry": the example entry, added at the end of the FAQ.
    entry = code_blocks("EDITING.md", "Adding a FAQ entry", "markdown")[0]
    faq_question = re.search(r'\?\?\? question "(.+)"', entry)[1]
    text = index.read_text(encoding="utf-8")
    faq_start = re.search(r"^## .*\{#faq\}$", text, re.M).end()
    next_heading = re.search(r"^#{1,2} ", text[faq_start:], re.M)
    at = faq_start + next_heading.start() if next_heading else len(text)
    index.write_text(text[:at].rstrip("\n") + "\n\n" + entry + "\n" + text[at:], encoding="utf-8")

    # EDITING-QUIZ.md: a rung's `name` is free text; rename the second rung.
    second = data["rungs"][1]["name"]
    edit(ladder, f"name: {second}", "name: Proven pilot")

    # EDITING.md, "Changing the brand and links": a new brand, host and booking link.
    publisher = yaml.safe_load(config.read_text(encoding="utf-8"))["extra"]["publisher"]
    edit(config, f"name: {publisher['name']}", "name: Acme Advisory")
    edit(config, f"    url: {publisher['url']}", "    url: https://acme.test/")
    edit(config, f"contact_email: {publisher['contact_email']}", "contact_email: team@acme.test")
    edit(config, f"booking_url: {publisher['booking_url']}", "booking_url: https://meet.acme.test/ai?stage={rung_name}&gaps={blockers}")

    # EDITING.md, "The call to action": new copy for the box.
    cta = yaml.safe_load(config.read_text(encoding="utf-8"))["extra"]["call_to_action"]
    edit(config, f"heading: {cta['heading']}", "heading: Ready for the next rung?")
    edit(config, f"button: {cta['button']}", "button: Talk to {name}")
    first_words = cta["quiz_text"].split(" {name}")[0]
    edit(config, first_words, "Stuck on a rung?")

    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    page = (site / "index.html").read_text(encoding="utf-8")
    definition = json.loads((site / "assets" / "assessment" / "ladder.json").read_text(encoding="utf-8"))
    assert question["id"] in [q["id"] for q in definition["questions"]]
    assert question["prompt"] in page
    rung = next(r for r in definition["rungs"] if r["number"] == rung_number)
    assert {"question": question["id"], "level": 2} in rung["requires"]
    # The rename reaches the ladder figure, the rung's heading (and so the table of contents),
    # the maturity-model table and the About page, and the old name is nowhere left in them.
    heading = re.search(r'<h3 id="rung-2">(.*?)<', page)[1]
    assert "Proven pilot" in heading
    toc = re.findall(r'<a href="#rung-2" class="md-nav__link">\s*<span[^>]*>\s*(.*?)\s*</span>', page, re.S)
    assert toc and all(entry == "Rung 2: Proven pilot" for entry in toc), toc
    table_cell = re.search(r'<a href="#rung-2">([^<]*)</a>', page.split('id="maturity-models"', 1)[1])[1]
    assert table_cell == "2 Proven pilot"
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "proven pilot" in about and second.lower() not in about
    faq = next(
        item for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
        if (item := json.loads(block))["@type"] == "FAQPage"
    )
    assert faq["mainEntity"][-1]["name"] == faq_question
    assert '<h2 class="p2p-cta__title" id="p2p-cta-title">Ready for the next rung?</h2>' in page
    assert "Talk to Acme Advisory</a>" in page  # {name}, as the guide says
    assert "Stuck on a rung? Acme Advisory takes" in page  # the quiz result's text (a template)
    assert "Acme Advisory" in page and "https://meet.acme.test/ai" in page and "mailto:team@acme.test" in page
