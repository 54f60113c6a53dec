"""Checks for every link an editor can set in mkdocs.yml or a quiz file.

A browser ignores tabs and newlines anywhere in a URL, strips leading control characters and
spaces, and reads the scheme case-insensitively: `  JaVa\tScript:alert(1)` runs script. So the
scheme is read the way a browser reads it (after undoing HTML character references, which the
copyright line or any HTML value may carry) before it is compared.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

DANGEROUS_SCHEMES = ("javascript", "data", "vbscript")
# The placeholders the quiz fills in from a visitor's result (see quiz.js and EDITING.md).
BOOKING_PLACEHOLDERS = ("rung", "rung_name", "blockers")
_EMAIL = re.compile(r"[^@\s:/<>\"']+@[^@\s:/<>\"']+\.[^@\s:/<>\"'.]+")


def browser_scheme(value: str) -> str | None:
    """The scheme a browser would see in `value`, lowercased, or None for a relative link."""
    text = html.unescape(value)
    # Remove what browsers remove: all whitespace and control characters (tabs and newlines
    # anywhere; spaces and controls at the start), here everywhere, to be on the safe side.
    text = re.sub(r"[\x00-\x20\x7f]+", "", text)
    m = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", text)
    return m[1].lower() if m else None


def dangerous(value: str) -> str | None:
    """The dangerous scheme `value` uses (`javascript`, `data`, `vbscript`), if any."""
    scheme = browser_scheme(value)
    return scheme if scheme in DANGEROUS_SCHEMES else None


def refuse_scheme(value: str, scheme: str) -> str:
    return (
        f"`{_visible(value.strip())}` is a `{scheme}:` link, which runs code or hides content in the "
        "visitor's browser; the site refuses it. Write a web address starting with https://, "
        "or a page of the site such as `index.md#faq`."
    )


def not_https(field: str, value: str) -> str | None:
    """Why `value` is not an absolute https:// address, or None if it is."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() == "https" and parts.netloc:
        return None
    example = "https://" + (value.strip().split("://", 1)[-1] or "example.com/")
    return (
        f"`{field}` is `{value}`, which is not a full web address: visitors would get a dead link. "
        f"Write the whole address starting with https://, e.g. `{example}`."
    )


def email_problem(field: str, value: str) -> str | None:
    address = value.strip()
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:"):]
    if _EMAIL.fullmatch(address):
        return None
    return (
        f"`{field}` is `{value}`, which is not an e-mail address. Write just the address, "
        "e.g. `hello@example.com` (or `mailto:hello@example.com`)."
    )


def booking_problems(value: str) -> list[str]:
    """Unknown or unclosed `{placeholders}` in the booking link, each as a message."""
    known = ", ".join(f"{{{name}}}" for name in BOOKING_PLACEHOLDERS)
    problems = []
    for m in re.finditer(r"\{([^{}]*)(\}|$|(?=\{))", value):
        name, closed = m[1], m[2] == "}"
        if not closed:
            problems.append(
                f"`booking_url` has `{{{name}` with no closing `}}`. Write `{{{name.strip()}}}` "
                f"(the placeholders are {known})."
            )
        elif name not in BOOKING_PLACEHOLDERS:
            problems.append(
                f"`booking_url` has the placeholder `{{{name}}}`, which the quiz cannot fill in. "
                f"Use one of {known}, or remove it."
            )
    if "}" in re.sub(r"\{[^{}]*\}", "", value):
        problems.append(
            f"`booking_url` has a `}}` with no opening `{{`. Write one of {known}, or remove it."
        )
    return problems


def _visible(text: str) -> str:
    """Tabs and line breaks shown as `\\t` / `\\n`, so the message shows what the file holds."""
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
