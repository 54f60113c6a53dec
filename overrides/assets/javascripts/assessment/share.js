// Share links: the answers travel in the URL fragment only, which browsers never send to a
// server.
//
//   #<assessment>=v1:<question>.<option>,<question>.<option>,...
//   e.g. #ladder=v1:outcome.named_metric,data.pipelines,users.several_teams
//
// "v1" is the format version: a later format gets "v2" and old links keep working or get a
// plain "this link is from another version" message. Ids are percent-encoded (with "." and ","
// encoded too), so any id survives. Parsing is strict and bounded: a fragment is either a
// complete, valid set of answers to questions on this page, or it is refused as a whole.

export const VERSION = "v1";
const MAX_LENGTH = 4096;
const MAX_ID = 100;

function encodeId(id) {
  return encodeURIComponent(id).replace(/\./g, "%2E").replace(/,/g, "%2C");
}

export function encode(name, answers) {
  const pairs = Object.entries(answers).map(([q, o]) => `${encodeId(q)}.${encodeId(o)}`);
  return `#${encodeId(name)}=${VERSION}:${pairs.join(",")}`;
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
 * Answers from a payload, or a ShareLinkError. `isValid(question, option)` checks an id pair
 * against the questions rendered on the page.
 */
export function decode(payload, isValid, questionCount) {
  if (payload.length > MAX_LENGTH) throw new ShareLinkError("damaged");
  const colon = payload.indexOf(":");
  if (colon < 0) throw new ShareLinkError("damaged");
  const version = payload.slice(0, colon);
  if (version !== VERSION) throw new ShareLinkError(/^v\d{1,3}$/.test(version) ? "version" : "damaged");
  const body = payload.slice(colon + 1);
  if (!body) throw new ShareLinkError("damaged");
  const pairs = body.split(",");
  if (pairs.length > questionCount) throw new ShareLinkError("damaged");
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
    if (!isValid(question, option)) throw new ShareLinkError("outdated");
    answers[question] = option;
  }
  return answers;
}
