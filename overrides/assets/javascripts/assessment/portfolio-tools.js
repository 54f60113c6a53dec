// The portfolio page's "keep a copy" part: export (JSON, CSV), import (a JSON or CSV file), and one
// link for the whole portfolio. Only the markup: portfolio-view.js handles the actions.

import { h } from "./dom.js";

export function tools(prefix, level) {
  const action = (name, label) =>
    h("button", { type: "button", class: "md-button", "data-portfolio-action": name }, label);
  const exports = [action("export-json", "Export as a file (JSON)"), action("export-csv", "Export for spreadsheets (CSV)"),
    action("copy-link", "Copy a link to this portfolio")];
  const file = h("input", { id: `${prefix}-import`, type: "file", accept: ".json,application/json,.csv,text/csv",
    "aria-describedby": `${prefix}-import-help` });
  const shareField = h("div", { class: "portfolio__share-field", hidden: true },
    h("label", { for: `${prefix}-share-url` }, "Link to this portfolio"),
    h("input", { id: `${prefix}-share-url`, type: "text", readonly: true }));
  const part = h("div", { class: "portfolio__tools" },
    h(`h${level}`, null, "Keep a copy, move it, share it"),
    h("p", null, "Your portfolio is kept in this browser only. Export it to keep a copy or to move it to another browser, where you import the file. A link carries the answers themselves: whoever opens it sees the same ladder."),
    h("div", { class: "portfolio__actions" }, exports),
    shareField,
    h("p", { class: "portfolio__import" },
      h("label", { for: `${prefix}-import` }, "Import a portfolio file (JSON or CSV)"), " ", file,
      h("span", { id: `${prefix}-import-help`, class: "portfolio__help" },
        "Initiatives in the file are added to yours; for a name you already have, you choose what happens.")));
  return { tools: part, file, shareField, needsItems: exports };
}
