// The comparison and portfolio styles, loaded when something on the page will need them rather
// than as render-blocking <link>s on every page: the article's first paint does not wait for
// styles of views it may never show. The same file is asked for once per page load.

const loading = new Map(); // stylesheet URL -> Promise<void>

/** Adds `assets/stylesheets/<name>` to the page once; resolves when it applies (or failed). */
export function loadStyles(name) {
  // This module lives in assets/javascripts/assessment/, so the site's sub-path is kept.
  const href = new URL(`../../stylesheets/${name}`, import.meta.url).href;
  if (!loading.has(href)) {
    const existing = [...document.querySelectorAll('link[rel="stylesheet"]')].find((link) => link.href === href);
    loading.set(href, existing ? Promise.resolve() : new Promise((resolve) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      // A stylesheet that does not arrive leaves the view plain but usable: never block on it.
      link.addEventListener("load", () => resolve(), { once: true });
      link.addEventListener("error", () => resolve(), { once: true });
      document.head.append(link);
    }));
  }
  return loading.get(href);
}

/** The styles of the parts the quiz adds under a visitor's own result. */
export const RESULT_EXTRAS = ["compare.css", "portfolio.css"];
