"""Dwell to press: hold the cursor still over a button for `hold_s` seconds and it is pressed.

Fed each frame with the cursor's position, the id of the button under it (None: no button) and
the time step. The cursor may wander `slack` canvas pixels while dwelling (a hand is never quite
still); further, or onto another button, or off the button, and the dwell starts again. After a
press nothing is pressed again until the cursor has moved away (more than `slack`): a hand resting
on "Next" presses it once, not every 1.5 s, and does not press whatever button the next screen
puts under it. `progress` (0..1) is what the ring shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

HOLD_S = 1.5
SLACK = 48.0  # canvas pixels (of 1920 x 1080)


@dataclass
class Dwell:
    hold_s: float = HOLD_S
    slack: float = SLACK
    target: str | None = None  # the button being dwelt on
    anchor: tuple[float, float] | None = None  # where the dwell started
    held_s: float = 0.0
    locked: bool = False  # pressed already: wait for the cursor to leave

    @property
    def progress(self) -> float:
        if self.target is None or self.locked:
            return 0.0
        return min(1.0, self.held_s / self.hold_s)

    def cancel(self) -> None:
        self.target, self.anchor, self.held_s, self.locked = None, None, 0.0, False

    def update(self, pos: tuple[float, float] | None, target: str | None, dt: float) -> bool:
        """Advance by dt seconds; True when this step presses `target`."""
        if pos is None:  # no cursor (nobody moving): the next dwell starts afresh
            self.cancel()
            return False
        moved = self.anchor is None or math.hypot(pos[0] - self.anchor[0], pos[1] - self.anchor[1]) > self.slack
        if self.locked:
            if not moved:
                return False  # still resting where it pressed, whatever button the next screen put there
            self.locked = False
        if target is None:
            self.target, self.anchor, self.held_s = None, None, 0.0
            return False
        if target != self.target or moved:
            self.target, self.anchor, self.held_s = target, pos, 0.0
            return False
        self.held_s += dt
        if self.held_s + 1e-9 < self.hold_s:
            return False
        self.locked, self.held_s = True, 0.0
        return True
