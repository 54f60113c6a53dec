"""Options of the `editorial` plugin, as set under `plugins: - editorial:` in mkdocs.yml."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class EditorialConfig(Config):
    enabled = c.Type(bool, default=True)

    # What each page must keep, page by page (relative to docs_dir): a quiz or figure marker line
    # (`<!-- assessment: ladder -->`) or the end of a heading (`{#faq}`). The one place that says
    # which page carries which quiz and figure: a missing or mistyped line stops the build.
    pages = c.Type(dict, default={})
