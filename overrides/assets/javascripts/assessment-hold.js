// Holds Material's search worker back while a share link's engine starts: the theme creates it
// at start-up, and it downloads and indexes the whole site on the cores the engine needs.
//
// A classic script placed just before Material's bundle on pages with a quiz (overrides/
// main.html), so the hold is in place before the bundle runs, whatever the network did. Without
// a fragment shaped like a share link (`#<name>=...`) it does nothing. With one, it swaps
// window.Worker for a subclass that, for the search worker only, returns a stand-in: it queues
// what the bundle posts and, on release, creates the real worker, sends the queue and forwards
// its events (Material uses only postMessage and "message"). Released when the quiz marks the
// result shown (`assessment:result-shown`), when assessment-early.js says no engine is coming
// (the link was refused, or the engine failed), or after HOLD_MS: search always works, at worst
// half a minute late.
//
// It also creates the engine's worker for a link addressed to a quiz on this page, without
// sending it anything: the worker's script and modules then load while the theme's bundle runs,
// which the async assessment-early.js only follows (measured: the bundle delayed the worker by
// 100-230 ms on the desktop). early.js adopts that worker and sends `init` once the link is
// checked; a link the quiz refuses terminates it, before any Pyodide file is asked for.
function preloadEngineWorker(NativeWorker) {
  const hash = window.location.hash;
  if (window.__assessmentEarlyDone) return; // assessment-early.js ran first and decided already
  try {
    const name = decodeURIComponent(hash.slice(1, hash.indexOf("=")));
    const root = [...document.querySelectorAll("[data-assessment]")].find(
      (element) => element.getAttribute("data-assessment") === name,
    );
    const config = root && JSON.parse(root.getAttribute("data-assessment-config") || "null");
    if (!config || !config.worker) return;
    const url = new URL(config.worker, window.location.href).href;
    const worker = new NativeWorker(url, { type: "module", name: `assessment-${config.assessment}` });
    window.__assessmentEarlyWorker = { url, worker };
  } catch {
    // early.js creates the worker itself
  }
}

(() => {
  "use strict";
  const HOLD_MS = 30000;
  const RESULT_MARK = "assessment:result-shown";
  const SEARCH_WORKER = "/workers/search.";
  const shared = window.__assessmentSearch;
  if (!/^#[^=]+=/.test(window.location.hash) || typeof window.Worker !== "function") return;
  if (shared && shared.released) return; // assessment-early.js already gave up on this link

  const NativeWorker = window.Worker;
  const held = [];
  let holding = true;

  class HeldWorker extends EventTarget {
    constructor(url, options) {
      super();
      this.queue = [];
      this.real = null;
      held.push(() => {
        this.real = new NativeWorker(url, options);
        for (const type of ["message", "messageerror", "error"]) {
          this.real.addEventListener(type, (event) =>
            this.dispatchEvent(type === "error" ? new Event("error") : new MessageEvent(type, { data: event.data })),
          );
        }
        for (const args of this.queue.splice(0)) this.real.postMessage(...args);
      });
    }

    postMessage(...args) {
      if (this.real) this.real.postMessage(...args);
      else this.queue.push(args);
    }

    terminate() {
      if (this.real) this.real.terminate();
      this.queue = [];
    }
  }

  const Holding = class Worker extends NativeWorker {
    constructor(url, options) {
      if (holding && String(url).includes(SEARCH_WORKER)) return new HeldWorker(url, options);
      super(url, options);
    }
  };
  window.Worker = Holding;

  function release() {
    if (!holding) return;
    holding = false;
    if (window.Worker === Holding) window.Worker = NativeWorker;
    for (const start of held.splice(0)) start();
  }
  window.__assessmentSearch = { released: false, release };
  preloadEngineWorker(NativeWorker);
  window.setTimeout(release, HOLD_MS);
  try {
    new PerformanceObserver((list, observer) => {
      if (list.getEntries().some((entry) => entry.name === RESULT_MARK)) {
        observer.disconnect();
        release();
      }
    }).observe({ type: "mark" });
  } catch {
    // no mark observer here: the time bound releases search
  }
})();
