// Small DOM builders. Everything the quiz shows after the build goes through here: text is set
// with text nodes only (never innerHTML), so nothing from a result, a share link or storage can
// ever be parsed as markup.

const SVG_NS = "http://www.w3.org/2000/svg";

// Links the quiz may render: relative ones (they resolve to the page's own http(s)), http(s)
// and mailto. The build already refuses other schemes in content files; this is the second
// line, so a javascript:, data: or vbscript: link (any case, with tabs or newlines inside,
// which the URL parser strips) never becomes an href, whatever the config or result says.
const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/** `url` if it is safe to put in an href, else null. */
export function safeHref(url) {
  try {
    return SAFE_SCHEMES.has(new URL(String(url), window.location.href).protocol) ? String(url) : null;
  } catch {
    return null;
  }
}

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

function assign(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.setAttribute("class", value);
    else if (key === "href" || key === "xlink:href") {
      const href = safeHref(value);
      if (href !== null) el.setAttribute(key, href);
    }
    else if (key === "text") el.textContent = String(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  return el;
}

/** h("p", {class: "x"}, "text", child, ...): an HTML element. */
export function h(tag, attrs, ...children) {
  return append(assign(document.createElement(tag), attrs), children);
}

/** s("rect", {...}): an SVG element (attributes only: no `style`, which a strict CSP blocks). */
export function s(tag, attrs, ...children) {
  return append(assign(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** The children of a build-time <template data-assessment-copy=NAME>, cloned (static markup). */
export function copy(root, name) {
  const template = root.querySelector(`template[data-assessment-copy="${name}"]`);
  return template ? template.content.cloneNode(true) : document.createDocumentFragment();
}

/** Move focus without scrolling the page under a sticky header more than needed. */
export function focus(el) {
  if (!el) return;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: "nearest", behavior: prefersReducedMotion() ? "auto" : "smooth" });
}

export function prefersReducedMotion() {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}
