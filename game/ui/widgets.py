"""Buttons and a focusable group of them: tap, click, arrows + Enter, or gamepad all work.

A ButtonGroup turns InputEvents into "button X was activated". Focus moves to the nearest
button in the pressed direction, so grids (the keypad) and lists navigate the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pygame

from game.actions import Action, InputEvent
from game.ui import theme

if TYPE_CHECKING:
    from game.ports import Text
    from game.ui.theme import Theme

DIRECTIONS = {Action.UP: (0, -1), Action.DOWN: (0, 1), Action.LEFT: (-1, 0), Action.RIGHT: (1, 0)}


@dataclass
class Button:
    id: str
    rect: tuple[int, int, int, int]
    label: str
    size: int = theme.SIZE_BUTTON
    style: str = "normal"  # normal | primary | quiet | speaker (drawn over the scene: game.ui.speaker)
    enabled: bool = True
    selected: bool = False  # a toggled option (multiple choice), drawn with a ticked box as well as colour
    # after an answer: "right" (chosen and right: a tick), "wrong" (chosen, not right: a cross), "missed"
    # (right but not chosen: an outline and a ringed tick); each an icon, never colour alone
    mark: str = ""
    reserve_icon: bool = False  # keep the icon's room even without one, so the label never re-wraps when a mark appears
    badge: str = ""  # a short prefix drawn in a circle, e.g. "A"
    icon: str = ""  # a drawn pictogram before the label: "gear"; "speaker" (no label: game.ui.speaker)

    @property
    def center(self) -> tuple[int, int]:
        x, y, w, h = self.rect
        return x + w // 2, y + h // 2

    def contains(self, pos: tuple[float, float]) -> bool:
        x, y, w, h = self.rect
        return x <= pos[0] < x + w and y <= pos[1] < y + h


def draw_star(
    surface: pygame.Surface,
    center: tuple[int, int],
    radius: int,
    filled: bool,
    colour: tuple[int, int, int] = theme.ACCENT,
) -> None:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((center[0] + r * math.cos(angle), center[1] + r * math.sin(angle)))
    if filled:
        pygame.draw.polygon(surface, colour, points)
    pygame.draw.polygon(surface, colour, points, width=5)


def draw_tick(surface: pygame.Surface, center: tuple[int, int], size: int, color: tuple[int, int, int]) -> None:
    cx, cy = center
    s = size / 2
    points = [(cx - s * 0.8, cy), (cx - s * 0.2, cy + s * 0.6), (cx + s * 0.9, cy - s * 0.7)]
    pygame.draw.lines(surface, color, False, points, max(4, size // 7))


def draw_cross(surface: pygame.Surface, center: tuple[int, int], size: int, color: tuple[int, int, int]) -> None:
    cx, cy = center
    s = size * 0.38
    width = max(4, size // 7)
    pygame.draw.line(surface, color, (cx - s, cy - s), (cx + s, cy + s), width)
    pygame.draw.line(surface, color, (cx - s, cy + s), (cx + s, cy - s), width)


def draw_checkbox(surface: pygame.Surface, center: tuple[int, int], size: int, color: tuple[int, int, int]) -> None:
    """A ticked box: "you chose this" while answering (a plain tick would read as "right")."""
    box = pygame.Rect(0, 0, size * 0.8, size * 0.8)
    box.center = center
    pygame.draw.rect(surface, color, box, max(3, size // 12), border_radius=max(3, size // 10))
    pygame.draw.rect(surface, color, box.inflate(-size * 0.36, -size * 0.36), border_radius=max(2, size // 16))


def draw_ringed_tick(surface: pygame.Surface, center: tuple[int, int], size: int, color: tuple[int, int, int]) -> None:
    """A tick in a ring: "this was right, and you did not choose it"."""
    pygame.draw.circle(surface, color, center, size // 2, max(3, size // 12))
    draw_tick(surface, center, round(size * 0.6), color)


def draw_gear(
    surface: pygame.Surface, center: tuple[int, int], size: int, color: tuple[int, int, int], hole: tuple[int, int, int]
) -> None:
    """A cog wheel, the usual sign for settings (drawn, so no font needs the glyph)."""
    cx, cy = center
    outer, inner = size / 2, size * 0.36
    points = []
    for i in range(32):  # 8 teeth, 4 points each
        angle = i * math.pi / 16
        r = outer if i % 4 in (1, 2) else inner
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    pygame.draw.polygon(surface, color, points)
    pygame.draw.circle(surface, color, (cx, cy), round(inner))
    pygame.draw.circle(surface, hole, (cx, cy), round(size * 0.15))


def draw_speaker(surface: pygame.Surface, center: tuple[int, int], size: int, color: tuple[int, int, int]) -> None:
    """A loudspeaker with two sound waves, the usual sign for "read aloud" (drawn, no font needed)."""
    cx, cy = center
    s = size / 2
    body = [
        (cx - s, cy - s * 0.32),
        (cx - s * 0.55, cy - s * 0.32),
        (cx - s * 0.05, cy - s * 0.8),
        (cx - s * 0.05, cy + s * 0.8),
        (cx - s * 0.55, cy + s * 0.32),
        (cx - s, cy + s * 0.32),
    ]
    pygame.draw.polygon(surface, color, body)
    width = max(3, size // 12)
    for r in (s * 0.45, s * 0.85):
        box = pygame.Rect(0, 0, 2 * r, 2 * r)
        box.center = (round(cx - s * 0.05), cy)
        pygame.draw.arc(surface, color, box, -math.pi / 3.2, math.pi / 3.2, width)


def draw_panel(
    surface: pygame.Surface, rect: Any, color: tuple[int, int, int] = theme.PANEL, radius: int = theme.RADIUS
) -> None:
    pygame.draw.rect(surface, color, rect, border_radius=radius)


POP_S = 0.28  # a button that appears pops in over this long
PRESS_S = 0.18  # a pressed button dips and comes back over this long


@dataclass
class ButtonGroup:
    buttons: list[Button] = field(default_factory=list)
    focus: int | None = None  # index of the keyboard-focused button; None until a key is used
    hover: int | None = None
    ctx: Any = None  # the scene's context: its theme colours the buttons
    anims: Any = None  # game.ui.tween.Tweens: pops and presses, moved on by animate() (the App, each step)
    _shown: set[tuple[str, str]] = field(default_factory=set)  # (id, label) of the buttons on screen at the last step
    _pressed: list[str] = field(default_factory=list)  # ids activated since the last step

    def animate(self, dt: float, ctx: Any = None) -> None:
        """One fixed step of the buttons' animations: new buttons pop in, pressed ones dip."""
        from game.ui.tween import Tweens, ease_out_back, linear, reduced

        if self.anims is None:
            self.anims = Tweens(ctx)
        shown = {(b.id, b.label) for b in self.buttons}
        if reduced(ctx):  # less motion (perhaps just switched on): buttons simply are where they belong
            self.anims.clear()
            self._shown, self._pressed = shown, []
            return
        for i, key in enumerate(k for k in ((b.id, b.label) for b in self.buttons) if k not in self._shown):
            self.anims.start(f"pop:{key[0]}", 0.6, 1.0, POP_S, ease_out_back, delay=0.03 * min(i, 8))
        self._shown = shown
        for button_id in self._pressed:
            self.anims.start(f"press:{button_id}", 0.0, 1.0, PRESS_S, linear)
        self._pressed.clear()
        ids = {b.id for b in self.buttons}
        for name in [n for n, t in self.anims.items.items() if t.done or n.split(":", 1)[1] not in ids]:
            del self.anims.items[name]
        self.anims.update(dt)

    @property
    def theme(self) -> Any:
        return getattr(self.ctx, "theme", None) or theme.STANDARD

    def scale_of(self, button_id: str) -> float:
        """How big the button is drawn now (1.0 at rest)."""
        from game.ui.tween import press_scale, reduced

        if self.anims is None or reduced(self.anims.ctx):
            return 1.0

        scale = self.anims.value(f"pop:{button_id}", 1.0)
        press = self.anims.get(f"press:{button_id}")
        return float(scale * (press_scale(press.progress) if press is not None else 1.0))

    def by_id(self, button_id: str) -> Button | None:
        return next((b for b in self.buttons if b.id == button_id), None)

    def _enabled(self) -> list[int]:
        return [i for i, b in enumerate(self.buttons) if b.enabled]

    def move_focus(self, action: Action) -> None:
        enabled = self._enabled()
        if not enabled:
            return
        if self.focus is None or self.focus not in enabled:
            self.focus = enabled[0]
            return
        dx, dy = DIRECTIONS[action]
        fx, fy = self.buttons[self.focus].center
        best, best_score = None, None
        for i in enabled:
            if i == self.focus:
                continue
            bx, by = self.buttons[i].center
            ahead = (bx - fx) * dx + (by - fy) * dy
            if ahead <= 0:
                continue
            side = abs((bx - fx) * dy) + abs((by - fy) * dx)
            score = ahead + 2 * side
            if best_score is None or score < best_score:
                best, best_score = i, score
        if best is not None:
            self.focus = best

    def handle(self, event: InputEvent) -> str | None:
        """Returns the id of the button the event activates, if any."""
        if event.action in DIRECTIONS:
            self.move_focus(event.action)
        elif event.action is Action.CONFIRM and self.focus is not None:
            button = self.buttons[self.focus]
            if button.enabled:
                self._pressed.append(button.id)
            return button.id if button.enabled else None
        elif event.action is Action.POINTER and event.pos is not None:
            for i, button in enumerate(self.buttons):
                if button.enabled and button.contains(event.pos):
                    self.focus = None
                    self._pressed.append(button.id)
                    return button.id
        elif event.action is Action.POINTER_MOVE and event.pos is not None:
            self.hover = next((i for i, b in enumerate(self.buttons) if b.enabled and b.contains(event.pos)), None)
        return None

    def draw(self, surface: pygame.Surface, text: Text) -> None:
        """Every button but the speakers, which the App draws over the whole scene (game.ui.speaker)."""
        for i, button in enumerate(self.buttons):
            if button.style != "speaker":
                draw_button(
                    surface,
                    text,
                    button,
                    focused=i == self.focus,
                    hovered=i == self.hover,
                    scale=self.scale_of(button.id),
                    th=self.theme,
                )


