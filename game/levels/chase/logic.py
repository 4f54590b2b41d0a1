"""Chase rules, without pygame: the officer, the trafficker, the drugs in the air, and the score.

step(held, pointer, dt) advances one fixed step. `held` is the set of direction Actions
held down; `pointer` is where a finger or mouse asks the officer to go (or None). Chance
comes only from the Random handed in, so the same seed and the same inputs give the same
game, step for step. Outcomes (GameEvent records) are returned for the recorder.

Phases: "play" -> (hit by a drug) "card" -> dismiss_card() (a tap: a card never closes by itself,
so a slow reader is never rushed) -> "play" ... -> "over" with result "caught" (enough catches),
"timeout" or "out_of_lives".

The first seconds are safe: no drug enters before the level's start_grace_s, and a drug that
starts on the arena (bounce) never starts near the officer.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from game.actions import Action
from game.content.levels.chase import ARENA_H, ARENA_W, ChaseLevel
from game.outcomes import GameEvent

if TYPE_CHECKING:
    from game.content.levels.chase import MiniQuiz
    from game.content.loader import Content
    from game.content.schema import AgeGroup, Text

# a hazard in flight: [x, y, vx, vy, index into ChaseLogic.drugs, expires at, has hit] (a list: the hot loop
# reads and writes it by position, cheaper than attributes)
Hazard = list[Any]

CATCH_POINTS = 100
HIT_GRACE_S = 1.2  # after a fact card the officer cannot be hit again at once
SHIELD_ITEM_LIFE_S = 7.0
MARGIN = 80  # hazards this far outside the arena are gone
JUKE_PX, JUKE_S = 240, 0.25  # a fleeing or hiding trafficker reconsiders this soon once the officer is this close
HIDE_NEAR_PX = 420  # a hiding trafficker runs (as a fleeing one would) while the officer is this close
SPAWN_CLEAR = 360  # a drug that appears on the arena (bounce) appears at least this far from the officer

DIRECTION = {Action.UP: (0, -1), Action.DOWN: (0, 1), Action.LEFT: (-1, 0), Action.RIGHT: (1, 0)}

# a hazard is a list: [x, y, vx, vy, drug index, expires at (seconds, or inf), pattern is bounce, serial]
# (serial: its number in launch order, from 1, never reused: what a player or a bot can know it by)
X, Y, VX, VY, DRUG, EXPIRES, BOUNCE, SERIAL = range(8)


class ChasePhase(StrEnum):
    """Where the level is (a str enum: it compares equal to its value, as the scenes and tests read it)."""

    PLAY = "play"  # the officer runs, drugs fly
    CARD = "card"  # a fact card is up: time stands still
    OVER = "over"  # the level has ended


@dataclass
class Runner:
    x: float
    y: float
    vx: float = 0.0
    vy: float = 0.0


@dataclass
class ChaseLogic:
    level: ChaseLevel
    rng: random.Random
    age_group: AgeGroup = "junior"
    t: float = 0.0
    phase: ChasePhase = ChasePhase.PLAY
    result: str | None = None
    lives: int = 0
    catches: int = 0
    player: Runner = field(default_factory=lambda: Runner(ARENA_W * 0.2, ARENA_H * 0.5))
    target: tuple[float, float] | None = None
    trafficker: Runner = field(default_factory=lambda: Runner(ARENA_W * 0.8, ARENA_H * 0.5))
    rest: float = 0.0  # trafficker untouchable this long after a catch
    turn_in: float = 0.0
    heading: float = 0.0
    hazards: list[Hazard] = field(default_factory=list)
    drugs: list[str] = field(default_factory=list)  # drug ids; hazards hold an index into this
    next_spawn: list[float] = field(default_factory=list)
    launched: int = 0  # hazards launched so far (the last one's serial)
    shield_left: float = 0.0
    shield_item: tuple[float, float, float] | None = None  # x, y, expires at
    next_shield: float = 0.0
    phrase_index: int = -1
    grace: float = 0.0
    card_drug: str | None = None
    hit: list[str] = field(default_factory=list)  # drug ids in the order they hit
    seen: set[str] = field(default_factory=set)
    blocked: int = 0
    invulnerable: bool = False  # for benchmarks: nothing hits

    def __post_init__(self) -> None:
        self.lives = self.level.lives
        for wave in self.level.waves:
            for drug in wave.drugs:
                if drug not in self.drugs:
                    self.drugs.append(drug)
        self.next_spawn = [max(wave.start_s, self.level.start_grace_s) for wave in self.level.waves]
        self.next_shield = self.level.shield.every_s if self.level.shield else math.inf
        self.factor = self.level.age_speed.get(self.age_group, 1.0)

    # -- reading -----------------------------------------------------------------------------
    @property
    def time_left(self) -> float:
        return max(0.0, self.level.duration_s - self.t)

    @property
    def score(self) -> int:
        return self.catches * CATCH_POINTS

    @property
    def max_score(self) -> int:
        return self.level.catches * CATCH_POINTS

    @property
    def dodged(self) -> list[str]:
        """Drugs that came flying (were launched) and never hit the officer."""
        return [d for d in self.drugs if d in self.seen and d not in self.hit]

    @property
    def phrase(self) -> Text | None:
        if self.level.shield is None or self.phrase_index < 0:
            return None
        phrases = self.level.shield.phrases
        return phrases[self.phrase_index % len(phrases)]

    @property
    def untouchable(self) -> bool:
        """He cannot be caught just after a catch, nor in the start's grace time (he gets his head start)."""
        return self.rest > 0 or self.t < self.level.start_grace_s

    def t_ms(self) -> int:
        return round(self.t * 1000)

    # -- moves -------------------------------------------------------------------------------
    def dismiss_card(self) -> list[GameEvent]:
        if self.phase != ChasePhase.CARD:
            return []
        self.phase = ChasePhase.PLAY
        self.card_drug = None
        self.grace = HIT_GRACE_S
        return []

    def step(self, held: Iterable[Action], pointer: tuple[float, float] | None, dt: float) -> list[GameEvent]:
        if self.phase == ChasePhase.OVER:
            return []
        if self.phase == ChasePhase.CARD:  # time stands still until the player taps the card away
            return []
        out: list[GameEvent] = []
        self.t += dt
        self._move_player(held, pointer, dt)
        self._move_trafficker(dt)
        self._spawn(out)
        self._move_hazards(dt, out)
        if self.phase == ChasePhase.PLAY:  # a hit may have ended the level or opened a fact card
            self._shield(dt, out)
            self._catch(out)
        if self.phase == ChasePhase.PLAY and self.t >= self.level.duration_s:
            self._end("timeout", out)
        return out

    # -- the parts of a step -------------------------------------------------------------------
    def _move_player(self, held: Iterable[Action], pointer: tuple[float, float] | None, dt: float) -> None:
        p = self.player
        speed = self.level.player.speed
        dx = dy = 0.0
        for action in held:
            step = DIRECTION.get(action)
            if step:
                dx += step[0]
                dy += step[1]
        if dx or dy:
            self.target = None
        elif pointer is not None:
            self.target = pointer
        if not (dx or dy) and self.target is not None:
            dx, dy = self.target[0] - p.x, self.target[1] - p.y
            if dx * dx + dy * dy < (speed * dt) ** 2:
                p.x, p.y = self.target
                self.target = None
                dx = dy = 0.0
        length = math.hypot(dx, dy)
        if length:
            p.x += dx / length * speed * dt
            p.y += dy / length * speed * dt
        r = self.level.player.radius
        p.x = min(max(p.x, r), ARENA_W - r)
        p.y = min(max(p.y, r), ARENA_H - r)

    def _move_trafficker(self, dt: float) -> None:
        spec = self.level.trafficker
        tr, p = self.trafficker, self.player
        self.rest = max(0.0, self.rest - dt)
        self.turn_in -= dt
        if spec.behaviour != "zigzag" and self.turn_in > JUKE_S and math.hypot(tr.x - p.x, tr.y - p.y) < JUKE_PX:
            self.turn_in = JUKE_S  # the officer is close: he ducks aside soon (zigzag, the gentlest, never does)
        if self.turn_in <= 0:
            self.turn_in = spec.turn_every_s
            away = math.atan2(tr.y - p.y, tr.x - p.x)
            if spec.behaviour == "flee":
                self.heading = self._flee_heading(away)
            elif spec.behaviour == "zigzag":
                side = 1 if math.cos(away) >= 0 else -1
                self.heading = math.atan2(self.rng.choice((-1, 1)) * 0.9, side * 1.0)
            elif math.hypot(tr.x - p.x, tr.y - p.y) < HIDE_NEAR_PX:  # hide, but the officer is close: run first
                self.heading = self._flee_heading(away)
            else:  # hide: head for the far side of the cover that is best placed
                self.heading = self._hide_heading(away)
        speed = spec.speed * self.factor * (1 + spec.faster_per_catch * self.catches) * (0.6 if self.rest > 0 else 1.0)
        tr.vx, tr.vy = math.cos(self.heading) * speed, math.sin(self.heading) * speed
        tr.x += tr.vx * dt
        tr.y += tr.vy * dt
        r = spec.radius
        if not r <= tr.x <= ARENA_W - r:
            tr.x = min(max(tr.x, r), ARENA_W - r)
            self.heading = math.pi - self.heading
        if not r <= tr.y <= ARENA_H - r:
            tr.y = min(max(tr.y, r), ARENA_H - r)
            self.heading = -self.heading

    def _flee_heading(self, away: float) -> float:
        """Run where the officer is not, without running into a wall or a corner: of 16 headings, the one
        whose point a short run ahead is farthest from the officer and clear of the walls (a little
        chance in the choice, so he is never quite predictable)."""
        tr, p = self.trafficker, self.player
        look, margin = 280.0, 220.0
        best, best_score = away, -math.inf
        for i in range(16):
            heading = away + i * math.pi / 8
            qx = min(max(tr.x + math.cos(heading) * look, 0.0), ARENA_W)
            qy = min(max(tr.y + math.sin(heading) * look, 0.0), ARENA_H)
            walls = sum(max(0.0, margin - d) for d in (qx, ARENA_W - qx, qy, ARENA_H - qy))
            score = math.hypot(qx - p.x, qy - p.y) - 1.6 * walls + self.rng.uniform(0, 90)
            if score > best_score:
                best, best_score = heading, score
        return best

    def _hide_heading(self, away: float) -> float:
        tr, p = self.trafficker, self.player
        best, best_cost = None, math.inf
        for cover in self.level.covers:
            cx, cy = cover.x + cover.w / 2, cover.y + cover.h / 2
            dx, dy = cx - p.x, cy - p.y
            length = math.hypot(dx, dy) or 1.0
            reach = max(cover.w, cover.h) / 2 + self.level.trafficker.radius
            hx, hy = cx + dx / length * reach, cy + dy / length * reach  # the far side from the officer
            cost = math.hypot(hx - tr.x, hy - tr.y) - 0.5 * math.hypot(hx - p.x, hy - p.y)
            if cost < best_cost:
                best, best_cost = (hx, hy), cost
        if best is None or math.hypot(best[0] - tr.x, best[1] - tr.y) < 20:
            return away + self.rng.uniform(-0.6, 0.6)
        return math.atan2(best[1] - tr.y, best[0] - tr.x)

    def _spawn(self, out: list[GameEvent]) -> None:
        rng, radius = self.rng, self.level.hazard_radius
        for i, wave in enumerate(self.level.waves):
            while self.next_spawn[i] <= self.t and self.next_spawn[i] < wave.end_s:
                self.next_spawn[i] += wave.every_s
                speed = wave.speed * self.factor
                for _ in range(wave.count):
                    drug = self.drugs.index(rng.choice(wave.drugs))
                    self.seen.add(self.drugs[drug])
                    self.hazards.append(self._launch(wave.pattern, speed, radius, drug, wave.end_s))

    def _launch(self, pattern: str, speed: float, radius: float, drug: int, end_s: float) -> Hazard:
        rng = self.rng
        if pattern == "rain":
            x, y = rng.uniform(radius, ARENA_W - radius), -radius
            angle = math.pi / 2 + rng.uniform(-0.25, 0.25)
        elif pattern == "sides":
            left = rng.random() < 0.5
            x, y = (-radius if left else ARENA_W + radius), rng.uniform(radius, ARENA_H - radius)
            angle = (0.0 if left else math.pi) + rng.uniform(-0.2, 0.2)
        elif pattern == "aimed":
            edge = rng.randrange(4)
            x = rng.uniform(0, ARENA_W) if edge < 2 else (-radius if edge == 2 else ARENA_W + radius)
            y = (-radius if edge == 0 else ARENA_H + radius) if edge < 2 else rng.uniform(0, ARENA_H)
            angle = math.atan2(self.player.y - y, self.player.x - x)
        else:  # bounce: starts anywhere on the arena but near the officer, and ricochets until its wave ends
            p = self.player
            for _ in range(12):
                x, y = rng.uniform(radius, ARENA_W - radius), rng.uniform(radius, ARENA_H - radius)
                if math.hypot(x - p.x, y - p.y) >= SPAWN_CLEAR:
                    break
            else:  # (nowhere found by chance: the arena's far corner from the officer)
                x = radius if p.x > ARENA_W / 2 else ARENA_W - radius
                y = radius if p.y > ARENA_H / 2 else ARENA_H - radius
            angle = rng.uniform(0, 2 * math.pi)
        expires = end_s if pattern == "bounce" else math.inf
        self.launched += 1
        return [
            x,
            y,
            math.cos(angle) * speed,
            math.sin(angle) * speed,
            drug,
            expires,
            pattern == "bounce",
            self.launched,
        ]

    def _move_hazards(self, dt: float, out: list[GameEvent]) -> None:
        px, py = self.player.x, self.player.y
        reach = self.level.player.radius + self.level.hazard_radius
        reach2 = reach * reach
        can_hit = not self.invulnerable and self.grace <= 0
        self.grace = max(0.0, self.grace - dt)
        t, hit_drug = self.t, -1
        kept = []
        for h in self.hazards:
            x = h[X] + h[VX] * dt
            y = h[Y] + h[VY] * dt
            if h[BOUNCE]:
                if x < 0 or x > ARENA_W:
                    h[VX] = -h[VX]
                if y < 0 or y > ARENA_H:
                    h[VY] = -h[VY]
                if t >= h[EXPIRES]:
                    continue
            elif x < -MARGIN or x > ARENA_W + MARGIN or y < -MARGIN or y > ARENA_H + MARGIN:
                continue
            h[X], h[Y] = x, y
            if can_hit and hit_drug < 0 and (x - px) ** 2 + (y - py) ** 2 < reach2:
                hit_drug = h[DRUG]  # one hit per step; the hazard is used up
                continue
            kept.append(h)
        self.hazards = kept
        if hit_drug >= 0:
            self._hit(self.drugs[hit_drug], out)

    def _shield(self, dt: float, out: list[GameEvent]) -> None:
        spec = self.level.shield
        if spec is None:
            return
        self.shield_left = max(0.0, self.shield_left - dt)
        if self.shield_item is None and self.t >= self.next_shield:
            self.next_shield = self.t + spec.every_s
            for _ in range(8):  # somewhere not right on top of the officer
                x, y = self.rng.uniform(120, ARENA_W - 120), self.rng.uniform(120, ARENA_H - 120)
                if math.hypot(x - self.player.x, y - self.player.y) > 300:
                    break
            self.shield_item = (x, y, self.t + SHIELD_ITEM_LIFE_S)
        if self.shield_item is not None:
            x, y, expires = self.shield_item
            if math.hypot(x - self.player.x, y - self.player.y) < self.level.player.radius + 36:
                self.shield_item = None
                self.shield_left = spec.lasts_s
                self.phrase_index += 1
                out.append(GameEvent("shield", {"phrase": self.phrase_index % len(spec.phrases)}, self.t_ms()))
            elif self.t >= expires:
                self.shield_item = None

    def _hit(self, drug: str, out: list[GameEvent]) -> None:
        if self.shield_left > 0:
            self.blocked += 1
            out.append(GameEvent("blocked", {"drug": drug}, self.t_ms()))
            return
        self.hit.append(drug)
        self.lives -= 1
        out.append(GameEvent("hit", {"drug": drug, "lives": self.lives}, self.t_ms()))
        if self.lives <= 0:
            self._end("out_of_lives", out)
            self.card_drug = drug  # the last hit still teaches
            return
        self.phase = ChasePhase.CARD
        self.card_drug = drug

    def _catch(self, out: list[GameEvent]) -> None:
        if self.phase != ChasePhase.PLAY or self.untouchable:
            return
        p, tr = self.player, self.trafficker
        reach = self.level.player.radius + self.level.trafficker.radius
        if (p.x - tr.x) ** 2 + (p.y - tr.y) ** 2 >= reach * reach:
            return
        self.catches += 1
        out.append(GameEvent("caught", {"n": self.catches}, self.t_ms()))
        if self.catches >= self.level.catches:
            self._end("caught", out)
            return
        # he slips away: reappears at the far corner from the officer, untouchable for a moment
        corners = [(ARENA_W * fx, ARENA_H * fy) for fx in (0.1, 0.9) for fy in (0.15, 0.85)]
        tr.x, tr.y = max(corners, key=lambda c: (c[0] - p.x) ** 2 + (c[1] - p.y) ** 2)
        self.rest = self.level.trafficker.rest_s
        self.turn_in = 0.0

    def _end(self, result: str, out: list[GameEvent]) -> None:
        self.phase = ChasePhase.OVER
        self.result = result
        out.append(
            GameEvent(
                "chase_end",
                {
                    "result": result,
                    "catches": self.catches,
                    "lives": self.lives,
                    "hit": list(self.hit),
                    "dodged": self.dodged,
                    "blocked": self.blocked,
                },
                self.t_ms(),
            )
        )

    # -- for benchmarks --------------------------------------------------------------------------
    def fill(self, count: int, speed: float = 240.0) -> None:
        """Put `count` ricocheting hazards on the arena at once (benchmarks: N on screen)."""
        for i in range(count):
            drug = i % len(self.drugs)
            self.hazards.append(self._launch("bounce", speed, self.level.hazard_radius, drug, math.inf))


