// One quiz on the page: the build's plain form turned into one question at a time, answers kept
// and restored, the engine started on the visitor's first touch, the result shown and shared.

import { engineFor } from "./client.js";
import { compareInvite } from "./compare-invite.js";
import { readConfig } from "./config.js";
import { h, focus } from "./dom.js";
import { AutoAdvance, BEAT_MS, keepBackToTopOff, landOnQuestion } from "./flow.js";
import { answersDropped, engineFailure, loadingStatus, SHARE_LINK, STATUS, STORAGE_OFF } from "./messages.js";
import { OwnAnswers } from "./own-answers.js";
import { addPortfolioSave } from "./portfolio-save.js";
import { Kind } from "./protocol.js";
import { renderResult } from "./results.js";
import { Review } from "./review.js";
import * as share from "./share.js";
import { loadStyles, RESULT_EXTRAS } from "./styles.js";
import { SharedLinks, sharedBanner } from "./shared-view.js";

// Results headings continue the page's outline: one level below the heading the quiz sits
// under (an h2 in the article, the h1 on the assessment page).
function headingLevelAfter(root) {
  const headings = document.querySelectorAll(".md-content h1, .md-content h2, .md-content h3, .md-content h4");
  let level = 1;
  for (const heading of headings) {
    if (root.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_PRECEDING) {
      level = Number(heading.tagName.slice(1));
    }
  }
  return Math.min(5, level + 1);
}

export class Quiz {
  constructor(root) {
    this.root = root;
    this.config = readConfig(root);
    this.name = root.getAttribute("data-assessment");
    this.digest = root.getAttribute("data-assessment-digest");
    this.form = root.querySelector("[data-assessment-form]");
    this.fieldsets = [...root.querySelectorAll("[data-assessment-question]")];
    // question id -> [option ids], in page order (share links are written in this order).
    this.catalog = new Map(
      this.fieldsets.map((fieldset) => [
        fieldset.getAttribute("data-assessment-question"),
        [...fieldset.querySelectorAll("[data-assessment-option]")].map((input) => input.value),
      ]),
    );
    const q = (name) => root.querySelector(`[data-assessment-${name}]`);
    this.el = {
      progress: q("progress"),
      progressLabel: q("progress-label"),
      progressBar: q("progress-bar"),
      notice: q("notice"),
      storageNotice: q("storage-notice"),
      nav: q("nav"),
      back: q("back"),
      next: q("next"),
      restart: root.querySelector("[data-assessment-nav] [data-assessment-restart]"),
      status: q("status"),
      error: q("error"),
      errorText: q("error-text"),
      errorDetail: q("error-detail"),
      retry: q("retry"),
      results: q("results"),
      review: q("review"),
      undo: q("undo"),
    };
    this.step = 0;
    this.started = false;
    // True while the form holds answers from a share link: a view of someone else's answers,
    // never saved as the visitor's own (this.own) unless they choose to adopt them.
    this.shared = false;
    this.sharing = new SharedLinks(this);
    this.waitingForResult = false;
    this.request = 0; // bumps on every result request, so a late reply for an old one is dropped
    this.abort = new AbortController();
    // The last answer, with every question answered, shows the result at once: the result is
    // the visible response there, and the visitor should not wait on a pause.
    this.auto = new AutoAdvance(this.form, (input) => this.advanceAfterTap(input), () =>
      this.step === this.fieldsets.length - 1 && Object.keys(this.answers()).length === this.fieldsets.length ? 0 : BEAT_MS);
    this.review = new Review(this, this.el.review);
    this.undoState = null; // what Start over cleared, until the visitor answers again
    // The per-page id prefix render.py chose, read back from the one id it always writes.
    this.prefix = this.el.progressBar.id.replace(/-progress$/, "");
  }

  resultLevel() {
    return headingLevelAfter(this.root);
  }

  isValid = (question, option) => {
    const options = this.catalog.get(question);
    return Boolean(options && options.includes(option));
  };

  // -- lifecycle -----------------------------------------------------------------------------

