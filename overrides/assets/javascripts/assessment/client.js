// The page side of the engine: one module worker per assessment definition, a ready handshake,
// an id on every request, and promises that settle exactly once: resolved on `ok: true`,
// rejected on `ok: false`, on the worker's `error`/`messageerror`, and on the time bound.
//
// Engines are kept per page load in a module-level map and deliberately reused across
// Material's instant navigations: booting Pyodide costs seconds and megabytes, an idle worker
// costs nothing, so a visitor who reads another page and comes back scores at once. A failed
// engine is terminated and dropped, so "Try again" starts a clean one.

import { adoptEarlyWorker } from "./early.js";
import { INIT, SCORE, READY, Kind, EngineError, isReply } from "./protocol.js";

const engines = new Map();

// For tests and for people debugging a slow host: localStorage["assessment.engineTimeoutMs"]
// overrides the bound set at build time (plugins > assessment > engine_timeout). Read each time
// an engine starts, so it can be changed without a reload. Values outside 100 ms..10 min are
// ignored.
export const TIMEOUT_OVERRIDE_KEY = "assessment.engineTimeoutMs";

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
      this.fail(
        this.started
          ? new EngineError(Kind.WORKER, `the scoring engine stopped${detail}`)
          : new EngineError(Kind.WORKER, `the worker script could not start${detail}`),
      );
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

  request(message) {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        const what = message.type === INIT ? "was not ready" : "did not answer";
        this.fail(new EngineError(Kind.TIMEOUT, `the scoring engine ${what} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ ...message, id });
    });
  }

  onMessage(data) {
    if (!isReply(data)) return; // not ours, or malformed: never trusted
    const entry = this.pending.get(data.id);
    if (!entry) return;
    this.pending.delete(data.id);
    window.clearTimeout(entry.timer);
    if (data.ok) entry.resolve(data);
    else {
      const error = data.error;
      const kind = Object.values(Kind).includes(error.kind) ? error.kind : Kind.ENGINE;
      const failure = new EngineError(kind, String(error.message || "the engine failed"), error.stage);
      entry.reject(failure);
      // A refused answer set leaves the engine healthy; anything else means it cannot score.
      if (kind !== Kind.ANSWER) this.fail(failure);
    }
  }

  // Rejects everything pending, stops the worker and forgets this engine.
  fail(error) {
    if (this.failure) return;
    this.failure = error;
    for (const { reject, timer } of this.pending.values()) {
      window.clearTimeout(timer);
      reject(error);
    }
    this.pending.clear();
    if (this.worker) this.worker.terminate();
    if (engines.get(this.config.key) === this) engines.delete(this.config.key);
  }

  async score(answers) {
    await this.ready;
    const reply = await this.request({ type: SCORE, answers });
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
