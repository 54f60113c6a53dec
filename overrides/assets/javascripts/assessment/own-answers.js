// The visitor's own answers: the one copy in memory and its mirror in localStorage.
//
// Memory is the truth for this page (so blocked or full storage loses nothing while the page is
// open); storage.js keeps it across visits, and the `storage` event keeps tabs in step: when
// another tab writes, this copy takes its answers, so a later save here does not drop them.
// Shared results never come through here unless the visitor adopts them (quiz.js).

import * as storage from "./storage.js";

export class OwnAnswers {
  /**
   * `isValid(question, option)` checks ids against the page; `onStorageProblem()` is called
   * once per page when a save fails; `onExternalChange()` after another tab changed them.
   */
  constructor(name, isValid, { onStorageProblem, onExternalChange, signal }) {
    this.name = name;
    this.isValid = isValid;
    this.onStorageProblem = onStorageProblem;
    this.answers = Object.create(null);
    this.step = 0;
    this.warned = false;
    storage.watch(name, (raw) => {
      const parsed = storage.parse(raw, isValid);
      this.answers = parsed ? parsed.answers : Object.create(null);
      this.step = parsed ? parsed.step : 0;
      onExternalChange();
    }, signal);
  }

  /** Reads what is stored; returns how many stored answers no longer fit the quiz. */
  load() {
    const saved = storage.load(this.name, this.isValid);
    if (!saved) return 0;
    this.answers = saved.answers;
    this.step = saved.step;
    // Write back what was kept, so the dropped answers are reported once, not on every visit.
    if (saved.dropped) this.persist();
    return saved.dropped;
  }

  count() {
    return Object.keys(this.answers).length;
  }

  set(answers, step) {
    this.answers = { ...answers };
    this.step = step;
    this.persist();
  }

  clear() {
    this.answers = Object.create(null);
    this.step = 0;
    if (!storage.clear(this.name)) this.problem();
  }

  persist() {
    if (!storage.save(this.name, this.answers, this.step)) this.problem();
  }

  problem() {
    if (this.warned) return;
    this.warned = true;
    this.onStorageProblem();
  }
}
