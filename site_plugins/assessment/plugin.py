"""The `assessment` plugin: from `content/assessments/*.yml` to a quiz scored by Pyodide.

The work is split into modules with one job each; this class only wires them to MkDocs events:

- `definitions`: read and validate every quiz file (file + line in every error);
- `engine`: the Pyodide runtime (npm tarball, sha512-verified, cached), the `scoring` wheel and
  the `pyodide-lock.json` that registers it;
- `render`: the quiz and figure markup, from Jinja templates in `overrides/`.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import definitions, engine, render
from .config import AssessmentConfig

log = get_plugin_logger(__name__)

# One-line markers a Markdown page places; Python-Markdown passes HTML comments through untouched,
# so a page still renders (without the quiz) if the plugin is ever switched off.
# `assessment` places the quiz, `assessment-figure` a figure (with its kind), and
# `assessment-compare` / `assessment-portfolio` the comparison and portfolio views.
MARKER = re.compile(
    r"<!--\s*assessment(?:-(?P<view>figure|compare|portfolio))?:\s*(?P<name>[A-Za-z0-9_-]+)"
    r"(?:\s+(?P<kind>[a-z-]+))?\s*-->"
)
# The quiz and its views, as `MARKER` reads them: for finding the pages that hold them.
PLACED_MARKER = re.compile(
    r"<!--\s*assessment(?:-(?P<view>compare|portfolio))?:\s*(?P<name>[A-Za-z0-9_-]+)\s*-->"
)

FRONT_END_SCRIPT = "assets/javascripts/assessment.js"
FRONT_END_STYLES = "assets/stylesheets/assessment.css"
# The comparison and portfolio views keep their styles in compare.css and portfolio.css, which
# the front end loads when it needs them (assessment/styles.js), not on every page's first paint.


class AssessmentPlugin(BasePlugin[AssessmentConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.definitions: dict[str, definitions.Definition] = {}
        self.engine: engine.EngineFiles | None = None
        self.renderer: render.Renderer | None = None

    # Runs early (high priority) so the front end is first in extra_javascript / extra_css and
    # a site owner's own files, listed after it, win.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        if not config.theme.custom_dir:
            raise PluginError(
                "The assessment plugin needs the quiz templates from overrides/: "
                "set `theme.custom_dir: overrides` in mkdocs.yml."
            )
        config.extra_css.insert(0, FRONT_END_STYLES)
        config.extra_javascript.insert(0, _module_script(FRONT_END_SCRIPT))
        return config

    # Before any page is written: a bad quiz file must stop the build with nothing published.
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        docs_dir = Path(config.docs_dir)
        folder = docs_dir / self.config.definitions_dir
        self.definitions = definitions.load_all(folder, docs_dir=docs_dir)
        # The YAML sources are inputs, not pages or downloads: keep them out of the site.
        for definition in self.definitions.values():
            source = files.get_file_from_path(definition.src_uri)
            if source is not None:
                files.remove(source)

        project_dir = Path(config.config_file_path).parent
        # The definitions go in too: the cut standard library is traced by scoring them.
        self.engine = engine.prepare(
            self.config,
            project_dir=project_dir,
            scoring_dir=project_dir / "scoring",
            definitions=self.definitions,
        )
        for generated in engine.site_files(self.engine, self.definitions, self.config, config):
            files.append(generated)
        return files

    # The renderer needs the theme's templates (overrides/ first) during on_page_content, which
    # MkDocs runs *before* on_env: so it gets its own theme environment here, once the file list
    # (for resolving gap links) is final. The quiz stays in page.content with
    # data-search-exclude (see render.py); the figures are article content and stay searchable.
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        if self.config.enabled:
            self.renderer = render.Renderer(
                config.theme.get_env(), self.definitions, self.engine, self.config, config, files,
                placed=_placed_pages(files),
            )
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or "assessment" not in html:
            return html
        assert self.renderer is not None

        def replace(match: re.Match[str]) -> str:
            name = match["name"]
            if name not in self.definitions:
                known = ", ".join(sorted(self.definitions)) or "none"
                raise PluginError(
                    f"{page.file.src_uri}: the marker `{match[0]}` names the assessment "
                    f"'{name}', but {self.config.definitions_dir}/ has no '{name}.yml' "
                    f"(known: {known})."
                )
            definition = self.definitions[name]
            if match["view"] == "figure":
                return self.renderer.figure(definition, match["kind"] or "", page)
            if match["view"]:
                return self.renderer.view(definition, match["view"], page)
            return self.renderer.quiz(definition, page)

        return MARKER.sub(replace, html)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.enabled:
            project_dir = Path(config.config_file_path).parent
            # docs_dir (and so the assessments) is watched already; the scoring package is not.
            server.watch(str(project_dir / "scoring"))
        return server

    # `mkdocs serve` reuses the plugin object: start every rebuild from a clean slate.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._reset()


def _placed_pages(files: Files) -> dict[tuple[str, str], File]:
    """Where each assessment's quiz (view "quiz") and its views ("compare", "portfolio") live.

    Results open on the quiz's page and the quiz links to its views, so each needs one page: of
    the pages that place it, the shortest (for the quiz: the page given over to it rather than
    an article that also embeds it). Ties go to the first page in file order.
    """
    found: dict[tuple[str, str], tuple[int, File]] = {}
    for file in files.documentation_pages():
        try:
            text = Path(file.abs_src_path).read_text(encoding="utf-8") if file.abs_src_path else ""
        except (OSError, UnicodeDecodeError):
            continue  # the editorial checks report unreadable pages
        for match in PLACED_MARKER.finditer(text):
            key = (match["name"], match["view"] or "quiz")
            best = found.get(key)
            if best is None or len(text) < best[0]:
                found[key] = (len(text), file)
    return {key: file for key, (_, file) in found.items()}


def _module_script(path: str):
    from mkdocs.config.config_options import ExtraScriptValue

    script = ExtraScriptValue(path)
    script.type = "module"
    return script
