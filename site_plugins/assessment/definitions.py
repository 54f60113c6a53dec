"""Read every quiz file (`<docs_dir>/assessments/*.yml`), validate it with `scoring`, and report
every problem of every file at once, each with its file and line.

YAML is parsed once into PyYAML's node tree (which knows where each key and item starts), then
built into plain data from that same tree, so a problem path from `scoring`
(`questions[3].options[1].level`) maps back to a line. A missing key points at the line of the
block that should hold it.

Hostile or broken files fail fast, each with its file and line and no traceback (limits in
EDITING-QUIZ.md, "Limits"): a file over MAX_FILE_BYTES is refused before it is parsed; YAML
anchors and aliases (`&name`, `*name`, `<<:`) are refused where they first appear, so no "billion
laughs" file can expand; nesting deeper than MAX_DEPTH is refused while the tree is being built,
long before Python's recursion limit; invalid UTF-8 is reported at the line it is on.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

from scoring import Assessment, DefinitionError, load_assessment
from scoring.errors import FieldPath, path_text

GUIDE = "EDITING-QUIZ.md"

# A real quiz is tens of kilobytes (ladder.yml: 13 KB) and four levels deep
# (questions > options > option > label); these leave ample room and bound the work a file can
# cause. Documented in EDITING-QUIZ.md.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 12


class _Refused(yaml.MarkedYAMLError):
    """A file the loader will not read further (an alias, too deep): reported at its mark."""

    def __init__(self, mark: yaml.Mark, problem: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _QuizLoader(yaml.SafeLoader):
    """PyYAML's safe loader, without anchors and aliases and with a depth bound."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 (PyYAML's signature)
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                event.start_mark,
                "a YAML anchor (&) or alias (*) is here. Quiz files do not use them: write each "
                "text out in full where it is needed",
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    event.start_mark,
                    f"the blocks here nest more than {MAX_DEPTH} levels deep, which no quiz needs "
                    "(check the brackets and the indentation)",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass(frozen=True)
class Definition:
    """One validated quiz file."""

    name: str  # the file stem: `<!-- assessment: NAME -->` embeds it
    src_uri: str  # relative to docs_dir, posix (assessments/ladder.yml)
    path: Path  # absolute
    data: dict[str, Any]  # as parsed
    assessment: Assessment
    digest: str  # sha256 hex of json_text
    json_text: str  # canonical JSON of data, what the browser's worker scores with


@dataclass(frozen=True)
class _Located:
    """A problem placed in a file: `file:line: field: message`."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def canonical_json(data: object) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_all(folder: Path, *, docs_dir: Path) -> dict[str, Definition]:
    """Every `*.yml` in `folder` (sorted by name), validated; one PluginError for all problems."""
    folder = Path(folder)
    docs_dir = Path(docs_dir)
    shown_folder = _shown(folder, docs_dir)
    # Hidden files (editor locks and backups such as `.#ladder.yml`) are not quizzes.
    files = sorted(p for p in folder.glob("*.yml") if not p.name.startswith(".")) if folder.is_dir() else []
    if not files:
        raise PluginError(
            f"No quiz file found: put each quiz in {shown_folder}/ as a .yml file (for example "
            f"{shown_folder}/ladder.yml); {GUIDE} explains the format."
        )

    definitions: dict[str, Definition] = {}
    problems: list[_Located] = []
    for wrong in sorted(folder.glob("*.yaml")):
        problems.append(
            _Located(
                _shown(wrong, docs_dir), 1, "",
                f"quiz files must end in .yml: rename it to {wrong.stem}.yml.",
            )
        )
    for path in files:
        definition, found = _load_one(path.resolve(), docs_dir=docs_dir)
        problems += found
        if definition is not None:
            definitions[definition.name] = definition
    if problems:
        count = len(problems)
        heading = (
            f"{'1 problem' if count == 1 else f'{count} problems'} in the quiz files "
            f"({shown_folder}/), so nothing was built. Fix each line below; {GUIDE} explains "
            "every field."
        )
        raise PluginError("\n".join([heading, *(f"  {problem}" for problem in problems)]))
    return definitions


def _shown(path: Path, docs_dir: Path) -> str:
    """A path as the project shows it: under the docs folder's name (content/assessments/...)."""
    try:
        return f"{docs_dir.name}/{path.resolve().relative_to(docs_dir.resolve()).as_posix()}"
    except ValueError:
        return str(path)


