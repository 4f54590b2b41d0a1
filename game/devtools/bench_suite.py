"""The benchmark suite behind `python main.py bench` (all parts) and `bench startup|commit|content`.

Every figure sits beside a baseline measured in the same run on the same machine, and the
ratio between them is what to read (docs/performance.md says what each one means):

- startup: process start -> first title frame drawn (`main.py --smoke`), against
  `python -c "import pygame; pygame.init()"`, both as fresh processes, interleaved, with Python's
  bytecode cache (as installed); without it (a PYTHONDONTWRITEBYTECODE shell) beside it.
- chase: game.devtools.bench.bench_chase at 200 and 1000 hazards (the real scene vs the floor loop).
- commit: a scripted player taps answers through the real App (game.devtools.scripted); the time from
  the start of the frame that carries the tap to the answer committed, against a bare SQLite
  INSERT + COMMIT with the same pragmas (WAL, synchronous=FULL) in the same folder, interleaved.
- camera: game.devtools.bench_camera: the motion tracker per 640x480 picture, its worker thread's rate
  against a 30 fps synthetic camera while the chase runs, and the chase's frame time with the
  camera (and its preview) on, against the same chase without it and the chase's floor loop.
- content: load_content of the shipped content, and of 10x synthetic content generated from it
  (ids renamed per copy), against parsing the same bytes with yaml.CSafeLoader.
- report: game.devtools.bench_report.bench_report at 10k, 100k (and 1M) answers, against a bare scan of
  every answer joined to its attempt; growth per size against the 10k run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from game import paths

HEADLESS = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * p) - 1))]


def _r(x: float, nd: int = 3) -> float:
    return round(x, nd)


# -- startup ---------------------------------------------------------------------------------
def _time_to_line(cmd: list[str], marker: str, env: dict[str, str]) -> float:
    """Seconds from spawning `cmd` until it prints a line starting with `marker`."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=paths.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.startswith(marker):
                return time.perf_counter() - t0
        raise RuntimeError(f"{' '.join(cmd)} never printed {marker!r} (exit {proc.wait()})")
    finally:
        proc.stdout.close()
        proc.wait()