  mount() {
    const on = (target, type, handler, options) =>
      target.addEventListener(type, handler, { ...options, signal: this.abort.signal });

    this.own = new OwnAnswers(this.name, this.isValid, {
      signal: this.abort.signal,
      onStorageProblem: () => this.showStorageNotice(),
      onExternalChange: () => this.onOwnAnswersChanged(),
    });
    const dropped = this.own.load();
    this.setAnswers(this.own.answers);
    this.step = Math.max(0, Math.min(this.own.step, this.fieldsets.length - 1));
    // A step past the last question means the visitor had reached the result: show it again.
    const resultWasShown = this.own.step >= this.fieldsets.length && this.own.count() > 0;
    if (dropped) this.showNotice(answersDropped(dropped));

    this.root.classList.add("assessment--enhanced");
    this.el.progress.hidden = false;
    this.el.nav.hidden = false;
    this.showStep({ focus: false });

    // The engine starts at the visitor's first touch of the quiz, never at page load: a reader
    // who only reads the article downloads no Python.
    for (const type of ["focusin", "pointerdown", "change"]) {
      on(this.root, type, () => this.start(), { once: true });
    }
    on(this.form, "pointerdown", (event) => this.auto.pointerDown(event));
    on(this.form, "change", (event) => this.onChange(event));
    on(this.form, "click", (event) => {
      const input = event.target;
      if (input.matches && input.matches("[data-assessment-option]:checked")
          && input.closest("[data-assessment-question]") === this.fieldsets[this.step]) {
        this.auto.clicked(input);
      }
    });
    on(this.form, "submit", (event) => {
      event.preventDefault();
      this.next();
    });
    // Enter on a radio goes on, as Next does (browsers differ on implicit submission there).
    on(this.form, "keydown", (event) => {
      if (event.key === "Enter" && event.target.matches("[data-assessment-option]")) {
        event.preventDefault();
        this.next();
      }
    });
    on(this.el.back, "click", () => this.back());
    on(this.root, "click", (event) => this.onClick(event));
    on(this.el.retry, "click", () => this.retry());
    on(this.el.undo, "click", () => this.undoRestart());
    this.abort.signal.addEventListener("abort", keepBackToTopOff(this.root));
    on(window, "hashchange", () => this.openShareLink());
    on(window, "popstate", () => this.openShareLink());
    landOnQuestion(this.root, () => (this.form.hidden ? null : this.fieldsets[this.step].querySelector("legend")), on);
    on(window, "afterprint", () => {
      document.documentElement.classList.remove("assessment-printing");
      this.root.classList.remove("assessment--printing");
    });

    this.openShareLink();
    if (resultWasShown && !this.shared && !this.el.notice.textContent) this.showResult({ moveFocus: false });
  }

  unmount() {
    // Listeners go with the signal; the engine stays (see client.js) and replies that arrive
    // for this quiz afterwards are ignored.
    this.abort.abort();
    this.auto.cancel();
    this.request++;
  }

  emit(type, detail) {
    this.root.dispatchEvent(
      new CustomEvent(`assessment:${type}`, { bubbles: true, detail: { assessment: this.name, ...detail } }),
    );
  }

  start() {
    if (!this.started) {
      this.started = true;
      this.emit("start", {});
    }
    const engine = engineFor(this.config);
    engine.ready.catch((error) => this.showError(error, { focusRetry: false }));
    // Styles for "Compare with a colleague" and "Save to portfolio" under the result: fetched
    // while the engine starts, which takes far longer.
    RESULT_EXTRAS.forEach(loadStyles);
    return engine;
  }

  // -- answers -------------------------------------------------------------------------------

  answers() {
    const answers = {};
    for (const fieldset of this.fieldsets) {
      const checked = fieldset.querySelector("[data-assessment-option]:checked");
      if (checked) answers[fieldset.getAttribute("data-assessment-question")] = checked.value;
    }
    return answers;
  }

  setAnswers(answers) {
    for (const fieldset of this.fieldsets) {
      const question = fieldset.getAttribute("data-assessment-question");
      for (const input of fieldset.querySelectorAll("[data-assessment-option]")) {
        input.checked = Object.hasOwn(answers, question) && answers[question] === input.value;
      }
    }
  }

  // Only the visitor's own answers are kept; a shared result being looked at is not.
  save() {
    if (this.shared) return;
    // Nothing answered and nothing kept: a visit that answers nothing writes nothing.
    if (!Object.keys(this.answers()).length && !this.own.count()) return;
    // While the result is on screen the step is one past the last question (see mount).
    const step = this.root.classList.contains("assessment--result") ? this.fieldsets.length : this.step;
    this.own.set(this.answers(), step);
  }

