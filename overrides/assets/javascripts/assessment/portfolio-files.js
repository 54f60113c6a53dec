// The portfolio as files: a JSON export to keep or move (and import again), and a CSV for
// spreadsheets. Made in the browser (Blob + a[download]); nothing goes to a server.
//
// JSON (here): {"v": 1, "assessment": NAME, "fingerprint": F, "initiatives": [{id, name, answers,
// saved}]}: the store's shape (portfolio-store.js) plus the assessment's name and the quiz's
// fingerprint (share.js), which tells an export of an older version of the quiz from a damaged
// one. CSV (written and read in portfolio-csv.js): name, rung, rung name, blocking gaps, then one
// column per question (option ids).
//
// An import (JSON here, CSV there) is read whole and checked whole before anything changes: a
// file that is too big, not JSON, of another assessment, over the limits, or with answers this
// quiz does not have is refused with one reason (ImportError), and the portfolio stays as it was.

import * as share from "./share.js";
import { MAX_INITIATIVES, MAX_NAME, VERSION, cleanAnswers, cleanName } from "./portfolio-store.js";

// A full portfolio is about 100 × (a name and a dozen answers) ≈ 100 KB: ten times that is
// plenty, and keeps a hostile file from freezing the page.
export const MAX_FILE_BYTES = 1024 * 1024;

export class ImportError extends Error {}

export function exportJSON(assessment, initiatives, catalog) {
  const data = { v: VERSION, assessment, fingerprint: share.fingerprint(catalog), initiatives };
  return JSON.stringify(data, null, 2) + "\n";
}

/** Offers `text` as a file download named `filename`. */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * {initiatives: [{name, answers}], dropped} from an export's text, or an ImportError saying why
 * not. `isValid(question, option)` checks ids against the quiz.
 */
export function parseImport(text, { assessment, catalog, isValid }) {
  if (text.length > MAX_FILE_BYTES) throw new ImportError("it is larger than 1 MB, far more than any portfolio");
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ImportError("it is not a portfolio export (it is not readable as JSON)");
  }
  if (!data || typeof data !== "object" || data.v !== VERSION || !Array.isArray(data.initiatives)) {
    throw new ImportError("it is not a portfolio export from this site");
  }
  if (data.assessment !== assessment) throw new ImportError("it was exported from another assessment");
  if (data.initiatives.length > MAX_INITIATIVES) {
    throw new ImportError(`it holds more than ${MAX_INITIATIVES} initiatives, the most a portfolio can`);
  }
  // The same quiz: every answer must fit. An older version of it: answers that no longer fit
  // are left out and counted, as for answers kept in the browser.
  const sameQuiz = data.fingerprint === share.fingerprint(catalog);
  const initiatives = [];
  const names = new Set();
  let dropped = 0;
  data.initiatives.forEach((item, index) => {
    const name = item && typeof item === "object" ? cleanName(item.name) : null;
    if (!name) throw new ImportError(`initiative ${index + 1} has no usable name (1 to ${MAX_NAME} characters)`);
    if (names.has(name)) throw new ImportError(`two initiatives are named “${name}”`);
    names.add(name);
    const kept = cleanAnswers(item.answers, isValid);
    if (!kept) throw new ImportError(`“${name}” has no answers`);
    if (kept.dropped && sameQuiz) throw new ImportError(`“${name}” has answers this assessment does not have`);
    dropped += kept.dropped;
    initiatives.push({ name, answers: { ...kept.answers } });
  });
  if (!initiatives.length) throw new ImportError("it holds no initiatives");
  return { initiatives, dropped };
}
