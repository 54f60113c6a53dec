"""Read mkdocs.yml the way an editor would want a mistake explained.

MkDocs answers a tab, a bad indent or an unquoted colon with a traceback and parser jargon
("mapping values are not allowed here"). Here the file is composed (not constructed: MkDocs'
own tags such as `!ENV` need no code) and a parse error becomes one sentence with the line and
the fix. The same node tree tells the plugin on which line a setting such as
`extra.publisher.booking_url` sits.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .problems import Problem

GUIDE_HINT = "(EDITING.md, \"Changing the brand and links\")"


def compose(path: Path) -> tuple[yaml.Node | None, Problem | None]:
    """The node tree of `path`, or the one problem that keeps it from being read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, Problem(path.name, None, f"there is no {path.name} in {path.parent}: run the command in the project folder.")
    except UnicodeDecodeError:
        return None, Problem(path.name, None, "is not UTF-8 text: save it as UTF-8.")
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), None
    except yaml.MarkedYAMLError as error:
        return None, explain(path.name, text, error)
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error today is Marked
        return None, Problem(path.name, None, f"could not be read ({error}).")


def explain(name: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    lines = text.splitlines()
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    # A tab anywhere in the indentation is the most common cause, and the parser's line for it
    # can be the one after: name the tab's own line.
    for number, content in enumerate(lines, 1):
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent or ("\t" in content and abs(number - line) <= 1 and "found character '\\t'" in str(error)):
            return Problem(
                name, number,
                "this line contains a tab character. Settings files are indented with spaces "
                "only (two per level): replace the tab with spaces.",
            )
    problem = str(error.problem or "")
    content = lines[line - 1] if 0 < line <= len(lines) else ""
    key, _, value = content.partition(": ")
    # A second `: ` in the value (or a value ending in `:`) is an unquoted colon; otherwise the
    # parser stumbled over this line because its indentation does not fit the block above.
    if "mapping values are not allowed" in problem and (": " in value or value.rstrip().endswith(":")):
        value = value.strip().replace('"', "'")
        example = f'{key.rstrip()}: "{value}"' if value else f'{key.strip()}: "..."'
        return Problem(
            name, line,
            "this value contains a colon followed by a space, which YAML reads as the start of a "
            f"new setting. Put the whole value in double quotes: `{example.strip()}`.",
        )
    return Problem(
        name, line,
        "the indentation of this line (or the one above) does not match the lines around it, so "
        "the settings could not be read. Each level is indented two spaces more than the line it "
        "belongs to; line it up with its neighbours, and put text containing `: ` or ` #` in "
        "double quotes.",
    )


def line_of(root: yaml.Node | None, *path: str | int) -> int | None:
    """The line (1-based) of the setting at `path` (keys and list indexes), or of its nearest
    parent present in the file."""
    node, found = root, None
    for step in path:
        if node is None:
            break
        found = node.start_mark.line + 1 if found is None else found
        nxt = None
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == step:
                    found, nxt = key.start_mark.line + 1, value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            nxt = node.value[step]
            found = nxt.start_mark.line + 1
        node = nxt
        if nxt is None:
            break
    return found


def scalars(node: yaml.Node | None, path: tuple = (), seen: set[int] | None = None):
    """Every scalar value in the tree with its key path and line: (path, value, line).

    Each node is visited once: YAML aliases share nodes, and a file of nested aliases would
    otherwise make this walk explode."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from scalars(value, (*path, key.value), seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from scalars(item, (*path, index), seen)
    elif isinstance(node, yaml.ScalarNode):
        yield path, node.value, node.start_mark.line + 1