ICONS = {"right": draw_tick, "wrong": draw_cross, "missed": draw_ringed_tick, "selected": draw_checkbox}


def style_colors(style: str, th: Theme = theme.STANDARD) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(fill, ink) of a button style in a theme (ctx.theme: the palette can change)."""
    if style == "primary":
        return th.ACCENT, th.ACCENT_TEXT
    if style in ("quiet", "speaker"):
        return th.PANEL_LIGHT, th.TEXT
    return th.BUTTON, th.TEXT


def button_colors(
    button: Button, hovered: bool = False, th: Any = theme.STANDARD
) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(fill, ink) of a button as it stands: its style's colours, unless it is disabled, marked after an
    answer, selected, or (a normal button) under the pointer."""
    fill, ink = style_colors(button.style, th)
    if not button.enabled:
        fill, ink = th.DISABLED, th.TEXT_DIM
    elif button.mark == "right":
        fill, ink = th.RIGHT, th.TEXT
    elif button.mark == "wrong":
        fill, ink = th.WRONG, th.TEXT
    elif button.mark == "missed":
        ink = th.TEXT
    elif button.selected:
        fill, ink = th.BUTTON_SELECTED, th.ACCENT_TEXT
    elif hovered and button.style == "normal":
        fill = th.BUTTON_HOVER
    return fill, ink


