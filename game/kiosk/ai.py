"""The attract-mode player: a simple, deterministic officer for the self-playing chase demo.

It looks at the ChaseLogic's state and answers where to steer (a pointer target, as a finger
would): towards the trafficker, or the NO shield when one is near, pushed away from drugs flying
close. No randomness of its own, so the demo is as repeatable as the logic's seed.
"""

from __future__ import annotations

import math
from typing import Any

DANGER = 230.0  # drugs closer than this push the officer away
LOOKAHEAD = 0.35  # seconds: where a drug will be, not where it is
REACH = 220.0  # how far ahead the pointer target is set


def choose(logic: Any) -> tuple[float, float] | None:
    """Where the demo officer heads this step (None: stand still)."""
    if logic.phase != "play":
        return None
    p = logic.player
    goal = (logic.trafficker.x, logic.trafficker.y)
    if logic.shield_item is not None and logic.shield_left <= 0:
        sx, sy, _ = logic.shield_item
        if math.hypot(sx - p.x, sy - p.y) < 450:
            goal = (sx, sy)
    gx, gy = goal[0] - p.x, goal[1] - p.y
    length = math.hypot(gx, gy) or 1.0
    dx, dy = gx / length, gy / length
    if logic.shield_left <= 0:
        for h in logic.hazards:
            hx = h[0] + h[2] * LOOKAHEAD - p.x
            hy = h[1] + h[3] * LOOKAHEAD - p.y
            dist = math.hypot(hx, hy)
            if 1e-6 < dist < DANGER:
                push = (DANGER - dist) / DANGER * 2.5
                dx -= hx / dist * push
                dy -= hy / dist * push
    length = math.hypot(dx, dy)
    if length < 1e-6:
        return None
    return (p.x + dx / length * REACH, p.y + dy / length * REACH)
