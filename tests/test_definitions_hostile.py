"""Hostile quiz files fail fast and plainly (issue 9): each is one build error naming the file and
the line, with no traceback, in well under a second.

Each case runs `definitions.load_all` in a child process bounded in memory (RLIMIT_AS) and in
time (a timeout), so a regression (a "billion laughs" file expanding, a recursion running away)
fails the test instead of taking the machine down. One case also runs the real
`mkdocs build --strict` to show the visitor-facing error has no traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from conftest import config_with_docs_at, run_mkdocs_build
from site_plugins.assessment.definitions import MAX_DEPTH, MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parents[1]
LADDER = ROOT / "content" / "assessments" / "ladder.yml"
MEMORY_BYTES = 1024 * 1024 * 1024  # far below the 5.7 GB a billion-laughs file reached
TIME_LIMIT = 20  # seconds, for a child process that must finish in well under one

CHILD = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[3]),) * 2)
from pathlib import Path
from mkdocs.exceptions import PluginError
from site_plugins.assessment.definitions import load_all
docs = Path(sys.argv[1])
started = time.perf_counter()
try:
    load_all(docs / "assessments", docs_dir=docs)
    outcome = {"error": None}
except PluginError as error:
    outcome = {"error": str(error)}
outcome["seconds"] = time.perf_counter() - started
Path(sys.argv[2]).write_text(json.dumps(outcome))
"""


def load_bounded(docs_dir: Path, tmp_path: Path) -> dict:
    out = tmp_path / "outcome.json"
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(docs_dir), str(out), str(MEMORY_BYTES)],
        cwd=ROOT, capture_output=True, text=True, timeout=TIME_LIMIT,
    )
    assert result.returncode == 0, f"the loader crashed:\n{result.stderr[-2000:]}"
    return json.loads(out.read_text())


def quiz_file(tmp_path: Path, data: bytes) -> Path:
    docs_dir = tmp_path / "content"
    (docs_dir / "assessments").mkdir(parents=True)
    (docs_dir / "assessments" / "ladder.yml").write_bytes(data)
    return docs_dir


def ladder_lines() -> list[str]:
    return LADDER.read_text(encoding="utf-8").splitlines(keepends=True)


def billion_laughs() -> bytes:
    lines = ['lol0: &a0 ["lol"]\n']
    lines += [f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 12)]
    return ("".join(lines) + "id: ladder\nintro: *a11\n").encode()


def anchored_help() -> tuple[bytes, int]:
    """A 1 KB anchored string reused as `help: *big` on every question (the issue's 301 MB page
    used 1 MB; the refusal does not depend on the size)."""
    lines = ladder_lines()
    out, first = [], None
    for number, line in enumerate(lines, 1):
        out.append(line)
        if line.startswith("title:"):
            out.append(f"x_text: &big \"{'x' * 1000}\"\n")
            first = len(out)
    text = "".join(out).replace("    prompt:", "    help: *big\n    prompt:")
    return text.encode(), first


def nested_brackets() -> bytes:
    return ("id: ladder\ntitle: T\nintro: " + "[" * 500 + "]" * 500 + "\n").encode()


def invalid_utf8() -> tuple[bytes, int]:
    lines = [line.encode("utf-8") for line in ladder_lines()]
    target = 30
    lines[target - 1] = lines[target - 1].rstrip(b"\n") + b" caf\xe9\n"
    return b"".join(lines), target


def test_a_billion_laughs_file_is_refused_at_its_first_anchor(tmp_path):
    outcome = load_bounded(quiz_file(tmp_path, billion_laughs()), tmp_path)
    assert "content/assessments/ladder.yml:1:" in outcome["error"]
    assert "anchor" in outcome["error"] and "alias" in outcome["error"]
    assert "Traceback" not in outcome["error"]
    assert outcome["seconds"] < 1


def test_an_anchored_help_text_reused_everywhere_is_refused(tmp_path):
    data, line = anchored_help()
    outcome = load_bounded(quiz_file(tmp_path, data), tmp_path)
    assert f"content/assessments/ladder.yml:{line}:" in outcome["error"]
    assert "write each text out in full" in outcome["error"]
    assert outcome["seconds"] < 1


def test_deep_nesting_is_refused_with_its_line_not_a_recursion_error(tmp_path):
    outcome = load_bounded(quiz_file(tmp_path, nested_brackets()), tmp_path)
    assert "content/assessments/ladder.yml:3:" in outcome["error"]
    assert f"more than {MAX_DEPTH} levels" in outcome["error"]
    assert "Recursion" not in outcome["error"]
    assert outcome["seconds"] < 1


def test_invalid_utf8_is_reported_at_its_true_line(tmp_path):
    data, line = invalid_utf8()
    outcome = load_bounded(quiz_file(tmp_path, data), tmp_path)
    assert f"content/assessments/ladder.yml:{line}:" in outcome["error"]
    assert "UTF-8" in outcome["error"]


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    data = LADDER.read_bytes() + b"# " + b"x" * MAX_FILE_BYTES + b"\n"
    outcome = load_bounded(quiz_file(tmp_path, data), tmp_path)
    assert "content/assessments/ladder.yml:1:" in outcome["error"]
    assert f"{MAX_FILE_BYTES:,} bytes" in outcome["error"]
    assert outcome["seconds"] < 1


def test_the_shipped_ladder_is_well_within_the_limits(tmp_path):
    assert LADDER.stat().st_size < MAX_FILE_BYTES / 10
    outcome = load_bounded(quiz_file(tmp_path, LADDER.read_bytes()), tmp_path)
    assert outcome["error"] is None


def test_the_build_stops_on_a_hostile_file_without_a_traceback(tmp_path):
    """The real `mkdocs build --strict` (the project's config, docs pointed at the bad file)."""
    docs_dir = quiz_file(tmp_path, billion_laughs())
    (docs_dir / "index.md").write_text("# Article\n\n<!-- assessment: ladder -->\n", encoding="utf-8")
    config = config_with_docs_at(docs_dir, tmp_path / "mkdocs.yml")
    started = time.perf_counter()
    result = run_mkdocs_build(tmp_path / "site", config_file=config)
    elapsed = time.perf_counter() - started
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "ladder.yml:1:" in output and "anchor" in output
    assert "Traceback" not in output
    print(f"hostile build refused in {elapsed:.1f} s (MkDocs start-up included)")
