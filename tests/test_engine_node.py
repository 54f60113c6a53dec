"""The scoring wheel under the vendored Pyodide in Node: the same results as CPython.

Node starts the engine as the browser's worker does: indexURL is the cached runtime folder, the
lock file is ours, `loadPackage("scoring", {checkIntegrity: true})` loads the wheel by name (its
sha256 checked against the lock by pyodide_node.mjs, since Pyodide skips that check in Node).
The same Python (RUNNER) scores the same answer sets in CPython and in Pyodide; the JSON of every
`to_dict()` must match exactly, on the full standard library and on the cut one.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import zipfile
from pathlib import Path

import brotli
import pytest
from mkdocs.exceptions import PluginError

from site_plugins.assessment import definitions, engine, stdlib
from site_plugins.assessment.config import AssessmentConfig
from site_plugins.assessment.runtime import Runtime

ROOT = Path(__file__).resolve().parents[1]
CROSSCHECK = ROOT / "tests" / "node" / "crosscheck.mjs"
SEED = 20260
VALID_CASES = 1000

RUNNER = r'''
import json
from scoring import load_assessment, score

def run_cases(definitions_json, cases_json):
    assessments = {
        name: load_assessment(json.loads(text)) for name, text in json.loads(definitions_json).items()
    }
    results = []
    for case in json.loads(cases_json):
        try:
            outcome = {"result": score(assessments[case["assessment"]], case["answers"]).to_dict()}
        except Exception as error:
            outcome = {"error": [type(error).__name__, str(error)]}
        results.append(json.dumps(outcome, ensure_ascii=False))
    return results
'''


def run_in_cpython(definition_texts: dict[str, str], cases: list[dict]) -> list[str]:
    namespace: dict = {}
    exec(RUNNER, namespace)
    return namespace["run_cases"](json.dumps(definition_texts), json.dumps(cases))


def make_cases(definition_texts: dict[str, str]) -> list[dict]:
    """Fixed seed: every definition gets its extremes, then random sets with unanswered
    questions, shuffled key order, and a few invalid sets (unknown question or option)."""
    rng = random.Random(SEED)
    shapes = {
        name: [(q["id"], [o["id"] for o in q["options"]]) for q in json.loads(text)["questions"]]
        for name, text in definition_texts.items()
    }
    cases = []
    for name, questions in shapes.items():
        cases.append({"assessment": name, "answers": {}})
        for end in (0, -1):
            cases.append({"assessment": name, "answers": {q: o[end] for q, o in questions}})
    names = sorted(shapes)
    while len(cases) < VALID_CASES:
        name = rng.choice(names)
        unanswered = rng.choice((0.0, 0.1, 0.3, 0.7))
        answers = {q: rng.choice(o) for q, o in shapes[name] if rng.random() >= unanswered}
        items = list(answers.items())
        rng.shuffle(items)
        cases.append({"assessment": name, "answers": dict(items)})
    for index in range(VALID_CASES // 20):
        name = rng.choice(names)
        question, options = rng.choice(shapes[name])
        bad = {question: "no-such-option"} if index % 2 else {"no_such_question": options[0]}
        cases.append({"assessment": name, "answers": bad})
    return cases


@pytest.fixture(scope="module")
def real_definitions() -> dict[str, definitions.Definition]:
    docs = ROOT / "content"
    return definitions.load_all(docs / "assessments", docs_dir=docs)


def test_crosscheck_cases_exercise_the_next_move_and_next_steps(real_definitions):
    """The Pyodide == CPython comparison covers every field of the contract, including the
    next move and the next steps the result leads with: the cases reach each rung's version."""
    texts = {name: d.json_text for name, d in real_definitions.items()}
    outcomes = [json.loads(line) for line in run_in_cpython(texts, make_cases(texts))]
    results = [o["result"] for o in outcomes if "result" in o]
    assert {r["rung"]["number"] for r in results if r["next_move"]} >= {1, 2}
    assert any(r["next_move"] is None and r["next_steps"] == [] for r in results)
    assert any(len(r["next_steps"]) >= 3 for r in results)


@pytest.fixture(scope="module")
def engine_files(real_definitions) -> engine.EngineFiles:
    """A real build's engine with the cut standard library (traced here if not cached)."""
    if shutil.which("node") is None:
        pytest.fail("Node is needed for these tests: install Node 20 (see README).")
    config = AssessmentConfig()
    config.load_dict({"pyodide_stdlib": "minimal"})
    assert config.validate() == ([], [])
    return engine.prepare(
        config, project_dir=ROOT, scoring_dir=ROOT / "scoring", definitions=real_definitions
    )


