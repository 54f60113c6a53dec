// "Compare with a colleague" under the visitor's own result: a link to the compare page with
// their answers already in it (in the fragment, like a share link), where they paste a
// colleague's link. Only a link: nothing is written, and nothing is sent.

import { h } from "./dom.js";
import { writeFragment } from "./compare-links.js";

/** The invitation, or null when the site has no compare page. `payload`: the share payload. */
export function compareInvite(comparePage, payload) {
  if (!comparePage || !payload) return null;
  const url = new URL(comparePage);
  url.hash = writeFragment([{ label: "You", link: payload }]);
  return h("p", { class: "assessment-result__compare", "data-assessment-compare-invite": true },
    "Does a colleague see it differently? ",
    h("a", { href: url.href }, "Compare with a colleague"),
    ": your answers go along in the link; paste theirs next to them.");
}
