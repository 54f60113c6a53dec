"""Score the "Which rung are you on?" self-assessment: pure Python, standard library only.

The same code runs at build time (to validate quiz files) and in the visitor's browser under
Pyodide (to score answers)::

    from scoring import load_assessment, score

    assessment = load_assessment(data)   # data: the dict parsed from a quiz file (YAML or JSON)
    result = score(assessment, answers)  # answers: {question_id: option_id}
    result.rung, result.blocking_gaps, result.gap_scores, result.to_dict()
    compare(assessment, [answers, theirs]).to_dict()           # where two or more views differ
    portfolio(assessment, [{"name": "…", "answers": answers}]).to_dict()  # many initiatives

`load_assessment` raises one `DefinitionError` listing every problem in the file;
`score` raises `AnswerError` for answers it cannot use, and nothing else.
"""

from .comparison import Comparison, Difference, compare
from .errors import AnswerError, DefinitionError, Problem
from .model import Assessment, Gap, Option, Question, Requirement, Rung
from .portfolios import Portfolio, portfolio
from .result import Result, Shortfall, score
from .validate import load_assessment

__version__ = "0.1.0"

__all__ = [
    "AnswerError",
    "Assessment",
    "Comparison",
    "DefinitionError",
    "Difference",
    "Gap",
    "Option",
    "Portfolio",
    "Problem",
    "Question",
    "Requirement",
    "Result",
    "Rung",
    "Shortfall",
    "compare",
    "load_assessment",
    "portfolio",
    "score",
]
