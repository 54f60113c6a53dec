// What the person who receives a share link sees around the shared result: whose answers these
// are, a way to take the quiz themselves, and, when they start changing a shared result while
// answers of their own are saved, a plain question about which answers they mean.
//
// A shared result is a view: nothing here writes anything. The quiz decides what each choice
// does (quiz.js); these are the words and the buttons, built with text nodes only.

import { focus, h } from "./dom.js";
import { SHARE_LINK, STATUS } from "./messages.js";
import * as share from "./share.js";
import { writeFragment } from "./compare-links.js";

/**
 * The line under a shared result's title, with the *Take it yourself* button, and *Compare with
 * my answers* when `compareHref` is given (see SharedLinks.compareHref).
 */
export function sharedBanner(compareHref = null) {
  return h(
    "div",
    { class: "assessment-shared", "data-assessment-shared": true },
    h(
      "p",
      null,
      h("strong", null, "This result was shared with you. "),
      "It shows their answers, not yours; nothing you do here changes the link or your own answers.",
    ),
    h("button", { type: "button", class: "md-button md-button--primary", "data-assessment-take": true },
      "Take it yourself"),
    compareHref
      ? h("a", { class: "md-button", href: compareHref, "data-assessment-compare": true }, "Compare with my answers")
      : null,
  );
}

/**
 * Asked when a visitor who has answers of their own presses *Change answers* on a shared
 * result: editing their answers would replace their own, so they choose.
 */
export function adoptPrompt(ownCount) {
  return h(
    "div",
    { class: "assessment-shared assessment-shared--ask", "data-assessment-adopt-prompt": true },
    h(
      "p",
      { tabindex: "-1", "data-assessment-adopt-question": true },
      `You already have ${ownCount} answer${ownCount === 1 ? "" : "s"} of your own saved on this device. `,
      "Which answers do you want to change?",
    ),
    h("button", { type: "button", class: "md-button", "data-assessment-adopt": "theirs" },
      "Their answers (replaces mine)"),
    h("button", { type: "button", class: "md-button md-button--primary", "data-assessment-adopt": "mine" },
      "My own answers"),
  );
}

/**
 * The share-link side of one quiz: opening a link (at load, or by a hash change mid-quiz),
 * leaving it, and the choices a shared result offers. The quiz's own answers live in
 * `quiz.own` and are never written from here unless the visitor chooses "Their answers".
 */
export class SharedLinks {
  constructor(quiz) {
    this.quiz = quiz;
    this.payload = null; // the fragment being shown, so a repeated event is a no-op
  }

  /** Shows the result of a share link in the address, if there is one for this quiz. */
  open() {
    const quiz = this.quiz;
    const payload = share.addressedTo(quiz.name, window.location.hash);
    if (payload === null) {
      // The fragment went away (Back, or edited by hand): back to the visitor's own answers.
      if (quiz.shared) this.backToOwn({ step: quiz.own.step });
      return;
    }
    if (quiz.shared && payload === this.payload) return;
    let answers;
    try {
      answers = share.decode(payload, quiz.catalog);
    } catch (error) {
      // Never echo the fragment back: say what happened in our own words, keep what is stored.
      // A result from an earlier, valid link must not stay on screen as if it were this one.
      if (quiz.shared) this.backToOwn({ step: quiz.own.step });
      quiz.showNotice(SHARE_LINK[error.reason] || SHARE_LINK.damaged);
      return;
    }
    quiz.hideNotice();
    this.payload = payload;
    quiz.shared = true;
    quiz.setAnswers(answers);
    quiz.step = quiz.fieldsets.length - 1;
    quiz.showResult();
  }

  /**
   * The compare page with the shared answers and the visitor's own side by side, when the site
   * has a compare page and the visitor has answers of their own; else null. Both travel in the
   * link's fragment, as share links do; nothing is written.
   */
  compareHref() {
    const quiz = this.quiz;
    const page = quiz.config.viewURLs && quiz.config.viewURLs.compare;
    if (!quiz.shared || !this.payload || !page || quiz.own.count() === 0) return null;
    const own = share.addressedTo(quiz.name, share.encode(quiz.name, quiz.own.answers, quiz.catalog));
    const url = new URL(page);
    url.hash = writeFragment([{ label: "Colleague", link: this.payload }, { label: "You", link: own }]);
    return url.href;
  }

  /** Drops the share link from the address (a reload then shows the visitor's own answers). */
  forget() {
    const quiz = this.quiz;
    quiz.shared = false;
    this.payload = null;
    if (share.addressedTo(quiz.name, window.location.hash) !== null) {
      const url = new URL(window.location.href);
      url.hash = "";
      window.history.replaceState(window.history.state, "", url.href);
    }
  }

  /** Leaves the shared result for the visitor's own answers (or a fresh quiz if none). */
  backToOwn({ step }) {
    const quiz = this.quiz;
    this.forget();
    quiz.setAnswers(quiz.own.answers);
    quiz.showQuestions(Math.max(0, Math.min(step, quiz.fieldsets.length - 1)));
  }

  /** *Take it yourself*: the visitor's own quiz; the shared answers stay in the link. */
  takeItYourself() {
    const quiz = this.quiz;
    const hadOwn = quiz.own.count() > 0;
    // A new history entry, so Back returns to the shared result.
    const url = new URL(window.location.href);
    url.hash = "";
    window.history.pushState(window.history.state, "", url.href);
    this.backToOwn({ step: hadOwn ? quiz.own.step : 0 });
    quiz.setStatus(hadOwn ? STATUS.ownAnswersBack : STATUS.ownQuiz);
  }

  /**
   * *Change answers* on a shared result. With no answers of their own, the visitor edits the
   * shared ones and they become theirs at the first change (quiz.onChange). With answers of
   * their own, they are asked which answers they mean first.
   */
  change() {
    const quiz = this.quiz;
    const ownCount = quiz.own.count();
    if (ownCount === 0) {
      quiz.showQuestions(0);
      return;
    }
    const actions = quiz.el.results.querySelector(".assessment-result__actions");
    const existing = quiz.el.results.querySelector("[data-assessment-adopt-prompt]");
    if (existing) existing.remove();
    const prompt = adoptPrompt(ownCount);
    (actions || quiz.el.results.firstChild).after(prompt);
    focus(prompt.querySelector("[data-assessment-adopt-question]"));
  }

  /** The answer to adoptPrompt: edit their answers as mine, or go to my own. */
  adopt(theirs) {
    const quiz = this.quiz;
    if (!quiz.shared) return;
    if (theirs) {
      this.forget();
      quiz.own.set(quiz.answers(), 0);
      quiz.showQuestions(0);
    } else {
      this.backToOwn({ step: quiz.own.step });
    }
  }
}
