// The comparison view (`<!-- assessment-compare: NAME -->`): the people to compare (a name and a
// share link each), the page's own address as the comparison's state, and the engine asked to
// compare. The form's markup lives in compare-form.js, parsing in compare-links.js, the output
// in compare-render.js; the scoring package does every computation. The visitor's own saved answers are only ever read here.

import { engineFor } from "./client.js";
import { readConfig } from "./config.js";
import * as links from "./compare-links.js";
import { peopleForm, personRow, renumber } from "./compare-form.js";
import { renderComparison } from "./compare-render.js";
import { focus, h } from "./dom.js";
import { engineFailure, loadingStatus } from "./messages.js";
import { Kind } from "./protocol.js";
import * as share from "./share.js";
import * as storage from "./storage.js";

let mounts = 0;

export function mount(root) {
  const view = new CompareView(root);
  view.mount();
  return view;
}

class CompareView {
  constructor(root) {
    this.root = root;
    this.config = readConfig(root);
    this.name = root.getAttribute("data-assessment-name");
    this.catalog = this.config.catalog;
    this.prefix = `assessment-compare-${++mounts}`;
    this.abort = new AbortController();
    this.request = 0; // bumps on every comparison asked, so a late reply for an old one is dropped
    this.rows = [];
    this.nextRow = 1;
  }

  isValid = (question, option) => {
    const options = this.catalog.get(question);
    return Boolean(options && options.includes(option));
  };

  mount() {
    const on = (target, type, handler) => target.addEventListener(type, handler, { signal: this.abort.signal });
    this.build();
    on(this.el.form, "submit", (event) => {
      event.preventDefault();
      this.compare({ moveFocus: true });
    });
    on(this.el.add, "click", () => this.addRow({ focusIt: true }));
    on(this.el.own, "click", () => this.addOwn());
    on(this.el.retry, "click", () => this.compare({ moveFocus: true }));
    on(this.el.list, "click", (event) => {
      const button = event.target.closest && event.target.closest("[data-compare-remove]");
      if (button) this.removeRow(this.rows.find((row) => row.remove === button));
    });
    on(this.el.list, "input", () => this.updateButtons());
    on(this.el.list, "paste", (event) => this.onPaste(event));
    on(window, "hashchange", () => this.openFragment());
    // Another tab saved or cleared the visitor's answers: the "add mine" button follows.
    storage.watch(this.name, () => this.updateButtons(), this.abort.signal);
    if (!this.openFragment()) {
      this.addRow();
      this.addRow();
    }
  }

  unmount() {
    this.abort.abort();
    this.request++;
  }

  // -- the form ----------------------------------------------------------------------------

  build() {
    this.el = {
      ...peopleForm(this.prefix),
      status: h("p", { class: "assessment__status", role: "status", "data-compare-status": true }),
      errorText: h("p", { "data-compare-error-text": true }),
      errorDetail: h("p", { class: "assessment__error-detail" }),
      retry: h("button", { type: "button", class: "md-button", "data-compare-retry": true }, "Try again"),
      output: h("div", { class: "assessment-compare__output", "data-compare-output": true }),
    };
    this.el.error = h("div", { class: "assessment__error", role: "alert", hidden: true, "data-compare-error": true },
      this.el.errorText,
      h("details", null, h("summary", null, "Technical details"), this.el.errorDetail),
      this.el.retry);
    // The comparison comes first: whoever opens a comparison's address came to read it (the form
    // stays below it, to change who is compared).
    this.root.append(this.el.status, this.el.error, this.el.output, this.el.form);
  }

  addRow({ label = "", link = "", focusIt = false } = {}) {
    if (this.rows.length >= links.MAX_PEOPLE) return null;
    const row = personRow(this.prefix, this.nextRow++, { label, link });
    this.rows.push(row);
    this.el.list.append(row.item);
    this.renumber();
    if (focusIt) focus(row.label);
    return row;
  }