def reserved_test_items(content: Content) -> set[str]:
    """Questions of the tracks' pre-, post- and re-tests: kept out of mini-quizzes so that a student
    does not meet a test item during the levels (which would inflate the before-after gain)."""
    out: set[str] = set()
    for track in content.tracks.values():
        for level_id in (track.pre_test, track.post_test, getattr(track, "retention_test", None)):
            if level_id is not None:  # (no level has the id None: a track without that test adds nothing)
                out.update(getattr(content.levels.get(level_id), "questions", None) or [])
    return out


def mini_quiz_questions(
    content: Content,
    spec: MiniQuiz | None,
    hit: list[str],
    seen: Iterable[str],
    age_group: str,
    rng: random.Random,
    avoid: Iterable[str] = (),
    level_drugs: Iterable[str] = (),
    count: int | None = None,
) -> list[str]:
    """Up to spec.count (or `count`, quick play's three) question ids from spec.quiz about the drugs the player met, those that hit
    the player first, then (a quick chase meets few) about the level's other drugs; never a
    pre/post-test item, never an unscored estimate, never one in `avoid` (what the session asked
    already): fewer, or none, rather than a repeat. A later level that lists a question asked here
    leaves it out (QuizLogic.build's `avoid`)."""
    if spec is None:
        return []
    met = set(hit) | set(seen)
    reserved = reserved_test_items(content) | set(avoid)
    bank = content.quizzes[spec.quiz]
    fits = [
        q.id
        for q in bank.questions
        if set(q.drugs) & (met | set(level_drugs))
        and (not q.ages or age_group in q.ages)
        and q.id not in reserved
        and q.kind != "estimate"
    ]
    first = [q for q in fits if set(content.questions[q].drugs) & set(hit)]
    then = [q for q in fits if q not in first and set(content.questions[q].drugs) & met]
    last = [q for q in fits if q not in first and q not in then]
    want = spec.count if count is None else count
    chosen: list[str] = []
    for group in (first, then, last):
        chosen += rng.sample(group, min(want - len(chosen), len(group)))
    return chosen
