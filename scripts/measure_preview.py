"""Save → page updated, during `make serve`, for an article edit and a quiz-text edit.

Starts the preview server (the same one `make serve` runs) in a throwaway copy of the project,
then, ROUNDS times each, adds one word to a heading of content/index.md or in a question prompt of
content/assessments/ladder.yml and times from the save until the page served carries the new
text. Prints each time and the medians.

    .venv/bin/python scripts/measure_preview.py [ROUNDS]
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.editing_project import copy_project  # noqa: E402


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, timeout: float = 120) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if text in fetch(url):
                return time.monotonic()
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{text!r} never appeared at {url}")


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    folder = Path(tempfile.mkdtemp(prefix="measure-preview-"))
    project = copy_project(folder / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "site_plugins.editorial.cli", "serve", "--port", str(port)],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/pilot-to-production/"
        wait_for(url, "</html>", timeout=600)
        article = project / "content" / "index.md"
        ladder = project / "content" / "assessments" / "ladder.yml"
        prompt = re.search(r"^    prompt: (.+)$", ladder.read_text(encoding="utf-8"), re.M)[1]
        heading = re.search(r"^## (.+?) \{#", article.read_text(encoding="utf-8"), re.M)[1]
        times: dict[str, list[float]] = {"article": [], "quiz": []}
        for n in range(rounds):
            for kind, path, old in (("article", article, heading), ("quiz", ladder, prompt)):
                # Each edit adds a new word (never undone: undoing would be a second rebuild).
                marker = f"Edit{kind}{n}x{time.time_ns()}"  # never seen before: no cache hit
                text = path.read_text(encoding="utf-8")
                time.sleep(2)  # a quiet moment, as between two saves
                start = time.monotonic()
                path.write_text(text.replace(old, f"{old} {marker}", 1), encoding="utf-8")
                times[kind].append(wait_for(url, marker) - start)
                print(f"{kind:8} round {n + 1}: {times[kind][-1]:.2f} s", flush=True)
        for kind, values in times.items():
            print(f"median {kind} edit, save -> page updated: {statistics.median(values):.2f} s")
        print(f"ratio quiz/article: {statistics.median(times['quiz']) / statistics.median(times['article']):.2f}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
