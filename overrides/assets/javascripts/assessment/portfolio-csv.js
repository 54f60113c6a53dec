// The portfolio as CSV, for spreadsheets: written by exportCSV, read back by parseCSVImport.
// Both sides are here, by hand (README's dependency list says why: about sixty lines against a
// 20 KB parser that is no ES module and would be vendored).
//
// Columns: name, rung, rung name, blocking gaps, then one column of option ids per question.
// On import the columns are found by their header, not their place, so a spreadsheet may
// reorder them; rung, rung name and blocking gaps are left out (Python works them out again
// from the answers), an empty cell is an unanswered question, and empty rows are skipped.
// Only option ids are understood: this page has no option labels to match against.

import { ImportError, MAX_FILE_BYTES } from "./portfolio-files.js";
import { MAX_INITIATIVES, MAX_NAME, cleanName } from "./portfolio-store.js";

const COMPUTED = new Set(["rung", "rung name", "blocking gaps"]);

// A cell that starts like a formula gets a leading apostrophe so a spreadsheet shows it as
// text instead of running it (OWASP "CSV injection"); the import takes the apostrophe off again.
const FORMULA = /^[=+\-@\t\r]/;

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
function cell(value) {
  let text = String(value ?? "");
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function unguard(text) {
  return text.startsWith("'") && FORMULA.test(text.slice(1)) ? text.slice(1) : text;
}

/** The CSV for `portfolio` (scoring's portfolio().to_dict()) of `initiatives`, same order. */
export function exportCSV(portfolio, initiatives, catalog) {
  const gapNames = new Map(portfolio.gaps.map((gap) => [gap.id, gap.name]));
  const questions = [...catalog.keys()];
  const rows = [["name", "rung", "rung name", "blocking gaps", ...questions]];
  portfolio.initiatives.forEach((item, index) => {
    const answers = initiatives[index].answers;
    rows.push([
      item.name,
      item.rung.number,
      item.rung.name,
      item.blocking_gaps.map((id) => gapNames.get(id) || id).join("; "),
      ...questions.map((question) => answers[question] || ""),
    ]);
  });
  // CRLF line ends and a byte-order mark: what spreadsheet programs expect of UTF-8 CSV.
  return "\ufeff" + rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/**
 * The records of CSV `text` as arrays of strings (RFC 4180: quoted fields, doubled quotes,
 * separators and line breaks inside quotes, CRLF, LF or CR). The separator is a comma, or a
 * semicolon or tab when the first line has no comma (spreadsheets in some languages save so).
 */
export function readCSV(text) {
  const firstLine = text.slice(0, text.search(/[\r\n]|$/));
  const sep = firstLine.includes(",") ? "," : firstLine.includes(";") ? ";" : firstLine.includes("\t") ? "\t" : ",";
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endField = () => { record.push(field); field = ""; };
  const endRecord = () => { endField(); records.push(record); record = []; };
  while (i < text.length) {
    const ch = text[i++];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i] === '"') { field += '"'; i++; }
      else quoted = false; // anything after the closing quote is kept as written, like spreadsheets do
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === sep) endField();
    else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i] === "\n") i++;
      endRecord();
    } else field += ch;
  }
  if (quoted) throw new ImportError("a quoted cell is never closed (a \" is missing)");
  if (field !== "" || record.length) endRecord();
  return records;
}

/** {initiatives: [{name, answers}], dropped: 0} from a CSV export's text, or an ImportError. */
export function parseCSVImport(text, { catalog }) {
  if (text.length > MAX_FILE_BYTES) throw new ImportError("it is larger than 1 MB, far more than any portfolio");
  text = text.replace(/^\ufeff/, "");
  if (/^\s*[{[]/.test(text)) throw new ImportError("it holds JSON, not CSV (a JSON export should end in .json)");
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) throw new ImportError("it is not a text file");
  const [header = [], ...rows] = readCSV(text);
  const columns = header.map((title) => title.trim());
  const questions = new Map([...catalog.keys()].map((id) => [id.toLowerCase(), id]));
  const used = new Map(); // column index -> question id or "name"
  columns.forEach((title, index) => {
    const key = title.toLowerCase();
    if (!key) {
      if (rows.some((row) => (row[index] || "").trim())) throw new ImportError(`column ${index + 1} has no title in the first row`);
      return;
    }
    if (COMPUTED.has(key)) return;
    const id = key === "name" ? "name" : questions.get(key);
    if (!id) throw new ImportError(`its column “${title}” is not a question of this assessment (the columns are name and the question ids, as the CSV export writes them)`);
    if ([...used.values()].includes(id)) throw new ImportError(`it has two “${title}” columns`);
    used.set(index, id);
  });
  if (![...used.values()].includes("name")) throw new ImportError("its first row has no “name” column (the first row names the columns, as the CSV export writes them)");
  const filled = rows.map((row, index) => [row, index + 2]).filter(([row]) => row.some((value) => value.trim()));
  if (filled.length > MAX_INITIATIVES) throw new ImportError(`it holds more than ${MAX_INITIATIVES} initiatives, the most a portfolio can`);
  const names = new Set();
  const initiatives = filled.map(([row, number]) => {
    if (row.length > columns.length && row.slice(columns.length).some((value) => value.trim())) {
      throw new ImportError(`row ${number} has more cells than the first row has columns`);
    }
    const answers = {};
    let name = null;
    for (const [index, id] of used) {
      const value = (row[index] || "").trim();
      if (id === "name") {
        name = cleanName(unguard(value));
        if (!name) throw new ImportError(`row ${number}, column name: a name is 1 to ${MAX_NAME} characters`);
        if (names.has(name)) throw new ImportError(`row ${number}: two initiatives are named “${name}”`);
        names.add(name);
      } else if (value) {
        const options = catalog.get(id);
        if (!options.includes(value)) {
          throw new ImportError(`row ${number}, column ${id}: “${value.slice(0, 40)}” is not one of this question's answers (use the answer ids, as exported: ${options.join(", ")})`);
        }
        answers[id] = value;
      }
    }
    return { name, answers };
  });
  if (!initiatives.length) throw new ImportError("it holds no initiatives");
  return { initiatives, dropped: 0 };
}
