"""Read the FAQ entries out of a page's rendered HTML.

The FAQ is written once, in Markdown, as `??? question "…"` blocks (pymdownx.details) under a
heading with a known id. Each block renders as `<details class="question"><summary>Q</summary>A
</details>`; this module turns those back into plain-text question/answer pairs, the way a reader
(or a search engine reading the page) sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Elements after which a reader sees a break: their text is separated by a space, not glued on.
_BLOCKS = {"p", "li", "ul", "ol", "div", "table", "tr", "td", "th", "br", "pre", "blockquote",
           "dd", "dt", "dl", "h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer: str


def normalize(text: str) -> str:
    """Collapse whitespace the way a browser renders it."""
    return re.sub(r"\s+", " ", text).strip()


class _FaqParser(HTMLParser):
    def __init__(self, heading_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.heading_id = heading_id
        self.section_level: str | None = None  # "h2" once inside the FAQ section
        self.done = False
        self.in_heading: str | None = None
        self.headerlink_depth = 0  # inside a toc permalink (¶) anchor: not part of any text
        self.details_depth = 0
        self.in_summary = False
        self.question: list[str] = []
        self.answer: list[str] = []
        self.entries: list[FaqEntry] = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        attributes = dict(attrs)
        if tag in _HEADINGS:
            if self.section_level is None and attributes.get("id") == self.heading_id:
                self.section_level = tag
            elif self.section_level is not None and tag <= self.section_level and not self.details_depth:
                self.done = True
            return
        if self.section_level is None:
            return
        if tag == "a" and "headerlink" in (attributes.get("class") or "").split():
            self.headerlink_depth += 1
            return
        if self.headerlink_depth and tag == "a":
            self.headerlink_depth += 1
            return
        classes = (attributes.get("class") or "").split()
        if tag == "details" and "question" in classes and self.details_depth == 0:
            self.details_depth = 1
            self.question, self.answer = [], []
            return
        if tag == "details" and self.details_depth:
            self.details_depth += 1
        if self.details_depth == 1 and tag == "summary" and not self.question:
            self.in_summary = True
            return
        if self.details_depth and tag in _BLOCKS:
            self.answer.append(" ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.done or self.section_level is None:
            return
        if tag == "a" and self.headerlink_depth:
            self.headerlink_depth -= 1
            return
        if tag == "summary" and self.in_summary:
            self.in_summary = False
            return
        if tag == "details" and self.details_depth:
            self.details_depth -= 1
            if self.details_depth == 0:
                question, answer = normalize("".join(self.question)), normalize("".join(self.answer))
                if question and answer:
                    self.entries.append(FaqEntry(question, answer))
            return
        if self.details_depth and tag in _BLOCKS:
            self.answer.append(" ")

    def handle_data(self, data):
        if self.done or self.headerlink_depth or not self.details_depth:
            return
        (self.question if self.in_summary else self.answer).append(data)


def extract_faq(html: str, heading_id: str = "faq") -> list[FaqEntry]:
    """The `??? question` entries under the heading with `heading_id`, in page order."""
    parser = _FaqParser(heading_id)
    parser.feed(html)
    parser.close()
    return parser.entries
