"""Quiz and figure markup, rendered from Jinja templates in `overrides/partials/assessment/`.

The templates hold the design; this module only prepares what they need: the definition data,
links resolved relative to the page that embeds them, and the one JSON config that carries the
runtime settings to `assessment.js`.

The JSON sits in a `data-assessment-config` attribute on the quiz element, not in a
`<script type="application/json">`: Material's instant navigation re-creates every `<script>`
inside the page content as a plain `<script>` (copying its text, not its `type`), so a JSON
block would be executed as JavaScript (a SyntaxError) on every instant navigation to the page. Every link written is relative, so the built folder works
under any host and sub-path.

Search: the quiz is wrapped in an element carrying `data-search-exclude` (honoured by
Material's search plugin, which indexes `page.content` after `on_page_content` has run). The
questions and answer labels are a tool, not prose: indexing them would make every search for
"data" or "owner" land on radio-button labels instead of the article sections that explain them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jinja2 import Environment, TemplateNotFound
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    from .config import AssessmentConfig
    from .definitions import Definition
    from .engine import EngineFiles

QUIZ_TEMPLATE = "partials/assessment/quiz.html"
VIEW_PREFIX = "partials/assessment/view-"
FIGURE_PREFIX = "partials/assessment/figure-"
WORKER_SCRIPT = "assets/javascripts/assessment-worker.js"

# Bumped when the shape of the JSON config block changes, so assessment.js can refuse a page
# built for another version of it instead of misreading it.
CONFIG_VERSION = 1


class Renderer:
    def __init__(
        self,
        env: Environment,
        definitions: dict[str, Definition],
        engine: EngineFiles | None,
        plugin_config: AssessmentConfig,
        mkdocs_config: MkDocsConfig,
        files: Files,
        placed: dict[tuple[str, str], Any] | None = None,
    ) -> None:
        # The theme's environment does not autoescape; quiz and figure templates put text from the
        # quiz files into HTML, so everything they render is escaped unless marked safe.
        self.env = env.overlay(autoescape=True)
        self.definitions = definitions
        self.engine = engine
        self.plugin_config = plugin_config
        self.mkdocs_config = mkdocs_config
        self.files = files
        # (assessment, "quiz" | "compare" | "portfolio") -> the page that holds it (plugin.py).
        self.placed = placed or {}
        # Quizzes placed so far per page: ids in the markup get a per-page unique prefix, so the
        # same assessment can be placed twice on one page without duplicate ids.
        self._placed: dict[str, int] = {}

    # -- public API ----------------------------------------------------------------------------

    def quiz(self, definition: Definition, page: Page) -> str:
        """The quiz markup for `definition`, as embedded in `page`."""
        data = definition.data
        gap_links = self._gap_links(definition, page)
        config = self._front_end_config(definition, page, gap_links)
        template = self._template(QUIZ_TEMPLATE, page)
        count = self._placed.get(page.file.src_uri, 0) + 1
        self._placed[page.file.src_uri] = count
        prefix = f"assessment-{definition.name}" + (f"-{count}" if count > 1 else "")
        return template.render(
            assessment=data,
            name=definition.name,
            prefix=prefix,
            digest=definition.digest,
            gap_links=gap_links,
            gaps={gap["id"]: gap for gap in data.get("gaps", [])},
            # A plain string: autoescape turns it into a safe attribute value.
            config_json=_json_for_html(config),
            page=page,
            config=self.mkdocs_config,
        )

    def figure(self, definition: Definition, kind: str, page: Page) -> str:
        """A figure generated from `definition` (`<!-- assessment-figure: NAME KIND -->`)."""
        kinds = self.figure_kinds()
        if kind not in kinds:
            raise PluginError(
                f"{page.file.src_uri}: the figure marker for '{definition.name}' asks for the "
                f"kind '{kind or '(none)'}', which has no template; kinds available: "
                f"{', '.join(kinds) or 'none'} (templates {FIGURE_PREFIX}<kind>.html in overrides/)."
            )
        template = self._template(f"{FIGURE_PREFIX}{kind}.html", page)
        return template.render(assessment=definition.data, page=page, config=self.mkdocs_config)

    def view(self, definition: Definition, view: str, page: Page) -> str:
        """The comparison or portfolio view (`<!-- assessment-compare: NAME -->`, `-portfolio`).

        A view scores with the same engine as the quiz and opens results on the quiz's page, so
        its config is the quiz's plus that page's address and the questions' option ids.
        """
        quiz_page = self.placed.get((definition.name, "quiz"))
        if quiz_page is None:
            raise PluginError(
                f"{page.file.src_uri}: the {view} view of '{definition.name}' opens results on the "
                f"page that holds the quiz, but no page places `<!-- assessment: {definition.name} -->`."
            )
        config = self._front_end_config(definition, page, self._gap_links(definition, page))
        config["quizURL"] = _relative(quiz_page.url, page)  # results open there
        config["catalog"] = [
            [question["id"], [option["id"] for option in question["options"]]]
            for question in definition.data["questions"]
        ]
        template = self._template(f"{VIEW_PREFIX}{view}.html", page)
        return template.render(
            assessment=definition.data,
            name=definition.name,
            view=view,
            # The view's own stylesheet, linked where the view is placed: other pages never
            # wait for it (assessment/styles.js loads it for the parts under a quiz result).
            styles_url=_relative(f"assets/stylesheets/{view}.css", page),
            config_json=_json_for_html(config),
            page=page,
            config=self.mkdocs_config,
        )

    def figure_kinds(self) -> list[str]:
        names = self.env.list_templates(
            filter_func=lambda name: name.startswith(FIGURE_PREFIX) and name.endswith(".html")
        )
        return sorted({name[len(FIGURE_PREFIX) : -len(".html")] for name in names})

    # -- helpers -------------------------------------------------------------------------------

    def _template(self, name: str, page: Page):
        try:
            return self.env.get_template(name)
        except TemplateNotFound as error:
            raise PluginError(
                f"{page.file.src_uri}: the assessment template '{name}' is missing from "
                f"overrides/ ({error})."
            ) from error

    def _gap_links(self, definition: Definition, page: Page) -> dict[str, str]:
        """Each gap's docs-relative `link` (`index.md#gap-value`) as a URL relative to `page`."""
        links: dict[str, str] = {}
        for index, gap in enumerate(definition.data.get("gaps", [])):
            link = gap.get("link")
            if not link:
                continue
            links[gap["id"]] = self._resolve_docs_link(
                link, page, where=f"{definition.src_uri}: gaps[{index}].link"
            )
        return links

    def _resolve_docs_link(self, link: str, page: Page, *, where: str) -> str:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            # An absolute address is the author's choice; it is written as given.
            return link
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if not parts.path:
            return fragment or "."
        target = self.files.get_file_from_path(parts.path.lstrip("/"))
        if target is None or not target.is_documentation_page():
            raise PluginError(
                f"{where} links to '{link}', but there is no page '{parts.path}' in "
                f"{self.mkdocs_config.docs_dir} (embedded in {page.file.src_uri})."
            )
        return _relative(target.url, page) + fragment

    def _front_end_config(
        self, definition: Definition, page: Page, gap_links: dict[str, str]
    ) -> dict[str, Any]:
        engine = self.engine
        if engine is None:
            raise PluginError(
                f"{page.file.src_uri}: the quiz '{definition.name}' needs the Pyodide engine, "
                "which was not prepared (the assessment plugin's on_files did not run)."
            )
        extra = self.mkdocs_config.extra or {}
        publisher = extra.get("publisher") or {}
        name = publisher.get("name") or self.mkdocs_config.site_name
        # The result's booking button is content (mkdocs.yml extra.call_to_action.quiz_button).
        button = (extra.get("call_to_action") or {}).get("quiz_button") or "Book a call with {name}"
        return {
            "version": CONFIG_VERSION,
            "assessment": definition.name,
            "digest": definition.digest,
            "worker": _relative(WORKER_SCRIPT, page),
            # The definition changes with each edit while its URL does not: the digest in the
            # query makes a browser that cached an older copy fetch the one this page was built
            # with, so the questions on screen and the ones scored always agree.
            "definition": _relative(engine.definition_uri(definition.name), page)
            + f"?v={definition.digest[:16]}",
            "runtime": {
                "indexURL": _relative(engine.index_uri, page),
                "lockFileURL": _relative(engine.lock_uri, page),
                "stdLibURL": _relative(engine.stdlib_uri, page) if engine.stdlib_uri else None,
                "package": engine.package,
            },
            "timeoutMs": int(self.plugin_config.engine_timeout) * 1000,
            # What the worker fetches (uncompressed), for the visitor's "x of about y MB".
            "downloadBytes": getattr(engine, "download_bytes", None),
            "bookingUrl": publisher.get("booking_url") or None,
            "publisher": name,
            "bookingButton": str(button).replace("{name}", name),
            "gapLinks": gap_links,
            # The comparison and portfolio pages, where the site has them (null otherwise).
            "viewURLs": {
                view: _relative(target.url, page) if target else None
                for view in ("compare", "portfolio")
                for target in [self.placed.get((definition.name, view))]
            },
        }


def _relative(site_path: str, page: Page) -> str:
    """`site_path` (site-relative, as MkDocs writes `File.url`) relative to `page`."""
    url = get_relative_url(site_path, page.url)
    # get_relative_url drops a trailing slash ('' -> '..'); a folder URL keeps it, so that
    # `new URL(name, folder)` in the browser resolves inside the folder.
    if (site_path.endswith("/") or site_path == "") and not url.endswith("/"):
        url += "/"
    return url


def _json_for_html(value: Any) -> str:
    """JSON safe inside HTML: `<`, `>`, `&` and `'` escaped as JSON unicode escapes.

    `</script>` can then never close the element early, and the text is also safe in a
    single-quoted attribute.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
