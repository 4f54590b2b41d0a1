"""The art a content file names: every `art:` id exists in the atlases, each SVG it is made from is
vendored and listed in assets/LICENSES.md, and its raster is a picture (not blank, not one flat colour).

Kept apart from lint.py (the content graph) because it reads the atlas PNGs: it is the one check
that imports pygame. Problems point at the YAML line of the `art:` (or, for a spot item without
one, of its `draw:`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from game import paths
from game.content.yamlio import ContentError

MIN_COVER = 0.05  # at least this share of the picture's box is ink
MIN_COLOURS = 3  # and it has more than a flat colour (with its anti-aliased edge)


def art_refs(content: Any) -> Iterator[tuple[str, str, tuple, str]]:
    """(kind, id, location in its YAML, art id) of every picture the content asks for."""
    from game.content.levels.spot import item_art

    for drug_id, drug in content.drugs.items():
        if getattr(drug, "art", None):
            yield "drug", drug_id, ("art",), drug.art
    for level_id, level in content.levels.items():
        if level.type != "spot":
            continue
        for i, item in enumerate(level.items):
            own = getattr(item, "art", None)
            yield "level", level_id, ("items", i, "art" if own else "draw"), item_art(item)


def listed_files(licences: Path) -> str:
    try:
        return licences.read_text(encoding="utf-8")
    except OSError:
        return ""


def blank_reason(picture: Any) -> str | None:
    """Why a picture would show as nothing (None if it is a picture)."""
    import pygame

    w, h = picture.get_size()
    if not w or not h:
        return "is empty"
    ink = pygame.mask.from_surface(picture, 8).count()
    if ink < MIN_COVER * w * h:
        return "is blank (transparent)"
    step = max(1, min(w, h) // 24)
    colours = {
        tuple(picture.get_at((x, y)))
        for x in range(0, w, step)
        for y in range(0, h, step)
        if picture.get_at((x, y))[3] >= 8
    }
    if len(colours) < MIN_COLOURS:
        return "is one flat colour"
    return None


def check_art(art_id: str, art: Any, licences_text: str) -> list[str]:
    """What is wrong with one art id (empty: nothing)."""
    if not art.has(art_id):
        return [
            f"unknown art '{art_id}' (not in assets/art/atlas.json; add it to game/tools/art.py and run python -m game.tools.art)"
        ]
    problems = []
    for name in art.sources(art_id):
        if not (art.folder / "svg" / name).is_file():
            problems.append(
                f"art '{art_id}' is made from art/svg/{name}, which is not vendored (python -m game.tools.art --fetch)"
            )
        elif f"art/svg/{name}" not in licences_text:
            problems.append(f"art '{art_id}' is made from art/svg/{name}, which is not listed in assets/LICENSES.md")
    for atlas, _ in art.atlases_of(art_id):
        try:
            reason = blank_reason(art.raw(art_id, atlas))
        except (OSError, ValueError, KeyError) as exc:
            reason = f"cannot be read ({exc})"
        except Exception as exc:  # noqa: BLE001 - pygame.error and friends: a damaged atlas is a content problem
            reason = f"cannot be read ({exc})"
        if reason:
            problems.append(f"art '{art_id}' {reason} in art/{art.index['atlases'][atlas]['file']}")
    return problems


def lint_art(content: Any, art: Any = None, licences: Path | None = None) -> list[ContentError]:
    """Problems with the art the content names, each at its YAML line."""
    from game.ui.art import Art

    art = art or Art()
    text = listed_files(licences or paths.ASSETS / "LICENSES.md")
    found: dict[str, list[str]] = {}
    errors: list[ContentError] = []
    for kind, ident, loc, art_id in art_refs(content):
        if art_id not in found:
            found[art_id] = check_art(art_id, art, text)
        if not found[art_id] or (kind, ident) not in content.where:
            continue
        doc, base = content.where[(kind, ident)]
        errors.extend(ContentError(doc.path, doc.line_of(base + loc), message) for message in found[art_id])
    return errors
