"""Fixed-step time: the game advances in exact 1/60 s steps, at most MAX_STEPS per frame.

A slow frame is caught up in whole steps (capped, so a long stall never spirals); the
remainder carries to the next frame. The clock moves only when ticked, so tests and
replays give exactly the same steps for the same inputs.
"""

from __future__ import annotations

STEP = 1.0 / 60.0
MAX_STEPS = 5


class FixedClock:
    def __init__(self, step: float = STEP, max_steps: int = MAX_STEPS):
        self.step = step
        self.max_steps = max_steps
        self.carry = 0.0
        self.steps_total = 0

    def advance(self, elapsed: float) -> int:
        """Add elapsed wall seconds; return the number of whole steps to run now."""
        self.carry += max(0.0, elapsed)
        steps = int(self.carry / self.step + 1e-9)
        if steps > self.max_steps:
            steps = self.max_steps
            self.carry = 0.0  # drop the backlog instead of running ever later
        else:
            self.carry -= steps * self.step
        self.steps_total += steps
        return steps

    @property
    def seconds(self) -> float:
        """Game time: steps run so far times the step."""
        return self.steps_total * self.step
