"""`portfolio`: several initiatives on one ladder, and the gap that holds back the most of them.

The rules, in plain words:

- Each initiative is scored on its own with `score()`.
- A gap *blocks* an initiative when it is one of that initiative's blocking gaps (it has an
  unmet requirement of the initiative's next rung). An initiative on the top rung is blocked by
  nothing.
- The *bottleneck* is the gap that blocks the most initiatives: the organisation's real
  constraint. Ties keep the order the gaps are listed in the file (the article's order). There is
  no bottleneck when no initiative is blocked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import AnswerError
from .model import Assessment
from .result import Result, score

MAX_INITIATIVES = 100
MAX_NAME = 80


@dataclass(frozen=True)
class Portfolio:
    """Every initiative's place on the ladder. Build it with `portfolio()`."""

    assessment: Assessment
    names: tuple[str, ...]
    results: tuple[Result, ...]

    def blocked_by(self, gap_id: str) -> list[int]:
        """Indexes of the initiatives this gap blocks, in the order given."""
        return [i for i, result in enumerate(self.results) if gap_id in result.blocking_gaps]

    @property
    def bottleneck(self) -> str | None:
        best, most = None, 0
        for gap in self.assessment.gaps:  # file order breaks ties: only a larger count wins
            count = len(self.blocked_by(gap.id))
            if count > most:
                best, most = gap.id, count
        return best

    def to_dict(self) -> dict[str, object]:
        """The JSON-ready portfolio, exactly the contract in ARCHITECTURE.md."""
        assessment = self.assessment
        held = [result.rung for result in self.results]
        bottleneck = self.bottleneck
        return {
            "assessment": assessment.id,
            "initiatives": [
                {
                    "name": name,
                    "rung": assessment.rung(result.rung).to_dict(),
                    "next_rung": (
                        None if result.next_rung is None
                        else assessment.rung(result.next_rung).to_dict()
                    ),
                    "blocking_gaps": list(result.blocking_gaps),
                    "complete": result.complete,
                    "answered": len(result.answers),
                }
                for name, result in zip(self.names, self.results)
            ],
            "rungs": [
                {**rung.to_dict(), "initiatives": [i for i, n in enumerate(held) if n == rung.number]}
                for rung in assessment.rungs
            ],
            "gaps": [
                {
                    "id": gap.id,
                    "name": gap.name,
                    "link": gap.link,
                    "blocking": self.blocked_by(gap.id),
                }
                for gap in assessment.gaps
            ],
            "bottleneck": None if bottleneck is None else {
                "id": bottleneck,
                "name": assessment.gap(bottleneck).name,
                "link": assessment.gap(bottleneck).link,
                "count": len(self.blocked_by(bottleneck)),
            },
        }


def portfolio(assessment: Assessment, initiatives: object) -> Portfolio:
    """Score each initiative (`{"name": str, "answers": {question_id: option_id}}`) on one ladder.

    Raises `AnswerError` for anything `score()` would refuse, a missing or empty name, or more
    than `MAX_INITIATIVES` initiatives.
    """
    if not isinstance(assessment, Assessment):
        raise TypeError("portfolio() needs the Assessment returned by load_assessment()")
    if isinstance(initiatives, (str, bytes, Mapping)) or not isinstance(initiatives, Sequence):
        raise AnswerError('A portfolio is a list of initiatives, each {"name": …, "answers": {…}}.')
    if len(initiatives) > MAX_INITIATIVES:
        raise AnswerError(
            f"A portfolio holds at most {MAX_INITIATIVES} initiatives, not {len(initiatives)}."
        )
    names, results = [], []
    for index, initiative in enumerate(initiatives):
        if not isinstance(initiative, Mapping):
            raise AnswerError(f'Initiative {index + 1} must be {{"name": …, "answers": {{…}}}}.')
        name = initiative.get("name")
        if not isinstance(name, str) or not name.strip():
            raise AnswerError(f"Initiative {index + 1} needs a name.")
        names.append(name.strip()[:MAX_NAME])
        results.append(score(assessment, initiative.get("answers", {})))
    return Portfolio(assessment, tuple(names), tuple(results))