def _load_one(path: Path, *, docs_dir: Path) -> tuple[Definition | None, list[_Located]]:
    shown = _shown(path, docs_dir)
    try:
        src_uri = path.relative_to(docs_dir.resolve()).as_posix()
    except ValueError:
        src_uri = path.name
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            _Located(
                shown, 1, "",
                f"is {len(raw):,} bytes; a quiz file may be at most {MAX_FILE_BYTES:,} bytes "
                f"(see {GUIDE}, Limits). Check that nothing was pasted into it by mistake.",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [
            _Located(
                shown, line, "",
                f"is not UTF-8 text here ({error.reason} at byte {error.start}); save the file as "
                "UTF-8 (any editor's \"Save with encoding\").",
            )
        ]

    try:
        data, lines, duplicates = _parse(text)
    except _Refused as error:
        return None, [_Located(shown, error.problem_mark.line + 1, "", f"{error.problem}.")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        detail = " ".join(str(part) for part in (error.context, error.problem) if part)
        return None, [
            _Located(
                shown, line, "",
                f"this is not valid YAML ({detail}). Check the indentation of this line and the "
                "one above, and put text containing a colon, a # or quotes in double quotes.",
            )
        ]
    except yaml.YAMLError as error:
        return None, [_Located(shown, 1, "", f"this is not valid YAML ({error}).")]

    found = [
        _Located(shown, line, path_text(field_path), message)
        for field_path, line, message in duplicates
    ]
    assessment = None
    try:
        assessment = load_assessment(data)
    except DefinitionError as error:
        found += [
            _Located(shown, _line_of(lines, problem.path), problem.path_text, problem.message)
            for problem in error.problems
        ]
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] != path.stem:
        found.append(
            _Located(
                shown, _line_of(lines, ("id",)), "id",
                f'is "{data["id"]}", but the file is {path.name}: a quiz is known by its file '
                f"name. Write `id: {path.stem}` (or rename the file to {data['id']}.yml).",
            )
        )
    found.sort(key=lambda problem: problem.line)  # stable: same line keeps the checking order
    if found or assessment is None:
        return None, found

    assert isinstance(data, dict)
    json_text = canonical_json(data)
    return (
        Definition(
            name=path.stem,
            src_uri=src_uri,
            path=path,
            data=data,
            assessment=assessment,
            digest=hashlib.sha256(json_text.encode("utf-8")).hexdigest(),
            json_text=json_text,
        ),
        [],
    )


def _parse(text: str) -> tuple[Any, dict[FieldPath, int], list[tuple[FieldPath, int, str]]]:
    """Parse YAML safely; return the data, the line (1-based) of every path, duplicate keys."""
    loader = _QuizLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict[FieldPath, int] = {(): 1 if node is None else node.start_mark.line + 1}
    duplicates: list[tuple[FieldPath, int, str]] = []
    if node is not None:
        _walk(node, (), lines, duplicates)
    return data, lines, duplicates


def _walk(
    node: yaml.Node,
    path: FieldPath,
    lines: dict[FieldPath, int],
    duplicates: list[tuple[FieldPath, int, str]],
) -> None:
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_seen:
                duplicates.append(
                    (
                        (*path, key),
                        line,
                        f"appears twice in the same block (first on line {first_seen[key]}); "
                        "only the last one would count. Keep one and delete the other.",
                    )
                )
                continue
            first_seen[key] = line
            lines[(*path, key)] = line  # the line of the key, where a person looks
            _walk(value_node, (*path, key), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault((*path, index), item.start_mark.line + 1)
            _walk(item, (*path, index), lines, duplicates)


def _line_of(lines: dict[FieldPath, int], path: FieldPath) -> int:
    """The line of `path`, or of its nearest ancestor present in the file (for a missing key)."""
    for end in range(len(path), -1, -1):
        line = lines.get(tuple(path[:end]))
        if line is not None:
            return line
    return 1
