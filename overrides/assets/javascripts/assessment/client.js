// The page side of the engine: one module worker per assessment definition, a ready handshake,
// an id on every request, and promises that settle exactly once: resolved on `ok: true`,
// rejected on `ok: false`, on the worker's `error`/`messageerror`, and by the watchdog.
//
// The watchdog bounds progress, not time: the worker reports every chunk it downloads and every
// stage it enters (a "progress" message), and the engine fails only when nothing at all has
// arrived for the stall period while a request waits. A visitor on a slow line gets there; a
// download that stopped is told so, and a retry fetches only what the HTTP cache lacks.
//
// Engines are kept per page load in a module-level map and deliberately reused across
// Material's instant navigations: booting Pyodide costs seconds and megabytes, an idle worker
// costs nothing, so a visitor who reads another page and comes back scores at once. A failed
// engine is terminated and dropped, so "Try again" starts a clean one.

import { adoptEarlyWorker } from "./early.js";
import { INIT, SCORE, COMPARE, PORTFOLIO, READY, PROGRESS, Kind, EngineError, isReply } from "./protocol.js";

const engines = new Map();

// For tests and for people debugging a slow host: localStorage["assessment.engineTimeoutMs"]
// overrides the stall period set at build time (plugins > assessment > engine_timeout). Read
// each time an engine starts, so it can be changed without a reload. Values outside
// 100 ms..10 min are ignored.
export const TIMEOUT_OVERRIDE_KEY = "assessment.engineTimeoutMs";

// While the worker computes rather than downloads (compiling the wasm, starting Python), it can
// send nothing for several seconds on a slow phone: that phase gets at least this long.
const COMPUTE_MS = 60000;

function timeoutFor(config) {
  try {
    const raw = window.localStorage.getItem(TIMEOUT_OVERRIDE_KEY);
    const value = raw === null ? NaN : Number(raw);
    if (Number.isInteger(value) && value >= 100 && value <= 600000) return value;
  } catch {
    // storage disabled: the built-in bound applies
  }
  return config.timeoutMs;
}

class Engine {
  constructor(config) {
    this.config = config;
    this.pending = new Map();
    this.nextId = 1;
    this.failure = null;
    this.timeoutMs = timeoutFor(config);
    this.watchdog = null;
    this.bytes = 0; // downloaded so far, as the worker reports it
    this.network = true; // waiting for the network (false: the worker computes)
    this.listeners = new Set();
    try {
      // A share link's engine may already be starting (assessment-early.js): adopt it.
      this.worker =
        adoptEarlyWorker(config.key) ||
        new Worker(config.worker, { type: "module", name: `assessment-${config.assessment}` });
    } catch (error) {
      this.worker = null;
      this.fail(new EngineError(Kind.WORKER, `the worker could not be created: ${error.message}`));
      this.ready = Promise.reject(this.failure);
      this.ready.catch(() => {});
      return;
    }
    this.worker.addEventListener("message", (event) => this.onMessage(event.data));
    this.worker.addEventListener("error", (event) => {
      // Handled here: keep the browser from reporting it again as an uncaught error.
      event.preventDefault();
      const detail = event.message ? `: ${event.message}` : "";
      if (this.started) this.fail(new EngineError(Kind.WORKER, `the scoring engine stopped${detail}`));
      else this.workerDidNotStart(detail);
    });
    this.worker.addEventListener("messageerror", () =>
      this.fail(new EngineError(Kind.PROTOCOL, "a message from the engine could not be read")),
    );
    this.ready = this.request({ type: INIT, config: this.workerConfig() }).then((reply) => {
      if (reply.type !== READY) throw new EngineError(Kind.PROTOCOL, "the engine did not say ready");
      this.started = true;
      performance.mark("assessment:engine-ready");
    });
    this.ready.catch(() => {});
  }

  // What the worker needs, with every URL absolute: relative URLs in a worker resolve against
  // the worker script, not the page that this config was written for.
  workerConfig() {
    const { runtime, definition } = this.config;
    return {
      definition,
      runtime: {
        indexURL: runtime.indexURL,
        lockFileURL: runtime.lockFileURL,
        stdLibURL: runtime.stdLibURL,
        package: runtime.package,
      },
    };
  }

