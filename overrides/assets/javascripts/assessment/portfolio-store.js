// The visitor's portfolio: named sets of answers, kept in this browser only.
//
// Key: "portfolio:<assessment name>". Value: {"v": 1, "initiatives": [{id, name, answers,
// saved}]} (saved: ISO date). Like own answers (own-answers.js), memory is the truth for this
// page and localStorage its mirror: blocked or full storage loses nothing on screen, and the
// `storage` event keeps other tabs in step. Answers whose question or option left the quiz are
// dropped when read, and counted so the page can say so once.
//
// The limits are the scoring package's (scoring/portfolios.py: MAX_INITIATIVES, MAX_NAME).

import * as storage from "./storage.js";

export const VERSION = 1;
export const MAX_INITIATIVES = 100;
export const MAX_NAME = 80;

export function keyFor(assessment) {
  return `portfolio:${assessment}`;
}

/** The name as it is kept (trimmed, inner runs of white space as one space), or null if unusable. */
export function cleanName(name) {
  if (typeof name !== "string") return null;
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
  return clean && clean.length <= MAX_NAME ? clean : null;
}

/** {answers, dropped}: only answers to questions and options this quiz has (`isValid`). */
export function cleanAnswers(raw, isValid) {
  const answers = Object.create(null);
  let dropped = 0;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
  for (const [question, option] of Object.entries(raw)) {
    if (typeof option === "string" && isValid(question, option)) answers[question] = option;
    else dropped++;
  }
  return { answers, dropped };
}

/**
 * `name`, or "name (2)", "name (3)"… : the first that no initiative in `taken` has. A copy of
 * "name (2)" is "name (3)", not "name (2) (2)".
 */
export function uniqueName(name, taken) {
  const names = new Set(taken);
  if (!names.has(name)) return name;
  const base = name.replace(/ \(\d+\)$/, "") || name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = base.slice(0, MAX_NAME - suffix.length).trimEnd() + suffix;
    if (!names.has(candidate)) return candidate;
  }
}

function newId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** {initiatives, dropped} from a stored string; null when it is missing or unreadable. */
export function parse(raw, isValid) {
  const data = storage.jsonOrNull(raw);
  if (!data || data.v !== VERSION || !Array.isArray(data.initiatives)) return null;
  const initiatives = [];
  let dropped = 0;
  const ids = new Set();
  for (const item of data.initiatives.slice(0, MAX_INITIATIVES)) {
    const name = item && cleanName(item.name);
    const kept = item && cleanAnswers(item.answers, isValid);
    if (!name || !kept) continue;
    dropped += kept.dropped;
    const id = typeof item.id === "string" && item.id && !ids.has(item.id) ? item.id : newId();
    ids.add(id);
    const saved = typeof item.saved === "string" ? item.saved.slice(0, 40) : "";
    initiatives.push({ id, name, answers: kept.answers, saved });
  }
  return { initiatives, dropped };
}

export class PortfolioStore {
  /**
   * `isValid(question, option)` checks ids against the quiz; `onStorageProblem()` once per page
   * when a save fails; `onExternalChange()` after another tab changed the portfolio.
   */
  constructor(assessment, isValid, { onStorageProblem, onExternalChange, signal }) {
    this.key = keyFor(assessment);
    this.isValid = isValid;
    this.onStorageProblem = onStorageProblem;
    this.initiatives = [];
    this.warned = false;
    storage.watchKey(this.key, (raw) => {
      const parsed = parse(raw, isValid);
      this.initiatives = parsed ? parsed.initiatives : [];
      onExternalChange();
    }, signal);
  }

  /** Reads what is stored; returns how many stored answers no longer fit the quiz. */
  load() {
    let raw = null;
    try {
      raw = storage.readKey(this.key);
    } catch {
      this.problem();
      return 0;
    }
    const parsed = parse(raw, this.isValid);
    if (!parsed) return 0;
    this.initiatives = parsed.initiatives;
    if (parsed.dropped) this.persist(); // said once, not on every visit
    return parsed.dropped;
  }

  names() {
    return this.initiatives.map((item) => item.name);
  }

  find(name) {
    return this.initiatives.find((item) => item.name === name) || null;
  }

  get(id) {
    return this.initiatives.find((item) => item.id === id) || null;
  }

  /**
   * Adds `{name, answers}`. `mode`: "new" (the name must be free), "replace" (the initiative of
   * that name takes these answers, keeping its place) or "keep" (a free name is made with a
   * suffix). Returns the name used, or null when the portfolio is full.
   */
  add({ name, answers }, mode = "new") {
    const existing = this.find(name);
    const saved = new Date().toISOString();
    if (existing && mode === "replace") {
      existing.answers = { ...answers };
      existing.saved = saved;
    } else {
      if (existing && mode !== "keep") throw new Error(`"${name}" is already in the portfolio`);
      if (this.initiatives.length >= MAX_INITIATIVES) return null;
      name = uniqueName(name, this.names());
      this.initiatives.push({ id: newId(), name, answers: { ...answers }, saved });
    }
    this.persist();
    return name;
  }

  rename(id, name) {
    const item = this.get(id);
    if (!item) return null;
    item.name = uniqueName(name, this.names().filter((other) => other !== item.name));
    this.persist();
    return item.name;
  }

  duplicate(id) {
    const item = this.get(id);
    if (!item || this.initiatives.length >= MAX_INITIATIVES) return null;
    const copy = { id: newId(), name: uniqueName(item.name, this.names()), answers: { ...item.answers }, saved: item.saved };
    this.initiatives.splice(this.initiatives.indexOf(item) + 1, 0, copy);
    this.persist();
    return copy;
  }

  /** Removes one initiative; returns {item, index} for an Undo. */
  remove(id) {
    const index = this.initiatives.findIndex((item) => item.id === id);
    if (index < 0) return null;
    const [item] = this.initiatives.splice(index, 1);
    this.persist();
    return { item, index };
  }

  restore({ item, index }) {
    if (this.get(item.id)) return;
    item.name = uniqueName(item.name, this.names());
    this.initiatives.splice(Math.min(index, this.initiatives.length), 0, item);
    this.persist();
  }

  serialize() {
    return JSON.stringify({ v: VERSION, initiatives: this.initiatives });
  }

  persist() {
    if (!storage.writeKey(this.key, this.serialize())) this.problem();
  }

  problem() {
    if (this.warned) return;
    this.warned = true;
    this.onStorageProblem();
  }
}
