"""Procedural pictures for scenarios: simple backdrops and friendly drawn people (no image files).

Everything is drawn with pygame primitives from a few parameters (setting, hair style, shirt
colour), so there is no artwork to license and a scenario needs no assets.
"""

from __future__ import annotations

import math
from typing import Any

PALETTE = {
    "red": (214, 84, 84), "orange": (232, 140, 60), "yellow": (236, 196, 70), "green": (84, 170, 96),
    "teal": (56, 166, 160), "blue": (70, 120, 200), "purple": (140, 100, 190), "pink": (226, 120, 160),
    "grey": (130, 140, 150),
}
SKIN = (240, 200, 160)
HAIR = (52, 38, 30)
INK = (30, 34, 44)

SETTINGS = {  # sky/wall, floor
    "party": ((70, 52, 110), (110, 80, 60)),
    "street": ((150, 200, 235), (120, 124, 130)),
    "home": ((226, 208, 176), (160, 118, 80)),
    "school": ((200, 220, 200), (170, 150, 120)),
    "dorm": ((200, 210, 230), (150, 130, 110)),
    "shop": ((230, 226, 214), (180, 170, 150)),
    "park": ((160, 210, 240), (110, 170, 90)),
    "online": ((40, 50, 70), (30, 36, 52)),
}


