"""`score`: place a set of answers on the ladder, gated, never averaged.

The rules, in plain words:

- A requirement ("question Q at level L or above") is met when the chosen option's level is at
  least L. An unanswered question meets nothing.
- The visitor's rung is the highest rung whose requirements, and those of every rung below it,
  are all met. Rung 1 requires nothing. A strong answer in one gap never makes up for a missing
  one in another.
- The blocking gaps are the gaps with an unmet requirement of the next rung, most severe first.
  Severity: for each unmet requirement, count the steps between the visitor's answer and the
  option the requirement needs (steps down the question's list of options; unanswered counts as
  one step below the first option); a gap's severity is the sum over its unmet requirements of
  the next rung. Larger first; ties keep the order the gaps are listed in the file (the
  article's order: how often each gap is the one that stalls a project).
- The later gaps list, for each rung beyond the next one, the gaps with an unmet requirement
  there, in the same order.
- The next move is the single change that matters most: in the most severe blocking gap, the
  unmet requirement whose answer is the most steps short (ties: the question listed first).
  None on the top rung.
- The next steps list the gaps to close in the order of the rung each one unblocks: the
  blocking gaps (for the next rung, most severe first), then each later rung's gaps.
- A gap score (0 to 100) is the average, over that gap's questions, of how far up its levels
  the answer is (lowest level 0, highest 100, unanswered 0), rounded half up. Choosing a more
  mature answer never lowers it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .errors import AnswerError
from .model import Assessment, Option, Question, Requirement


@dataclass(frozen=True)
class Shortfall:
    """An unmet requirement: the question, the answer given (None if unanswered), the option needed."""

    question: Question
    answer: Option | None
    needed: Option

    @property
    def steps(self) -> int:
        return self.question.step(self.needed) - self.question.step(self.answer)

    def to_dict(self) -> dict[str, object]:
        return {
            "question": self.question.id,
            "prompt": self.question.prompt,
            "answer": None if self.answer is None else self.answer.to_dict(),
            "needed_level": self.needed.level,
            "needed": self.needed.to_dict(),
        }


@dataclass(frozen=True)
class Result:
    """Where a set of answers stands. Build it with `score()`."""

    assessment: Assessment
    # question id -> chosen option, for the questions answered.
    answers: dict[str, Option]
    # 1..top: the highest rung fully satisfied, together with every rung below.
    rung: int
    # Gap ids holding the visitor below the next rung, most severe first; [] at the top rung.
    blocking_gaps: list[str]
    # Blocking gap id -> its unmet requirements of the next rung, in question order.
    shortfalls: dict[str, list[Shortfall]]
    # Every gap id (file order) -> 0..100.
    gap_scores: dict[str, int]
    # For each rung beyond the next one with something unmet: (rung number, gap ids).
    later_gaps: list[tuple[int, list[str]]]
    # Question ids not answered, in question order.
    unanswered: list[str]

    @property
    def complete(self) -> bool:
        return not self.unanswered

    @property
    def next_rung(self) -> int | None:
        return self.rung + 1 if self.rung < self.assessment.top_rung else None

    @property
    def next_move(self) -> Shortfall | None:
        """The one change that matters most now (module docstring); None on the top rung."""
        if not self.blocking_gaps:
            return None
        mine = self.shortfalls[self.blocking_gaps[0]]  # already in question order
        return max(mine, key=lambda shortfall: shortfall.steps)  # max keeps the first of ties

    def _next_move_dict(self) -> dict[str, object] | None:
        move = self.next_move
        if move is None:
            return None
        gap = self.assessment.gap(move.question.gap)
        return {
            **move.to_dict(),
            "gap": {"id": gap.id, "name": gap.name, "link": gap.link},
            "unblocks": self.next_rung,
            "changes_needed": sum(len(items) for items in self.shortfalls.values()),
        }

    def _next_steps(self) -> list[dict[str, object]]:
        steps = [(self.next_rung, self.blocking_gaps)] if self.blocking_gaps else []
        steps += self.later_gaps
        return [
            {
                "rung": {"number": number, "name": self.assessment.rung(number).name},
                "gaps": [
                    {"id": gap.id, "name": gap.name, "link": gap.link}
                    for gap in map(self.assessment.gap, gap_ids)
                ],
            }
            for number, gap_ids in steps
        ]

    def to_dict(self) -> dict[str, object]:
        """The JSON-ready result, exactly the contract in ARCHITECTURE.md."""
        assessment = self.assessment
        next_rung = self.next_rung
        return {
            "assessment": assessment.id,
            "complete": self.complete,
            "rung": assessment.rung(self.rung).to_dict(),
            "next_rung": None if next_rung is None else assessment.rung(next_rung).to_dict(),
            "rungs": [
                {**rung.to_dict(), "met": rung.number <= self.rung} for rung in assessment.rungs
            ],
            "blocking_gaps": [
                {
                    "id": gap.id,
                    "name": gap.name,
                    "closing": gap.closing,
                    "link": gap.link,
                    "shortfalls": [shortfall.to_dict() for shortfall in self.shortfalls[gap.id]],
                }
                for gap in map(assessment.gap, self.blocking_gaps)
            ],
            "gaps": [
                {"id": gap.id, "name": gap.name, "score": self.gap_scores[gap.id], "link": gap.link}
                for gap in assessment.gaps
            ],
            "gap_scores": dict(self.gap_scores),
            "later_gaps": [{"rung": number, "gaps": list(gaps)} for number, gaps in self.later_gaps],
            "next_move": self._next_move_dict(),
            "next_steps": self._next_steps(),
            "unanswered": list(self.unanswered),
        }


def score(assessment: Assessment, answers: object) -> Result:
    """Score `answers` (`{question_id: option_id}`) against a loaded assessment.

    Raises `AnswerError` for anything that is not such a mapping of known ids; nothing else.
    """
    if not isinstance(assessment, Assessment):
        raise TypeError("score() needs the Assessment returned by load_assessment()")
    chosen = _read_answers(assessment, answers)

    shortfalls_by_rung = {
        rung.number: _shortfalls(assessment, rung.requires, chosen) for rung in assessment.rungs
    }
    reached = 1
    for rung in assessment.rungs[1:]:
        if shortfalls_by_rung[rung.number]:
            break
        reached = rung.number

    blocking: list[str] = []
    blocking_shortfalls: dict[str, list[Shortfall]] = {}
    later: list[tuple[int, list[str]]] = []
    for number in range(reached + 1, assessment.top_rung + 1):
        grouped = _by_gap(assessment, shortfalls_by_rung[number])
        if number == reached + 1:
            blocking = list(grouped)
            blocking_shortfalls = grouped
        elif grouped:
            later.append((number, list(grouped)))

    return Result(
        assessment=assessment,
        answers=chosen,
        rung=reached,
        blocking_gaps=blocking,
        shortfalls=blocking_shortfalls,
        gap_scores=_gap_scores(assessment, chosen),
        later_gaps=later,
        unanswered=[q.id for q in assessment.questions if q.id not in chosen],
    )


def _read_answers(assessment: Assessment, answers: object) -> dict[str, Option]:
    if not isinstance(answers, Mapping):
        raise AnswerError(
            "The answers must map each question id to the id of the chosen option "
            f"(for example {{\"{assessment.questions[0].id}\": "
            f"\"{assessment.questions[0].options[0].id}\"}}), not {_describe(answers)}."
        )
    chosen: dict[str, Option] = {}
    try:
        items = list(answers.items())
    except Exception as error:  # a hostile Mapping; report it as bad answers
        raise AnswerError(f"The answers could not be read ({type(error).__name__}).") from None
    for key, value in items:
        if not isinstance(key, str):
            raise AnswerError(f"A question id must be text, not {_describe(key)}.")
        if not assessment.has_question(key):
            raise AnswerError(
                f"There is no question \"{_clip(key)}\" in the assessment "
                f"\"{assessment.id}\"; the answers may come from an older version of the quiz.",
                question=key,
            )
        question = assessment.question(key)
        if not isinstance(value, str):
            raise AnswerError(
                f"The answer to \"{key}\" must be the id of one of its options, "
                f"not {_describe(value)}.",
                question=key,
            )
        option = question.option(value)
        if option is None:
            raise AnswerError(
                f"\"{_clip(value)}\" is not an option of the question \"{key}\"; "
                f"its options are: {', '.join(option.id for option in question.options)}.",
                question=key,
            )
        chosen[key] = option
    return chosen


def _shortfalls(
    assessment: Assessment, requires: tuple[Requirement, ...], chosen: dict[str, Option]
) -> list[Shortfall]:
    shortfalls = []
    for requirement in requires:
        question = assessment.question(requirement.question)
        answer = chosen.get(question.id)
        if answer is None or answer.level < requirement.level:
            shortfalls.append(Shortfall(question, answer, question.option_at(requirement.level)))
    return shortfalls


def _by_gap(assessment: Assessment, shortfalls: list[Shortfall]) -> dict[str, list[Shortfall]]:
    """Shortfalls grouped by gap, most severe gap first (see the module docstring)."""
    order = {question.id: index for index, question in enumerate(assessment.questions)}
    grouped: dict[str, list[Shortfall]] = {}
    for gap in assessment.gaps:
        mine = [s for s in shortfalls if s.question.gap == gap.id]
        if mine:
            grouped[gap.id] = sorted(mine, key=lambda s: order[s.question.id])
    gap_order = [gap.id for gap in assessment.gaps]
    ranked = sorted(
        grouped,
        key=lambda gap_id: (-sum(s.steps for s in grouped[gap_id]), gap_order.index(gap_id)),
    )
    return {gap_id: grouped[gap_id] for gap_id in ranked}


def _gap_scores(assessment: Assessment, chosen: dict[str, Option]) -> dict[str, int]:
    scores: dict[str, int] = {}
    for gap in assessment.gaps:
        questions = [q for q in assessment.questions if q.gap == gap.id]
        total = Fraction(0)
        for question in questions:
            answer = chosen.get(question.id)
            if answer is not None:
                low, high = question.options[0].level, question.options[-1].level
                total += Fraction(answer.level - low, high - low)
        average = total / len(questions) if questions else Fraction(0)
        scores[gap.id] = int(average * 100 + Fraction(1, 2))  # round half up, exactly
    return scores


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return f'the text "{_clip(value)}"'
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "a nested object"
    return f"a value of type {type(value).__name__}"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