def _startup_pair(game: list[str], bare: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median seconds to the title (game) and to pygame.init() (bare), interleaved one for one,
    after a warm-up start of each (it creates the database and any bytecode cache)."""
    _time_to_line(game, "smoke ok", env)  # kiosks start on an existing database
    _time_to_line(bare, "ready", env)
    game_s, bare_s = [], []
    for _ in range(runs):
        game_s.append(_time_to_line(game, "smoke ok", env))
        bare_s.append(_time_to_line(bare, "ready", env))
    return statistics.median(game_s), statistics.median(bare_s)


def bench_startup(runs: int = 7) -> dict[str, Any]:
    """Process start -> first title frame, against process start -> pygame.init(), both fresh
    interpreters. Measured as the game runs when installed or started from a checkout: with
    Python's bytecode cache (here in a temporary PYTHONPYCACHEPREFIX that the warm-up start
    fills, for the game and the baseline alike). A shell with PYTHONDONTWRITEBYTECODE (ours has
    it) would otherwise recompile the game's ~30 modules on every start while pygame's come
    precompiled from pip; that figure is reported beside it, `without_bytecode_cache`."""
    base = {**os.environ, **HEADLESS}
    with tempfile.TemporaryDirectory() as tmp:
        game = [sys.executable, str(paths.ROOT / "main.py"), "--smoke", "--db", str(Path(tmp) / "g.sqlite3")]
        bare = [sys.executable, "-c", "import pygame; pygame.init(); print('ready', flush=True)"]
        cached = {k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        g, b = _startup_pair(game, bare, cached, runs)
        uncached = {k: v for k, v in base.items() if k != "PYTHONPYCACHEPREFIX"}
        uncached["PYTHONDONTWRITEBYTECODE"] = "1"
        gu, bu = _startup_pair(game, bare, uncached, runs)
    return {
        "runs": runs,
        "title_drawn_ms": _r(g * 1000, 1),
        "baseline_pygame_init_ms": _r(b * 1000, 1),
        "ratio": _r(g / b, 2),
        "target_ratio": 2.5,
        "without_bytecode_cache": {
            "runs": runs,
            "title_drawn_ms": _r(gu * 1000, 1),
            "baseline_pygame_init_ms": _r(bu * 1000, 1),
            "ratio": _r(gu / bu, 2),
        },
    }


# -- answer commit ---------------------------------------------------------------------------
def bench_commit(answers: int = 300, seed: int = 1) -> dict[str, Any]:
    """Tap -> committed through the real App and store, beside a bare INSERT + COMMIT."""
    import random

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.app import AppConfig, build_app
    from game.devtools.scripted import _hook_store, play
    from game.pilot import Pilot
    from game.store import Store
    from game.store.baseline import BareCommit

    with tempfile.TemporaryDirectory(dir=paths.ROOT if os.access(paths.ROOT, os.W_OK) else None) as tmp:
        db = Path(tmp) / "commit.sqlite3"
        bare = BareCommit(Path(tmp) / "bare.sqlite3")
        store = Store.open(db)
        frame_start = [0.0]
        game_ms: list[float] = []
        bare_ms: list[float] = []
        count = [0]

        def on_commit(answer_id: int, question_id: str, attempt_id: int) -> None:
            game_ms.append((time.perf_counter() - frame_start[0]) * 1000)
            count[0] += 1
            bare_ms.append(bare.insert(attempt_id, question_id))  # the baseline, interleaved one for one

        _hook_store(store, on_commit)
        app = build_app(AppConfig(db=db, window=(640, 360), seed=seed, muted=True, lang="zh-CN"), store=store)
        step = app.step

        def timed_step(elapsed: float = 1 / 60) -> bool:
            frame_start[0] = time.perf_counter()
            return step(elapsed)

        app.step = timed_step  # type: ignore[method-assign]
        try:
            pilot = Pilot(app)
            pilot.frame()
            play(pilot, random.Random(seed), "junior", answers, lambda: count[0])
        finally:
            app.close()
            bare.close()
    return {
        "answers": len(game_ms),
        "tap_to_commit_p50_ms": _r(statistics.median(game_ms)),
        "tap_to_commit_p99_ms": _r(_pct(game_ms, 0.99)),
        "baseline_insert_commit_p50_ms": _r(statistics.median(bare_ms)),
        "baseline_insert_commit_p99_ms": _r(_pct(bare_ms, 0.99)),
        "ratio_p50": _r(statistics.median(game_ms) / statistics.median(bare_ms), 2),
        "ratio_p99": _r(_pct(game_ms, 0.99) / _pct(bare_ms, 0.99), 2),
        "target_p99_ms": 16,
    }


# -- content ---------------------------------------------------------------------------------
NOT_REFERENCES = {
    "age_group",
    "ages",
    "type",
    "kind",
    "topic",
    "category",
    "source",
    "zh-CN",
    "en",
    "role",
    "pattern",
    "behaviour",
    "skill",
    "speaker",
    "image",
    "title",
    "prompt",
    "text",
    "explanation",
}
KINDS = ("drugs", "quizzes", "levels", "tracks")


def _ids_in(data: Any, kind: str) -> set[str]:
    """The ids one content file defines: its own, and in a quiz bank its questions' too."""
    ids: set[str] = set()
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        ids.add(data["id"])
    for question in data.get("questions", []) if kind == "quizzes" and isinstance(data, dict) else []:
        if isinstance(question, dict) and isinstance(question.get("id"), str):
            ids.add(question["id"])
    return ids


def _rename(value: Any, suffix: str, ids: set[str], key: str = "") -> Any:
    """`value` with `suffix` on every reference to one of `ids` (keys in NOT_REFERENCES hold text, left alone)."""
    if key in NOT_REFERENCES:
        return value
    if isinstance(value, dict):
        return {k: _rename(v, suffix, ids, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, suffix, ids, key) for v in value]
    if isinstance(value, str) and value in ids:
        return value + suffix
    return value


