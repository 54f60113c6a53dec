"""The `editorial` plugin: every likely editing mistake becomes one strict-mode warning.

Each problem is logged as a WARNING carrying a `Problem` (file, line, message), so the build
goes on and finds the others; `strict: true` (and `scripts/site build`) then refuses the whole
build, and the collector in `problems` prints them as one report. Checks that need only the
source files run in `on_files`, ahead of the assessment plugin, so they are reported even when a
quiz error stops the build there.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from site_plugins.seo.faq import extract_faq

from . import config_file, names, pages, urls
from .config import EditorialConfig
from .problems import Problem, did_you_mean, format_report

log = get_plugin_logger(__name__)

DECLARED_IN = "mkdocs.yml, `editorial:` `pages:`"
QUIZ_GUIDE = 'EDITING-QUIZ.md, "The gaps"'
# Settings whose value is a link: a key named like this anywhere in mkdocs.yml, the menu's
# entries, and any href/src attribute inside an HTML value (the copyright line).
_LINK_KEY = re.compile(r"(^|_)(url|uri|link|href|src|email)$")
_HTML_LINK = re.compile(r"""\b(?:href|src|action|formaction)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


class EditorialPlugin(BasePlugin[EditorialConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.problems: list[Problem] = []
        self.faq_entries: dict[str, list[pages.FaqEntry]] = {}
        self.ids: dict[str, set[str]] = {}
        self.gap_links: list[tuple[str, int | None, str, str, str]] = []  # file, line, field, page, anchor

    def report(self, problem: Problem) -> None:
        self.problems.append(problem)
        log.warning(str(problem), extra={"problem": problem})

    # -- mkdocs.yml ---------------------------------------------------------------------------

    @event_priority(100)  # before the seo plugin reads the publisher
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._reset()
        if not self.config.enabled:
            return config
        path = Path(config.config_file_path or "mkdocs.yml")
        root, _ = config_file.compose(path)
        shown = path.name
        for key_path, value, line in config_file.scalars(root):
            for link in _links_in(key_path, value):
                if scheme := urls.dangerous(link):
                    self.report(Problem(shown, line, f"`{_dotted(key_path)}`: " + urls.refuse_scheme(link, scheme)))
        publisher = (config.extra or {}).get("publisher") or {}
        where = lambda key: config_file.line_of(root, "extra", "publisher", key)  # noqa: E731
        for key in ("url", "booking_url"):
            value = publisher.get(key)
            if isinstance(value, str) and value and not urls.dangerous(value):
                if why := urls.not_https(f"extra.publisher.{key}", value):
                    self.report(Problem(shown, where(key), why))
        booking = publisher.get("booking_url")
        if isinstance(booking, str):
            for why in urls.booking_problems(booking):
                self.report(Problem(shown, where("booking_url"), f"{why} (EDITING.md, \"Changing the brand and links\")"))
        cta = (config.extra or {}).get("call_to_action")
        for key in ("heading", "text", "button", "quiz_text"):
            if not isinstance(cta, dict) or not str(cta.get(key) or "").strip():
                self.report(Problem(
                    shown, config_file.line_of(root, "extra", "call_to_action", key),
                    f"`extra.call_to_action.{key}` is missing or empty: the call to action needs "
                    f"its {key.replace('_', ' ')}. Add `{key}: ...` under `call_to_action:` "
                    "(EDITING.md, \"The call to action\").",
                ))
        email = publisher.get("contact_email")
        if isinstance(email, str) and email and not urls.dangerous(email):
            if why := urls.email_problem("extra.publisher.contact_email", email):
                self.report(Problem(shown, where("contact_email"), why))
            elif email.strip().lower().startswith("mailto:"):
                # The templates write `mailto:` themselves.
                publisher["contact_email"] = email.strip()[len("mailto:"):]
        return config

    # -- sources: pages and quiz files --------------------------------------------------------

    @event_priority(100)  # before the assessment plugin, which stops at the first bad quiz file
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        docs_dir = Path(config.docs_dir)
        docs = docs_dir.name
        declared = {str(k): [str(v) for v in (vs or [])] for k, vs in (self.config.pages or {}).items()}
        root, _ = config_file.compose(Path(config.config_file_path or "mkdocs.yml"))
        for page_uri in declared:
            if files.get_file_from_path(page_uri) is None:
                self.report(Problem(
                    "mkdocs.yml", config_file.line_of(root, "plugins"),
                    f"{DECLARED_IN} names the page `{page_uri}`, which is not in {docs}/. "
                    "Correct the name, or remove it there.",
                ))
        faq_id = _faq_heading_id(config)
        for file in files.documentation_pages():
            shown = f"{docs}/{file.src_uri}"
            text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
            entries, faq_problems = pages.faq_check(shown, text, faq_id)
            self.faq_entries[file.src_uri] = entries
            required = declared.get(file.src_uri, [])
            for problem in pages.marker_check(shown, text, required, DECLARED_IN, faq_problems, bool(declared)):
                self.report(problem)
            for problem in faq_problems:
                self.report(problem)
        self._check_quiz_links(docs_dir, _definitions_dir(config), files)
        return files

    def _check_quiz_links(self, docs_dir: Path, folder: str, files: Files) -> None:
        for path in sorted((docs_dir / folder).glob("*.yml")):
            if path.name.startswith("."):
                continue
            shown = f"{docs_dir.name}/{folder}/{path.name}"
            try:
                root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
            except (yaml.YAMLError, UnicodeDecodeError):
                continue  # the quiz loader reports a file it cannot read
            for key_path, value, line in config_file.scalars(root):
                if not (key_path and isinstance(key_path[-1], str) and _LINK_KEY.search(key_path[-1])):
                    continue
                field = _dotted(key_path)
                if scheme := urls.dangerous(value):
                    self.report(Problem(shown, line, f"{field}: " + urls.refuse_scheme(value, scheme)))
                    continue
                if urls.browser_scheme(value):
                    continue  # a full address is the author's choice
                target, _, anchor = value.partition("#")
                target_file = files.get_file_from_path(target.lstrip("/")) if target else None
                if target and (target_file is None or not target_file.is_documentation_page()):
                    choices = sorted(f.src_uri for f in files.documentation_pages())
                    self.report(Problem(
                        shown, line,
                        f"{field} is `{value}`, but there is no page `{target}` in "
                        f"{docs_dir.name}/.{did_you_mean(target, choices)} Write `index.md#gap-` "
                        f"followed by the gap's id ({QUIZ_GUIDE}).",
                    ))
                elif anchor:
                    self.gap_links.append((shown, line, field, target_file.src_uri if target_file else "", anchor))

    # -- names from the quiz file ------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return markdown
        data = _quiz_data(config)
        if data is None:
            if m := names.PLACEHOLDER.search(markdown):
                self.report(Problem(
                    f"{Path(config.docs_dir).name}/{page.file.src_uri}", None,
                    f"`{m[0]}` needs the names from the quiz file, but the assessment plugin is "
                    "not enabled in mkdocs.yml (or has no ladder.yml). Enable it, or write the name.",
                ))
            return markdown
        raw = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
        first_line = len(raw.split("\n")) - len(markdown.split("\n")) + 1  # after the front matter
        shown = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        filled, problems = names.fill(markdown, names.names_of(data), shown, first_line)
        for problem in problems:
            self.report(problem)
        return filled

    # -- rendered pages -----------------------------------------------------------------------

    @event_priority(-100)  # after the quiz, the figures and every other plugin's changes
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return html
        self.ids[page.file.src_uri] = set(re.findall(r"""\sid=["']([^"']+)["']""", html))
        source = self.faq_entries.get(page.file.src_uri, [])
        shown = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        # The safety net behind the source checks: only when they found nothing, so one mistake
        # is reported once.
        if source and not any(p.file == shown for p in self.problems):
            published = {entry.question for entry in extract_faq(html, _faq_heading_id(config))}
            for entry in source:
                if pages.normal_marker(entry.question) not in {pages.normal_marker(q) for q in published}:
                    self.report(Problem(
                        shown, entry.line,
                        f'the FAQ entry "{entry.question}" does not reach the FAQ data search '
                        "engines read (its answer may be missing or not indented by four "
                        f"spaces). Write it in the shape of the other entries ({pages.FAQ_GUIDE}).",
                    ))
        return html

    # MkDocs runs on_env after every page's content is rendered: all anchors are known here.
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        for shown, line, field, target, anchor in self.gap_links:
            ids = self.ids.get(target)
            if ids is not None and anchor not in ids:
                gaps = sorted(i for i in ids if i.startswith("gap-")) or sorted(ids)
                self.report(Problem(
                    shown, line,
                    f"{field} points to the section `#{anchor}` of {target}, which has no such "
                    f"section.{did_you_mean(anchor, gaps)} Write `{target}#gap-` followed by the "
                    f"gap's id; the sections there are {', '.join('#' + g for g in gaps)} ({QUIZ_GUIDE}).",
                ))
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        problems, self.problems = self.problems, []
        if problems and not config.strict:
            # Without strict mode warnings do not stop a build: these must.
            raise PluginError(format_report(problems, published="(strict mode is off.)"))


def _links_in(key_path: tuple, value: str) -> list[str]:
    links = [m[1] or m[2] or m[3] for m in _HTML_LINK.finditer(value)]
    last = key_path[-1] if key_path else ""
    in_list = key_path and key_path[0] in ("nav", "extra_javascript", "extra_css")
    if (isinstance(last, str) and _LINK_KEY.search(last)) or in_list:
        links.append(value)
    return links


def _dotted(key_path: tuple) -> str:
    text = ""
    for step in key_path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _faq_heading_id(config: MkDocsConfig) -> str:
    seo = config.plugins.get("seo")
    return getattr(seo, "config", {}).get("faq_heading_id", "faq") if seo else "faq"


def _quiz_data(config: MkDocsConfig) -> dict | None:
    """The validated `ladder` quiz (or the only quiz) from the assessment plugin; without that
    plugin, the names read straight from the file."""
    assessment = config.plugins.get("assessment")
    definitions = getattr(assessment, "definitions", None) or {}
    chosen = definitions.get("ladder") or (next(iter(definitions.values())) if len(definitions) == 1 else None)
    if chosen is not None:
        return chosen.data
    path = Path(config.docs_dir) / _definitions_dir(config) / "ladder.yml"
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    # Only the names are needed: taken from the node tree (each node visited once).
    data: dict = {"rungs": {}, "gaps": {}}
    for key_path, value, _ in config_file.scalars(root):
        if len(key_path) == 3 and key_path[0] in data and key_path[2] in ("number", "id", "name"):
            data[key_path[0]].setdefault(key_path[1], {})[key_path[2]] = value
    return {kind: [item for _, item in sorted(items.items())] for kind, items in data.items()}


def _definitions_dir(config: MkDocsConfig) -> str:
    assessment = config.plugins.get("assessment")
    return getattr(assessment, "config", {}).get("definitions_dir", "assessments") if assessment else "assessments"
