// A whole portfolio as one link, in the fragment only (browsers never send it to a server):
//
//   #portfolio=<name>=<answers>,<name>=<answers>,…
//
// <name> is the initiative's name, percent-encoded (encodeURIComponent, which also encodes
// "=" and ","); <answers> is exactly a share link's payload (share.js, "v2:<fingerprint>.<one
// character per question>"), so a link made for another version of the quiz is refused as a
// whole. At most MAX_INITIATIVES entries, each name valid as the store requires: a link is
// either a complete, valid portfolio or it is refused, never read in part.

import * as share from "./share.js";
import { MAX_INITIATIVES, MAX_NAME, cleanName } from "./portfolio-store.js";

const HEAD = "#portfolio=";

export function encodePortfolio(assessment, initiatives, catalog) {
  const entries = initiatives.map(({ name, answers }) => {
    const payload = share.addressedTo(assessment, share.encode(assessment, answers, catalog));
    return `${encodeURIComponent(name)}=${payload}`;
  });
  return HEAD + entries.join(",");
}

/** True when `hash` is meant for the portfolio view (valid or not). */
export function isPortfolioLink(hash) {
  return typeof hash === "string" && hash.startsWith(HEAD);
}

/** [{name, answers}] from a `#portfolio=` fragment, or null when it is damaged in any way. */
export function decodePortfolio(hash, catalog) {
  if (!isPortfolioLink(hash)) return null;
  const body = hash.slice(HEAD.length);
  // Each entry is at most a percent-encoded name (12 characters per character at worst) and a
  // payload of one character per question plus its head.
  const most = MAX_INITIATIVES * (MAX_NAME * 12 + catalog.size * 200 + 40);
  if (!body || body.length > most) return null;
  const entries = body.split(",");
  if (entries.length > MAX_INITIATIVES) return null;
  const initiatives = [];
  const seen = new Set();
  for (const entry of entries) {
    const cut = entry.indexOf("=");
    if (cut < 1) return null;
    let name;
    try {
      name = cleanName(decodeURIComponent(entry.slice(0, cut)));
    } catch {
      return null;
    }
    if (!name || seen.has(name)) return null;
    seen.add(name);
    try {
      initiatives.push({ name, answers: share.decode(entry.slice(cut + 1), catalog) });
    } catch {
      return null; // share.ShareLinkError: damaged, outdated or another version
    }
  }
  return initiatives;
}
