// Files and adding, for the portfolio page (portfolio-view.js): export as JSON or CSV, import
// a JSON or CSV file, and add a list of initiatives (from a file or a shared link) to the visitor's
// portfolio with a question for every name they already have. `view` is the page's
// PortfolioView: its store, catalog, messages and re-rendering.

import { ask } from "./portfolio-ask.js";
import { exportCSV, parseCSVImport } from "./portfolio-csv.js";
import { ImportError, MAX_FILE_BYTES, download, exportJSON, parseImport } from "./portfolio-files.js";
import { merge } from "./portfolio-merge.js";
import { PORTFOLIO } from "./portfolio-messages.js";

export function exportJSONFile(view) {
  download(`${view.name}-portfolio.json`, exportJSON(view.name, view.store.initiatives, view.catalog), "application/json");
  view.say(`Exported ${view.store.initiatives.length} initiatives as a JSON file.`);
}

export function exportCSVFile(view) {
  const shown = view.result;
  if (!shown || shown.list.length !== view.store.initiatives.length) {
    view.say("The ladder is still being worked out: export again in a moment.");
    return;
  }
  download(`${view.name}-portfolio.csv`, exportCSV(shown.portfolio, shown.list, view.catalog), "text/csv");
  view.say(`Exported ${shown.list.length} initiatives as a CSV file for spreadsheets.`);
}

export async function importFile(view) {
  const input = view.el.file;
  const file = input.files && input.files[0];
  input.value = ""; // the same file can be chosen again after a fix
  if (!file) return;
  view.say("");
  if (file.size > MAX_FILE_BYTES) {
    view.problem(PORTFOLIO.badFile("it is larger than 1 MB, far more than any portfolio"));
    return;
  }
  let parsed;
  try {
    const parse = isCSV(file) ? parseCSVImport : parseImport;
    parsed = parse(await file.text(), { assessment: view.name, catalog: view.catalog, isValid: view.isValid });
  } catch (error) {
    view.problem(PORTFOLIO.badFile(error instanceof ImportError ? error.message : "it could not be read"));
    return;
  }
  if (await addAll(view, parsed.initiatives, input) && parsed.dropped) view.notice(PORTFOLIO.dropped(parsed.dropped));
}

// The name or type decides: a spreadsheet saves .csv (type text/csv, or none on some systems);
// anything else is read as this site's JSON export, which says plainly when it is not one.
function isCSV(file) {
  return /\.csv$/i.test(file.name) || /^text\/(csv|comma-separated-values)$/i.test(file.type);
}

/** Adds `list` ([{name, answers}]) to the visitor's portfolio, asking about each name clash. */
export async function addAll(view, list, returnFocus) {
  const outcome = await merge(view.store, list, (name) =>
    ask(view.el.asks, `${PORTFOLIO.clash(name)} What should happen to the one you are adding?`, [
      { label: "Replace it", value: "replace" },
      { label: "Keep both", value: "keep", primary: true },
      { label: "Skip it", value: "skip" },
    ], { returnFocus }));
  if (outcome.error) {
    view.problem(outcome.error);
    return false;
  }
  view.say(PORTFOLIO.imported(outcome.added, outcome.skipped));
  if (!view.shared) view.render();
  return true;
}
