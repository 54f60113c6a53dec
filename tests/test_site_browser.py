"""The article site in Debian's Chromium (issue 3): no foreign requests, no console errors, axe
clean in light and dark mode and at phone width, sub-paths, instant navigation, print, 404.

Uses conftest's `built_site`, `site_server` (the site under /pilot-to-production/), `browser`,
`watch_page` and `run_axe`.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from conftest import SUBPATH, run_axe, start_static_server, watch_page

pytestmark = pytest.mark.browser

PAGES = ["", "assessment/", "about/"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# Material keeps the chosen palette in localStorage under "<site path>.__palette", the way its
# palette toggle writes it (index 2 of mkdocs.yml's palette list is the slate scheme).
DARK_PALETTE = {
    "index": 2,
    "color": {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
              "primary": "indigo", "accent": "indigo"},
}
LIGHT_PALETTE = {
    "index": 1,
    "color": {"media": "(prefers-color-scheme: light)", "scheme": "default",
              "primary": "indigo", "accent": "indigo"},
}


def open_page(browser, server, path, *, scheme="light", viewport=DESKTOP, prefix=SUBPATH):
    context = browser.new_context(viewport=viewport, color_scheme="dark" if scheme == "dark" else "light")
    palette = DARK_PALETTE if scheme == "dark" else LIGHT_PALETTE
    context.add_init_script(
        f"localStorage.setItem({json.dumps(prefix + '.__palette')}, {json.dumps(json.dumps(palette))})"
    )
    page = context.new_page()
    watch = watch_page(page, server.origin)
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}: {r.failure}"))
    page.goto(server.url + path, wait_until="load")
    page.wait_for_timeout(300)  # let Material's scripts settle (palette, instant navigation)
    return context, page, watch, failed


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-375"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES, ids=["article", "assessment", "about"])
def test_page_is_clean_and_accessible(browser, site_server, path, scheme, viewport):
    context, page, watch, failed = open_page(browser, site_server, path, scheme=scheme,
                                             viewport=viewport)
    try:
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == expected
        # Open the FAQ answers too, so axe checks them in both palettes.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        violations = run_axe(page)
        assert violations == [], json.dumps(violations, indent=1)
        if viewport is PHONE:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"the page scrolls sideways at 375px by {overflow}px"
        watch.assert_clean()
        assert failed == [], failed
    finally:
        context.close()


def test_figures_follow_the_palette(browser, site_server):
    """The generated figures take their colours from Material's variables, in both schemes."""
    colours = {}
    for scheme in ("light", "dark"):
        context, page, watch, _ = open_page(browser, site_server, "", scheme=scheme)
        try:
            colours[scheme] = page.evaluate("""() => {
                const rung = document.querySelector('.p2p-ladder__rung');
                const text = document.querySelector('.p2p-ladder__meaning');
                return [getComputedStyle(rung).backgroundColor, getComputedStyle(text).color];
            }""")
        finally:
            context.close()
    assert colours["light"] != colours["dark"], colours


@pytest.mark.parametrize("prefix", ["/", "/some/other/deeper/path/"])
def test_the_same_folder_works_under_any_sub_path(browser, built_site, prefix):
    """Every link the build writes is relative: served from another path, nothing breaks."""
    server = start_static_server(built_site, prefix)
    try:
        for path in PAGES:
            context, page, watch, failed = open_page(browser, server, path, prefix=prefix)
            try:
                watch.assert_clean()
                assert failed == [], failed
                outside = [u for u in watch.requests
                           if urlsplit(u).scheme.startswith("http")
                           and not urlsplit(u).path.startswith(prefix)]
                assert outside == [], outside
                # Material's stylesheet and script loaded: the header is styled and searchable.
                assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
                assert page.evaluate("typeof document$ !== 'undefined'")
            finally:
                context.close()
    finally:
        server.stop()


