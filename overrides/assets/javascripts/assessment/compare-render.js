// The comparison view's output, built from `compare(...).to_dict()` (ARCHITECTURE.md,
// "Comparisons and portfolios"). Nothing here scores or ranks: rungs, blocking gaps, the order
// of the differences and which way each one moves a rung all come from the scoring package.
// Text nodes only (dom.js); gap links come from the build, result links from compare-links.js.

import { h } from "./dom.js";

const rungTitle = (rung) => `Rung ${rung.number} — ${rung.name}`;

function heading(level, attrs, ...children) {
  return h(`h${Math.min(6, Math.max(2, level))}`, attrs, ...children);
}

// "Ana", "Ana and Ben", "Ana, Ben and Cy".
function names(list) {
  if (list.length <= 1) return list.join("");
  return `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

function gapName(gap, gapLinks) {
  return gapLinks[gap.id] ? h("a", { href: gapLinks[gap.id] }, gap.name) : gap.name;
}

// Every rung, top first as on the article's figure, each with the people who stand on it. The
// list is the chart and its text at once: a screen reader reads "Rung 2 — Validated pilot:
// Data lead, Security", the eye sees the names as markers on the rung.
function ladder(comparison, level) {
  const labels = comparison.people.map((person) => person.label);
  return h("div", { class: "assessment-compare__section" },
    heading(level, null, "Where each person places it"),
    h("ol", { class: "assessment-compare-ladder", reversed: true },
      [...comparison.rungs].reverse().map((rung) => h("li", {
        class: `assessment-compare-ladder__rung${rung.people.length ? " is-held" : ""}`,
        value: rung.number,
      },
      h("span", { class: "assessment-compare-ladder__name" }, rungTitle(rung),
        h("span", { class: "assessment-compare-ladder__sep" }, rung.people.length ? ": " : ": nobody")),
      rung.people.length
        ? h("ul", { class: "assessment-compare-ladder__people" },
          rung.people.map((index) => h("li", { class: "assessment-compare-person", "data-person": index },
            labels[index])))
        : null))));
}

// Each person: their rung, the gaps blocking their next rung, and their whole result.
function people(comparison, level, gapLinks, resultLinks) {
  const gapsById = new Map(comparison.gaps.map((gap) => [gap.id, gap]));
  return h("div", { class: "assessment-compare__section" },
    heading(level, null, "What blocks the next rung, for each person"),
    h("ul", { class: "assessment-compare-people" }, comparison.people.map((person, index) => {
      const gaps = person.blocking_gaps.map((id) => gapsById.get(id)).filter(Boolean);
      return h("li", { class: "assessment-compare-people__item", "data-person": index },
        h("p", { class: "assessment-compare-people__name" },
          h("strong", null, person.label), `: ${rungTitle(person.rung)}`),
        h("p", null, gaps.length
          ? ["Blocking: ", gaps.map((gap, i) => [i ? ", " : "", gapName(gap, gapLinks)])]
          : person.rung.number === comparison.rungs.length
            ? "Nothing blocks: this is the top of the ladder."
            : "Nothing blocks the next rung."),
        person.complete ? null : h("p", { class: "assessment-compare-people__note" },
          `${person.unanswered.length} question${person.unanswered.length === 1 ? "" : "s"} left unanswered (counted as not met).`),
        resultLinks[index] ? h("p", { class: "assessment-compare-people__open" }, h("a", { href: resultLinks[index] },
          `Open ${person.label}’s full result`)) : null);
    })));
}

// The gaps that block anyone, with who: what blocks the initiative, in the team's eyes.
function gapSummary(comparison, level, gapLinks) {
  const labels = comparison.people.map((person) => person.label);
  const blocking = comparison.gaps.filter((gap) => gap.blocking_for.length);
  if (!blocking.length) return null;
  return h("div", { class: "assessment-compare__section" },
    heading(level, null, "Gaps seen as blocking"),
    h("div", { class: "assessment-compare-gaps" }, h("table", null,
      h("thead", null, h("tr", null,
        h("th", { scope: "col" }, "Gap"),
        h("th", { scope: "col" }, "Blocking for"))),
      h("tbody", null, blocking.map((gap) => h("tr", null,
        h("th", { scope: "row" }, gapName(gap, gapLinks)),
        h("td", null, `${gap.blocking_for.length} of ${labels.length}: ${names(gap.blocking_for.map((i) => labels[i]))}`)))))));
}

// Which way this difference moves each person's rung (`rung_if`), in words.
function moves(difference, comparison) {
  const lines = [];
  difference.rung_if.forEach((range, index) => {
    const person = comparison.people[index];
    const now = person.rung.number;
    if (range.highest > now) {
      lines.push(`With the most mature answer here, ${person.label} would be on rung ${range.highest}.`);
    }
    if (range.lowest < now) {
      lines.push(`With the least mature answer here, ${person.label} would drop to rung ${range.lowest}.`);
    }
  });
  return lines.length
    ? h("div", { class: "assessment-compare-diff__moves" }, h("p", null, "How it moves the rung:"),
      h("ul", null, lines.map((line) => h("li", null, line))))
    : h("p", { class: "assessment-compare-diff__moves" }, "Settling this question would not move anyone’s rung on its own.");
}

function difference(item, comparison, gapLinks, emphasis) {
  const gap = comparison.gaps.find((g) => g.id === item.gap);
  const spread = [
    ...item.counts.filter((option) => option.count).map((option) => [option.count, option.label]),
    ...(item.unanswered ? [[item.unanswered, "Not answered"]] : []),
  ];
  return h("li", { class: `assessment-compare-diff${emphasis ? " is-most" : ""}` },
    emphasis ? h("p", { class: "assessment-compare-diff__flag" }, "Most disagreement") : null,
    h("p", { class: "assessment-compare-diff__prompt" }, item.prompt),
    h("p", { class: "assessment-compare-diff__meta" },
      gap ? ["Gap: ", gapName(gap, gapLinks), ". "] : null,
      item.decisive_for.length
        ? `Decides rung${item.decisive_for.length === 1 ? "" : "s"} ${names(item.decisive_for.map(String))}. `
        : "Does not decide a rung on its own. ",
      `Answers ${item.spread} step${item.spread === 1 ? "" : "s"} apart.`),
    h("dl", { class: "assessment-compare-diff__answers" }, comparison.people.map((person, index) => h("div", null,
      h("dt", null, person.label),
      h("dd", null, item.answers[index] ? item.answers[index].label : "Not answered")))),
    comparison.people.length > 2
      ? h("div", { class: "assessment-compare-diff__counts" }, h("p", null, "How the answers spread:"),
        h("ul", null, spread.map(([count, label]) => h("li", null, h("strong", null, `${count} × `), label))))
      : null,
    moves(item, comparison));
}

// The differences in the order the scoring package gives (decisive first, then by spread). With
// three or more people the first one is where the team disagrees most, and is marked so.
function differences(comparison, level, gapLinks) {
  const section = h("div", { class: "assessment-compare__section" });
  if (comparison.agree) {
    section.append(heading(level, null, "Where the answers differ"),
      h("p", { class: "assessment-compare__agree" },
        comparison.people.length === 2
          ? "You both gave the same answer to every question."
          : `You all agree: all ${comparison.people.length} gave the same answer to every question.`));
    return section;
  }
  const decisive = comparison.differences.filter((item) => item.decisive_for.length);
  const other = comparison.differences.filter((item) => !item.decisive_for.length);
  const team = comparison.people.length > 2;
  const list = (items, first) => h("ol", { class: "assessment-compare-diffs" },
    items.map((item, i) => difference(item, comparison, gapLinks, team && first && i === 0)));
  section.append(heading(level, null, `Where the answers differ (${comparison.differences.length})`),
    h("p", null, "Questions that move a rung come first, then the widest disagreements."));
  if (decisive.length) {
    section.append(heading(level + 1, null, `Differences that move a rung (${decisive.length})`), list(decisive, true));
  }
  if (other.length) {
    section.append(heading(level + 1, null, `Other differences (${other.length})`), list(other, !decisive.length));
  }
  return section;
}

/**
 * The whole comparison under a title (returned to focus). `resultLinks[i]` opens person i's
 * result on the quiz page.
 */
export function renderComparison(comparison, { level, gapLinks, resultLinks }) {
  const range = comparison.rung_range;
  const title = heading(level, { class: "assessment-compare__title", tabindex: "-1" },
    `Comparing ${comparison.people.length} people`);
  const view = h("div", { class: "assessment-compare__result" },
    title,
    h("p", { class: "assessment-compare__summary" }, range.lowest === range.highest
      ? `Everyone places it on rung ${range.lowest}.`
      : `They place it between rung ${range.lowest} and rung ${range.highest}.`),
    ladder(comparison, level + 1),
    people(comparison, level + 1, gapLinks, resultLinks),
    gapSummary(comparison, level + 1, gapLinks),
    differences(comparison, level + 1, gapLinks));
  return { view, title };
}
