// Start the vendored Pyodide in Node and load the scoring wheel by name through our lock file.
// Shared by trace_stdlib.mjs (build time) and tests/node/*.mjs, so both start the engine the way
// the browser worker does: indexURL = the runtime folder, lockFileURL = our lock (the wheel is
// resolved next to it), optional stdLibURL = a cut standard library.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

// `onRuntime(pyodide)`, if given, runs after loadPyodide and before the package is loaded.
export async function startEngine({ indexURL, lockFileURL, stdLibURL, packageName = "scoring", onRuntime }) {
  // In Node, Pyodide reads local files with fs and ignores `checkIntegrity` (only the browser's
  // fetch({integrity}) checks it), so check the lock's sha256 here exactly as the browser would:
  // same entry, same resolution of a relative file_name against the lock file's folder.
  const lock = JSON.parse(await readFile(lockFileURL, "utf8"));
  const entry = lock.packages[packageName];
  if (!entry) throw new Error(`${lockFileURL} has no package "${packageName}"`);
  const wheel = await readFile(path.resolve(path.dirname(lockFileURL), entry.file_name));
  const actual = createHash("sha256").update(wheel).digest("hex");
  if (actual !== entry.sha256) {
    throw new Error(`integrity: ${entry.file_name} has sha256 ${actual}, the lock says ${entry.sha256}`);
  }

  const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
  const errors = [];
  const pyodide = await loadPyodide({
    indexURL: indexURL.endsWith("/") ? indexURL : indexURL + "/",
    lockFileURL,
    ...(stdLibURL ? { stdLibURL } : {}),
    // stdout is the caller's; Python's prints and Pyodide's chatter go to stderr.
    stdout: (line) => process.stderr.write(line + "\n"),
    stderr: (line) => process.stderr.write(line + "\n"),
  });
  if (onRuntime) await onRuntime(pyodide);
  // loadPackage reports failures through errorCallback and still resolves: collect and throw.
  await pyodide.loadPackage(packageName, {
    checkIntegrity: true,
    messageCallback: () => {},
    errorCallback: (message) => errors.push(message),
  });
  if (errors.length) throw new Error(`loadPackage("${packageName}") failed: ${errors.join("; ")}`);
  pyodide.pyimport(packageName); // throws if the wheel did not install
  return pyodide;
}

// The scripts' protocol: argv[2] is a JSON request file, argv[3] the JSON reply file (a file, not
// stdout, so nothing Pyodide prints can corrupt the reply).
export async function serve(handler) {
  const [input, output] = process.argv.slice(2);
  const { writeFile } = await import("node:fs/promises");
  const request = JSON.parse(await readFile(input, "utf8"));
  const reply = await handler(request);
  await writeFile(output, JSON.stringify(reply));
}
