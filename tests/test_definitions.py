"""`definitions.load_all`: quiz files in, validated definitions out, or one error with file:line for
every problem; plus one real `mkdocs build --strict` that a bad file stops."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from site_plugins.assessment.definitions import Definition, load_all

ROOT = Path(__file__).resolve().parents[1]
LADDER = ROOT / "content" / "assessments" / "ladder.yml"


@pytest.fixture
def docs(tmp_path) -> Path:
    """A docs folder named like the project's, holding a copy of the shipped ladder.yml."""
    docs_dir = tmp_path / "content"
    (docs_dir / "assessments").mkdir(parents=True)
    shutil.copy(LADDER, docs_dir / "assessments" / "ladder.yml")
    return docs_dir


def load(docs_dir: Path) -> dict[str, Definition]:
    return load_all(docs_dir / "assessments", docs_dir=docs_dir)


def error_of(docs_dir: Path) -> str:
    with pytest.raises(PluginError) as caught:
        load(docs_dir)
    return str(caught.value)


def line_of(text: str, pattern: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line matching `pattern`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if re.search(pattern, line)]
    return hits[occurrence - 1]


def edit(path: Path, old: str, new: str, count: int = 1) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, count)
    path.write_text(text, encoding="utf-8")
    return text


def test_loads_the_shipped_ladder() -> None:
    docs_dir = ROOT / "content"
    definitions = load(docs_dir)
    assert list(definitions) == ["ladder"]
    ladder = definitions["ladder"]
    assert ladder.name == "ladder"
    assert ladder.src_uri == "assessments/ladder.yml"
    assert ladder.path == LADDER and ladder.path.is_absolute()
    assert ladder.assessment.id == "ladder"
    assert ladder.json_text == json.dumps(
        ladder.data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert json.loads(ladder.json_text) == ladder.data
    assert ladder.digest == hashlib.sha256(ladder.json_text.encode("utf-8")).hexdigest()


def test_two_assessments_coexist(docs) -> None:
    second = docs / "assessments" / "agents.yml"
    shutil.copy(LADDER, second)
    edit(second, "id: ladder", "id: agents")
    title = re.search(r"^title: .*$", second.read_text(encoding="utf-8"), re.M)[0]
    edit(second, title, "title: Is your agent ready?")
    definitions = load(docs)
    assert list(definitions) == ["agents", "ladder"]
    assert definitions["agents"].assessment.title == "Is your agent ready?"
    assert definitions["agents"].digest != definitions["ladder"].digest
    assert definitions["agents"].src_uri == "assessments/agents.yml"


def test_hidden_files_are_not_quizzes(docs) -> None:
    (docs / "assessments" / ".#ladder.yml").write_text("half-saved: [", encoding="utf-8")
    assert list(load(docs)) == ["ladder"]


def test_yaml_syntax_error_gives_file_and_line(docs) -> None:
    path = docs / "assessments" / "ladder.yml"
    text = edit(path, "    prompt: What data does the system work on?", "    prompt: What data: does it use?")
    message = error_of(docs)
    line = line_of(text, "What data: does it use")
    assert f"content/assessments/ladder.yml:{line}: this is not valid YAML" in message
    assert "double quotes" in message


def test_a_bad_level_points_at_the_line_of_that_level_key(docs) -> None:
    path = docs / "assessments" / "ladder.yml"
    text = edit(path, "        label: Roughly, from the pilot's invoices.\n        level: 1",
                "        label: Roughly, from the pilot's invoices.\n        level: one")
    line = line_of(text, r"^\s+level: one$")
    message = error_of(docs)
    assert (
        f"content/assessments/ladder.yml:{line}: questions[1].options[1].level: should be a whole "
        "number, but it is text ('one')."
    ) in message
    assert message.startswith("1 problem in the quiz files (content/assessments/), so nothing was built.")


def test_a_missing_key_points_at_the_block_that_should_hold_it(docs) -> None:
    path = docs / "assessments" / "ladder.yml"
    text = edit(path, "    prompt: What data does the system work on?\n", "")
    line = line_of(text, r"^  - id: data$", occurrence=2)  # the question, not the gap
    assert f"content/assessments/ladder.yml:{line}: questions[2].prompt: is missing." in error_of(docs)


def test_a_requirement_in_flow_style_points_at_its_line(docs) -> None:
    path = docs / "assessments" / "ladder.yml"
    text = edit(path, "      - {question: data, level: 3}", "      - {question: data, level: 9}")
    line = line_of(text, r"question: data, level: 9")
    assert f"ladder.yml:{line}: rungs[2].requires[0].level: no option of \"data\" has level 9" in error_of(docs)


def test_several_problems_in_two_files_are_all_reported(docs) -> None:
    ladder = docs / "assessments" / "ladder.yml"
    edit(ladder, "    gap: reliability\n", "    gap: reliabilty\n")  # first reliability question
    first_rung = re.search(r"^    name: (.+)$", ladder.read_text(encoding="utf-8"), re.M)[1]
    edit(ladder, f"name: {first_rung}", "name: ''")
    other = docs / "assessments" / "agents.yml"
    other.write_text(
        "id: agents\n"
        "title: Agents\n"
        "rungs: []\n"
        "gaps:\n"
        "  - id: value\n"
        "    name: Value\n"
        "    closing: Close it.\n"
        "    link: index.md#gap-value\n"
        "    colour: red\n"
        "questions:\n"
        "  - id: q1\n"
        "    gap: value\n"
        "    prompt: Why?\n"
        "    prompt: Why again?\n"
        "    options:\n"
        "      - {id: a, label: A, level: 2}\n"
        "      - {id: b, label: B, level: 1}\n",
        encoding="utf-8",
    )
    message = error_of(docs)
    lines = message.splitlines()
    assert lines[0].startswith("6 problems in the quiz files")
    ladder_text = ladder.read_text(encoding="utf-8")
    expected = [
        f"content/assessments/agents.yml:3: rungs: needs at least 2 rungs",
        "content/assessments/agents.yml:9: gaps[0].colour: \"colour\" is not a field this format knows.",
        "content/assessments/agents.yml:14: questions[0].prompt: appears twice in the same block "
        "(first on line 13)",
        "content/assessments/agents.yml:17: questions[0].options[1].level: is 1, but the option "
        "above it has level 2.",
        f"content/assessments/ladder.yml:{line_of(ladder_text, 'name: .{2}$')}: rungs[0].name: is empty.",
        f"content/assessments/ladder.yml:{line_of(ladder_text, 'gap: reliabilty')}: questions[4].gap: "
        '"reliabilty" is not one of the gaps listed under gaps. Did you mean "reliability"?',
    ]
    body = lines[1:]
    for wanted in expected:
        assert any(line.strip().startswith(wanted) for line in body), (wanted, message)
    # Files in name order, lines in order within a file.
    files = [line.split(":")[0].strip() for line in body]
    assert files == sorted(files)


def test_the_id_must_match_the_file_name(docs) -> None:
    path = docs / "assessments" / "ladder.yml"
    text = edit(path, "id: ladder", "id: rungs")
    line = line_of(text, "^id: rungs$")
    message = error_of(docs)
    assert f"content/assessments/ladder.yml:{line}: id: is \"rungs\", but the file is ladder.yml" in message
    assert "Write `id: ladder`" in message


def test_a_yaml_extension_is_reported(docs) -> None:
    shutil.copy(LADDER, docs / "assessments" / "extra.yaml")
    assert "content/assessments/extra.yaml:1: quiz files must end in .yml" in error_of(docs)


def test_an_empty_file_is_a_problem_not_a_crash(docs) -> None:
    (docs / "assessments" / "empty.yml").write_text("# nothing yet\n", encoding="utf-8")
    assert "content/assessments/empty.yml:1: (the whole file): the file should be a block of fields" in error_of(docs)


def test_several_documents_in_one_file_is_a_syntax_error(docs) -> None:
    (docs / "assessments" / "two.yml").write_text("id: a\n---\nid: b\n", encoding="utf-8")
    assert "content/assessments/two.yml:2: this is not valid YAML" in error_of(docs)


def test_unsafe_tags_are_refused(docs) -> None:
    (docs / "assessments" / "evil.yml").write_text("id: !!python/object/apply:os.system [echo]\n")
    assert "content/assessments/evil.yml:1: this is not valid YAML" in error_of(docs)


@pytest.mark.parametrize("make_folder", [False, True], ids=["missing folder", "empty folder"])
def test_no_quiz_file_says_where_to_put_one(tmp_path, make_folder) -> None:
    docs_dir = tmp_path / "content"
    if make_folder:
        (docs_dir / "assessments").mkdir(parents=True)
    with pytest.raises(PluginError) as caught:
        load(docs_dir)
    assert "No quiz file found: put each quiz in content/assessments/ as a .yml file" in str(caught.value)


def test_mkdocs_build_fails_on_a_bad_quiz_file_with_file_and_line(tmp_path) -> None:
    """A real `mkdocs build --strict` with the project's config, docs pointed at a bad quiz."""
    from conftest import run_mkdocs_build

    docs_dir = tmp_path / "content"
    (docs_dir / "assessments").mkdir(parents=True)
    (docs_dir / "index.md").write_text("# Article\n\n<!-- assessment: ladder -->\n", encoding="utf-8")
    bad = docs_dir / "assessments" / "ladder.yml"
    shutil.copy(LADDER, bad)
    text = edit(bad, "        label: Yes, per task, and we watch it as usage grows.\n        level: 2",
                "        label: Yes, per task, and we watch it as usage grows.\n        level: 1")
    line = line_of(text, r"label: Yes, per task") + 1
    from conftest import config_with_docs_at

    config = config_with_docs_at(docs_dir, tmp_path / "mkdocs.yml")
    site_dir = tmp_path / "site"
    result = run_mkdocs_build(site_dir, config_file=config)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert (
        f"content/assessments/ladder.yml:{line}: questions[1].options[2].level: is 1, but the "
        "option above it has level 1."
    ) in output
    assert not (site_dir / "index.html").exists()
