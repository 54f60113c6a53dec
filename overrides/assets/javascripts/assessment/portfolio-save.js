// "Save to portfolio" under the visitor's own result (never a shared one): a name, a button,
// and a link to the portfolio page. A name already in the portfolio is never overwritten
// silently: the visitor chooses Replace it / Keep both / Cancel. The portfolio is read afresh at
// each save, so what another tab saved meanwhile is kept.

import { h } from "./dom.js";
import { ask } from "./portfolio-ask.js";
import { PORTFOLIO } from "./portfolio-messages.js";
import { MAX_NAME, PortfolioStore, cleanName } from "./portfolio-store.js";

/** Puts the save part into the result `view` of `quiz`, after its actions. */
export function addPortfolioSave(quiz, view) {
  const portfolioURL = quiz.config.viewURLs && quiz.config.viewURLs.portfolio;
  const anchor = view.querySelector(".assessment-result__share-field") || view.querySelector(".assessment-result__actions");
  if (!portfolioURL || !anchor) return; // the site places no portfolio page
  const id = `${quiz.prefix}-portfolio-name`;
  const level = Math.min(6, quiz.resultLevel() + 1);
  const input = h("input", { id, type: "text", maxlength: MAX_NAME, required: true, autocomplete: "off",
    "aria-describedby": `${id}-help` });
  const button = h("button", { type: "submit", class: "md-button" }, "Save to portfolio");
  const slot = h("div", { class: "portfolio-save__ask" });
  const status = h("p", { class: "portfolio-save__status", role: "status" });
  const link = h("p", { class: "portfolio-save__link", hidden: true },
    h("a", { href: portfolioURL }, "Open your portfolio"));
  const form = h("form", { class: "portfolio-save__form", novalidate: true },
    h("label", { for: id }, "Name this initiative"),
    h("span", { class: "portfolio-save__row" }, input, button),
    h("span", { id: `${id}-help`, class: "portfolio-save__help" },
      `For example “Support assistant”; up to ${MAX_NAME} characters.`));
  const part = h("div", { class: "portfolio-save", "data-portfolio-save": true },
    h(`h${level}`, { class: "portfolio-save__title" }, "Keep it in your portfolio"),
    h("p", null, "Assessing several initiatives? Save this result under a name and see them all on one ladder. It stays in this browser."),
    form, slot, status, link);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = cleanName(input.value);
    if (!name) {
      status.textContent = input.value.trim() ? PORTFOLIO.nameTooLong(MAX_NAME) : PORTFOLIO.nameMissing;
      input.focus();
      return;
    }
    let problem = false;
    const store = new PortfolioStore(quiz.name, quiz.isValid, {
      onStorageProblem: () => { problem = true; },
      onExternalChange: () => {},
      signal: AbortSignal.abort(), // read once: no need to follow other tabs
    });
    store.load();
    let mode = "new";
    if (store.find(name)) {
      status.textContent = "";
      mode = await ask(slot, `${PORTFOLIO.clash(name)} Replace it with this result, or keep both?`, [
        { label: "Replace it", value: "replace" },
        { label: "Keep both", value: "keep", primary: true },
        { label: "Cancel", value: "cancel" },
      ], { returnFocus: input });
      if (mode === "cancel") return;
    }
    const used = store.add({ name, answers: quiz.answers() }, mode);
    if (used === null) status.textContent = PORTFOLIO.full(store.initiatives.length);
    else if (problem) status.textContent = PORTFOLIO.storageOff;
    else {
      status.textContent = mode === "replace" ? PORTFOLIO.replaced(used) : PORTFOLIO.saved(used);
      link.hidden = false;
    }
  });
  anchor.after(part);
}
