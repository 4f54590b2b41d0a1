"""Pictures for scenarios, from the art atlas: layered backdrops per setting and people with moods.

- Stage: a setting's backdrop in three layers (far, middle, near), each composed once from atlas
  pictures by the SETTINGS table and drifted gently sideways at its own speed (parallax; still
  under "less motion").
- People: a body in the character's shirt colour, a face showing a mood (neutral, pushy,
  worried, glad) and an accessory for the hair style (a cap, a bow); composed once per mood.
  Faces are the emoji's round yellow ones: no skin tone, no features that point at any people.
- draw_bubble(): the speech bubble.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import pygame

if TYPE_CHECKING:
    from game.ui.art import Art


class Figure(Protocol):
    """Who is drawn: a scenario's Character, or the player (who has a look but no name)."""

    @property
    def id(self) -> str: ...

    @property
    def hair(self) -> str: ...

    @property
    def shirt(self) -> str: ...

    @property
    def age(self) -> str: ...


MOODS = ("neutral", "pushy", "worried", "glad")
HEIGHTS = {"child": 300, "teen": 350, "adult": 390}
HEAD_SHARE = 0.42  # of a person's height (a friendly, big-headed style)
DRIFT = (6, 14, 26)  # parallax: how far each layer drifts, far to near (pixels)
DRIFT_SPEED = 0.22  # radians per second


@dataclass(frozen=True)
class Setting:
    wall: tuple[int, int, int]  # sky or wall
    floor: tuple[int, int, int]
    far: tuple[tuple[str, float, float, int], ...] = ()  # (art id, x fraction, y fraction of the bottom, height)
    middle: tuple[tuple[str, float, float, int], ...] = ()
    near: tuple[tuple[str, float, float, int], ...] = ()
    horizon: float = 0.72


SETTINGS: dict[str, Setting] = {
    "party": Setting(
        (92, 68, 140),
        (150, 108, 78),
        far=(("picture", 0.42, 0.42, 120), ("window", 0.62, 0.5, 190)),
        middle=(
            ("balloon", 0.03, 0.38, 150),
            ("balloon", 0.9, 0.3, 130),
            ("confetti", 0.76, 0.2, 90),
            ("gift", 0.54, 0.72, 90),
        ),
        near=(("cake", 0.8, 0.76, 120), ("party-popper", 0.7, 0.8, 80)),
    ),
    "street": Setting(
        (150, 200, 235),
        (128, 132, 140),
        far=(("city", 0.0, 0.72, 260), ("city", 0.36, 0.72, 240), ("city", 0.72, 0.72, 270)),
        middle=(("shop", 0.5, 0.74, 230), ("store", 0.78, 0.74, 250), ("bus-stop", 0.36, 0.76, 150)),
        near=(("tree", 0.94, 0.86, 200),),
    ),
    "home": Setting(
        (232, 214, 184),
        (168, 124, 86),
        far=(("window", 0.46, 0.46, 180), ("picture", 0.66, 0.36, 110)),
        middle=(("couch", 0.76, 0.74, 200), ("tv", 0.42, 0.74, 130)),
        near=(("plant", 0.95, 0.84, 150),),
    ),
    "school": Setting(
        (170, 214, 240),
        (176, 156, 122),
        far=(("city", 0.05, 0.7, 200), ("city", 0.7, 0.7, 190)),
        middle=(("school", 0.58, 0.73, 300), ("tree", 0.36, 0.74, 200), ("tree", 0.9, 0.74, 220)),
        near=(("tulip", 0.33, 0.86, 60), ("tulip", 0.37, 0.88, 54)),
    ),
    "dorm": Setting(
        (206, 214, 236),
        (152, 132, 112),
        far=(("window", 0.5, 0.44, 170),),
        middle=(("bed", 0.76, 0.74, 190), ("computer", 0.4, 0.72, 120), ("books", 0.33, 0.72, 80)),
        near=(("chair", 0.46, 0.84, 110), ("plant", 0.96, 0.84, 130)),
    ),
    "shop": Setting(
        (236, 230, 218),
        (186, 176, 156),
        far=(("door", 0.48, 0.74, 230),),
        middle=(("shop", 0.72, 0.74, 240), ("shopping", 0.94, 0.74, 150)),
        near=(("plant", 0.36, 0.84, 120),),
    ),
    "park": Setting(
        (160, 210, 240),
        (118, 176, 96),
        far=(("pine", 0.05, 0.72, 170), ("pine", 0.2, 0.72, 150), ("pine", 0.82, 0.72, 170), ("cloud", 0.55, 0.22, 90)),
        middle=(("tree", 0.4, 0.74, 230), ("fountain", 0.7, 0.76, 160), ("tree", 0.92, 0.75, 250)),
        near=(("tulip", 0.6, 0.9, 60), ("sunflower", 0.86, 0.92, 80), ("butterfly", 0.52, 0.5, 50)),
    ),
    "online": Setting(
        (44, 54, 76),
        (34, 40, 58),
        middle=(("computer", 0.58, 0.74, 220), ("phone", 0.82, 0.78, 260)),
        near=(("speech", 0.7, 0.3, 110), ("speech", 0.94, 0.18, 90)),
    ),
}


