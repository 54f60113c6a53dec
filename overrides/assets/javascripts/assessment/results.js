// The results view, built from `result.to_dict()` (ARCHITECTURE.md, "The result contract").
// Nothing here computes a score: it lays out what the scoring package returned, with text
// nodes only. Gap links come from the build (resolved relative to this page), never from the
// result or the URL.

import { h, s, copy } from "./dom.js";

const rungTitle = (rung) => `Rung ${rung.number} — ${rung.name}`;

function heading(level, attrs, ...children) {
  return h(`h${Math.min(6, Math.max(2, level))}`, attrs, ...children);
}

function ladder(result) {
  const current = result.rung.number;
  return h(
    "ol",
    { class: "assessment-ladder", "aria-label": "The ladder, from rung 1 to the top" },
    result.rungs.map((rung) => {
      const here = rung.number === current;
      const state = here ? "You are here" : rung.met ? "Reached" : "Not yet";
      return h(
        "li",
        {
          class: `assessment-ladder__rung${here ? " is-current" : ""}${rung.met ? " is-met" : ""}`,
          "aria-current": here ? "step" : null,
        },
        h("span", { class: "assessment-ladder__name" }, rungTitle(rung)),
        h("span", { class: "assessment-ladder__state" }, state),
      );
    }),
  );
}

// `shared`: the answers are someone else's (a received share link), so never "Your answer".
function shortfall(item, shared) {
  return h(
    "li",
    { class: "assessment-shortfall" },
    h("p", { class: "assessment-shortfall__prompt" }, item.prompt),
    h(
      "dl",
      { class: "assessment-shortfall__answers" },
      h("dt", null, shared ? "Their answer" : "Your answer"),
      h("dd", null, item.answer ? item.answer.label : "Not answered"),
      h("dt", null, "Needed for the next rung"),
      h("dd", null, item.needed ? item.needed.label : `An answer at level ${item.needed_level} or above`),
    ),
  );
}

function blockers(result, level, gapLinks, shared) {
  if (!result.next_rung || result.blocking_gaps.length === 0) return null;
  return h(
    "div",
    { class: "assessment-result__section" },
    heading(level, null, `What stands between you and ${rungTitle(result.next_rung)}`),
    h("p", null, result.next_rung.meaning),
    result.blocking_gaps.map((gap) =>
      h(
        "div",
        { class: "assessment-gap" },
        heading(level + 1, { class: "assessment-gap__name" }, `${gap.name} gap`),
        h("p", null, h("strong", null, "Closing it means: "), gap.closing),
        h("p", { class: "assessment-gap__lead" }, "The answers that fell short:"),
        h("ul", { class: "assessment-shortfalls" }, gap.shortfalls.map((item) => shortfall(item, shared))),
        gapLinks[gap.id]
          ? h("p", null, h("a", { href: gapLinks[gap.id] }, `Read about the ${gap.name.toLowerCase()} gap`))
          : null,
      ),
    ),
  );
}

// The six gap scores as a bar chart. The SVG is for the eye (hidden from assistive technology);
// the table next to it carries the same numbers for screen readers, and for print.
function profile(result, level, prefix) {
  const blocking = new Set(result.blocking_gaps.map((gap) => gap.id));
  const width = 340; // about the content width on a phone, so labels stay legible there
  const row = 46;
  const height = result.gaps.length * row;
  const chart = s(
    "svg",
    {
      class: "assessment-profile__chart",
      viewBox: `0 0 ${width} ${height}`,
      width: "100%",
      "aria-hidden": "true",
      focusable: "false",
    },
    result.gaps.map((gap, index) => {
      const y = index * row;
      const cls = blocking.has(gap.id) ? " is-blocking" : "";
      return s(
        "g",
        { class: `assessment-profile__row${cls}` },
        s("text", { x: 0, y: y + 16, class: "assessment-profile__label" },
          gap.name + (blocking.has(gap.id) ? " (blocking)" : "")),
        s("text", { x: width, y: y + 16, "text-anchor": "end", class: "assessment-profile__value" },
          `${gap.score}`),
        s("rect", { x: 0, y: y + 24, width, height: 12, rx: 3, class: "assessment-profile__track" }),
        s("rect", {
          x: 0, y: y + 24, width: Math.max(0, Math.min(100, Number(gap.score) || 0)) * (width / 100),
          height: 12, rx: 3, class: "assessment-profile__bar",
        }),
      );
    }),
  );
  const captionId = `${prefix}-profile-caption`;
  const table = h(
    "table",
    { class: "assessment-profile__table", "aria-labelledby": captionId },
    h("thead", null, h("tr", null,
      h("th", { scope: "col" }, "Gap"),
      h("th", { scope: "col" }, "Readiness (0 to 100)"),
      h("th", { scope: "col" }, "Blocks the next rung"))),
    h("tbody", null, result.gaps.map((gap) => h("tr", null,
      h("th", { scope: "row" }, gap.name),
      h("td", null, `${gap.score}`),
      h("td", null, blocking.has(gap.id) ? "Yes" : "No")))),
  );
  return h(
    "div",
    { class: "assessment-result__section" },
    heading(level, null, "Your profile across the six gaps"),
    h("figure", { class: "assessment-profile" },
      chart,
      table,
      h("figcaption", { id: captionId },
        "Readiness per gap, from 0 (not started) to 100 (production grade). The rung is set by the weakest gap, not the average.")),
  );
}

