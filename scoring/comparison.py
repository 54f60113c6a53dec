"""`compare`: several people's answers about one initiative, side by side, on one ladder.

A steering committee, a data lead and a security lead rarely place the same initiative on the
same rung; comparing views is how a team locates it honestly. The rules, in plain words:

- Each person is scored on their own with `score()`: their rung and the gaps blocking their
  next rung.
- A question is a *difference* when not everyone chose the same option (an unanswered question
  differs from any answer).
- A difference is *decisive* for a rung when one of that rung's requirements on the question is
  met by some people's answers and not by others': settling that disagreement can change where
  the initiative stands. `decisive_for` lists those rungs, lowest first.
- The *spread* of a difference is how many steps apart the least and the most mature answers
  are (steps down the question's list of options; unanswered counts as one step below the first).
- For each person, `rung_if` says which rung they would reach if only this answer of theirs were
  the least (`lowest`) or the most (`highest`) mature answer anyone in the group gave. With two
  people that is exactly what taking the other's answer would do: it shows which way each
  difference moves the rung.
- Differences are ordered by what matters most for the rung: decisive ones first (the lowest
  rung they decide first), then by spread, largest first, then in question order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import AnswerError
from .model import Assessment, Option, Question
from .result import Result, score

# "About eight links at once" (a team); change here if teams need more.
MAX_PEOPLE = 8
MAX_LABEL = 80


@dataclass(frozen=True)
class Difference:
    question: Question
    # One per person, in the order given; None where unanswered.
    answers: tuple[Option | None, ...]
    decisive_for: tuple[int, ...]
    spread: int
    # One per person: (rung with the group's least mature answer, with its most mature one).
    rung_if: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict[str, object]:
        question = self.question
        counts = []
        for option in question.options:
            count = sum(1 for answer in self.answers if answer == option)
            counts.append({**option.to_dict(), "count": count})
        return {
            "question": question.id,
            "prompt": question.prompt,
            "gap": question.gap,
            "answers": [None if a is None else a.to_dict() for a in self.answers],
            "counts": counts,
            "unanswered": sum(1 for answer in self.answers if answer is None),
            "decisive_for": list(self.decisive_for),
            "spread": self.spread,
            "rung_if": [{"lowest": low, "highest": high} for low, high in self.rung_if],
        }


@dataclass(frozen=True)
class Comparison:
    """Where each person places the initiative, and where they disagree. Build it with `compare()`."""

    assessment: Assessment
    labels: tuple[str, ...]
    results: tuple[Result, ...]
    differences: tuple[Difference, ...]

    @property
    def agree(self) -> bool:
        return not self.differences

    def to_dict(self) -> dict[str, object]:
        """The JSON-ready comparison, exactly the contract in ARCHITECTURE.md."""
        assessment = self.assessment
        people = [
            {
                "label": label,
                "rung": assessment.rung(result.rung).to_dict(),
                "blocking_gaps": list(result.blocking_gaps),
                "complete": result.complete,
                "unanswered": list(result.unanswered),
            }
            for label, result in zip(self.labels, self.results)
        ]
        rungs_held = [result.rung for result in self.results]
        blocking_sets = [set(result.blocking_gaps) for result in self.results]
        return {
            "assessment": assessment.id,
            "people": people,
            "rungs": [
                {
                    **rung.to_dict(),
                    "people": [i for i, held in enumerate(rungs_held) if held == rung.number],
                }
                for rung in assessment.rungs
            ],
            "rung_range": {"lowest": min(rungs_held), "highest": max(rungs_held)},
            "gaps": [
                {
                    "id": gap.id,
                    "name": gap.name,
                    "link": gap.link,
                    "blocking_for": [i for i, gaps in enumerate(blocking_sets) if gap.id in gaps],
                }
                for gap in assessment.gaps
            ],
            "agree": self.agree,
            "differences": [difference.to_dict() for difference in self.differences],
        }


def compare(
    assessment: Assessment,
    answer_sets: Sequence[object],
    labels: Sequence[str] | None = None,
) -> Comparison:
    """Compare 2 to `MAX_PEOPLE` answer sets (each `{question_id: option_id}`) on one assessment.

    `labels` names each set ("You", "Colleague 1"); by default "Person 1", "Person 2", ...
    Raises `AnswerError` for anything `score()` would refuse, or for the wrong number of sets.
    """
    if not isinstance(assessment, Assessment):
        raise TypeError("compare() needs the Assessment returned by load_assessment()")
    sets = _read_sets(answer_sets)
    names = _read_labels(labels, len(sets))
    results = tuple(score(assessment, answers) for answers in sets)
    differences = [
        difference
        for question in assessment.questions
        if (difference := _difference(assessment, question, sets, results)) is not None
    ]
    order = {question.id: index for index, question in enumerate(assessment.questions)}
    differences.sort(
        key=lambda d: (
            0 if d.decisive_for else 1,
            d.decisive_for[0] if d.decisive_for else 0,
            -d.spread,
            order[d.question.id],
        )
    )
    return Comparison(assessment, names, results, tuple(differences))


def _read_sets(answer_sets: object) -> list[Mapping]:
    if isinstance(answer_sets, (str, bytes, Mapping)) or not isinstance(answer_sets, Sequence):
        raise AnswerError("A comparison needs a list of answer sets, one per person.")
    sets = list(answer_sets)
    if not 2 <= len(sets) <= MAX_PEOPLE:
        raise AnswerError(
            f"A comparison needs between 2 and {MAX_PEOPLE} answer sets, not {len(sets)}."
        )
    for answers in sets:
        if not isinstance(answers, Mapping):
            raise AnswerError("Each answer set must map question ids to option ids.")
    return sets


def _read_labels(labels: object, count: int) -> tuple[str, ...]:
    if labels is None:
        return tuple(f"Person {index + 1}" for index in range(count))
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Sequence) or len(labels) != count:
        raise AnswerError(f"A comparison needs one label per answer set ({count}).")
    names = []
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise AnswerError("Each label must be a non-empty text.")
        names.append(label.strip()[:MAX_LABEL])
    return tuple(names)


def _difference(
    assessment: Assessment, question: Question, sets: list[Mapping], results: tuple[Result, ...]
) -> Difference | None:
    answers = tuple(result.answers.get(question.id) for result in results)
    if all(answer == answers[0] for answer in answers):
        return None
    steps = [question.step(answer) for answer in answers]
    decisive = []
    for rung in assessment.rungs:
        for requirement in rung.requires:
            if requirement.question != question.id:
                continue
            met = {answer is not None and answer.level >= requirement.level for answer in answers}
            if len(met) == 2:
                decisive.append(rung.number)
                break
    given = [answer for answer in answers if answer is not None]
    lowest = None if len(given) < len(answers) else min(given, key=question.step)
    highest = max(given, key=question.step)
    rung_if = tuple(
        (
            _rung_with(assessment, answers_of, question, lowest),
            _rung_with(assessment, answers_of, question, highest),
        )
        for answers_of in sets
    )
    return Difference(
        question=question,
        answers=answers,
        decisive_for=tuple(decisive),
        spread=max(steps) - min(steps),
        rung_if=rung_if,
    )


def _rung_with(
    assessment: Assessment, answers: Mapping, question: Question, option: Option | None
) -> int:
    changed = {key: value for key, value in answers.items() if key != question.id}
    if option is not None:
        changed[question.id] = option.id
    return score(assessment, changed).rung
