"""`compare()` and `portfolio()` on the shipped ladder.yml: properties over random answer sets,
and the refusals a hostile share link or portfolio file can trigger."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import AnswerError, compare, portfolio, score
from scoring.comparison import MAX_PEOPLE
from scoring.portfolios import MAX_INITIATIVES

from test_scoring_properties import ASSESSMENT, SETTINGS, answer_sets

teams = st.lists(answer_sets(), min_size=2, max_size=MAX_PEOPLE)
names = st.text(min_size=1, max_size=20).filter(str.strip)
initiatives = st.lists(
    st.fixed_dictionaries({"name": names, "answers": answer_sets()}), min_size=0, max_size=12
)


def swapped(answers: dict[str, str], question: str, option: str | None) -> dict[str, str]:
    changed = {key: value for key, value in answers.items() if key != question}
    if option is not None:
        changed[question] = option
    return changed


# -- compare ---------------------------------------------------------------------------------


@SETTINGS
@given(teams)
def test_compare_is_deterministic_and_scores_each_person_alone(team) -> None:
    first = compare(ASSESSMENT, team).to_dict()
    again = compare(ASSESSMENT, [dict(reversed(list(a.items()))) for a in team]).to_dict()
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    for person, answers in zip(first["people"], team):
        alone = score(ASSESSMENT, answers).to_dict()
        assert person["rung"] == alone["rung"]
        assert person["blocking_gaps"] == [gap["id"] for gap in alone["blocking_gaps"]]
    held = [person["rung"]["number"] for person in first["people"]]
    assert first["rung_range"] == {"lowest": min(held), "highest": max(held)}
    placed = sorted(i for rung in first["rungs"] for i in rung["people"])
    assert placed == list(range(len(team)))


@SETTINGS
@given(answer_sets(), st.integers(min_value=2, max_value=MAX_PEOPLE))
def test_comparing_a_set_with_itself_shows_no_differences(answers, copies) -> None:
    comparison = compare(ASSESSMENT, [answers] * copies)
    assert comparison.agree
    assert comparison.to_dict()["differences"] == []


@SETTINGS
@given(teams)
def test_differences_are_exactly_the_questions_answered_differently(team) -> None:
    comparison = compare(ASSESSMENT, team).to_dict()
    differing = {
        question.id
        for question in ASSESSMENT.questions
        if len({answers.get(question.id) for answers in team}) > 1
    }
    listed = [difference["question"] for difference in comparison["differences"]]
    assert sorted(listed) == sorted(differing)
    assert comparison["agree"] == (not differing)
    for difference in comparison["differences"]:
        given_ids = [None if a is None else a["id"] for a in difference["answers"]]
        assert given_ids == [answers.get(difference["question"]) for answers in team]
        counted = sum(option["count"] for option in difference["counts"]) + difference["unanswered"]
        assert counted == len(team)
        assert difference["spread"] > 0 or difference["unanswered"] == 0


@SETTINGS
@given(answer_sets(), answer_sets())
def test_two_people_rung_if_is_what_taking_the_other_answer_does(mine, theirs) -> None:
    comparison = compare(ASSESSMENT, [mine, theirs])
    rungs = [score(ASSESSMENT, mine).rung, score(ASSESSMENT, theirs).rung]
    for difference in comparison.to_dict()["differences"]:
        question = difference["question"]
        for me, other in ((0, 1), (1, 0)):
            sets = (mine, theirs)
            taken = score(ASSESSMENT, swapped(sets[me], question, sets[other].get(question))).rung
            effects = difference["rung_if"][me]
            assert taken in (effects["lowest"], effects["highest"])
            assert effects["lowest"] <= rungs[me] <= effects["highest"]
        if not difference["decisive_for"]:
            # No requirement tells the answers apart, so neither rung can move.
            assert all(e == {"lowest": r, "highest": r} for e, r in zip(difference["rung_if"], rungs))


@SETTINGS
@given(teams)
def test_decisive_differences_come_first_then_by_spread(team) -> None:
    differences = compare(ASSESSMENT, team).to_dict()["differences"]
    keys = [
        (0 if d["decisive_for"] else 1, (d["decisive_for"] or [0])[0], -d["spread"]) for d in differences
    ]
    assert keys == sorted(keys)
    for difference in differences:
        for rung_number in difference["decisive_for"]:
            rung = ASSESSMENT.rung(rung_number)
            assert any(r.question == difference["question"] for r in rung.requires)


@pytest.mark.parametrize(
    "sets, labels, message",
    [
        ([{}], None, "between 2 and"),
        ([{}] * (MAX_PEOPLE + 1), None, "between 2 and"),
        ("not a list", None, "list of answer sets"),
        ({"a": "b"}, None, "list of answer sets"),
        ([{}, ["x"]], None, "map question ids"),
        ([{}, {}], ["only one"], "one label per answer set"),
        ([{}, {}], ["You", "   "], "non-empty"),
        ([{}, {"no_such_question": "x"}], None, "no question"),
    ],
)
def test_compare_refuses_what_it_cannot_use(sets, labels, message) -> None:
    with pytest.raises(AnswerError, match=message):
        compare(ASSESSMENT, sets, labels)


def test_compare_labels_default_and_are_trimmed() -> None:
    assert [p["label"] for p in compare(ASSESSMENT, [{}, {}]).to_dict()["people"]] == [
        "Person 1",
        "Person 2",
    ]
    long = "x" * 500
    people = compare(ASSESSMENT, [{}, {}], ["  You ", long]).to_dict()["people"]
    assert people[0]["label"] == "You" and len(people[1]["label"]) == 80


# -- portfolio --------------------------------------------------------------------------------


@SETTINGS
@given(initiatives)
def test_bottleneck_blocks_at_least_as_many_initiatives_as_any_gap(items) -> None:
    result = portfolio(ASSESSMENT, items).to_dict()
    counts = {gap["id"]: len(gap["blocking"]) for gap in result["gaps"]}
    blocked = [score(ASSESSMENT, item["answers"]).blocking_gaps for item in items]
    for gap_id, count in counts.items():
        assert count == sum(gap_id in gaps for gaps in blocked)
    if result["bottleneck"] is None:
        assert all(count == 0 for count in counts.values())
    else:
        assert result["bottleneck"]["count"] == counts[result["bottleneck"]["id"]] == max(counts.values()) > 0
        # Ties keep the file's gap order: no earlier gap has as many.
        ids = [gap.id for gap in ASSESSMENT.gaps]
        earlier = ids[: ids.index(result["bottleneck"]["id"])]
        assert all(counts[gap_id] < result["bottleneck"]["count"] for gap_id in earlier)


@SETTINGS
@given(initiatives, st.randoms(use_true_random=False))
def test_portfolio_is_deterministic_and_order_does_not_change_the_bottleneck(items, rng) -> None:
    first = portfolio(ASSESSMENT, items).to_dict()
    assert first == portfolio(ASSESSMENT, items).to_dict()
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert portfolio(ASSESSMENT, shuffled).to_dict()["bottleneck"] == first["bottleneck"]
    placed = sorted(i for rung in first["rungs"] for i in rung["initiatives"])
    assert placed == list(range(len(items)))
    for initiative, item in zip(first["initiatives"], items):
        assert initiative["name"] == item["name"].strip()
        assert initiative["rung"] == score(ASSESSMENT, item["answers"]).to_dict()["rung"]


def test_top_rung_initiatives_have_no_bottleneck() -> None:
    best = {q.id: q.options[-1].id for q in ASSESSMENT.questions}
    result = portfolio(ASSESSMENT, [{"name": "A", "answers": best}, {"name": "B", "answers": best}])
    assert result.to_dict()["bottleneck"] is None


@pytest.mark.parametrize(
    "items, message",
    [
        ("nope", "list of initiatives"),
        ({"name": "x"}, "list of initiatives"),
        ([["x"]], "Initiative 1 must be"),
        ([{"answers": {}}], "Initiative 1 needs a name"),
        ([{"name": "ok", "answers": {}}, {"name": "  ", "answers": {}}], "Initiative 2 needs a name"),
        ([{"name": "x", "answers": "y"}], "must map each question"),
        ([{"name": "x", "answers": {}}] * (MAX_INITIATIVES + 1), "at most"),
    ],
)
def test_portfolio_refuses_what_it_cannot_use(items, message) -> None:
    with pytest.raises(AnswerError, match=message):
        portfolio(ASSESSMENT, items)
