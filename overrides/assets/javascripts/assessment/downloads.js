// Every file the engine fetches goes through here (in the worker): its bytes are counted as
// they arrive, so the page can show real progress and its watchdog can tell a slow download
// (bytes still coming) from a stalled one; and each failure is named for what it is, with the
// file it happened to, instead of the bare "Failed to fetch" Pyodide would leave behind.
//
// Requests use the browser's ordinary HTTP cache: a retry gets every file that arrived
// complete the first time from the cache, and only downloads what is missing.

import { EngineError, Kind } from "./protocol.js";

// What a failed fetch returns to its caller (Pyodide): a promise that never settles. The failure
// is already reported through onFailure, which ends the engine's start; a rejection or an error
// page handed back would only surface again, from inside Pyodide, as an uncaught error (a 404
// page parsed as JSON, for one). The worker is discarded, and the promise with it.
const NEVER = new Promise(() => {});

export function fileName(url) {
  try {
    return new URL(url, self.location.href).pathname.split("/").pop() || String(url);
  } catch {
    return String(url);
  }
}

function offline() {
  return self.navigator && self.navigator.onLine === false;
}

/**
 * What went wrong with `url`, found out by asking for it again plainly: offline, a network
 * failure, an HTTP error (a 404 means the page is older than the site), or a file that arrives
 * but is not what was published (another type, or other bytes).
 */
export async function diagnose(url, fetchPlain, { expectScript = false, integrity = null } = {}) {
  const name = fileName(url);
  if (offline()) return new EngineError(Kind.OFFLINE, `offline while downloading ${name}`);
  let response;
  try {
    response = await fetchPlain(url);
  } catch (error) {
    return new EngineError(Kind.DOWNLOAD, `${name} could not be downloaded (${error && error.message})`);
  }
  if (!response.ok) return httpError(name, response.status);
  if (expectScript) {
    const type = (response.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
    if (!/javascript|ecmascript/.test(type)) {
      return new EngineError(Kind.MISMATCH, `${name} was served as ${type || "no type"}, not JavaScript`);
    }
  }
  if (integrity && !(await matches(response, integrity))) {
    return new EngineError(Kind.MISMATCH, `${name} does not match the checksum this site published`);
  }
  return null;
}

// Whether the body has the Subresource Integrity `integrity` ("sha256-<base64>"). Unknown (no
// SubtleCrypto outside secure contexts) counts as a match: the failure is then reported as a
// download failure, never wrongly as a mismatch.
async function matches(response, integrity) {
  const [algorithm, expected] = String(integrity).split(/-(.*)/s);
  const names = { sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" };
  if (!self.crypto || !self.crypto.subtle || !names[algorithm]) return true;
  const digest = await self.crypto.subtle.digest(names[algorithm], await response.arrayBuffer());
  let binary = "";
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return btoa(binary) === expected;
}

export function httpError(name, status) {
  const error = new EngineError(Kind.DOWNLOAD, `${name} could not be downloaded (HTTP ${status})`);
  error.status = status;
  return error;
}

/**
 * Replaces self.fetch with a counting, diagnosing one. `onBytes(count)` for every chunk;
 * `onFailure(EngineError)` for the first failed file; `onBusy(n)` whenever the number of
 * downloads in flight changes (0: the engine is computing, not waiting for the network).
 */
export function watchDownloads({ onBytes, onFailure, onBusy = () => {} }) {
  let inFlight = 0;
  const begin = () => onBusy(++inFlight);
  const end = () => onBusy(--inFlight);
  const plain = self.fetch.bind(self);
  self.fetch = async function fetch(input, init) {
    const url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
    let response;
    begin();
    try {
      response = await plain(input, init);
    } catch (error) {
      // A failed Subresource Integrity check looks like any network error: ask again without
      // it, and if the file arrives, its bytes are not the ones the lock file names. (Still
      // "in flight" meanwhile, so the watchdog keeps its network bound.)
      let found = null;
      if (offline()) found = new EngineError(Kind.OFFLINE, `offline while downloading ${fileName(url)}`);
      else if (init && init.integrity) found = await diagnose(url, plain, { integrity: init.integrity });
      end();
      onFailure(found || new EngineError(Kind.DOWNLOAD, `${fileName(url)} could not be downloaded (${error.message})`));
      return NEVER;
    }
    if (!response.ok) {
      end();
      onFailure(httpError(fileName(url), response.status));
      return NEVER;
    }
    if (!response.body || typeof TransformStream === "undefined") {
      end();
      return response;
    }
    let open = true;
    const close = () => {
      if (open) end();
      open = false;
    };
    const counted = response.body.pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          onBytes(chunk.byteLength);
          controller.enqueue(chunk);
        },
        flush: close,
      }),
    );
    counted.closed?.catch?.(close);
    const copy = new Response(counted, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    // Pyodide and wasm.js read the URL back (to name the file, or to fetch it again).
    Object.defineProperty(copy, "url", { value: response.url });
    return copy;
  };
  return plain;
}