  // The worker script itself did not load: offline, missing (a page older than the site), or
  // served as something else. Asked once more to tell which; only then "this browser".
  async workerDidNotStart(detail) {
    const url = this.config.worker;
    const name = url.split("/").pop().split("?")[0];
    let error = new EngineError(Kind.WORKER, `the worker script could not start${detail}`);
    if (navigator.onLine === false) {
      error = new EngineError(Kind.OFFLINE, `offline: ${name} could not be downloaded`);
    } else {
      try {
        const response = await fetch(url);
        if (!response.ok) {
          error = new EngineError(Kind.DOWNLOAD, `${name} could not be downloaded (HTTP ${response.status})`);
          error.status = response.status;
        }
        else if (!/javascript|ecmascript/.test(response.headers.get("content-type") || "")) {
          error = new EngineError(Kind.MISMATCH, `${name} was served as ${response.headers.get("content-type") || "no type"}, not JavaScript`);
        }
      } catch (fetchError) {
        error = new EngineError(navigator.onLine === false ? Kind.OFFLINE : Kind.DOWNLOAD,
          `${name} could not be downloaded (${fetchError.message})`);
      }
    }
    this.fail(error);
  }

  /** `listener({bytes, stage})` on every progress report; returns the unsubscribe function. */
  onProgress(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // (Re)arms the watchdog while anything waits; called on every sign of life from the worker.
  arm() {
    window.clearTimeout(this.watchdog);
    this.watchdog = null;
    if (this.failure || this.pending.size === 0) return;
    const period = this.network ? this.timeoutMs : Math.max(this.timeoutMs, COMPUTE_MS);
    this.watchdog = window.setTimeout(() => {
      const seconds = Math.round(period / 100) / 10;
      const what = this.started ? "did not answer" : "stopped loading";
      this.fail(new EngineError(Kind.TIMEOUT,
        `the scoring engine ${what}: nothing arrived for ${seconds} s (${this.bytes} bytes downloaded)`));
    }, period);
  }

  request(message) {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.arm();
      this.worker.postMessage({ ...message, id });
    });
  }

  onMessage(data) {
    if (data && data.type === PROGRESS && !("id" in data)) {
      if (Number.isFinite(data.bytes) && data.bytes >= 0) this.bytes = data.bytes;
      this.network = data.network !== false;
      this.arm();
      for (const listener of this.listeners) listener({ bytes: this.bytes, stage: data.stage || null });
      return;
    }
    if (!isReply(data)) return; // not ours, or malformed: never trusted
    const entry = this.pending.get(data.id);
    if (!entry) return;
    this.pending.delete(data.id);
    this.arm();
    if (data.ok) entry.resolve(data);
    else {
      const error = data.error;
      const kind = Object.values(Kind).includes(error.kind) ? error.kind : Kind.ENGINE;
      const failure = new EngineError(kind, String(error.message || "the engine failed"), error.stage);
      if (Number.isInteger(error.status)) failure.status = error.status;
      entry.reject(failure);
      // A refused answer set leaves the engine healthy; anything else means it cannot score.
      if (kind !== Kind.ANSWER) this.fail(failure);
    }
  }

  // Rejects everything pending, stops the worker and forgets this engine.
  fail(error) {
    if (this.failure) return;
    this.failure = error;
    window.clearTimeout(this.watchdog);
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
    if (this.worker) this.worker.terminate();
    if (engines.get(this.config.key) === this) engines.delete(this.config.key);
  }

  async score(answers) {
    await this.ready;
    const reply = await this.request({ type: SCORE, answers });
    return reply.result;
  }

  /** scoring.compare(): 2 to 8 answer sets, with a label each (or null for "Person N"). */
  async compare(answerSets, labels = null) {
    await this.ready;
    const reply = await this.request({ type: COMPARE, answerSets, labels });
    return reply.result;
  }

  /** scoring.portfolio(): `initiatives` is a list of {name, answers}. */
  async portfolio(initiatives) {
    await this.ready;
    const reply = await this.request({ type: PORTFOLIO, initiatives });
    return reply.result;
  }
}

/** The engine for `config` (one per definition), started on first use. */
export function engineFor(config) {
  let engine = engines.get(config.key);
  if (!engine) {
    engine = new Engine(config);
    if (!engine.failure) engines.set(config.key, engine);
  }
  return engine;
}
