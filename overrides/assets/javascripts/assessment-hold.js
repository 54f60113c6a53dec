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
