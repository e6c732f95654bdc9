"""Generated product images: deterministic, well-formed, and different for every product."""

from xml.dom.minidom import parseString

import pytest

from bffs.catalog.images import product_svg

KITCHEN = {"category_slug": "kitchen", "color": "#e4572e"}


def fills(svg: str) -> set[str]:
    return {part.split('"')[0] for part in svg.split('fill="#')[1:]}


def test_the_same_product_always_gets_the_same_bytes():
    first = product_svg(product_id="kitchen-oak-skillet-03", name="Oak Skillet", **KITCHEN)
    assert first == product_svg(product_id="kitchen-oak-skillet-03", name="Oak Skillet", **KITCHEN)


def test_products_of_one_category_get_different_drawings_for_different_nouns():
    oven = product_svg(product_id="kitchen-oak-dutch-oven-01", name="Oak Dutch Oven", **KITCHEN)
    skillet = product_svg(product_id="kitchen-oak-skillet-01", name="Oak Skillet", **KITCHEN)
    assert oven.split("<g transform")[1] != skillet.split("<g transform")[1]


def test_the_style_word_colours_the_object():
    copper = product_svg(product_id="k-1", name="Copper Saucepan", **KITCHEN)
    midnight = product_svg(product_id="k-1", name="Midnight Saucepan", **KITCHEN)
    assert fills(copper) != fills(midnight)


@pytest.mark.parametrize(
    ("name", "category_slug", "color"),
    [
        ("Mystery Gadget", "kitchen", "#e4572e"),
        ("Mystery Gadget", "no-such-category", "#123456"),
        ('Oak <Skillet> & "Friends"', "kitchen", "not-a-colour"),
    ],
)
def test_any_product_gets_a_well_formed_svg_named_after_it(name, category_slug, color):
    svg = product_svg(product_id="p-1", name=name, category_slug=category_slug, color=color)
    root = parseString(svg).documentElement
    assert root.tagName == "svg" and root.getAttribute("aria-label") == name
