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

// The files of modules that zipimport loaded by the first result (their code is compiled from the zip: the
// bytecode step compiles those ahead, bytecode.py), and of frozen modules (their code is in the
// runtime itself: the zip's copy is never read).
const LOADERS = `
import sys
zip_root = next(p for p in sys.path if p.endswith(".zip")) + "/"
def _loader(m):
    loader = getattr(m, "__loader__", None)
    return loader.__name__ if isinstance(loader, type) else type(loader).__name__
{
    kind: sorted(
        m.__file__[len(zip_root):]
        for m in list(sys.modules.values())
        if isinstance(getattr(m, "__file__", None), str) and m.__file__.startswith(zip_root)
        and _loader(m) == loader
    )
    for kind, loader in (("zipimported", "zipimporter"), ("frozen", "FrozenImporter"))
}
`;

// What the worker runs before the first result (assessment-worker.js's glue), and no more.
const FIRST_RESULT = `
import json
import scoring
_data = json.loads(DEFINITIONS[0])
json.dumps(scoring.score(scoring.load_assessment(_data), {}).to_dict())
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
  // Loaded by the first result: the modules on a share link's path, compiled ahead.
  if (definitions.length) pyodide.runPython(FIRST_RESULT);
  const loaded = pyodide.runPython(LOADERS).toJs({ dict_converter: Object.fromEntries });
  pyodide.runPython(EXERCISE);
  try {
    pyodide.runPython("raise ValueError('an error reaching JavaScript is formatted by traceback')");
  } catch (error) {
    // expected: the worker turns such errors into {ok: false, error}
  }
  const files = pyodide.runPython(LIST_STDLIB).toJs();
  return { startup, files, ...loaded };
});
