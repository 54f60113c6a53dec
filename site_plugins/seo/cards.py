"""Link-preview cards: one 1200x630 PNG per page, drawn at build time from the page's title and
the brand (its name and colour). No network and no system fonts: the font is the FreeType font
Pillow ships (`ImageFont.load_default(size=...)`), so every machine draws the same card.

Pillow is the one dependency for this (README.md, "Dependencies"): it draws text with real font
metrics, which is what wrapping a title needs, and writes PNG without anything else installed.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72

# Material's named primary colours (mkdocs.yml `theme.palette.primary`), as its stylesheet
# defines them, so a card takes the site's own colour unless `extra.publisher.brand_color` says
# otherwise.
MATERIAL_PRIMARY = {
    "red": "#ef5552", "pink": "#e92063", "purple": "#ab47bd", "deep-purple": "#7e56c2",
    "indigo": "#4051b5", "blue": "#2094f3", "light-blue": "#02a6f2", "cyan": "#00bdd6",
    "teal": "#009485", "green": "#4cae4f", "light-green": "#8bc34b", "lime": "#cbdc38",
    "yellow": "#ffec3d", "amber": "#ffc105", "orange": "#ffa724", "deep-orange": "#ff6e42",
    "brown": "#795649", "grey": "#757575", "blue-grey": "#546d78", "black": "#000000",
    "white": "#ffffff",
}
DEFAULT_COLOUR = MATERIAL_PRIMARY["indigo"]
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


def brand_colour(palette: object, override: object = None) -> str:
    """The card colour: `extra.publisher.brand_color` if set, else the theme's primary colour."""
    if isinstance(override, str) and _HEX.match(override.strip()):
        return override.strip()
    palettes = palette if isinstance(palette, list) else [palette]
    for entry in palettes:
        if isinstance(entry, dict) and entry.get("primary"):
            name = str(entry["primary"]).strip().lower().replace(" ", "-")
            if name in MATERIAL_PRIMARY:
                return MATERIAL_PRIMARY[name]
    return DEFAULT_COLOUR


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _ink_on(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """White or near-black text, whichever reads better on the background (WCAG luminance)."""

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in background)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return (255, 255, 255) if (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) else (20, 20, 20)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if not line or draw.textlength(candidate, font=font) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _title_lines(draw, title: str, width: int, max_lines: int = 4):
    """The largest size (down to 44 px) at which the title fits in `max_lines` lines."""
    for size in range(76, 43, -4):
        font = ImageFont.load_default(size=size)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= max_lines:
            return font, size, lines
    font = ImageFont.load_default(size=44)
    lines = _wrap(draw, title, font, width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;:") + "…"
    return font, 44, lines


def draw_card(
    path: Path, *, title: str, site_name: str, publisher: str, colour: str, subtitle: str | None = None
) -> None:
    """Write the card for one page to `path` (PNG, 1200x630)."""
    background = _rgb(colour)
    ink = _ink_on(background)
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)

    # A five-rung ladder on the right: the brand's motif, drawn, so no image file is needed.
    soft = tuple(round(c * 0.75 + i * 0.25) for c, i in zip(background, ink))
    for rung in range(5):
        x = WIDTH - MARGIN - (5 - rung) * 46
        top = HEIGHT - MARGIN - 60 - rung * 52
        draw.rounded_rectangle((x, top, x + 34, HEIGHT - MARGIN), radius=6, fill=soft)

    small = ImageFont.load_default(size=30)
    draw.text((MARGIN, MARGIN), site_name, font=small, fill=ink)
    text_width = WIDTH - 2 * MARGIN - 5 * 46 - 24
    font, size, lines = _title_lines(draw, title, text_width)
    line_height = round(size * 1.18)
    y = MARGIN + 80
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=ink)
        y += line_height
    if subtitle:  # the page's `card_subtitle:`, an invitation under the title
        sub_font = ImageFont.load_default(size=34)
        for line in _wrap(draw, subtitle, sub_font, text_width)[:2]:
            draw.text((MARGIN, y + 16), line, font=sub_font, fill=soft if ink == (20, 20, 20) else ink)
            y += 44
    draw.text((MARGIN, HEIGHT - MARGIN - 30), publisher, font=small, fill=ink)

    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)


def card_path(page_url: str) -> str:
    """The card's path in the site for a page URL (`` → `index.png`, `about/` → `about.png`)."""
    slug = page_url.strip("/").replace("/", "-") or "index"
    return f"assets/cards/{slug}.png"
