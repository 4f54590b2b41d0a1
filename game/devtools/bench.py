"""`python main.py bench [startup|chase|commit|content|report|sync|classroom|camera]`: speed figures, each beside a
baseline measured in the same run. With no part named, every part runs and one JSON object is
printed (`--quick` skips the 1M-answer report and shortens the loops).

Machines here are shared and noisy, so a figure alone means little: `bench chase` runs the real
ChaseScene (update + draw + flip at 1920x1080, N hazards on screen) and, in the same process and
interleaved in blocks, the floor loop of shared/bench/floor.py (background + N alpha sprites + one
text line + flip), and reports the ratio. `bench report` times every report table on N answers;
`bench camera` the camera's tracker and its cost to the chase (game/devtools/bench_camera.py).
The other parts (startup, commit, content, and the suite's report sizes) are in game/devtools/bench_suite.py;
docs/performance.md explains every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

BLOCK = 100  # frames per block; floor and chase blocks alternate so drift hits both alike


def register(sub: Any) -> dict[str, Any]:
    bench = sub.add_parser("bench", help="speed benchmarks; prints one JSON line")
    bench.add_argument(
        "target",
        nargs="?",
        default="all",
        choices=["all", "startup", "chase", "commit", "content", "report", "sync", "classroom", "camera"],
        help="what to measure (default: all of them, as one JSON object)",
    )
    bench.add_argument("--hazards", type=int, default=200, help="chase: hazards on screen (default 200)")
    bench.add_argument("--frames", type=int, default=600, help="chase: frames measured for each loop (default 600)")
    bench.add_argument("--answers", type=int, default=100_000, help="report: answers in the database (default 100000)")
    bench.add_argument("--quick", action="store_true", help="all: skip the 1M-answer report, shorter loops")
    bench.add_argument(
        "--cache", type=Path, help="all: keep the simulated report databases here (default: the user cache folder)"
    )
    bench.add_argument(
        "--db", type=Path, help="report: keep the simulated database here (reused if it has enough answers)"
    )
    bench.add_argument("--repeat", type=int, default=3, help="report: time it this many times; the median is printed")
    bench.add_argument(
        "--vs", type=int, help="report: also time N answers (in --vs-db), interleaved, and print the growth"
    )
    bench.add_argument("--vs-db", type=Path, help="report: the database for --vs (kept and reused)")
    bench.add_argument("--seed", type=int, default=1)
    bench.add_argument("--to", metavar="URL", help="sync: a PostgreSQL server to use (default: a throwaway local one)")
    bench.add_argument(
        "--report-answers",
        type=int,
        default=1_000_000,
        help="sync: answers on the server for the district report (default 1000000)",
    )
    bench.add_argument("--devices", type=int, default=30, help="classroom: devices answering at once (default 30)")
    bench.add_argument("--per-device", type=int, default=20, help="classroom: answers on each device (default 20)")
    return {"bench": cmd_bench}


def cmd_bench(args: argparse.Namespace) -> int:
    if args.target in ("all", "startup", "commit", "content"):
        from game.devtools import bench_suite

        print(json.dumps(bench_suite.run(args), ensure_ascii=False, indent=1))
        return 0
    if args.target == "camera":
        try:
            from game.devtools.bench_camera import bench_camera
        except ImportError as exc:
            print(f"bench camera needs numpy and OpenCV: pip install '.[camera]' ({exc})")
            return 2
        print(json.dumps(bench_camera(_chase_scene, _Floor, args.hazards, args.frames, args.seed), indent=1))
        return 0
    if args.target == "sync":
        from game.devtools.bench_district import bench_sync

        big = 100_000 if args.quick else args.report_answers
        print(json.dumps(bench_sync(args.answers, big, args.to, args.cache, repeat=1 if args.quick else 3), indent=1))
        return 0
    if args.target == "classroom":
        from game.devtools.bench_classroom import bench_classroom

        if not (1 <= args.devices <= 200 and 1 <= args.per_device <= 1000):
            print("bench classroom: --devices 1 to 200, --per-device 1 to 1000")
            return 2
        print(json.dumps(bench_classroom(args.devices, args.per_device), indent=1))
        return 0
    if args.target == "report":
        from game.devtools.bench_report import bench_report

        if args.vs:
            from game.devtools.bench_report import bench_growth

            if not (args.db and args.vs_db):
                print("bench report --vs N needs --db and --vs-db (the two databases are kept)")
                return 2
            print(json.dumps(bench_growth(args.answers, args.db, args.vs, args.vs_db, repeat=args.repeat)))
            return 0
        print(json.dumps(bench_report(args.answers, db=args.db, repeat=args.repeat)))
        return 0
    if args.hazards < 0 or args.frames < 1:
        print("bench chase: --hazards must be >= 0 and --frames >= 1")
        return 2
    print(json.dumps(bench_chase(args.hazards, args.frames, args.seed)))
    return 0


def _percentile(times: list[float], p: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * p) - 1)]


class _Floor:
    """The cheapest frame for N sprites: the same work as shared/bench/floor.py, one frame per call."""

    def __init__(self, screen: Any, sprites: int, seed: int):
        import pygame

        w, h, size = 1920, 1080, 64
        self.screen, self.w, self.h, self.size = screen, w, h, size
        self.background = pygame.Surface((w, h)).convert()
        self.background.fill((20, 30, 50))
        sprite = pygame.Surface((size, size), pygame.SRCALPHA)
        pygame.draw.circle(sprite, (230, 80, 80), (size // 2, size // 2), size // 2 - 2)
        self.sprite = sprite.convert_alpha()
        self.font = pygame.font.Font(None, 36)
        rng = random.Random(seed)
        self.bodies = [
            [rng.uniform(0, w - size), rng.uniform(0, h - size), rng.uniform(-3, 3), rng.uniform(-3, 3)]
            for _ in range(sprites)
        ]
        self.frame = 0

    def step(self) -> None:
        import pygame

        w, h, size = self.w, self.h, self.size
        pygame.event.pump()
        for body in self.bodies:
            body[0] += body[2]
            body[1] += body[3]
            if not 0 <= body[0] <= w - size:
                body[2] = -body[2]
            if not 0 <= body[1] <= h - size:
                body[3] = -body[3]
        self.screen.blit(self.background, (0, 0))
        self.screen.fblits([(self.sprite, (b[0], b[1])) for b in self.bodies])
        self.screen.blit(self.font.render(f"score {self.frame}", True, (255, 255, 255)), (10, 10))
        pygame.display.flip()
        self.frame += 1


def _chase_scene(hazards: int, seed: int) -> Any:
    """The real ChaseScene on the shipped junior-chase level, with `hazards` ricocheting drugs,
    nothing spawning, nobody caught or hit, and the level clock held so it never ends."""
    from game import paths
    from game.audio import Sounds
    from game.content.loader import load_content
    from game.context import Context
    from game.levels.chase.scene import ChaseScene
    from game.session import Player, Recorder
    from game.store import Store
    from game.ui.text import TextRenderer

    content = load_content(paths.CONTENT)
    store = Store.open(":memory:")
    ctx = Context(
        content=content, store=store, text=TextRenderer(paths.FONT), sounds=Sounds(paths.SOUNDS, muted=True), seed=seed
    )
    player = Player(store.add_player("bench", "", "junior"), "bench", "", "junior")
    recorder = Recorder(store, player, "bench", "zh-CN", content.version)
    level = content.levels["junior-chase"]
    recorder.begin_level(level.id, level.type)
    scene = ChaseScene(ctx, level, recorder, random.Random(seed))
    scene.enter()
    scene.countdown = 0.0  # measured while the chase runs, not during its 3-2-1
    logic = scene.logic
    logic.invulnerable = True
    logic.next_spawn = [float("inf")] * len(logic.next_spawn)
    logic.next_shield = float("inf")
    logic.rest = float("inf")
    logic.fill(hazards)
    return scene


def bench_chase(hazards: int, frames: int, seed: int = 1) -> dict[str, Any]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.clock import STEP

    pygame.init()
    try:
        screen = pygame.display.set_mode((1920, 1080))
        floor = _Floor(screen, hazards, seed)
        scene = _chase_scene(hazards, seed)
        chase_times: list[float] = []
        floor_times: list[float] = []
        for _ in range(5):  # warm caches: fonts, sprites, layouts
            floor.step()
            scene.update(STEP)
            scene.draw(screen)
        while len(chase_times) < frames:
            for _ in range(min(BLOCK, frames - len(floor_times))):
                start = time.perf_counter()
                floor.step()
                floor_times.append((time.perf_counter() - start) * 1000)
            for _ in range(min(BLOCK, frames - len(chase_times))):
                start = time.perf_counter()
                pygame.event.pump()
                scene.logic.t = 1.0  # hold the level clock: the level never times out
                scene.update(STEP)
                scene.draw(screen)
                pygame.display.flip()
                chase_times.append((time.perf_counter() - start) * 1000)
        on_screen = len(scene.logic.hazards)
    finally:
        pygame.quit()
    chase_median, floor_median = statistics.median(chase_times), statistics.median(floor_times)
    return {
        "hazards": hazards,
        "on_screen": on_screen,
        "frames": frames,
        "chase_median_ms": round(chase_median, 3),
        "chase_p99_ms": round(_percentile(chase_times, 0.99), 3),
        "floor_median_ms": round(floor_median, 3),
        "floor_p99_ms": round(_percentile(floor_times, 0.99), 3),
        "ratio_median": round(chase_median / floor_median, 3),
    }
