"""Options of the `seo` plugin, as set under `plugins: - seo:` in mkdocs.yml."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class SeoConfig(Config):
    enabled = c.Type(bool, default=True)

    # The id of the heading that starts a page's FAQ section (`## Frequently asked questions {#faq}`).
    # Every `??? question` block after it, up to the next heading of the same level, is one entry
    # of the page's FAQPage JSON-LD.
    faq_heading_id = c.Type(str, default="faq")

    # The schema.org type a page gets when its front matter sets no `schema_type`.
    default_schema_type = c.Choice(("WebPage", "Article"), default="WebPage")
