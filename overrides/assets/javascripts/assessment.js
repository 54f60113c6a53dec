// The quiz's page side, loaded on every page (as a module, by the assessment plugin).
//
// Material's instant navigation swaps page content without reloading scripts, and announces
// each new page on its `document$` observable: every quiz found is mounted then, and quizzes
// that left the document are unmounted (their listeners removed). Nothing here loads Python:
// a quiz starts its engine only when the visitor first touches it (see quiz.js).
//
// Site owners can listen for `assessment:start`, `assessment:answer` and `assessment:complete`
// (detail.rung) on the quiz element or any ancestor; nothing is sent anywhere by default.
//
// Tests and debugging: localStorage["assessment.engineTimeoutMs"] overrides the engine's time
// bound (see assessment/client.js).

import { Quiz } from "./assessment/quiz.js";

const mounted = new Map(); // root element -> Quiz

function mountAll(doc) {
  for (const [root, quiz] of mounted) {
    if (!root.isConnected) {
      quiz.unmount();
      mounted.delete(root);
    }
  }
  for (const root of doc.querySelectorAll("[data-assessment]")) {
    if (mounted.has(root)) continue;
    try {
      const quiz = new Quiz(root);
      mounted.set(root, quiz);
      quiz.mount();
    } catch (error) {
      // A quiz that cannot mount stays a readable form; the rest of the page is unaffected.
      console.warn("assessment: could not start this quiz", error);
    }
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe((doc) => mountAll(doc || document));
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => mountAll(document), { once: true });
} else {
  mountAll(document);
}
