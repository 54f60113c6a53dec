"""Lighthouse 12 (node_modules/.bin/lighthouse), mobile with its default throttling.

Each run launches Debian's Chromium (CHROME_PATH) headless with the tests' flags, writes JSON to
a temporary file, and is stopped with its whole process group (Lighthouse and the Chromium it
started) if it overruns.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
from pathlib import Path

from .browser import CHROMIUM_ARGS
from .nginx import ROOT

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
RUN_TIMEOUT = 240  # seconds


class LighthouseError(RuntimeError):
    pass


def version() -> str | None:
    try:
        package = ROOT / "node_modules" / "lighthouse" / "package.json"
        return json.loads(package.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def run_once(url: str, output: Path, chromium: str) -> dict:
    if not LIGHTHOUSE.exists():
        raise LighthouseError("node_modules/.bin/lighthouse is missing: run `npm ci` (make bench does).")
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
        "--max-wait-for-load=60000",
    ]
    env = {**os.environ, "CHROME_PATH": chromium}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # its own process group: stopped as a whole below
    )
    try:
        log, _ = process.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise LighthouseError(f"Lighthouse did not finish within {RUN_TIMEOUT} s on {url}") from None
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    if process.returncode != 0 or not output.exists():
        raise LighthouseError(f"Lighthouse failed on {url} (exit {process.returncode}):\n{log[-3000:]}")
    report = json.loads(output.read_text())
    if report.get("runtimeError"):
        raise LighthouseError(f"Lighthouse runtime error on {url}: {report['runtimeError']}")
    return report


def scores(report: dict) -> dict[str, int | None]:
    return {
        name: None if report["categories"][name]["score"] is None
        else round(report["categories"][name]["score"] * 100)
        for name in CATEGORIES
    }


def flagged(report: dict) -> list[dict]:
    """Every scored audit of the four categories that did not pass, with its category."""
    found = []
    audits = report["audits"]
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = audits.get(ref["id"], {})
            mode = audit.get("scoreDisplayMode")
            score = audit.get("score")
            if mode in ("notApplicable", "manual", "informative", "error") or score is None:
                continue
            if score < 1 and (ref.get("weight", 0) > 0 or mode == "metricSavings" or score < 0.9):
                found.append({
                    "category": name,
                    "id": ref["id"],
                    "title": audit.get("title", ""),
                    "score": score,
                    "display": audit.get("displayValue", ""),
                    "weight": ref.get("weight", 0),
                    "urls": _urls(audit),
                })
    return found


def _urls(audit: dict, limit: int = 4) -> list[str]:
    """The resources an audit points at (its details' items with a URL), as paths."""
    from urllib.parse import urlsplit

    items = (audit.get("details") or {}).get("items") or []
    paths = []
    for item in items:
        url = item.get("url") if isinstance(item, dict) else None
        if isinstance(url, str) and url.startswith("http"):
            path = urlsplit(url).path
            if path not in paths:
                paths.append(path)
    return paths[:limit]


def audit_page(url: str, workdir: Path, runs: int, chromium: str) -> dict:
    """`runs` Lighthouse runs on one page: median score per category, and what was flagged."""
    reports, errors = [], []
    for index in range(runs):
        try:
            reports.append(run_once(url, workdir / f"lighthouse-{index}.json", chromium))
        except LighthouseError as error:
            errors.append(str(error))
    result: dict = {"url": url, "runs": len(reports), "errors": errors, "scores": {}, "flagged": []}
    if not reports:
        return result
    per_run = [scores(report) for report in reports]
    result["per_run"] = per_run
    for name in CATEGORIES:
        values = [run[name] for run in per_run if run[name] is not None]
        result["scores"][name] = statistics.median(values) if values else None
    seen: dict[tuple[str, str], dict] = {}
    for report in reports:
        for item in flagged(report):
            key = (item["category"], item["id"])
            if key not in seen:
                seen[key] = {**item, "in_runs": 0}
            seen[key]["in_runs"] += 1
    result["flagged"] = list(seen.values())
    # The metrics of the run whose performance score is the median one.
    by_performance = sorted(reports, key=lambda report: report["categories"]["performance"]["score"] or 0)
    middle = by_performance[len(by_performance) // 2]
    metrics = middle["audits"]
    result["metrics"] = {
        key: metrics[key].get("displayValue")
        for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                    "cumulative-layout-shift", "speed-index")
        if key in metrics
    }
    weight = metrics.get("total-byte-weight", {})
    result["total_byte_weight"] = weight.get("numericValue")
    return result
