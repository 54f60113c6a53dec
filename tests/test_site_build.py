"""The article site as `mkdocs build --strict` writes it (issue 3).

Offline build, links and anchors, what pages load, valid HTML (Nu checker), social tags and the
JSON-LD, which must say exactly what the page's own FAQ says. Uses the session's real build
(`built_site` in conftest.py); nothing here needs a browser.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import ROOT

MKDOCS_YML = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
SITE_URL = MKDOCS_YML["site_url"]
SITE_PATH = urlsplit(SITE_URL).path  # "/pilot-to-production/"
PUBLISHER = MKDOCS_YML["extra"]["publisher"]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The pages the article site consists of (site paths), and the error page.
PAGES = ["index.html", "assessment/index.html", "compare/index.html", "about/index.html"]
ERROR_PAGE = "404.html"


# -- a small DOM over html.parser -----------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list["Node | str"] = field(default_factory=list)
    parent: "Node | None" = field(default=None, repr=False)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs):
        for node in self.iter():
            if (tag is None or node.tag == tag) and all(
                node.attrs.get(key) == value for key, value in attrs.items()
            ):
                yield node

    def find(self, tag: str | None = None, **attrs) -> "Node | None":
        return next(self.find_all(tag, **attrs), None)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self, skip=lambda node: False) -> str:
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not skip(child):
                parts.append(child.text(skip))
        return "".join(parts)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), parent=self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(path: Path) -> Node:
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def is_headerlink(node: Node) -> bool:
    return node.tag == "a" and "headerlink" in node.classes


def page_faq(document: Node) -> list[tuple[str, str]]:
    """The FAQ as a reader sees it: `details.question` after h2#faq, up to the next h2."""
    heading = document.find("h2", id="faq")
    assert heading is not None, "the article has no h2 with id 'faq'"
    siblings = heading.parent.children
    entries = []
    for node in siblings[siblings.index(heading) + 1 :]:
        if not isinstance(node, Node):
            continue
        if node.tag in ("h1", "h2"):
            break
        if node.tag == "details" and "question" in node.classes:
            summary = node.find("summary")
            question = normalize(summary.text())
            answer = normalize(node.text(skip=lambda child: child is summary or is_headerlink(child)))
            entries.append((question, answer))
    return entries


def json_ld(document: Node) -> list[dict]:
    return [
        json.loads(node.text())
        for node in document.find_all("script")
        if node.attrs.get("type") == "application/ld+json"
    ]


def meta(document: Node, key: str) -> str | None:
    for node in document.find_all("meta"):
        if node.attrs.get("name") == key or node.attrs.get("property") == key:
            return node.attrs.get("content")
    return None


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# -- what an element loads, and what it links to ------------------------------------------------

# <link rel> values that make the browser fetch (or connect to) the URL.
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                "prefetch", "preconnect", "dns-prefetch", "manifest", "mask-icon"}


def loaded_urls(document: Node) -> list[tuple[str, str]]:
    """(element, url) for every URL the page itself loads."""
    found = []
    for node in document.iter():
        attrs = node.attrs
        if node.tag == "link" and LOADING_RELS & set((attrs.get("rel") or "").lower().split()):
            found.append(("link", attrs.get("href") or ""))
        elif node.tag in ("script", "img", "iframe", "audio", "video", "source", "track", "embed",
                          "input") and attrs.get("src"):
            found.append((node.tag, attrs["src"]))
        elif node.tag == "object" and attrs.get("data"):
            found.append(("object", attrs["data"]))
        for attribute in ("srcset", "imagesrcset"):
            for candidate in (attrs.get(attribute) or "").split(","):
                if candidate.strip():
                    found.append((node.tag, candidate.split()[0]))
        if node.tag == "video" and attrs.get("poster"):
            found.append(("video", attrs["poster"]))
    return found


def linked_urls(document: Node) -> list[tuple[str, str]]:
    """(element, url) for every navigable link (a, area, and the loaded URLs)."""
    links = [(node.tag, node.attrs["href"]) for node in document.iter()
             if node.tag in ("a", "area") and node.attrs.get("href") is not None]
    return links + loaded_urls(document)


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str]:
    """The file a relative URL on `page` points at, and its fragment."""
    parts = urlsplit(url)
    base = PurePosixPath(page.relative_to(site).as_posix()).parent
    target = PurePosixPath(base, unquote(parts.path)) if parts.path else PurePosixPath(
        page.relative_to(site).as_posix()
    )
    resolved = site.joinpath(*[p for p in target.parts if p not in (".",)]).resolve()
    if parts.path.endswith("/") or resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, parts.fragment


def ids_in(document: Node) -> set[str]:
    found = set()
    for node in document.iter():
        if node.attrs.get("id"):
            found.add(node.attrs["id"])
        if node.tag == "a" and node.attrs.get("name"):
            found.add(node.attrs["name"])
    return found


