// Share links: the answers travel in the URL fragment only, which browsers never send to a
// server. Two formats; links are made in v2 and both are read.
//
//   v2 (compact, one character per question):
//     #<assessment>=v2:<fingerprint>.<answers>
//     e.g. #ladder=v2:1k9x2c.3412210404120
//   <answers> has one character per question, in the page's question order: "0" for
//   unanswered, then 1..63 for the option's position ("1" = first option), written with
//   ALPHABET below (URL-safe). <fingerprint> is a 32-bit FNV-1a hash, in base 36, of every
//   question id and option id in order: a link made for another version of the quiz has
//   another fingerprint and is refused as "outdated" instead of being read wrongly. A quiz of
//   1,000 questions makes a link of about 1,000 characters. A question with more than 63
//   options cannot be written this way, so such a quiz makes v1 links.
//
//   v1 (ids, kept so links already sent keep working):
//     #<assessment>=v1:<question>.<option>,<question>.<option>,...
//   Ids are percent-encoded (with "." and "," encoded too), so any id survives.
//
// Parsing is strict and bounded by the quiz's own size: a fragment is either a valid set of
// answers to questions on this page, or it is refused as a whole.

export const VERSION = "v2";
const MAX_ID = 100;
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

function encodeId(id) {
  return encodeURIComponent(id).replace(/\./g, "%2E").replace(/,/g, "%2C");
}

/** FNV-1a (32 bit) of the quiz's ids in order, base 36: which quiz a v2 link was made for. */
export function fingerprint(catalog) {
  let hash = 0x811c9dc5;
  const add = (text) => {
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  };
  for (const [question, options] of catalog) {
    add(`${question}\u0000${options.join("\u0001")}\u0002`);
  }
  return hash.toString(36);
}

/**
 * The fragment for `answers`. `catalog` is a Map question id -> [option ids], in page order.
 */
export function encode(name, answers, catalog) {
  const fits = [...catalog.values()].every((options) => options.length < ALPHABET.length);
  if (!fits) return encodeV1(name, answers);
  let body = "";
  for (const [question, options] of catalog) {
    const position = Object.hasOwn(answers, question) ? options.indexOf(answers[question]) + 1 : 0;
    body += ALPHABET[position];
  }
  return `#${encodeId(name)}=v2:${fingerprint(catalog)}.${body}`;
}

export function encodeV1(name, answers) {
  const pairs = Object.entries(answers).map(([q, o]) => `${encodeId(q)}.${encodeId(o)}`);
  return `#${encodeId(name)}=v1:${pairs.join(",")}`;
}

/** The fragment's payload if it is addressed to this assessment ("#<name>=..."), else null. */
export function addressedTo(name, hash) {
  const head = `#${encodeId(name)}=`;
  return typeof hash === "string" && hash.startsWith(head) ? hash.slice(head.length) : null;
}

export class ShareLinkError extends Error {
  constructor(reason) {
    super(reason);
    this.name = "ShareLinkError";
    this.reason = reason; // "damaged" | "version" | "outdated"
  }
}

/**
 * Answers from a payload, or a ShareLinkError. `catalog` is a Map question id -> [option ids],
 * in page order (the questions rendered on the page).
 */
export function decode(payload, catalog) {
  const colon = payload.indexOf(":");
  if (colon < 0 || colon > 4) throw new ShareLinkError("damaged");
  const version = payload.slice(0, colon);
  const body = payload.slice(colon + 1);
  if (version === "v2") return decodeV2(body, catalog);
  if (version === "v1") return decodeV1(body, catalog);
  throw new ShareLinkError(/^v\d{1,3}$/.test(version) ? "version" : "damaged");
}

function decodeV2(body, catalog) {
  const dot = body.indexOf(".");
  if (dot < 1 || dot > 8) throw new ShareLinkError("damaged");
  const stamp = body.slice(0, dot);
  const letters = body.slice(dot + 1);
  if (!/^[0-9a-z]+$/.test(stamp) || !/^[0-9A-Za-z_-]+$/.test(letters)) throw new ShareLinkError("damaged");
  if (stamp !== fingerprint(catalog)) throw new ShareLinkError("outdated");
  if (letters.length !== catalog.size) throw new ShareLinkError("damaged");
  const answers = Object.create(null);
  let index = 0;
  for (const [question, options] of catalog) {
    const position = ALPHABET.indexOf(letters[index++]);
    if (position > options.length) throw new ShareLinkError("damaged");
    if (position > 0) answers[question] = options[position - 1];
  }
  if (Object.keys(answers).length === 0) throw new ShareLinkError("damaged");
  return answers;
}

function decodeV1(body, catalog) {
  // A complete link is at most one pair per question, each id at most MAX_ID characters,
  // percent-encoded (3 characters per byte, up to 4 bytes per character).
  if (!body || body.length > catalog.size * (2 * MAX_ID * 12 + 2)) throw new ShareLinkError("damaged");
  const pairs = body.split(",");
  if (pairs.length > catalog.size) throw new ShareLinkError("damaged");
  const answers = Object.create(null); // no prototype: an id like "__proto__" is just a key
  for (const pair of pairs) {
    const parts = pair.split(".");
    if (parts.length !== 2) throw new ShareLinkError("damaged");
    let question;
    let option;
    try {
      question = decodeURIComponent(parts[0]);
      option = decodeURIComponent(parts[1]);
    } catch {
      throw new ShareLinkError("damaged");
    }
    if (!question || !option || question.length > MAX_ID || option.length > MAX_ID) {
      throw new ShareLinkError("damaged");
    }
    if (Object.hasOwn(answers, question)) throw new ShareLinkError("damaged");
    // Well-formed but unknown to this page: made for an earlier version of the quiz.
    const options = catalog.get(question);
    if (!options || !options.includes(option)) throw new ShareLinkError("outdated");
    answers[question] = option;
  }
  return answers;
}
