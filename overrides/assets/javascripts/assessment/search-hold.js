// Holds Material's search worker back while a share link's engine starts: the theme creates it
// at start-up, and it downloads and indexes the whole site on the same cores the engine needs.
//
// holdSearchWorker() swaps window.Worker for a subclass that, for the search worker only,
// returns a stand-in: it queues what the bundle posts and, on release, creates the real worker,
// sends the queue and forwards its events (Material uses only postMessage and "message").
// It returns release(), which is also called after HOLD_MS whatever happens: search always
// works, at worst half a minute late.

const HOLD_MS = 30000;
const SEARCH_WORKER = "/workers/search.";

export function holdSearchWorker() {
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

  window.Worker = class Worker extends NativeWorker {
    constructor(url, options) {
      if (holding && String(url).includes(SEARCH_WORKER)) return new HeldWorker(url, options);
      super(url, options);
    }
  };

  function release() {
    if (!holding) return;
    holding = false;
    window.Worker = NativeWorker;
    for (const start of held.splice(0)) start();
  }
  window.setTimeout(release, HOLD_MS);
  return release;
}
