// Printing the article: open every collapsed <details> (the FAQ) before the browser lays out the
// printed pages, and close the same ones again afterwards. Listens on window once, so it keeps
// working across Material's instant navigation without re-mounting.
(() => {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll(".md-content details:not([open])")];
    for (const details of opened) details.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const details of opened) details.open = false;
    opened = [];
  });
})();