def draw_setting(surface: Any, rect: Any, setting: str, t: float = 0.0) -> None:
    """A backdrop inside rect: wall or sky, floor, and a few shapes that say where we are."""
    import pygame

    rect = pygame.Rect(rect)
    wall, floor = SETTINGS.get(setting, SETTINGS["street"])
    horizon = rect.top + int(rect.height * 0.72)
    surface.fill(wall, (rect.left, rect.top, rect.width, horizon - rect.top))
    surface.fill(floor, (rect.left, horizon, rect.width, rect.bottom - horizon))
    x0, y0, w = rect.left, rect.top, rect.width
    if setting == "party":
        for i in range(14):  # a string of flags and soft lights
            fx = x0 + 40 + i * (w - 80) / 13
            fy = y0 + 40 + 26 * math.sin(i * 0.6)
            pygame.draw.polygon(surface, list(PALETTE.values())[i % 9], [(fx - 22, fy), (fx + 22, fy), (fx, fy + 40)])
            glow = 120 + int(60 * (0.5 + 0.5 * math.sin(t * 2 + i)))
            pygame.draw.circle(surface, (glow, glow, 90), (int(fx), int(y0 + 130 + 20 * math.cos(i))), 8)
        pygame.draw.rect(surface, (90, 60, 40), (x0 + w - 420, horizon - 120, 340, 120), border_radius=10)  # a table
        for k in range(4):
            pygame.draw.rect(surface, PALETTE[("pink", "teal", "yellow", "orange")[k]], (x0 + w - 390 + k * 80, horizon - 170, 40, 50), border_radius=6)
    elif setting == "street":
        for i, (bx, bh) in enumerate(((0.05, 0.55), (0.24, 0.7), (0.47, 0.5), (0.66, 0.65), (0.84, 0.58))):
            bw, top = int(w * 0.17), horizon - int(rect.height * bh)
            pygame.draw.rect(surface, (170 - i * 8, 160 - i * 5, 150), (x0 + int(w * bx), top, bw, horizon - top))
            for r in range(3):
                for c in range(3):
                    pygame.draw.rect(surface, (250, 240, 190), (x0 + int(w * bx) + 24 + c * (bw - 48) // 3, top + 24 + r * 60, 30, 36))
        pygame.draw.rect(surface, (90, 92, 96), (x0, horizon + 40, w, 30))
    elif setting == "home":
        pygame.draw.rect(surface, (170, 210, 240), (x0 + w - 420, y0 + 60, 300, 200), border_radius=8)
        pygame.draw.rect(surface, (255, 255, 255), (x0 + w - 420, y0 + 60, 300, 200), 10, border_radius=8)
        pygame.draw.rect(surface, (120, 90, 140), (x0 + w - 600, horizon - 130, 460, 130), border_radius=30)  # a sofa
    elif setting == "school":
        pygame.draw.rect(surface, (40, 80, 60), (x0 + w - 760, y0 + 50, 620, 240), border_radius=8)  # blackboard
        pygame.draw.rect(surface, (150, 110, 70), (x0 + w - 760, y0 + 50, 620, 240), 12, border_radius=8)
        for i in range(5):
            pygame.draw.rect(surface, (100, 140, 190), (x0 + 60 + i * 90, horizon - 260, 80, 260))
            pygame.draw.circle(surface, (220, 220, 220), (x0 + 125 + i * 90, horizon - 140), 6)
    elif setting == "dorm":
        pygame.draw.rect(surface, (140, 110, 80), (x0 + w - 560, horizon - 300, 420, 24))  # bunk bed
        pygame.draw.rect(surface, (140, 110, 80), (x0 + w - 560, horizon - 120, 420, 24))
        pygame.draw.rect(surface, (230, 230, 240), (x0 + w - 550, horizon - 330, 400, 30), border_radius=10)
        pygame.draw.rect(surface, (230, 230, 240), (x0 + w - 550, horizon - 150, 400, 30), border_radius=10)
        for px in (x0 + w - 560, x0 + w - 160):
            pygame.draw.rect(surface, (120, 90, 60), (px, horizon - 320, 20, 320))
    elif setting == "shop":
        for r in range(3):
            y = y0 + 70 + r * 110
            pygame.draw.rect(surface, (160, 130, 100), (x0 + w - 800, y + 70, 700, 14))
            for c in range(9):
                pygame.draw.rect(surface, list(PALETTE.values())[(r * 3 + c) % 9], (x0 + w - 790 + c * 76, y + 10, 56, 60), border_radius=6)
    elif setting == "park":
        for i, tx in enumerate((0.08, 0.3, 0.78, 0.93)):
            cx = x0 + int(w * tx)
            pygame.draw.rect(surface, (110, 80, 50), (cx - 14, horizon - 170, 28, 170))
            pygame.draw.circle(surface, (70 + i * 10, 150, 80), (cx, horizon - 200), 90)
        pygame.draw.rect(surface, (150, 100, 60), (x0 + int(w * 0.5), horizon - 60, 260, 20))  # a bench
    elif setting == "online":
        phone = pygame.Rect(x0 + w - 420, y0 + 40, 280, rect.height - 80)
        pygame.draw.rect(surface, (20, 22, 30), phone, border_radius=30)
        pygame.draw.rect(surface, (230, 236, 244), phone.inflate(-30, -60), border_radius=14)
        for i in range(4):
            bubble = pygame.Rect(phone.left + 30 + (i % 2) * 60, phone.top + 60 + i * 70, 150, 44)
            pygame.draw.rect(surface, (120, 200, 120) if i % 2 else (255, 255, 255), bubble, border_radius=14)


def draw_person(surface: Any, x: int, floor: int, character: Any, talking: bool = False, t: float = 0.0, dim: bool = False) -> None:
    """A friendly standing figure with its feet on `floor`, centred on x; its mouth moves while it talks."""
    import pygame

    height = {"child": 300, "teen": 350, "adult": 390}.get(character.age, 350)
    shirt = PALETTE.get(character.shirt, PALETTE["blue"])
    skin, hair = SKIN, HAIR
    if dim:
        shirt = tuple(c // 2 + 40 for c in shirt)
        skin = tuple(c // 2 + 60 for c in skin)
        hair = tuple(c // 2 + 30 for c in hair)
    bob = int(4 * math.sin(t * 6)) if talking else 0
    head_r = height // 7
    head = (x, floor - height + head_r + bob)
    body = pygame.Rect(x - head_r - 10, head[1] + head_r + 6, 2 * head_r + 20, int(height * 0.42))
    legs_top = body.bottom - 10
    for dx in (-head_r // 2, head_r // 2):  # legs and shoes
        pygame.draw.rect(surface, (60, 70, 90), (x + dx - 14, legs_top, 28, floor - legs_top - 10), border_radius=10)
        pygame.draw.ellipse(surface, INK, (x + dx - 22, floor - 20, 44, 20))
    for side in (-1, 1):  # arms
        shoulder = (body.centerx + side * (body.width // 2 - 6), body.top + 20)
        hand = (shoulder[0] + side * 26, body.top + int(body.height * 0.85))
        pygame.draw.line(surface, shirt, shoulder, hand, 22)
        pygame.draw.circle(surface, skin, hand, 13)
    pygame.draw.rect(surface, shirt, body, border_radius=26)
    if character.hair == "long":
        pygame.draw.rect(surface, hair, (head[0] - head_r - 6, head[1] - head_r // 2, 2 * head_r + 12, int(head_r * 1.8)), border_radius=head_r)
    pygame.draw.circle(surface, skin, head, head_r)
    if character.hair in ("short", "long", "curly", "bun"):
        pygame.draw.ellipse(surface, hair, (head[0] - head_r - 4, head[1] - head_r - 8, 2 * head_r + 8, head_r + 14))
    if character.hair == "curly":
        for k in range(7):
            ang = math.pi + k * math.pi / 6
            pygame.draw.circle(surface, hair, (int(head[0] + head_r * math.cos(ang)), int(head[1] + head_r * 0.8 * math.sin(ang))), head_r // 3)
    if character.hair == "bun":
        pygame.draw.circle(surface, hair, (head[0], head[1] - head_r - 6), head_r // 2)
    if character.hair == "cap":
        pygame.draw.ellipse(surface, shirt, (head[0] - head_r - 4, head[1] - head_r - 6, 2 * head_r + 8, head_r + 10))
        pygame.draw.rect(surface, shirt, (head[0] - 4, head[1] - head_r // 3, head_r + 24, 12), border_radius=6)
    eye_y = head[1] + 4
    for dx in (-head_r // 3, head_r // 3):
        pygame.draw.circle(surface, INK, (head[0] + dx, eye_y), 5)
    mouth_open = talking and math.sin(t * 14) > 0
    mouth = pygame.Rect(head[0] - 12, head[1] + head_r // 2 - 4, 24, 14 if mouth_open else 8)
    if mouth_open:
        pygame.draw.ellipse(surface, INK, mouth)
    else:
        pygame.draw.arc(surface, INK, mouth.inflate(0, 10), math.pi * 1.1, math.pi * 1.9, 3)


def draw_bubble(surface: Any, rect: Any, tail_x: int | None, fill: tuple[int, int, int], side: str = "left") -> None:
    """A speech bubble; a tail pointing down towards the speaker at tail_x, from its left side (or right)."""
    import pygame

    rect = pygame.Rect(rect)
    if tail_x is not None:
        edge = rect.left + 20 if side == "left" else rect.right - 20
        top = max(rect.top + 20, rect.bottom - 90)
        pygame.draw.polygon(surface, fill, [(edge, top), (edge, rect.bottom - 20), (tail_x, rect.bottom + 30)])
    pygame.draw.rect(surface, fill, rect, border_radius=30)
