// Build-time bytecode for the cut standard library, run by bytecode.py as
// `node compile_stdlib.mjs request.json reply.json`.
//
// Compiled by the vendored Pyodide itself: its CPython writes the only bytecode its zipimport
// accepts (a host Python's magic number differs, FIELD-NOTES.md). Each listed `x.py` becomes
// `x.pyc` (an unchecked hash-based pyc: no timestamp, so the same source gives the same bytes;
// zipimport loads it without its source), its code objects without line tables (they are most
// of a pyc's size: a traceback through the standard library then shows no line numbers).
// Everything else in the zip is copied as it is; entries stay STORED, in the source's order.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "./pyodide_node.mjs";

const COMPILE = `
import importlib._bootstrap_external as external
import importlib.util
import sys
import zipfile

zip_root = next(p for p in sys.path if p.endswith(".zip"))  # where the runtime mounts the zip
CodeType = type(compile("", "", "exec"))

def without_lines(code):
    consts = tuple(without_lines(c) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_consts=consts, co_linetable=b"")

compiled = []
with zipfile.ZipFile(SOURCE) as source, zipfile.ZipFile(TARGET, "w") as target:
    for info in source.infolist():
        data = source.read(info)
        if info.filename in COMPILE_NAMES:
            # optimize=1: asserts go, docstrings stay (Pyodide's own packages need theirs;
            # the standard library's were already taken out of the source, slim.py).
            code = compile(data, f"{zip_root}/{info.filename}", "exec", dont_inherit=True, optimize=1)
            pyc = external._code_to_hash_pyc(without_lines(code), importlib.util.source_hash(data), checked=False)
            entry = zipfile.ZipInfo(info.filename + "c", info.date_time)
            entry.external_attr = info.external_attr
            target.writestr(entry, bytes(pyc), compress_type=zipfile.ZIP_STORED)
            compiled.append(info.filename)
        else:
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.external_attr = info.external_attr
            target.writestr(entry, data, compress_type=zipfile.ZIP_STORED)
compiled
`;

await serve(async ({ indexURL, source, target, compile }) => {
  const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({
    indexURL: indexURL.endsWith("/") ? indexURL : indexURL + "/",
    stdout: (line) => process.stderr.write(line + "\n"),
    stderr: (line) => process.stderr.write(line + "\n"),
  });
  pyodide.FS.writeFile("/tmp/source.zip", await readFile(source));
  pyodide.globals.set("SOURCE", "/tmp/source.zip");
  pyodide.globals.set("TARGET", "/tmp/target.zip");
  pyodide.globals.set("COMPILE_NAMES", pyodide.toPy(new Set(compile)));
  const compiled = pyodide.runPython(COMPILE).toJs();
  await writeFile(target, pyodide.FS.readFile("/tmp/target.zip"));
  return { compiled, python: pyodide.runPython("import sys; sys.version.split()[0]") };
});
