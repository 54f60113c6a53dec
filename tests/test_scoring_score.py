"""`score`: gating, blockers and their order, gap scores, the result contract, bad answers, and the
article's three client patterns on the shipped ladder.yml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml  # reads the shipped file for the test; scoring itself never imports yaml

from scoring import AnswerError, Assessment, load_assessment, score

LADDER = Path(__file__).resolve().parents[1] / "content" / "assessments" / "ladder.yml"


@pytest.fixture(scope="module")
def ladder() -> Assessment:
    return load_assessment(yaml.safe_load(LADDER.read_text(encoding="utf-8")))


def lowest(assessment: Assessment) -> dict[str, str]:
    return {q.id: q.options[0].id for q in assessment.questions}


def highest(assessment: Assessment) -> dict[str, str]:
    return {q.id: q.options[-1].id for q in assessment.questions}


def at_level(assessment: Assessment, **levels: int) -> dict[str, str]:
    """Answers choosing, per question, the option with the given level (lowest otherwise)."""
    answers = lowest(assessment)
    for question_id, level in levels.items():
        answers[question_id] = assessment.question(question_id).option_at(level).id
    return answers


# -- the article's three client patterns -------------------------------------------------------


def test_pattern_the_demo_with_no_metric(ladder) -> None:
    """A polished internal assistant, used by colleagues on an export of real documents, with a
    broad aim ("save time") but no number: rung 1, held back by value definition alone."""
    answers = at_level(
        ladder,
        outcome=1,  # a broad aim, no number
        economics=0,
        data=1,  # a real extract
        integration=1,
        evaluation=1,
        monitoring=1,
        volume=1,
        access=1,
        compliance=0,
        owner=0,
        skills=0,
        users=1,  # a pilot group of real users
    )
    result = score(ladder, answers)
    assert result.rung == 1
    assert result.blocking_gaps == ["value"]
    [gap] = result.to_dict()["blocking_gaps"]
    assert [s["question"] for s in gap["shortfalls"]] == ["outcome"]
    assert gap["shortfalls"][0]["answer"]["id"] == "broad_aim"
    assert gap["shortfalls"][0]["needed"]["id"] == "named_metric"


def test_pattern_the_pilot_that_drowned_in_real_data(ladder) -> None:
    """A document-processing pilot with a named metric, real users, an evaluation set and working
    connections, which fell apart on the real archive: rung 2, held back by data."""
    answers = at_level(
        ladder,
        outcome=2,
        economics=1,
        data=1,  # a real extract, refreshed by hand: no pipeline
        integration=2,
        evaluation=2,
        monitoring=2,
        volume=1,
        access=1,
        compliance=1,
        owner=1,
        skills=1,
        users=1,
    )
    result = score(ladder, answers)
    assert result.rung == 2
    assert result.blocking_gaps == ["data"]
    [gap] = result.to_dict()["blocking_gaps"]
    assert gap["shortfalls"] == [
        {
            "question": "data",
            "prompt": ladder.question("data").prompt,
            "answer": {"id": "real_extract", "label": ladder.question("data").options[1].label, "level": 1},
            "needed_level": 3,
            "needed": {"id": "pipelines", "label": ladder.question("data").options[3].label, "level": 3},
        }
    ]


def test_pattern_the_agent_nobody_could_trust(ladder) -> None:
    """A customer-facing agent on live data with real integrations, but no way to tell when it is
    wrong and no sign-off yet: rung 2, held back by reliability, with governance waiting later."""
    answers = at_level(
        ladder,
        outcome=2,
        economics=1,
        data=3,
        integration=2,
        evaluation=0,  # it looked right when tried
        monitoring=0,  # found out from complaints
        volume=1,
        access=0,
        compliance=1,  # review started, findings open
        owner=1,
        skills=1,
        users=1,
    )
    result = score(ladder, answers)
    assert result.rung == 2
    assert result.blocking_gaps == ["reliability"]
    later = dict(result.later_gaps)
    assert "governance" in later[4]
    assert {"rung": 4, "gaps": later[4]} in result.to_dict()["later_gaps"]


# -- the ends of the ladder ---------------------------------------------------------------------


def test_all_least_mature_answers_give_rung_1(ladder) -> None:
    result = score(ladder, lowest(ladder))
    assert result.rung == 1
    assert result.complete
    assert set(result.gap_scores.values()) == {0}
    assert result.blocking_gaps[0] == "value"


def test_all_most_mature_answers_give_rung_5_with_no_blockers(ladder) -> None:
    result = score(ladder, highest(ladder))
    assert result.rung == 5
    assert result.blocking_gaps == []
    assert result.later_gaps == []
    assert set(result.gap_scores.values()) == {100}
    data = result.to_dict()
    assert data["next_rung"] is None
    assert data["blocking_gaps"] == []
    assert all(rung["met"] for rung in data["rungs"])


# -- gating ------------------------------------------------------------------------------------


def test_a_strong_gap_never_hides_a_missing_one(ladder) -> None:
    answers = highest(ladder)
    answers["outcome"] = "none"
    result = score(ladder, answers)
    assert result.rung == 1
    assert result.blocking_gaps == ["value"]
    # The profile still shows the strengths: gap scores are not gated.
    assert result.gap_scores["data"] == 100
    assert result.gap_scores["value"] == 50


def test_a_rung_counts_only_when_every_rung_below_is_met(ladder) -> None:
    # Everything rung 3 and 4 ask for, but no real user: rung 2 is not met, so neither are they.
    answers = highest(ladder)
    answers["users"] = "builders"
    result = score(ladder, answers)
    assert result.rung == 1
    assert result.blocking_gaps == ["ownership"]


def test_the_rung_is_the_highest_fully_met() -> None:
    from test_scoring_validation import minimal

    mini = load_assessment(minimal())
    assert score(mini, {}).rung == 1
    assert score(mini, {"q1": "a1"}).rung == 2
    assert score(mini, {"q1": "a2"}).rung == 2
    assert score(mini, {"q1": "a2", "q2": "b1"}).rung == 3
    assert score(mini, {"q1": "a0", "q2": "b1"}).rung == 1


def test_unanswered_questions_count_as_unmet_and_are_listed(ladder) -> None:
    answers = highest(ladder)
    del answers["outcome"], answers["skills"]
    result = score(ladder, answers)
    assert result.rung == 1
    assert result.unanswered == ["outcome", "skills"]
    assert not result.complete
    data = result.to_dict()
    assert data["complete"] is False
    assert data["unanswered"] == ["outcome", "skills"]
    shortfall = data["blocking_gaps"][0]["shortfalls"][0]
    assert shortfall["question"] == "outcome"
    assert shortfall["answer"] is None
    assert shortfall["needed_level"] == 2


def test_no_answers_at_all(ladder) -> None:
    result = score(ladder, {})
    assert result.rung == 1
    assert result.unanswered == [q.id for q in ladder.questions]
    assert set(result.gap_scores.values()) == {0}


# -- blocking gaps: most severe first -----------------------------------------------------------


def test_blocking_gaps_most_severe_first(ladder) -> None:
    # At rung 2, heading for 3: data one step short, reliability four steps short in all.
    answers = at_level(ladder, outcome=2, data=2, users=1, integration=2, evaluation=1, monitoring=0)
    result = score(ladder, answers)
    assert result.rung == 2
    assert result.blocking_gaps == ["reliability", "data"]


def test_equal_severity_keeps_the_file_order_of_gaps(ladder) -> None:
    # Rung 3 needs data 3 and integration 2: both one step short.
    answers = at_level(ladder, outcome=2, data=2, users=1, integration=1, evaluation=2, monitoring=2)
    result = score(ladder, answers)
    assert result.rung == 2
    assert result.blocking_gaps == ["data", "integration"]


def test_an_unanswered_question_counts_one_step_below_the_first_option(ladder) -> None:
    # Rung 2: outcome unanswered is 3 steps short of named_metric; data curated is 1 step short.
    answers = at_level(ladder, data=0, users=1)
    del answers["outcome"]
    assert score(ladder, answers).blocking_gaps == ["value", "data"]
    answers["outcome"] = "broad_aim"  # 1 step short now: tie, so file order (value first)
    answers["data"] = "curated"
    assert score(ladder, answers).blocking_gaps == ["value", "data"]


# -- gap scores ------------------------------------------------------------------------------------


def test_gap_scores_are_the_average_position_rounded_half_up() -> None:
    from test_scoring_validation import minimal

    mini = load_assessment(minimal())
    assert score(mini, {"q1": "a1"}).gap_scores == {"alpha": 50, "beta": 0}
    assert score(mini, {"q1": "a2", "q2": "b1"}).gap_scores == {"alpha": 100, "beta": 100}


def test_gap_score_rounding_with_three_questions(ladder) -> None:
    # Reliability has three questions of levels 0..3: one answer at level 1 is 1/9 = 11.1 -> 11;
    # levels 1 and 1 -> 2/9 = 22.2 -> 22; 3+3+2 -> 8/9 = 88.9 -> 89.
    assert score(ladder, {"evaluation": "spot_checks"}).gap_scores["reliability"] == 11
    assert score(ladder, {"evaluation": "spot_checks", "monitoring": "logs"}).gap_scores["reliability"] == 22
    full = {"evaluation": "continuous", "monitoring": "alerts_and_review", "volume": "thousands"}
    assert score(ladder, full).gap_scores["reliability"] == 89


# -- the result contract (ARCHITECTURE.md) ----------------------------------------------------------


def test_to_dict_has_exactly_the_contract_fields(ladder) -> None:
    answers = at_level(ladder, outcome=2, data=1, users=1)
    data = score(ladder, answers).to_dict()
    assert list(data) == [
        "assessment", "complete", "rung", "next_rung", "rungs", "blocking_gaps", "gaps",
        "gap_scores", "later_gaps", "next_move", "next_steps", "unanswered",
    ]
    assert data["assessment"] == "ladder"
    assert set(data["rung"]) == {"number", "name", "meaning", "good", "booking"}
    assert data["rung"]["number"] == 2 and data["rung"]["name"] == ladder.rungs[1].name
    assert data["next_rung"]["number"] == 3
    assert [(r["number"], r["met"]) for r in data["rungs"]] == [
        (1, True), (2, True), (3, False), (4, False), (5, False),
    ]
    assert all(set(r) == {"number", "name", "meaning", "good", "booking", "met"} for r in data["rungs"])
    for gap in data["blocking_gaps"]:
        assert set(gap) == {"id", "name", "closing", "link", "shortfalls"}
        for shortfall in gap["shortfalls"]:
            assert set(shortfall) == {"question", "prompt", "answer", "needed_level", "needed"}
            assert set(shortfall["needed"]) == {"id", "label", "level"}
            assert shortfall["needed"]["level"] == shortfall["needed_level"]
    assert [g["id"] for g in data["gaps"]] == [
        "value", "data", "integration", "reliability", "governance", "ownership",
    ]
    assert all(set(g) == {"id", "name", "score", "link"} for g in data["gaps"])
    assert data["gap_scores"] == {g["id"]: g["score"] for g in data["gaps"]}
    assert [entry["rung"] for entry in data["later_gaps"]] == [4, 5]
    assert all(set(entry) == {"rung", "gaps"} for entry in data["later_gaps"])
    move = data["next_move"]
    assert set(move) == {
        "question", "prompt", "answer", "needed_level", "needed", "gap", "unblocks", "changes_needed",
    }
    assert set(move["gap"]) == {"id", "name", "link"} and move["unblocks"] == 3
    assert [step["rung"]["number"] for step in data["next_steps"]] == [3, 4, 5]
    assert all(set(step) == {"rung", "gaps"} for step in data["next_steps"])
    assert all(set(g) == {"id", "name", "link"} for step in data["next_steps"] for g in step["gaps"])
    assert json.loads(json.dumps(data)) == data


def test_next_move_on_a_named_case(ladder) -> None:
    # Rung 2 reached; for rung 3 the data answer is two options short and the others one:
    # the most severe blocking gap is data, and its one short answer is the move.
    answers = at_level(ladder, outcome=2, data=1, users=1)
    data = score(ladder, answers).to_dict()
    assert data["blocking_gaps"][0]["id"] == data["next_move"]["gap"]["id"]
    first_gap = data["blocking_gaps"][0]
    assert data["next_move"]["question"] in [s["question"] for s in first_gap["shortfalls"]]
    top = at_level(ladder, **{q.id: q.options[-1].level for q in ladder.questions})
    assert score(ladder, top).to_dict()["next_move"] is None
    assert score(ladder, top).to_dict()["next_steps"] == []


def test_a_rung_can_carry_its_own_booking_invitation(ladder) -> None:
    data = score(ladder, {}).to_dict()
    rungs = {rung["number"]: rung for rung in data["rungs"]}
    assert data["rung"]["booking"] == rungs[1]["booking"]
    assert all(rung["booking"] is None or rung["booking"].strip() for rung in data["rungs"])


def test_later_gaps_leave_out_rungs_with_nothing_missing(ladder) -> None:
    # Everything for rung 5 except rung 3's data pipeline: rung 2, data blocks; rungs 4 and 5
    # ask nothing of data, so nothing is listed for them.
    answers = highest(ladder)
    answers["data"] = "live_patched"
    result = score(ladder, answers)
    assert (result.rung, result.blocking_gaps, result.later_gaps) == (2, ["data"], [])


# -- answers that cannot be used -----------------------------------------------------------------


@pytest.mark.parametrize(
    "answers, words",
    [
        (None, "not nothing (null)"),
        ([], "not a list"),
        ("outcome=none", 'not the text "outcome=none"'),
        (42, "not a number"),
        ({"nope": "x"}, 'There is no question "nope"'),
        ({"outcome": "maybe"}, '"maybe" is not an option of the question "outcome"; its options are: none, broad_aim'),
        ({"outcome": None}, 'The answer to "outcome" must be the id of one of its options, not nothing'),
        ({"outcome": 2}, "not a number"),
        ({"outcome": ["none"]}, "not a list"),
        ({"outcome": {"id": "none"}}, "not a nested object"),
        ({1: "none"}, "A question id must be text"),
        ({None: "none"}, "A question id must be text"),
        ({("outcome",): "none"}, "A question id must be text"),
    ],
    ids=repr,
)
def test_unusable_answers_raise_answer_error(ladder, answers, words) -> None:
    with pytest.raises(AnswerError) as caught:
        score(ladder, answers)
    assert words in str(caught.value)


def test_answer_error_names_the_question(ladder) -> None:
    with pytest.raises(AnswerError) as caught:
        score(ladder, {"data": "everything"})
    assert caught.value.question == "data"
    assert caught.value.message == str(caught.value)


def test_score_needs_a_loaded_assessment() -> None:
    with pytest.raises(TypeError):
        score({"id": "ladder"}, {})  # type: ignore[arg-type]
