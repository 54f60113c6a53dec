// The comparison's entries as text: a pasted share link read into answers, and the compare
// page's own fragment, which holds every person's name and link so a comparison can be
// bookmarked and sent on. Like share links, all of it lives after the `#`, which browsers never
// send to a server. Nothing here touches storage or scores anything.
//
//   #compare=<name>~<payload>,<name>~<payload>,...
//   <payload> is a share link's own payload ("v2:1k9x2c.3412210404120"); both parts are
//   percent-encoded, "~" and "," included, so any name survives.

import * as share from "./share.js";

// scoring.comparison.MAX_PEOPLE and MAX_LABEL: Python refuses more, so the page never asks.
export const MAX_PEOPLE = 8;
export const MAX_LABEL = 80;
const HEAD = "#compare=";

// A pasted text longer than any link this quiz can make is refused before it is parsed: a v1
// link's own bound (share.js) plus room for the page address in front of it.
function maxLength(catalog) {
  return catalog.size * (2 * 100 * 12 + 2) + 4096;
}

function encodePart(text) {
  return encodeURIComponent(text).replace(/[~!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Why a pasted link cannot be read: share.js's reasons, plus "empty", "other" and "long". */
export class LinkError extends Error {
  constructor(reason) {
    super(reason);
    this.name = "LinkError";
    this.reason = reason;
  }
}

/**
 * The share payload in `text`: a whole link ("https://…/assessment/#ladder=v2:…"), its fragment
 * ("#ladder=v2:…" or "ladder=v2:…"), or the payload alone ("v2:…"). A link to another quiz, or
 * text that is no share link at all, is refused as "other".
 */
export function payloadOf(name, text, catalog) {
  const trimmed = String(text || "").trim();
  if (!trimmed) throw new LinkError("empty");
  if (trimmed.length > maxLength(catalog)) throw new LinkError("long");
  const hash = trimmed.indexOf("#");
  const fragment = hash >= 0 ? trimmed.slice(hash) : `#${trimmed}`;
  const payload = share.addressedTo(name, fragment);
  if (payload !== null) return payload;
  if (hash < 0 && /^v\d{1,3}:/.test(trimmed)) return trimmed;
  throw new LinkError("other");
}

/**
 * Several links pasted at once (from an email or a chat, one per line), as [{label, link}]: the
 * text before a line's address is its name ("Data lead: https://…"). Lines without an address
 * or a "#" are skipped; fewer than two links is not a list (an ordinary paste).
 */
export function splitPasted(text) {
  const found = [];
  for (const line of String(text || "").split(/\r?\n/)) {
    const start = line.search(/https?:\/\//i);
    if (start >= 0) {
      const link = line.slice(start).trim().split(/\s/)[0];
      found.push({ label: line.slice(0, start).replace(/[\s:–—-]+$/, "").trim().slice(0, MAX_LABEL), link });
    } else if (line.includes("#")) {
      found.push({ label: "", link: line.trim() });
    }
  }
  return found.length >= 2 ? found : [];
}

/** {payload, answers} from pasted text, or a LinkError / share.ShareLinkError with a reason. */
export function readLink(name, text, catalog) {
  const payload = payloadOf(name, text, catalog);
  return { payload, answers: share.decode(payload, catalog) };
}

/** The address of one person's result on the quiz page: the share link for `payload`. */
export function resultURL(quizURL, name, payload) {
  const url = new URL(quizURL);
  url.hash = `${encodeURIComponent(name)}=${payload}`;
  return url.href;
}

/** The compare page's fragment for `entries` ([{label, link}], link: payload or text as typed). */
export function writeFragment(entries) {
  return HEAD + entries.map(({ label, link }) => `${encodePart(label)}~${encodePart(link)}`).join(",");
}

/**
 * The entries in a compare fragment, or null when the fragment is not one. Entries that cannot
 * be read at all are counted in `unreadable`, those past MAX_PEOPLE in `extra`; everything else
 * is kept as it was written (a link is checked later, with a message naming its entry).
 */
export function readFragment(hash, catalog) {
  if (typeof hash !== "string" || !hash.startsWith(HEAD)) return null;
  const body = hash.slice(HEAD.length);
  const parts = body ? body.split(",") : [];
  const entries = [];
  let unreadable = 0;
  // Bounded like a pasted link: a fragment of many megabytes is not split into a million entries.
  const limit = (maxLength(catalog) + MAX_LABEL * 12) * MAX_PEOPLE;
  if (body.length > limit) return { entries, unreadable: Math.max(1, parts.length), extra: 0 };
  for (const part of parts) {
    const pieces = part.split("~");
    let label;
    let link;
    try {
      if (pieces.length !== 2) throw new Error("not a name and a link");
      label = decodeURIComponent(pieces[0]).slice(0, MAX_LABEL);
      link = decodeURIComponent(pieces[1]);
    } catch {
      unreadable++;
      continue;
    }
    if (!link.trim()) {
      unreadable++;
      continue;
    }
    entries.push({ label, link });
  }
  const extra = Math.max(0, entries.length - MAX_PEOPLE);
  return { entries: entries.slice(0, MAX_PEOPLE), unreadable, extra };
}

// What the visitor reads about one entry; `who` names it ("Person 3" or "Data lead (person 3)").
const REASONS = {
  empty: "has no share link yet. Paste the link they copied under their result.",
  other: "is not a share link for this quiz. Paste the link they copied under their result (it contains “#”).",
  long: "is far longer than any share link for this quiz, so it was not read. Check what was pasted.",
  damaged: "is a damaged or incomplete share link. Ask for the link again; a link cut short by an email or chat app often causes this.",
  outdated: "was made for an earlier version of the quiz, so its answers cannot be compared. Ask them to open it, check their answers and copy a new link.",
  version: "was made by a different version of this site, so it cannot be read. Ask them to copy a new link.",
};

export function linkProblem(who, error) {
  return `${who} ${REASONS[error && error.reason] || REASONS.damaged}`;
}

export function fragmentProblem({ unreadable, extra }) {
  const parts = [];
  if (unreadable) {
    parts.push(`${unreadable === 1 ? "One entry" : `${unreadable} entries`} of this comparison's address could not be read (the address may have been cut short) and ${unreadable === 1 ? "was" : "were"} left out.`);
  }
  if (extra) {
    parts.push(`This comparison's address holds more than ${MAX_PEOPLE} people; the first ${MAX_PEOPLE} are shown and ${extra} ${extra === 1 ? "was" : "were"} left out.`);
  }
  return parts.join(" ");
}