# -- the build ----------------------------------------------------------------------------------


def test_strict_build_has_no_network(built_site, tmp_path):
    """`mkdocs build --strict` inside a network namespace with no interfaces but loopback.

    `built_site` ran first (same session), so the Pyodide runtime is in .cache/ already; the
    offline build must then need nothing from the network at all.
    """
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.fail("`unshare` (util-linux) is missing: run `make test` (Debian's util-linux).")
    probe = subprocess.run(
        [unshare, "-n", sys.executable, "-c", textwrap.dedent("""
            import socket
            try:
                socket.create_connection(("1.1.1.1", 443), timeout=3)
            except OSError:
                raise SystemExit(0)
            raise SystemExit("the network is reachable inside `unshare -n`")
        """)],
        capture_output=True, text=True,
    )
    if probe.returncode != 0 and "unshare" in probe.stderr:
        pytest.fail(f"`unshare -n` needs root (or user namespaces): {probe.stderr.strip()}")
    assert probe.returncode == 0, probe.stdout + probe.stderr

    site_dir = tmp_path / "offline-site"
    result = subprocess.run(
        [unshare, "-n", sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
         str(site_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, f"offline build failed:\n{result.stdout}\n{result.stderr}"
    for page in [*PAGES, ERROR_PAGE, "sitemap.xml"]:
        assert (site_dir / page).is_file(), page
    built = {p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file()}
    offline = {p.relative_to(site_dir) for p in site_dir.rglob("*") if p.is_file()}
    assert offline == built, "the offline build wrote a different set of files"


def test_pages_and_sitemap(built_site):
    for page in [*PAGES, ERROR_PAGE]:
        assert (built_site / page).is_file(), f"{page} was not built"
    sitemap = (built_site / "sitemap.xml").read_text()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert sorted(locations) == sorted(
        [SITE_URL, SITE_URL + "assessment/", SITE_URL + "compare/", SITE_URL + "portfolio/", SITE_URL + "about/"]
    ), locations


# -- links --------------------------------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(built_site):
    documents = {path.resolve(): parse_html(path) for path in html_files(built_site)}
    broken = []
    for path, document in documents.items():
        if path.name == ERROR_PAGE and path.parent == built_site.resolve():
            continue  # its links are site-absolute: test_404_links_work_under_the_site_url_path
        for element, url in linked_urls(document):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # external (checked for loads below) or mailto:
            where = f"{path.relative_to(built_site.resolve())}: <{element}> {url!r}"
            if url.startswith("/"):
                broken.append(f"{where}: root-absolute, breaks under another sub-path")
                continue
            target, fragment = resolve(built_site.resolve(), path, url)
            if not target.exists():
                broken.append(f"{where}: no file {target.relative_to(built_site.resolve())}")
                continue
            if fragment and target.suffix == ".html":
                target_doc = documents.get(target) or parse_html(target)
                if unquote(fragment) not in ids_in(target_doc):
                    broken.append(f"{where}: no id {fragment!r} in {target.name}")
    assert broken == [], "\n".join(broken)


def test_404_links_work_under_the_site_url_path(built_site):
    """A host serves 404.html for a missing address at any depth, so MkDocs gives error pages
    the path of site_url as their base: links there are site-absolute and must start with it."""
    document = parse_html(built_site / ERROR_PAGE)
    assert document.find("h1").text().strip() == "Page not found"
    for element, url in linked_urls(document):
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            continue
        assert url.startswith(SITE_PATH), f"404.html: <{element}> {url!r} is not under {SITE_PATH}"
        target = built_site / unquote(parts.path[len(SITE_PATH) :])
        if parts.path.endswith("/") or target.is_dir():
            target = target / "index.html"
        assert target.exists(), f"404.html: <{element}> {url!r} points at nothing"
    hrefs = {node.attrs.get("href") for node in document.find_all("a")}
    assert {SITE_PATH, SITE_PATH + "assessment/", SITE_PATH + "about/"} <= hrefs
    assert meta(document, "robots") == "noindex"


def test_nothing_is_loaded_from_another_host(built_site):
    offending = []
    for path in html_files(built_site):
        for element, url in loaded_urls(parse_html(path)):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "ws", "wss", "ftp") or url.startswith("//"):
                offending.append(f"{path.relative_to(built_site)}: <{element}> {url}")
    for path in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", path.read_text()):
            offending.append(f"{path.relative_to(built_site)}: url({url})")
        for url in re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", path.read_text()):
            offending.append(f"{path.relative_to(built_site)}: @import {url}")
    assert offending == [], "\n".join(offending)


# -- validity -----------------------------------------------------------------------------------


def _vnu_is_materials_own(message: dict) -> bool:
    # Material's drawer/search toggles are `<input type="checkbox" autocomplete="off">`
    # (base.html): `autocomplete` there stops Firefox restoring a stale open state, which the
    # HTML spec does not allow on checkboxes. It is Material's markup, not ours: ignore exactly that.
    return (
        "Attribute “autocomplete” is only allowed when the input type is" in message["message"]
        and 'class="md-toggle"' in message.get("extract", "")
    )


def test_html_is_valid(built_site):
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("java or node_modules/vnu-jar is missing: run `make test`.")
    files = [str(path) for path in html_files(built_site)]
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, timeout=300,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = [
        f"{urlsplit(m.get('url', '')).path.removeprefix(str(built_site))}:{m.get('lastLine')}: "
        f"{m['message']} [{normalize(m.get('extract', ''))[:120]}]"
        for m in report["messages"]
        if m.get("type") in ("error", "non-document-error") and not _vnu_is_materials_own(m)
    ]
    assert errors == [], "\n".join(errors)


# -- search engines and social ----------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_meta_description_canonical_and_social_tags(built_site, page):
    document = parse_html(built_site / page)
    source = ROOT / "content" / (page.replace("/index.html", ".md") if "/" in page else "index.md")
    front_matter = yaml.safe_load(source.read_text().split("---")[1])
    description = normalize(front_matter["description"])
    url = SITE_URL + page.removesuffix("index.html")

    assert meta(document, "description") == description
    canonical = [n.attrs["href"] for n in document.find_all("link") if n.attrs.get("rel") == "canonical"]
    assert canonical == [url]
    assert meta(document, "og:url") == url
    assert meta(document, "og:title") == front_matter["title"]
    assert meta(document, "og:description") == description
    assert meta(document, "og:site_name") == MKDOCS_YML["site_name"]
    assert meta(document, "twitter:card") == "summary_large_image"
    assert meta(document, "twitter:title") == front_matter["title"]
    assert normalize(document.find("title").text()).startswith(front_matter["title"])


@pytest.mark.parametrize("page", PAGES)
def test_json_ld_parses_and_describes_the_page(built_site, page):
    document = parse_html(built_site / page)
    items = json_ld(document)
    main = items[0]
    assert main["@context"] == "https://schema.org"
    assert main["@type"] in ("Article", "WebPage")
    assert main["url"] == SITE_URL + page.removesuffix("index.html")
    assert main["description"] == meta(document, "description")
    assert main["publisher"] == {"@type": "Organization", "name": PUBLISHER["name"],
                                 "url": PUBLISHER["url"]}
    if page == "index.html":
        assert main["@type"] == "Article"
        h1 = document.find("h1")
        assert main["headline"] == normalize(h1.text(skip=is_headerlink))


def test_faq_json_ld_is_the_faq_on_the_page(built_site):
    document = parse_html(built_site / "index.html")
    on_page = page_faq(document)
    assert len(on_page) >= 8, on_page
    faq_pages = [item for item in json_ld(document) if item["@type"] == "FAQPage"]
    assert len(faq_pages) == 1
    in_json = [
        (entry["name"], entry["acceptedAnswer"]["text"])
        for entry in faq_pages[0]["mainEntity"]
        if entry["@type"] == "Question" and entry["acceptedAnswer"]["@type"] == "Answer"
    ]
    assert in_json == on_page
    for page in ("assessment/index.html", "about/index.html"):
        assert not any(i["@type"] == "FAQPage" for i in json_ld(parse_html(built_site / page)))


def build_edited_copy(tmp_path: Path, edit) -> tuple[subprocess.CompletedProcess, Path]:
    """Build a copy of content/ after `edit(content_dir)`, as an editor's change would be built.

    The quiz plugin is left out (it plays no part in these checks), so this does not depend on
    the Pyodide runtime.
    """
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    edit(content)
    config = tmp_path / "mkdocs.yml"
    config.write_text(textwrap.dedent(f"""\
        INHERIT: {ROOT / 'mkdocs.yml'}
        docs_dir: {content}
        theme:
          custom_dir: {ROOT / 'overrides'}
        plugins:
          - search
          - seo
          - editorial
        """))
    site_dir = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    return result, site_dir


def test_a_new_faq_entry_reaches_the_json_ld(tmp_path):
    """What EDITING.md tells a marketer to do: add a `??? question` block. The JSON-LD follows."""
    entry = textwrap.dedent("""\
        ??? question "Can we print this article?"

            Yes: the print layout drops the menus and **opens every answer** in this FAQ.

        """)

    def add_entry(content: Path):
        article = content / "index.md"
        text = article.read_text()
        assert "## Summary: " in text
        article.write_text(text.replace("## Summary: ", entry + "## Summary: ", 1))

    result, site_dir = build_edited_copy(tmp_path, add_entry)
    assert result.returncode == 0, result.stdout + result.stderr
    document = parse_html(site_dir / "index.html")
    faq = next(i for i in json_ld(document) if i["@type"] == "FAQPage")["mainEntity"]
    assert faq[-1]["name"] == "Can we print this article?"
    assert faq[-1]["acceptedAnswer"]["text"] == (
        "Yes: the print layout drops the menus and opens every answer in this FAQ."
    )
    assert [(e["name"], e["acceptedAnswer"]["text"]) for e in faq] == page_faq(document)


def test_unreadable_front_matter_stops_the_build_and_says_where(tmp_path):
    """MkDocs alone ignores a front matter block it cannot parse (and loses the description)."""

    def unquote_title(content: Path):
        article = content / "about.md"
        article.write_text(article.read_text().replace(
            "title: About this assessment", "title: About: this assessment", 1))

    result, _ = build_edited_copy(tmp_path, unquote_title)
    assert result.returncode != 0
    assert "content/about.md: the settings between the two `---` lines" in result.stdout + result.stderr


# -- the article's content ------------------------------------------------------------------


def test_article_has_its_sections_figures_and_anchors(built_site):
    document = parse_html(built_site / "index.html")
    ids = ids_in(document)
    expected = {"which-rung", "the-gap", "six-gaps", "ladder", "maturity-models", "lifecycle",
                "cost", "patterns", "mistakes", "faq", "summary", "sources",
                *(f"gap-{gap}" for gap in ("value", "data", "integration", "reliability",
                                           "governance", "ownership")),
                *(f"rung-{n}" for n in range(1, 6))}
    assert expected <= ids, expected - ids
    for gap in ("value", "data", "integration", "reliability", "governance", "ownership"):
        assert document.find(id=f"gap-{gap}").tag == "h3"

    captions = [normalize(f.find("figcaption").text()) for f in document.find_all("figure")
                if f.find("figcaption") is not None]
    for title in ("The numbers, with sources.", "Six gaps.", "Pilot-to-Production Ladder.",
                  "Ladder vs established maturity models.", "Lifecycle → gaps mapping.",
                  "Cost of staying in pilot."):
        assert any(caption.startswith(title) for caption in captions), (title, captions)

    html = (built_site / "index.html").read_text()
    assert "<!-- assessment-figure:" not in html, "a figure marker was left unrendered"
    for number in ("$37", "3.5×", "2×", "67%", "76%", "47%"):
        assert number in html, number


def test_findings_table_has_a_source_and_date_on_every_row(built_site):
    document = parse_html(built_site / "index.html")
    figure = next(f for f in document.find_all("figure") if "p2p-findings" in f.classes)
    header = [normalize(th.text()) for th in figure.find_all("th")]
    assert header == ["Finding", "Source", "Date"]
    rows = [[normalize(td.text()) for td in tr.find_all("td")] for tr in figure.find_all("tr")][1:]
    assert len(rows) == 8
    for finding, source, date in rows:
        assert finding and source and re.search(r"20\d\d", date), (finding, source, date)


def test_ladder_and_gap_figures_come_from_ladder_yml(built_site):
    ladder = yaml.safe_load((ROOT / "content" / "assessments" / "ladder.yml").read_text())
    document = parse_html(built_site / "index.html")
    rungs = next(f for f in document.find_all("figure") if "p2p-ladder" in f.classes)
    names = [normalize(li.find("a").text()) for li in rungs.find_all("li")]
    assert names == [rung["name"] for rung in ladder["rungs"]]
    gaps = next(f for f in document.find_all("figure") if "p2p-gaps" in f.classes)
    links = [(normalize(a.text()), a.attrs["href"]) for li in gaps.find_all("li")
             for a in [li.find("a")]]
    assert links == [(gap["name"], "#" + gap["link"].split("#")[1]) for gap in ladder["gaps"]]


def test_brand_and_links_come_from_mkdocs_yml_only(built_site):
    booking = PUBLISHER["booking_url"].split("?")[0]
    for page in ("index.html", "about/index.html"):
        document = parse_html(built_site / page)
        cta = document.find("aside", **{"class": "p2p-cta"})
        assert cta is not None, page
        hrefs = [a.attrs["href"] for a in cta.find_all("a")]
        assert any(h.startswith(booking) and "{" not in h for h in hrefs), hrefs
        assert f"mailto:{PUBLISHER['contact_email']}" in hrefs
        assert PUBLISHER["name"] in normalize(cta.text())
    # The quiz page's results carry their own call to action, with the rung filled in.
    assert parse_html(built_site / "assessment/index.html").find(
        "aside", **{"class": "p2p-cta"}) is None
    # The source article's vendor never appears.
    for path in html_files(built_site):
        text = path.read_text().lower()
        assert "sumatosoft" not in text and "14+ years" not in text, path
