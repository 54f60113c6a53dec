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
function profile(root, result, level, prefix) {
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
  const empty = result.gaps.every((gap) => !Number(gap.score));
  return h(
    "div",
    { class: "assessment-result__section" },
    heading(level, null, `Your profile across the ${result.gaps.length} gaps`),
    h("div", { class: "assessment-profile__rule" }, copy(root, "gated-rule")),
    h("figure", { class: "assessment-profile" },
      empty ? h("div", { class: "assessment-profile__empty" }, copy(root, "empty-profile")) : null,
      chart,
      table,
      h("figcaption", { id: captionId },
        "Readiness per gap, from 0 (every answer in the gap is its first option) to 100 (every answer is its last); ",
        "“blocking” marks the gaps the next rung needs.")),
  );
}

// The steps come ordered from the scoring package (`next_steps`): by the rung each unblocks.
function nextSteps(root, result, level, gapLinks) {
  if (!result.next_rung) {
    return h("div", { class: "assessment-result__section assessment-result__top" },
      heading(level, null, "Next steps"), copy(root, "top-rung"));
  }
  const gapLink = (gap) => (gapLinks[gap.id] ? h("a", { href: gapLinks[gap.id] }, gap.name) : gap.name);
  const items = result.next_steps.map((step, index) => h("li", null,
    h("strong", null, `For ${rungTitle(step.rung)}${index === 0 ? " (the next rung)" : ""}: `),
    "close ", step.gaps.length > 1 ? "the gaps " : "the gap ",
    step.gaps.map((gap, i) => [i ? (i === step.gaps.length - 1 ? " and " : ", ") : "", gapLink(gap)]),
    index === 0 ? [". ", result.next_rung.good] : "."));
  if (result.unanswered.length) {
    items.push(h("li", null,
      `Answer the ${result.unanswered.length} question${result.unanswered.length > 1 ? "s" : ""} left open: an unanswered question counts as not met.`));
  }
  return h("div", { class: "assessment-result__section" },
    heading(level, null, "Next steps"),
    h("p", null, "In the order of the rung each one unblocks: the next rung first, then the ones above it."),
    h("ol", { class: "assessment-steps" }, items));
}

// The one change that matters most (`next_move`, chosen by the scoring package), named from the
// visitor's own answer, with the link to the article's section on its gap.
function nextMove(root, result, level, gapLinks, shared) {
  const move = result.next_move;
  const title = shared ? "The next move" : "Your next move";
  if (!move) {
    return h("div", { class: "assessment-move" }, heading(level, null, title), copy(root, "top-move"));
  }
  const link = gapLinks[move.gap.id];
  const others = move.changes_needed - 1;
  return h("div", { class: "assessment-move" },
    heading(level, null, title),
    h("p", { class: "assessment-move__what" }, h("strong", null, `${move.gap.name}: `), move.prompt),
    h("dl", { class: "assessment-move__answers" },
      h("dt", null, "Now"), h("dd", null, move.answer ? move.answer.label : "Not answered"),
      h("dt", null, "Enough"), h("dd", null, move.needed.label)),
    h("p", { class: "assessment-move__more" },
      others > 0
        ? `One of ${move.changes_needed} changes ${rungTitle(result.next_rung)} needs (details below). `
        : `The last change ${rungTitle(result.next_rung)} needs. `,
      link ? h("a", { href: link }, `How to close the ${move.gap.name.toLowerCase()} gap`) : null));
}

// The booking invitation for this rung (`booking` in the quiz file), or the page's default.
function booking(root, result, href, button) {
  if (!href) return null;
  return h("div", { class: "assessment-result__cta" },
    result.rung.booking ? h("p", null, result.rung.booking) : copy(root, "cta"),
    h("a", { class: "md-button md-button--primary", href, rel: "noopener" }, button));
}

// Printed only: who made the report, when, and how to act on it and reopen it.
function reportHead(root) {
  const date = new Date().toLocaleDateString(document.documentElement.lang || "en",
    { year: "numeric", month: "long", day: "numeric" });
  return h("div", { class: "assessment-report__head" }, copy(root, "report-head"),
    h("p", { class: "assessment-report__date" }, `Report of ${date}`));
}

function reportFoot(root, href, reopen) {
  return h("div", { class: "assessment-report__foot" },
    href ? h("p", null, "Book a call: ", h("span", { class: "assessment-report__url" }, href)) : null,
    copy(root, "report-contact"),
    reopen ? h("p", null, "Reopen this result: ",
      h("span", { class: "assessment-report__url assessment-report__reopen" }, reopen)) : null);
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
export function renderResult(root, result, { level, gapLinks, bookingUrl, bookingButton, shared, prefix, reopenUrl }) {
  const title = heading(level, { class: "assessment-result__title", tabindex: "-1" },
    h("span", { class: "assessment-result__kicker" }, shared ? "The shared result: " : "Your result: "),
    rungTitle(result.rung));
  const href = bookingLink(bookingUrl, result);
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
    reportHead(root),
    title,
    h("p", { class: "assessment-result__meaning" }, result.rung.meaning),
    result.complete ? null : h("p", { class: "assessment-result__incomplete" },
      `${result.unanswered.length} of the questions ${result.unanswered.length > 1 ? "were" : "was"} not answered; unanswered questions count as not met.`),
    nextMove(root, result, level + 1, gapLinks, shared),
    booking(root, result, href, bookingButton),
    h("div", { class: "assessment-result__actions" },
      buttons.change, buttons.share, buttons.print, buttons.restart),
    shareStatus,
    shareField,
    h("div", { class: "assessment-result__details" },
      heading(level + 1, { class: "assessment-result__details-title" }, "The details"),
      ladder(result),
      blockers(result, level + 2, gapLinks, shared),
      profile(root, result, level + 2, prefix),
      nextSteps(root, result, level + 2, gapLinks)),
    reportFoot(root, href, reopenUrl),
    h("div", { class: "assessment-result__print-note" }, copy(root, "print-note")),
  );
  return { view, title, buttons, shareStatus, shareField };
}
