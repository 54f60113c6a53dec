"""The quiz markup as the build writes it (render.py + quiz.html): the config the front end reads,
links relative to the embedding page, escaping, search exclusion and build errors.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from conftest import ROOT
from site_plugins.assessment import render

CONFIG_ATTR = re.compile(r'data-assessment-config="([^"]*)"')


def quiz_config(page_html: str) -> dict:
    (raw,) = CONFIG_ATTR.findall(page_html)
    return json.loads(html.unescape(raw))


def site_path(built_site: Path, page_url: str, relative: str) -> Path:
    """Where a URL relative to a page lands in the built folder (as a browser resolves it)."""
    base = "http://host/sub/" + page_url
    absolute = urlsplit(urljoin(base, relative)).path
    assert absolute.startswith("/sub/"), f"{relative} escapes the site from {page_url}"
    target = built_site / absolute[len("/sub/") :]
    return target / "index.html" if absolute.endswith("/") and not relative.endswith("/") else target


@pytest.mark.parametrize("page_url", ["", "assessment/"])
def test_config_urls_are_relative_and_resolve_to_built_files(built_site, page_url):
    page_html = (built_site / page_url / "index.html").read_text()
    config = quiz_config(page_html)
    assert config["version"] == render.CONFIG_VERSION and config["assessment"] == "ladder"
    for key in ("worker", "definition"):
        assert not config[key].startswith(("/", "http")), config[key]
    assert site_path(built_site, page_url, config["worker"]).is_file()
    definition = config["definition"]
    assert definition.endswith("?v=" + config["digest"][:16])
    assert site_path(built_site, page_url, definition.split("?")[0]).is_file()
    runtime = config["runtime"]
    assert runtime["indexURL"].endswith("/") and runtime["package"] == "scoring"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"):
        assert site_path(built_site, page_url, runtime["indexURL"] + name).is_file()
    assert site_path(built_site, page_url, runtime["lockFileURL"]).is_file()
    if runtime["stdLibURL"]:
        assert site_path(built_site, page_url, runtime["stdLibURL"]).is_file()
    assert config["timeoutMs"] == 45_000
    assert "{rung}" in config["bookingUrl"] and config["publisher"] == _publisher()["name"]


@pytest.mark.parametrize("page_url", ["", "assessment/"])
def test_gap_links_reach_the_article_sections(built_site, page_url):
    config = quiz_config((built_site / page_url / "index.html").read_text())
    assert set(config["gapLinks"]) == {
        "value", "data", "integration", "reliability", "governance", "ownership"
    }
    for link in config["gapLinks"].values():
        path, _, anchor = link.partition("#")
        target = site_path(built_site, page_url, path or "./")
        target = target if target.suffix == ".html" else target / "index.html"
        assert f'id="{anchor}"' in target.read_text(), link


def test_the_quiz_is_left_out_of_search_but_the_article_is_not(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    assert "Which business result is the system accountable for" not in text
    assert "None yet. We are still exploring" not in text
    assert "Pilot" in text


def test_no_inline_script_or_style_in_the_quiz(built_site):
    page_html = (built_site / "assessment" / "index.html").read_text()
    start = page_html.index('<section class="assessment"')
    quiz = page_html[start : page_html.index("</section>", start)]
    tags = re.findall(r"<[a-z][^>]*>", quiz)
    assert not [tag for tag in tags if tag.startswith("<script")]
    assert not [tag for tag in tags if re.search(r"\s(style|on[a-z]+)=", tag)]


# -- the renderer on its own, with a hostile definition -----------------------------------------


@pytest.fixture(scope="module")
def mkdocs_setup():
    config = load_config(str(ROOT / "mkdocs.yml"))
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    page = Page(None, files.get_file_from_path("assessment.md"), config)
    engine = SimpleNamespace(
        index_uri="assets/assessment/pyodide/9.9.9/",
        lock_uri="assets/assessment/packages/x/pyodide-lock.json",
        stdlib_uri=None,
        package="scoring",
        definition_uri=lambda name: f"assets/assessment/{name}.json",
    )
    plugin_config = SimpleNamespace(engine_timeout=7, assets_dir="assets/assessment")
    return config, files, env, page, engine, plugin_config


def definition(**changes):
    evil = '</script><img src=x onerror="alert(1)">&amp;'
    data = {
        "id": "evil",
        "title": "T " + evil,
        "intro": "I " + evil,
        "rungs": [],
        "gaps": [{"id": "value", "name": "V", "closing": "c", "link": "index.md#gap-value"}],
        "questions": [
            {
                "id": "q1",
                "gap": "value",
                "prompt": "P " + evil,
                "help": "H " + evil,
                "options": [{"id": "o1", "label": "L " + evil, "level": 0}],
            }
        ],
    }
    data.update(changes)
    return SimpleNamespace(
        name="evil", src_uri="assessments/evil.yml", data=data, digest="ab" * 32, json_text="{}"
    )


def test_everything_is_escaped(mkdocs_setup):
    config, files, env, page, engine, plugin_config = mkdocs_setup
    renderer = render.Renderer(env, {}, engine, plugin_config, config, files)
    out = renderer.quiz(definition(), page)
    assert "<img" not in out and "</script>" not in out
    assert out.count("&lt;img src=x") >= 4
    config_json = quiz_config(out)
    assert config_json["runtime"]["indexURL"] == "../assets/assessment/pyodide/9.9.9/"
    assert config_json["gapLinks"] == {"value": "../#gap-value"}
    assert config_json["timeoutMs"] == 7000
    # A second quiz on the same page gets its own ids.
    again = renderer.quiz(definition(), page)
    ids = set(re.findall(r' id="([^"]+)"', out))
    assert ids and ids.isdisjoint(re.findall(r' id="([^"]+)"', again))


def test_a_gap_link_to_a_missing_page_fails_the_build(mkdocs_setup):
    config, files, env, page, engine, plugin_config = mkdocs_setup
    renderer = render.Renderer(env, {}, engine, plugin_config, config, files)
    broken = definition(gaps=[{"id": "value", "name": "V", "closing": "c", "link": "nope.md#x"}])
    with pytest.raises(PluginError, match=r"assessments/evil.yml: gaps\[0\].link .*'nope.md'"):
        renderer.quiz(broken, page)


def test_an_unknown_figure_kind_names_the_page_and_the_kinds(mkdocs_setup):
    config, files, env, page, engine, plugin_config = mkdocs_setup
    renderer = render.Renderer(env, {}, engine, plugin_config, config, files)
    with pytest.raises(PluginError, match=r"assessment.md: .*'pie'.*kinds available: gaps, rungs"):
        renderer.figure(definition(), "pie", page)


def _publisher() -> dict:
    """The brand as mkdocs.yml sets it (EDITING.md lets an editor change it)."""
    import yaml

    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["publisher"]


def test_a_view_carries_the_quiz_page_and_the_option_catalog(mkdocs_setup):
    config, files, env, page, engine, plugin_config = mkdocs_setup
    quiz_page = files.get_file_from_path("assessment.md")
    renderer = render.Renderer(
        env, {}, engine, plugin_config, config, files,
        placed={("evil", "quiz"): quiz_page, ("evil", "compare"): quiz_page},
    )
    for view in ("compare", "portfolio"):
        out = renderer.view(definition(), view, page)
        assert "<img" not in out and "</script>" not in out
        assert f'data-assessment-view="{view}"' in out
        view_config = quiz_config(out)
        assert view_config["quizURL"] == "./"
        assert view_config["catalog"] == [["q1", ["o1"]]]
        assert view_config["viewURLs"] == {"compare": "./", "portfolio": None}


def test_a_view_without_a_quiz_page_names_the_page_and_the_marker(mkdocs_setup):
    config, files, env, page, engine, plugin_config = mkdocs_setup
    renderer = render.Renderer(env, {}, engine, plugin_config, config, files, placed={})
    with pytest.raises(PluginError, match=r"assessment.md: the compare view .*<!-- assessment: evil -->"):
        renderer.view(definition(), "compare", page)


def test_results_open_on_the_page_given_over_to_the_quiz(mkdocs_setup):
    """The article embeds the quiz too; the views open results on the shorter, dedicated page."""
    from site_plugins.assessment.plugin import _placed_pages

    config, files, *_ = mkdocs_setup
    placed = _placed_pages(files)
    pages = [
        file.src_uri for file in files.documentation_pages()
        if "<!-- assessment: ladder -->" in Path(file.abs_src_path).read_text(encoding="utf-8")
    ]
    shortest = min(pages, key=lambda uri: len((ROOT / "content" / uri).read_text(encoding="utf-8")))
    assert placed[("ladder", "quiz")].src_uri == shortest
