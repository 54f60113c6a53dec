// A share link's engine, started early (assessment-early.js) and handed over once to client.js.
//
// startEarly(root) creates the quiz's module worker (or takes the one assessment-hold.js made
// in advance for this link) and sends `init` (protocol.js; id 0, an id
// the page side never uses for a request), with the same worker config client.js would send:
// every URL absolute, as quiz.js's readConfig makes them. It returns a promise of true when the
// engine says ready, false when it fails, or null when nothing started.
// adoptEarlyWorker(key) gives that worker to client.js's Engine, once; a worker that reported a
// failure is stopped instead, and client.js starts a fresh one, which reports the failure the
// usual way.

import { INIT } from "./protocol.js";

const CONFIG_VERSION = 1;
const started = new Map(); // definition URL (client.js's config.key) -> {worker, failed}

const absolute = (url) => (url ? new URL(url, window.location.href).href : null);

export function startEarly(root) {
  let config;
  try {
    config = JSON.parse(root.getAttribute("data-assessment-config") || "null");
  } catch {
    return null; // quiz.js reports a broken config
  }
  if (!config || config.version !== CONFIG_VERSION || !config.runtime) return null;
  const key = absolute(config.definition);
  if (started.has(key)) return null;
  const entry = { worker: null, failed: false };
  try {
    entry.worker = preloadedWorker(absolute(config.worker)) ||
      new Worker(absolute(config.worker), { type: "module", name: `assessment-${config.assessment}` });
  } catch {
    return null; // client.js tries again and reports it
  }
  started.set(key, entry);
  const settled = new Promise((resolve) => {
    const fail = () => {
      entry.failed = true;
      resolve(false);
    };
    entry.worker.addEventListener("error", fail);
    entry.worker.addEventListener("messageerror", fail);
    entry.worker.addEventListener("message", (event) => {
      if (!event.data || event.data.id !== 0) return;
      if (event.data.ok === false) fail();
      else resolve(true);
    });
  });
  const runtime = config.runtime;
  entry.worker.postMessage({
    type: INIT,
    id: 0,
    config: {
      definition: key,
      runtime: {
        indexURL: absolute(runtime.indexURL),
        lockFileURL: absolute(runtime.lockFileURL),
        stdLibURL: absolute(runtime.stdLibURL),
        package: runtime.package,
      },
    },
  });
  return settled;
}

// The worker assessment-hold.js created for this link (nothing sent to it yet), taken once.
function preloadedWorker(url) {
  const preloaded = window.__assessmentEarlyWorker;
  if (!preloaded || preloaded.url !== url) return null;
  window.__assessmentEarlyWorker = null;
  return preloaded.worker;
}

// No quiz took the link (or it was refused): the worker made in advance is not needed.
export function dropPreloadedWorker() {
  const preloaded = window.__assessmentEarlyWorker;
  window.__assessmentEarlyWorker = null;
  if (preloaded) preloaded.worker.terminate();
}

export function adoptEarlyWorker(key) {
  const entry = started.get(key);
  if (!entry || !entry.worker) return null;
  const { worker } = entry;
  entry.worker = null; // handed over once; `started` keeps the key so nothing starts twice
  if (entry.failed) {
    worker.terminate();
    return null;
  }
  return worker;
}