def synthesize_content(src: Path, dest: Path, copies: int = 10) -> dict[str, int]:
    """Write `copies` times the shipped drugs, quizzes, levels and tracks into dest (strings and
    sources once): copy k renames every drug, quiz, question, level and track id to `<id>-xk` and
    every reference to one, so the result is valid content `copies` times the size."""
    import yaml

    from game.content.yamlio import load

    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(*[f"{k}" for k in KINDS]))
    docs: dict[Path, Any] = {}
    ids: set[str] = set()
    for kind in KINDS:
        for path in sorted((src / kind).rglob("*.yaml")):
            data = load(path).data
            docs[path] = data
            ids |= _ids_in(data, kind)
    files = 0
    for k in range(copies):
        suffix = f"-x{k}" if k else ""
        for path, data in docs.items():
            rel = path.relative_to(src)
            out = dest / rel.parent / f"{path.stem}{suffix}.yaml"
            out.parent.mkdir(parents=True, exist_ok=True)
            body = _rename(data, suffix, ids) if suffix else data
            out.write_text(
                yaml.dump(
                    body,
                    Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                    allow_unicode=True,
                    sort_keys=False,
                    width=4096,
                ),
                encoding="utf-8",
            )
            files += 1
    return {"files": files}


def _content_bytes(root: Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted(root.rglob("*.yaml"))]


def _time_load(root: Path, repeat: int) -> tuple[float, float, float]:
    """(median seconds of load_content, median seconds of CSafeLoader over the same bytes, best
    seconds of load_content: on a shared machine the best run is the least disturbed one)."""
    import yaml

    from game.content.loader import load_content

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    blobs = _content_bytes(root)
    game, base = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        load_content(root)
        game.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for blob in blobs:
            yaml.load(blob, Loader=loader)
        base.append(time.perf_counter() - t0)
    return statistics.median(game), statistics.median(base), min(game)


