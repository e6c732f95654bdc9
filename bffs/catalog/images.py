"""Generated product images: one SVG per product, drawn from its category and id.

The drawing is deterministic (same product, same bytes), so the image endpoint can be cached
for a long time and revalidated by ETag.
"""

from __future__ import annotations

import colorsys
import hashlib
from html import escape

# One simple illustration per category, drawn on a 200x200 canvas around (100, 105).
GLYPHS = {
    "kitchen": '<path d="M45 95 h110 v45 a25 25 0 0 1 -25 25 h-60 a25 25 0 0 1 -25 -25 Z" fill="{main}"/>'
    '<rect x="35" y="85" width="130" height="14" rx="7" fill="{dark}"/>'
    '<rect x="88" y="70" width="24" height="12" rx="5" fill="{dark}"/>'
    '<rect x="20" y="104" width="25" height="9" rx="4" fill="{dark}"/><rect x="155" y="104" width="25" height="9" rx="4" fill="{dark}"/>',
    "coffee-tea": '<path d="M55 75 h80 v55 a30 30 0 0 1 -30 30 h-20 a30 30 0 0 1 -30 -30 Z" fill="{main}"/>'
    '<path d="M135 90 h10 a18 18 0 0 1 0 36 h-12" fill="none" stroke="{main}" stroke-width="10"/>'
    '<path d="M80 40 q10 12 0 24 M100 36 q10 12 0 24" stroke="{light}" stroke-width="5" fill="none" stroke-linecap="round"/>'
    '<rect x="40" y="160" width="120" height="8" rx="4" fill="{dark}"/>',
    "books": '<rect x="45" y="130" width="110" height="26" rx="4" fill="{main}"/>'
    '<rect x="55" y="104" width="96" height="26" rx="4" fill="{dark}"/>'
    '<rect x="40" y="78" width="104" height="26" rx="4" fill="{light}"/>'
    '<rect x="50" y="52" width="90" height="26" rx="4" fill="{main}"/>'
    '<rect x="60" y="60" width="40" height="4" fill="{light}"/><rect x="65" y="138" width="50" height="4" fill="{light}"/>',
    "audio": '<path d="M50 120 v-20 a50 50 0 0 1 100 0 v20" fill="none" stroke="{dark}" stroke-width="12"/>'
    '<rect x="38" y="108" width="30" height="50" rx="12" fill="{main}"/>'
    '<rect x="132" y="108" width="30" height="50" rx="12" fill="{main}"/>',
    "outdoors": '<path d="M100 45 L165 155 H35 Z" fill="{main}"/><path d="M100 45 L120 155 H80 Z" fill="{dark}"/>'
    '<path d="M100 100 L112 155 H88 Z" fill="{light}"/><rect x="25" y="155" width="150" height="8" rx="4" fill="{dark}"/>',
    "home-decor": '<path d="M80 50 h40 v20 q30 20 25 55 q-5 35 -45 35 q-40 0 -45 -35 q-5 -35 25 -55 Z" fill="{main}"/>'
    '<path d="M60 115 q40 -20 80 0" stroke="{light}" stroke-width="8" fill="none"/>'
    '<rect x="76" y="44" width="48" height="10" rx="5" fill="{dark}"/>',
    "stationery": '<g transform="rotate(-35 100 105)"><rect x="88" y="30" width="24" height="110" fill="{main}"/>'
    '<rect x="88" y="30" width="24" height="14" fill="{dark}"/><path d="M88 140 h24 l-12 30 Z" fill="{light}"/>'
    '<path d="M96 160 h8 l-4 10 Z" fill="{dark}"/></g>',
    "toys-games": '<rect x="40" y="85" width="70" height="70" rx="12" fill="{main}"/>'
    '<rect x="95" y="55" width="64" height="64" rx="12" fill="{dark}" transform="rotate(12 127 87)"/>'
    '<circle cx="60" cy="105" r="6" fill="#fff"/><circle cx="90" cy="135" r="6" fill="#fff"/><circle cx="75" cy="120" r="6" fill="#fff"/>'
    '<circle cx="115" cy="75" r="6" fill="#fff"/><circle cx="138" cy="98" r="6" fill="#fff"/>',
    "fitness": '<rect x="60" y="97" width="80" height="14" rx="7" fill="{dark}"/>'
    '<rect x="36" y="70" width="22" height="68" rx="6" fill="{main}"/><rect x="142" y="70" width="22" height="68" rx="6" fill="{main}"/>'
    '<rect x="22" y="84" width="14" height="40" rx="5" fill="{dark}"/><rect x="164" y="84" width="14" height="40" rx="5" fill="{dark}"/>',
    "garden": '<path d="M65 115 h70 l-10 50 h-50 Z" fill="{dark}"/><rect x="58" y="108" width="84" height="14" rx="5" fill="{main}"/>'
    '<path d="M100 108 V60" stroke="{light}" stroke-width="6"/>'
    '<ellipse cx="78" cy="72" rx="22" ry="11" fill="{main}" transform="rotate(-30 78 72)"/>'
    '<ellipse cx="122" cy="62" rx="22" ry="11" fill="{main}" transform="rotate(30 122 62)"/>',
    "bags": '<path d="M75 80 v-15 a25 25 0 0 1 50 0 v15" fill="none" stroke="{dark}" stroke-width="9"/>'
    '<path d="M50 80 h100 l10 80 h-120 Z" fill="{main}"/><rect x="50" y="80" width="100" height="14" fill="{dark}"/>',
    "lighting": '<path d="M65 50 h70 l20 55 h-110 Z" fill="{main}"/><rect x="96" y="105" width="8" height="45" fill="{dark}"/>'
    '<rect x="66" y="150" width="68" height="12" rx="6" fill="{dark}"/>'
    '<path d="M70 112 l-12 18 M100 115 v22 M130 112 l12 18" stroke="{light}" stroke-width="5" stroke-linecap="round"/>',
}
DEFAULT_GLYPH = '<circle cx="100" cy="105" r="50" fill="{main}"/>'


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def _shade(color: str, *, hue_shift: float = 0.0, lightness: float = 0.0) -> str:
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    return _hex(
        colorsys.hls_to_rgb((h + hue_shift) % 1.0, min(max(lum + lightness, 0.05), 0.95), s)
    )


def product_svg(*, product_id: str, name: str, category_slug: str, color: str) -> str:
    seed = hashlib.sha256(product_id.encode()).digest()
    shift = (seed[0] / 255 - 0.5) * 0.16
    main = _shade(color, hue_shift=shift)
    palette = {
        "main": main,
        "dark": _shade(main, lightness=-0.18),
        "light": _shade(main, lightness=0.25),
    }
    glyph = GLYPHS.get(category_slug, DEFAULT_GLYPH).format(**palette)
    bg_top, bg_bottom = (
        _shade(color, lightness=0.36),
        _shade(color, lightness=0.28, hue_shift=shift),
    )
    dots = "".join(
        f'<circle cx="{20 + seed[i] % 160}" cy="{20 + seed[i + 1] % 160}" r="{3 + seed[i + 2] % 6}" '
        f'fill="#ffffff" opacity="0.35"/>'
        for i in range(3, 21, 3)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" role="img" '
        f'aria-label="{escape(name)}">'
        f'<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{bg_top}"/>'
        f'<stop offset="1" stop-color="{bg_bottom}"/></linearGradient></defs>'
        f'<rect width="200" height="200" fill="url(#g)"/>{dots}'
        '<ellipse cx="100" cy="172" rx="70" ry="8" fill="#000" opacity="0.08"/>'
        f"{glyph}</svg>"
    )
