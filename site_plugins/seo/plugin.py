"""The `seo` plugin: JSON-LD for every page, derived from what the page itself says.

- `Article` (or `WebPage`) from the page title, its front-matter `description`, its canonical URL
  and the publisher in `extra.publisher`;
- `FAQPage` from the page's rendered FAQ (`??? question` blocks under the `{#faq}` heading), so
  the FAQ is written once, in Markdown, and the structured data can never disagree with it.

The result is stored in `page.meta["jsonld"]` (a list of dicts); `overrides/main.html` writes one
`<script type="application/ld+json">` per item. The plugin also gives templates the `booking_url`
filter, which fills the `{rung}`-style placeholders of `extra.publisher.booking_url`.

For people and link previews, from the same values:

- an Article's byline under its title (publisher, published and updated dates from the page's
  `date:` / `updated:` front matter, reading time), the same values as its JSON-LD
  (`partials/article/byline.html`);
- the publisher's call to action wherever a page has `<!-- publisher-cta -->` on its own line
  (`partials/article/cta.html`, also used at the end of every page by main.html);
- a 1200x630 preview card per page (`cards.py`), in `page.meta["card"]` for the og:image tags.
"""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.pages import Page

from . import cards
from .config import SeoConfig
from .faq import extract_faq, normalize

log = get_plugin_logger(__name__)

