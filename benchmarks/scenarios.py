"""What a visitor does on each page, and what each visit records.

Every scenario runs twice in one fresh browser context: `cold` (empty cache) then `warm` (the
same context, so the HTTP cache is kept; localStorage is cleared between so the quiz starts
afresh). A visit returns a flat dict of figures (ms since navigation, bytes) for the report.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .browser import (MeasureError, Visit, engine_ms, engine_stages, engine_workers, longtasks_until,
                      request_times, script_time_until)
from .nginx import Nginx

OURS = {"radio": "[data-assessment] input[type=radio]", "result": "[data-assessment-results]"}
NAIVE = {"radio": "#quiz input[type=radio]", "result": "#result"}
NONE = {"radio": None, "result": None}

LOAD_LIMIT = 90  # seconds for a page to become answerable or show a result (cold, noisy machine)


@dataclass(frozen=True)
class Target:
    key: str  # "ours", "naive", "bare", "ours-minimal", "article", ...
    server: Nginx
    path: str
    selectors: dict
    kind: str  # "ours" | "naive" | "bare" | "article": which driver

    @property
    def url(self) -> str:
        return self.server.url + self.path


def answer_plan(definition: dict) -> list[tuple[str, str]]:
    """One answer per question: the middle option, so the result has gaps to show."""
    return [
        (question["id"], question["options"][len(question["options"]) // 2]["id"])
        for question in definition["questions"]
    ]


def our_share_fragment(assessment: str, plan: list[tuple[str, str]]) -> str:
    """The share link format of overrides/assets/javascripts/assessment/share.js (v1)."""

    def encode(value: str) -> str:
        return quote(value, safe="").replace(".", "%2E").replace(",", "%2C")

    pairs = ",".join(f"{encode(q)}.{encode(o)}" for q, o in plan)
    return f"#{encode(assessment)}=v1:{pairs}"


def naive_share_fragment(plan: list[tuple[str, str]]) -> str:
    return "#" + urlencode(plan)


# --- drivers: a visitor answering every question over `seconds` --------------------------------


def _wait_until(page, moment: float) -> None:
    remaining = moment - time.monotonic()
    if remaining > 0:
        page.wait_for_timeout(remaining * 1000)


def drive_ours(visit: Visit, plan, seconds: float) -> None:
    """One question at a time, as a visitor taps: a tap on an answer moves on by itself after a
    short beat (flow.js), and the tap on the last answer asks for the result. No Next button."""
    page, start, count = visit.page, time.monotonic(), len(plan)
    for index, (question, option) in enumerate(plan):
        _wait_until(page, start + seconds * (index + 1) / count if index == count - 1
                    else start + seconds * index / count)
        field = page.locator(f'[data-assessment-question="{question}"]')
        input_id = field.locator(f'input[value="{option}"]').get_attribute("id", timeout=10_000)
        # Waits until the question is on screen, i.e. the previous tap's beat has passed.
        page.locator(f'label[for="{input_id}"]').click(timeout=10_000)


def drive_naive(visit: Visit, plan, seconds: float) -> None:
    """Every question on one page: pick each answer, then 'See my result'."""
    page, start, count = visit.page, time.monotonic(), len(plan)
    for index, (question, option) in enumerate(plan):
        _wait_until(page, start + seconds * index / count)
        page.locator(f'#quiz input[name="{question}"][value="{option}"]').click(timeout=10_000)
    _wait_until(page, start + seconds)
    page.locator("#quiz button[type=submit]").click(timeout=10_000)


DRIVERS = {"ours": drive_ours, "naive": drive_naive}


# --- visits --------------------------------------------------------------------------------------


def _common(visit: Visit, bench: dict, until: float | None) -> dict:
    total, longest, count = longtasks_until(bench, until)
    quiz_ms, scripts = script_time_until(bench, until)
    snap = visit.snapshot()
    record = {
        "longtask_total_ms": total,
        "longtask_max_ms": longest,
        "longtask_count": count,
        "quiz_script_ms": quiz_ms,
        "long_frame_scripts": scripts,
        "worker_created_ms": bench.get("workerCreated"),
        "engine_workers": engine_workers(bench),
        "engine_ready_ms": bench.get("engineReady"),
        "engine_ms": engine_ms(bench),
        "bytes_total": snap.bytes,
        "pyodide_bytes_total": snap.pyodide_bytes,
        "requests": snap.requests,
        "notes": bench.get("notes", []) + visit.errors,
        # The quiz's own marks (client.js, quiz.js), kept to cross-check the figures above.
        "marks": bench.get("marks", {}),
        # Where the time goes (the share-link breakdown): the engine's stages and its files.
        "stages": engine_stages(bench),
        "files": request_times(visit),
    }
    if bench.get("engineOk") is False:
        raise MeasureError(f"the engine replied not ready: {visit.errors}")
    # Worker requests must be in the count: the wasm file is fetched by the worker.
    if bench.get("engineOk") and not any(url.endswith("pyodide.asm.wasm") for url in snap.urls):
        raise MeasureError("a worker started Pyodide but its requests were not counted")
    if visit.profile is not None:
        record["wasm_bytes_per_s"] = _check_throttled(visit)
    return record


def _check_throttled(visit: Visit) -> float | None:
    """The wasm's download rate; a phone visit whose worker ran unthrottled is not measured."""
    for request in visit.finished:
        if not request.url.endswith("pyodide.asm.wasm"):
            continue
        try:
            size, seconds = request.sizes()["responseBodySize"], request.timing["responseEnd"] / 1000
        except Exception:
            return None
        if size <= 0 or seconds <= 0:
            return None  # from the cache: nothing travelled
        rate = size / seconds
        if rate > 1.5 * visit.profile.down_bytes_s:
            raise MeasureError(f"the wasm arrived at {rate / 1000:.0f} kB/s: the network profile did not apply")
        return rate
    return None


