// The portfolio page: the visitor's saved initiatives (portfolio-store.js), or a portfolio
// opened from a link (portfolio-link.js, shown and never saved unless they add it), scored by
// the worker's "portfolio" request and laid out by portfolio-render.js. This module wires the
// parts together: the visitor's actions, files, links, messages and the engine's states.
//
// assessment.js calls mount(root) on a page that places `<!-- assessment-portfolio: NAME -->`
// and unmount() when Material's instant navigation leaves it (listeners go with the signal).

import { engineFor } from "./client.js";
import { readConfig } from "./config.js";
import { focus, h } from "./dom.js";
import { engineFailure, loadingStatus } from "./messages.js";
import { Kind } from "./protocol.js";
import * as share from "./share.js";
import { decodePortfolio, encodePortfolio, isPortfolioLink } from "./portfolio-link.js";
import { PORTFOLIO } from "./portfolio-messages.js";
import { renameForm, renderPortfolio } from "./portfolio-render.js";
import { MAX_NAME, PortfolioStore, cleanName } from "./portfolio-store.js";
import { tools } from "./portfolio-tools.js";
import { addAll, exportCSVFile, exportJSONFile, importFile } from "./portfolio-transfer.js";

const LEVEL = 2; // the view's headings, under the page's title

let views = 0;

export function mount(root) {
  const view = new PortfolioView(root);
  view.mount();
  return view;
}

class PortfolioView {
  constructor(root) {
    this.root = root;
    this.config = readConfig(root);
    this.name = root.getAttribute("data-assessment-name");
    this.catalog = this.config.catalog;
    this.prefix = `portfolio-${++views}`;
    this.abort = new AbortController();
    this.shared = null; // [{name, answers}] from a link: shown, not saved
    this.request = 0; // bumps on every render, so a late reply for an old one is dropped
    this.result = null; // {portfolio, list} last shown
    this.undo = null; // what Delete removed, until the next action
  }

  isValid = (question, option) => {
    const options = this.catalog.get(question);
    return Boolean(options && options.includes(option));
  };

  mount() {
    const on = (target, type, handler) => target.addEventListener(type, handler, { signal: this.abort.signal });
    this.build();
    this.store = new PortfolioStore(this.name, this.isValid, {
      signal: this.abort.signal,
      onStorageProblem: () => this.notice(PORTFOLIO.storageOff),
      onExternalChange: () => {
        if (!this.shared) this.render();
      },
    });
    const dropped = this.store.load();
    if (dropped) this.notice(PORTFOLIO.dropped(dropped));
    on(this.root, "click", (event) => this.onClick(event));
    on(this.root, "submit", (event) => this.onRename(event));
    on(this.root, "keydown", (event) => {
      if (event.key === "Escape" && event.target.closest("[data-portfolio-rename]")) this.render();
    });
    on(this.el.file, "change", () => importFile(this));
    on(window, "hashchange", () => this.openLink());
    this.openLink();
  }

  unmount() {
    this.abort.abort();
    this.request++;
  }

  build() {
    const retry = h("button", { type: "button", class: "md-button", "data-portfolio-action": "retry" }, "Try again");
    this.el = {
      notice: h("p", { class: "assessment__notice portfolio__notice", hidden: true }),
      problem: h("p", { class: "portfolio__problem", role: "alert" }),
      banner: h("div", { class: "assessment-shared portfolio-shared", hidden: true }),
      status: h("p", { class: "portfolio__status", role: "status" }),
      loading: h("p", { class: "portfolio__loading", role: "status" }),
      undo: h("div", { class: "portfolio__undo", hidden: true }),
      asks: h("div", { class: "portfolio__asks" }),
      errorText: h("p", null),
      errorDetail: h("code", null),
      body: h("div", { class: "portfolio__body" }),
    };
    this.el.error = h("div", { class: "portfolio__error", role: "alert", hidden: true },
      this.el.errorText, h("details", null, h("summary", null, "Technical details"), this.el.errorDetail), retry);
    Object.assign(this.el, tools(this.prefix, LEVEL));
    this.root.classList.add("portfolio");
    this.root.append(this.el.notice, this.el.problem, this.el.banner, this.el.status, this.el.undo,
      this.el.asks, this.el.loading, this.el.error, this.el.body, this.el.tools);
  }

