// Share links ahead: a page opened with a quiz's answers in its fragment starts the scoring
// engine at once, from <head>, instead of after the theme's scripts and the quiz's modules.
//
// An async module in <head> on pages with a quiz (overrides/main.html): it runs as soon as it
// and its three small imports arrive, before Material's bundle (at the end of <body>) and the
// deferred quiz modules, which then find share.js and early.js already loaded. Without a share
// link it does nothing and downloads nothing more: a reader still gets no Python. With one, it
// waits for the addressed quiz to be parsed, checks the link exactly as the quiz will
// (share.decode against the questions on the page: a link the quiz refuses starts nothing),
// starts the engine (early.js), and holds Material's search worker back until the result shows.

import { startEarly } from "./assessment/early.js";
import { holdSearchWorker } from "./assessment/search-hold.js";
import * as share from "./assessment/share.js";

const hash = window.location.hash;

const WAIT = Symbol("wait");

// Parsed to its end: the parser has moved past the section (or the document is done).
const complete = (root) => root.nextSibling !== null || document.readyState !== "loading";

// The engine's settle promise if this quiz took the link, WAIT while it is being parsed, or null.
function tryStart(root) {
  const name = root.getAttribute("data-assessment");
  const payload = name ? share.addressedTo(name, hash) : null;
  if (!payload) return null;
  if (!complete(root)) return WAIT;
  // The question catalog, as quiz.js builds it from the same markup.
  const catalog = new Map();
  for (const fieldset of root.querySelectorAll("[data-assessment-question]")) {
    const options = [...fieldset.querySelectorAll("[data-assessment-option]")].map((input) => input.value);
    catalog.set(fieldset.getAttribute("data-assessment-question"), new Set(options));
  }
  try {
    share.decode(payload, (q, o) => Boolean(catalog.get(q) && catalog.get(q).has(o)), catalog.size);
  } catch {
    return null; // the quiz explains the refusal; nothing starts
  }
  return startEarly(root);
}

function watch() {
  // Held from now: Material's bundle may create its search worker before the quiz is parsed.
  const release = holdSearchWorker();
  let engine = null; // the started engine's settle promise
  let finished = false;
  const finish = () => {
    finished = true;
    observer.disconnect();
    if (engine) engine.finally(release);
    else release(); // no quiz on this page took the link
  };
  const scan = () => {
    if (finished) return;
    for (const root of document.querySelectorAll("[data-assessment]")) {
      const outcome = tryStart(root);
      if (outcome === WAIT) return; // asked again on the next parser step
      if (outcome) {
        engine = outcome;
        finish();
        return;
      }
    }
    if (document.readyState !== "loading") finish();
  };
  const observer = new MutationObserver(scan);
  if (document.readyState === "loading") {
    observer.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", scan, { once: true });
  }
  scan();
}

if (/^#[^=]+=/.test(hash) && typeof window.Worker === "function") watch();
