"""`load_assessment`: check a quiz definition completely, then build the typed `Assessment`.

The input is the plain data parsed from YAML or JSON. Every check runs even after a failure, so
one `DefinitionError` reports everything a person has to fix, each problem with the path to the
field and a message that says what is wrong and what to write instead.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from .errors import DefinitionError, FieldPath, Problem, path_text
from .model import Assessment, Gap, Option, Question, Requirement, Rung

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")

# What each field holds, in the words a message uses to say what to write.
TOP_FIELDS = {
    "id": "a short name for the quiz: lowercase letters, digits, _ or -, the same as the file "
    "name without .yml (for example: ladder)",
    "title": "the quiz title visitors see (for example: Which rung are you on?)",
    "rungs": "the list of rungs, from rung 1 upwards",
    "gaps": "the list of gaps the questions measure",
    "questions": "the list of questions, in the order visitors answer them",
}
TOP_OPTIONAL = {"intro": "a sentence or two shown above the first question"}

RUNG_FIELDS = {
    "number": "the rung's number: 1 for the first rung, then 2, 3 and so on",
    "name": "the rung's short name (for example: Validated pilot)",
    "meaning": "a sentence on what being on this rung means",
    "good": "a sentence on what good looks like at this rung",
}
RUNG_OPTIONAL = {
    "requires": "the answers a visitor needs to reach this rung",
    "booking": "a sentence or two inviting a visitor on this rung to book a call",
}

GAP_FIELDS = {
    "id": "a short id: lowercase letters, digits, _ or - (for example: data)",
    "name": "the gap's name visitors see (for example: Data)",
    "closing": "a sentence on what closing this gap means",
    "link": "the link to the article section on this gap (for example: index.md#gap-data)",
}

QUESTION_FIELDS = {
    "id": "a short id: lowercase letters, digits, _ or - (for example: data_source)",
    "gap": "the id of the gap this question measures, as listed under gaps",
    "prompt": "the question as visitors read it",
    "options": "the list of answers, from least to most mature",
}
QUESTION_OPTIONAL = {"help": "a short hint shown under the question"}

OPTION_FIELDS = {
    "id": "a short id: lowercase letters, digits, _ or - (for example: pipelines)",
    "label": "the answer as visitors read it",
    "level": "the option's level, higher than the level of the option above it",
}

REQUIREMENT_FIELDS = {
    "question": "the id of a question, as written under questions",
    "level": "the lowest answer level that counts, one of the levels of that question's options",
}


def load_assessment(data: object) -> Assessment:
    """Validate `data` (the dict parsed from a quiz file) and return the `Assessment`.

    Raises one `DefinitionError` listing every problem found.
    """
    checker = _Checker()
    assessment = checker.assessment(data)
    if checker.problems or assessment is None:
        raise DefinitionError(checker.problems)
    return assessment


def _kind_of(value: object) -> str:
    """How a value reads to a non-developer, after "but it is"."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a block of fields"
    return f"a {type(value).__name__}"


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Gap ids that questions name, valid or not.
        self.measured_gaps: set[str] = set()
        # Ids of every question written, valid or not: a requirement naming a question that
        # has problems of its own is not reported a second time.
        self.question_ids: set[str] = set()
        # Question id -> the levels of its options, when those options are valid (even if
        # something else in the question is not), so requirement levels are always checked.
        self.option_levels: dict[str, list[int]] = {}

    def add(self, path: FieldPath, kind: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message, kind=kind))

    # -- generic shapes ---------------------------------------------------------------------

    def fields(
        self,
        value: object,
        path: FieldPath,
        required: dict[str, str],
        optional: dict[str, str] | None = None,
        what: str = "this entry",
    ) -> dict[str, Any] | None:
        """Check that `value` is a block of fields with exactly the known keys."""
        optional = optional or {}
        if not isinstance(value, dict):
            names = ", ".join(required)
            self.add(
                path,
                "not_a_mapping",
                f"{what} should be a block of fields ({names}), but it is {_kind_of(value)}. "
                "Write each field on its own line as `name: value`.",
            )
            return None
        for key in value:
            if not isinstance(key, str) or (key not in required and key not in optional):
                allowed = [*required, *optional]
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f' Did you mean "{close[0]}"?' if close else ""
                self.add(
                    (*path, str(key)),
                    "unknown_key",
                    f'"{key}" is not a field this format knows.{hint} '
                    f"The fields allowed here are: {', '.join(allowed)}. "
                    "Fix the spelling or remove the line.",
                )
        for key, description in required.items():
            if key not in value:
                self.add(
                    (*path, key),
                    "missing_key",
                    f'is missing. Add a line `{key}: ...` to {what}, with {description}.',
                )
        return value

    def items(self, value: object, path: FieldPath, what: str, minimum: int = 1) -> list[Any]:
        """Check that `value` is a list with at least `minimum` items; return it (or [])."""
        if not isinstance(value, list):
            self.add(
                path,
                "not_a_list",
                f"should be a list of {what}, but it is {_kind_of(value)}. "
                "Start each item on its own line with `- `.",
            )
            return []
        if len(value) < minimum:
            self.add(
                path,
                "empty_list",
                f"needs at least {minimum} {what}, but has {len(value)}. "
                f"Add {'them' if minimum > 1 else 'one'}, each item on its own line starting with `- `.",
            )
        return value

    def text(
        self, mapping: dict[str, Any], key: str, path: FieldPath, description: str
    ) -> str | None:
        """A required or optional text field; None when absent or wrong (problem recorded)."""
        if key not in mapping:
            return None
        value = mapping[key]
        where = (*path, key)
        if value is None:
            self.add(where, "empty_text", f"is empty. Write {description} after the colon.")
            return None
        if not isinstance(value, str):
            self.add(
                where,
                "not_text",
                f"should be text, but it is {_kind_of(value)}. Write {description} after the "
                'colon; put it in double quotes ("...") if it contains a colon or a #, or '
                "starts with a special character.",
            )
            return None
        if not value.strip():
            self.add(where, "empty_text", f"is empty. Write {description} after the colon.")
            return None
        return value.strip()

    def identifier(self, mapping: dict[str, Any], key: str, path: FieldPath, description: str) -> str | None:
        value = self.text(mapping, key, path, description)
        if value is not None and not ID_PATTERN.match(value):
            suggestion = re.sub(r"[^a-z0-9_-]+", "_", value.lower()).strip("_-")
            if not suggestion or not suggestion[0].isalpha():
                suggestion = "x_" + suggestion if suggestion else "my_id"
            self.add(
                (*path, key),
                "bad_id",
                f'"{value}" is not a usable id: ids use only lowercase letters, digits, _ and -, '
                f"and start with a letter. Write for example: {suggestion}",
            )
            return None
        return value

    def integer(self, mapping: dict[str, Any], key: str, path: FieldPath, description: str) -> int | None:
        if key not in mapping:
            return None
        value = mapping[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(
                (*path, key),
                "not_an_integer",
                f"should be a whole number, but it is {_kind_of(value)}"
                f"{f' ({value!r})' if isinstance(value, (str, float)) else ''}. "
                f"Write {description}, in digits without quotes (for example: 2).",
            )
            return None
        return value

    def unique(self, ids: list[tuple[str | None, FieldPath]], what: str) -> None:
        seen: dict[str, FieldPath] = {}
        for value, path in ids:
            if value is None:
                continue
            if value in seen:
                self.add(
                    path,
                    "duplicate_id",
                    f'the id "{value}" is already used by {path_text(seen[value][:-1])}. '
                    f"Each {what} needs its own id: rename this one.",
                )
            else:
                seen[value] = path

    # -- the format -------------------------------------------------------------------------

    def assessment(self, data: object) -> Assessment | None:
        top = self.fields(data, (), TOP_FIELDS, TOP_OPTIONAL, what="the file")
        if top is None:
            return None
        assessment_id = self.identifier(top, "id", (), TOP_FIELDS["id"])
        title = self.text(top, "title", (), TOP_FIELDS["title"])
        intro = self.text(top, "intro", (), TOP_OPTIONAL["intro"])

        gaps = self.gaps(top.get("gaps"), ("gaps",)) if "gaps" in top else []
        questions = (
            self.questions(top.get("questions"), ("questions",), gaps) if "questions" in top else []
        )
        rungs = self.rungs(top.get("rungs"), ("rungs",), questions) if "rungs" in top else []

        # Every gap needs a question, or its score would mean nothing.
        if "gaps" in top and isinstance(top.get("questions"), list):
            for index, gap in enumerate(gaps):
                if gap is not None and gap.id not in self.measured_gaps:
                    self.add(
                        ("gaps", index, "id"),
                        "gap_without_questions",
                        f'no question measures the gap "{gap.id}". Add a question with '
                        f"`gap: {gap.id}`, or remove this gap.",
                    )

        if self.problems or assessment_id is None or title is None:
            return None
        return Assessment(
            id=assessment_id,
            title=title,
            intro=intro,
            rungs=tuple(rung for rung in rungs if rung is not None),
            gaps=tuple(gap for gap in gaps if gap is not None),
            questions=tuple(question for question in questions if question is not None),
        )

    def gaps(self, value: object, path: FieldPath) -> list[Gap | None]:
        result: list[Gap | None] = []
        ids: list[tuple[str | None, FieldPath]] = []
        for index, item in enumerate(self.items(value, path, "gaps")):
            here = (*path, index)
            fields = self.fields(item, here, GAP_FIELDS, what="this gap")
            if fields is None:
                result.append(None)
                continue
            gap_id = self.identifier(fields, "id", here, GAP_FIELDS["id"])
            name = self.text(fields, "name", here, GAP_FIELDS["name"])
            closing = self.text(fields, "closing", here, GAP_FIELDS["closing"])
            link = self.text(fields, "link", here, GAP_FIELDS["link"])
            ids.append((gap_id, (*here, "id")))
            if None in (gap_id, name, closing, link):
                # Keep the id (if any) so questions naming it are not reported twice.
                result.append(Gap(gap_id, "", "", "") if gap_id is not None else None)
            else:
                assert gap_id is not None and name and closing and link
                result.append(Gap(id=gap_id, name=name, closing=closing, link=link))
        self.unique(ids, "gap")
        return result

    def questions(self, value: object, path: FieldPath, gaps: list[Gap | None]) -> list[Question | None]:
        known_gaps = list(dict.fromkeys(gap.id for gap in gaps if gap is not None))
        result: list[Question | None] = []
        ids: list[tuple[str | None, FieldPath]] = []
        for index, item in enumerate(self.items(value, path, "questions")):
            here = (*path, index)
            fields = self.fields(item, here, QUESTION_FIELDS, QUESTION_OPTIONAL, what="this question")
            if fields is None:
                result.append(None)
                continue
            question_id = self.identifier(fields, "id", here, QUESTION_FIELDS["id"])
            ids.append((question_id, (*here, "id")))
            if isinstance(fields.get("id"), str):
                self.question_ids.add(fields["id"].strip())
            gap = self.text(fields, "gap", here, QUESTION_FIELDS["gap"])
            if gap is not None:
                self.measured_gaps.add(gap)
            if gap is not None and gap not in known_gaps and known_gaps:
                close = difflib.get_close_matches(gap, known_gaps, n=1)
                hint = f' Did you mean "{close[0]}"?' if close else ""
                self.add(
                    (*here, "gap"),
                    "unknown_gap",
                    f'"{gap}" is not one of the gaps listed under gaps.{hint} '
                    f"Write one of: {', '.join(known_gaps)}.",
                )
                gap = None
            prompt = self.text(fields, "prompt", here, QUESTION_FIELDS["prompt"])
            help_text = self.text(fields, "help", here, QUESTION_OPTIONAL["help"])
            options = self.options(fields.get("options"), (*here, "options")) if "options" in fields else None
            if question_id is not None and options is not None:
                self.option_levels.setdefault(question_id, [option.level for option in options])
            if None in (question_id, gap, prompt, options):
                result.append(None)
            else:
                assert question_id is not None and gap is not None and prompt is not None
                assert options is not None
                result.append(Question(question_id, gap, prompt, help_text, options))
        self.unique(ids, "question")
        return result

    def options(self, value: object, path: FieldPath) -> tuple[Option, ...] | None:
        options: list[Option] = []
        ids: list[tuple[str | None, FieldPath]] = []
        complete = True
        previous: int | None = None
        items = self.items(value, path, "options (answers to choose from)", minimum=2)
        for index, item in enumerate(items):
            here = (*path, index)
            fields = self.fields(item, here, OPTION_FIELDS, what="this option")
            if fields is None:
                complete = False
                continue
            option_id = self.identifier(fields, "id", here, OPTION_FIELDS["id"])
            ids.append((option_id, (*here, "id")))
            label = self.text(fields, "label", here, OPTION_FIELDS["label"])
            level = self.integer(fields, "level", here, OPTION_FIELDS["level"])
            if level is not None and previous is not None and level <= previous:
                self.add(
                    (*here, "level"),
                    "levels_out_of_order",
                    f"is {level}, but the option above it has level {previous}. List options "
                    "from least to most mature, each with a higher level than the one above: "
                    f"write {previous + 1} or more here, or move this option up the list.",
                )
                complete = False
            if level is not None:
                previous = level
            if option_id is None or label is None or level is None:
                complete = False
            else:
                options.append(Option(option_id, label, level))
        before = len(self.problems)
        self.unique(ids, "option of a question")
        if len(self.problems) != before or len(items) < 2:
            complete = False
        return tuple(options) if complete else None

    def rungs(self, value: object, path: FieldPath, questions: list[Question | None]) -> list[Rung | None]:
        by_id = {question.id: question for question in questions if question is not None}
        result: list[Rung | None] = []
        for index, item in enumerate(self.items(value, path, "rungs", minimum=2)):
            here = (*path, index)
            fields = self.fields(item, here, RUNG_FIELDS, RUNG_OPTIONAL, what="this rung")
            if fields is None:
                result.append(None)
                continue
            expected = index + 1
            number = self.integer(fields, "number", here, RUNG_FIELDS["number"])
            if number is not None and number != expected:
                self.add(
                    (*here, "number"),
                    "rung_number",
                    f"is {number}, but rungs are numbered 1, 2, 3... from the top of the list: "
                    f"this is the {_ordinal(expected)} rung, so write {expected} "
                    "(or move the rung to its place in the list).",
                )
            name = self.text(fields, "name", here, RUNG_FIELDS["name"])
            meaning = self.text(fields, "meaning", here, RUNG_FIELDS["meaning"])
            good = self.text(fields, "good", here, RUNG_FIELDS["good"])
            booking = self.text(fields, "booking", here, RUNG_OPTIONAL["booking"])
            bad_booking = "booking" in fields and booking is None  # the problem is recorded
            requires = self.requirements(fields, here, expected, by_id)
            if None in (number, name, meaning, good, requires) or number != expected or bad_booking:
                result.append(None)
            else:
                assert name is not None and meaning is not None and good is not None
                assert requires is not None
                result.append(Rung(expected, name, meaning, good, requires, booking))
        return result

    def requirements(
        self, rung: dict[str, Any], path: FieldPath, number: int, questions: dict[str, Question]
    ) -> tuple[Requirement, ...] | None:
        if number == 1:
            if "requires" in rung:
                self.add(
                    (*path, "requires"),
                    "first_rung_requirements",
                    "rung 1 is where every visitor starts, so it cannot require anything. "
                    "Remove the requires list here (move it to rung 2 if that is what you meant).",
                )
                return None
            return ()
        where = (*path, "requires")
        if "requires" not in rung or rung["requires"] == [] or rung["requires"] is None:
            self.add(
                where,
                "rung_without_requirements",
                f"rung {number} needs a requires list: the answers a visitor must give to reach "
                "it. Add `requires:` with one line per answer, for example "
                "`- {question: data_source, level: 2}`.",
            )
            return None
        requirements: list[Requirement] = []
        complete = True
        seen: set[str] = set()
        for index, item in enumerate(self.items(rung["requires"], where, "requirements")):
            here = (*where, index)
            fields = self.fields(item, here, REQUIREMENT_FIELDS, what="this requirement")
            if fields is None:
                complete = False
                continue
            question_id = self.text(fields, "question", here, REQUIREMENT_FIELDS["question"])
            level = self.integer(fields, "level", here, REQUIREMENT_FIELDS["level"])
            question = questions.get(question_id) if question_id is not None else None
            if question_id is not None and question is None and question_id in self.question_ids:
                complete = False  # that question has problems of its own, reported there
            elif question_id is not None and question is None:
                close = difflib.get_close_matches(question_id, sorted(self.question_ids), n=1)
                hint = f' Did you mean "{close[0]}"?' if close else ""
                self.add(
                    (*here, "question"),
                    "unknown_question",
                    f'"{question_id}" is not the id of any question.{hint} Write the id of one '
                    "of the questions listed under questions.",
                )
            elif question_id is not None and question_id in seen:
                self.add(
                    (*here, "question"),
                    "duplicate_requirement",
                    f'rung {number} already requires "{question_id}". Keep one line per question '
                    "and delete this one (the higher level is the one that counts).",
                )
                complete = False
            if question_id is not None:
                seen.add(question_id)
            levels = self.option_levels.get(question_id) if question_id is not None else None
            if levels is not None and level is not None:
                if level not in levels:
                    self.add(
                        (*here, "level"),
                        "impossible_level",
                        f'no option of "{question_id}" has level {level}, so no answer could '
                        f"meet it. Write one of that question's levels: "
                        f"{', '.join(str(x) for x in levels[1:])}.",
                    )
                    complete = False
                elif level == levels[0]:
                    self.add(
                        (*here, "level"),
                        "always_met",
                        f'level {level} is the least mature answer of "{question_id}", so every '
                        f"visitor meets it and it requires nothing. Write a higher level "
                        f"({', '.join(str(x) for x in levels[1:])}) or remove this requirement.",
                    )
                    complete = False
            if question is None or level is None:
                complete = False
            else:
                requirements.append(Requirement(question.id, level))
        return tuple(requirements) if complete and requirements else None


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
