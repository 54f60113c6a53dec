// WebAssembly.instantiateStreaming that survives a host serving .wasm with the wrong type.
//
// Stock Pyodide calls instantiateStreaming(fetch(...)). When the response's content-type is not
// application/wasm (many object stores send application/octet-stream) that call rejects, Pyodide
// only logs a warning and waits forever. Installed before Pyodide loads, this wrapper streams
// when the type is right and otherwise instantiates from the downloaded bytes (about a second
// slower, but it works). It also reports a failed download to `onFailure`, because Pyodide
// swallows that error too and would hang until the page's timeout.

export function installWasmFallback({ onFallback, onFailure } = {}) {
  const streaming = WebAssembly.instantiateStreaming
    ? WebAssembly.instantiateStreaming.bind(WebAssembly)
    : null;

  async function fromBytes(response, imports) {
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${response.url}`);
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
  }

  WebAssembly.instantiateStreaming = async function instantiateStreaming(source, imports) {
    try {
      const response = await source;
      const type = (response.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
      if (!streaming || type !== "application/wasm") {
        if (onFallback) onFallback(type || "none");
        return await fromBytes(response, imports);
      }
      try {
        return await streaming(response, imports);
      } catch (error) {
        // The body is consumed by the failed attempt: fetch it again (from the HTTP cache
        // when the first download completed) and compile from the bytes.
        if (onFallback) onFallback(`streaming failed: ${error && error.message}`);
        return await fromBytes(await fetch(response.url), imports);
      }
    } catch (error) {
      if (onFailure) onFailure(error);
      throw error;
    }
  };
}
