"""Build the game's art atlases from vendored Fluent Emoji SVGs (MIT), rasterised with resvg.

    python -m game.tools.art [--fetch PACKAGE_DIR]

The game never parses SVG: this tool renders every picture it uses, at the sizes it draws them,
into a few PNG atlases under assets/art/ (the title's, read at start, as TGA: AT_START) plus `atlas.json` (where each id sits, and which SVG
files it is made of). Pictures are either one emoji (ART_ITEMS, SCENERY, ...) or a composite made
here from several (the officer and the trafficker as running characters, people's bodies, the
mascot): the composites are built from the licensed files only, recoloured or layered.

`--fetch DIR` copies the SVGs the tables name from an unpacked `npm pack fluentui-emoji`
(`DIR/icons/flat/`) into assets/art/svg/; without it the vendored copies are used. Each vendored
file must be listed in assets/LICENSES.md (the content lint checks it). Needs the `art` extra
(resvg-py): `pip install -e ".[art]"`. The output is deterministic for the same inputs.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import paths

ART = paths.ASSETS / "art"
SVG = ART / "svg"
PACKAGE = "fluentui-emoji@1.3.0"

# -- what the game draws -------------------------------------------------------------------------
# Things drugs hide in, spot items and small props: id -> SVG stem (or (stem, recolour map)).
ITEMS: dict[str, Any] = {
    "bubble-tea": "bubble-tea",
    "candy": "candy",
    "popping-candy": ("candy", {"#f8312f": "#7c3aed", "#fcd53f": "#c4b5fd"}),
    "gummies": "teddy-bear",
    "lollipop": "lollipop",
    "chocolate": "chocolate-bar",
    "cookie": "cookie",
    "paper-stamp": "ticket",
    "sticker": "star",
    "drink": "cup-with-straw",
    "juice-box": "beverage-box",
    "milk-tea-sachet": ("clutch-bag", {"#f99ea3": "#d9b98e", "#fbb8ab": "#f1ddc0", "#f9c23c": "#b9935a"}),
    "coffee-sachet": ("clutch-bag", {"#f99ea3": "#6f4529", "#fbb8ab": "#8a5a3b", "#f9c23c": "#e9c46a"}),
    "powder-sachet": ("clutch-bag", {"#f99ea3": "#c9ccd3", "#fbb8ab": "#f4f5f7", "#f9c23c": "#8d93a0"}),
    "coffee": "hot-beverage",
    "e-cigarette": "pen",
    "canister": ("battery", {"#86d72f": "#f49ac1"}),
    "pill": "pill",
    "herb": "herb",
    "leafy-green": "leafy-green",
    "jar": "jar",
    "ice": "ice",
    "rock": "rock",
    "salt": "salt",
    "parcel": "package",
    "test-tube": "test-tube",
    # props: the stars of bursts, the party's popper
    "star": "glowing-star",
    "party-popper": "party-popper",
}
ITEM_SIZES = (72, 200)

# Scenery for backgrounds (drawn at 256 and scaled by the scene that places them).
SCENERY: dict[str, Any] = {
    "school": "school",
    "shop": "convenience-store",
    "store": "department-store",
    "city": "cityscape",
    "tree": "deciduous-tree",
    "pine": "evergreen-tree",
    "tulip": "tulip",
    "sunflower": "sunflower",
    "butterfly": "butterfly",
    "fountain": "fountain",
    "bus-stop": "bus-stop",
    "balloon": "balloon",
    "cake": "birthday-cake",
    "confetti": "confetti-ball",
    "gift": "wrapped-gift",
    "couch": "couch-and-lamp",
    "plant": "potted-plant",
    "picture": "framed-picture",
    "tv": "television",
    "window": "window",
    "door": "door",
    "bed": "bed",
    "books": "books",
    "computer": "desktop-computer",
    "chair": "chair",
    "phone": "mobile-phone",
    "speech": "speech-balloon",
    "cloud": "cloud",
    "shopping": "shopping-cart",
}
SCENERY_SIZE = 256

# Faces for scenario people, by mood (never a smiling drug: faces belong to people only).
MOODS = {
    "neutral": "neutral-face",
    "pushy": "smirking-face",
    "worried": "worried-face",
    "glad": "slightly-smiling-face",
}
FACE_SIZE = 160
SHIRTS = {  # the content palette (game.content.schema.Palette)
    "red": "#d65454",
    "orange": "#e88c3c",
    "yellow": "#ecc446",
    "green": "#54aa60",
    "teal": "#38a6a0",
    "blue": "#4678c8",
    "purple": "#8c64be",
    "pink": "#e278a0",
    "grey": "#828c96",
}
BODY_SIZE = 240

# The running characters: a Fluent runner recoloured, with a head from another emoji (chibi style).
RUNNER = "person-running-facing-right-default"
OFFICER_COLOURS = {
    "#ff6723": "#2f6fd0",
    "#ff8101": "#3b82e6",
    "#9b9b9b": "#26355f",
    "#636363": "#1b2748",
    "#533566": "#1c1c1c",
}
HOODIE_COLOURS = {
    "#ff6723": "#4b4f5c",
    "#ff8101": "#5d6270",
    "#9b9b9b": "#2a2c33",
    "#636363": "#1f2026",
    "#533566": "#3a3030",
}
DARK_CAP = {
    "#8bafff": "#3a3c44",
    "#6a8cff": "#26272d",
    "#6683ff": "#202127",
    "#526ce3": "#18191d",
    "#3c378c": "#101013",
}
CHARACTER_SIZES = (128,)
KIDS = ("child-medium-light", "girl-medium", "boy-medium-dark", "child-light", "girl-dark")


def svg_text(stem: str, recolour: dict[str, str] | None = None) -> str:
    text = (SVG / f"{stem}.svg").read_text(encoding="utf-8")
    for old, new in (recolour or {}).items():
        text = text.replace(f'"{old}"', f'"{new}"').replace(f'"{old.upper()}"', f'"{new}"')
    return text


def render(stem: str, size: int, recolour: dict[str, str] | None = None) -> Any:
    """One SVG as a size x size pygame surface with alpha."""
    import pygame
    import resvg_py

    png = resvg_py.svg_to_bytes(svg_string=svg_text(stem, recolour), width=size, height=size)
    return pygame.image.load(io.BytesIO(bytes(png))).convert_alpha()


def trim(surface: Any) -> Any:
    """The surface cut to its visible pixels."""
    rect = surface.get_bounding_rect(min_alpha=8)
    return surface.subsurface(rect).copy() if rect.w and rect.h else surface


# -- composites ------------------------------------------------------------------------------------
def _runner(size: int, colours: dict[str, str], head: Any, head_scale: float, head_at: tuple[float, float]) -> Any:
    """A runner `size` tall facing right, its own head covered by `head` (centre at head_at, fractions)."""
    import pygame

    body = render(RUNNER, size, colours)
    h = round(size * head_scale)
    head = pygame.transform.smoothscale(head, (round(head.get_width() * h / head.get_height()), h))
    canvas = pygame.Surface((size + h // 2, size + h // 2), pygame.SRCALPHA)
    ox, oy = h // 4, h // 2
    canvas.blit(body, (ox, oy))
    canvas.blit(head, head.get_rect(center=(ox + head_at[0] * size, oy + head_at[1] * size)))
    return trim(canvas)


def officer(size: int) -> Any:
    import pygame

    bust = render("police-officer-default", 512)
    head = trim(bust.subsurface(pygame.Rect(0, 0, 512, 300)).copy())  # cap and face, not the shoulders
    return _runner(size, OFFICER_COLOURS, head, 0.42, (0.66, 0.17))


def trafficker(size: int) -> Any:
    """A shady figure: dark hoodie with its hood up, dark cap, sunglasses, a plain face. No features
    that point at any people or person: the face is the emoji's round yellow one."""
    import pygame

    face = render("neutral-face", 512)
    head = pygame.Surface((660, 700), pygame.SRCALPHA)
    pygame.draw.ellipse(head, (75, 79, 92), (20, 40, 620, 660))  # the hood, up, around the face
    pygame.draw.ellipse(head, (58, 61, 72), (20, 40, 620, 660), 22)
    head.blit(face, (74, 130))
    head.blit(render("sunglasses", 420), (120, 205))
    cap = pygame.transform.flip(render("billed-cap", 500, DARK_CAP), True, False)  # the brim faces the way he runs
    head.blit(cap, (70, -70))
    return _runner(size, HOODIE_COLOURS, trim(head), 0.44, (0.64, 0.16))