# Material's instant navigation takes the page list from sitemap.xml and maps each address there
# (site_url's) to the current protocol and host name only, keeping site_url's port and path. So it
# engages where the site is published (default port, site_url's path) and falls back to ordinary
# page loads elsewhere, such as a test server on a random port. This test serves the build the
# way it is published, from a routed origin on the default port, without opening a socket.
PUBLISHED_ORIGIN = "http://pilot-to-production.test"
MIME = {".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
        ".json": "application/json", ".xml": "application/xml", ".png": "image/png",
        ".svg": "image/svg+xml", ".wasm": "application/wasm", ".zip": "application/zip",
        ".whl": "application/zip", ".gz": "application/gzip"}


def route_published_site(context, built_site):
    def handle(route):
        path = urlsplit(route.request.url).path
        if not path.startswith(SUBPATH):
            return route.fulfill(status=404, body="outside the site")
        target = built_site / path[len(SUBPATH):]
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return route.fulfill(status=404, body="not found")
        route.fulfill(status=200, body=target.read_bytes(),
                      content_type=MIME.get(target.suffix, "application/octet-stream"))
    context.route(f"{PUBLISHED_ORIGIN}/**", handle)


def test_instant_navigation_and_anchors(browser, built_site):
    context = browser.new_context(viewport=DESKTOP)
    route_published_site(context, built_site)
    page = context.new_page()
    watch = watch_page(page, PUBLISHED_ORIGIN)
    try:
        page.goto(PUBLISHED_ORIGIN + SUBPATH, wait_until="load")
        page.wait_for_function("[...document.querySelectorAll('.md-sidebar--primary a')]"
                               ".some(a => a.getAttribute('href').startsWith('http'))")
        page.evaluate("window.__same_document = true")
        page.locator(".md-sidebar--primary").get_by_role("link", name="About this assessment").click()
        page.wait_for_url("**/about/")
        page.wait_for_function("document.querySelector('h1').textContent.startsWith('About')")
        # Instant: the same document with new content, not a page load.
        assert page.evaluate("window.__same_document === true")
        page.locator("article").get_by_role("link", name="Pilot-to-Production Ladder").first.click()
        page.wait_for_url("**/#ladder")
        page.wait_for_function("document.querySelector('#ladder') !== null")
        assert page.evaluate("window.__same_document === true")
        # Heading permalinks are there to copy.
        assert page.locator("h3#gap-data a.headerlink").get_attribute("href").endswith("#gap-data")
        watch.assert_clean()
    finally:
        context.close()


def test_print_layout_shows_the_article_only(browser, site_server):
    context, page, watch, _ = open_page(browser, site_server, "")
    try:
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary',
                                          '.md-footer'].map(s => {
            const el = document.querySelector(s);
            return [s, el ? getComputedStyle(el).display : 'none'];
        })""")
        assert all(display == "none" for _, display in hidden), hidden
        # The FAQ answers print open, the figures and the call to action print.
        answer_height = page.evaluate(
            "document.querySelector('details.question > p').getBoundingClientRect().height"
        )
        assert answer_height > 0, "a closed FAQ answer would not print"
        for selector in (".p2p-ladder", ".p2p-gaps", ".p2p-cost", ".p2p-cta", "table"):
            assert page.locator(selector).first.is_visible(), selector
        pdf = page.pdf(format="A4")
        assert pdf[:4] == b"%PDF" and len(pdf) > 50_000
        watch.assert_clean()
    finally:
        context.close()


def test_404_page_works_at_any_depth(browser, built_site, site_server):
    """A host answers any missing address with 404.html (nginx: `error_page`); its site-absolute
    links (from site_url's path) must work wherever that is."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    watch = watch_page(page, site_server.origin)
    missing = site_server.url + "no/such/page/at/depth/"
    page.route(missing, lambda route: route.fulfill(
        status=404, content_type="text/html", body=(built_site / "404.html").read_bytes()))
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url != missing else None)
    try:
        page.goto(missing, wait_until="load")
        assert page.locator("h1").inner_text() == "Page not found"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        assert failed == [], failed
        assert watch.foreign_requests == [] and watch.page_errors == []
        # The browser reports the 404 status of the page itself as a console error; nothing else.
        assert all("404" in message for message in watch.console_errors), watch.console_errors
        page.click("text=Take the assessment")
        page.wait_for_url(f"**{SUBPATH}assessment/")
    finally:
        context.close()
