// loadPyodide() and nothing else (the lock file must be given: the site ships its own copy,
// which also lists the scoring wheel, instead of the stock one next to the runtime).
self.addEventListener("message", async ({ data: { indexURL, lockFileURL } }) => {
  try {
    const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
    await loadPyodide({ indexURL, lockFileURL });
    self.postMessage({ type: "ready", ok: true });
  } catch (error) {
    self.postMessage({ type: "ready", ok: false, error: String(error) });
  }
}, { once: true });
