// The scoring engine: Pyodide in a dedicated module worker, so Python never blocks the page.
//
// It starts in named stages behind one ready promise (Pyodide's web-worker guide, JupyterLite's
// kernel worker), scores with the `scoring` package loaded by name from the site's own lock file
// (sha256 checked), and speaks the protocol in assessment/protocol.js. JavaScript here never
// decides anything about a result: it passes JSON text in and JSON text out.

import { INIT, READY, SCORE, COMPARE, PORTFOLIO, PROGRESS, Kind, EngineError, errorReply } from "./assessment/protocol.js";
import { diagnose, fileName, httpError, watchDownloads } from "./assessment/downloads.js";
import { installWasmFallback } from "./assessment/wasm.js";

let failDownload;
let downloadFailure = null;
const downloadFailed = new Promise((_, reject) => {
  failDownload = (error) => {
    // Named "download", not after whichever stage happened to be waiting: the file says where.
    if (error && !error.stage) error.stage = "download";
    downloadFailure = downloadFailure || error;
    reject(downloadFailure);
  };
});
downloadFailed.catch(() => {}); // observed through Promise.race below

// Progress for the page's watchdog and its "x MB downloaded" line, at most every 100 ms.
// `network`: true while a download is in flight (or a module is being imported), so the page's
// watchdog applies its stall period; false while the engine computes (compiling, starting
// Python), which sends nothing for seconds on a slow device and gets a longer bound.
let received = 0;
let lastSent = 0;
let downloading = 0;
let importing = false;
function progress(stageName) {
  const now = Date.now();
  if (!stageName && now - lastSent < 100) return;
  lastSent = now;
  const network = downloading > 0 || importing;
  self.postMessage({ type: PROGRESS, bytes: received, stage: stageName || null, network });
}

const fetchPlain = watchDownloads({
  onBytes: (count) => {
    received += count;
    progress();
  },
  onFailure: (error) => failDownload(error),
  onBusy: (count) => {
    downloading = count;
    lastSent = 0;
    progress();
  },
});

installWasmFallback({
  onFailure: (error) =>
    failDownload(new EngineError(Kind.DOWNLOAD, `runtime download failed: ${error && error.message}`)),
});

// Pyodide starts its downloads before it awaits them, so a failed download rejects a promise
// nobody listens to yet: the browser would report it as an uncaught error. It is not: it is a
// download failure, reported to the page as one (and promptly, instead of at the time bound).
// Once one file has failed, whatever else rejects on its account is the same failure.
self.addEventListener("unhandledrejection", (event) => {
  const reason = event.reason;
  const message = String((reason && reason.message) || reason);
  if (downloadFailure) {
    event.preventDefault();
  } else if (reason instanceof TypeError && /fetch|network/i.test(message)) {
    event.preventDefault();
    failDownload(new EngineError(self.navigator.onLine === false ? Kind.OFFLINE : Kind.DOWNLOAD,
      `runtime download failed: ${message}`));
  }
});

let ready = null; // Promise<{score, compare, portfolio}: JSON text -> JSON text>, set by the first init

// Runs each stage with its name, so a failure says where it happened.
// Every stage also ends at the first failed download, whichever stage started it.
async function stage(name, kind, work) {
  progress(name);
  try {
    return await Promise.race([work(), downloadFailed]);
  } catch (error) {
    if (downloadFailure && !(error instanceof EngineError && error.kind === Kind.ANSWER)) {
      error = downloadFailure;
    }
    if (error instanceof EngineError) {
      error.stage = error.stage || name;
      throw error;
    }
    const message = (error && error.message) || String(error);
    // A module that could not be imported (pyodide.mjs, pyodide.asm.mjs): find out why.
    const imported = /dynamically imported module:?\s*(\S+)/i.exec(message);
    if (imported) {
      const found = await diagnose(imported[1], fetchPlain, { expectScript: true });
      if (found) {
        found.stage = name;
        throw found;
      }
    }
    const isNetwork = /failed to fetch|networkerror|network error|HTTP \d{3}|ERR_|dynamically imported/i.test(message);
    const networkKind = self.navigator.onLine === false ? Kind.OFFLINE : Kind.DOWNLOAD;
    throw new EngineError(kind === Kind.ENGINE && isNetwork ? networkKind : kind, message, name);
  }
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw httpError(fileName(url), response.status);
  return response.text();
}

