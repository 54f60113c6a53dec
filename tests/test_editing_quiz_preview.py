"""Issue 8: a quiz-text edit rebuilds nothing that does not depend on the quiz text. The cut
standard library depends on the scoring code only, so changing a prompt must reuse the cached
cut (no new trace of Pyodide in Node). Speed itself is measured, not asserted:
`scripts/measure_preview.py` (figures in README.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

from site_plugins.assessment import definitions, engine
from site_plugins.assessment.config import AssessmentConfig
from tests.editing_project import ROOT


def minimal_config() -> AssessmentConfig:
    config = AssessmentConfig()
    config.load_dict({"pyodide_stdlib": "minimal"})
    assert config.validate() == ([], [])
    return config


def load(content: Path) -> dict:
    return definitions.load_all(content / "assessments", docs_dir=content)


def test_a_prompt_edit_reuses_the_cut_standard_library(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    prepare = lambda defs: engine.prepare(  # noqa: E731
        minimal_config(), project_dir=ROOT, scoring_dir=ROOT / "scoring", definitions=defs
    )
    before = prepare(load(content))
    traces = set((ROOT / ".cache" / "pyodide" / "stdlib").iterdir())

    ladder = content / "assessments" / "ladder.yml"
    text = ladder.read_text(encoding="utf-8")
    marker = "    prompt: "
    at = text.index(marker) + len(marker)
    ladder.write_text(text[:at] + "Honestly, " + text[at:], encoding="utf-8")
    edited = load(content)
    assert edited["ladder"].digest != load_original_digest()

    after = prepare(edited)
    assert after.stdlib_path == before.stdlib_path
    assert set((ROOT / ".cache" / "pyodide" / "stdlib").iterdir()) == traces, "the stdlib was traced again"


def load_original_digest() -> str:
    return load(ROOT / "content")["ladder"].digest
