// What the portfolio (its page, and the "Save to portfolio" part of a result) says to the
// visitor. Plain words: what happened, what is still there, what to do.

export const PORTFOLIO = {
  empty: "Your portfolio is empty. Take the assessment for one initiative, then save the result here under a name.",
  storageOff:
    "This browser is not letting the site keep your portfolio on this device (storage is full or turned off). What is on screen stays until you leave the page: export it to keep a copy.",
  dropped: (count) =>
    `The assessment has changed since you saved: ${count} saved answer${count === 1 ? "" : "s"} no longer fit${count === 1 ? "s" : ""} it and ${count === 1 ? "was" : "were"} dropped. Everything else is kept.`,
  nameMissing: "Give the initiative a name first.",
  nameTooLong: (max) => `Keep the name to ${max} characters or fewer.`,
  full: (max) => `Your portfolio already holds ${max} initiatives, the most it can. Delete one first.`,
  clash: (name) => `“${name}” is already in your portfolio.`,
  saved: (name) => `Saved “${name}” to your portfolio.`,
  replaced: (name) => `Replaced “${name}” in your portfolio.`,
  renamed: (name) => `Renamed to “${name}”.`,
  duplicated: (name) => `Added a copy: “${name}”.`,
  deleted: (name) => `Deleted “${name}”.`,
  restored: (name) => `“${name}” is back.`,
  imported: (added, skipped) =>
    `Added ${added} initiative${added === 1 ? "" : "s"} to your portfolio${skipped ? ` (${skipped} skipped)` : ""}.`,
  linkCopied: "Link copied. Anyone who opens it sees this portfolio; the answers are in the link itself.",
  linkManual: "Copy the link below; anyone who opens it sees this portfolio.",
  shared: (count) =>
    `This portfolio of ${count} initiative${count === 1 ? "" : "s"} was shared with you. It is only shown, not saved: your own portfolio is unchanged.`,
  badLink:
    "This portfolio link is damaged, incomplete or made for another version of the assessment, so it cannot be shown. Your own portfolio is unchanged.",
  badFile: (why) => `This file cannot be imported: ${why}. Your portfolio is unchanged.`,
};