  removeRow(row) {
    if (!row) return;
    const index = this.rows.indexOf(row);
    this.rows.splice(index, 1);
    row.item.remove();
    this.renumber();
    focus(this.rows[Math.min(index, this.rows.length - 1)]?.link || this.el.add);
  }

  renumber() {
    renumber(this.rows);
    this.updateButtons();
  }

  ownAnswers() {
    const saved = storage.load(this.name, this.isValid);
    return saved && Object.keys(saved.answers).length ? saved.answers : null;
  }

  ownLink() {
    const answers = this.ownAnswers();
    return answers ? this.fullLink(share.addressedTo(this.name, share.encode(this.name, answers, this.catalog))) : null;
  }

  fullLink(payload) {
    return links.resultURL(this.config.quizURL, this.name, payload);
  }

  updateButtons() {
    const full = this.rows.length >= links.MAX_PEOPLE;
    this.el.add.disabled = full;
    const own = this.ownLink();
    const added = own && this.rows.some((row) => row.link.value.trim() === own);
    this.el.own.hidden = !own || added;
    this.el.own.disabled = full && !this.rows.some((row) => !row.link.value.trim());
  }

  // "Add my own answers": read from storage, never written; an empty row is used first.
  addOwn() {
    const own = this.ownLink();
    if (!own) return;
    const row = this.rows.find((r) => !r.link.value.trim() && !r.label.value.trim()) || this.addRow();
    if (!row) return;
    row.label.value = "You";
    row.link.value = own;
    this.updateButtons();
    focus(row.link);
  }

  // Several links pasted into one link field (a list from an email): one person each, from
  // this row on, filling empty rows first. What does not fit in eight is said, not dropped quietly.
  onPaste(event) {
    const input = event.target;
    if (!input.matches || !input.matches("[data-compare-link]") || !event.clipboardData) return;
    const pasted = links.splitPasted(event.clipboardData.getData("text"));
    if (!pasted.length) return;
    event.preventDefault();
    let row = this.rows.find((r) => r.link === input);
    let placed = 0;
    for (const entry of pasted) {
      row = row || this.rows.find((r) => !r.link.value.trim() && !r.label.value.trim()) || this.addRow();
      if (!row) break;
      if (entry.label && !row.label.value.trim()) row.label.value = entry.label;
      row.link.value = entry.link;
      placed++;
      row = null;
    }
    const left = pasted.length - placed;
    this.setStatus(`${placed} links pasted, one person each.${left
      ? ` ${left} did not fit: a comparison holds at most ${links.MAX_PEOPLE} people.` : ""}`);
    this.updateButtons();
  }

  // -- the address ------------------------------------------------------------------------

  /** Fills the form from `#compare=…` and compares; false when the address holds none. */
  openFragment() {
    const read = links.readFragment(window.location.hash, this.catalog);
    if (!read) return false;
    for (const row of this.rows) row.item.remove();
    this.rows = [];
    for (const entry of read.entries) {
      let link = entry.link;
      try {
        link = this.fullLink(links.payloadOf(this.name, entry.link, this.catalog));
      } catch {
        // kept as written: compare() says what is wrong with it
      }
      this.addRow({ label: entry.label, link });
    }
    while (this.rows.length < 2) this.addRow();
    this.compare({ moveFocus: false, notice: links.fragmentProblem(read) });
    return true;
  }

  writeFragment() {
    const entries = this.rows
      .filter((row) => row.link.value.trim() || row.label.value.trim())
      .map((row) => {
        let link = row.link.value.trim();
        try {
          link = links.payloadOf(this.name, link, this.catalog);
        } catch {
          // an unreadable link stays as typed, so the address loses nothing either
        }
        return { label: row.label.value.trim(), link };
      });
    const url = new URL(window.location.href);
    url.hash = links.writeFragment(entries);
    // Replaced, not pushed: the address is this comparison's current state, and Back leaves it.
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
  }

  // -- comparing --------------------------------------------------------------------------

