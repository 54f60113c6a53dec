"""One page visit in headless Chromium, measured from inside the page.

Every figure is taken by the page itself, on its own clock (`performance.now()`, zero at the
navigation), by an init script that runs before any of the page's scripts:

- `firstAnswerable`: the first animation frame in which a radio input of the quiz is enabled and
  visible (or its label is): the visitor can answer. A page that freezes paints no frame, so a
  frozen page is not counted as usable.
- `resultShown`: the first frame in which the result element is visible with text in it.
- `lastInput`: the timestamp of the last trusted pointerdown/keydown before the result showed
  (the start of the visitor's final interaction), so `resultShown - lastInput` is what the
  visitor waits after their last answer.
- long tasks: PerformanceObserver('longtask', buffered), main thread only; and long animation
  frames (LoAF), whose script entries say which scripts ran in them, so the time spent in the
  quiz's own code (or, on the naive page, in Pyodide and its page script) can be told apart
  from the theme's.
- engine: `Worker` is wrapped (a subclass that behaves the same) to note when the page created
  each worker and when its first `{type: "ready"}` message arrived; the first worker to say
  ready is the engine (our protocol's ready reply, and the bare yardstick's). Material's search
  worker never sends one.

Bytes are Chromium's own count (Playwright's request sizes: encoded body + headers as received,
0 for a cache hit). Chromium reports the requests of dedicated workers on the page; the benchmark
checks it on every visit whose worker started (the wasm file, fetched by the worker, must be in
the count).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Headless Chromium on this closed network: without the background-networking flags it keeps
# trying to reach Google's hosts. The tests launch Chromium with these same flags.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_INIT_SCRIPT = r"""
(() => {
  if (window.__bench) return;
  const SEL = __SELECTORS__;
  const B = (window.__bench = {
    firstAnswerable: null, resultShown: null, lastInput: null, lastInputBeforeResult: null,
    workerCreated: null, engineReady: null, engineOk: null, workers: [], longtasks: [], frames: [], notes: [],
  });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) B.longtasks.push([entry.startTime, entry.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (error) {
    B.notes.push("no longtask observer: " + error);
  }
  try {
    // Long animation frames name the scripts that ran in them: who caused a long task.
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        B.frames.push({
          start: entry.startTime, duration: entry.duration, blocking: entry.blockingDuration,
          scripts: entry.scripts.map((script) => ({
            url: script.sourceURL, invoker: script.invoker, duration: script.duration,
          })),
        });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch (error) {
    B.notes.push("no long-animation-frame observer: " + error);
  }
  for (const type of ["pointerdown", "keydown"]) {
    addEventListener(type, (event) => {
      if (event.isTrusted && B.resultShown === null) B.lastInput = event.timeStamp;
    }, true);
  }
  const NativeWorker = window.Worker;
  if (NativeWorker) {
    window.Worker = class Worker extends NativeWorker {
      constructor(url, ...rest) {
        const created = performance.now();
        super(url, ...rest);
        const record = { url: String(url), created, ready: null, ok: null, stages: {} };
        B.workers.push(record);
        this.addEventListener("message", (event) => {
          const data = event.data;
          // Our engine names each start-up stage as it begins (PROGRESS with a stage): when.
          if (data && data.type === "progress" && data.stage && !(data.stage in record.stages)) {
            record.stages[data.stage] = performance.now();
          }
          if (record.ready === null && data && data.type === "ready") {
            record.ready = performance.now();
            record.ok = data.ok === true;
            if (B.engineReady === null) {
              B.workerCreated = record.created;
              B.engineReady = record.ready;
              B.engineOk = record.ok;
            }
          }
        });
      }
    };
  }
  const shown = (element) => {
    if (!element || !element.isConnected) return false;
    const box = element.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return false;
    return element.checkVisibility ? element.checkVisibility({ visibilityProperty: true }) : true;
  };
  const answerable = (input) =>
    !input.matches(":disabled") && (shown(input) || [...(input.labels || [])].some(shown));
  const frame = () => {
    const now = performance.now();
    if (B.firstAnswerable === null && SEL.radio) {
      for (const input of document.querySelectorAll(SEL.radio)) {
        if (answerable(input)) { B.firstAnswerable = now; break; }
      }
    }
    if (B.resultShown === null && SEL.result) {
      const result = document.querySelector(SEL.result);
      if (result && shown(result) && result.textContent.trim()) {
        B.resultShown = now;
        B.lastInputBeforeResult = B.lastInput;
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
"""

PYODIDE_PATHS = ("/assets/assessment/pyodide/", "/assets/assessment/packages/")


class MeasureError(RuntimeError):
    pass


@dataclass
class Snapshot:
    bytes: int = 0
    pyodide_bytes: int = 0
    requests: int = 0
    urls: list = field(default_factory=list)


@dataclass
class Visit:
    """A page in a context, with its requests and errors recorded from before navigation."""

    context: object
    origin: str
    selectors: dict
    page: object = None
    finished: list = field(default_factory=list)
    inflight: int = 0
    last_activity: float = 0.0
    errors: list[str] = field(default_factory=list)
    profile: object = None  # a benchmarks.phone.Profile: emulate a phone on a mobile network

    def __post_init__(self):
        self.page = self.context.new_page()
        if self.profile is not None:
            from .phone import apply

            apply(self.context, self.page, self.profile)
        self.page.add_init_script(script=_INIT_SCRIPT.replace("__SELECTORS__", json.dumps(self.selectors)))
        self.last_activity = time.monotonic()
        self.page.on("request", self._on_request)
        self.page.on("requestfinished", self._on_finished)
        self.page.on("requestfailed", self._on_failed)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on(
            "console",
            lambda message: self.errors.append(f"console: {message.text}")
            if message.type == "error"
            else None,
        )

    def _on_request(self, request):
        self.inflight += 1
        self.last_activity = time.monotonic()

    def _on_finished(self, request):
        self.inflight = max(0, self.inflight - 1)
        self.last_activity = time.monotonic()
        self.finished.append(request)

    def _on_failed(self, request):
        self.inflight = max(0, self.inflight - 1)
        self.last_activity = time.monotonic()
        if urlsplit(request.url).path.startswith("/favicon.ico"):
            return
        self.errors.append(f"request failed: {request.url} {request.failure}")

    # --- driving -------------------------------------------------------------------------------

    def goto(self, url: str) -> None:
        self.page.goto(url, wait_until="commit", timeout=30_000)

    def bench(self) -> dict:
        """The in-page figures, plus the page's own `assessment:*` performance marks."""
        return self.page.evaluate(
            """() => window.__bench ? { ...window.__bench, marks: Object.fromEntries(
                performance.getEntriesByType("mark").filter((m) => m.name.startsWith("assessment:"))
                  .map((m) => [m.name, m.startTime])) } : null"""
        ) or {}

    def wait_for(self, key: str, limit: float, step_ms: int = 100) -> float:
        """Poll until the in-page figure `key` is set; returns it (ms since navigation)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            value = self.page.evaluate(f"() => window.__bench ? window.__bench.{key} : null")
            if value is not None:
                return value
            if self.errors and any(e.startswith("page error") for e in self.errors):
                raise MeasureError(f"{key}: the page failed: {self.errors}")
            self.page.wait_for_timeout(step_ms)
        raise MeasureError(f"{key} not reached within {limit:.0f} s ({self.page.url})")

    def wait_quiet(self, quiet: float = 1.0, limit: float = 15.0) -> bool:
        """Wait until no request has been in flight for `quiet` seconds (bounded by `limit`)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.inflight == 0 and time.monotonic() - self.last_activity >= quiet:
                return True
            self.page.wait_for_timeout(100)
        return False

    def snapshot(self, count: int | None = None) -> Snapshot:
        """Bytes of the requests finished so far (or of the first `count`)."""
        snap = Snapshot()
        for request in self.finished[: len(self.finished) if count is None else count]:
            try:
                sizes = request.sizes()
            except Exception:  # a request whose page went away: nothing to count
                continue
            size = max(0, sizes["responseBodySize"] + sizes["responseHeadersSize"])
            snap.bytes += size
            snap.requests += 1
            if any(part in urlsplit(request.url).path for part in PYODIDE_PATHS):
                snap.pyodide_bytes += size
            snap.urls.append(urlsplit(request.url).path)
        return snap

    def close(self, clear_storage: bool = True) -> None:
        try:
            if clear_storage and not self.page.is_closed():
                # The warm visit must start the quiz afresh, with only the HTTP cache kept.
                self.page.evaluate("() => { try { localStorage.clear(); } catch {} }")
        finally:
            if not self.page.is_closed():
                self.page.close()


def longtasks_until(bench: dict, until: float | None) -> tuple[float, float, int]:
    """Total and longest long task (ms) that started before `until`, and how many."""
    tasks = [(start, duration) for start, duration in bench.get("longtasks", []) if until is None or start <= until]
    if not tasks:
        return 0.0, 0.0, 0
    return sum(d for _, d in tasks), max(d for _, d in tasks), len(tasks)


SEARCH_WORKER = "/workers/search."  # Material's search worker: not an engine


def engine_workers(bench: dict) -> list[str]:
    """URLs of the workers the page started, Material's search worker aside."""
    return [w["url"] for w in bench.get("workers", []) if SEARCH_WORKER not in w["url"]]


# Scripts that belong to the quiz: ours (assessment.js and its modules), and on the naive page
# its own script and the Pyodide runtime it runs on the main thread.
QUIZ_SCRIPTS = ("/assets/javascripts/assessment", "/assets/assessment/", "/bench/naive/")


def script_time_until(bench: dict, until: float | None) -> tuple[float, dict[str, float]]:
    """Time in the quiz's scripts during long animation frames, and the time per script URL."""
    per_url: dict[str, float] = {}
    for frame in bench.get("frames", []):
        if until is not None and frame["start"] > until:
            continue
        for script in frame["scripts"]:
            path = urlsplit(script["url"] or "").path or f"({script['invoker']})"
            per_url[path] = per_url.get(path, 0.0) + script["duration"]
    quiz = sum(ms for path, ms in per_url.items() if any(part in path for part in QUIZ_SCRIPTS))
    return quiz, dict(sorted(per_url.items(), key=lambda item: -item[1])[:8])


# The engine's files, by the name they have in both builds, for the share-link breakdown.
ENGINE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib", "pyodide-lock.json",
                ".whl", ".json")


def engine_file(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    if "/assets/assessment/" not in path:
        return None
    if name.startswith("python_stdlib"):
        return "python_stdlib.zip"
    if name.endswith(".whl"):
        return "scoring wheel"
    if name.endswith(".json") and name != "pyodide-lock.json":
        return "definition"
    return name if name in ENGINE_FILES else None


def request_times(visit: "Visit") -> dict[str, list[float]]:
    """[start, end] of each engine file's request, ms since navigation (the page's clock)."""
    origin = visit.page.evaluate("() => performance.timeOrigin")
    times = {}
    for request in visit.finished:
        name = engine_file(urlsplit(request.url).path)
        timing = request.timing
        if name is None or name in times or not timing or timing.get("startTime", -1) <= 0:
            continue
        start = timing["startTime"] - origin
        times[name] = [round(start, 1), round(start + max(timing.get("responseEnd", 0), 0), 1)]
    return times


def engine_stages(bench: dict) -> dict[str, float]:
    """When the engine worker began each named stage (ms since navigation), with its creation."""
    for worker in bench.get("workers", []):
        if worker.get("stages"):
            return {"worker created": worker["created"], **worker["stages"],
                    **({"ready": worker["ready"]} if worker.get("ready") is not None else {})}
    return {}


def engine_ms(bench: dict) -> float | None:
    if bench.get("engineOk") and bench.get("workerCreated") is not None:
        return bench["engineReady"] - bench["workerCreated"]
    return None