  onChange(event) {
    const input = event.target;
    if (!input.matches || !input.matches("[data-assessment-option]")) return;
    const fieldset = input.closest("[data-assessment-question]");
    fieldset.querySelector("[data-assessment-hint]").textContent = "";
    // Changing a shared result's answers (reached through *Change answers*, which asked first
    // when the visitor had answers of their own) makes them the visitor's.
    this.leaveSharedLink();
    this.forgetUndo();
    this.save();
    const answers = this.answers();
    this.emit("answer", {
      question: fieldset.getAttribute("data-assessment-question"),
      option: input.value,
      answered: Object.keys(answers).length,
      total: this.fieldsets.length,
    });
    this.updateNav();
    this.updateProgress();
    if (fieldset === this.fieldsets[this.step]) this.auto.changed(input);
  }

  // A tap's beat has passed: go on. From the last question, a visitor who skipped some with
  // Back and Next is taken to the first one left open rather than to a partial result.
  advanceAfterTap(input) {
    if (input.closest("[data-assessment-question]") !== this.fieldsets[this.step]) return;
    if (this.step < this.fieldsets.length - 1) {
      this.next();
      return;
    }
    const open = this.fieldsets.findIndex((fieldset) => !fieldset.querySelector("[data-assessment-option]:checked"));
    if (open === -1) {
      this.next();
    } else {
      this.step = open;
      this.save();
      this.showStep();
    }
  }

  // -- steps ---------------------------------------------------------------------------------

  showStep({ focus: moveFocus = true } = {}) {
    const total = this.fieldsets.length;
    this.fieldsets.forEach((fieldset, index) => {
      fieldset.hidden = index !== this.step;
    });
    this.auto.cancel();
    this.updateProgress();
    this.updateNav();
    if (moveFocus) {
      this.root.classList.add("assessment--stepping");
      const fieldset = this.fieldsets[this.step];
      focus(
        fieldset.querySelector("[data-assessment-option]:checked") ||
          fieldset.querySelector("[data-assessment-option]"),
      );
    }
  }

  // The bar counts answers given, not the question on screen: 0 before the first answer.
  updateProgress() {
    const total = this.fieldsets.length;
    const answered = Object.keys(this.answers()).length;
    this.el.progressLabel.textContent = `Question ${this.step + 1} of ${total}`;
    this.el.progressBar.value = answered;
    this.el.progressBar.textContent = `${answered} of ${total} answered`;
    this.el.progressBar.setAttribute("aria-valuetext", `${answered} of ${total} answered`);
    // The intro (what this is, how long, where answers go) is for the start only.
    this.root.classList.toggle("assessment--underway", answered > 0 || this.step > 0);
  }

  updateNav() {
    const last = this.step === this.fieldsets.length - 1;
    this.el.back.hidden = this.step === 0;
    this.el.next.textContent = this.el.next.getAttribute(last ? "data-label-last" : "data-label-next");
    this.el.restart.hidden = Object.keys(this.answers()).length === 0;
  }

  next() {
    this.auto.cancel();
    const fieldset = this.fieldsets[this.step];
    if (!fieldset.querySelector("[data-assessment-option]:checked")) {
      fieldset.querySelector("[data-assessment-hint]").textContent = STATUS.answerFirst;
      focus(fieldset.querySelector("[data-assessment-option]"));
      return;
    }
    if (this.step === this.fieldsets.length - 1) {
      this.showResult();
      return;
    }
    this.step++;
    this.save();
    this.showStep();
  }

  back() {
    if (this.step === 0) return;
    this.step--;
    this.save();
    this.showStep();
  }

  // -- result --------------------------------------------------------------------------------

  async showResult({ moveFocus = true } = {}) {
    const request = ++this.request;
    const engine = this.start();
    this.hideError();
    this.waitingForResult = true;
    // A share link's visitor has no questions to look at: the loading state and any error
    // sit at the top of the quiz, where the result will appear, and in view.
    if (this.shared) {
      this.form.hidden = true;
      this.el.status.scrollIntoView({ block: "center" });
    }
    let settled = false;
    let ready = false;
    engine.ready.then(() => {
      ready = true;
    }, () => {});
    // Say something only when the visitor actually waits (a warm engine answers in ms), and
    // say what they are waiting for.
    const tell = () => {
      if (settled || request !== this.request) return;
      this.setStatus(ready ? STATUS.scoring : loadingStatus(engine.bytes, this.config.downloadBytes), { busy: true });
      if (!ready) engine.ready.then(tell, () => {});
    };
    window.setTimeout(tell, this.shared ? 0 : 150);
    // Real progress while the visitor waits: the bytes that have arrived, not a spinner alone.
    // At most every 2 s: the status is a live region, and a screen reader reads each change.
    let told = 0;
    const stopProgress = engine.onProgress(() => {
      if (Date.now() - told < 2000) return;
      told = Date.now();
      tell();
    });
    let result;
    try {
      result = await engine.score(this.answers());
    } catch (error) {
      settled = true;
      stopProgress();
      if (request !== this.request) return;
      this.setStatus("");
      this.showError(error, { focusRetry: true });
      return;
    }
    settled = true;
    stopProgress();
    if (request !== this.request) return;
    this.waitingForResult = false;
    this.setStatus("");
    this.renderResult(result, { moveFocus });
  }