class Stage:
    """A setting's three layers for a stage of a given size, composed once."""

    def __init__(self, art: Art, setting: str, size: tuple[int, int]):
        self.spec = SETTINGS.get(setting, SETTINGS["street"])
        w, h = size
        self.size = size
        self.base = pygame.Surface((w, h))
        horizon = round(h * self.spec.horizon)
        self.base.fill(self.spec.wall, (0, 0, w, horizon))
        self.base.fill(self.spec.floor, (0, horizon, w, h - horizon))
        self.base.fill(tuple(max(0, c - 18) for c in self.spec.floor), (0, horizon, w, 8))
        self.layers = []
        for depth, items in enumerate((self.spec.far, self.spec.middle, self.spec.near)):
            pad = DRIFT[depth]
            layer = pygame.Surface((w + 2 * pad, h), pygame.SRCALPHA)
            for art_id, fx, fy, height in items:
                if not art.has(art_id):
                    continue
                picture = art.image(art_id, height)
                if depth == 0 and art_id in ("city", "pine"):  # hazy in the distance
                    picture = picture.copy()
                    picture.fill((255, 255, 255, 150), special_flags=pygame.BLEND_RGBA_MULT)
                layer.blit(picture, picture.get_rect(midbottom=(pad + fx * w + picture.get_width() / 2, fy * h)))
            self.layers.append((layer, pad))

    def draw(self, surface: pygame.Surface, topleft: tuple[int, int], t: float, still: bool) -> None:
        surface.blit(self.base, topleft)
        for depth, (layer, pad) in enumerate(self.layers):
            drift = 0.0 if still else math.sin(t * DRIFT_SPEED + depth) * pad
            surface.blit(layer, (topleft[0] - pad + round(drift), topleft[1]))


class People:
    """Composed people, cached by (character, mood, dimmed)."""

    def __init__(self, art: Art):
        self.art = art
        self._cache: dict[tuple[Any, ...], pygame.Surface] = {}

    def image(self, character: Figure, mood: str, dim: bool = False) -> pygame.Surface:
        key = (character.id, character.shirt, character.hair, character.age, mood, dim)
        picture = self._cache.get(key)
        if picture is None:
            picture = self._compose(character, mood if mood in MOODS else "neutral")
            if dim:
                picture = picture.copy()
                picture.fill((150, 150, 160, 255), special_flags=pygame.BLEND_RGBA_MULT)
            self._cache[key] = picture
        return picture

    def _compose(self, character: Figure, mood: str) -> pygame.Surface:
        art = self.art
        height = HEIGHTS.get(character.age, 350)
        head_h = round(height * HEAD_SHARE)
        face = art.image(f"face-{mood}", head_h)
        body = art.image(
            f"body-{character.shirt}" if art.has(f"body-{character.shirt}") else "body-blue",
            height - head_h + round(head_h * 0.12),
        )
        w = max(face.get_width(), body.get_width()) + 40
        canvas = pygame.Surface((w, height + 40), pygame.SRCALPHA)
        body_top = 40 + head_h - round(head_h * 0.12)
        canvas.blit(body, body.get_rect(midtop=(w // 2, body_top)))
        canvas.blit(face, face.get_rect(midtop=(w // 2, 40)))
        if character.hair == "cap":
            cap = art.image(
                f"cap-{character.shirt}" if art.has(f"cap-{character.shirt}") else "cap-blue", round(head_h * 0.55)
            )
            canvas.blit(cap, cap.get_rect(midbottom=(w // 2 + head_h * 0.08, 40 + head_h * 0.3)))
        elif character.hair in ("long", "bun"):
            bow = art.image("bow", round(head_h * 0.34))
            canvas.blit(bow, bow.get_rect(center=(w // 2 + head_h * 0.36, 40 + head_h * 0.1)))
        elif character.hair == "curly":
            glasses = art.image("glasses", width=round(face.get_width() * 0.86))
            canvas.blit(glasses, glasses.get_rect(center=(w // 2, 40 + head_h * 0.42)))
        return canvas


def draw_person(
    surface: pygame.Surface,
    people: People,
    x: int,
    floor: int,
    character: Figure,
    mood: str = "neutral",
    talking: bool = False,
    t: float = 0.0,
    dim: bool = False,
    still: bool = False,
) -> None:
    """A person with their feet on `floor`, centred on x; a speaker bobs gently (not with less motion)."""
    picture = people.image(character, mood, dim)
    bob = round(5 * abs(math.sin(t * 5))) if talking and not still else 0
    surface.blit(picture, picture.get_rect(midbottom=(x, floor - bob)))


def draw_bubble(
    surface: pygame.Surface,
    rect: pygame.Rect | tuple[int, int, int, int],
    tail_x: int | None,
    fill: tuple[int, int, int],
    side: str = "left",
) -> None:
    """A speech bubble; a tail pointing down towards the speaker at tail_x, from its left side (or right)."""
    rect = pygame.Rect(rect)
    if tail_x is not None:
        edge = rect.left + 20 if side == "left" else rect.right - 20
        top = max(rect.top + 20, rect.bottom - 90)
        pygame.draw.polygon(surface, fill, [(edge, top), (edge, rect.bottom - 20), (tail_x, rect.bottom + 30)])
    pygame.draw.rect(surface, fill, rect, border_radius=30)