def visit_answering(context, target: Target, plan, seconds: float, profile=None) -> dict:
    """Load, wait until the quiz is usable and the network quiet, answer over `seconds`."""
    visit = Visit(context, target.server.origin, target.selectors, profile=profile)
    try:
        visit.goto(target.url)
        first = visit.wait_for("firstAnswerable", LOAD_LIMIT)
        settled = visit.wait_quiet(1.0, 20)
        before = visit.snapshot()
        DRIVERS[target.kind](visit, plan, seconds)
        result = visit.wait_for("resultShown", LOAD_LIMIT)
        visit.wait_quiet(0.5, 10)
        bench = visit.bench()
        record = _common(visit, bench, result)
        last = bench.get("lastInputBeforeResult")
        record.update(
            first_answerable_ms=first,
            result_shown_ms=result,
            result_latency_ms=None if last is None else result - last,
            bytes_before_start=before.bytes,
            pyodide_bytes_before_start=before.pyodide_bytes,
            settled_before_start=settled,
        )
        return record
    finally:
        visit.close()


def visit_shared(context, target: Target, fragment: str, profile=None) -> dict:
    """The instant visitor: open a link with every answer in it; navigation to result."""
    visit = Visit(context, target.server.origin, target.selectors, profile=profile)
    try:
        visit.goto(target.url + fragment)
        result = visit.wait_for("resultShown", LOAD_LIMIT)
        visit.wait_quiet(0.5, 10)
        bench = visit.bench()
        record = _common(visit, bench, result)
        record.update(result_shown_ms=result, first_answerable_ms=bench.get("firstAnswerable"))
        return record
    finally:
        visit.close()


def visit_engine(context, target: Target) -> dict:
    """The bare page: a worker running loadPyodide(); creation to ready."""
    visit = Visit(context, target.server.origin, NONE)
    try:
        visit.goto(target.url)
        visit.wait_for("engineReady", LOAD_LIMIT)
        visit.wait_quiet(0.5, 10)
        return _common(visit, visit.bench(), None)
    finally:
        visit.close()


def visit_reading(context, target: Target) -> dict:
    """A reader: load the page, take no action; what arrived once the network went quiet."""
    visit = Visit(context, target.server.origin, target.selectors)
    try:
        visit.goto(target.url)
        deadline = time.monotonic() + LOAD_LIMIT
        while visit.page.evaluate("() => document.readyState") != "complete":
            if time.monotonic() > deadline:
                raise MeasureError(f"{target.url} did not finish loading")
            visit.page.wait_for_timeout(100)
        visit.wait_quiet(1.5, 20)
        bench = visit.bench()
        record = _common(visit, bench, None)
        record["first_answerable_ms"] = bench.get("firstAnswerable")
        record["load_ms"] = visit.page.evaluate(
            "() => performance.getEntriesByType('navigation')[0].loadEventEnd"
        )
        return record
    finally:
        visit.close()


def cold_and_warm(browser, work, *args) -> list[dict]:
    """`work(context, *args)` in a fresh context (cold), then again in it (warm)."""
    records = []
    context = browser.new_context()
    try:
        for cache in ("cold", "warm"):
            started = time.monotonic()
            try:
                record = work(context, *args)
            except Exception as error:  # recorded, reported, and the run goes on
                record = {"error": f"{type(error).__name__}: {str(error).splitlines()[0][:300]}"}
            record["cache"] = cache
            record["wall_s"] = round(time.monotonic() - started, 2)
            records.append(record)
    finally:
        context.close()
    return records
