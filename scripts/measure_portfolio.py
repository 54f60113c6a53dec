"""The portfolio's numbers, in headless Chromium on a real build: page load to the ladder shown
for a portfolio of 100 initiatives (the most it holds), the worker's portfolio() round trip for
3 and 100 initiatives with a warm engine, and the length of the one link for 100 initiatives
with 80-character names. Prints each figure (medians of 5).

    .venv/bin/python scripts/measure_portfolio.py [SITE_DIR]   # builds the site when none is given
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import test_portfolio_view as view  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, run_mkdocs_build, start_static_server  # noqa: E402

ROUND_TRIP = """async (items) => {
  const entry = document.querySelector('script[src*="javascripts/assessment.js"]').src;
  const base = new URL("assessment/", entry).href;
  const { engineFor } = await import(base + "client.js");
  const { readConfig } = await import(base + "config.js");
  const engine = engineFor(readConfig(document.querySelector("[data-assessment-view]")));
  await engine.portfolio(items);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await engine.portfolio(items);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2];
}"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    if len(sys.argv) > 1:
        site = Path(sys.argv[1])
    else:
        site = Path(tempfile.mkdtemp(prefix="portfolio-site-"))
        result = run_mkdocs_build(site)
        if result.returncode:
            sys.exit(result.stdout + result.stderr)
    server = start_static_server(site)
    rng = random.Random(1)
    many = [
        (f"Initiative {i:03d} ".ljust(80, "x"),
         {q.id: rng.choice(q.options).id for q in view.ASSESSMENT.questions})
        for i in range(100)
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context().new_page()
        view.seed(page, server, many)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            page.reload()
            page.wait_for_selector(view.SHOWN, timeout=120_000)
            times.append((time.perf_counter() - start) * 1000)
        print(f"reload -> ladder of 100 shown (HTTP cache warm, engine started per load): "
              f"median {statistics.median(times):.0f} ms {[round(t) for t in times]}")
        print(f"one link for 100 initiatives, 80-character names: {len(view.portfolio_link(page))} characters")
        for count in (3, 100):
            items = [{"name": name, "answers": answers} for name, answers in many[:count]]
            print(f"worker portfolio(), {count} initiatives, warm engine: median {page.evaluate(ROUND_TRIP, items):.1f} ms")
        browser.close()
    server.stop()


if __name__ == "__main__":
    main()
