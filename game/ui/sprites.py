"""Sprites made once from atlas pictures: stickers with an outline, and run-cycle frames.

- sticker(): a picture with a solid outline around its silhouette, on an opaque surface with a
  colour key (RLE blits are far faster than per-pixel alpha: the chase draws hundreds).
- run_frames(): a character's run cycle as pre-scaled frames (bob, squash and stretch), facing
  right and left; the scene picks one by the distance run, so drawing changes nothing.
"""

from __future__ import annotations

import math
from typing import Any

import pygame

COLORKEY = (255, 0, 255)
RUN_FRAMES = 8  # frames per stride
STRIDE_PX = 150  # pixels run per cycle (two footfalls)
SQUASH = 0.07  # how much a footfall squashes (and the push-off stretches)
BOB_PX = 7  # how high a stride lifts the body


def outlined(picture: pygame.Surface, rings: list[tuple[tuple[int, int, int], int]]) -> pygame.Surface:
    """The picture on its silhouette grown by each ring (colour, width), outermost first; alpha kept."""
    grow = sum(width for _, width in rings)
    w, h = picture.get_size()
    out = pygame.Surface((w + 2 * grow, h + 2 * grow), pygame.SRCALPHA)
    mask = pygame.mask.from_surface(picture, 60)
    reach = grow
    for colour, width in rings:
        shape = mask.to_surface(setcolor=(*colour, 255), unsetcolor=(0, 0, 0, 0))
        for dx in range(-reach, reach + 1):
            for dy in range(-reach, reach + 1):
                if dx * dx + dy * dy <= reach * reach:
                    out.blit(shape, (grow + dx, grow + dy))
        reach -= width
    out.blit(picture, (grow, grow))
    return out


def keyed(surface: pygame.Surface) -> Any:
    """An opaque copy with COLORKEY where the surface is transparent, RLE-accelerated."""
    flat = pygame.Surface(surface.get_size())
    flat.fill(COLORKEY)
    flat.blit(surface, (0, 0))
    flat.set_colorkey(COLORKEY, pygame.RLEACCEL)
    return flat.convert() if pygame.display.get_surface() is not None else flat


def run_frames(picture: pygame.Surface, still: bool = False) -> dict[str, list[pygame.Surface]]:
    """{"right": frames, "left": frames}: the picture (facing right) squashed and stretched over a
    stride; each frame keeps the feet on the same line (the bob lifts it). One frame when still."""
    w, h = picture.get_size()
    frames = []
    for i in range(1 if still else RUN_FRAMES):
        phase = i / RUN_FRAMES
        beat = math.cos(4 * math.pi * phase)  # two footfalls a stride: 1 = foot down (squash)
        sx, sy = 1 + SQUASH * beat, 1 - SQUASH * beat
        lift = 0 if still else round(BOB_PX * (1 - beat) / 2)
        fw, fh = round(w * sx), round(h * sy)
        frame = pygame.Surface((max(w, fw), h + BOB_PX + 2), pygame.SRCALPHA)
        scaled = pygame.transform.smoothscale(picture, (fw, fh))
        frame.blit(scaled, ((frame.get_width() - fw) // 2, frame.get_height() - fh - lift))
        frames.append(frame)
    return {"right": frames, "left": [pygame.transform.flip(f, True, False) for f in frames]}


def draw_mascot(ctx: Any, canvas: pygame.Surface, center: tuple[int, int], height: int, t: float) -> None:
    """The mascot (a panda guard with the refusal shield), bobbing gently by `t` (pass Scene.motion_t)."""
    picture = ctx.art.image("mascot", height)
    bob = round(height * 0.025 * math.sin(t * 2.2))
    canvas.blit(picture, picture.get_rect(center=(center[0], center[1] + bob)))


def frame_at(frames: dict[str, list[Any]], facing: str, distance: float) -> Any:
    cycle = frames[facing]
    return cycle[int(distance / STRIDE_PX * len(cycle)) % len(cycle)]
