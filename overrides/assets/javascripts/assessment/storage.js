// Answers kept in localStorage, so a visitor can leave and come back.
//
// Key: "assessment:<name>:<digest>". The digest is the definition's hash (set at build time),
// so an edited quiz starts clean instead of restoring answers to questions that changed; keys
// of the same assessment with another digest are removed when the page mounts. Everything read
// back is checked against the questions on the page, and storage being off or full is not an
// error: the quiz simply forgets.

const PREFIX = "assessment:";

function keyFor(name, digest) {
  return `${PREFIX}${name}:${digest}`;
}

export function removeStale(name, digest) {
  try {
    const keep = keyFor(name, digest);
    const mine = `${PREFIX}${name}:`;
    for (let i = window.localStorage.length - 1; i >= 0; i--) {
      const key = window.localStorage.key(i);
      if (key && key.startsWith(mine) && key !== keep) window.localStorage.removeItem(key);
    }
  } catch {
    // storage unavailable
  }
}

/** {answers, step} restored for this definition, keeping only answers that exist on the page. */
export function load(name, digest, isValid) {
  try {
    const raw = window.localStorage.getItem(keyFor(name, digest));
    if (!raw || raw.length > 20000) return null;
    const data = JSON.parse(raw);
    if (!data || typeof data !== "object" || data.v !== 1) return null;
    const answers = Object.create(null);
    if (data.answers && typeof data.answers === "object") {
      for (const [question, option] of Object.entries(data.answers)) {
        if (typeof option === "string" && isValid(question, option)) answers[question] = option;
      }
    }
    const step = Number.isInteger(data.step) ? data.step : 0;
    return { answers, step };
  } catch {
    return null;
  }
}

export function save(name, digest, answers, step) {
  try {
    window.localStorage.setItem(keyFor(name, digest), JSON.stringify({ v: 1, answers, step }));
  } catch {
    // storage unavailable or full: answers live for this page view only
  }
}

export function clear(name, digest) {
  try {
    window.localStorage.removeItem(keyFor(name, digest));
  } catch {
    // storage unavailable
  }
}