def _hostile_inputs() -> dict[str, bytes]:
    from game.content.yamlio import MAX_BYTES, MAX_NODES

    laughs = ["id: x", 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    laughs += [f"l{d}: &l{d} [" + ", ".join([f"*l{d - 1}"] * 9) + "]" for d in range(1, 9)]
    near = MAX_BYTES - 64
    return {
        "billion_laughs": ("\n".join(laughs) + "\n").encode(),
        "nesting_200k": b"id: x\nname: " + b"[" * 200_000 + b"]" * 200_000 + b"\n",
        "file_10mb": b"id: x\nname: '" + b"a" * (10 * 1024 * 1024) + b"'\n",
        "string_2mb": b"id: x\nname: '" + b"a" * (near - 20) + b"'\n",
        "values_at_limit": b"id: x\nname: [" + b"1," * (MAX_NODES - 100) + b"1]\n",
    }


def bench_hostile(repeat: int = 3) -> dict[str, Any]:
    """The loader's time on inputs built to exhaust it (each must be refused or read by yamlio's own
    limits), beside CSafeLoader on the same bytes where that finishes (an alias bomb it keeps as
    shared references, which is why it is quick there; our loader must expand to check content)."""
    import yaml

    from game.content.yamlio import YamlError, parse, read_text

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in _hostile_inputs().items():
            path = Path(tmp) / f"{name}.yaml"
            path.write_bytes(data)
            times, verdict = [], "read"
            for _ in range(repeat):
                t0 = time.perf_counter()
                try:
                    parse(read_text(path, name), name)
                except YamlError as exc:
                    verdict = exc.error.message
                times.append(time.perf_counter() - t0)
            entry: dict[str, Any] = {
                "bytes": len(data),
                "ms": _r(statistics.median(times) * 1000, 1),
                "result": verdict,
            }
            if name != "nesting_200k":  # libyaml's composer recurses in C: 200k levels would crash it
                t0 = time.perf_counter()
                yaml.load(data, Loader=loader)  # CSafeLoader: the safe loader
                entry["baseline_csafeloader_ms"] = _r((time.perf_counter() - t0) * 1000, 1)
            out[name] = entry
    out["max_ms"] = max(v["ms"] for v in out.values())
    out["target_max_ms"] = 2000
    return out


def bench_content(repeat: int = 5, copies: int = 10) -> dict[str, Any]:
    from game.content.loader import load_content

    t0 = time.perf_counter()
    load_content(paths.CONTENT)  # the first load pays for imports (pydantic, yaml) and schema building
    cold = time.perf_counter() - t0
    full, full_base, full_best = _time_load(paths.CONTENT, repeat)
    from game.content.loader import load_content_cached

    with tempfile.TemporaryDirectory() as tmp:  # what `play` does: checked content read back from the cache
        load_content_cached(paths.CONTENT, Path(tmp))
        cached = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            load_content_cached(paths.CONTENT, Path(tmp)).summary()  # every table (all but strings load on first use)
            cached.append(time.perf_counter() - t0)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "content"
        synthesize_content(paths.CONTENT, big, copies)
        one_bytes = sum(map(len, _content_bytes(paths.CONTENT)))
        big_bytes = sum(map(len, _content_bytes(big)))
        many, many_base, many_best = _time_load(big, max(3, repeat // 2))
    return {
        "files_bytes": one_bytes,
        "first_load_ms": _r(cold * 1000, 1),
        "full_load_ms": _r(full * 1000, 1),
        "baseline_csafeloader_ms": _r(full_base * 1000, 1),
        "ratio": _r(full / full_base, 2),
        "target_full_load_ms": 300,
        "cached_load_ms": _r(statistics.median(cached) * 1000, 1),
        f"x{copies}_bytes": big_bytes,
        f"x{copies}_load_ms": _r(many * 1000, 1),
        f"x{copies}_baseline_csafeloader_ms": _r(many_base * 1000, 1),
        f"x{copies}_time_ratio": _r(many / full, 2),
        f"x{copies}_time_ratio_best_runs": _r(many_best / full_best, 2),
        f"x{copies}_bytes_ratio": _r(big_bytes / one_bytes, 2),
        f"target_x{copies}_time_ratio_below": 12,
        "hostile_files": bench_hostile(),
    }


# -- reports ---------------------------------------------------------------------------------
def bench_reports(sizes: list[int], cache: Path, repeat: int = 3) -> dict[str, Any]:
    from game.devtools.bench_report import bench_report
    from game.store.baseline import scan_seconds

    cache.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {}
    first: tuple[int, float] | None = None
    for n in sizes:
        db = cache / f"report-{n}.sqlite3"
        result = bench_report(n, db=db, repeat=repeat, render=False)
        seconds, scan = result["report_seconds"], scan_seconds(db)
        entry = {
            "answers": result["answers"],
            "report_s": seconds,
            "baseline_scan_s": _r(scan, 4),
            "ratio": _r(seconds / scan, 1) if scan else None,
            "ms_per_1k_answers": _r(seconds * 1e6 / result["answers"], 2),
        }
        if first is None:
            first = (result["answers"], seconds)
        else:
            entry["growth"] = _r(seconds / first[1], 2)
            entry["linear_growth"] = _r(result["answers"] / first[0], 2)
        out[f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"] = entry
    return out


# -- the suite -------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    import platform

    info: dict[str, Any] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        import pygame

        info["pygame_ce"] = pygame.version.ver
        info["sdl"] = ".".join(map(str, pygame.get_sdl_version()))
    except ImportError:
        pass
    return info


def camera_part(frames: int, seed: int) -> dict[str, Any]:
    """game.devtools.bench_camera (the tracker, its worker thread, the chase with the camera on), or why not."""
    try:
        from game.devtools.bench_camera import bench_camera
    except ImportError as exc:  # numpy (the [camera] extra) is not installed
        return {"skipped": f"needs the camera extra: pip install '.[camera]' ({exc})"}
    from game.devtools.bench import _chase_scene, _Floor

    return bench_camera(_chase_scene, _Floor, 200, frames, seed)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from game.devtools.bench import bench_chase

    quick = getattr(args, "quick", False)
    target = getattr(args, "target", "all")
    out: dict[str, Any] = {"machine": machine()}
    if target in ("all", "startup"):
        out["startup"] = bench_startup(runs=5 if quick else 9)
    if target == "all":
        frames = 300 if quick else 600
        out["chase"] = {f"{n}_hazards": bench_chase(n, frames, args.seed) for n in (200, 1000)}
        out["chase"]["targets"] = "200: chase median <= 1.5x floor; 1000: chase p99 <= 16.7 ms"
    if target == "all":
        out["camera"] = camera_part(frames=300 if quick else 600, seed=args.seed)
    if target in ("all", "commit"):
        out["commit"] = bench_commit(answers=150 if quick else 400, seed=args.seed)
    if target in ("all", "content"):
        out["content"] = bench_content(repeat=3 if quick else 7)
    if target == "all":
        from platformdirs import user_cache_dir

        cache = args.cache or Path(user_cache_dir("jindu-game")) / "bench"
        sizes = [10_000, 100_000] + ([] if quick else [1_000_000])
        out["report"] = bench_reports(sizes, cache, repeat=1 if quick else 3)
    return out
