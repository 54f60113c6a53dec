// Share links ahead: a page opened with a quiz's answers in its fragment starts the scoring
// engine at once, from <head>, instead of after the theme's scripts and the quiz's modules.
//
// An async module in <head> on pages with a quiz (overrides/main.html), fetched at high priority
// with its imports hinted, so it usually runs before Material's bundle (at the end of <body>)
// and always before the deferred quiz modules, which then find share.js and early.js loaded.
// Without a share link it does nothing and downloads nothing more: a reader still gets no
// Python. With one, it waits for the addressed quiz to be parsed, checks the link exactly as the
// quiz will (share.decode against the questions on the page: a link the quiz refuses starts
// nothing) and starts the engine (early.js), which the quiz adopts. assessment-hold.js holds
// Material's search worker meanwhile; this script releases it when no engine is coming (no quiz
// took the link, or the engine failed).

import { dropPreloadedWorker, startEarly } from "./assessment/early.js";
import * as share from "./assessment/share.js";

const hash = window.location.hash;

const WAIT = Symbol("wait");

// Parsed to its end: the parser has inserted a node after the section (the parser appends in
// document order, so a following sibling of the section or of an ancestor), or it is done.
function complete(root) {
  for (let node = root; node && node !== document.documentElement; node = node.parentNode) {
    if (node.nextSibling) return true;
  }
  return document.readyState !== "loading";
}

// The engine's settle promise if this quiz took the link, WAIT while it is being parsed, or null.
function tryStart(root) {
  const name = root.getAttribute("data-assessment");
  const payload = name ? share.addressedTo(name, hash) : null;
  if (!payload) return null;
  if (!complete(root)) return WAIT;
  // The question catalog, as quiz.js builds it from the same markup (ids in page order).
  const catalog = new Map();
  for (const fieldset of root.querySelectorAll("[data-assessment-question]")) {
    const options = [...fieldset.querySelectorAll("[data-assessment-option]")].map((input) => input.value);
    catalog.set(fieldset.getAttribute("data-assessment-question"), options);
  }
  try {
    share.decode(payload, catalog);
  } catch {
    return null; // the quiz explains the refusal; nothing starts
  }
  return startEarly(root);
}

// Search may go: assessment-hold.js releases it, or, if it has not run yet, does not hold it.
function releaseSearch() {
  const hold = window.__assessmentSearch;
  if (hold) hold.release();
  else window.__assessmentSearch = { released: true, release() {} };
}

function watch() {
  let finished = false;
  const finish = (engine) => {
    finished = true;
    observer.disconnect();
    window.__assessmentEarlyDone = true; // assessment-hold.js, if it runs later, makes no worker
    dropPreloadedWorker(); // taken by the engine that started, else not needed
    if (!engine) releaseSearch(); // no quiz on this page took the link
    else engine.then((ready) => ready || releaseSearch());
  };
  const scan = () => {
    if (finished) return;
    for (const root of document.querySelectorAll("[data-assessment]")) {
      const outcome = tryStart(root);
      if (outcome === WAIT) return; // asked again on the next parser step
      if (outcome) {
        finish(outcome);
        return;
      }
    }
    if (document.readyState !== "loading") finish(null);
  };
  const observer = new MutationObserver(scan);
  if (document.readyState === "loading") {
    observer.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", scan, { once: true });
  }
  scan();
}

if (/^#[^=]+=/.test(hash) && typeof window.Worker === "function") watch();
