// The naive page: Pyodide on the main thread at page load, questions usable once Python is ready.
// Written the way the Pyodide docs and PyScript examples do it; nothing slowed down on purpose.

const settings = document.documentElement.dataset;
const status = document.getElementById("status");
const form = document.getElementById("quiz");
const resultBox = document.getElementById("result");

const { loadPyodide } = await import(new URL("pyodide.mjs", new URL(settings.indexUrl, location.href)).href);
const pyodide = await loadPyodide({
  indexURL: new URL(settings.indexUrl, location.href).href,
  lockFileURL: new URL(settings.lockFileUrl, location.href).href,
});
await pyodide.loadPackage(settings.package);
const definitionText = await (await fetch(settings.definition)).text();
pyodide.globals.set("DEFINITION_JSON", definitionText);
pyodide.runPython(`
import json
from scoring import load_assessment, score

assessment = load_assessment(json.loads(DEFINITION_JSON))

def score_json(answers_json):
    return json.dumps(score(assessment, json.loads(answers_json)).to_dict())
`);
const scoreJson = pyodide.globals.get("score_json");
const definition = JSON.parse(definitionText);

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// The questions, all on one page, once Python is ready.
for (const question of definition.questions) {
  const fieldset = element("fieldset", {}, element("legend", {}, question.prompt));
  for (const option of question.options) {
    const input = element("input", { type: "radio", name: question.id, value: option.id });
    fieldset.append(element("label", {}, input, " ", option.label));
  }
  form.append(fieldset);
}
form.append(element("button", { type: "submit" }, "See my result"));

function answers() {
  return Object.fromEntries(new FormData(form));
}

function showResult() {
  const result = JSON.parse(scoreJson(JSON.stringify(answers())));
  const gaps = element("ul");
  for (const gap of result.blocking_gaps) gaps.append(element("li", {}, gap.name));
  resultBox.replaceChildren(
    element("h2", {}, `Rung ${result.rung.number} — ${result.rung.name}`),
    element("p", {}, result.rung.meaning),
    ...(result.blocking_gaps.length ? [element("h3", {}, "What blocks the next rung"), gaps] : []),
  );
  resultBox.hidden = false;
  // Its own share link: the answers in the fragment.
  history.replaceState(null, "", "#" + new URLSearchParams(answers()));
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  showResult();
});

status.textContent = "";
form.hidden = false;

// Opened from a share link (#question=option&...): fill in the answers and show the result.
const shared = new URLSearchParams(location.hash.slice(1));
if ([...shared.keys()].length) {
  for (const [question, option] of shared) {
    const input = form.querySelector(`input[name="${CSS.escape(question)}"][value="${CSS.escape(option)}"]`);
    if (input) input.checked = true;
  }
  showResult();
}
