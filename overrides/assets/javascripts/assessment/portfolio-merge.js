// Adding initiatives from a file or a shared link to the visitor's portfolio. A name already in
// the portfolio is asked about, one by one (Replace it / Keep both / Skip); every answer is
// collected first and only then is anything written, so a portfolio that would grow past its
// limit is refused whole and nothing changes.

import { PORTFOLIO } from "./portfolio-messages.js";
import { MAX_INITIATIVES } from "./portfolio-store.js";

/**
 * Adds `incoming` ([{name, answers}]) to `store`; `askClash(name)` resolves to "replace",
 * "keep" or "skip". Returns {added, skipped}, or {error} when the portfolio would be too big.
 */
export async function merge(store, incoming, askClash) {
  const plan = [];
  for (const item of incoming) {
    const mode = store.find(item.name) ? await askClash(item.name) : "new";
    plan.push([item, mode]);
  }
  const growing = plan.filter(([, mode]) => mode === "new" || mode === "keep").length;
  if (store.initiatives.length + growing > MAX_INITIATIVES) {
    return { error: PORTFOLIO.full(MAX_INITIATIVES) };
  }
  let added = 0;
  for (const [item, mode] of plan) {
    if (mode === "skip") continue;
    // Another tab may have added or removed the name meanwhile: never overwrite unasked.
    const clash = store.find(item.name);
    store.add(item, clash ? (mode === "new" ? "keep" : mode) : "new");
    added++;
  }
  return { added, skipped: plan.length - added };
}
