// The page <-> worker protocol (ARCHITECTURE.md, "The worker protocol"), shared by both sides.
//
//   page -> worker  {type: "init", id, config}      reply {type: "ready", id, ok: true}
//   page -> worker  {type: "score", id, answers}    reply {id, ok: true, result}
//   page -> worker  {type: "compare", id, answerSets, labels}  reply {id, ok: true, result}
//   page -> worker  {type: "portfolio", id, initiatives}       reply {id, ok: true, result}
//   any failure                                     reply {id, ok: false, error: {kind, message}}
//   worker -> page  {type: "progress", bytes, stage}  no id, no reply: bytes received so far
//                                                   (or a new stage); feeds the page's watchdog

export const INIT = "init";
export const READY = "ready";
export const SCORE = "score";
export const COMPARE = "compare";
export const PORTFOLIO = "portfolio";
export const PROGRESS = "progress";

// What went wrong, as the page tells the visitor (see messages.js). One word each, stable: a
// site owner listening to events or reading technical details can rely on them.
export const Kind = Object.freeze({
  DOWNLOAD: "download", // a runtime file, the package or the definition could not be fetched
  ENGINE: "engine", //     Python failed to start or to run the scoring package
  ANSWER: "answer", //     the scoring package refused the answers (AnswerError)
  TIMEOUT: "timeout", //   nothing arrived from the engine for the stall period
  OFFLINE: "offline", //   the browser is offline
  MISMATCH: "mismatch", // a file arrived but is not what the site published (type or checksum)
  WORKER: "worker", //     the worker script could not start, or stopped
  PROTOCOL: "protocol", // a message that does not follow this protocol
});

export class EngineError extends Error {
  constructor(kind, message, stage) {
    super(message);
    this.name = "EngineError";
    this.kind = kind;
    this.stage = stage || null;
  }
}

/** A reply is a plain object with a numeric id and a boolean ok; anything else is refused. */
export function isReply(data) {
  return (
    data !== null &&
    typeof data === "object" &&
    Number.isInteger(data.id) &&
    typeof data.ok === "boolean" &&
    (data.ok || (data.error !== null && typeof data.error === "object"))
  );
}

export function errorReply(id, error) {
  return {
    id,
    ok: false,
    error: {
      kind: error && Object.values(Kind).includes(error.kind) ? error.kind : Kind.ENGINE,
      message: String((error && error.message) || error || "unknown error"),
      stage: (error && error.stage) || null,
      status: error && Number.isInteger(error.status) ? error.status : null, // HTTP, if any
    },
  };
}
