// A question asked in place, with a button per answer: "“X” is already in your portfolio.
// Replace it / Keep both / …". Used wherever a name clash could overwrite an initiative, so
// nothing is ever replaced without the visitor choosing it. Not a modal: the page stays usable;
// focus moves to the question and comes back to `returnFocus` afterwards. Escape picks the
// last choice (the one that changes nothing).

import { focus, h } from "./dom.js";

/**
 * Shows `question` in `slot` and resolves with the `value` of the chosen `{label, value,
 * primary}` choice. A new question in the same slot answers the old one with the last choice.
 */
export function ask(slot, question, choices, { returnFocus = null } = {}) {
  if (slot.pendingAnswer) slot.pendingAnswer(choices[choices.length - 1].value);
  return new Promise((resolve) => {
    const text = h("p", { class: "portfolio-ask__question", tabindex: "-1" }, question);
    const done = (value) => {
      slot.pendingAnswer = null;
      box.remove();
      if (returnFocus && returnFocus.isConnected) focus(returnFocus);
      resolve(value);
    };
    const box = h("div", { class: "portfolio-ask", role: "group", "aria-label": question },
      text,
      choices.map((choice) => {
        const button = h("button", {
          type: "button",
          class: `md-button${choice.primary ? " md-button--primary" : ""}`,
        }, choice.label);
        button.addEventListener("click", () => done(choice.value));
        return button;
      }));
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        done(choices[choices.length - 1].value);
      }
    });
    slot.pendingAnswer = done;
    slot.append(box);
    focus(text);
  });
}
