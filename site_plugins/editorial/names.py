"""Rung and gap names in the pages, filled in from the quiz file (one source for names).

A page writes `{{ rung 2 }}` for rung 2's `name` in ladder.yml and `{{ gap data }}` for the
gap `data`'s name; `{{ rung 2 lower }}` gives it in lower case for running text. They are
filled in before the Markdown is read, so headings, the table of contents and tables all carry
the current name, and a rename in ladder.yml reaches every one of them.

So that no place is missed, a heading with a rung's or a gap's `{#address}`, or a link to one,
that types the current name as plain text stops the build, asking for the placeholder.
"""

from __future__ import annotations

import re

from .problems import Problem

GUIDE = 'EDITING.md, "Rung and gap names"'
PLACEHOLDER = re.compile(r"\{\{\s*(?P<kind>[A-Za-z]+)\s+(?P<key>[\w-]+)(?:\s+(?P<case>[A-Za-z]+))?\s*\}\}")
_ANCHORED_HEADING = re.compile(r"^#{1,6}\s.*\{#(?P<anchor>(?:rung|gap)-[\w-]+)\}\s*$")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?:[\w./-]*\.md)?#(?P<anchor>(?:rung|gap)-[\w-]+)\)")


def names_of(data: dict) -> dict[str, dict[str, str]]:
    return {
        "rung": {str(r.get("number")): str(r.get("name")) for r in data.get("rungs", [])},
        "gap": {str(g.get("id")): str(g.get("name")) for g in data.get("gaps", [])},
    }


def fill(markdown: str, names: dict[str, dict[str, str]], file: str, first_line: int) -> tuple[str, list[Problem]]:
    """`markdown` with every placeholder filled; a problem for each that cannot be, and for each
    rung or gap name typed as text where a placeholder belongs."""
    problems: list[Problem] = []
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        number = first_line + index

        def replace(m: re.Match[str]) -> str:
            kind, key, case = m["kind"], m["key"], m["case"]
            known = names.get(kind)
            if known is None or key not in known or case not in (None, "lower"):
                problems.append(Problem(file, number, _explain(m[0], kind, key, case, names)))
                return m[0]
            name = known[key]
            return name.lower() if case == "lower" else name

        typed = _typed_names(line, names)
        for kind, key, name in typed:
            problems.append(Problem(
                file, number,
                f"`{name}` is the name of {kind} {key} in ladder.yml, typed here as text, so a rename "
                f"there would not reach this line. Write `{{{{ {kind} {key} }}}}` instead ({GUIDE}).",
            ))
        lines[index] = PLACEHOLDER.sub(replace, line)
    return "\n".join(lines), problems


def _typed_names(line: str, names: dict[str, dict[str, str]]) -> list[tuple[str, str, str]]:
    """Rung/gap names typed as text in an anchored heading or a link to a rung/gap section."""
    spans = []
    if m := _ANCHORED_HEADING.match(line):
        spans.append((m["anchor"], line[: m.start("anchor")]))
    spans += [(m["anchor"], m["text"]) for m in _LINK.finditer(line)]
    found = []
    for anchor, text in spans:
        kind, _, key = anchor.partition("-")
        name = names.get(kind, {}).get(key)
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", PLACEHOLDER.sub("", text)):
            found.append((kind, key, name))
    return found


def _explain(text: str, kind: str, key: str, case: str | None, names: dict) -> str:
    if kind not in names:
        return f"`{text}` is not a name placeholder. Write `{{{{ rung 2 }}}}` or `{{{{ gap data }}}}` ({GUIDE})."
    if case not in (None, "lower"):
        return f"`{text}`: write `{{{{ {kind} {key} }}}}`, or `{{{{ {kind} {key} lower }}}}` for lower case ({GUIDE})."
    choices = ", ".join(names[kind])
    what = "rung numbers" if kind == "rung" else "gap ids"
    return f"`{text}`: ladder.yml has no {kind} `{key}`. The {what} are: {choices} ({GUIDE})."
