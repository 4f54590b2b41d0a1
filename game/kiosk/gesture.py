"""The operator's hidden gesture: hold a finger 2 s in the top-left corner, then 2 s in the bottom-right.

Fed the pointer's down/up events and the time; says True once when the second hold completes.
A visitor's ordinary taps never add up to it: each hold must last the whole time in its corner
zone, and the second must start within `between_s` of the first ending. (Bottom-right rather
than top-right: the title's settings button sits in the top-right corner; in kiosk mode the
bottom-right corner of the title is kept empty.)
"""

from __future__ import annotations

from dataclasses import dataclass

CORNER = 160  # canvas pixels from the two edges of the corner


@dataclass
class OperatorGesture:
    hold_s: float = 2.0
    between_s: float = 5.0
    stage: int = 0  # 0: waiting for top-left, 1: waiting for top-right
    _zone: str | None = None  # where the finger is held now
    _held: float = 0.0
    _since_first: float = 0.0

    @staticmethod
    def zone(pos: tuple[float, float], width: int = 1920, height: int = 1080) -> str | None:
        x, y = pos
        if x < CORNER and y < CORNER:
            return "first"
        if x >= width - CORNER and y >= height - CORNER:
            return "second"
        return None

    def down(self, pos: tuple[float, float]) -> None:
        self._zone = self.zone(pos)
        self._held = 0.0

    def moved(self, pos: tuple[float, float]) -> None:
        if self._zone is not None and self.zone(pos) != self._zone:
            self._zone = None  # slid out of the corner: not a hold

    def up(self) -> None:
        self._zone = None

    def tick(self, dt: float) -> bool:
        """Advance time; True when the whole gesture has just been completed."""
        if self.stage == 1:
            self._since_first += dt
        if self._zone is None:
            if self.stage == 1 and self._since_first > self.hold_s + self.between_s:
                self.stage = 0
            return False
        self._held += dt
        if self._held < self.hold_s:
            return False
        wanted = "first" if self.stage == 0 else "second"
        if self._zone != wanted:
            return False
        self._zone = None  # one hold counts once
        if self.stage == 0:
            self.stage, self._since_first = 1, 0.0
            return False
        self.stage = 0
        return True
