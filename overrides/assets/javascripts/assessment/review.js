// The answers, after a result: every question with the answer given, each one changeable in
// place (a "Change" button opens that question's options right there) and the result redrawn
// at once. It lives beside the result, not inside it, so redrawing the result never moves the
// visitor's focus away from the option they just picked. Nothing here scores: it hands the new
// answer to the quiz, which asks the engine.

import { h } from "./dom.js";
import { STATUS } from "./messages.js";

const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");

export class Review {
  constructor(quiz, container) {
    this.quiz = quiz;
    this.container = container;
    this.items = new Map(); // question id -> {answer, toggle, panel, inputs}
    this.announce = false;
    if (!container) return;
    container.addEventListener("change", (event) => this.onChange(event), { signal: quiz.abort.signal });
    container.addEventListener("click", (event) => this.onClick(event), { signal: quiz.abort.signal });
  }

  /** Show the list for the answers now in the form (built once, then kept in step). */
  show(result) {
    if (!this.container) return;
    if (!this.items.size) this.build();
    const answers = this.quiz.answers();
    for (const [question, item] of this.items) {
      const chosen = answers[question];
      for (const input of item.inputs) input.checked = input.value === chosen;
      const picked = item.inputs.find((input) => input.checked);
      item.answer.textContent = picked ? item.labels.get(picked.value) : "Not answered";
      item.answer.classList.toggle("is-unanswered", !picked);
    }
    this.heading.textContent = this.quiz.shared ? "The answers in this link" : "Your answers";
    this.container.hidden = false;
    for (const item of this.items.values()) item.note.hidden = true;
    if (this.announce) {
      this.announce = false;
      const title = `Rung ${result.rung.number} — ${result.rung.name}`;
      // Said once by the live status line; shown here too, where the visitor is looking.
      this.quiz.setStatus(STATUS.updated(title));
      const item = this.items.get(this.changed);
      if (item) {
        item.note.firstChild.textContent = `Your result is now ${title}. `;
        item.note.hidden = false;
      }
    }
  }

  /** Puts the list back to the answers in the form, announcing nothing (a change refused). */
  revert(result) {
    this.announce = false;
    if (result) this.show(result);
  }

  hide() {
    if (this.container) this.container.hidden = true;
  }

  /** "Change answers" lands here: the list's heading, with the first Change button next. */
  focus() {
    if (!this.heading) return;
    this.heading.focus({ preventScroll: true });
    this.heading.scrollIntoView({ block: "start" });
  }

  build() {
    const { prefix, fieldsets } = this.quiz;
    const level = Math.min(6, this.quiz.resultLevel() + 1);
    this.heading = h(`h${level}`, { class: "assessment-review__title", tabindex: "-1" }, "Your answers");
    const list = h("ol", { class: "assessment-review__list" });
    fieldsets.forEach((fieldset, index) => {
      const question = fieldset.getAttribute("data-assessment-question");
      const prompt = text(fieldset.querySelector(".assessment__prompt"));
      const panelId = `${prefix}-review-${question}`;
      const labels = new Map();
      const inputs = [...fieldset.querySelectorAll("[data-assessment-option]")].map((source) => {
        labels.set(source.value, text(fieldset.querySelector(`label[for="${source.id}"]`)));
        return h("input", {
          type: "radio",
          id: `${panelId}-${source.value}`,
          name: panelId,
          value: source.value,
          "data-review-question": question,
        });
      });
      const answer = h("p", { class: "assessment-review__answer" });
      const note = h("p", { class: "assessment-review__note", hidden: true }, h("span"),
        h("a", { href: "#", "data-review-to-result": true }, "See the result"));
      const toggle = h("button", {
        type: "button",
        class: "assessment__link-button assessment-review__toggle",
        "aria-expanded": "false",
        "aria-controls": panelId,
        "data-review-toggle": question,
      }, "Change", h("span", { class: "assessment__visually-hidden" }, ` the answer to question ${index + 1}`));
      const panel = h("fieldset", { class: "assessment-review__options", id: panelId, hidden: true },
        h("legend", { class: "assessment__visually-hidden" }, prompt),
        inputs.map((input) => h("div", { class: "assessment__option" },
          input, h("label", { for: input.id }, labels.get(input.value)))));
      list.append(h("li", { class: "assessment-review__item" },
        h("p", { class: "assessment-review__prompt" }, prompt),
        answer, toggle, panel, note));
      this.items.set(question, { answer, toggle, panel, inputs, labels, note });
    });
    this.container.replaceChildren(this.heading,
      h("p", { class: "assessment-review__lead" }, "Change any answer and the result above is worked out again at once."),
      list);
  }

  onClick(event) {
    if (event.target.closest && event.target.closest("[data-review-to-result]")) {
      event.preventDefault();
      this.quiz.focusResult();
      return;
    }
    const button = event.target.closest && event.target.closest("[data-review-toggle]");
    if (!button) return;
    const item = this.items.get(button.getAttribute("data-review-toggle"));
    const open = item.panel.hidden;
    item.panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    button.firstChild.textContent = open ? "Close" : "Change";
    if (open) (item.inputs.find((input) => input.checked) || item.inputs[0]).focus();
  }

  onChange(event) {
    const input = event.target;
    if (!input.matches || !input.matches("[data-review-question]")) return;
    this.announce = true;
    this.changed = input.getAttribute("data-review-question");
    this.quiz.changeAnswer(input.getAttribute("data-review-question"), input.value);
  }
}