def mascot(size: int) -> Any:
    """The mascot: a panda guard holding the shield (refusal) in front of it."""
    import pygame

    canvas = pygame.Surface((size, size), pygame.SRCALPHA)
    panda = render("panda", round(size * 0.86))
    canvas.blit(panda, (0, 0))
    shield = render("shield", round(size * 0.55))
    canvas.blit(shield, (size - shield.get_width(), size - shield.get_height()))
    return trim(canvas)


def _shade(hex_colour: str, k: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    if k >= 0:
        r, g, b = (round(v + (255 - v) * k) for v in (r, g, b))
    else:
        r, g, b = (round(v * (1 + k)) for v in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def body(colour: str, size: int) -> Any:
    """A person's body under the head: a Fluent t-shirt in the shirt colour, trousers and shoes."""
    import pygame

    shirt = render(
        "t-shirt",
        size,
        {
            "#86d72f": colour,
            "#c3ef3c": _shade(colour, 0.35),
            "#44911b": _shade(colour, -0.35),
            "#00d26a": _shade(colour, -0.2),
        },
    )
    shirt = trim(shirt)
    w, h = shirt.get_size()
    canvas = pygame.Surface((w, h + round(h * 1.05)), pygame.SRCALPHA)
    legs = (52, 62, 84)
    leg_w, leg_h, top = round(w * 0.2), round(h * 0.95), h - round(h * 0.12)
    for x in (w // 2 - leg_w - round(w * 0.03), w // 2 + round(w * 0.03)):
        pygame.draw.rect(canvas, legs, (x, top, leg_w, leg_h), border_radius=leg_w // 2)
        pygame.draw.ellipse(
            canvas, (34, 34, 44), (x - leg_w // 3, top + leg_h - leg_w // 2, leg_w + leg_w // 2, leg_w * 0.8)
        )
    canvas.blit(shirt, (0, 0))
    return trim(canvas)


def hazy(picture: Any, alpha: int = 170) -> Any:
    """The picture faded (its alpha scaled), for things far behind."""
    import pygame

    picture = picture.copy()
    picture.fill((255, 255, 255, alpha), special_flags=pygame.BLEND_RGBA_MULT)
    return picture


def kid(stem: str, size: int) -> Any:
    return trim(render(stem, size))


@dataclass
class Sprite:
    id: str
    image: Any
    sources: list[str]


@dataclass
class Atlas:
    name: str
    size: int  # the size its pictures were drawn for (the runtime picks the closest)
    sprites: list[Sprite] = field(default_factory=list)

    def add(self, art_id: str, image: Any, *sources: str) -> None:
        self.sprites.append(Sprite(art_id, image, [f"{s}.svg" for s in sources]))


def _stem(spec: Any) -> tuple[str, dict[str, str] | None]:
    return (spec, None) if isinstance(spec, str) else spec


def build_atlases() -> list[Atlas]:
    atlases = []
    for size in ITEM_SIZES:
        atlas = Atlas(f"items-{size}", size)
        for art_id, spec in ITEMS.items():
            stem, colours = _stem(spec)
            atlas.add(art_id, trim(render(stem, size, colours)), stem)
        atlases.append(atlas)
    scenery = Atlas("scenery", SCENERY_SIZE)
    for art_id, stem in SCENERY.items():
        scenery.add(art_id, trim(render(stem, SCENERY_SIZE)), stem)
    atlases.append(scenery)
    people = Atlas("people", FACE_SIZE)
    for mood, stem in MOODS.items():
        people.add(f"face-{mood}", trim(render(stem, FACE_SIZE)), stem)
    for name, colour in SHIRTS.items():
        people.add(f"body-{name}", body(colour, BODY_SIZE), "t-shirt")
        people.add(
            f"cap-{name}",
            trim(
                render(
                    "billed-cap",
                    FACE_SIZE,
                    {
                        "#6a8cff": colour,
                        "#8bafff": _shade(colour, 0.3),
                        "#6683ff": _shade(colour, -0.1),
                        "#526ce3": _shade(colour, -0.25),
                        "#3c378c": _shade(colour, -0.5),
                    },
                )
            ),
            "billed-cap",
        )
    people.add("bow", trim(render("ribbon", FACE_SIZE // 2)), "ribbon")
    people.add("glasses", trim(render("glasses", FACE_SIZE)), "glasses")
    atlases.append(people)
    chase = Atlas("characters", CHARACTER_SIZES[0])
    chase.add("officer", officer(CHARACTER_SIZES[0]), RUNNER, "police-officer-default")
    chase.add("trafficker", trafficker(CHARACTER_SIZES[0]), RUNNER, "neutral-face", "sunglasses", "billed-cap")
    atlases.append(chase)
    title = Atlas("title", 330)  # drawn at the sizes the title shows them: its first frame scales nothing
    title.add("officer", officer(330), RUNNER, "police-officer-default")
    title.add("trafficker", trafficker(290), RUNNER, "neutral-face", "sunglasses", "billed-cap")
    title.add("mascot", mascot(260), "panda", "shield")
    for stem in KIDS:
        title.add(stem, kid(stem, 110), stem)
    title.add("school-far", hazy(trim(render("school", 230))), "school")  # far behind: faded here, not at start
    title.add("tree-far", hazy(trim(render("deciduous-tree", 190))), "deciduous-tree")
    atlases.append(title)
    return atlases


def pack(
    sprites: list[Sprite], width: int = 2048, gap: int = 2
) -> tuple[tuple[int, int], list[tuple[int, int, int, int]]]:
    """Shelf packing, tallest first: (sheet size, each sprite's rect in the given order)."""
    order = sorted(range(len(sprites)), key=lambda i: (-sprites[i].image.get_height(), sprites[i].id))
    rects: list[tuple[int, int, int, int]] = [(0, 0, 0, 0)] * len(sprites)
    x = y = shelf = 0
    used_w = 0
    for i in order:
        w, h = sprites[i].image.get_size()
        if x + w > width:
            x, y, shelf = 0, y + shelf + gap, 0
        rects[i] = (x, y, w, h)
        x += w + gap
        shelf = max(shelf, h)
        used_w = max(used_w, x)
    return (used_w, y + shelf), rects


# Atlases read before the first frame are written as run-length TGA: it loads about 4x faster than
# PNG (2 ms instead of 8 for the title's), which the start-up budget needs; the others are PNG.
AT_START = {"title"}


def write(atlases: list[Atlas], out: Path = ART) -> dict[str, Any]:
    import pygame

    index: dict[str, Any] = {"package": PACKAGE, "atlases": {}, "sources": {}}
    for atlas in atlases:
        size, rects = pack(atlas.sprites)
        sheet = pygame.Surface(size, pygame.SRCALPHA)
        sheet.fill((0, 0, 0, 0))
        for sprite, rect in zip(atlas.sprites, rects):
            sheet.blit(sprite.image, rect[:2])
            index["sources"].setdefault(
                sprite.id, sorted(set(index["sources"].get(sprite.id, [])) | set(sprite.sources))
            )
        file = f"{atlas.name}.tga" if atlas.name in AT_START else f"{atlas.name}.png"
        for old in (out / f"{atlas.name}.png", out / f"{atlas.name}.tga"):
            if old.name != file and old.exists():
                old.unlink()
        pygame.image.save(sheet, str(out / file))
        index["atlases"][atlas.name] = {
            "file": file,
            "size": atlas.size,
            "sprites": {s.id: list(r) for s, r in zip(atlas.sprites, rects)},
        }
    (out / "atlas.json").write_text(json.dumps(index, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return index


LICENCE_FILE = "art/LICENSE-fluentui-emoji.txt"
BEGIN, END = "<!-- art: written by python -m game.tools.art -->", "<!-- art: end -->"


def licence_rows(index: dict[str, Any]) -> str:
    """The LICENSES.md rows for the art: every vendored SVG, every atlas, the index, the licence."""
    rows = [
        BEGIN,
        "",
        "## Art",
        "",
        "Pictures are loaded from the atlases only; the SVGs are kept to rebuild them (`python -m game.tools.art`).",
        "",
        "| File | Source | Licence |",
        "| --- | --- | --- |",
    ]
    used: dict[str, list[str]] = {}
    for art_id, files in sorted(index["sources"].items()):
        for name in files:
            used.setdefault(name, []).append(art_id)
    for name in sorted(used):
        ids = ", ".join(f"`{i}`" for i in used[name])
        rows.append(
            f"| `art/svg/{name}` | Fluent Emoji (flat style) by Microsoft, from the npm package `{PACKAGE}`; "
            f"used for {ids}. | MIT (see `{LICENCE_FILE}`) |"
        )
    for name, atlas in sorted(index["atlases"].items()):
        rows.append(
            f"| `art/{atlas['file']}` | Atlas of {len(atlas['sprites'])} pictures rasterised from the SVGs above "
            f"(some recoloured or combined) by `game/tools/art.py`. | MIT (see `{LICENCE_FILE}`) |"
        )
    rows.append(
        f"| `art/atlas.json` | Where each picture sits in the atlases and which SVGs it is made from; "
        f"written by `game/tools/art.py`. | MIT (see `{LICENCE_FILE}`) |"
    )
    rows.append(
        f"| `{LICENCE_FILE}` | The MIT licence notices of Fluent Emoji (Microsoft) and of the npm package. | MIT |"
    )
    rows += ["", END]
    return "\n".join(rows)


def write_licences(index: dict[str, Any], licences: Path = paths.ASSETS / "LICENSES.md") -> None:
    text = licences.read_text(encoding="utf-8")
    block = licence_rows(index)
    if BEGIN in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:  # its own section, after the first table
        head, sep, tail = text.partition("\n\n## ")
        text = head.rstrip("\n") + "\n\n" + block + sep + tail
    licences.write_text(text, encoding="utf-8")


def used_svgs() -> set[str]:
    stems = {_stem(spec)[0] for spec in ITEMS.values()} | set(SCENERY.values()) | set(MOODS.values()) | set(KIDS)
    stems |= {
        RUNNER,
        "police-officer-default",
        "neutral-face",
        "sunglasses",
        "billed-cap",
        "panda",
        "shield",
        "t-shirt",
        "ribbon",
        "glasses",
        "school",
        "deciduous-tree",
    }
    return stems


def fetch(package_dir: Path) -> int:
    """Copy the SVGs the tables use from an unpacked npm package; drop vendored ones no longer used."""
    flat = package_dir / "icons" / "flat"
    SVG.mkdir(parents=True, exist_ok=True)
    wanted = used_svgs()
    missing = [s for s in sorted(wanted) if not (flat / f"{s}.svg").is_file()]
    if missing:
        print(f"error: not in {flat}: {', '.join(missing)}", file=sys.stderr)
        return 1
    for stem in sorted(wanted):
        shutil.copyfile(flat / f"{stem}.svg", SVG / f"{stem}.svg")
    for old in SVG.glob("*.svg"):
        if old.stem not in wanted:
            old.unlink()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.tools.art", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--fetch",
        type=Path,
        metavar="PACKAGE_DIR",
        help=f"copy the SVGs used from an unpacked `npm pack {PACKAGE}` first",
    )
    args = parser.parse_args(argv)
    if args.fetch and fetch(args.fetch):
        return 1
    try:
        import resvg_py  # noqa: F401
    except ImportError:
        print('error: needs resvg-py: pip install -e ".[art]"', file=sys.stderr)
        return 1
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    pygame.display.init()
    pygame.display.set_mode((1, 1))
    missing = sorted(s for s in used_svgs() if not (SVG / f"{s}.svg").is_file())
    if missing:
        print(f"error: SVGs not vendored (use --fetch): {', '.join(missing)}", file=sys.stderr)
        return 1
    index = write(build_atlases())
    write_licences(index)
    for name, atlas in index["atlases"].items():
        print(f"assets/art/{atlas['file']}: {len(atlas['sprites'])} pictures")
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