  current() {
    return this.shared || this.store.initiatives;
  }

  openURL = (item) => {
    const url = new URL(this.config.quizURL);
    url.hash = share.encode(this.name, item.answers, this.catalog);
    return url.href;
  };

  // -- rendering -------------------------------------------------------------------------------

  async render({ focusOn = null } = {}) {
    const request = ++this.request;
    const list = this.current().map((item) => ({ ...item }));
    this.el.banner.hidden = !this.shared;
    this.el.tools.hidden = Boolean(this.shared);
    this.el.error.hidden = true;
    this.el.loading.textContent = "";
    for (const button of this.el.needsItems) button.disabled = !list.length;
    if (!list.length) {
      this.result = null;
      this.el.body.replaceChildren(h("p", { class: "portfolio__empty" }, PORTFOLIO.empty, " ",
        h("a", { href: this.config.quizURL }, "Take the assessment")));
      return;
    }
    // The engine starts only now that there is something to place on the ladder.
    const engine = engineFor(this.config);
    let settled = false;
    let ready = false;
    const tell = () => {
      if (settled || request !== this.request) return;
      this.el.loading.textContent = ready ? "Placing the initiatives on the ladder…"
        : loadingStatus(engine.bytes, this.config.downloadBytes);
    };
    engine.ready.then(() => { ready = true; }, () => {});
    window.setTimeout(tell, 150);
    let told = 0;
    const stop = engine.onProgress(() => {
      if (Date.now() - told < 2000) return; // a live region: not every chunk
      told = Date.now();
      tell();
    });
    let portfolio;
    try {
      portfolio = await engine.portfolio(list.map(({ name, answers }) => ({ name, answers })));
    } catch (error) {
      if (request === this.request) this.showError(error);
      return;
    } finally {
      settled = true;
      stop();
    }
    if (request !== this.request) return;
    this.el.loading.textContent = "";
    this.result = { portfolio, list };
    this.el.body.replaceChildren(renderPortfolio(portfolio, list, {
      level: LEVEL, gapLinks: this.config.gapLinks || {}, shared: Boolean(this.shared), openURL: this.openURL,
    }));
    if (focusOn) focus(focusOn());
  }

  showError(error) {
    const kind = (error && error.kind) || Kind.ENGINE;
    this.el.loading.textContent = "";
    this.el.errorText.textContent = engineFailure(kind, error);
    this.el.errorDetail.textContent = `${kind}: ${(error && error.message) || error}`;
    this.el.error.hidden = false;
  }

  notice(text) {
    this.el.notice.textContent = text;
    this.el.notice.hidden = false;
  }

  say(text) {
    this.el.problem.textContent = "";
    this.el.status.textContent = text;
  }

  problem(text) {
    this.el.status.textContent = "";
    this.el.problem.textContent = text;
  }

  item(id) {
    return this.root.querySelector(`[data-portfolio-item="${CSS.escape(id)}"]`);
  }

  // -- links -----------------------------------------------------------------------------------

  openLink() {
    const hash = window.location.hash;
    this.shared = null;
    if (isPortfolioLink(hash)) {
      const list = decodePortfolio(hash, this.catalog);
      if (list) {
        this.shared = list;
        this.el.banner.replaceChildren(
          h("p", null, h("strong", null, PORTFOLIO.shared(list.length))),
          h("button", { type: "button", class: "md-button md-button--primary", "data-portfolio-action": "add-shared" },
            "Add these to my portfolio"),
          h("button", { type: "button", class: "md-button", "data-portfolio-action": "own" }, "Show my own portfolio"));
      } else {
        this.problem(PORTFOLIO.badLink);
      }
    }
    this.render();
  }

  leaveLink({ keepHistory }) {
    const url = window.location.pathname + window.location.search;
    if (keepHistory) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
    this.shared = null;
  }

