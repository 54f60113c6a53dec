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
import { loadStyles } from "./assessment/styles.js";

// The comparison and portfolio views (`data-assessment-view`), each its own module, loaded only
// on a page that places one, with its stylesheet (mounted once both are there, so the view never
// shows unstyled). A view module exports `mount(root)`, returning `{unmount()}`.
const VIEWS = {
  compare: () => Promise.all([import("./assessment/compare-view.js"), loadStyles("compare.css")]),
  portfolio: () => Promise.all([import("./assessment/portfolio-view.js"), loadStyles("portfolio.css")]),
};

const mounted = new Map(); // root element -> Quiz, or a view's {unmount()}

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
  for (const root of doc.querySelectorAll("[data-assessment-view]")) {
    if (mounted.has(root)) continue;
    const load = VIEWS[root.getAttribute("data-assessment-view")];
    if (!load) continue;
    mounted.set(root, { unmount() {} }); // until the module arrives
    load()
      .then(([module]) => {
        if (root.isConnected && mounted.has(root)) mounted.set(root, module.mount(root));
      })
      .catch((error) => console.warn("assessment: could not start this view", error));
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe((doc) => mountAll(doc || document));
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => mountAll(document), { once: true });
} else {
  mountAll(document);
}