def run_node(script: Path, request: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    request_file, reply_file = tmp_path / "request.json", tmp_path / "reply.json"
    request_file.write_text(json.dumps(request))
    result = subprocess.run(
        ["node", str(script), str(request_file), str(reply_file)],
        capture_output=True, text=True, timeout=120,
    )
    result.reply = json.loads(reply_file.read_text()) if reply_file.is_file() else None
    return result


def crosscheck(engine_files, real_definitions, tmp_path, stdlib_path: Path | None, runner=RUNNER):
    texts = {name: d.json_text for name, d in real_definitions.items()}
    cases = make_cases(texts)
    expected = run_in_cpython(texts, cases)
    assert sum('"result"' in e[:10] for e in expected) >= VALID_CASES

    result = run_node(CROSSCHECK, {
        "indexURL": str(engine_files.runtime_dir) + "/",
        "lockFileURL": str(engine_files.lock_path),
        "stdLibURL": str(stdlib_path) if stdlib_path else None,
        "runner": runner,
        "definitions": texts,
        "cases": cases,
    }, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    reply = result.reply
    lock = json.loads(engine_files.lock_path.read_text())
    assert reply["python"] == lock["info"]["python"]  # really Pyodide's interpreter
    assert "/site-packages/scoring/" in reply["scoringFile"]  # really from the wheel

    actual = reply["results"]
    assert len(actual) == len(cases)
    differing = [i for i, (a, e) in enumerate(zip(actual, expected)) if a != e]
    if differing:
        first = differing[0]
        pytest.fail(
            f"Pyodide differs from CPython on {len(differing)} of {len(cases)} answer sets; "
            f"first: {json.dumps(cases[first])}\nCPython: {expected[first]}\nPyodide: {actual[first]}"
        )
    return reply


@pytest.mark.node
def test_pyodide_scores_exactly_like_cpython(engine_files, real_definitions, tmp_path):
    reply = crosscheck(engine_files, real_definitions, tmp_path, stdlib_path=None)
    with zipfile.ZipFile(engine_files.runtime_dir / "python_stdlib.zip") as full:
        assert reply["stdlibEntries"] == len(full.namelist())


@pytest.mark.node
def test_cut_stdlib_scores_exactly_like_cpython(engine_files, real_definitions, tmp_path):
    cut = engine_files.stdlib_path
    assert engine_files.stdlib_uri == f"assets/assessment/pyodide/314.0.7/{cut.name}"
    reply = crosscheck(engine_files, real_definitions, tmp_path, stdlib_path=cut)

    full = engine_files.runtime_dir / "python_stdlib.zip"
    with zipfile.ZipFile(cut) as small, zipfile.ZipFile(full) as big:
        assert reply["stdlibEntries"] == len(small.namelist()) < len(big.namelist())
        # Stored, so HTTP compression works across the files (stdlib.py).
        assert {info.compress_type for info in small.infolist()} == {zipfile.ZIP_STORED}
        # The modules on the first result's path travel as bytecode compiled by Pyodide itself
        # (unchecked hash-based pycs, no source beside them): Pyodide imported them, so their
        # magic number is its own (zipimport refuses another and has no source to fall back on).
        names = set(small.namelist())
        bytecode = sorted(n for n in names if n.endswith(".pyc"))
        assert bytecode and not any(n[:-1] in names for n in bytecode)
        assert all(int.from_bytes(small.read(n)[4:8], "little") == 0b01 for n in bytecode)
        assert set(reply["fromBytecode"]) == set(bytecode)
    # What travels: the stock zip does not compress; the cut one must be well under half of it.
    wire = {name: len(brotli.compress(path.read_bytes(), quality=5)) for name, path in (("full", full), ("cut", cut))}
    print(f"\nstdlib brotli-5 bytes: full {wire['full']:,}, cut {wire['cut']:,} ({len(small.namelist())} entries)")
    assert wire["cut"] < wire["full"] / 2


@pytest.mark.node
def test_crosscheck_fails_when_pyodide_differs(engine_files, real_definitions, tmp_path):
    """The check itself: one number changed only under Pyodide must fail it."""
    skewed = RUNNER + (
        "\nimport sys\n"
        "if sys.platform == 'emscripten':\n"
        "    _run = run_cases\n"
        "    run_cases = lambda d, c: [r.replace('\"number\": 2', '\"number\": 7', 1) for r in _run(d, c)]\n"
    )
    with pytest.raises(pytest.fail.Exception, match="Pyodide differs from CPython"):
        crosscheck(engine_files, real_definitions, tmp_path, stdlib_path=None, runner=skewed)


@pytest.mark.node
def test_wheel_not_matching_the_lock_is_refused(engine_files, tmp_path):
    packages = tmp_path / "packages"
    shutil.copytree(engine_files.packages_dir, packages)
    lock = json.loads((packages / "pyodide-lock.json").read_text())
    lock["packages"]["scoring"]["sha256"] = "0" * 64
    (packages / "pyodide-lock.json").write_text(json.dumps(lock))

    result = run_node(CROSSCHECK, {
        "indexURL": str(engine_files.runtime_dir) + "/",
        "lockFileURL": str(packages / "pyodide-lock.json"),
        "runner": RUNNER, "definitions": {}, "cases": [],
    }, tmp_path)
    assert result.returncode != 0 and result.reply is None
    assert "integrity" in result.stderr


def test_minimal_stdlib_without_node_says_what_to_do(tmp_path, monkeypatch):
    config = AssessmentConfig()
    config.load_dict({})  # full: needs no Node
    assert config.validate() == ([], [])
    full = engine.prepare(config, project_dir=ROOT, scoring_dir=ROOT / "scoring")
    monkeypatch.setenv("PATH", str(tmp_path))  # no node on it
    pyodide = Runtime(full.version, full.runtime_dir)
    with pytest.raises(PluginError, match=r"set `pyodide_stdlib: full`"):
        stdlib.cut_stdlib(pyodide, full.lock_path, {}, tmp_path)  # tmp: nothing cached
