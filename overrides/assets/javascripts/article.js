// Site-wide glue for the article, loaded after Material's bundle (overrides/main.html).
// Listens on window and touches only elements Material keeps across instant navigation, so it
// runs once per full page load and needs no re-mounting on `document$`.
(() => {
  // Material's search overlay is a role="dialog" with no accessible name (axe: aria-dialog-name).
  // Name it after its own input's label, without copying Material's partial.
  const search = document.querySelector(".md-search[role='dialog']");
  if (search && !search.hasAttribute("aria-label") && !search.hasAttribute("aria-labelledby")) {
    search.setAttribute("aria-label", "Search this site");
  }

  // Wide tables scroll sideways inside Material's `.md-typeset__scrollwrap` on a phone. A region
  // that scrolls must be reachable by keyboard (axe: scrollable-region-focusable): make each one
  // that overflows a focusable, labelled region. Material wraps tables on every (instant) page
  // load through `document$`; this subscribes after it, and re-checks when the width changes.
  const labelFor = (wrap) => {
    const caption = wrap.closest("figure")?.querySelector("figcaption strong, figcaption");
    return (caption?.textContent || "Table").trim().replace(/\.$/, "");
  };
  const markScrollable = () => {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
      const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", `${labelFor(wrap)} (scrolls sideways)`);
      } else if (!scrolls && wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  };
  // On a phone the figures' tables are laid out as one card per row (article.css), each cell
  // under its column's name: give every cell that name, and keep the table's semantics explicit
  // (a table whose cells are display: block can lose them in some browsers).
  const labelCells = () => {
    for (const table of document.querySelectorAll(".md-typeset .p2p-figure table:not([data-labelled])")) {
      const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
      table.setAttribute("role", "table");
      for (const group of table.querySelectorAll("thead, tbody")) group.setAttribute("role", "rowgroup");
      for (const row of table.querySelectorAll("tr")) row.setAttribute("role", "row");
      for (const th of table.querySelectorAll("thead th")) th.setAttribute("role", "columnheader");
      for (const row of table.querySelectorAll("tbody tr")) {
        [...row.children].forEach((cell, index) => {
          cell.setAttribute("role", "cell");
          if (names[index]) cell.setAttribute("data-label", names[index]);
        });
      }
      table.setAttribute("data-labelled", "");
    }
  };
  if (typeof document$ !== "undefined") {
    document$.subscribe(() => {
      labelCells();
      markScrollable();
    });
  }
  let resizing;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(markScrollable, 150);
  });

  // Printing: open every collapsed <details> (the FAQ) before the browser lays out the pages,
  // and close the same ones again afterwards.
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
