"""The two errors the scoring package raises, with messages written for the person who can fix them.

`DefinitionError` is for whoever edits a quiz file (usually marketing, not a developer): it
carries *every* problem found, each with the path to the field and what to write instead.
`AnswerError` is for the page that sends answers: an unknown question or option, or a shape that
is not `{question_id: option_id}`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PathPart = str | int
FieldPath = tuple[PathPart, ...]


def path_text(path: FieldPath) -> str:
    """`("questions", 3, "options", 1, "level")` -> `"questions[3].options[1].level"`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(the whole file)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a quiz definition.

    `path` locates the field (keys and list indices from the top of the file); when a required
    field is missing, the path ends with the missing key. `kind` is a stable short code (one of
    `PROBLEM_KINDS`) for programs and tests; `message` is for people.
    """

    path: FieldPath
    message: str
    kind: str

    @property
    def path_text(self) -> str:
        return path_text(self.path)

    def __str__(self) -> str:
        return f"{self.path_text}: {self.message}"


# Every kind of problem `load_assessment` can report.
PROBLEM_KINDS: frozenset[str] = frozenset(
    {
        "not_a_mapping",  # a block of fields was expected
        "not_a_list",  # a list of items was expected
        "not_text",  # text was expected
        "not_an_integer",  # a whole number was expected
        "missing_key",  # a required field is absent
        "unknown_key",  # a field the format does not have (often a typo)
        "empty_text",  # a text field with nothing in it
        "empty_list",  # a list that needs at least one (or two) items
        "bad_id",  # an id with spaces, capitals or punctuation
        "duplicate_id",  # the same id used twice
        "unknown_gap",  # a question names a gap that is not listed
        "gap_without_questions",  # a gap no question measures
        "levels_out_of_order",  # options not listed from least to most mature
        "rung_number",  # rungs not numbered 1, 2, 3... in order
        "rung_without_requirements",  # a rung above 1 with nothing required
        "first_rung_requirements",  # rung 1 given requirements
        "unknown_question",  # a requirement names a question that does not exist
        "impossible_level",  # a requirement asks for a level no option has
        "always_met",  # a requirement met by the least mature answer too
        "duplicate_requirement",  # one rung requires the same question twice
    }
)


class DefinitionError(ValueError):
    """A quiz definition has problems; `.problems` lists all of them (in the order checked)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        count = len(self.problems)
        heading = (
            "The assessment definition has 1 problem:"
            if count == 1
            else f"The assessment definition has {count} problems:"
        )
        super().__init__("\n".join([heading, *(f"  {problem}" for problem in self.problems)]))


class AnswerError(ValueError):
    """The answers sent for scoring are not usable; the message says why, in plain words.

    `question` is the question id concerned, when there is one.
    """

    def __init__(self, message: str, *, question: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.question = question
