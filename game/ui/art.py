"""The art atlas: pictures loaded by id from the PNG atlases that game/tools/art.py builds.

Nothing here parses SVG: `assets/art/atlas.json` says which atlas holds each id and where; an
atlas PNG is read the first time one of its pictures is asked for (the title's small atlas at
start, the others when a level needs them). `image(id, height)` gives the picture from the
atlas drawn closest to that size, scaled once and cached; `has(id)` says whether an id exists.
Importing this module does no work and imports no pygame.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pygame

from game import paths

ART = paths.ART


class Art:
    def __init__(self, folder: Path = ART):
        self.folder = Path(folder)
        self._index: dict[str, Any] | None = None
        self._sheets: dict[str, Any] = {}
        self._cache: dict[tuple[Any, ...], Any] = {}

    @property
    def index(self) -> dict[str, Any]:
        if self._index is None:
            try:
                self._index = json.loads((self.folder / "atlas.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._index = {"atlases": {}, "sources": {}}
        return self._index

    def has(self, art_id: str) -> bool:
        return art_id in self.index.get("sources", {})

    def ids(self) -> list[str]:
        return sorted(self.index.get("sources", {}))

    def sources(self, art_id: str) -> list[str]:
        """The SVG files (under assets/art/svg/) a picture is made from."""
        return list(self.index.get("sources", {}).get(art_id, []))

    def atlases_of(self, art_id: str) -> list[tuple[str, int]]:
        """(atlas name, size drawn for) of every atlas holding the id, smallest first."""
        found = [(name, a["size"]) for name, a in self.index.get("atlases", {}).items() if art_id in a["sprites"]]
        return sorted(found, key=lambda item: item[1])

    def sheet(self, name: str) -> Any:
        sheet = self._sheets.get(name)
        if sheet is None:
            surface = pygame.image.load(str(self.folder / self.index["atlases"][name]["file"]))
            sheet = surface.convert_alpha() if pygame.display.get_surface() is not None else surface
            self._sheets[name] = sheet
        return sheet

    def raw(self, art_id: str, atlas: str) -> Any:
        """The picture as drawn into one atlas (a subsurface: copy before changing it)."""
        x, y, w, h = self.index["atlases"][atlas]["sprites"][art_id]
        return self.sheet(atlas).subsurface((x, y, w, h))

    def image(
        self,
        art_id: str,
        height: int | None = None,
        width: int | None = None,
        flip: bool = False,
        atlas: str | None = None,
    ) -> Any:
        """The picture `height` pixels tall (or `width` wide; neither: as drawn), from the atlas drawn
        nearest above that size; cached. Raises KeyError for an unknown id."""
        key = (art_id, height, width, flip, atlas)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        choices = [(atlas, 0)] if atlas else self.atlases_of(art_id)
        if not choices:
            raise KeyError(f"no art with id {art_id!r} (assets/art/atlas.json)")
        wanted = height or width or 0
        name = next((n for n, size in choices if size >= wanted), choices[-1][0])
        picture = self.raw(art_id, name)
        w, h = picture.get_size()
        if height and h != height:
            picture = pygame.transform.smoothscale(picture, (max(1, round(w * height / h)), height))
        elif width and not height and w != width:
            picture = pygame.transform.smoothscale(picture, (width, max(1, round(h * width / w))))
        else:
            picture = picture.copy()
        if flip:
            picture = pygame.transform.flip(picture, True, False)
        self._cache[key] = picture
        return picture
