"""The chase tuning bot: a player of fixed skill for the chase's rules, and the tuning figures it gives.

It plays ChaseLogic directly (no pygame, no App) and is what "a typical player needs most of the
level" and "a primary pupil wins" are measured with (`python -m game.devtools.scripted --chase-tuning`; the
figures are in the README's "Chase"). It drags a finger after the trafficker as it saw him a reaction
time ago (a little off target), loses him while he is behind a cover (and heads for where he was last
seen), sidesteps three drugs in four of those about to hit it, and taps a fact card away (time stands
still behind the card, so reading costs no game time).

A run is reproducible from its seed: the level's Random and the bot's aim come from the seed, and
whether it sidesteps a drug from the seed and the drug's serial (its number in launch order, kept by
the logic), never from the wall clock, the order of a list or an object's id().
"""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.clock import STEP
from game.levels.chase.logic import SERIAL, ChaseLogic

if TYPE_CHECKING:
    from game.content.levels.chase import ChaseLevel
    from game.content.loader import Content
    from game.content.schema import AgeGroup


@dataclass(frozen=True)
class BotSkill:
    reaction_s: float = 0.35  # the finger follows where the trafficker was this long ago
    aim_px: float = 60.0  # and lands up to this far off him (a new error every reaction time)
    dodge: float = 0.75  # the chance to sidestep a drug that is about to hit
    sidestep_s: float = 0.35  # how long a sidestep lasts
    look_ahead_s: float = 0.45  # a drug closer than this (in time) to hitting is seen coming


TYPICAL = BotSkill()


@dataclass
class BotRun:
    level_id: str
    age_group: str
    seed: int
    catches: list[float]  # game seconds at each catch
    result: str  # caught | timeout | out_of_lives
    hits: int


def _hidden(level: ChaseLevel, x: float, y: float) -> bool:
    """Under a cover (drawn over him): a player cannot see the trafficker there."""
    return any(c.x <= x <= c.x + c.w and c.y <= y <= c.y + c.h for c in level.covers)


def will_dodge(seed: int, serial: int, skill: BotSkill = TYPICAL) -> bool:
    """Does the bot sidestep the drug launched `serial`-th? Decided by the run's seed and the drug's serial
    alone: not by when it was first seen, where it sits in the list, or its id() (a memory address)."""
    return random.Random(f"bot|{seed}|dodge|{serial}").random() < skill.dodge


def chase_bot(level: ChaseLevel, seed: int, age_group: AgeGroup, skill: BotSkill = TYPICAL) -> BotRun:
    """Play one chase with the bot: the level's own Random from `seed`; the bot's aim from seed too, and its
    dodges from seed and each drug's serial (will_dodge), so the same seed plays the same run anywhere."""
    logic = ChaseLogic(level, random.Random(seed), age_group=age_group)
    hand = random.Random(f"bot|{seed}")
    delay = max(1, round(skill.reaction_s / STEP))
    seen: deque[tuple[float, float]] = deque(maxlen=delay)
    last_seen = (logic.trafficker.x, logic.trafficker.y)
    error = (0.0, 0.0)
    error_left = 0.0
    sidestep: tuple[float, float] | None = None
    sidestep_left = 0.0
    catches: list[float] = []
    reach = level.player.radius + level.hazard_radius
    was = (logic.player.x, logic.player.y)
    while logic.phase != "over":
        if logic.phase == "card":
            logic.dismiss_card()
            continue
        tr, p = logic.trafficker, logic.player
        if not _hidden(level, tr.x, tr.y):
            last_seen = (tr.x, tr.y)
        seen.append(last_seen)
        error_left -= STEP
        if error_left <= 0:
            error_left = skill.reaction_s
            angle = hand.uniform(0, 2 * math.pi)
            error = (math.cos(angle) * hand.uniform(0, skill.aim_px), math.sin(angle) * hand.uniform(0, skill.aim_px))
        aim = seen[0]
        target = (aim[0] + error[0], aim[1] + error[1])
        sidestep_left -= STEP
        pvx, pvy = (p.x - was[0]) / STEP, (p.y - was[1]) / STEP  # the officer's own motion counts too
        was = (p.x, p.y)
        if sidestep_left <= 0:
            sidestep = None
            for h in logic.hazards:
                dx, dy, vx, vy = h[0] - p.x, h[1] - p.y, h[2] - pvx, h[3] - pvy
                speed2 = vx * vx + vy * vy
                when = -(dx * vx + dy * vy) / speed2 if speed2 else math.inf
                if not 0 <= when <= skill.look_ahead_s:
                    continue
                miss = math.hypot(dx + vx * when, dy + vy * when)
                if miss > reach + 10:
                    continue
                if will_dodge(seed, h[SERIAL], skill):  # step aside, across the drug's path
                    side = 1 if (dx * vy - dy * vx) < 0 else -1
                    length = math.sqrt(speed2)
                    sidestep = (p.x + side * -vy / length * 220, p.y + side * vx / length * 220)
                    sidestep_left = skill.sidestep_s
                    break
        pointer = sidestep if sidestep is not None else target
        for event in logic.step((), pointer, STEP):
            if event.kind == "caught":
                catches.append(round(logic.t, 2))
    return BotRun(level.id, age_group, seed, catches, logic.result or "", len(logic.hit))


def chase_tuning(content: Content, runs: int = 40, skill: BotSkill = TYPICAL) -> list[dict[str, Any]]:
    """For each chase level of each track, at the track's age group: the bot's median time to each catch
    over `runs` seeds (None where fewer than half the runs got that far), how many runs made each catch,
    and the share of the level's time the last catch took (the median)."""
    from statistics import median

    out = []
    for track in content.tracks.values():
        for level_id in track.levels:
            level = content.levels[level_id]
            if level.type != "chase":
                continue
            played = [chase_bot(level, seed, track.age_group, skill) for seed in range(runs)]
            medians, made = [], []
            for k in range(level.catches):
                times = sorted(r.catches[k] if len(r.catches) > k else math.inf for r in played)
                m = median(times)
                medians.append(None if m == math.inf else round(m, 1))
                made.append(sum(len(r.catches) > k for r in played))
            last = medians[-1]
            out.append(
                {
                    "level": level_id,
                    "age_group": track.age_group,
                    "duration_s": level.duration_s,
                    "runs": runs,
                    "median_catch_s": medians,
                    "runs_with_catch": made,
                    "last_catch_share": None if last is None else round(last / level.duration_s, 2),
                    "caught_all": sum(r.result == "caught" for r in played),
                    "out_of_lives": sum(r.result == "out_of_lives" for r in played),
                    "median_hits": median(r.hits for r in played),
                }
            )
    return out