  /** Reads every row, says which cannot be read, and compares the rest when two or more are left. */
  readRows() {
    const people = [];
    const problems = [];
    this.rows.forEach((row, index) => {
      const label = row.label.value.trim();
      const text = row.link.value;
      row.problem.textContent = "";
      row.link.removeAttribute("aria-invalid");
      if (!text.trim() && !label) return; // an empty row is not a person
      const who = label ? `${label} (person ${index + 1})` : `Person ${index + 1}`;
      try {
        const { payload, answers } = links.readLink(this.name, text, this.catalog);
        people.push({ label: label || `Person ${index + 1}`, payload, answers });
      } catch (error) {
        const message = links.linkProblem(who, error);
        row.problem.textContent = message;
        row.link.setAttribute("aria-invalid", "true");
        problems.push({ row, message });
      }
    });
    return { people, problems };
  }

  // What could not be read from the address, above the form. A pasted link's problem is said
  // next to its field (and tied to it with aria-describedby), not repeated here.
  showNotice(notice) {
    this.el.problems.replaceChildren(...(notice ? [h("p", null, notice)] : []));
    this.el.problems.hidden = !notice;
  }

  async compare({ moveFocus, notice = "" }) {
    const request = ++this.request;
    this.hideError();
    const { people, problems } = this.readRows();
    this.showNotice(notice);
    if (this.rows.some((row) => row.link.value.trim() || row.label.value.trim())) this.writeFragment();
    if (people.length < 2) {
      this.el.output.replaceChildren();
      const missing = people.length === 0 ? "two share links" : "one more share link";
      this.setStatus(problems.length
        ? `${problems.length === 1 ? "One link" : `${problems.length} links`} could not be read (see the message next to each). Add ${missing} to compare.`
        : `Add ${missing} to compare.`);
      if (moveFocus) focus(problems.length ? problems[0].row.link : this.rows.find((row) => !row.link.value.trim())?.link);
      return;
    }
    const engine = engineFor(this.config);
    let settled = false;
    let ready = false;
    engine.ready.then(() => { ready = true; }, () => {});
    const tell = () => {
      if (settled || request !== this.request) return;
      this.setStatus(ready ? `Comparing ${people.length} people…` : loadingStatus(engine.bytes, this.config.downloadBytes), { busy: true });
      if (!ready) engine.ready.then(tell, () => {});
    };
    window.setTimeout(tell, 150);
    let told = 0;
    const stopProgress = engine.onProgress(() => {
      if (Date.now() - told < 2000) return;
      told = Date.now();
      tell();
    });
    let comparison;
    try {
      comparison = await engine.compare(people.map((person) => person.answers), people.map((person) => person.label));
    } catch (error) {
      settled = true;
      stopProgress();
      if (request !== this.request) return;
      this.setStatus("");
      this.showError(error, { moveFocus });
      return;
    }
    settled = true;
    stopProgress();
    if (request !== this.request || !this.root.isConnected) return;
    const { view, title } = renderComparison(comparison, {
      level: 2,
      gapLinks: this.config.gapLinks || {},
      resultLinks: people.map((person) => this.fullLink(person.payload)),
    });
    this.el.output.replaceChildren(view);
    const left = problems.length ? ` ${problems.length} link${problems.length === 1 ? "" : "s"} could not be read and ${problems.length === 1 ? "is" : "are"} left out.` : "";
    this.setStatus(`Comparison of ${people.length} people shown.${left}`);
    if (moveFocus) {
      title.focus({ preventScroll: true });
      title.scrollIntoView({ block: "start" });
    }
  }

  setStatus(text, { busy = false } = {}) {
    this.el.status.textContent = text;
    this.el.status.classList.toggle("is-busy", busy && Boolean(text));
  }

  showError(error, { moveFocus }) {
    const kind = (error && error.kind) || Kind.ENGINE;
    this.el.errorText.textContent = engineFailure(kind, error);
    this.el.errorDetail.textContent = `${kind}${error && error.stage ? ` at ${error.stage}` : ""}: ${(error && error.message) || error}`;
    this.el.error.hidden = false;
    if (moveFocus) focus(this.el.retry);
  }

  hideError() {
    this.el.error.hidden = true;
  }
}
