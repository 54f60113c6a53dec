"""Comparisons and portfolios under the vendored Pyodide in Node: the same JSON as CPython.

Like `test_engine_node.py` for `score()`: one Python runner, the same seeded cases on both
interpreters, and the JSON of every `to_dict()` (or error) must match exactly.
"""

from __future__ import annotations

import json
import random

import pytest

from scoring.comparison import MAX_PEOPLE
from test_engine_node import CROSSCHECK, engine_files, real_definitions, run_node  # noqa: F401

SEED = 20261
CASES = 1000

RUNNER = r'''
import json
from scoring import compare, load_assessment, portfolio

def run_cases(definitions_json, cases_json):
    assessments = {
        name: load_assessment(json.loads(text)) for name, text in json.loads(definitions_json).items()
    }
    results = []
    for case in json.loads(cases_json):
        assessment = assessments[case["assessment"]]
        try:
            if case["kind"] == "compare":
                value = compare(assessment, case["sets"], case.get("labels")).to_dict()
            else:
                value = portfolio(assessment, case["initiatives"]).to_dict()
            outcome = {"result": value}
        except Exception as error:
            outcome = {"error": [type(error).__name__, str(error)]}
        results.append(json.dumps(outcome, ensure_ascii=False))
    return results
'''


def make_cases(definition_texts: dict[str, str]) -> list[dict]:
    """Fixed seed: half comparisons of 2 to MAX_PEOPLE sets (some identical, some with gaps),
    half portfolios of 0 to 15 named initiatives, and a few the functions must refuse."""
    rng = random.Random(SEED)
    shapes = {
        name: [(q["id"], [o["id"] for o in q["options"]]) for q in json.loads(text)["questions"]]
        for name, text in definition_texts.items()
    }
    names = sorted(shapes)

    def answers(name: str) -> dict[str, str]:
        leaning = rng.randrange(4)
        unanswered = rng.choice((0.0, 0.1, 0.4))
        return {
            q: rng.choice(o[min(leaning, len(o) - 1):] if rng.random() < 0.6 else o)
            for q, o in shapes[name]
            if rng.random() >= unanswered
        }

    cases = []
    while len(cases) < CASES:
        name = rng.choice(names)
        if len(cases) % 2:
            people = [answers(name) for _ in range(rng.randint(2, MAX_PEOPLE))]
            if rng.random() < 0.1:
                people = [people[0]] * len(people)
            labels = None if rng.random() < 0.5 else [f"Person «{i}»" for i in range(len(people))]
            cases.append({"kind": "compare", "assessment": name, "sets": people, "labels": labels})
        else:
            initiatives = [
                {"name": f"Initiative {i} ✓", "answers": answers(name)} for i in range(rng.randint(0, 15))
            ]
            cases.append({"kind": "portfolio", "assessment": name, "initiatives": initiatives})
    name = names[0]
    cases += [
        {"kind": "compare", "assessment": name, "sets": [{}]},
        {"kind": "compare", "assessment": name, "sets": [{}, {"nope": "x"}]},
        {"kind": "portfolio", "assessment": name, "initiatives": [{"name": " ", "answers": {}}]},
        {"kind": "portfolio", "assessment": name, "initiatives": "not a list"},
    ]
    return cases


def run_in_cpython(texts: dict[str, str], cases: list[dict]) -> list[str]:
    namespace: dict = {}
    exec(RUNNER, namespace)
    return namespace["run_cases"](json.dumps(texts), json.dumps(cases))


@pytest.mark.node
def test_pyodide_compares_and_plots_portfolios_exactly_like_cpython(
    engine_files, real_definitions, tmp_path  # noqa: F811
):
    texts = {name: d.json_text for name, d in real_definitions.items()}
    cases = make_cases(texts)
    expected = run_in_cpython(texts, cases)
    assert sum('"result"' in e[:10] for e in expected) >= CASES
    assert sum('"differences": []' in e for e in expected) >= 10  # identical sets occur
    assert sum('"bottleneck": {' in e for e in expected) >= 100

    result = run_node(CROSSCHECK, {
        "indexURL": str(engine_files.runtime_dir) + "/",
        "lockFileURL": str(engine_files.lock_path),
        "stdLibURL": str(engine_files.stdlib_path),  # the cut library the site ships
        "runner": RUNNER,
        "definitions": texts,
        "cases": cases,
    }, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "/site-packages/scoring/" in result.reply["scoringFile"]
    actual = result.reply["results"]
    assert len(actual) == len(cases)
    differing = [i for i, (a, e) in enumerate(zip(actual, expected)) if a != e]
    assert not differing, (
        f"Pyodide differs from CPython on {len(differing)} of {len(cases)} cases; first: "
        f"{json.dumps(cases[differing[0]])[:2000]}\nCPython: {expected[differing[0]][:2000]}\n"
        f"Pyodide: {actual[differing[0]][:2000]}"
    )
