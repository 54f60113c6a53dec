"""The site's text is in our own words (the brief: facts, figures and sources carry over from the
source document; its sentences do not).

Every published text file (content/*.md and content/assessments/*.yml) is compared with the source
document. Both are reduced to words: lowercased, typographic quotes and apostrophes normalised,
punctuation ignored. Any run of RUN or more consecutive words that also occurs in the source fails
the test, with file:line and the shared words, so a writer can find and rephrase it.

Markup that no reader sees is left out before comparing: HTML comments and tags, attribute lists
such as `{#gap-value}`, link targets, YAML keys and comments, admonition keywords.

The only exceptions are citations, where repeating the source's wording is the point:
  * SOURCE_TITLES: the titles of the studies and reports cited (and the source article's own
    title, which the site keeps as its title), wherever they appear;
  * the list items of the article's Sources section (`## ... {#sources}`);
  * the Source column of the findings table (`<figure class="... p2p-findings">`).
An excepted span breaks a run: words on either side of it are still checked.

The source document sits beside the repository (`../shared/seeds/...`), where CI clones it. If it
is missing the test fails rather than skipping: a skipped check would let copied text through.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

# Not part of `make test` (a fresh clone has no ../shared/): `make test-source` runs it, and CI
# runs that after `make test`. Missing there, the document fails the run (see source_runs).
pytestmark = pytest.mark.source_document

SOURCE = ROOT.parent / "shared" / "seeds" / "000_27fed51e9da5a7c7.txt"
RUN = 7  # the shortest shared run of words that counts as copied

PUBLISHED = sorted((ROOT / "content").glob("*.md")) + sorted(
    (ROOT / "content" / "assessments").glob("*.yml"))

# Titles of cited works: a citation has to use the title as published.
SOURCE_TITLES = [
    "From Pilot to Production: Why Enterprise AI Stalls",  # the source article's own title
    "The GenAI Divide: State of AI in Business 2025",
    "Where's the Value in AI?",
    "The State of AI in 2025",
    "Voice of the Enterprise: AI & ML",
    "The Root Causes of Failure for AI Projects",
    "The State of Generative AI in the Enterprise",
    "The State of Enterprise AI",
    "Superagency in the Workplace",
    "Connectivity Benchmark Report",
    "CDO Insights",
]

BREAK = " \u00b6 "  # stands in for an excepted span: a token the source never contains
WORD = re.compile(r"[a-z0-9%$]+|\u00b6")


def normalise(text: str) -> str:
    text = text.lower()
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return text.replace("'", "")  # "doesn't" and "doesnt" are the same word


def words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


def source_runs() -> set[tuple[str, ...]]:
    if not SOURCE.is_file():
        pytest.fail(
            f"the source document is missing: expected it at {SOURCE} (the repository's parent "
            "directory must hold shared/seeds/, as CI clones it). The own-words check cannot run "
            "without it, and it must not be skipped.", pytrace=False)
    tokens = words(SOURCE.read_text(encoding="utf-8"))
    assert "\u00b6" not in tokens
    return {tuple(tokens[i:i + RUN]) for i in range(len(tokens) - RUN + 1)}


TITLE_PATTERNS = [
    re.compile(r"\b" + r"\W+".join(re.escape(w) for w in words(title)) + r"\b")
    for title in SOURCE_TITLES
]


def visible_text(line: str, *, yaml_file: bool) -> str:
    """What a reader sees of one line of Markdown or YAML, as plain text."""
    line = re.sub(r"<!--.*?-->", " ", line)
    line = re.sub(r"<[^>]*>", " ", line)
    line = re.sub(r"&[a-z]+;|&#\d+;", " ", line)
    line = re.sub(r"\{[#:.][^}]*\}", " ", line)  # attribute lists: {#gap-value}
    line = re.sub(r"\]\([^)]*\)", "] ", line)  # link targets: [text](index.md#ladder)
    line = re.sub(r"^\s*(\?\?\?\+?|!!!)\s+[\w-]+", " ", line)  # admonition keyword
    if yaml_file:
        if re.match(r"^\s*#", line):
            return ""
        line = re.sub(r"^\s*(-\s+)?[\w-]+:(\s+[>|][-+]?)?(\s|$)", " ", line)
    return line


def published_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text to compare) for every line, with the citation exceptions cut out."""
    yaml_file = path.suffix == ".yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    out = []
    in_front_matter = path.suffix == ".md" and lines[:1] == ["---"]
    in_sources = in_findings = in_source_item = False
    for number, raw in enumerate(lines, 1):
        text = raw
        if in_front_matter:
            if number > 1 and raw.strip() == "---":
                in_front_matter = False
                continue
            text = re.sub(r"^\s*[\w-]+:(\s+[>|][-+]?)?(\s|$)", " ", raw)
        elif not yaml_file:
            if re.match(r"^#{1,6}\s", raw):
                in_sources = "{#sources}" in raw
                in_source_item = False
            elif in_sources:
                # Sources section: each list item (and its wrapped lines) is a citation.
                if raw.startswith("- "):
                    in_source_item = True
                elif not raw.startswith("  "):
                    in_source_item = False
                if in_source_item:
                    text = BREAK
            if "<figure" in raw:
                in_findings = "p2p-findings" in raw
            elif "</figure>" in raw:
                in_findings = False
            elif in_findings and raw.startswith("|"):
                # Findings table: the Source cell names the study; the other cells are ours.
                cells = raw.strip().strip("|").split("|")
                if len(cells) >= 2:
                    cells[1] = BREAK
                text = "|".join(cells)
        text = visible_text(text, yaml_file=yaml_file)
        for pattern in TITLE_PATTERNS:
            text = pattern.sub(BREAK, normalise(text))
        out.append((number, text))
    return out


def shared_runs(path: Path, source: set[tuple[str, ...]], root: Path = ROOT) -> list[str]:
    """Every maximal run of RUN+ words shared with the source, as 'file:line: run'."""
    stream: list[tuple[str, int]] = [
        (word, number) for number, text in published_lines(path) for word in words(text)]
    hits = [i for i in range(len(stream) - RUN + 1)
            if tuple(w for w, _ in stream[i:i + RUN]) in source]
    found, i = [], 0
    while i < len(hits):
        start = end = hits[i]
        while i + 1 < len(hits) and hits[i + 1] == end + 1:
            i += 1
            end = hits[i]
        run = " ".join(w for w, _ in stream[start:end + RUN])
        found.append(f"{path.relative_to(root)}:{stream[start][1]}: \u201c{run}\u201d")
        i += 1
    return found


def test_published_text_is_in_our_own_words():
    source = source_runs()
    assert PUBLISHED, "no published files found under content/"
    copied = [hit for path in PUBLISHED for hit in shared_runs(path, source)]
    assert not copied, (
        f"{len(copied)} passage(s) share a run of {RUN}+ consecutive words with the source "
        f"document ({SOURCE.name}); rephrase them in our own words:\n  " + "\n  ".join(copied))


def test_the_check_catches_a_copied_sentence(tmp_path):
    """The check itself works: a sentence lifted from the source, in a Markdown file, is caught."""
    source = source_runs()
    page = tmp_path / "content" / "page.md"
    page.parent.mkdir()
    page.write_text("# A page {#top}\n\nIntro.\n\nPilots run on a clean, hand\u2011picked slice; "
                    "production runs on the\nmessy, fragmented, permission\u2011controlled "
                    "reality.\n", encoding="utf-8")
    hits = shared_runs(page, source, root=tmp_path)
    assert hits and hits[0].startswith("content/page.md:5:"), hits
