// The question flow's pacing: a tap on an answer moves on by itself after a short beat, the
// way the best quiz tools feel on a phone (twelve questions, twelve taps).
//
// Only a pointer (finger, pen, mouse) does this. Keyboard and screen-reader users choose with
// arrows or Space and go on with Enter or Next: arrow keys select radios as they move, so an
// automatic advance there would skip questions before they are read. A pointer pick is told
// apart by the pointerdown that precedes its change event on the same option; keyboard changes
// have none.

export const BEAT_MS = 450; // long enough to see the chosen card light up, short enough not to wait
const POINTER_WINDOW_MS = 1500; // a change this long after a pointerdown on the card is a tap

export class AutoAdvance {
  constructor(form, onBeat, beatFor = () => BEAT_MS) {
    this.form = form;
    this.onBeat = onBeat; // called with the input once the beat has passed
    this.beatFor = beatFor; // how long the beat is for this input (0: go on at once)
    this.lastPointer = null; // {card, time}
    this.timer = 0;
    this.picked = null;
  }

  /** Remember the card a pointer went down on (listen for pointerdown on the form). */
  pointerDown(event) {
    const card = event.target.closest && event.target.closest(".assessment__option");
    this.lastPointer = card && this.form.contains(card)
      ? { card, time: performance.now(), wasChecked: Boolean(card.querySelector("input:checked")) }
      : null;
  }

  /** A click on an option: tapping the answer already chosen (no change event) goes on too. */
  clicked(input) {
    const pointer = this.lastPointer;
    if (pointer && pointer.wasChecked && pointer.card === input.closest(".assessment__option")) {
      this.changed(input);
    }
  }

  /** A change happened: start the beat if a pointer made it. Returns true when it did. */
  changed(input) {
    this.cancel();
    const card = input.closest(".assessment__option");
    const pointer = this.lastPointer;
    if (!card) return false;
    this.lastPointer = null;
    if (!pointer || pointer.card !== card || performance.now() - pointer.time > POINTER_WINDOW_MS || !input.checked) {
      return false;
    }
    this.picked = card;
    card.classList.add("is-picked");
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      this.clearPicked();
      this.onBeat(input);
    }, this.beatFor(input));
    return true;
  }

  /** Any other move (Next, Back, a new answer, leaving the page) ends a pending beat. */
  cancel() {
    if (this.timer) window.clearTimeout(this.timer);
    this.timer = 0;
    this.clearPicked();
  }

  clearPicked() {
    if (this.picked) this.picked.classList.remove("is-picked");
    this.picked = null;
  }
}

/**
 * Material's "Back to top" button floats over the top of the content when the visitor scrolls
 * up; over a quiz it covers the progress bar or the result's title. While any part of a quiz is
 * on screen, a class on <html> hides it (assessment.css). Returns a function that stops this.
 */
export function keepBackToTopOff(root) {
  if (typeof IntersectionObserver !== "function") return () => {};
  const html = document.documentElement;
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) html.classList.toggle("assessment-in-view", entry.isIntersecting);
  });
  observer.observe(root);
  return () => {
    observer.disconnect();
    html.classList.remove("assessment-in-view");
  };
}

/**
 * A link to the section the quiz opens ("Start the two-minute check" → #which-rung) takes the
 * visitor to the question itself: the section's heading at the top and focus on `legend()`
 * (null: not now). Only after an in-page link, never on page load, so a shared section link
 * starts nothing. `on` adds a listener that goes when the quiz unmounts.
 *
 * Material's instant navigation takes such a click over and swaps the page's content in again,
 * which drops the focus; so a plain left click on a link to this section is handled here, in
 * the capture phase, before Material sees it.
 */
export function landOnQuestion(root, legend, on) {
  const isHeading = (el) => /^H[1-6]$/.test(el.tagName);
  const sectionHeading = (hash) => {
    const target = hash.length > 1 && document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target || !isHeading(target)) return null;
    for (let el = target.nextElementSibling; el && !isHeading(el); el = el.nextElementSibling) {
      if (el === root) return target;
    }
    return null;
  };
  const land = () => {
    const to = sectionHeading(window.location.hash) && legend();
    if (to) to.focus({ preventScroll: true });
  };
  on(window, "hashchange", land);
  on(window, "click", (event) => {
    // (Material rewrites in-page hrefs to full addresses: compare the address, not the attribute.)
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || !link.hash || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const here = new URL(window.location.href);
    if (link.origin !== here.origin || link.pathname !== here.pathname || link.search !== here.search) return;
    const heading = sectionHeading(link.hash);
    if (!heading) return;
    event.preventDefault();
    event.stopPropagation();
    window.history.pushState(window.history.state, "", link.hash);
    heading.scrollIntoView({ block: "start" });
    land();
  }, { capture: true });
}
