// The visitor's own answers, kept in localStorage so they can leave and come back.
//
// Key: "assessment:<name>" (the assessment's name, not a hash of its definition): a rebuilt
// quiz (a reworded option, an added question) keeps every answer whose question and option
// still exist, and the caller tells the visitor how many were dropped. Records written by
// earlier versions under "assessment:<name>:<digest>" are read once, moved here and removed.
//
// Value: {"v": 2, "answers": {question: option}, "step": n}. There is no size cap a real quiz
// could reach: everything read back is checked answer by answer against the page instead.
//
// Storage being off, blocked or full is never an error: save() returns false so the quiz can
// say, once, that answers are not kept on this device, and carry on from memory.

const PREFIX = "assessment:";
const VERSION = 2;

export function keyFor(name) {
  return `${PREFIX}${name}`;
}

function store() {
  // Reading window.localStorage itself throws when storage is blocked (a SecurityError).
  return window.localStorage;
}

/**
 * {answers, step, dropped} restored for `name`, keeping only answers that exist on the page
 * (`isValid(question, option)`); `dropped` counts the answers that no longer fit. Null when
 * nothing is stored or storage is unavailable.
 */
export function load(name, isValid) {
  let raw = null;
  try {
    raw = store().getItem(keyFor(name));
    if (raw === null) raw = migrate(name);
  } catch {
    return null;
  }
  return parse(raw, isValid);
}

/** The same checks as load(), for a value seen in a `storage` event. */
export function parse(raw, isValid) {
  const data = jsonOrNull(raw);
  if (!data || typeof data !== "object" || (data.v !== 1 && data.v !== VERSION)) return null;
  const answers = Object.create(null);
  let dropped = 0;
  if (data.answers && typeof data.answers === "object") {
    for (const [question, option] of Object.entries(data.answers)) {
      if (typeof option === "string" && isValid(question, option)) answers[question] = option;
      else dropped++;
    }
  }
  const step = Number.isInteger(data.step) && data.step >= 0 ? data.step : 0;
  return { answers, step, dropped };
}

/** The value stored as JSON in `raw`, or null when there is none or it is unreadable. */
export function jsonOrNull(raw) {
  if (typeof raw !== "string") return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

// The newest record of the digest-keyed format (v1), moved to the name-only key.
function migrate(name) {
  const storage = store();
  const old = `${PREFIX}${name}:`;
  const keys = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key && key.startsWith(old)) keys.push(key);
  }
  // Several digests means several builds were visited; any of them is better than nothing, and
  // the one with the most answers is the visitor's furthest progress.
  let best = null;
  let bestCount = -1;
  for (const key of keys) {
    const raw = storage.getItem(key);
    try {
      const count = Object.keys(JSON.parse(raw).answers || {}).length;
      if (count > bestCount) [best, bestCount] = [raw, count];
    } catch {
      // unreadable: dropped below
    }
  }
  try {
    if (best !== null) storage.setItem(keyFor(name), best);
    for (const key of keys) storage.removeItem(key);
  } catch {
    // full or read-only: the old record stays readable next time
  }
  return best;
}

/** True when the answers are kept on this device, false when storage is off or full. */
export function save(name, answers, step) {
  try {
    store().setItem(keyFor(name), JSON.stringify({ v: VERSION, answers, step }));
    return true;
  } catch {
    return false;
  }
}

export function clear(name) {
  try {
    store().removeItem(keyFor(name));
    return true;
  } catch {
    return false;
  }
}

/**
 * Calls `onChange(raw)` when another tab writes this assessment's answers (raw is null when it
 * cleared them). The `storage` event fires in every other tab of the same origin, never in the
 * tab that wrote. Returns nothing; the listener goes with `signal`.
 */
export function watch(name, onChange, signal) {
  watchKey(keyFor(name), onChange, signal);
}

// The same guards for other records kept under their own key (the portfolio, portfolio-store.js).

/** The raw string stored under `key`, null when there is none; throws when storage is blocked. */
export function readKey(key) {
  return store().getItem(key);
}

/** True when `value` was stored under `key`, false when storage is off, blocked or full. */
export function writeKey(key, value) {
  try {
    store().setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** `onChange(raw)` when another tab writes or clears `key` (see watch()). */
export function watchKey(key, onChange, signal) {
  window.addEventListener(
    "storage",
    (event) => {
      if (event.key === key) onChange(event.newValue);
      else if (event.key === null) onChange(null); // localStorage.clear() in another tab
    },
    { signal },
  );
}
