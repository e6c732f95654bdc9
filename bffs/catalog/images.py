"""Generated product images: one SVG per product, like a studio photo of the thing itself.

What is drawn follows the product: the object comes from the noun in its name ("Copper Dutch
Oven" is a Dutch oven; a name with no known noun gets one of its category's objects), its
colour from the style word ("Copper", "Midnight", …; "Classic" and unknown styles take the
category's colour), and the backdrop (its tone, pattern and a small hue shift) from a hash of
the product id. The drawing is deterministic (same product, same bytes), so the image endpoint
can be cached for a long time and revalidated by ETag.
"""

from __future__ import annotations

import colorsys
import hashlib
import re
from html import escape

from bffs.catalog.drawings import FIXED, GLYPHS, MATERIALS

HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
FALLBACK_COLOR = "#6b7280"  # for a category whose colour is not #rrggbb


_BY_NOUN = {noun: svg for drawings in GLYPHS.values() for noun, svg in drawings.items()}
# Longest first, so "herb planter" wins over "planter".
_NOUNS = sorted(_BY_NOUN, key=len, reverse=True)

GLYPH_SCALE = 1.08  # the drawings are made with a margin; this fills a card a little more

# Backdrop patterns, drawn in {tone} over the backdrop gradient (behind the object).
PATTERNS = [
    "",
    '<circle cx="100" cy="96" r="70" fill="{tone}" opacity=".55"/>',
    '<path d="M48 170V92a52 52 0 0 1 104 0v78z" fill="{tone}" opacity=".6"/>',
    '<rect y="128" width="200" height="72" fill="{tone}" opacity=".55"/>',
    '<g stroke="{tone}" stroke-width="10" opacity=".35">'
    + "".join(f'<path d="M{x} 0l-200 200"/>' for x in range(20, 420, 36))
    + "</g>",
    '<g fill="{tone}" opacity=".6">'
    + "".join(
        f'<circle cx="{x}" cy="{y}" r="2.6"/>'
        for x in range(14, 200, 24)
        for y in range(14, 200, 24)
    )
    + "</g>",
    '<g fill="none" stroke="{tone}" stroke-width="6" opacity=".45">'
    + "".join(f'<circle cx="100" cy="100" r="{r}"/>' for r in (40, 62, 84, 106, 128))
    + "</g>",
]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)


def _rgb(color: str) -> tuple[float, float, float]:
    return tuple(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _shade(
    color: str, *, hue_shift: float = 0.0, lightness: float = 0.0, saturation: float = 1.0
) -> str:
    h, lum, s = colorsys.rgb_to_hls(*_rgb(color))
    lum = min(max(lum + lightness, 0.06), 0.96)
    return _hex(colorsys.hls_to_rgb((h + hue_shift) % 1.0, lum, min(s * saturation, 1.0)))


def _with_lightness(color: str, lightness: float, *, saturation: float = 1.0) -> str:
    h, _, s = colorsys.rgb_to_hls(*_rgb(color))
    return _hex(colorsys.hls_to_rgb(h, lightness, min(s * saturation, 1.0)))


def _luminance(color: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _distance(a: str, b: str) -> float:
    return sum((x - y) ** 2 for x, y in zip(_rgb(a), _rgb(b), strict=True)) ** 0.5


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _glyph_for(name: str, category_slug: str, seed: bytes) -> str:
    lowered = name.lower()
    noun = next((n for n in _NOUNS if n in lowered), None)
    if noun is None:
        choices = sorted(GLYPHS.get(category_slug) or _BY_NOUN)
        noun = choices[seed[1] % len(choices)]
    return _BY_NOUN[noun]


def _palette(name: str, color: str, seed: bytes) -> dict[str, str]:
    words = name.lower().split()
    material = next((MATERIALS[w] for w in words if w in MATERIALS), None)
    jitter = (seed[0] / 255 - 0.5) * 0.05
    main = _shade(material or color, hue_shift=jitter if material else jitter * 2)
    accent = color if _distance(main, color) > 0.25 else _shade(color, lightness=-0.22)
    return {
        **FIXED,
        "oak": MATERIALS["oak"],
        "walnut": MATERIALS["walnut"],
        "main": main,
        "dark": _shade(main, lightness=-0.13),
        "deep": _shade(main, lightness=-0.26),
        "light": _shade(main, lightness=0.16),
        "accent": accent,
    }


def _backdrop(color: str, main: str, seed: bytes) -> tuple[str, str, str]:
    """Top and bottom of the backdrop gradient and the pattern tone: a pale wash of the
    category's colour, or a bolder one when the object itself is pale."""
    hue_shift = (seed[2] / 255 - 0.5) * 0.12
    tinted = _shade(color, hue_shift=hue_shift)
    pale = _with_lightness(tinted, 0.92, saturation=0.75)
    bold = _with_lightness(tinted, 0.72, saturation=0.6)
    top = pale if _contrast(main, pale) >= 1.5 else bold
    lift = -0.06 if top == pale else -0.07
    return top, _shade(top, lightness=lift), _shade(top, lightness=lift * 0.7)


def product_svg(*, product_id: str, name: str, category_slug: str, color: str) -> str:
    seed = hashlib.sha256(product_id.encode()).digest()
    color = color if HEX_COLOR.fullmatch(color or "") else FALLBACK_COLOR
    palette = _palette(name, color, seed)
    top, bottom, tone = _backdrop(color, palette["main"], seed)
    pattern = PATTERNS[seed[3] % len(PATTERNS)].format(tone=tone)
    glyph = _glyph_for(name, category_slug, seed).format(**palette)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" role="img" '
        f'aria-label="{escape(name)}">'
        '<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">'
        f'<stop offset="0" stop-color="{top}"/><stop offset="1" stop-color="{bottom}"/></linearGradient>'
        '<radialGradient id="floor"><stop offset="0" stop-color="#000" stop-opacity=".22"/>'
        '<stop offset="1" stop-color="#000" stop-opacity="0"/></radialGradient></defs>'
        f'<rect width="200" height="200" fill="url(#bg)"/>{pattern}'
        '<ellipse cx="100" cy="167" rx="80" ry="11" fill="url(#floor)"/>'
        f'<g transform="translate(100 162) scale({GLYPH_SCALE}) translate(-100 -162)">{glyph}</g></svg>'
    )
