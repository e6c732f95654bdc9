"""The drawings product images are made of: each category's objects as SVG fragments in a
100×100 box, the fixed colours they may use besides the product's palette, and the style words
("Copper", "Midnight", …) that colour them. Data only; bffs.catalog.images draws with it."""

from __future__ import annotations

# Colours every drawing may use besides the product's palette.
FIXED = {
    "ink": "#2d2a32",
    "white": "#fbf8f2",
    "metal": "#c9ced6",
    "steel": "#8e96a3",
    "glass": "#eaf3f6",
    "leaf": "#4f8a3c",
    "leaf2": "#79b05a",
    "glow": "#ffd66b",
    "flame": "#f59e2a",
    "coffee": "#4a2c20",
}

# The style word of a product name and the colour of the material it stands for.
MATERIALS = {
    "copper": "#b8733f",
    "oak": "#c99a5b",
    "linen": "#e6dcc7",
    "nordic": "#9fb4c7",
    "terracotta": "#c4623f",
    "midnight": "#2f3b5c",
    "sage": "#8fa886",
    "walnut": "#6e4b36",
}

# Objects by category and noun, on a 200x200 canvas, standing on a floor at y~160 around x=100. Placeholders:
# the product's {main}, {dark}, {deep}, {light} and {accent}, and the FIXED colours.
GLYPHS: dict[str, dict[str, str]] = {
    "kitchen": {
        "dutch oven": '<rect x="26" y="108" width="24" height="11" rx="5" fill="{deep}"/>'
        '<rect x="150" y="108" width="24" height="11" rx="5" fill="{deep}"/>'
        '<path d="M42 100h116v36a26 26 0 0 1-26 26H68a26 26 0 0 1-26-26z" fill="{main}"/>'
        '<path d="M54 110v26a14 14 0 0 0 8 12" stroke="{light}" stroke-width="6" fill="none" stroke-linecap="round" opacity=".7"/>'
        '<path d="M36 102q64-44 128 0z" fill="{dark}"/><rect x="88" y="68" width="24" height="12" rx="6" fill="{ink}"/>',
        "saucepan": '<rect x="128" y="96" width="58" height="11" rx="5.5" fill="{ink}" transform="rotate(-8 128 101)"/>'
        '<path d="M38 96h96v44a20 20 0 0 1-20 20H58a20 20 0 0 1-20-20z" fill="{main}"/>'
        '<rect x="33" y="90" width="106" height="12" rx="6" fill="{dark}"/>'
        '<path d="M50 108v30a10 10 0 0 0 6 9" stroke="{light}" stroke-width="6" fill="none" stroke-linecap="round" opacity=".7"/>',
        "skillet": '<rect x="138" y="112" width="52" height="12" rx="6" fill="{ink}" transform="rotate(-14 138 118)"/>'
        '<ellipse cx="88" cy="122" rx="62" ry="34" fill="{deep}"/><ellipse cx="88" cy="117" rx="58" ry="30" fill="{dark}"/>'
        '<ellipse cx="88" cy="120" rx="48" ry="23" fill="{main}"/>'
        '<path d="M64 118c0-10 14-14 22-10 10-6 26 0 22 10 4 10-14 16-24 12-10 4-24-2-20-12z" fill="{white}"/>'
        '<circle cx="86" cy="118" r="8" fill="{glow}"/><circle cx="83" cy="115" r="2.5" fill="{white}" opacity=".8"/>',
        "stock pot": '<path d="M40 92h-8a8 8 0 0 0 0 16h8M160 92h8a8 8 0 0 1 0 16h-8" stroke="{deep}" stroke-width="7" fill="none"/>'
        '<rect x="44" y="70" width="112" height="92" rx="10" fill="{main}"/>'
        '<rect x="40" y="62" width="120" height="14" rx="7" fill="{dark}"/>'
        '<rect x="44" y="120" width="112" height="7" fill="{dark}" opacity=".45"/>'
        '<rect x="56" y="84" width="8" height="62" rx="4" fill="{light}" opacity=".65"/>',
        "chef's knife": '<g transform="rotate(-28 100 105)"><path d="M22 96h108v12c-18 16-52 20-96 6z" fill="{metal}"/>'
        '<path d="M22 96h108v5H24z" fill="{white}" opacity=".8"/><path d="M34 114c30 8 62 6 90-6" stroke="{steel}" stroke-width="2" fill="none"/>'
        '<rect x="128" y="92" width="8" height="22" rx="2" fill="{steel}"/><rect x="134" y="94" width="52" height="18" rx="8" fill="{main}"/>'
        '<circle cx="148" cy="103" r="2.5" fill="{light}"/><circle cx="162" cy="103" r="2.5" fill="{light}"/>'
        '<circle cx="176" cy="103" r="2.5" fill="{light}"/></g>',
        "cutting board": '<g transform="rotate(-8 100 110)"><rect x="44" y="52" width="108" height="112" rx="20" fill="{dark}"/>'
        '<rect x="40" y="48" width="108" height="112" rx="20" fill="{main}"/><circle cx="94" cy="66" r="7" fill="{deep}"/>'
        '<path d="M58 96q36-8 74 2M56 118q40-10 78 0M60 140q34-6 70 2" stroke="{dark}" stroke-width="2.5" fill="none" opacity=".5"/></g>'
        '<circle cx="126" cy="138" r="15" fill="{leaf2}"/><circle cx="126" cy="138" r="11" fill="#d9f0b8"/>'
        '<circle cx="148" cy="128" r="13" fill="{accent}"/><circle cx="148" cy="128" r="9" fill="{white}" opacity=".5"/>',
    },
    "coffee-tea": {
        "pour-over set": '<path d="M64 102h72l6 50a12 12 0 0 1-12 12H70a12 12 0 0 1-12-12z" fill="{glass}" opacity=".9"/>'
        '<path d="M61 128h78l3 24a12 12 0 0 1-12 12H70a12 12 0 0 1-12-12z" fill="{coffee}"/>'
        '<path d="M64 102h72" stroke="{steel}" stroke-width="3"/><rect x="86" y="96" width="28" height="12" rx="3" fill="{dark}"/>'
        '<path d="M52 52h96l-22 44H74z" fill="{main}"/><rect x="48" y="46" width="104" height="10" rx="5" fill="{dark}"/>'
        '<path d="M66 62l8 18" stroke="{light}" stroke-width="5" stroke-linecap="round" opacity=".7"/>',
        "espresso cup": '<ellipse cx="100" cy="152" rx="64" ry="13" fill="{dark}"/><ellipse cx="100" cy="148" rx="58" ry="10" fill="{light}"/>'
        '<path d="M138 108h8a14 14 0 0 1 0 28h-12" stroke="{main}" stroke-width="8" fill="none"/>'
        '<path d="M62 104h76v16a38 38 0 0 1-76 0z" fill="{main}"/><ellipse cx="100" cy="104" rx="38" ry="8" fill="{coffee}"/>'
        '<path d="M86 88q8-10 0-20M104 90q8-10 0-20" stroke="{white}" stroke-width="4" fill="none" stroke-linecap="round" opacity=".8"/>',
        "travel mug": '<path d="M68 64h64l-7 96a6 6 0 0 1-6 6H81a6 6 0 0 1-6-6z" fill="{main}"/>'
        '<rect x="64" y="48" width="72" height="20" rx="8" fill="{ink}"/><rect x="112" y="42" width="16" height="8" rx="3" fill="{ink}"/>'
        '<path d="M70 100h60l-2 26H72z" fill="{dark}"/><circle cx="100" cy="113" r="7" fill="{light}"/>'
        '<path d="M80 74l3 76" stroke="{light}" stroke-width="5" stroke-linecap="round" opacity=".6"/>',
        "teapot": '<path d="M142 108c14-4 22-16 30-26l-4 26c-6 12-16 20-28 22" fill="{main}"/>'
        '<path d="M56 100c-20 0-22 34 2 38" stroke="{dark}" stroke-width="9" fill="none"/>'
        '<path d="M52 120c0-30 22-44 48-44s48 14 48 44-20 42-48 42-48-12-48-42z" fill="{main}"/>'
        '<path d="M72 82q28-14 56 0z" fill="{dark}"/><circle cx="100" cy="70" r="7" fill="{dark}"/>'
        '<path d="M66 112q2-18 16-26" stroke="{light}" stroke-width="6" fill="none" stroke-linecap="round" opacity=".7"/>'
        '<path d="M56 128q44 14 88 0" stroke="{dark}" stroke-width="4" fill="none" opacity=".5"/>',
        "french press": '<path d="M128 80h10a10 10 0 0 1 10 10v42a10 10 0 0 1-10 10h-10" stroke="{main}" stroke-width="9" fill="none"/>'
        '<rect x="66" y="72" width="64" height="84" rx="4" fill="{glass}" opacity=".9"/>'
        '<rect x="66" y="104" width="64" height="52" fill="{coffee}"/><rect x="66" y="100" width="64" height="6" fill="#a9785c"/>'
        '<rect x="62" y="62" width="72" height="12" rx="4" fill="{main}"/><rect x="95" y="38" width="6" height="26" fill="{steel}"/>'
        '<circle cx="98" cy="36" r="7" fill="{main}"/><rect x="62" y="154" width="72" height="8" rx="3" fill="{main}"/>'
        '<rect x="72" y="78" width="5" height="70" rx="2.5" fill="{white}" opacity=".7"/>',
        "tea blend": '<rect x="60" y="64" width="80" height="98" rx="8" fill="{main}"/><rect x="56" y="54" width="88" height="20" rx="6" fill="{dark}"/>'
        '<rect x="70" y="92" width="60" height="44" rx="5" fill="{white}"/>'
        '<path d="M88 122c0-14 12-22 26-22 0 14-12 22-26 22z" fill="{leaf}"/><path d="M88 122l16-12" stroke="{white}" stroke-width="2"/>'
        '<rect x="66" y="80" width="6" height="72" rx="3" fill="{light}" opacity=".6"/>',
    },
    "books": {
        "cookbook": '<rect x="56" y="44" width="92" height="118" rx="6" fill="{dark}"/><rect x="52" y="42" width="92" height="118" rx="6" fill="{main}"/>'
        '<rect x="52" y="42" width="14" height="118" rx="4" fill="{dark}"/><rect x="78" y="70" width="54" height="56" rx="27" fill="{white}"/>'
        '<path d="M96 82v12a4 4 0 0 0 8 0V82M100 82v30" stroke="{accent}" stroke-width="3" fill="none" stroke-linecap="round"/>'
        '<ellipse cx="114" cy="90" rx="5" ry="8" fill="{accent}"/><path d="M114 96v16" stroke="{accent}" stroke-width="3" stroke-linecap="round"/>'
        '<rect x="80" y="138" width="50" height="5" rx="2.5" fill="{light}"/>',
        "field guide": '<rect x="56" y="46" width="88" height="116" rx="6" fill="{main}"/><rect x="56" y="46" width="12" height="116" rx="4" fill="{dark}"/>'
        '<path d="M124 46h10v52l-5-6-5 6z" fill="{accent}"/>'
        '<path d="M84 126c0-26 16-42 40-44 0 26-16 42-40 44z" fill="{light}"/><path d="M86 124l30-34" stroke="{main}" stroke-width="3"/>'
        '<rect x="80" y="140" width="44" height="5" rx="2.5" fill="{light}"/>',
        "novel": '<rect x="46" y="130" width="110" height="28" rx="4" fill="{main}"/><rect x="54" y="102" width="98" height="28" rx="4" fill="{dark}"/>'
        '<rect x="42" y="74" width="106" height="28" rx="4" fill="{light}"/><rect x="52" y="46" width="92" height="28" rx="4" fill="{main}"/>'
        '<rect x="62" y="56" width="40" height="5" rx="2" fill="{light}"/><rect x="54" y="85" width="56" height="5" rx="2" fill="{dark}"/>'
        '<rect x="66" y="113" width="46" height="5" rx="2" fill="{light}"/><rect x="58" y="141" width="60" height="5" rx="2" fill="{light}"/>',
        "poetry collection": '<path d="M100 70c-20-10-44-12-62-8v86c18-4 42-2 62 8z" fill="{dark}"/>'
        '<path d="M100 70c20-10 44-12 62-8v86c-18-4-42-2-62 8z" fill="{dark}"/>'
        '<path d="M100 66c-18-10-40-12-56-8v86c16-4 38-2 56 8z" fill="{white}"/><path d="M100 66c18-10 40-12 56-8v86c-16-4-38-2-56 8z" fill="{white}"/>'
        '<path d="M54 78c12-2 24 0 34 4M54 92c12-2 24 0 34 4M54 106c8-1 16 0 22 2M112 82c10-4 22-6 34-4M112 96c10-4 22-6 34-4M112 110c8-2 16-3 24-2"'
        ' stroke="{main}" stroke-width="3" fill="none" stroke-linecap="round"/><path d="M100 66v90" stroke="{dark}" stroke-width="2"/>',
        "atlas": '<rect x="44" y="52" width="112" height="108" rx="6" fill="{main}"/><rect x="44" y="52" width="14" height="108" rx="4" fill="{dark}"/>'
        '<circle cx="107" cy="106" r="32" fill="{light}"/><circle cx="107" cy="106" r="32" fill="none" stroke="{white}" stroke-width="3"/>'
        '<ellipse cx="107" cy="106" rx="14" ry="32" fill="none" stroke="{white}" stroke-width="3"/>'
        '<path d="M75 106h64M80 90h54M80 122h54" stroke="{white}" stroke-width="3"/>'
        '<path d="M94 86c8 4 4 12 12 14s4 14-4 16" stroke="{dark}" stroke-width="6" fill="none" stroke-linecap="round"/>',
        "sketchbook": '<rect x="46" y="56" width="108" height="106" rx="6" fill="{main}"/><rect x="50" y="52" width="100" height="104" rx="4" fill="{white}"/>'
        '<path d="M64 52v-8M80 52v-8M96 52v-8M112 52v-8M128 52v-8M144 52v-8" stroke="{ink}" stroke-width="4" stroke-linecap="round"/>'
        '<path d="M66 130c10-30 22-40 32-20s22 6 34-28" stroke="{dark}" stroke-width="3.5" fill="none" stroke-linecap="round"/>'
        '<circle cx="126" cy="76" r="9" fill="{accent}" opacity=".85"/>'
        '<g transform="rotate(35 150 130)"><rect x="144" y="96" width="10" height="56" rx="2" fill="{accent}"/>'
        '<path d="M144 152h10l-5 12z" fill="{oak}"/></g>',
    },
    "audio": {
        "headphones": '<path d="M46 122v-22a54 54 0 0 1 108 0v22" fill="none" stroke="{dark}" stroke-width="11" stroke-linecap="round"/>'
        '<rect x="32" y="106" width="34" height="54" rx="14" fill="{main}"/><rect x="134" y="106" width="34" height="54" rx="14" fill="{main}"/>'
        '<rect x="56" y="112" width="12" height="42" rx="6" fill="{deep}"/><rect x="132" y="112" width="12" height="42" rx="6" fill="{deep}"/>'
        '<rect x="38" y="114" width="6" height="34" rx="3" fill="{light}" opacity=".7"/>',
        "earbuds": '<rect x="58" y="96" width="84" height="64" rx="30" fill="{main}"/><path d="M58 122h84" stroke="{dark}" stroke-width="3"/>'
        '<circle cx="100" cy="142" r="3.5" fill="{glow}"/><rect x="68" y="104" width="24" height="6" rx="3" fill="{light}" opacity=".7"/>'
        '<circle cx="74" cy="66" r="14" fill="{white}"/><rect x="70" y="70" width="9" height="26" rx="4.5" fill="{white}" transform="rotate(-12 74 70)"/>'
        '<circle cx="74" cy="66" r="6" fill="{ink}"/><circle cx="124" cy="70" r="14" fill="{white}"/>'
        '<rect x="120" y="74" width="9" height="26" rx="4.5" fill="{white}" transform="rotate(14 124 74)"/><circle cx="124" cy="70" r="6" fill="{ink}"/>',
        "bookshelf speaker": '<rect x="58" y="42" width="84" height="120" rx="8" fill="{main}"/><rect x="58" y="42" width="8" height="120" rx="4" fill="{light}" opacity=".5"/>'
        '<circle cx="100" cy="72" r="13" fill="{ink}"/><circle cx="100" cy="72" r="5" fill="{steel}"/>'
        '<circle cx="100" cy="120" r="28" fill="{ink}"/><circle cx="100" cy="120" r="20" fill="{deep}"/><circle cx="100" cy="120" r="7" fill="{steel}"/>',
        "radio": '<path d="M64 72q36-28 72 0" stroke="{ink}" stroke-width="6" fill="none"/><path d="M140 70l22-34" stroke="{steel}" stroke-width="4" stroke-linecap="round"/>'
        '<rect x="34" y="72" width="132" height="88" rx="16" fill="{main}"/><rect x="46" y="84" width="66" height="64" rx="10" fill="{dark}"/>'
        '<path d="M52 96h54M52 106h54M52 116h54M52 126h54M52 136h54" stroke="{deep}" stroke-width="4"/>'
        '<circle cx="140" cy="104" r="13" fill="{white}"/><path d="M140 104l6-8" stroke="{ink}" stroke-width="3" stroke-linecap="round"/>'
        '<circle cx="130" cy="138" r="6" fill="{ink}"/><circle cx="150" cy="138" r="6" fill="{ink}"/>',
        "turntable": '<rect x="30" y="58" width="140" height="100" rx="10" fill="{main}"/><rect x="30" y="146" width="140" height="12" rx="5" fill="{dark}"/>'
        '<circle cx="88" cy="104" r="40" fill="{ink}"/><circle cx="88" cy="104" r="31" fill="none" stroke="#4a4653" stroke-width="1.5"/>'
        '<circle cx="88" cy="104" r="22" fill="none" stroke="#4a4653" stroke-width="1.5"/><circle cx="88" cy="104" r="12" fill="{accent}"/>'
        '<circle cx="88" cy="104" r="2.5" fill="{white}"/><circle cx="150" cy="74" r="7" fill="{steel}"/>'
        '<path d="M150 74v44l-20 14" stroke="{metal}" stroke-width="4" fill="none" stroke-linecap="round"/>',
        "soundbar": '<rect x="18" y="94" width="164" height="38" rx="19" fill="{main}"/><rect x="24" y="98" width="152" height="8" rx="4" fill="{light}" opacity=".55"/>'
        '<g fill="{deep}"><circle cx="40" cy="118" r="3"/><circle cx="52" cy="118" r="3"/><circle cx="64" cy="118" r="3"/><circle cx="76" cy="118" r="3"/>'
        '<circle cx="124" cy="118" r="3"/><circle cx="136" cy="118" r="3"/><circle cx="148" cy="118" r="3"/><circle cx="160" cy="118" r="3"/></g>'
        '<circle cx="100" cy="118" r="4" fill="{glow}"/><rect x="44" y="132" width="14" height="8" rx="3" fill="{ink}"/>'
        '<rect x="142" y="132" width="14" height="8" rx="3" fill="{ink}"/>',
    },
    "outdoors": {
        "two-person tent": '<path d="M100 46L168 158H32z" fill="{main}"/><path d="M100 46l22 112H78z" fill="{dark}"/>'
        '<path d="M100 98l14 60H86z" fill="{ink}" opacity=".75"/><path d="M100 46l-68 112" stroke="{light}" stroke-width="5" stroke-linecap="round"/>'
        '<path d="M100 46v-10" stroke="{ink}" stroke-width="4" stroke-linecap="round"/><path d="M168 158l12 4M32 158l-12 4" stroke="{ink}" stroke-width="3"/>',
        "camp stove": '<path d="M72 66q-14-20 8-36 0 14 10 18 8-12 4-24 22 14 14 42z" fill="{flame}"/>'
        '<path d="M84 66q-4-12 6-18 2 8 8 8 4-6 2-12 10 10 4 22z" fill="{glow}"/>'
        '<rect x="60" y="70" width="80" height="10" rx="4" fill="{steel}"/><path d="M66 80l-10 18M134 80l10 18" stroke="{steel}" stroke-width="5" stroke-linecap="round"/>'
        '<rect x="86" y="80" width="28" height="16" rx="3" fill="{ink}"/><rect x="66" y="96" width="68" height="66" rx="18" fill="{main}"/>'
        '<rect x="74" y="110" width="52" height="26" rx="5" fill="{white}"/><rect x="82" y="120" width="36" height="5" rx="2.5" fill="{accent}"/>',
        "trail pack": '<path d="M64 66c0-18 14-26 36-26s36 8 36 26v86a10 10 0 0 1-10 10H74a10 10 0 0 1-10-10z" fill="{main}"/>'
        '<path d="M62 70c0-20 16-30 38-30s38 10 38 30q-38 14-76 0z" fill="{dark}"/><rect x="76" y="104" width="48" height="40" rx="8" fill="{dark}"/>'
        '<path d="M80 112h40" stroke="{light}" stroke-width="3"/><rect x="96" y="64" width="8" height="16" rx="3" fill="{ink}"/>'
        '<rect x="56" y="150" width="88" height="18" rx="9" fill="{accent}"/><path d="M70 150v18M130 150v18" stroke="{ink}" stroke-width="3"/>',
        "hammock": '<rect x="22" y="40" width="10" height="124" rx="4" fill="{walnut}"/><rect x="168" y="40" width="10" height="124" rx="4" fill="{walnut}"/>'
        '<path d="M32 64l18 46M168 64l-18 46" stroke="{ink}" stroke-width="2"/>'
        '<path d="M46 104q54 60 108 0q-54 34-108 0z" fill="{dark}"/><path d="M46 104q54 48 108 0" stroke="{main}" stroke-width="14" fill="none"/>'
        '<path d="M62 118q38 30 76 0" stroke="{light}" stroke-width="4" fill="none" opacity=".8"/>',
        "sleeping bag": '<rect x="44" y="84" width="120" height="70" rx="35" fill="{main}"/><path d="M92 84v70M128 84v70" stroke="{dark}" stroke-width="3" opacity=".6"/>'
        '<circle cx="62" cy="119" r="35" fill="{dark}"/><path d="M62 119m-6 0a6 6 0 1 1 12 0a12 12 0 1 1-24 0a18 18 0 1 1 36 0a24 24 0 1 1-48 0" stroke="{light}" stroke-width="4" fill="none"/>'
        '<rect x="80" y="82" width="8" height="74" rx="3" fill="{ink}"/><rect x="134" y="82" width="8" height="74" rx="3" fill="{ink}"/>',
        "lantern": '<path d="M78 50q22-26 44 0" stroke="{ink}" stroke-width="5" fill="none"/><rect x="72" y="48" width="56" height="16" rx="6" fill="{main}"/>'
        '<rect x="76" y="64" width="48" height="68" rx="6" fill="{glow}"/><ellipse cx="100" cy="98" rx="16" ry="24" fill="{white}" opacity=".65"/>'
        '<path d="M84 64v68M116 64v68" stroke="{dark}" stroke-width="4"/><rect x="66" y="130" width="68" height="30" rx="8" fill="{main}"/>'
        '<rect x="72" y="136" width="56" height="5" rx="2.5" fill="{light}" opacity=".7"/>',
    },
    "home-decor": {
        "ceramic vase": '<path d="M104 58c6-20 22-28 34-30M100 58c-4-18-18-26-30-26" stroke="{leaf}" stroke-width="3" fill="none"/>'
        '<circle cx="138" cy="28" r="9" fill="{accent}"/><circle cx="70" cy="32" r="8" fill="{white}"/>'
        '<path d="M82 54h36v16q32 20 28 56-4 36-46 36t-46-36q-4-36 28-56z" fill="{main}"/>'
        '<rect x="78" y="50" width="44" height="10" rx="5" fill="{dark}"/><path d="M62 114q38-20 76 0" stroke="{light}" stroke-width="6" fill="none"/>'
        '<path d="M66 130q34-16 68 0" stroke="{dark}" stroke-width="3" fill="none" opacity=".6"/>',
        "wool throw": '<rect x="36" y="122" width="128" height="38" rx="8" fill="{dark}"/><rect x="40" y="98" width="124" height="34" rx="8" fill="{main}"/>'
        '<rect x="34" y="70" width="124" height="36" rx="8" fill="{light}"/>'
        '<path d="M48 70v36M66 70v36M84 70v36M102 70v36M120 70v36M138 70v36" stroke="{main}" stroke-width="4" opacity=".5"/>'
        '<path d="M52 98v34M70 98v34M88 98v34M106 98v34M124 98v34M142 98v34" stroke="{dark}" stroke-width="4" opacity=".4"/>'
        '<path d="M158 76l10 2M158 86l10 2M158 96l10 2" stroke="{light}" stroke-width="3" stroke-linecap="round"/>',
        "wall mirror": '<circle cx="100" cy="100" r="60" fill="{main}"/><circle cx="100" cy="100" r="49" fill="{glass}"/>'
        '<path d="M74 84l28-26M72 108l46-44M96 126l24-22" stroke="{white}" stroke-width="6" stroke-linecap="round"/>'
        '<circle cx="100" cy="100" r="60" fill="none" stroke="{dark}" stroke-width="3"/><path d="M100 40l-14-14h28z" fill="{dark}"/>',
        "planter": '<path d="M100 96c-30-4-52-30-48-58 26 8 44 30 48 58z" fill="{leaf}"/>'
        '<path d="M100 96c26-12 52-6 62 12-22 14-48 8-62-12z" fill="{leaf2}"/><path d="M100 96c-2-26 10-50 30-62 8 28-8 50-30 62z" fill="{leaf2}"/>'
        '<path d="M100 96c-16 4-40 0-54 12" stroke="{leaf}" stroke-width="4" fill="none"/>'
        '<path d="M62 100h76l-10 58a6 6 0 0 1-6 5H78a6 6 0 0 1-6-5z" fill="{main}"/><rect x="58" y="96" width="84" height="14" rx="4" fill="{dark}"/>'
        '<path d="M74 118l6 38" stroke="{light}" stroke-width="5" stroke-linecap="round" opacity=".6"/>',
        "candle set": '<rect x="40" y="96" width="34" height="64" rx="4" fill="{main}"/><rect x="84" y="70" width="34" height="90" rx="4" fill="{light}"/>'
        '<rect x="128" y="110" width="34" height="50" rx="4" fill="{dark}"/>'
        '<path d="M57 96v-8M101 70v-8M145 110v-8" stroke="{ink}" stroke-width="2"/>'
        '<path d="M57 88c-7-8 0-16 0-22 6 8 7 14 0 22z" fill="{flame}"/><path d="M101 62c-7-8 0-16 0-22 6 8 7 14 0 22z" fill="{flame}"/>'
        '<path d="M145 102c-7-8 0-16 0-22 6 8 7 14 0 22z" fill="{flame}"/><ellipse cx="57" cy="84" rx="2.5" ry="4" fill="{glow}"/>'
        '<ellipse cx="101" cy="58" rx="2.5" ry="4" fill="{glow}"/><ellipse cx="145" cy="98" rx="2.5" ry="4" fill="{glow}"/>',
        "table runner": '<path d="M28 82h144v62H28z" fill="{main}"/><path d="M28 82h144v10H28zM28 134h144v10H28z" fill="{dark}"/>'
        '<path d="M48 113l14-14 14 14-14 14zM86 113l14-14 14 14-14 14zM124 113l14-14 14 14-14 14z" fill="{light}"/>'
        '<path d="M28 86h-8M28 96h-8M28 106h-8M28 116h-8M28 126h-8M28 136h-8M172 86h8M172 96h8M172 106h8M172 116h8M172 126h8M172 136h8"'
        ' stroke="{dark}" stroke-width="3" stroke-linecap="round"/>',
    },
    "stationery": {
        "notebook": '<rect x="52" y="44" width="100" height="118" rx="8" fill="{white}"/><rect x="48" y="40" width="100" height="118" rx="8" fill="{main}"/>'
        '<rect x="124" y="40" width="8" height="118" fill="{deep}"/><path d="M112 158v10l6-5 6 5v-10" fill="{accent}"/>'
        '<rect x="62" y="64" width="46" height="22" rx="3" fill="{white}" opacity=".9"/><rect x="68" y="72" width="32" height="4" rx="2" fill="{dark}"/>',
        "fountain pen": '<g transform="rotate(-40 100 100)"><path d="M40 92h26v16H40a8 8 0 0 1 0-16z" fill="{main}"/>'
        '<rect x="64" y="92" width="70" height="16" fill="{dark}"/><rect x="58" y="90" width="10" height="20" rx="2" fill="{metal}"/>'
        '<rect x="44" y="88" width="20" height="4" rx="2" fill="{metal}"/><path d="M134 92l20 8-20 8z" fill="#d8b45a"/>'
        '<path d="M138 100h12" stroke="{ink}" stroke-width="1.5"/><rect x="70" y="95" width="58" height="3" rx="1.5" fill="{light}" opacity=".6"/></g>',
        "pencil set": '<g transform="rotate(-18 100 110)"><rect x="60" y="46" width="16" height="96" fill="{main}"/><path d="M60 142h16l-8 20z" fill="{oak}"/>'
        '<path d="M66 156h4l-2 6z" fill="{ink}"/><rect x="60" y="40" width="16" height="8" fill="{metal}"/></g>'
        '<g><rect x="92" y="40" width="16" height="100" fill="{dark}"/><path d="M92 140h16l-8 20z" fill="{oak}"/>'
        '<path d="M98 154h4l-2 6z" fill="{ink}"/><rect x="92" y="34" width="16" height="8" fill="{metal}"/></g>'
        '<g transform="rotate(18 100 110)"><rect x="124" y="46" width="16" height="96" fill="{accent}"/><path d="M124 142h16l-8 20z" fill="{oak}"/>'
        '<path d="M130 156h4l-2 6z" fill="{ink}"/><rect x="124" y="40" width="16" height="8" fill="{metal}"/></g>',
        "desk organizer": '<rect x="74" y="50" width="8" height="60" rx="3" fill="{accent}" transform="rotate(-14 78 110)"/>'
        '<rect x="96" y="42" width="8" height="68" rx="3" fill="{ink}"/><rect x="116" y="52" width="8" height="58" rx="3" fill="{dark}" transform="rotate(12 120 110)"/>'
        '<path d="M118 58l8-12 4 12" fill="{oak}" transform="rotate(12 120 110)"/>'
        '<rect x="58" y="96" width="84" height="66" rx="8" fill="{main}"/><rect x="136" y="122" width="34" height="40" rx="6" fill="{dark}"/>'
        '<rect x="64" y="104" width="6" height="50" rx="3" fill="{light}" opacity=".6"/>',
        "planner": '<rect x="46" y="46" width="108" height="116" rx="8" fill="{main}"/><rect x="56" y="58" width="88" height="94" rx="4" fill="{white}"/>'
        '<rect x="56" y="58" width="88" height="18" rx="4" fill="{accent}"/>'
        '<g fill="{light}"><rect x="64" y="84" width="14" height="12" rx="2"/><rect x="84" y="84" width="14" height="12" rx="2"/>'
        '<rect x="104" y="84" width="14" height="12" rx="2"/><rect x="124" y="84" width="14" height="12" rx="2"/>'
        '<rect x="64" y="102" width="14" height="12" rx="2"/><rect x="104" y="102" width="14" height="12" rx="2"/>'
        '<rect x="124" y="102" width="14" height="12" rx="2"/><rect x="64" y="120" width="14" height="12" rx="2"/>'
        '<rect x="84" y="120" width="14" height="12" rx="2"/><rect x="104" y="120" width="14" height="12" rx="2"/></g>'
        '<rect x="84" y="102" width="14" height="12" rx="2" fill="{dark}"/><path d="M72 40v14M128 40v14" stroke="{ink}" stroke-width="5" stroke-linecap="round"/>',
        "letter set": '<rect x="62" y="42" width="84" height="70" rx="4" fill="{white}" transform="rotate(8 104 77)"/>'
        '<path d="M78 60h52M78 72h52M78 84h36" stroke="{light}" stroke-width="3" transform="rotate(8 104 77)"/>'
        '<rect x="34" y="78" width="128" height="82" rx="6" fill="{main}"/><path d="M34 84l64 44 64-44" fill="{dark}"/>'
        '<path d="M34 160l50-40M162 160l-50-40" stroke="{dark}" stroke-width="3" opacity=".6"/>'
        '<circle cx="98" cy="124" r="13" fill="{accent}"/><circle cx="98" cy="124" r="7" fill="none" stroke="{white}" stroke-width="2" opacity=".7"/>',
    },
    "toys-games": {
        "board game": '<rect x="40" y="52" width="120" height="110" rx="8" fill="{dark}"/><rect x="36" y="46" width="120" height="110" rx="8" fill="{main}"/>'
        '<path d="M56 136V66h80v70H76V86h40v30H96" stroke="{white}" stroke-width="10" fill="none" stroke-linejoin="round"/>'
        '<circle cx="56" cy="136" r="8" fill="{accent}"/><path d="M88 118a8 8 0 1 1 16 0l4 18H84z" fill="{ink}"/><circle cx="96" cy="110" r="7" fill="{ink}"/>',
        "jigsaw puzzle": '<path d="M40 60h40a12 12 0 1 1 20 0h0v40h-4a12 12 0 1 0 0 20h4v0H40z" fill="{main}"/>'
        '<path d="M100 60h60v60h-60v-20h-4a12 12 0 1 0 0-20h4z" fill="{light}"/>'
        '<path d="M40 120h42a12 12 0 1 0 18 0h0v44H40z" fill="{dark}"/><path d="M100 120h60v44h-60z" fill="{accent}"/>'
        '<path d="M110 132h40v22h-40z" fill="{white}" opacity=".25"/>',
        "building blocks": '<rect x="40" y="124" width="88" height="36" rx="4" fill="{main}"/><rect x="48" y="116" width="18" height="10" rx="3" fill="{main}"/>'
        '<rect x="76" y="116" width="18" height="10" rx="3" fill="{main}"/><rect x="104" y="116" width="18" height="10" rx="3" fill="{main}"/>'
        '<rect x="70" y="84" width="88" height="36" rx="4" fill="{accent}"/><rect x="78" y="76" width="18" height="10" rx="3" fill="{accent}"/>'
        '<rect x="106" y="76" width="18" height="10" rx="3" fill="{accent}"/><rect x="134" y="76" width="18" height="10" rx="3" fill="{accent}"/>'
        '<rect x="52" y="48" width="60" height="36" rx="4" fill="{dark}"/><rect x="60" y="40" width="18" height="10" rx="3" fill="{dark}"/>'
        '<rect x="86" y="40" width="18" height="10" rx="3" fill="{dark}"/><rect x="130" y="124" width="30" height="36" rx="4" fill="{light}"/>',
        "card game": '<rect x="48" y="52" width="62" height="90" rx="8" fill="{white}" stroke="{light}" stroke-width="2" transform="rotate(-18 79 142)"/>'
        '<rect x="70" y="46" width="62" height="90" rx="8" fill="{white}" stroke="{light}" stroke-width="2" transform="rotate(-2 101 136)"/>'
        '<rect x="92" y="52" width="62" height="90" rx="8" fill="{main}" transform="rotate(16 123 142)"/>'
        '<rect x="100" y="60" width="46" height="74" rx="5" fill="none" stroke="{light}" stroke-width="3" transform="rotate(16 123 142)"/>'
        '<path d="M100 78c-8-12-22-2-12 10l12 12 12-12c10-12-4-22-12-10z" fill="{accent}" transform="rotate(-2 101 136)"/>'
        '<path d="M58 86l10-14 10 14-10 14z" fill="{ink}" transform="rotate(-18 79 142)"/>',
        "dice set": '<rect x="38" y="86" width="70" height="70" rx="12" fill="{main}"/>'
        '<rect x="94" y="54" width="66" height="66" rx="12" fill="{dark}" transform="rotate(12 127 87)"/>'
        '<g fill="{white}"><circle cx="56" cy="104" r="6"/><circle cx="90" cy="138" r="6"/><circle cx="73" cy="121" r="6"/>'
        '<circle cx="114" cy="74" r="6"/><circle cx="140" cy="99" r="6"/><circle cx="56" cy="138" r="6"/><circle cx="90" cy="104" r="6"/></g>',
        "wooden train": '<rect x="40" y="92" width="96" height="44" rx="6" fill="{main}"/><rect x="100" y="62" width="46" height="74" rx="6" fill="{dark}"/>'
        '<rect x="110" y="72" width="26" height="22" rx="3" fill="{glass}"/><rect x="54" y="66" width="18" height="28" rx="3" fill="{accent}"/>'
        '<rect x="50" y="60" width="26" height="10" rx="4" fill="{ink}"/><rect x="140" y="116" width="20" height="10" rx="3" fill="{ink}"/>'
        '<circle cx="62" cy="144" r="16" fill="{ink}"/><circle cx="62" cy="144" r="6" fill="{light}"/>'
        '<circle cx="120" cy="144" r="16" fill="{ink}"/><circle cx="120" cy="144" r="6" fill="{light}"/>',
    },
    "fitness": {
        "dumbbell pair": '<rect x="58" y="97" width="84" height="14" rx="7" fill="{steel}"/>'
        '<rect x="34" y="66" width="24" height="76" rx="7" fill="{main}"/><rect x="142" y="66" width="24" height="76" rx="7" fill="{main}"/>'
        '<rect x="20" y="80" width="16" height="48" rx="6" fill="{dark}"/><rect x="164" y="80" width="16" height="48" rx="6" fill="{dark}"/>'
        '<rect x="38" y="72" width="6" height="64" rx="3" fill="{light}" opacity=".6"/><rect x="146" y="72" width="6" height="64" rx="3" fill="{light}" opacity=".6"/>',
        "yoga mat": '<path d="M36 150h128v12H36z" fill="{dark}"/><rect x="36" y="70" width="90" height="86" rx="43" fill="{main}"/>'
        '<circle cx="81" cy="113" r="43" fill="{main}"/><circle cx="81" cy="113" r="43" fill="none" stroke="{dark}" stroke-width="3"/>'
        '<path d="M81 113m-5 0a5 5 0 1 1 10 0a11 11 0 1 1-22 0a17 17 0 1 1 34 0a23 23 0 1 1-46 0a29 29 0 1 1 58 0a35 35 0 1 1-70 0"'
        ' stroke="{light}" stroke-width="3.5" fill="none"/><path d="M110 150h54v12h-54z" fill="{main}"/>'
        '<path d="M60 74c20-10 42-10 54 0" stroke="{ink}" stroke-width="5" fill="none"/>',
        "kettlebell": '<path d="M70 94V76a30 30 0 0 1 60 0v18" stroke="{dark}" stroke-width="16" fill="none"/>'
        '<circle cx="100" cy="120" r="42" fill="{main}"/><rect x="72" y="150" width="56" height="12" rx="4" fill="{dark}"/>'
        '<path d="M72 108a30 30 0 0 1 20-22" stroke="{light}" stroke-width="7" fill="none" stroke-linecap="round" opacity=".7"/>'
        '<rect x="88" y="118" width="24" height="14" rx="3" fill="{white}" opacity=".85"/>',
        "jump rope": '<path d="M56 78c-18 70 10 90 44 86s64-20 48-86" stroke="{accent}" stroke-width="5" fill="none"/>'
        '<rect x="44" y="34" width="18" height="50" rx="9" fill="{main}" transform="rotate(-10 53 59)"/>'
        '<rect x="138" y="34" width="18" height="50" rx="9" fill="{main}" transform="rotate(10 147 59)"/>'
        '<rect x="48" y="40" width="5" height="34" rx="2.5" fill="{light}" transform="rotate(-10 53 59)" opacity=".7"/>'
        '<rect x="142" y="40" width="5" height="34" rx="2.5" fill="{light}" transform="rotate(10 147 59)" opacity=".7"/>',
        "foam roller": '<rect x="44" y="86" width="124" height="64" rx="10" fill="{main}"/><ellipse cx="44" cy="118" rx="16" ry="32" fill="{dark}"/>'
        '<ellipse cx="44" cy="118" rx="7" ry="14" fill="{deep}"/>'
        '<g fill="{light}" opacity=".75"><rect x="70" y="92" width="8" height="52" rx="4"/><rect x="92" y="92" width="8" height="52" rx="4"/>'
        '<rect x="114" y="92" width="8" height="52" rx="4"/><rect x="136" y="92" width="8" height="52" rx="4"/></g>'
        '<path d="M60 90h104" stroke="{white}" stroke-width="3" opacity=".5"/>',
        "resistance bands": '<ellipse cx="84" cy="112" rx="46" ry="30" fill="none" stroke="{main}" stroke-width="12"/>'
        '<ellipse cx="116" cy="100" rx="46" ry="30" fill="none" stroke="{accent}" stroke-width="12" transform="rotate(-16 116 100)"/>'
        '<ellipse cx="100" cy="132" rx="50" ry="22" fill="none" stroke="{dark}" stroke-width="12"/>',
    },
    "garden": {
        "herb planter": '<path d="M100 106V56" stroke="{leaf}" stroke-width="5"/>'
        '<ellipse cx="78" cy="74" rx="24" ry="11" fill="{leaf2}" transform="rotate(-30 78 74)"/>'
        '<ellipse cx="122" cy="64" rx="24" ry="11" fill="{leaf}" transform="rotate(30 122 64)"/><ellipse cx="100" cy="50" rx="9" ry="18" fill="{leaf2}"/>'
        '<path d="M62 112h76l-10 50H72z" fill="{main}"/><rect x="56" y="104" width="88" height="16" rx="5" fill="{dark}"/>'
        '<path d="M74 126l4 28" stroke="{light}" stroke-width="5" stroke-linecap="round" opacity=".6"/>',
        "watering can": '<path d="M132 110l34-36" stroke="{dark}" stroke-width="10" stroke-linecap="round"/><rect x="158" y="60" width="22" height="14" rx="4" fill="{dark}" transform="rotate(45 169 67)"/>'
        '<path d="M66 80q24-30 48 0" stroke="{dark}" stroke-width="9" fill="none"/>'
        '<path d="M50 88h90l-6 66a8 8 0 0 1-8 8H64a8 8 0 0 1-8-8z" fill="{main}"/><rect x="46" y="82" width="98" height="12" rx="5" fill="{dark}"/>'
        '<path d="M64 102l4 48" stroke="{light}" stroke-width="6" stroke-linecap="round" opacity=".6"/>'
        '<path d="M176 84l4 8M184 78l6 6M172 90l2 9" stroke="#7cc3e8" stroke-width="3" stroke-linecap="round"/>',
        "pruning shears": '<path d="M100 100L60 40c-6 14-4 28 10 44z" fill="{metal}"/><path d="M100 100L140 40c6 14 4 28-10 44z" fill="{steel}"/>'
        '<path d="M96 102c-10 16-28 38-34 60 8 4 16 2 20-4 6-16 16-36 22-52z" fill="{main}"/>'
        '<path d="M104 102c10 16 28 38 34 60-8 4-16 2-20-4-6-16-16-36-22-52z" fill="{dark}"/><circle cx="100" cy="100" r="7" fill="{ink}"/>'
        '<circle cx="100" cy="100" r="2.5" fill="{metal}"/>',
        "seed kit": '<rect x="44" y="44" width="80" height="112" rx="6" fill="{main}"/><rect x="52" y="54" width="64" height="64" rx="4" fill="{white}"/>'
        '<path d="M84 106v-22" stroke="{leaf}" stroke-width="3"/><ellipse cx="76" cy="98" rx="8" ry="4" fill="{leaf2}" transform="rotate(-30 76 98)"/>'
        '<g fill="{accent}"><circle cx="84" cy="72" r="6"/><circle cx="76" cy="78" r="6"/><circle cx="92" cy="78" r="6"/><circle cx="79" cy="88" r="6"/><circle cx="89" cy="88" r="6"/></g>'
        '<circle cx="84" cy="81" r="5" fill="{glow}"/><rect x="54" y="128" width="50" height="6" rx="3" fill="{light}"/><rect x="54" y="140" width="34" height="6" rx="3" fill="{light}"/>'
        '<rect x="110" y="104" width="48" height="56" rx="6" fill="{dark}"/><rect x="110" y="104" width="48" height="12" rx="4" fill="{deep}"/>'
        '<g fill="{oak}"><ellipse cx="124" cy="134" rx="4" ry="3"/><ellipse cx="140" cy="130" rx="4" ry="3"/><ellipse cx="132" cy="146" rx="4" ry="3"/></g>',
        "garden gloves": '<g transform="rotate(-12 78 104)"><path d="M54 150v-56c0-6 10-6 10 0v-14c0-6 10-6 10 0v-4c0-6 10-6 10 0v4c0-6 10-6 10 0v40l10-14c4-6 12 0 8 6l-18 30v8z" fill="{main}"/>'
        '<rect x="52" y="144" width="52" height="18" rx="3" fill="{dark}"/></g>'
        '<g transform="rotate(12 126 104)"><path d="M146 150v-56c0-6-10-6-10 0v-14c0-6-10-6-10 0v-4c0-6-10-6-10 0v4c0-6-10-6-10 0v40l-10-14c-4-6-12 0-8 6l18 30v8z" fill="{light}"/>'
        '<rect x="96" y="144" width="52" height="18" rx="3" fill="{accent}"/></g>',
        "trowel": '<g transform="rotate(-35 100 100)"><rect x="92" y="120" width="16" height="52" rx="8" fill="{main}"/>'
        '<rect x="95" y="126" width="4" height="40" rx="2" fill="{light}" opacity=".7"/><rect x="97" y="104" width="6" height="18" fill="{steel}"/>'
        '<path d="M100 26c22 18 28 46 22 70-4 8-40 8-44 0-6-24 0-52 22-70z" fill="{metal}"/><path d="M100 34v62" stroke="{steel}" stroke-width="3"/></g>',
    },
    "bags": {
        "tote bag": '<path d="M76 84V66a24 24 0 0 1 48 0v18" stroke="{dark}" stroke-width="7" fill="none"/>'
        '<path d="M50 80h100l8 82H42z" fill="{main}"/><path d="M50 80h100v10H50z" fill="{dark}" opacity=".5"/>'
        '<rect x="76" y="110" width="48" height="28" rx="4" fill="{white}" opacity=".85"/><circle cx="100" cy="124" r="7" fill="{accent}"/>',
        "backpack": '<path d="M70 50q30-16 60 0" stroke="{dark}" stroke-width="7" fill="none"/>'
        '<path d="M56 80c0-22 18-34 44-34s44 12 44 34v72a10 10 0 0 1-10 10H66a10 10 0 0 1-10-10z" fill="{main}"/>'
        '<rect x="72" y="108" width="56" height="42" rx="10" fill="{dark}"/><path d="M76 118h48" stroke="{ink}" stroke-width="3"/>'
        '<rect x="118" y="114" width="6" height="10" rx="2" fill="{metal}"/><path d="M66 74c6-14 18-20 34-20" stroke="{light}" stroke-width="5" fill="none" stroke-linecap="round" opacity=".7"/>',
        "weekender": '<path d="M70 92q30-36 60 0" stroke="{ink}" stroke-width="8" fill="none"/>'
        '<path d="M30 104c0-10 8-14 18-14h104c10 0 18 4 18 14v46a12 12 0 0 1-12 12H42a12 12 0 0 1-12-12z" fill="{main}"/>'
        '<rect x="30" y="98" width="22" height="64" rx="8" fill="{dark}"/><rect x="148" y="98" width="22" height="64" rx="8" fill="{dark}"/>'
        '<path d="M54 106h92" stroke="{deep}" stroke-width="3"/><rect x="84" y="122" width="32" height="18" rx="4" fill="{oak}"/>',
        "crossbody bag": '<path d="M40 36l60 80M160 36l-60 80" stroke="{dark}" stroke-width="5" fill="none"/>'
        '<rect x="54" y="96" width="92" height="64" rx="16" fill="{main}"/><path d="M54 110c0-8 6-14 14-14h64c8 0 14 6 14 14v22H54z" fill="{dark}"/>'
        '<rect x="92" y="124" width="16" height="14" rx="4" fill="{metal}"/>',
        "laptop sleeve": '<rect x="36" y="66" width="128" height="94" rx="12" fill="{main}"/>'
        '<path d="M36 84h128" stroke="{dark}" stroke-width="4"/><path d="M44 84h112" stroke="{metal}" stroke-width="2" stroke-dasharray="3 3"/>'
        '<path d="M150 84l6 18" stroke="{ink}" stroke-width="4" stroke-linecap="round"/>'
        '<rect x="48" y="98" width="104" height="50" rx="8" fill="none" stroke="{light}" stroke-width="2" stroke-dasharray="4 4"/>'
        '<rect x="84" y="118" width="32" height="10" rx="5" fill="{accent}"/>',
        "duffel": '<path d="M78 88q22-30 44 0" stroke="{ink}" stroke-width="8" fill="none"/>'
        '<rect x="34" y="88" width="132" height="70" rx="35" fill="{main}"/><ellipse cx="48" cy="123" rx="14" ry="33" fill="{dark}"/>'
        '<ellipse cx="152" cy="123" rx="14" ry="33" fill="{dark}"/><path d="M58 100h84" stroke="{deep}" stroke-width="3"/>'
        '<path d="M60 136h80" stroke="{light}" stroke-width="6" opacity=".6" stroke-linecap="round"/>',
    },
    "lighting": {
        "desk lamp": '<ellipse cx="70" cy="158" rx="30" ry="6" fill="{dark}"/><rect x="44" y="148" width="52" height="12" rx="5" fill="{main}"/>'
        '<path d="M70 150L92 94L132 70" stroke="{main}" stroke-width="7" fill="none" stroke-linejoin="round" stroke-linecap="round"/>'
        '<circle cx="92" cy="94" r="6" fill="{dark}"/><circle cx="70" cy="150" r="5" fill="{dark}"/>'
        '<g transform="rotate(28 142 80)"><path d="M132 58h20l16 34h-52z" fill="{main}"/><path d="M136 62l-8 24" stroke="{light}" stroke-width="4" stroke-linecap="round" opacity=".7"/>'
        '<ellipse cx="142" cy="92" rx="26" ry="5" fill="{glow}"/><path d="M142 92l-22 56M142 92l24 54" stroke="{glow}" stroke-width="3" stroke-linecap="round" opacity=".5"/></g>',
        "floor lamp": '<path d="M70 30h60l14 44H56z" fill="{main}"/><path d="M76 38l-8 28" stroke="{light}" stroke-width="5" stroke-linecap="round" opacity=".7"/>'
        '<ellipse cx="100" cy="76" rx="40" ry="5" fill="{glow}"/><rect x="97" y="76" width="6" height="80" fill="{ink}"/>'
        '<ellipse cx="100" cy="160" rx="30" ry="7" fill="{dark}"/>',
        "pendant light": '<path d="M100 18v50" stroke="{ink}" stroke-width="3"/><rect x="92" y="62" width="16" height="12" rx="3" fill="{dark}"/>'
        '<path d="M42 130a58 58 0 0 1 116 0z" fill="{main}"/><path d="M56 118a46 46 0 0 1 24-36" stroke="{light}" stroke-width="6" fill="none" stroke-linecap="round" opacity=".7"/>'
        '<path d="M42 130h116l-58 34z" fill="{glow}" opacity=".35"/><circle cx="100" cy="134" r="12" fill="{glow}"/>',
        "string lights": '<path d="M18 60q42 36 82 0t82 0M18 110q42 36 82 0t82 0" stroke="{ink}" stroke-width="2.5" fill="none"/>'
        '<g fill="{glow}"><circle cx="38" cy="84" r="9"/><circle cx="80" cy="82" r="9"/><circle cx="120" cy="82" r="9"/><circle cx="162" cy="84" r="9"/>'
        '<circle cx="38" cy="134" r="9"/><circle cx="80" cy="132" r="9"/><circle cx="120" cy="132" r="9"/><circle cx="162" cy="134" r="9"/></g>'
        '<g fill="{main}"><rect x="34" y="70" width="8" height="8" rx="2"/><rect x="76" y="68" width="8" height="8" rx="2"/><rect x="116" y="68" width="8" height="8" rx="2"/>'
        '<rect x="158" y="70" width="8" height="8" rx="2"/><rect x="34" y="120" width="8" height="8" rx="2"/><rect x="76" y="118" width="8" height="8" rx="2"/>'
        '<rect x="116" y="118" width="8" height="8" rx="2"/><rect x="158" y="120" width="8" height="8" rx="2"/></g>',
        "reading light": '<rect x="40" y="140" width="68" height="22" rx="6" fill="{main}"/><rect x="50" y="132" width="48" height="12" rx="4" fill="{dark}"/>'
        '<path d="M74 134c0-50 30-84 68-78" stroke="{ink}" stroke-width="7" fill="none" stroke-linecap="round"/>'
        '<g transform="rotate(38 150 66)"><path d="M140 50h20l8 26h-36z" fill="{main}"/><ellipse cx="150" cy="76" rx="18" ry="4" fill="{glow}"/></g>'
        '<path d="M150 86l-6 30M160 84l10 28" stroke="{glow}" stroke-width="3" stroke-linecap="round" opacity=".7"/>',
        "table lamp": '<path d="M62 46h76l20 58H42z" fill="{main}"/><path d="M70 54l-12 42" stroke="{light}" stroke-width="5" stroke-linecap="round" opacity=".7"/>'
        '<rect x="96" y="104" width="8" height="40" fill="{dark}"/><path d="M74 160c0-16 10-20 26-20s26 4 26 20z" fill="{dark}"/>'
        '<path d="M64 112l-12 18M100 112v22M136 112l12 18" stroke="{glow}" stroke-width="5" stroke-linecap="round"/>',
    },
}