  renderResult(result, { moveFocus = true } = {}) {
    const { view, title, buttons, shareStatus, shareField } = renderResult(this.root, result, {
      level: headingLevelAfter(this.root),
      gapLinks: this.config.gapLinks || {},
      bookingUrl: this.config.bookingUrl,
      bookingButton: this.config.bookingButton,
      shared: this.shared,
      prefix: this.prefix,
      reopenUrl: this.shareUrl(),
    });
    this.shareUi = { status: shareStatus, field: shareField };
    if (this.shared) title.after(sharedBanner(this.sharing.compareHref()));
    else {
      this.inviteToCompare(shareField);
      addPortfolioSave(this, view); // "Save to portfolio", on the visitor's own result only
    }
    this.el.results.replaceChildren(view);
    this.el.results.hidden = false;
    performance.mark("assessment:result-shown");
    this.form.hidden = true;
    this.root.classList.add("assessment--result");
    this.review.show(result);
    if (!this.shared) this.save();
    this.resultTitle = title;
    if (moveFocus) this.focusResult();
    this.emit("complete", {
      rung: result.rung.number,
      rungName: result.rung.name,
      blockingGaps: result.blocking_gaps.map((gap) => gap.id),
      complete: result.complete,
      shared: this.shared,
    });
    this.result = result;
  }

  // The result's first screen is its title, the next move and the booking call: bring the title
  // to the top, not just into view.
  focusResult() {
    if (!this.resultTitle || !this.resultTitle.isConnected) return;
    this.resultTitle.focus({ preventScroll: true });
    this.resultTitle.scrollIntoView({ block: "start" });
  }

  showQuestions(step) {
    this.request++;
    this.waitingForResult = false;
    this.el.results.hidden = true;
    this.el.results.replaceChildren();
    this.review.hide();
    this.form.hidden = false;
    this.root.classList.remove("assessment--result");
    this.step = step;
    this.save();
    this.showStep();
  }

  onClick(event) {
    const button = event.target.closest && event.target.closest("button");
    if (!button || !this.root.contains(button)) return;
    if (button.hasAttribute("data-assessment-change")) {
      this.changeAnswers();
    } else if (button.hasAttribute("data-assessment-adopt")) {
      this.adopt(button.getAttribute("data-assessment-adopt") === "theirs");
    } else if (button.hasAttribute("data-assessment-take")) {
      this.takeItYourself();
    } else if (button.hasAttribute("data-assessment-restart")) {
      this.restart();
    } else if (button.hasAttribute("data-assessment-share")) {
      this.copyShareLink();
    } else if (button.hasAttribute("data-assessment-print")) {
      // The print stylesheet shows only this quiz's result while this class is set.
      document.documentElement.classList.add("assessment-printing");
      this.root.classList.add("assessment--printing");
      window.print();
    }
  }

  // Start over clears at once but can be undone until the next answer: one tap never loses a
  // visitor's answers for good.
  restart() {
    // On a shared result there is nothing of the visitor's to clear: back to their own quiz.
    if (this.shared) {
      this.takeItYourself();
      return;
    }
    this.undoState = {
      answers: this.answers(),
      step: this.step,
      result: this.root.classList.contains("assessment--result"),
    };
    this.own.clear();
    this.setAnswers({});
    for (const hint of this.root.querySelectorAll("[data-assessment-hint]")) hint.textContent = "";
    this.hideNotice();
    this.showQuestions(0);
    this.setStatus(STATUS.cleared);
    this.el.undo.hidden = !Object.keys(this.undoState.answers).length;
  }

