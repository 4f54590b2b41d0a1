"""Feedback effects a scene owns: star bursts, pop-ups, banners, a gentle shake and a flash.

An Effects object is moved on by its scene's update(dt) (the fixed-step clock) and drawn over the
scene by draw(canvas); drawing changes nothing. Under "less motion" (game.ui.tween.reduced, read
there only) there is no shake, no flash and no particles, and every tween lasts one frame: a
banner or a pop-up simply appears, stays, and goes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import count
from typing import Any

import pygame

from game.ui.tween import Tweens, ease_in_cubic, ease_out_back, ease_out_cubic, reduced

GRAVITY = 900.0  # pixels per second squared, for burst particles
GOLDEN = 2.399963  # radians: spreads a burst's particles evenly without chance


@dataclass
class Particle:
    x: float
    y: float
    vx: float
    vy: float
    life: float
    age: float = 0.0


@dataclass
class Overlay:
    """A picture that grows in, stays, and fades out (a banner, a score pop-up)."""

    picture: Any
    center: tuple[float, float]
    key: str
    rise: float = 0.0


class Effects:
    def __init__(self, ctx: Any):
        self.ctx = ctx
        self.tweens = Tweens(ctx)
        self.particles: list[Particle] = []
        self.overlays: list[Overlay] = []
        self.shake_strength = 0.0
        self._ids = count()
        self._star: Any = None

    # -- starting effects ---------------------------------------------------------------------------
    def shake(self, strength: float = 14.0, seconds: float = 0.4) -> None:
        if reduced(self.ctx):
            return
        self.shake_strength = strength
        self.tweens.start("shake", 1.0, 0.0, seconds, ease_out_cubic)

    def flash(self, colour: tuple[int, int, int], seconds: float = 0.35, alpha: int = 110) -> None:
        if reduced(self.ctx):
            return
        self.flash_colour = colour
        self.tweens.start("flash", float(alpha), 0.0, seconds, ease_in_cubic)

    def burst(self, center: tuple[float, float], count_: int = 16, speed: float = 560.0, life: float = 0.9) -> None:
        """Stars flying out of a point and falling (none under less motion)."""
        if reduced(self.ctx):
            return
        for i in range(count_):
            angle = i * GOLDEN
            fast = speed * (0.55 + 0.45 * ((i * 7) % 5) / 4)
            self.particles.append(
                Particle(center[0], center[1], math.cos(angle) * fast, math.sin(angle) * fast - speed * 0.35, life)
            )

    def overlay(
        self,
        picture: pygame.Surface,
        center: tuple[float, float],
        seconds: float = 1.2,
        rise: float = 0.0,
        grow: float = 0.35,
    ) -> str:
        """Show a picture: it pops in (grow seconds), stays, fades out; `rise` pixels upwards meanwhile."""
        key = f"overlay{next(self._ids)}"
        self.tweens.start(f"{key}.in", 0.0, 1.0, grow, ease_out_back)
        self.tweens.start(f"{key}.out", 1.0, 0.0, 0.3, ease_in_cubic, delay=seconds)
        if rise:
            self.tweens.start(f"{key}.rise", 0.0, rise, seconds + 0.3, ease_out_cubic)
        self.overlays.append(Overlay(picture, center, key, rise))
        return key

    # -- reading ------------------------------------------------------------------------------------
    def offset(self) -> tuple[int, int]:
        """Where the shaken world is drawn, relative to where it belongs."""
        left = self.tweens.value("shake", 0.0)
        if left <= 0:
            return 0, 0
        t = self.tweens.items["shake"].elapsed
        k = self.shake_strength * left
        return round(k * math.sin(t * 71.0)), round(k * 0.6 * math.sin(t * 53.0 + 1.3))

    @property
    def busy(self) -> bool:
        return bool(self.particles or self.overlays or self.tweens.running())

    # -- the clock ----------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if reduced(self.ctx):  # less motion, perhaps just switched on: nothing flies, shakes or flashes
            self.particles.clear()
            for name in ("shake", "flash"):
                self.tweens.items.pop(name, None)
        self.tweens.update(dt)
        kept = []
        for p in self.particles:
            p.age += dt
            if p.age < p.life:
                p.vy += GRAVITY * dt
                p.x += p.vx * dt
                p.y += p.vy * dt
                kept.append(p)
        self.particles = kept
        alive = []
        for o in self.overlays:
            out = self.tweens.get(f"{o.key}.out")
            if out is not None and out.done:
                for part in ("in", "out", "rise"):
                    self.tweens.items.pop(f"{o.key}.{part}", None)
            else:
                alive.append(o)
        self.overlays = alive

    # -- drawing ------------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        flash = self.tweens.value("flash", 0.0)
        if flash > 1:
            veil = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
            veil.fill((*self.flash_colour, round(flash)))
            canvas.blit(veil, (0, 0))
        if self.particles:
            star = self._star_picture()
            for p in self.particles:
                fade = 1.0 - p.age / p.life
                star.set_alpha(round(255 * min(1.0, fade * 1.6)))
                canvas.blit(star, star.get_rect(center=(p.x, p.y)))
        for o in self.overlays:
            scale = self.tweens.value(f"{o.key}.in", 1.0) * self.tweens.value(f"{o.key}.out", 1.0) ** 0.3
            alpha = self.tweens.value(f"{o.key}.out", 1.0)
            if scale <= 0.02 or alpha <= 0.02:
                continue
            picture = o.picture
            if abs(scale - 1.0) > 0.01:
                w, h = picture.get_size()
                picture = pygame.transform.smoothscale(picture, (max(1, round(w * scale)), max(1, round(h * scale))))
            else:
                picture = picture.copy()
            picture.set_alpha(round(255 * alpha))
            x, y = o.center
            canvas.blit(picture, picture.get_rect(center=(x, y - self.tweens.value(f"{o.key}.rise", 0.0))))

    def _star_picture(self) -> Any:
        if self._star is None:
            self._star = self.ctx.art.image("star", 40).copy()
        return self._star
