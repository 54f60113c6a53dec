"""What a Markdown page must keep, checked on its source so every problem has a line number.

- the quiz and figure markers (`<!-- assessment: ladder -->`) the `editorial: pages:` setting in
  mkdocs.yml says the page carries, and any comment that looks like a marker but is not one;
- the FAQ: the `{#faq}` heading and each entry in the shape EDITING.md teaches, because an
  entry in another shape silently drops out of the search engines' FAQ data.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from site_plugins.assessment.plugin import MARKER

from .problems import Problem

FAQ_GUIDE = 'EDITING.md, "Adding a FAQ entry"'
NO_FAQ_HEADING = "the FAQ heading has lost its fixed address"
MARKER_GUIDE = 'EDITING.md, "Lines you must not remove"'
_ENTRY = re.compile(r'\?\?\?\+? question "(?P<question>[^"]+)"[ \t]*')
_HEADING = re.compile(r"(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
_FENCE = re.compile(r"\s*(```|~~~)")


@dataclass(frozen=True)
class FaqEntry:
    line: int
    question: str


def _code_lines(lines: list[str]) -> set[int]:
    """Indexes of lines inside fenced code blocks (never checked)."""
    inside, skip = False, set()
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            inside = not inside
            skip.add(index)
        elif inside:
            skip.add(index)
    return skip


def faq_check(file: str, text: str, heading_id: str) -> tuple[list[FaqEntry], list[Problem]]:
    """The well-formed FAQ entries of a page, and a problem for every entry in another shape."""
    lines = text.splitlines()
    skip = _code_lines(lines)
    start, level = None, 0
    for index, line in enumerate(lines):
        m = _HEADING.match(line)
        if index not in skip and m and m["text"].endswith(f"{{#{heading_id}}}"):
            start, level = index, len(m["hashes"])
            break
    entry_lines = [i for i, line in enumerate(lines) if i not in skip and line.lstrip().startswith("???")]
    problems: list[Problem] = []
    if start is None:
        if not entry_lines:
            return [], []
        # Check the entries anyway, from the heading above the first one.
        above = [i for i in range(entry_lines[0]) if i not in skip and _HEADING.match(lines[i])]
        start = above[-1] if above else entry_lines[0] - 1
        level = len(_HEADING.match(lines[start])["hashes"]) if above else 6
        shown = lines[start].strip() if above else "## Frequently asked questions"
        problems.append(Problem(
            file, start + 1 if above else entry_lines[0] + 1,
            f"{NO_FAQ_HEADING} (`{{#{heading_id}}}`), so search engines get no FAQ data. Write "
            f"`{{#{heading_id}}}` at the end of the FAQ heading: `{shown} {{#{heading_id}}}` ({FAQ_GUIDE}).",
        ))

    entries: list[FaqEntry] = []
    current: FaqEntry | None = None
    answered = False
    previous_blank = True
    for index in range(start + 1, len(lines)):
        line, number = lines[index], index + 1
        heading = _HEADING.match(line)
        if heading and len(heading["hashes"]) <= level and index not in skip:
            break
        if not line.strip():
            previous_blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        if line.lstrip().startswith("???") and index not in skip:
            if current is not None and not answered:
                problems.append(_no_answer(file, current))
            current, answered = None, False
            problem = _entry_shape(file, number, line)
            if problem:
                problems.append(problem)
                current = FaqEntry(number, line.strip())
                answered = True  # one message per entry is enough
            else:
                current = FaqEntry(number, _ENTRY.fullmatch(line)["question"])
                entries.append(current)
            previous_blank = False
            continue
        if current is not None and not answered:
            if 0 < indent < 4 or (indent == 0 and not line.startswith("#")):
                problems.append(Problem(
                    file, number,
                    f'the answer to "{current.question}" is indented by {indent} '
                    f"space{'s' if indent != 1 else ''}, so it is not part of the entry and the "
                    f"entry drops out of the FAQ data. Indent every line of the answer by four "
                    f"spaces ({FAQ_GUIDE}).",
                ))
            elif indent >= 8 and previous_blank:
                problems.append(Problem(
                    file, number,
                    f'the answer to "{current.question}" is indented by {indent} spaces, so it '
                    "shows as a grey code block. Indent every line of the answer by four spaces "
                    f"({FAQ_GUIDE}).",
                ))
            answered = True
        elif current is not None and 0 < indent < 4:
            problems.append(Problem(
                file, number,
                f'this line of the answer to "{current.question}" is indented by {indent} '
                f"space{'s' if indent != 1 else ''}. Indent every line of the answer by four "
                f"spaces ({FAQ_GUIDE}).",
            ))
        elif indent == 0:
            current = None  # prose after the entries ends the last one
        previous_blank = False
    if current is not None and not answered:
        problems.append(_no_answer(file, current))
    return entries, problems


def _no_answer(file: str, entry: FaqEntry) -> Problem:
    return Problem(
        file, entry.line,
        f'the FAQ entry "{entry.question}" has no answer under it. Leave one empty line, then '
        f"write the answer indented by four spaces ({FAQ_GUIDE}).",
    )


def _entry_shape(file: str, number: int, line: str) -> Problem | None:
    if _ENTRY.fullmatch(line):
        return None
    body = line.strip()
    rest = re.sub(r"^\?\?\?\+?\s*(question\b)?\s*", "", body)
    question = rest.strip("\"“”„'‘’ ")
    example = f'??? question "{question or "Your question?"}"'
    if line[0] == " ":
        what = "starts with spaces; the `???` must be at the very start of the line"
    elif re.match(r"[“”„]", rest) and re.search(r"[“”]$", rest):
        what = "has the question in curly quotes “…”; the question needs straight double quotes \"…\""
    elif not re.match(r"^\?\?\?\+? question\b", body):
        what = "does not start with `??? question ` exactly"
    elif rest.count('"') != 2 or not (rest.startswith('"') and rest.endswith('"')):
        what = "does not have the question in double quotes"
    else:
        what = "is not in the FAQ entry shape"
    return Problem(
        file, number,
        f"this FAQ entry {what}, so it drops out of the FAQ data. Write `{example}` "
        f"(curly quotes “like this” are fine inside the question) ({FAQ_GUIDE}).",
    )


def normal_marker(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def marker_check(
    file: str, text: str, required: list[str], declared_in: str, faq_problems: list[Problem] = (),
    declared_any: bool = True,
) -> list[Problem]:
    """Missing required lines, near-miss markers, and markers that are not on a line of their own."""
    lines = text.splitlines()
    skip = _code_lines(lines)
    problems: list[Problem] = []
    found: set[str] = set()
    suggested: set[str] = set()  # a near miss already names these: one message per mistake
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for m in re.finditer(r"<!--(?P<body>.*?)-->", text, flags=re.DOTALL):
        index = _index_of(offsets, m.start())
        if index in skip:
            continue
        comment, number = m[0], index + 1
        if MARKER.fullmatch(comment):
            found.add(normal_marker(comment))
            own_line = lines[index].strip() == comment.strip()
            above = index == 0 or not lines[index - 1].strip()
            below = index + 1 >= len(lines) or not lines[index + 1].strip()
            if not (own_line and above and below):
                problems.append(Problem(
                    file, number,
                    f"`{comment}` must stay on a line of its own, with an empty line above and "
                    f"below it; otherwise the quiz or figure does not appear ({MARKER_GUIDE}).",
                ))
            continue
        word = (re.match(r"\s*([A-Za-z-]+)", m["body"]) or [None, ""])[1].lower()
        near = max(
            difflib.SequenceMatcher(None, word, target).ratio()
            for target in ("assessment", "assessment-figure", "assessment-compare", "assessment-portfolio")
        )
        if near >= 0.7 or "assess" in m["body"].lower():
            wanted = [r for r in required if r.startswith("<!--")]
            close = difflib.get_close_matches(normal_marker(comment), wanted, n=1, cutoff=0.0)
            example = close[0] if close else "<!-- assessment: ladder -->"
            suggested.add(normal_marker(example))
            problems.append(Problem(
                file, number,
                f"`{normal_marker(comment)}` looks like a quiz or figure marker but is not written "
                f"the way the site reads it, so nothing appears here. Write `{example}` on a line "
                f"of its own ({MARKER_GUIDE}).",
            ))
    for want in required:
        if want.startswith("<!--"):
            present = normal_marker(want) in found
        else:
            present = any(
                (h := _HEADING.match(line)) and h["text"].endswith(want)
                for i, line in enumerate(lines) if i not in skip
            )
        if not present and normal_marker(want) not in suggested and not (
            want.startswith("{#") and any(NO_FAQ_HEADING in p.message for p in faq_problems)
        ):
            how = (
                "on a line of its own, with an empty line above and below"
                if want.startswith("<!--") else "at the end of its heading line"
            )
            problems.append(Problem(
                file, None,
                f"this page must keep `{want}` ({declared_in}), but it is no longer there. Put it "
                f"back where it was, {how}; if it was removed on purpose, also remove it from "
                f"{declared_in} ({MARKER_GUIDE}).",
            ))
    # Only where the site declares its pages at all (a cut-down test config may not).
    listed = found - {normal_marker(r) for r in required} if declared_any else set()
    for marker in sorted(listed):
        problems.append(Problem(
            file, _line_with(lines, marker),
            f"`{marker}` is on this page, but {declared_in} does not list it for this page. Add "
            f"it there, so the build can tell if it goes missing later ({MARKER_GUIDE}).",
        ))
    return problems


def _index_of(offsets: list[int], position: int) -> int:
    import bisect

    return bisect.bisect_right(offsets, position) - 1


def _line_with(lines: list[str], marker: str) -> int | None:
    for number, line in enumerate(lines, 1):
        if normal_marker(line) == marker:
            return number
    return None
