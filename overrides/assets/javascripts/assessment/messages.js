// What the visitor reads when something goes wrong: plain words, what still works, what to do.
// Technical details (the kind and the engine's own message) go in a collapsed "Technical
// details" block for whoever helps them.

import { Kind } from "./protocol.js";

const ENGINE_FAILURES = {
  [Kind.DOWNLOAD]:
    "The scoring engine could not be downloaded. Check your connection, then try again.",
  [Kind.WORKER]:
    "The scoring engine could not start in this browser. Try again, or reload the page.",
  [Kind.TIMEOUT]:
    "The scoring engine is taking too long to load. Your connection may be slow: try again.",
  [Kind.ENGINE]: "The scoring engine ran into a problem. Try again, or reload the page.",
  [Kind.PROTOCOL]: "The scoring engine ran into a problem. Try again, or reload the page.",
  [Kind.ANSWER]:
    "These answers could not be scored: the quiz may have changed. Check your answers and try again.",
};

export function engineFailure(kind) {
  return ENGINE_FAILURES[kind] || ENGINE_FAILURES[Kind.ENGINE];
}

export const SHARE_LINK = {
  damaged:
    "This share link is damaged or incomplete, so it cannot show a result. Your own answers, if any, are still here.",
  outdated:
    "This share link was made for an earlier version of the quiz, so it cannot show a result. Your own answers, if any, are still here.",
  version:
    "This share link was made by a different version of this site, so it cannot show a result. Your own answers, if any, are still here.",
};

export const STATUS = {
  loading: "Loading the scoring engine. This takes a few seconds the first time.",
  scoring: "Working out your rung…",
  shared: "Showing the result from a shared link.",
  answerFirst: "Choose an answer to go on.",
  copied: "Link copied. Anyone who opens it sees this result; the answers are in the link itself.",
  copyManually: "Copy the link below; anyone who opens it sees this result.",
  cleared: "Your answers are cleared.",
  restored: "Your answers are back.",
  updated: (title) => `Result updated: ${title}.`,
};
