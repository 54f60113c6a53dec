// Starts the bare worker; the page's own URLs are passed in, as our quiz passes its config.
const settings = document.documentElement.dataset;
const absolute = (url) => new URL(url, location.href).href;
const worker = new Worker(new URL("bare-worker.js", import.meta.url), { type: "module" });
worker.addEventListener("message", (event) => {
  document.getElementById("status").textContent = event.data.ok ? "Ready" : `Failed: ${event.data.error}`;
});
worker.postMessage({ indexURL: absolute(settings.indexUrl), lockFileURL: absolute(settings.lockFileUrl) });
