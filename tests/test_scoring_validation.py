"""`load_assessment`: one test per kind of problem, and all problems reported at once."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from scoring import Assessment, DefinitionError, load_assessment
from scoring.errors import PROBLEM_KINDS, Problem, path_text


def minimal() -> dict:
    """A small valid definition: three rungs, two gaps, two questions."""
    return {
        "id": "mini",
        "title": "Mini quiz",
        "rungs": [
            {"number": 1, "name": "Start", "meaning": "Just started.", "good": "A plan."},
            {
                "number": 2,
                "name": "Middle",
                "meaning": "Halfway.",
                "good": "Evidence.",
                "requires": [{"question": "q1", "level": 1}],
            },
            {
                "number": 3,
                "name": "Top",
                "meaning": "Done.",
                "good": "Scale.",
                "requires": [{"question": "q1", "level": 2}, {"question": "q2", "level": 1}],
            },
        ],
        "gaps": [
            {"id": "alpha", "name": "Alpha", "closing": "Close alpha.", "link": "index.md#gap-alpha"},
            {"id": "beta", "name": "Beta", "closing": "Close beta.", "link": "index.md#gap-beta"},
        ],
        "questions": [
            {
                "id": "q1",
                "gap": "alpha",
                "prompt": "First?",
                "options": [
                    {"id": "a0", "label": "No", "level": 0},
                    {"id": "a1", "label": "Some", "level": 1},
                    {"id": "a2", "label": "Yes", "level": 2},
                ],
            },
            {
                "id": "q2",
                "gap": "beta",
                "prompt": "Second?",
                "help": "A hint.",
                "options": [
                    {"id": "b0", "label": "No", "level": 0},
                    {"id": "b1", "label": "Yes", "level": 1},
                ],
            },
        ],
    }


def problems_of(data: object) -> list[Problem]:
    with pytest.raises(DefinitionError) as caught:
        load_assessment(data)
    return caught.value.problems


def test_minimal_definition_loads() -> None:
    assessment = load_assessment(minimal())
    assert isinstance(assessment, Assessment)
    assert [rung.number for rung in assessment.rungs] == [1, 2, 3]
    assert assessment.rungs[0].requires == ()
    assert assessment.question("q2").help == "A hint."
    assert assessment.question("q1").help is None
    assert assessment.intro is None


def test_text_is_trimmed_and_intro_is_optional() -> None:
    data = minimal()
    data["intro"] = "  Hello.  "
    data["questions"][0]["prompt"] = "  First?\n"
    assessment = load_assessment(data)
    assert assessment.intro == "Hello."
    assert assessment.question("q1").prompt == "First?"


def test_load_assessment_does_not_change_its_input() -> None:
    data = minimal()
    before = copy.deepcopy(data)
    load_assessment(data)
    assert data == before


def _set(path: tuple, value: object) -> Callable[[dict], None]:
    def mutate(data: dict) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


def _delete(path: tuple) -> Callable[[dict], None]:
    def mutate(data: dict) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return mutate


def _append(path: tuple, value: object) -> Callable[[dict], None]:
    def mutate(data: dict) -> None:
        target = data
        for part in path:
            target = target[part]
        target.append(value)

    return mutate


def _both(*mutations: Callable[[dict], None]) -> Callable[[dict], None]:
    def mutate(data: dict) -> None:
        for mutation in mutations:
            mutation(data)

    return mutate


# kind, mutation, the problems expected (kind, path text), words the message must contain: what
# to write instead.
CASES = [
    (
        "not_a_mapping",
        _set(("rungs", 1), "Middle"),
        [("not_a_mapping", "rungs[1]")],
        "Write each field on its own line as `name: value`",
    ),
    (
        "not_a_list",
        _set(("gaps",), "alpha"),
        # No gap can be checked, so the questions' gaps are not reported a second time.
        [("not_a_list", "gaps")],
        "Start each item on its own line with `- `",
    ),
    (
        "not_text",
        _set(("questions", 0, "prompt"), 12),
        [("not_text", "questions[0].prompt")],
        "Write the question as visitors read it after the colon",
    ),
    (
        "not_an_integer",
        _set(("questions", 0, "options", 1, "level"), "1"),
        [("not_an_integer", "questions[0].options[1].level")],
        "in digits without quotes (for example: 2)",
    ),
    (
        "missing_key",
        _delete(("questions", 1, "prompt")),
        [("missing_key", "questions[1].prompt")],
        "Add a line `prompt: ...` to this question",
    ),
    (
        "unknown_key",
        _set(("questions", 0, "promt"), "First?"),
        [("unknown_key", "questions[0].promt")],
        'Did you mean "prompt"?',
    ),
    (
        "empty_text",
        _set(("rungs", 1, "name"), "   "),
        [("empty_text", "rungs[1].name")],
        "is empty. Write the rung's short name",
    ),
    (
        "empty_list",
        _set(("questions", 1, "options"), [{"id": "b0", "label": "No", "level": 0}]),
        [("empty_list", "questions[1].options")],
        "needs at least 2 options",
    ),
    (
        "bad_id",
        _set(("questions", 0, "options", 0, "id"), "Not ready!"),
        [("bad_id", "questions[0].options[0].id")],
        "Write for example: not_ready",
    ),
    (
        "duplicate_id",
        _set(("questions", 0, "options", 1, "id"), "a0"),
        [("duplicate_id", "questions[0].options[1].id")],
        'already used by questions[0].options[0]. Each option of a question needs its own id',
    ),
    (
        "unknown_gap",
        _both(
            _set(("questions", 1, "gap"), "bta"),
            _append(("questions",), {
                "id": "q3", "gap": "beta", "prompt": "Third?",
                "options": [{"id": "c0", "label": "No", "level": 0},
                            {"id": "c1", "label": "Yes", "level": 1}],
            }),
        ),
        [("unknown_gap", "questions[1].gap")],
        'Did you mean "beta"? Write one of: alpha, beta.',
    ),
    (
        "gap_without_questions",
        _append(("gaps",), {"id": "gamma", "name": "Gamma", "closing": "C.", "link": "index.md"}),
        [("gap_without_questions", "gaps[2].id")],
        "Add a question with `gap: gamma`, or remove this gap",
    ),
    (
        "levels_out_of_order",
        _set(("questions", 0, "options", 2, "level"), 1),
        [("levels_out_of_order", "questions[0].options[2].level")],
        "write 2 or more here",
    ),
    (
        "rung_number",
        _set(("rungs", 1, "number"), 5),
        [("rung_number", "rungs[1].number")],
        "so write 2",
    ),
    (
        "rung_without_requirements",
        _delete(("rungs", 2, "requires")),
        [("rung_without_requirements", "rungs[2].requires")],
        "Add `requires:` with one line per answer",
    ),
    (
        "first_rung_requirements",
        _set(("rungs", 0, "requires"), [{"question": "q1", "level": 1}]),
        [("first_rung_requirements", "rungs[0].requires")],
        "Remove the requires list here",
    ),
    (
        "unknown_question",
        _set(("rungs", 1, "requires", 0, "question"), "q9"),
        [("unknown_question", "rungs[1].requires[0].question")],
        "Write the id of one of the questions listed under questions",
    ),
    (
        "impossible_level",
        _set(("rungs", 2, "requires", 0, "level"), 5),
        [("impossible_level", "rungs[2].requires[0].level")],
        "Write one of that question's levels: 1, 2.",
    ),
    (
        "always_met",
        _set(("rungs", 1, "requires", 0, "level"), 0),
        [("always_met", "rungs[1].requires[0].level")],
        "Write a higher level (1, 2) or remove this requirement",
    ),
    (
        "duplicate_requirement",
        _append(("rungs", 2, "requires"), {"question": "q2", "level": 1}),
        [("duplicate_requirement", "rungs[2].requires[2].question")],
        "Keep one line per question and delete this one",
    ),
]


@pytest.mark.parametrize("kind, mutate, expected, advice", CASES, ids=[case[0] for case in CASES])
def test_each_kind_of_problem(kind, mutate, expected, advice) -> None:
    data = minimal()
    mutate(data)
    problems = problems_of(data)
    assert [(problem.kind, problem.path_text) for problem in problems] == expected
    assert advice in problems[0].message
    assert problems[0].kind == kind


def test_every_kind_of_problem_has_a_test() -> None:
    assert {case[0] for case in CASES} == PROBLEM_KINDS


def test_problem_has_path_tuple_and_text() -> None:
    data = minimal()
    data["questions"][0]["options"][1]["level"] = 1.5
    [problem] = problems_of(data)
    assert problem.path == ("questions", 0, "options", 1, "level")
    assert problem.path_text == "questions[0].options[1].level"
    assert "decimal number (1.5)" in problem.message
    assert str(problem).startswith("questions[0].options[1].level: ")


def test_path_text() -> None:
    assert path_text(("questions", 3, "options", 1, "level")) == "questions[3].options[1].level"
    assert path_text(("rungs",)) == "rungs"
    assert path_text(()) == "(the whole file)"


@pytest.mark.parametrize("data", [None, [], "ladder", 3, True], ids=repr)
def test_the_file_must_be_a_block_of_fields(data) -> None:
    [problem] = problems_of(data)
    assert problem.kind == "not_a_mapping"
    assert problem.path == ()


def test_empty_file_lists_every_missing_top_level_field() -> None:
    problems = problems_of({})
    assert [(p.kind, p.path_text) for p in problems] == [
        ("missing_key", "id"),
        ("missing_key", "title"),
        ("missing_key", "rungs"),
        ("missing_key", "gaps"),
        ("missing_key", "questions"),
    ]


def test_a_rung_booking_invitation_is_optional_text() -> None:
    data = minimal()
    data["rungs"][2]["booking"] = "  Top of the ladder: compare notes with us.  "
    assessment = load_assessment(data)
    assert assessment.rungs[2].booking == "Top of the ladder: compare notes with us."
    assert assessment.rungs[0].booking is None
    data["rungs"][1]["booking"] = ["not", "text"]
    [problem] = problems_of(data)
    assert (problem.kind, problem.path_text) == ("not_text", "rungs[1].booking")
    assert "invit" in problem.message


def test_booleans_are_not_levels() -> None:
    # YAML reads `yes`/`true` as booleans; a level must be digits.
    data = minimal()
    data["questions"][1]["options"][1]["level"] = True
    [problem] = problems_of(data)
    assert problem.kind == "not_an_integer"
    assert "yes/no value" in problem.message


def test_null_text_is_reported_as_empty() -> None:
    # `title:` with nothing after it parses as null.
    data = minimal()
    data["title"] = None
    [problem] = problems_of(data)
    assert (problem.kind, problem.path_text) == ("empty_text", "title")


def test_duplicate_question_ids() -> None:
    data = minimal()
    data["questions"][1]["id"] = "q1"
    kinds = [(p.kind, p.path_text) for p in problems_of(data)]
    assert ("duplicate_id", "questions[1].id") in kinds


def test_duplicate_gap_ids() -> None:
    data = minimal()
    data["gaps"].append({"id": "alpha", "name": "A2", "closing": "C.", "link": "index.md"})
    [problem] = problems_of(data)
    assert (problem.kind, problem.path_text) == ("duplicate_id", "gaps[2].id")
    assert "already used by gaps[0]" in problem.message


def test_a_requirement_naming_a_broken_question_is_not_reported_twice() -> None:
    data = minimal()
    del data["questions"][0]["prompt"]
    assert [(p.kind, p.path_text) for p in problems_of(data)] == [
        ("missing_key", "questions[0].prompt")
    ]


def test_requirement_levels_are_checked_even_when_the_question_has_other_problems() -> None:
    data = minimal()
    del data["questions"][0]["prompt"]
    data["rungs"][2]["requires"][0]["level"] = 7
    assert [(p.kind, p.path_text) for p in problems_of(data)] == [
        ("missing_key", "questions[0].prompt"),
        ("impossible_level", "rungs[2].requires[0].level"),
    ]


def test_all_problems_are_reported_at_once() -> None:
    data = minimal()
    data["title"] = ""
    data["colour"] = "blue"
    data["gaps"][0]["link"] = 3
    data["questions"][0]["options"][2]["level"] = 0
    data["questions"][1]["gap"] = "gamma"
    del data["questions"][1]["options"][0]["label"]
    data["rungs"][1]["number"] = 7
    data["rungs"][2]["requires"][1]["question"] = "q7"
    data["rungs"][0]["requires"] = []
    error = pytest.raises(DefinitionError, load_assessment, data).value
    found = {(p.kind, p.path_text) for p in error.problems}
    assert found >= {
        ("unknown_key", "colour"),
        ("empty_text", "title"),
        ("not_text", "gaps[0].link"),
        ("levels_out_of_order", "questions[0].options[2].level"),
        ("unknown_gap", "questions[1].gap"),
        ("missing_key", "questions[1].options[0].label"),
        ("rung_number", "rungs[1].number"),
        ("unknown_question", "rungs[2].requires[1].question"),
        ("first_rung_requirements", "rungs[0].requires"),
    }
    # The error's text lists every problem, one per line, with its path.
    text = str(error)
    assert text.startswith(f"The assessment definition has {len(error.problems)} problems:")
    for problem in error.problems:
        assert f"  {problem.path_text}: {problem.message}" in text
    assert isinstance(error, ValueError)


def test_shipped_ladder_is_valid(ladder_data) -> None:
    assessment = load_assessment(ladder_data)
    assert [gap.id for gap in assessment.gaps] == [
        "value", "data", "integration", "reliability", "governance", "ownership",
    ]
    assert [rung.number for rung in assessment.rungs] == [1, 2, 3, 4, 5]
    # EDITING-QUIZ.md lets an editor add or remove questions: only "at least one per gap" is fixed.
    assert len(assessment.questions) >= len(assessment.gaps)
    assert {question.gap for question in assessment.questions} == {gap.id for gap in assessment.gaps}
    assert all(rung.requires for rung in assessment.rungs[1:])
    for gap in assessment.gaps:
        assert gap.link == f"index.md#gap-{gap.id}"


@pytest.fixture
def ladder_data() -> dict:
    import yaml  # the test reads the YAML; the scoring package itself never imports yaml

    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "content" / "assessments" / "ladder.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))
