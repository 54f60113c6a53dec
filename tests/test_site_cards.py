"""Issue 10 on the built site: every page's link-preview card (og:image / twitter:image,
1200x630, drawn at build time), the article's byline with the same values as its JSON-LD, the
footer (copyright, contact, privacy), and the call to action after the ladder section.

Values come from mkdocs.yml and the pages' front matter, never from this file.
"""

from __future__ import annotations

import datetime

import pytest
import yaml
from PIL import Image

from conftest import ROOT
from test_site_build import (
    MKDOCS_YML, PAGES, PUBLISHER, SITE_URL, html_files, json_ld, meta, normalize, parse_html,
)
from site_plugins.seo import cards
from site_plugins.seo.plugin import reading_minutes


def front_matter(page: str) -> dict:
    source = ROOT / "content" / (page.replace("/index.html", ".md") if "/" in page else "index.md")
    return yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1])


def test_every_page_has_a_1200x630_card_that_exists(built_site):
    pages = [p for p in html_files(built_site) if p.name == "index.html"]
    assert len(pages) >= len(PAGES)
    for path in pages:
        document = parse_html(path)
        url = meta(document, "og:image")
        assert url and url.startswith(SITE_URL), f"{path}: no og:image"
        assert meta(document, "twitter:image") == url
        assert meta(document, "twitter:card") == "summary_large_image"
        assert (meta(document, "og:image:width"), meta(document, "og:image:height")) == ("1200", "630")
        assert meta(document, "og:image:alt")
        file = built_site / url.removeprefix(SITE_URL)
        assert file.is_file(), f"{url} was not built"
        with Image.open(file) as image:
            assert image.format == "PNG" and image.size == (1200, 630)
            # The brand colour fills the card (top-left pixel is the background).
            expected = cards.brand_colour(MKDOCS_YML["theme"]["palette"], PUBLISHER.get("brand_color"))
            assert "#%02x%02x%02x" % image.convert("RGB").getpixel((4, 4)) == expected.lower()


def test_cards_differ_per_page_and_the_json_ld_names_them(built_site):
    digests = set()
    for page in PAGES:
        document = parse_html(built_site / page)
        url = meta(document, "og:image")
        digests.add((built_site / url.removeprefix(SITE_URL)).read_bytes())
        assert json_ld(document)[0]["image"] == url
    assert len(digests) == len(PAGES), "each page's card carries its own title"


def test_brand_colour_comes_from_settings():
    assert cards.brand_colour([{"primary": "teal"}]) == "#009485"
    assert cards.brand_colour([{"media": "x"}, {"primary": "Deep Orange"}]) == "#ff6e42"
    assert cards.brand_colour([{"primary": "teal"}], "#123456") == "#123456"
    assert cards.brand_colour([{"primary": "teal"}], "not a colour") == "#009485"
    assert cards.brand_colour(None) == cards.DEFAULT_COLOUR


def test_a_long_title_still_fits_the_card(tmp_path):
    path = tmp_path / "c.png"
    cards.draw_card(path, title="A very long title " * 12, site_name="Site", publisher="Pub",
                    colour="#ffec3d", subtitle="Sub")
    with Image.open(path) as image:
        assert image.size == (1200, 630)
        # Dark ink on a light brand colour: some pixels are near black.
        assert image.convert("L").getextrema()[0] < 60


def test_the_byline_and_the_article_json_ld_say_the_same(built_site):
    document = parse_html(built_site / "index.html")
    settings = front_matter("index.html")
    byline = document.find("p", **{"class": "p2p-byline"})
    assert byline is not None
    text = normalize(byline.text())
    article = json_ld(document)[0]
    assert PUBLISHER["name"] in text and article["author"]["name"] == PUBLISHER["name"]
    times = [node.attrs["datetime"] for node in byline.find_all("time")]
    published, updated = settings["date"], settings["updated"]
    assert isinstance(published, datetime.date)
    assert times == [published.isoformat(), updated.isoformat()]
    assert article["datePublished"] == published.isoformat()
    assert article["dateModified"] == updated.isoformat()
    minutes = int(article["timeRequired"].removeprefix("PT").removesuffix("M"))
    assert f"{minutes} min read" in text
    assert 5 <= minutes <= 60
    # The byline sits right under the title.
    h1 = document.find("h1")
    siblings = [n for n in h1.parent.children if not isinstance(n, str)]
    assert siblings[siblings.index(h1) + 1] is byline


def test_reading_time_counts_words_not_the_quiz():
    words = "word " * 460
    assert reading_minutes(f"<p>{words}</p>") == 2
    quiz = '<section class="assessment" data-assessment="x">' + "option " * 5000 + "</section>"
    assert reading_minutes(f"<p>{words}</p>{quiz}") == 2
    assert reading_minutes("") == 1


@pytest.mark.parametrize("page", PAGES)
def test_footer_has_copyright_contact_and_privacy(built_site, page):
    footer = parse_html(built_site / page).find("div", **{"class": "md-copyright"})
    text = normalize(footer.text())
    assert f"© {datetime.date.today().year} {PUBLISHER['name']}" in text or MKDOCS_YML.get("copyright") in text
    assert PUBLISHER["contact_email"] in text
    assert normalize(MKDOCS_YML["extra"]["privacy_note"]) in text
    # The privacy link reaches the About page's privacy section from every page.
    target = "#privacy" if page.startswith("about/") else "about/#privacy"
    assert any(a.attrs.get("href", "").endswith(target) for a in footer.find_all("a"))


def test_the_article_calls_to_action_after_the_ladder_and_at_the_end(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    ladder = html.index('id="ladder"')
    next_section = html.index("<h2", ladder + 1)
    ctas = [i for i in range(len(html)) if html.startswith('<aside class="p2p-cta"', i)]
    assert len(ctas) == 2
    assert ladder < ctas[0] < next_section, "no call to action right after the ladder section"
    assert ctas[1] > html.index('id="sources"')
    fill = PUBLISHER["booking_url"].split("?")[0]
    assert html.count(f'href="{fill}') >= 2