function nextSteps(root, result, level, gapLinks) {
  const items = [];
  if (!result.next_rung) {
    return h("div", { class: "assessment-result__section assessment-result__top" },
      heading(level, null, "Next steps"), copy(root, "top-rung"));
  }
  const names = result.blocking_gaps.map((gap) => gap.name.toLowerCase());
  items.push(h("li", null,
    names.length > 1
      ? `Close the ${names.length} gaps above first (${names.join("; ")}): together they stand between you and `
      : `Close the ${names[0]} gap first: it is what stands between you and `,
    rungTitle(result.next_rung), ". ", result.next_rung.good));
  const rungNames = new Map(result.rungs.map((rung) => [rung.number, rung]));
  const gapNames = new Map(result.gaps.map((gap) => [gap.id, gap.name.toLowerCase()]));
  for (const later of result.later_gaps) {
    const rung = rungNames.get(later.rung);
    items.push(h("li", null,
      `Then, for ${rung ? rungTitle(rung) : `rung ${later.rung}`}: `,
      later.gaps.map((id) => gapNames.get(id) || id).join(", "), "."));
  }
  if (result.unanswered.length) {
    items.push(h("li", null,
      `Answer the ${result.unanswered.length} question${result.unanswered.length > 1 ? "s" : ""} left open: an unanswered question counts as not met.`));
  }
  const first = result.blocking_gaps[0];
  if (first && gapLinks[first.id]) {
    items.push(h("li", null, "Read how teams close the ",
      h("a", { href: gapLinks[first.id] }, `${first.name.toLowerCase()} gap`), " in the article."));
  }
  return h("div", { class: "assessment-result__section" },
    heading(level, null, "Next steps"), h("ol", { class: "assessment-steps" }, items));
}

export function bookingLink(template, result) {
  if (!template) return null;
  const values = {
    rung: String(result.rung.number),
    rung_name: result.rung.name,
    blockers: result.blocking_gaps.map((gap) => gap.id).join(","),
  };
  const filled = template.replace(/\{(rung|rung_name|blockers)\}/g, (_, key) => encodeURIComponent(values[key]));
  try {
    const url = new URL(filled, window.location.href);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The whole results view. `actions` are the buttons the quiz wires up (change answers, copy
 * link, print); returned with the heading to focus.
 */
export function renderResult(root, result, { level, gapLinks, bookingUrl, publisher, shared, prefix }) {
  const title = heading(level, { class: "assessment-result__title", tabindex: "-1" },
    h("span", { class: "assessment-result__kicker" }, shared ? "The shared result: " : "Your result: "),
    rungTitle(result.rung));
  const booking = bookingLink(bookingUrl, result);
  const buttons = {
    change: h("button", { type: "button", class: "md-button", "data-assessment-change": true }, "Change answers"),
    share: h("button", { type: "button", class: "md-button", "data-assessment-share": true }, "Copy share link"),
    print: h("button", { type: "button", class: "md-button", "data-assessment-print": true }, "Print or save as PDF"),
    restart: h("button", { type: "button", class: "assessment__link-button", "data-assessment-restart": true }, "Start over"),
  };
  const shareStatus = h("p", { class: "assessment-result__share-status", role: "status", "data-assessment-share-status": true });
  const shareField = h("div", { class: "assessment-result__share-field", hidden: true, "data-assessment-share-field": true },
    h("label", { for: `${prefix}-share-url` }, "Share link"),
    h("input", { id: `${prefix}-share-url`, type: "text", readonly: true }));

  const view = h("div", { class: "assessment-result", "data-rung": result.rung.number },
    title,
    h("p", { class: "assessment-result__meaning" }, result.rung.meaning),
    result.complete ? null : h("p", { class: "assessment-result__incomplete" },
      `${result.unanswered.length} of the questions ${result.unanswered.length > 1 ? "were" : "was"} not answered; unanswered questions count as not met.`),
    ladder(result),
    blockers(result, level + 1, gapLinks, shared),
    profile(result, level + 1, prefix),
    nextSteps(root, result, level + 1, gapLinks),
    h("div", { class: "assessment-result__actions" },
      buttons.change, buttons.share, buttons.print, buttons.restart),
    shareStatus,
    shareField,
    booking
      ? h("div", { class: "assessment-result__cta" },
          copy(root, "cta"),
          h("a", { class: "md-button md-button--primary", href: booking, rel: "noopener" },
            `Book a call with ${publisher}`))
      : null,
    h("div", { class: "assessment-result__print-note" }, copy(root, "print-note")),
  );
  return { view, title, buttons, shareStatus, shareField };
}