  async copyLink() {
    const url = new URL(window.location.href);
    url.hash = encodePortfolio(this.name, this.current(), this.catalog);
    try {
      await navigator.clipboard.writeText(url.href);
      this.el.shareField.hidden = true;
      this.say(PORTFOLIO.linkCopied);
    } catch {
      const input = this.el.shareField.querySelector("input");
      input.value = url.href;
      this.el.shareField.hidden = false;
      this.say(PORTFOLIO.linkManual);
      input.focus();
      input.select();
    }
  }

  // -- actions ---------------------------------------------------------------------------------

  onClick(event) {
    const button = event.target.closest && event.target.closest("button[data-portfolio-action]");
    if (!button || !this.root.contains(button)) return;
    const action = button.getAttribute("data-portfolio-action");
    const id = button.getAttribute("data-portfolio-id");
    if (action !== "undo") this.forgetUndo();
    if (action === "rename") this.startRename(id);
    else if (action === "cancel-rename") this.render({ focusOn: () => this.itemButton(button.closest("form").getAttribute("data-portfolio-rename"), "rename") });
    else if (action === "duplicate") this.duplicate(id);
    else if (action === "delete") this.remove(id);
    else if (action === "undo") this.restore();
    else if (action === "retry") this.render();
    else if (action === "export-json") exportJSONFile(this);
    else if (action === "export-csv") exportCSVFile(this);
    else if (action === "copy-link") this.copyLink();
    else if (action === "add-shared") this.addShared(button);
    else if (action === "own") {
      this.leaveLink({ keepHistory: true });
      this.say("");
      this.render();
    }
  }

  itemButton(id, action) {
    const item = this.item(id);
    return item && item.querySelector(`[data-portfolio-action="${action}"]`);
  }

  startRename(id) {
    const stored = this.store.get(id);
    const item = this.item(id);
    if (!stored || !item) return;
    const form = renameForm(stored, this.prefix);
    item.querySelector(".portfolio-item__name").replaceWith(form);
    const input = form.querySelector("input");
    input.focus();
    input.select();
  }

  onRename(event) {
    const form = event.target.closest("[data-portfolio-rename]");
    if (!form) return;
    event.preventDefault();
    const id = form.getAttribute("data-portfolio-rename");
    const input = form.querySelector("input");
    const name = cleanName(input.value);
    if (!name) {
      this.problem(input.value.trim() ? PORTFOLIO.nameTooLong(MAX_NAME) : PORTFOLIO.nameMissing);
      input.focus();
      return;
    }
    const stored = this.store.get(id);
    const used = stored && stored.name !== name ? this.store.rename(id, name) : null;
    if (used) this.say(PORTFOLIO.renamed(used));
    this.render({ focusOn: () => this.itemButton(id, "rename") });
  }

  duplicate(id) {
    const copy = this.store.duplicate(id);
    if (!copy) {
      this.problem(PORTFOLIO.full(this.store.initiatives.length));
      return;
    }
    this.say(PORTFOLIO.duplicated(copy.name));
    this.render({ focusOn: () => this.item(copy.id).querySelector(".portfolio-item__name") });
  }

  // Delete takes effect at once and can be undone until the next action.
  remove(id) {
    const removed = this.store.remove(id);
    if (!removed) return;
    this.undo = removed;
    const button = h("button", { type: "button", class: "md-button", "data-portfolio-action": "undo" },
      `Undo: bring back “${removed.item.name}”`);
    this.el.undo.replaceChildren(h("p", null, PORTFOLIO.deleted(removed.item.name)), button);
    this.el.undo.hidden = false;
    this.say(PORTFOLIO.deleted(removed.item.name));
    focus(button);
    this.render();
  }

  restore() {
    const removed = this.undo;
    this.forgetUndo();
    if (!removed) return;
    this.store.restore(removed);
    this.say(PORTFOLIO.restored(removed.item.name));
    this.render({ focusOn: () => this.item(removed.item.id).querySelector(".portfolio-item__name") });
  }

  forgetUndo() {
    this.undo = null;
    this.el.undo.hidden = true;
    this.el.undo.replaceChildren();
  }

  async addShared(button) {
    if (!this.shared) return;
    if (await addAll(this, this.shared, button)) {
      this.leaveLink({ keepHistory: false });
      this.render();
    }
  }
}
