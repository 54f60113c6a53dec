// The comparison's form, as markup: the people (one fieldset each: an optional name and a share
// link) and its buttons. compare-view.js owns the rows and decides what each button does; this
// module only builds elements, with a label on every input and a message tied to each link.

import { h } from "./dom.js";
import { MAX_LABEL, MAX_PEOPLE } from "./compare-links.js";

/** The form and the parts compare-view.js wires up. `prefix` keeps ids unique on the page. */
export function peopleForm(prefix) {
  const parts = {
    list: h("ol", { class: "assessment-compare-form__people" }),
    add: h("button", { type: "button", class: "md-button", "data-compare-add": true }, "Add person"),
    own: h("button", { type: "button", class: "md-button", "data-compare-own": true, hidden: true },
      "Add my own answers"),
    submit: h("button", { type: "submit", class: "md-button md-button--primary", "data-compare-submit": true },
      "Compare"),
    problems: h("div", { class: "assessment-compare-form__problems", "data-compare-problems": true, hidden: true }),
  };
  parts.form = h("form", { class: "assessment-compare-form", novalidate: true, "aria-labelledby": `${prefix}-form-title` },
    h("h2", { id: `${prefix}-form-title` }, "People to compare"),
    h("p", { class: "assessment-compare-form__help" },
      `Paste each person’s share link (up to ${MAX_PEOPLE}), or a list of links, one per line, into one field. A name is optional and stays in this comparison’s address.`),
    parts.problems,
    parts.list,
    h("div", { class: "assessment-compare-form__actions" }, parts.add, parts.own, parts.submit));
  return parts;
}

/** One person's fieldset; `n` is unique per form (never reused), so ids stay unique. */
export function personRow(prefix, n, { label = "", link = "" } = {}) {
  const id = (what) => `${prefix}-${what}-${n}`;
  const row = {
    label: h("input", { id: id("label"), type: "text", maxlength: MAX_LABEL, autocomplete: "off",
      "data-compare-label": true }),
    link: h("input", { id: id("link"), type: "text", inputmode: "url", autocomplete: "off", spellcheck: "false",
      "aria-describedby": id("problem"), "data-compare-link": true }),
    problem: h("p", { id: id("problem"), class: "assessment-compare-form__problem", "data-compare-problem": true }),
    legend: h("legend", null),
    remove: h("button", { type: "button", class: "assessment__link-button", "data-compare-remove": true }),
  };
  row.label.value = label;
  row.link.value = link;
  row.item = h("li", { class: "assessment-compare-form__person", "data-compare-person": true },
    h("fieldset", null, row.legend,
      h("div", { class: "assessment-compare-form__field" },
        h("label", { for: id("label") }, "Name (optional)"), row.label),
      h("div", { class: "assessment-compare-form__field assessment-compare-form__field--link" },
        h("label", { for: id("link") }, "Share link"), row.link),
      row.problem,
      row.remove));
  return row;
}

/** Legends and buttons name each person by position, so a message can say which one. */
export function renumber(rows) {
  rows.forEach((row, index) => {
    row.legend.textContent = `Person ${index + 1}`;
    row.remove.textContent = `Remove person ${index + 1}`;
    row.remove.hidden = rows.length <= 2;
  });
}
