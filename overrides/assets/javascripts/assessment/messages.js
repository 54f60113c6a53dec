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
    "The scoring engine stopped loading: nothing has arrived for a while. Your connection may have dropped: try again, and what already arrived is not downloaded twice.",
  [Kind.OFFLINE]:
    "You are offline, so the scoring engine cannot be downloaded. Your answers are kept: reconnect, then try again.",
  [Kind.MISMATCH]:
    "The scoring engine's files on this site do not match this page: the site was probably updated while the page was open. Reload the page (your answers are kept).",
  [Kind.ENGINE]: "The scoring engine ran into a problem. Try again, or reload the page.",
  [Kind.PROTOCOL]: "The scoring engine ran into a problem. Try again, or reload the page.",
  [Kind.ANSWER]:
    "These answers could not be scored: the quiz may have changed. Check your answers and try again.",
};

// A file the page names that the server no longer has: the page is older than the site.
const MISSING_FILE =
  "Part of the scoring engine was not found on the site: this page is probably older than the site, which was updated. Reload the page (your answers are kept).";

export function engineFailure(kind, error) {
  if (kind === Kind.DOWNLOAD && error && error.status === 404) return MISSING_FILE;
  return ENGINE_FAILURES[kind] || ENGINE_FAILURES[Kind.ENGINE];
}

const MB = 1024 * 1024;

/** The loading line with what has really arrived: "… 2.4 of about 4.1 MB (58%)". */
export function loadingStatus(bytes, total) {
  if (!bytes) return STATUS.loading;
  const got = (bytes / MB).toFixed(1);
  if (total && total > 0) {
    const percent = Math.min(99, Math.floor((bytes / total) * 100));
    return `Loading the scoring engine: ${got} of about ${(total / MB).toFixed(1)} MB (${percent}%).`;
  }
  return `Loading the scoring engine: ${got} MB downloaded.`;
}

export const SHARE_LINK = {
  damaged:
    "This share link is damaged or incomplete, so it cannot show a result. Your own answers, if any, are still here.",
  outdated:
    "This share link was made for an earlier version of the quiz, so it cannot show a result. Your own answers, if any, are still here.",
  version:
    "This share link was made by a different version of this site, so it cannot show a result. Your own answers, if any, are still here.",
};

// Storage off, blocked or full (said once per page; the quiz keeps working from memory).
export const STORAGE_OFF =
  "This browser is not letting the quiz keep your answers on this device (storage is full or turned off). You can still finish the quiz and see your result; your answers will be gone after you leave the page.";

/** One line when a changed quiz no longer has some of the visitor's saved answers. */
export function answersDropped(count) {
  return count === 1
    ? "The quiz has changed since your last visit: 1 of your saved answers no longer fits it and was dropped. Everything else you answered is kept."
    : `The quiz has changed since your last visit: ${count} of your saved answers no longer fit it and were dropped. Everything else you answered is kept.`;
}

export const STATUS = {
  loading: "Loading the scoring engine. This takes a few seconds the first time.",
  scoring: "Working out your rung…",
  shared: "Showing the result from a shared link.",
  answerFirst: "Choose an answer to go on.",
  copied: "Link copied. Anyone who opens it sees this result; the answers are in the link itself.",
  copyManually: "Copy the link below; anyone who opens it sees this result.",
  cleared: "Your answers are cleared.",
  ownQuiz: "Your own quiz starts here. The shared result is still in its link.",
  ownAnswersBack: "These are your own answers again. The shared result is still in its link.",
  restored: "Your answers are back.",
  updated: (title) => `Result updated: ${title}.`,
};