// Every request is JSON text in, JSON text out; the scoring package decides everything,
// including which answers it refuses (AnswerError), for a comparison and a portfolio too.
const GLUE = `
import json
import scoring

_assessment = scoring.load_assessment(json.loads(DEFINITION_JSON))

def _reply(work):
    try:
        result = work()
    except scoring.AnswerError as error:
        return json.dumps({"ok": False, "error": {"kind": "answer", "message": str(error)}})
    return json.dumps({"ok": True, "result": result.to_dict()})

def score_json(answers_json):
    return _reply(lambda: scoring.score(_assessment, json.loads(answers_json)))

def compare_json(request_json):
    request = json.loads(request_json)
    return _reply(lambda: scoring.compare(_assessment, request["answerSets"], request["labels"]))

def portfolio_json(initiatives_json):
    return _reply(lambda: scoring.portfolio(_assessment, json.loads(initiatives_json)))
`;

async function start(config) {
  const runtime = config.runtime;
  const runtimeModule = new URL("pyodide.mjs", runtime.indexURL).href;
  importing = true;
  const { loadPyodide } = await stage("import-runtime", Kind.DOWNLOAD, () =>
    import(runtimeModule).finally(() => {
      importing = false;
    }).catch((error) => {
      // Chromium says only "Failed to fetch dynamically imported module": name the file.
      throw new TypeError(`Failed to fetch dynamically imported module: ${runtimeModule} (${error.message})`);
    }),
  );
  // The definition downloads while Python starts.
  const definition = stage("fetch-definition", Kind.DOWNLOAD, () => fetchText(config.definition));
  definition.catch(() => {});

  const pyodide = await stage("start-python", Kind.ENGINE, () =>
    loadPyodide({
      indexURL: runtime.indexURL,
      lockFileURL: runtime.lockFileURL,
      ...(runtime.stdLibURL ? { stdLibURL: runtime.stdLibURL } : {}),
      packages: [],
      stdout: () => {},
      stderr: () => {},
    }),
  );

  await stage("load-package", Kind.ENGINE, async () => {
    const problems = [];
    await pyodide.loadPackage(runtime.package, {
      checkIntegrity: true,
      messageCallback: () => {},
      errorCallback: (message) => problems.push(message),
    });
    // loadPackage reports some failures only through errorCallback: check the import too.
    try {
      pyodide.pyimport(runtime.package);
    } catch (error) {
      throw new EngineError(
        problems.length ? Kind.DOWNLOAD : Kind.ENGINE,
        problems.join("; ") || `cannot import ${runtime.package}: ${error.message}`,
      );
    }
  });

  const text = await definition;
  return stage("load-assessment", Kind.ENGINE, () => {
    const globals = pyodide.toPy({ DEFINITION_JSON: text });
    pyodide.runPython(GLUE, { globals });
    return {
      score: globals.get("score_json"),
      compare: globals.get("compare_json"),
      portfolio: globals.get("portfolio_json"),
    };
  });
}

function onInit(message) {
  const config = message.config;
  if (!config || typeof config !== "object" || !config.runtime || !config.definition) {
    throw new EngineError(Kind.PROTOCOL, "init needs a config with runtime and definition");
  }
  ready = ready || start(config);
  return ready.then(() => ({ type: READY, id: message.id, ok: true }));
}

// Runs one request through the engine: `request` is what the page sent, checked by the caller.
async function run(message, name, payload) {
  if (!ready) throw new EngineError(Kind.PROTOCOL, `${message.type} before init`);
  const engine = await ready;
  const reply = JSON.parse(await stage(name, Kind.ENGINE, () => engine[name](JSON.stringify(payload))));
  if (!reply.ok) throw new EngineError(reply.error.kind, reply.error.message, name);
  return { id: message.id, ok: true, result: reply.result };
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function onScore(message) {
  if (!isObject(message.answers)) {
    throw new EngineError(Kind.ANSWER, "answers must be an object of question id -> option id");
  }
  return run(message, "score", message.answers);
}

// The shapes are checked in Python (scoring.compare / scoring.portfolio raise AnswerError);
// here only that there is something to pass on.
function onCompare(message) {
  if (!Array.isArray(message.answerSets)) throw new EngineError(Kind.ANSWER, "answerSets must be a list");
  const labels = message.labels === undefined ? null : message.labels;
  return run(message, "compare", { answerSets: message.answerSets, labels });
}

function onPortfolio(message) {
  if (!Array.isArray(message.initiatives)) throw new EngineError(Kind.ANSWER, "initiatives must be a list");
  return run(message, "portfolio", message.initiatives);
}

const HANDLERS = { [INIT]: onInit, [SCORE]: onScore, [COMPARE]: onCompare, [PORTFOLIO]: onPortfolio };

self.addEventListener("message", async (event) => {
  const message = event.data;
  const id = message && Number.isInteger(message.id) ? message.id : -1;
  try {
    const handler = message && Object.hasOwn(HANDLERS, message.type) ? HANDLERS[message.type] : null;
    if (!handler) throw new EngineError(Kind.PROTOCOL, `unknown message type: ${message && message.type}`);
    self.postMessage(await handler(message));
  } catch (error) {
    self.postMessage(errorReply(id, error));
  }
});
