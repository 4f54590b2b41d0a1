"""`python main.py bench camera`: what tracking the camera costs, beside a baseline from the same run.

- tracker: MotionTracker.feed on 640 x 480 pictures (a synthetic player circling), median ms per
  picture, and the pictures per second one core could track at that rate; 1280 x 720 too.
- worker: the real CameraWorker thread reading a synthetic camera paced at 30 pictures per
  second (as a webcam delivers them), 640 x 480, while the game thread runs the chase at 60
  frames a second as App.run does: how many pictures per second it tracked (the issue asks for at
  least 20). Frame times are measured without the wait for the next frame.
- chase: the real ChaseScene at 1920 x 1080 with N drugs on screen (game.devtools.bench's set-up), frame
  time without the camera, with the camera (its worker thread running, the game thread polling
  it, steering the officer and drawing its cursor), and with the camera and its preview, beside
  `bench chase`'s floor loop, in interleaved blocks so that drift hits all four alike; the ratios
  to the no-camera chase and to the floor (the chase's target: median <= 1.5x the floor).
The synthetic pictures are made once and played in a loop (reading costs nothing, as a driver
filling a buffer); a real camera's driver decodes pictures in its own C code besides.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

BLOCK = 100  # frames per block; the three chase loops alternate


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * p) - 1))]


def bench_tracker(width: int = 640, height: int = 480, pictures: int = 300) -> dict[str, Any]:
    from game.camera.synthetic import LoopedStream
    from game.camera.tracker import MotionTracker

    stream = LoopedStream.circling(60, width, height)
    tracker = MotionTracker()
    for i in range(30):  # warm: the running average settles
        tracker.feed(stream.read(), i / 30)
    times = []
    for i in range(pictures):
        frame = stream.read()
        start = time.perf_counter()
        tracker.feed(frame, 1.0 + i / 30)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    return {
        "size": f"{width}x{height}",
        "median_ms": round(median, 3),
        "p99_ms": round(_pct(times, 0.99), 3),
        "pictures_per_s_one_core": round(1000 / median),
    }


def bench_camera(
    chase_scene: Callable[[int, int], Any],
    floor: Callable[[Any, int, int], Any],
    hazards: int = 200,
    frames: int = 600,
    seed: int = 1,
) -> dict[str, Any]:
    """chase_scene(hazards, seed) builds the ChaseScene to draw, floor(screen, hazards, seed) the floor
    loop of `bench chase` (game.devtools.bench passes its own: the chase's target is set against that floor)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.camera.config import CameraConfig
    from game.camera.pointer import CameraInput
    from game.camera.synthetic import LoopedStream
    from game.clock import STEP
    from game.ui.cursor import CameraOverlay

    out: dict[str, Any] = {"tracker": [bench_tracker(640, 480), bench_tracker(1280, 720)]}
    pygame.init()
    try:
        screen = pygame.display.set_mode((1920, 1080))
        floor_loop = floor(screen, hazards, seed)
        scene = chase_scene(hazards, seed)
        stream = LoopedStream.circling(90, 640, 480, paced=True, fps=30.0)
        camera = CameraInput(CameraConfig(source=lambda: stream))
        overlay = CameraOverlay(camera, scene.ctx)
        loops: dict[str, list[float]] = {"floor": [], "none": [], "camera": [], "camera_preview": []}
        pace = pygame.time.Clock()

        def frame(kind: str) -> None:
            start = time.perf_counter()
            if kind == "floor":
                floor_loop.step()
                loops[kind].append((time.perf_counter() - start) * 1000)
                pace.tick(60)
                return
            pygame.event.pump()
            if kind != "none":
                for event in camera.poll(STEP):
                    scene.handle(event)
            scene.logic.t = 1.0  # hold the level clock: the level never times out
            scene.update(STEP)
            scene.draw(screen)
            if kind != "none":
                overlay.draw(screen)
            pygame.display.flip()
            loops[kind].append((time.perf_counter() - start) * 1000)
            # then wait for the next frame as App.run does (timer.tick(60)): the worker thread reads
            # and tracks while the game thread sleeps. A loop that never sleeps starves it of the GIL
            # (each numpy call hands it back and waits up to sys.getswitchinterval() to take it again)
            pace.tick(60)

        for _ in range(5):
            frame("none")
        tracked, seconds, track_s = 0, 0.0, 0.0
        while len(loops["none"]) < frames:
            for kind in loops:
                if kind.startswith("camera"):  # the worker thread runs only in the camera's blocks
                    _start_worker(camera, preview=kind == "camera_preview")
                    worker, start = camera.worker, time.perf_counter()
                    first = worker.frames
                for _ in range(min(BLOCK, frames - len(loops[kind]))):
                    frame(kind)
                if kind.startswith("camera"):
                    tracked += worker.frames - first
                    seconds += time.perf_counter() - start
                    track_s += worker.track_s
                    camera.set_enabled(False)
    finally:
        pygame.quit()
    out["worker"] = {
        "camera_fps": 30,
        "size": "640x480",
        "tracked_fps": round(tracked / seconds, 1),
        "mean_track_ms_in_thread": round(track_s / max(1, tracked) * 1000, 3),
    }
    out["chase"] = _chase_summary(loops, hazards, frames)
    return out


def _start_worker(camera: Any, preview: bool) -> None:
    """Turn the camera on (with or without its preview) and wait, up to 5 s, for its first tracked picture."""
    camera.set_preview(preview)
    camera.set_enabled(True)
    deadline = time.monotonic() + 5
    while camera.worker.latest() is None and time.monotonic() < deadline:
        time.sleep(0.005)


def _chase_summary(loops: dict[str, list[float]], hazards: int, frames: int) -> dict[str, Any]:
    """The chase's frame times (ms): each loop's median and p99, and its ratios to the no-camera chase and the floor."""
    base = statistics.median(loops["none"])
    floor_median = statistics.median(loops["floor"])
    chase: dict[str, Any] = {
        "hazards": hazards,
        "frames": frames,
        "floor_median_ms": round(floor_median, 3),
        "no_camera_median_ms": round(base, 3),
        "no_camera_p99_ms": round(_pct(loops["none"], 0.99), 3),
        "no_camera_vs_floor": round(base / floor_median, 3),
    }
    for kind in ("camera", "camera_preview"):
        median = statistics.median(loops[kind])
        chase[f"{kind}_median_ms"] = round(median, 3)
        chase[f"{kind}_p99_ms"] = round(_pct(loops[kind], 0.99), 3)
        chase[f"{kind}_vs_no_camera"] = round(median / base, 3)
        chase[f"{kind}_vs_floor"] = round(median / floor_median, 3)
    chase["target"] = "chase median <= 1.5x floor (bench chase), with the camera too"
    return chase
