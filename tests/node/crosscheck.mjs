// Score answer sets with the scoring wheel under the vendored Pyodide, for test_engine_node.py.
// Request: {indexURL, lockFileURL, stdLibURL?, runner, definitions, cases}; `runner` is Python
// source defining run_cases(definitions_json, cases_json) -> list[str], the same code the test
// runs in CPython, so the two sides differ only in the interpreter.
import { serve, startEngine } from "../../site_plugins/assessment/pyodide_node.mjs";

await serve(async ({ indexURL, lockFileURL, stdLibURL, runner, definitions, cases }) => {
  const pyodide = await startEngine({ indexURL, lockFileURL, stdLibURL });
  pyodide.runPython(runner);
  const runCases = pyodide.globals.get("run_cases");
  const proxy = runCases(JSON.stringify(definitions), JSON.stringify(cases));
  const results = proxy.toJs();
  proxy.destroy();
  runCases.destroy();
  // Where things came from: the wheel installed into site-packages, and which stdlib zip
  // (its entry count tells the cut from the full one) is mounted.
  const where = pyodide.runPython(`
import sys, zipfile, scoring
stdlib = next(p for p in sys.path if p.endswith(".zip"))
[sys.version.split()[0], scoring.__file__, len(zipfile.ZipFile(stdlib).namelist()),
 sorted(f[len(stdlib) + 1:] for f in (getattr(m, "__file__", None) for m in list(sys.modules.values()))
        if isinstance(f, str) and f.startswith(stdlib + "/") and f.endswith(".pyc"))]
`).toJs();
  // fromBytecode: the modules imported from the zip's .pyc entries (the cut zip's bytecode).
  return { results, python: where[0], scoringFile: where[1], stdlibEntries: where[2], fromBytecode: where[3] };
});
