// Build-time import trace for the cut standard library (pyodide_stdlib: minimal), run by
// stdlib.py as `node trace_stdlib.mjs request.json reply.json`.
//
// It starts the vendored Pyodide on the FULL standard library, loads the scoring wheel by name,
// scores every definition (no answers, the least and the most mature answers, a bad answer set
// and an uncaught Python error, so the error paths' imports such as traceback are seen too), then
// lists the standard library files behind sys.modules. What Pyodide's own bootstrap imports is in
// sys.modules too, so it is kept; the reply lists it separately for the report.
import { serve, startEngine } from "./pyodide_node.mjs";

const LIST_STDLIB = `
import sys
zip_root = next(p for p in sys.path if p.endswith(".zip")) + "/"
sorted({
    f[len(zip_root):]
    for f in (getattr(m, "__file__", None) for m in list(sys.modules.values()))
    if isinstance(f, str) and f.startswith(zip_root)
})
`;

const EXERCISE = `
import json
from scoring import load_assessment, score

def answer_sets(data):
    questions = [q for q in data.get("questions", []) if q.get("options")]
    pick = lambda i: {q["id"]: q["options"][i]["id"] for q in questions}
    return [{}, pick(0), pick(-1), dict(list(pick(0).items())[::2])]

for text in DEFINITIONS:
    data = json.loads(text)
    assessment = load_assessment(data)
    for answers in answer_sets(data):
        json.dumps(score(assessment, answers).to_dict())
    try:
        score(assessment, {"no such question": "no such option"})
    except Exception as error:
        str(error)
`;

await serve(async ({ indexURL, lockFileURL, definitions }) => {
  let startup; // what loadPyodide itself imports, before the wheel: reported, and kept anyway
  const onRuntime = (runtime) => { startup = runtime.runPython(LIST_STDLIB).toJs(); };
  const pyodide = await startEngine({ indexURL, lockFileURL, onRuntime });
  pyodide.globals.set("DEFINITIONS", pyodide.toPy(definitions));
  pyodide.runPython(EXERCISE);
  try {
    pyodide.runPython("raise ValueError('an error reaching JavaScript is formatted by traceback')");
  } catch (error) {
    // expected: the worker turns such errors into {ok: false, error}
  }
  const files = pyodide.runPython(LIST_STDLIB).toJs();
  return { startup, files };
});
