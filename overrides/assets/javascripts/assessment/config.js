// The JSON config render.py writes on every quiz and view element (`data-assessment-config`).

const CONFIG_VERSION = 1;

// The JSON config written by render.py; its URLs are relative to the page, and made absolute
// here because the worker resolves URLs against its own script, not the page.
export function readConfig(root) {
  const config = JSON.parse(root.getAttribute("data-assessment-config") || "null");
  if (!config || config.version !== CONFIG_VERSION) {
    throw new Error(`assessment config version ${config && config.version} is not ${CONFIG_VERSION}`);
  }
  const base = window.location.href;
  const absolute = (url) => (url ? new URL(url, base).href : null);
  const runtime = config.runtime;
  return {
    ...config,
    worker: absolute(config.worker),
    definition: absolute(config.definition),
    runtime: {
      ...runtime,
      indexURL: absolute(runtime.indexURL),
      lockFileURL: absolute(runtime.lockFileURL),
      stdLibURL: absolute(runtime.stdLibURL),
    },
    key: `${absolute(config.definition)}`,
    // On comparison and portfolio views only: the page that holds the quiz (results open
    // there), and each question's option ids in page order, which share links are written in.
    quizURL: absolute(config.quizURL),
    catalog: new Map(Array.isArray(config.catalog) ? config.catalog : []),
    // The comparison and portfolio pages, or null where the site places none.
    viewURLs: {
      compare: absolute(config.viewURLs && config.viewURLs.compare),
      portfolio: absolute(config.viewURLs && config.viewURLs.portfolio),
    },
  };
}
