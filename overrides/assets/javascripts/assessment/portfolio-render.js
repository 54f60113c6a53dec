// The portfolio view's content, built from `portfolio(...).to_dict()` (ARCHITECTURE.md,
// "Comparisons and portfolios"). Nothing here computes: rungs, blocking gaps and the bottleneck
// are the scoring package's. Text nodes only (dom.js), so a name like "<script>" is just text.

import { h, s } from "./dom.js";
import { MAX_NAME } from "./portfolio-store.js";

const rungTitle = (rung) => `Rung ${rung.number} — ${rung.name}`;
const plural = (count, word) => `${count} ${word}${count === 1 ? "" : "s"}`;

function heading(level, attrs, ...children) {
  return h(`h${Math.min(6, level)}`, attrs, ...children);
}

function gapName(gap, gapLinks) {
  return gapLinks[gap.id] ? h("a", { href: gapLinks[gap.id] }, gap.name) : gap.name;
}

function list(names) {
  return names.map((name, i) => [i ? (i === names.length - 1 ? " and " : ", ") : "", name]);
}

// Every initiative on one ladder: the rungs in order, each with the initiatives that stand on it.
function ladder(portfolio, level) {
  const total = portfolio.initiatives.length;
  return h("div", { class: "portfolio__section" },
    heading(level, null, "All initiatives on one ladder"),
    h("ol", { class: "assessment-ladder portfolio-ladder", "aria-label": "The ladder, from rung 1 to the top, with the initiatives on each rung" },
      portfolio.rungs.map((rung) => {
        const names = rung.initiatives.map((index) => portfolio.initiatives[index].name);
        return h("li", { class: `assessment-ladder__rung portfolio-ladder__rung${names.length ? " is-held" : ""}` },
          h("span", { class: "portfolio-ladder__name" }, rungTitle(rung)),
          h("span", { class: "portfolio-ladder__count" }, `${names.length} of ${total}`),
          names.length
            ? h("ul", { class: "portfolio-ladder__initiatives" }, names.map((name) => h("li", null, name)))
            : h("p", { class: "portfolio-ladder__none" }, "No initiative here"));
      })));
}

// The gap that blocks the most initiatives, and every gap's count: bars for the eye (hidden from
// assistive technology), the same numbers as text in the table.
function gaps(portfolio, level, gapLinks) {
  const total = portfolio.initiatives.length;
  const top = portfolio.bottleneck;
  const blocked = top
    ? portfolio.gaps.find((gap) => gap.id === top.id).blocking.map((i) => portfolio.initiatives[i].name)
    : [];
  const width = 120;
  const bar = (count) => s("svg", { class: "portfolio-gaps__bar", viewBox: `0 0 ${width} 10`, width: "100%",
    "aria-hidden": "true", focusable: "false" },
  s("rect", { x: 0, y: 1, width, height: 8, rx: 2, class: "portfolio-gaps__track" }),
  s("rect", { x: 0, y: 1, width: total ? (count / total) * width : 0, height: 8, rx: 2, class: "portfolio-gaps__fill" }));
  return h("div", { class: "portfolio__section" },
    heading(level, null, "The bottleneck"),
    top
      ? h("p", { class: "portfolio-bottleneck", "data-portfolio-bottleneck": true },
        h("strong", null, gapName(top, gapLinks), ` blocks ${top.count} of ${plural(total, "initiative")}`),
        `: ${blocked.length === 1 ? "" : "the next rung of "}`, list(blocked),
        blocked.length === 1 ? " cannot climb to its next rung until it is closed." : ". Closing it moves the most of your portfolio.")
      : h("p", { class: "portfolio-bottleneck", "data-portfolio-bottleneck": true },
        "No gap blocks any initiative: every one stands on the top rung."),
    h("table", { class: "portfolio-gaps" },
      h("caption", null, "How many initiatives each gap keeps from their next rung"),
      h("thead", null, h("tr", null,
        h("th", { scope: "col" }, "Gap"),
        h("th", { scope: "col" }, "Blocks"),
        h("th", { scope: "col", class: "portfolio-gaps__bar-cell" }, h("span", { class: "assessment__visually-hidden" }, "Share of the portfolio")))),
      h("tbody", null, portfolio.gaps.map((gap) => h("tr", { class: top && gap.id === top.id ? "is-bottleneck" : null },
        h("th", { scope: "row" }, gapName(gap, gapLinks)),
        h("td", null, `${gap.blocking.length} of ${total}`),
        h("td", { class: "portfolio-gaps__bar-cell" }, bar(gap.blocking.length)))))));
}

function summary(item, gapNames) {
  const parts = [rungTitle(item.rung)];
  if (!item.next_rung) parts.push("the top rung");
  else if (item.blocking_gaps.length) {
    parts.push(`blocked by ${item.blocking_gaps.map((id) => gapNames.get(id) || id).join(", ")}`);
  }
  if (!item.complete) parts.push(`${item.answered} questions answered`);
  return parts.join(" · ");
}

// One card per initiative: its rung, what blocks it, and what the visitor can do with it.
function initiatives(portfolio, stored, level, { shared, openURL }) {
  const gapNames = new Map(portfolio.gaps.map((gap) => [gap.id, gap.name]));
  return h("div", { class: "portfolio__section" },
    heading(level, null, shared ? "The initiatives" : "Your initiatives"),
    h("ul", { class: "portfolio-list" }, portfolio.initiatives.map((item, index) => {
      const id = stored[index].id || String(index);
      const action = (name, label) => h("button", {
        type: "button", class: "md-button", "data-portfolio-action": name, "data-portfolio-id": id,
        "aria-label": `${label} “${item.name}”`,
      }, label);
      return h("li", { class: "portfolio-item", "data-portfolio-item": id },
        heading(level + 1, { class: "portfolio-item__name", tabindex: "-1" }, item.name),
        h("p", { class: "portfolio-item__rung" }, summary(item, gapNames)),
        h("div", { class: "portfolio-item__actions" },
          h("a", { class: "md-button", href: openURL(stored[index]), "aria-label": `Open “${item.name}”` }, "Open"),
          shared ? null : [action("rename", "Rename"), action("duplicate", "Duplicate"), action("delete", "Delete")]));
    })));
}

/** The whole view's content for `portfolio` (the worker's reply) of `stored` initiatives. */
export function renderPortfolio(portfolio, stored, { level, gapLinks, shared, openURL }) {
  return h("div", { class: "portfolio__content" },
    ladder(portfolio, level),
    gaps(portfolio, level, gapLinks),
    initiatives(portfolio, stored, level, { shared, openURL }));
}

/** The inline rename form that takes the place of an initiative's name. */
export function renameForm(item, prefix) {
  const id = `${prefix}-rename-${item.id}`;
  return h("form", { class: "portfolio-rename", "data-portfolio-rename": item.id, novalidate: true },
    h("label", { for: id }, `New name for “${item.name}”`),
    h("input", { id, type: "text", value: item.name, maxlength: MAX_NAME, required: true, autocomplete: "off" }),
    h("button", { type: "submit", class: "md-button md-button--primary" }, "Save name"),
    h("button", { type: "button", class: "md-button", "data-portfolio-action": "cancel-rename" }, "Cancel"));
}