  undoRestart() {
    const state = this.undoState;
    this.forgetUndo();
    if (!state) return;
    this.setAnswers(state.answers);
    this.setStatus(STATUS.restored);
    if (state.result) {
      this.save();
      this.showResult();
    } else {
      this.showQuestions(state.step);
    }
  }

  forgetUndo() {
    this.undoState = null;
    if (this.el.undo) this.el.undo.hidden = true;
  }

  /** An answer changed from the review list: keep it, and show the new result at once. */
  changeAnswer(question, option) {
    const fieldset = this.fieldsets.find((f) => f.getAttribute("data-assessment-question") === question);
    const input = fieldset && [...fieldset.querySelectorAll("[data-assessment-option]")].find((i) => i.value === option);
    if (!input) return;
    if (this.shared && this.own.count() > 0) {
      // The link's answers would replace the visitor's own: nothing changes until they choose.
      this.review.revert(this.result);
      this.sharing.change();
      return;
    }
    input.checked = true;
    this.leaveSharedLink();
    this.forgetUndo();
    this.save();
    this.emit("answer", {
      question,
      option,
      answered: Object.keys(this.answers()).length,
      total: this.fieldsets.length,
    });
    this.showResult({ moveFocus: false });
  }

  // "Compare with a colleague" under the visitor's own result (compare-invite.js).
  inviteToCompare(after) {
    const payload = share.addressedTo(this.name, share.encode(this.name, this.answers(), this.catalog));
    const invite = compareInvite(this.config.viewURLs && this.config.viewURLs.compare, payload);
    if (invite) after.after(invite);
  }

  shareUrl() {
    const url = new URL(window.location.href);
    url.hash = share.encode(this.name, this.answers(), this.catalog);
    return url.href;
  }

  async copyShareLink() {
    const url = { href: this.shareUrl() };
    const { status, field } = this.shareUi;
    try {
      await navigator.clipboard.writeText(url.href);
      field.hidden = true;
      status.textContent = STATUS.copied;
    } catch {
      // No clipboard access (permissions, insecure context): show the link, selected.
      const input = field.querySelector("input");
      input.value = url.href;
      field.hidden = false;
      status.textContent = STATUS.copyManually;
      input.focus();
      input.select();
    }
  }

  // -- share links ---------------------------------------------------------------------------

  openShareLink() {
    this.sharing.open();
  }

  // Once the visitor edits, the answers are theirs: drop the fragment so a reload shows their
  // own answers, not the link's result.
  leaveSharedLink() {
    if (this.shared) this.sharing.forget();
  }

  // On a shared result, the share-link side decides (it asks first when answers of the
  // visitor's own exist); on their own result, the review list under it is where answers change.
  changeAnswers() {
    if (this.shared) this.sharing.change();
    else this.review.focus();
  }

  adopt(theirs) {
    this.sharing.adopt(theirs);
  }

  takeItYourself() {
    this.sharing.takeItYourself();
  }

  // Another tab changed the visitor's answers: take them, so this tab never saves over them.
  onOwnAnswersChanged() {
    if (this.shared) return; // a shared result on screen stays as it is
    this.setAnswers(this.own.answers);
    if (this.result && !this.el.results.hidden) this.showResult();
    else this.updateNav();
  }

  // -- messages ------------------------------------------------------------------------------

  setStatus(text, { busy = false } = {}) {
    this.el.status.textContent = text;
    this.el.status.classList.toggle("is-busy", busy && Boolean(text));
  }

  showNotice(text) {
    this.el.notice.textContent = text;
    this.el.notice.hidden = false;
  }

  // Once per page: storage is off, blocked or full. The quiz goes on from memory.
  showStorageNotice() {
    this.el.storageNotice.textContent = STORAGE_OFF;
    this.el.storageNotice.hidden = false;
  }

  hideNotice() {
    this.el.notice.hidden = true;
    this.el.notice.textContent = "";
  }

  showError(error, { focusRetry }) {
    const kind = (error && error.kind) || Kind.ENGINE;
    this.el.errorText.textContent = engineFailure(kind, error);
    this.el.errorDetail.textContent = `${kind}${error && error.stage ? ` at ${error.stage}` : ""}: ${
      (error && error.message) || error
    }`;
    this.el.error.hidden = false;
    if (this.shared) this.el.error.scrollIntoView({ block: "center" });
    if (focusRetry) focus(this.el.retry);
  }

  hideError() {
    this.el.error.hidden = true;
  }

  retry() {
    this.hideError();
    if (this.waitingForResult) this.showResult();
    else this.start();
  }
}
