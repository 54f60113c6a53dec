// The scoring engine: Pyodide in a dedicated module worker, so Python never blocks the page.
//
// It starts in named stages behind one ready promise (Pyodide's web-worker guide, JupyterLite's
// kernel worker), scores with the `scoring` package loaded by name from the site's own lock file
// (sha256 checked), and speaks the protocol in assessment/protocol.js. JavaScript here never
// decides anything about a result: it passes JSON text in and JSON text out.

import { INIT, READY, SCORE, Kind, EngineError, errorReply } from "./assessment/protocol.js";
import { installWasmFallback } from "./assessment/wasm.js";

let failDownload;
const downloadFailed = new Promise((_, reject) => {
  failDownload = reject;
});
downloadFailed.catch(() => {}); // observed through Promise.race below

installWasmFallback({
  onFailure: (error) =>
    failDownload(new EngineError(Kind.DOWNLOAD, `runtime download failed: ${error && error.message}`)),
});

// Pyodide starts its downloads before it awaits them, so a failed download rejects a promise
// nobody listens to yet: the browser would report it as an uncaught error. It is not: it is a
// download failure, reported to the page as one (and promptly, instead of at the time bound).
self.addEventListener("unhandledrejection", (event) => {
  const reason = event.reason;
  const message = String((reason && reason.message) || reason);
  if (reason instanceof TypeError && /fetch|network/i.test(message)) {
    event.preventDefault();
    failDownload(new EngineError(Kind.DOWNLOAD, `runtime download failed: ${message}`));
  }
});

let ready = null; // Promise<(answersJson: string) => string>, set by the first init

// Runs each stage with its name, so a failure says where it happened.
async function stage(name, kind, work) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EngineError) {
      error.stage = error.stage || name;
      throw error;
    }
    const message = (error && error.message) || String(error);
    const isNetwork = /failed to fetch|networkerror|network error|HTTP \d{3}|ERR_|dynamically imported/i.test(message);
    throw new EngineError(kind === Kind.ENGINE && isNetwork ? Kind.DOWNLOAD : kind, message, name);
  }
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new EngineError(Kind.DOWNLOAD, `HTTP ${response.status} for ${url}`);
  return response.text();
}

const GLUE = `
import json
import scoring

_assessment = scoring.load_assessment(json.loads(DEFINITION_JSON))

def score_json(answers_json):
    try:
        result = scoring.score(_assessment, json.loads(answers_json))
    except scoring.AnswerError as error:
        return json.dumps({"ok": False, "error": {"kind": "answer", "message": str(error)}})
    return json.dumps({"ok": True, "result": result.to_dict()})
`;

async function start(config) {
  const runtime = config.runtime;
  const { loadPyodide } = await stage("import-runtime", Kind.DOWNLOAD, () =>
    import(new URL("pyodide.mjs", runtime.indexURL).href),
  );
  // The definition downloads while Python starts.
  const definition = stage("fetch-definition", Kind.DOWNLOAD, () => fetchText(config.definition));
  definition.catch(() => {});

  const pyodide = await stage("start-python", Kind.ENGINE, () =>
    Promise.race([
      loadPyodide({
        indexURL: runtime.indexURL,
        lockFileURL: runtime.lockFileURL,
        ...(runtime.stdLibURL ? { stdLibURL: runtime.stdLibURL } : {}),
        packages: [],
        stdout: () => {},
        stderr: () => {},
      }),
      downloadFailed,
    ]),
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
    const scoreJson = globals.get("score_json");
    return (answersJson) => scoreJson(answersJson);
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

async function onScore(message) {
  if (!ready) throw new EngineError(Kind.PROTOCOL, "score before init");
  const answers = message.answers;
  if (answers === null || typeof answers !== "object" || Array.isArray(answers)) {
    throw new EngineError(Kind.ANSWER, "answers must be an object of question id -> option id");
  }
  const scoreJson = await ready;
  const reply = JSON.parse(
    await stage("score", Kind.ENGINE, () => scoreJson(JSON.stringify(answers))),
  );
  if (!reply.ok) throw new EngineError(reply.error.kind, reply.error.message, "score");
  return { id: message.id, ok: true, result: reply.result };
}

self.addEventListener("message", async (event) => {
  const message = event.data;
  const id = message && Number.isInteger(message.id) ? message.id : -1;
  try {
    if (message && message.type === INIT) self.postMessage(await onInit(message));
    else if (message && message.type === SCORE) self.postMessage(await onScore(message));
    else throw new EngineError(Kind.PROTOCOL, `unknown message type: ${message && message.type}`);
  } catch (error) {
    self.postMessage(errorReply(id, error));
  }
});
