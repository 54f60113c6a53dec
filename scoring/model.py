"""The validated shape of an assessment: immutable, typed, built only by `load_assessment`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    level: int

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "label": self.label, "level": self.level}


@dataclass(frozen=True)
class Question:
    id: str
    gap: str
    prompt: str
    help: str | None
    # Least to most mature, with strictly rising levels.
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    def option_at(self, level: int) -> Option:
        """The option with exactly this level (a validated requirement always names one)."""
        for option in self.options:
            if option.level == level:
                return option
        raise KeyError(level)

    def step(self, option: Option | None) -> int:
        """How far up the options an answer is: 0 for unanswered, 1 for the first option, ..."""
        return 0 if option is None else self.options.index(option) + 1


@dataclass(frozen=True)
class Requirement:
    """To reach a rung, the answer to `question` must have a level of `level` or more."""

    question: str
    level: int


@dataclass(frozen=True)
class Rung:
    number: int
    name: str
    meaning: str
    good: str
    # Empty for rung 1 only.
    requires: tuple[Requirement, ...]
    # The booking invitation for a visitor on this rung (optional; the page has a default).
    booking: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "name": self.name,
            "meaning": self.meaning,
            "good": self.good,
            "booking": self.booking,
        }


@dataclass(frozen=True)
class Gap:
    id: str
    name: str
    closing: str
    link: str


@dataclass(frozen=True)
class Assessment:
    id: str
    title: str
    intro: str | None
    rungs: tuple[Rung, ...]  # numbered 1..N in order
    gaps: tuple[Gap, ...]  # in the file's order, which breaks severity ties
    questions: tuple[Question, ...]
    _questions_by_id: dict[str, Question] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._questions_by_id.update((question.id, question) for question in self.questions)

    def question(self, question_id: str) -> Question:
        return self._questions_by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions_by_id

    def gap(self, gap_id: str) -> Gap:
        for gap in self.gaps:
            if gap.id == gap_id:
                return gap
        raise KeyError(gap_id)

    def rung(self, number: int) -> Rung:
        return self.rungs[number - 1]

    @property
    def top_rung(self) -> int:
        return len(self.rungs)