def draw_button(
    surface: pygame.Surface,
    text: Text,
    button: Button,
    focused: bool = False,
    hovered: bool = False,
    scale: float = 1.0,
    th: Any = theme.STANDARD,
) -> None:
    rect = pygame.Rect(button.rect)
    if abs(scale - 1.0) > 0.005:  # popping in or pressed: the same button, a little smaller or bigger
        rect = rect.inflate(round(rect.width * (scale - 1)), round(rect.height * (scale - 1)))
    fill, ink = button_colors(button, hovered, th)
    shadow = rect.move(0, 6)
    pygame.draw.rect(surface, theme.BG_DEEP, shadow, border_radius=theme.RADIUS)
    pygame.draw.rect(surface, fill, rect, border_radius=theme.RADIUS)
    if button.mark == "missed":  # the answer the player did not pick: outlined in the "right" colour
        pygame.draw.rect(surface, th.RIGHT, rect, width=8, border_radius=theme.RADIUS)
    if focused:
        pygame.draw.rect(surface, theme.FOCUS, rect.inflate(12, 12), width=6, border_radius=theme.RADIUS + 6)
    if button.icon == "speaker" and not button.label:
        draw_speaker(surface, (rect.centerx + 2, rect.centery), min(rect.width, rect.height) - 34, ink)
        return
    inner = rect.inflate(-40, -20)
    icon = button.mark or ("selected" if button.selected else "")
    if button.badge:
        radius = min(34, rect.height // 2 - 10)
        badge_center = (inner.left + radius, rect.centery)
        pygame.draw.circle(surface, theme.BG_DEEP if button.style != "primary" else theme.TEXT, badge_center, radius)
        img = text.render(button.badge, theme.SIZE_SMALL, theme.TEXT)
        surface.blit(img, img.get_rect(center=badge_center))
        inner.width -= 2 * radius + 20
        inner.left += 2 * radius + 20
    if button.icon == "gear":
        gear = min(60, rect.height - 24)
        draw_gear(surface, (inner.left + gear // 2, rect.centery), gear, ink, fill)
        inner.width -= gear + 16
        inner.left += gear + 16
    if icon or button.reserve_icon:
        icon_size = min(56, rect.height - 24)
        icon_center = (rect.right - 20 - icon_size // 2, rect.centery)
        if icon:
            ICONS[icon](surface, icon_center, icon_size, ink)
        inner.width -= icon_size + 16
    align = "left" if button.badge else "center"
    text.draw(surface, button.label, button.size, ink, inner, align=align, valign="middle", shrink=True)