PUBLISHER_KEYS = ("name", "url", "contact_email", "booking_url")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
CTA_MARKER = re.compile(r"^\s*(?:<p>)?<!--\s*publisher-cta\s*-->(?:</p>)?\s*$", re.MULTILINE)
# The quiz is a form to fill in, not text to read: it does not count towards the reading time.
_QUIZ_BLOCK = re.compile(r"<section class=\"assessment\".*?</section>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
WORDS_PER_MINUTE = 230


def reading_minutes(html: str) -> int:
    text = _TAG.sub(" ", _QUIZ_BLOCK.sub(" ", html))
    return max(1, math.ceil(len(re.findall(r"\w+", text)) / WORDS_PER_MINUTE))


def _as_date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def fill_booking_url(template: str, **values: object) -> str:
    """Fill `{name}` placeholders; a query parameter whose placeholders have no value is dropped,
    so the generic link has no empty `rung=` in it."""
    parts = urlsplit(template)
    kept = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        names = _PLACEHOLDER.findall(value)
        if names and not all(values.get(name) not in (None, "") for name in names):
            continue
        kept.append((key, _PLACEHOLDER.sub(lambda m: str(values[m[1]]), value)))
    return urlunsplit(parts._replace(query=urlencode(kept)))


class SeoPlugin(BasePlugin[SeoConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.env = None
        self.cards: dict[str, dict] = {}  # card path in the site -> what to draw

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        publisher = (config.extra or {}).get("publisher")
        missing = [key for key in PUBLISHER_KEYS if not (publisher or {}).get(key)]
        if missing:
            raise PluginError(
                "mkdocs.yml: `extra.publisher` needs "
                + ", ".join(f"`{key}`" for key in missing)
                + " (the brand and links every page shows). See EDITING.md, 'Brand and links'."
            )
        if "pymdownx.details" not in config.markdown_extensions:
            raise PluginError(
                "The seo plugin reads the FAQ from `??? question` blocks: add "
                "`pymdownx.details` to `markdown_extensions` in mkdocs.yml."
            )
        return config

    # Every page needs a description (search results, link previews). MkDocs silently ignores a
    # front matter block it cannot parse (typically a title with an unquoted colon), which would
    # drop the title and description without a word: stop the build and say where instead.
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files):
        if not self.config.enabled:
            return markdown
        where = f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}"
        if not page.meta and re.match(r"\A---\s*\n", markdown):
            raise PluginError(
                f"{where}: the settings between the two `---` lines at the top could not be read. "
                "Usually a value contains a colon: put it in double quotes, e.g. "
                '`title: "From Pilot to Production: why enterprise AI stalls"`.'
            )
        for key in ("date", "updated"):
            if page.meta.get(key) is not None and _as_date(page.meta[key]) is None:
                raise PluginError(
                    f"{where}: `{key}: {page.meta[key]}` is not a date. Write it as "
                    f"year-month-day, for example `{key}: 2026-03-15`."
                )
        if not str(page.meta.get("description") or "").strip():
            raise PluginError(
                f"{where}: no `description:` at the top of the page. Add one (about 150 "
                "characters): search engines and link previews show it. See EDITING.md."
            )
        return markdown

    def on_env(self, env, *, config: MkDocsConfig, files):
        env.filters["booking_url"] = lambda template, **values: fill_booking_url(template, **values)
        self.env = env
        self.cards = {}
        return env

    # After every plugin's on_page_content (the quiz and figures are in place), before the
    # template renders: page.content is final here.
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if not self.config.enabled:
            return context
        byline = self.byline(page, config)
        page.meta["byline"] = byline
        page.meta["card"] = self.card(page, config)
        page.meta["jsonld"] = self.structured_data(page, config)
        if self.env is not None:
            page.content = self.place_byline_and_cta(page, config, byline)
        # MkDocs renders templates without autoescaping, and Material writes `page.meta.title`
        # and `page.meta.description` into attributes as they are: a quote in a description
        # (`How the "Which rung…" assessment`) would break the <meta> tag. Markup-escaped values
        # print correctly there and are not escaped twice by a template's `| e`.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], Markup):
                page.meta[key] = escape(normalize(page.meta[key]))
        return context

    def byline(self, page: Page, config: MkDocsConfig) -> dict | None:
        """Publisher, dates and reading time of an Article; None for other pages."""
        schema_type = page.meta.get("schema_type") or self.config.default_schema_type
        if schema_type != "Article":
            return None
        publisher = config.extra["publisher"]
        return {
            "publisher": publisher["name"],
            "publisher_url": publisher["url"],
            "published": _as_date(page.meta.get("date")),
            "updated": _as_date(page.meta.get("updated")),
            "minutes": reading_minutes(page.content or ""),
        }

    def place_byline_and_cta(self, page: Page, config: MkDocsConfig, byline: dict | None) -> str:
        content = page.content or ""
        context = {"config": config, "page": page}
        if byline:
            html = self.env.get_template("partials/article/byline.html").render(byline=byline, **context)
            content = re.sub(r"(</h1>)", lambda m: m[1] + html, content, count=1)
        count = 0

        def cta(_match) -> str:
            nonlocal count
            count += 1
            return self.env.get_template("partials/article/cta.html").render(
                cta_id=f"p2p-cta-title-{count}", cta_inline=True, **context
            )

        return CTA_MARKER.sub(cta, content)

    def card(self, page: Page, config: MkDocsConfig) -> dict | None:
        """Register the page's preview card (drawn in on_post_build); its og:image values."""
        title = normalize(str(page.meta.get("title") or page.title or config.site_name))
        path = cards.card_path(page.url)
        publisher = config.extra["publisher"]
        self.cards[path] = {
            "title": title,
            "site_name": config.site_name,
            "publisher": publisher["name"],
            "colour": cards.brand_colour(config.theme.get("palette"), publisher.get("brand_color")),
            "subtitle": normalize(str(page.meta["card_subtitle"])) if page.meta.get("card_subtitle") else None,
        }
        if not config.site_url:
            return None  # og:image must be an absolute address
        return {
            "url": config.site_url.rstrip("/") + "/" + path,
            "width": cards.WIDTH,
            "height": cards.HEIGHT,
            "alt": f"{title} — {config.site_name}",
        }

    def on_post_build(self, *, config: MkDocsConfig):
        if not self.config.enabled:
            return
        for path, values in self.cards.items():
            cards.draw_card(Path(config.site_dir) / path, **values)

    def structured_data(self, page: Page, config: MkDocsConfig) -> list[dict]:
        publisher = config.extra["publisher"]
        organization = {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]}
        description = normalize(str(page.meta.get("description") or config.site_description or ""))
        schema_type = page.meta.get("schema_type") or self.config.default_schema_type
        if schema_type not in ("WebPage", "Article"):
            raise PluginError(
                f"{page.file.src_uri}: front matter `schema_type: {schema_type}` is not supported "
                "(use Article or WebPage)."
            )
        title = normalize(str(page.meta.get("title") or page.title or config.site_name))
        main: dict = {
            "@context": "https://schema.org",
            "@type": schema_type,
            ("headline" if schema_type == "Article" else "name"): title,
            "description": description,
            "inLanguage": config.theme.get("language") or "en",
            "publisher": organization,
        }
        if page.canonical_url:
            main["url"] = page.canonical_url
            main["mainEntityOfPage"] = page.canonical_url
        if schema_type == "Article":
            main["author"] = organization
        for key, field in (("date", "datePublished"), ("updated", "dateModified")):
            if _as_date(page.meta.get(key)):
                main[field] = _as_date(page.meta[key]).isoformat()
        byline = page.meta.get("byline")
        if byline:
            main["timeRequired"] = f"PT{byline['minutes']}M"
        card = page.meta.get("card")
        if card:
            main["image"] = card["url"]
        items = [main]

        entries = extract_faq(page.content or "", self.config.faq_heading_id)
        if entries:
            faq = {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": entry.question,
                        "acceptedAnswer": {"@type": "Answer", "text": entry.answer},
                    }
                    for entry in entries
                ],
            }
            if page.canonical_url:
                faq["url"] = page.canonical_url + "#" + self.config.faq_heading_id
            items.append(faq)
        return items
