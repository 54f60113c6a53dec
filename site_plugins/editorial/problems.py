"""One problem per mistake (file, line, what is wrong and what to write), collected into one report.

Everything a build says at WARNING or above is gathered by `Collector` (a logging handler): the
problems this package finds arrive already shaped (`extra={"problem": ...}`); MkDocs' own link
and anchor warnings and other plugins' `file:line: message` lines are reshaped here, so the
marketer reads one list in one style. Under GitHub Actions each problem is also printed as a
`::error file=F,line=L::message` workflow command, which the pull request shows on the file.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str  # as the project shows it: content/index.md, mkdocs.yml
    line: int | None
    message: str  # what is wrong, then what to write instead

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}" if self.file else self.message

    def annotation(self) -> str:
        """The GitHub Actions workflow command for this problem."""
        props = []
        if self.file:
            props.append(f"file={_escape_property(self.file)}")
        if self.line:
            props.append(f"line={self.line}")
        head = "::error " + ",".join(props) if props else "::error"
        return f"{head}::{_escape_data(self.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def on_github() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


class Collector(logging.Handler):
    """Gathers every WARNING/ERROR logged by MkDocs and its plugins during one build."""

    def __init__(self, project_dir: Path, docs_dir_name: str = "content") -> None:
        super().__init__(level=logging.WARNING)
        self.project_dir = project_dir
        self.docs = docs_dir_name
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        problem = getattr(record, "problem", None)
        if isinstance(problem, Problem):
            self.problems.append(problem)
        else:
            self.problems += reshape(record.getMessage(), self.project_dir, self.docs)

    def add_error(self, error: BaseException) -> None:
        text = str(error)
        # MkDocs' closing line repeats what the warnings said; the report says it better.
        if re.fullmatch(r"Aborted with (.* in strict mode|a BuildError|.*configuration errors?)!", text):
            return
        self.problems += reshape(text, self.project_dir, self.docs)


# `Doc file 'index.md' contains a link 'assesment.md', but the target is not found among ...`
_MISSING_PAGE = re.compile(
    r"Doc file '(?P<doc>[^']+)' contains a link '(?P<link>[^']+)', but the target"
    r"(?: '[^']*')? is not found among documentation files"
)
_MISSING_ANCHOR = re.compile(
    r"Doc file '(?P<doc>[^']+)' contains a link '(?P<link>[^']+)', but the doc "
    r"'(?P<target>[^']+)' does not contain an anchor '#(?P<anchor>[^']+)'"
)
_OWN_ANCHOR = re.compile(
    r"Doc file '(?P<doc>[^']+)' contains a link '(?P<link>#[^']+)', but there is no such anchor on this page"
)
# Any other link warning (absolute or unrecognized links): MkDocs' words, with the line added.
_ANY_LINK = re.compile(r"Doc file '(?P<doc>[^']+)' contains an? [\w ]*link '(?P<link>[^']+)'")
_NAV_MISSING = re.compile(r"A reference to '(?P<target>[^']+)' is included in the 'nav' configuration")
_CONFIG_VALUE = re.compile(r"Config value '(?P<key>[^']+)': (?P<message>.*)", re.S)
# `content/about.md: the settings between ...` (the seo and assessment plugins' page errors).
_FILE_FIRST = re.compile(r"^(?P<file>[\w./-]+\.md): (?P<message>.+)$", re.S)
# Other plugins' errors already in `file:line: message` form (the quiz loader's report).
_LOCATED = re.compile(r"^\s*(?P<file>[\w./-]+\.(?:ya?ml|md|html)):(?P<line>\d+): (?P<message>.+)$")


def reshape(text: str, project_dir: Path, docs: str) -> list[Problem]:
    """Turn one log message or error text into problems, with a file and line where possible."""
    text = text.strip()
    if not text:
        return []
    # MkDocs' context line before a page's error; the error itself follows (or is in it).
    if m := re.match(r"Error (?:reading|building) page '(?P<page>[^']+)':\s*(?P<rest>.*)", text, re.S):
        if not m["rest"]:
            return []
        return [
            p if p.file else Problem(f"{docs}/{m['page']}", None, p.message)
            for p in reshape(m["rest"], project_dir, docs)
        ]
    if m := _MISSING_ANCHOR.search(text):
        doc, link, target, anchor = m["doc"], m["link"], m["target"], m["anchor"]
        known = _anchors(project_dir / docs / target)
        hint = did_you_mean(anchor, known)
        return [Problem(
            f"{docs}/{doc}", _line_of_link(project_dir / docs / doc, link),
            f"the link `{link}` points to the section `#{anchor}`, but {target} has no section "
            f"with that address.{hint} Use the address in `{{#...}}` after the heading you mean "
            "(EDITING.md, \"Changing the article\").",
        )]
    if m := _MISSING_PAGE.search(text):
        doc, link = m["doc"], m["link"]
        pages = sorted(p.relative_to(project_dir / docs).as_posix() for p in (project_dir / docs).rglob("*.md"))
        hint = did_you_mean(link.split("#")[0], pages)
        return [Problem(
            f"{docs}/{doc}", _line_of_link(project_dir / docs / doc, link),
            f"the link `{link}` points to a page that does not exist.{hint} Link to one of the "
            f".md files in {docs}/: {', '.join(pages)}.",
        )]
    if m := _OWN_ANCHOR.search(text):
        doc, link = m["doc"], m["link"]
        known = _anchors(project_dir / docs / doc)
        return [Problem(
            f"{docs}/{doc}", _line_of_link(project_dir / docs / doc, link),
            f"the link `{link}` points to a section of this page that does not exist."
            f"{did_you_mean(link[1:], known)} Use the address in `{{#...}}` after the heading you "
            "mean (EDITING.md, \"Changing the article\").",
        )]
    if m := _ANY_LINK.search(text):
        doc, link = m["doc"], m["link"]
        return [Problem(f"{docs}/{doc}", _line_of_link(project_dir / docs / doc, link), text)]
    if m := _NAV_MISSING.search(text):
        target = m["target"]
        return [Problem(
            "mkdocs.yml", _line_containing(project_dir / "mkdocs.yml", target),
            f"the menu (`nav:`) lists `{target}`, but there is no such file in {docs}/. "
            "Correct the file name, or remove the line.",
        )]
    if m := _CONFIG_VALUE.match(text):
        key = m["key"]
        return [Problem(
            "mkdocs.yml", _line_containing(project_dir / "mkdocs.yml", f"{key.split('.')[-1]}:"),
            f"`{key}`: {m['message']}",
        )]
    lines = text.splitlines()
    located = [m for line in lines if (m := _LOCATED.match(line))]
    if located:
        return [Problem(m["file"], int(m["line"]), m["message"]) for m in located]
    if m := _FILE_FIRST.match(text):
        file = m["file"] if "/" in m["file"] else f"{docs}/{m['file']}"
        # The settings at the top of a page start on its first line.
        line = 1 if "between the two `---` lines" in m["message"] else None
        return [Problem(file, line, m["message"])]
    # A message with no place in it: keep its first line (MkDocs adds no useful detail after).
    return [Problem("", None, text)]


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" Did you mean `{close[0]}`?" if close else ""


def _anchors(page: Path) -> list[str]:
    try:
        return re.findall(r"\{#([\w-]+)\}", page.read_text(encoding="utf-8"))
    except OSError:
        return []


def _line_of_link(page: Path, link: str) -> int | None:
    """The first line of `page` holding `](link` (a Markdown link) or the link text at all."""
    try:
        lines = page.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for needle in (f"]({link}", f"]: {link}", link):
        for number, line in enumerate(lines, 1):
            if needle in line:
                return number
    return None


def _line_containing(path: Path, text: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text in line:
                return number
    except OSError:
        pass
    return None


def format_report(problems: list[Problem], *, published: str) -> str:
    """The one message a failed build prints: a heading, then one line per problem."""
    # File by file, top to bottom, the way an editor works through them.
    unique = sorted(dict.fromkeys(problems), key=lambda p: (p.file == "", p.file, p.line or 0))
    count = len(unique)
    heading = (
        f"The site was NOT built: {'1 problem' if count == 1 else f'{count} problems'} to fix. "
        f"{published} Fix each line below (file:line: what is wrong, what to write), then save "
        "or build again."
    )
    return "\n".join([heading, *(f"  {problem}" for problem in unique)])
