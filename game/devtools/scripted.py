"""A scripted player for crash tests and benchmarks: `python -m game.devtools.scripted --db PATH --log PATH`.

Not part of the game's normal path (main.py never imports it). It builds the real App, then a
Pilot plays as fast as frames allow: sign in, pick a track, answer every quiz question (a
seeded mix of right and wrong), leave chase levels through the pause menu, and start again,
forever (or until --answers answers). After each answer is committed by the store and BEFORE
the feedback frame is drawn, it appends `answer_id question_id attempt_id` to the log file
with one unbuffered write(2), so a test that SIGKILLs this process at any moment knows every
answer whose feedback a player could have seen, and can check each one is in the database.

`--fork-server` loads once and forks a player per request (fast repeated kills; see fork_server).

`python -m game.devtools.scripted --chase-tuning [--runs N]` plays every chase level of the shipped tracks
with the bot of fixed skill (game/levels/chase/bot.py, on the chase's rules alone) and prints, per
level, the median game time to each catch: the figure the chase levels are tuned by (a typical
player should need most of the level).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _hook_store(store: Any, on_commit: Callable[[int, str, int], None]) -> None:
    """Wrap this store's record_answer: report each answer after the store call has returned
    (so after its COMMIT), which is before the quiz scene draws any feedback."""
    original = store.record_answer

    def record_answer(attempt_id: int, question_id: str, *args: Any, **kwargs: Any) -> int:
        answer_id = original(attempt_id, question_id, *args, **kwargs)
        on_commit(answer_id, question_id, attempt_id)
        return answer_id

    store.record_answer = record_answer


def sign_in(pilot: Any, nickname: str, class_code: str = "", age: str = "junior") -> None:
    pilot.tap("start")
    for ch in nickname:
        pilot.tap(f"key-{ch}")
    pilot.tap("ok")
    for ch in class_code:
        pilot.tap(f"key-{ch}")
    pilot.tap("ok" if class_code else "skip")
    pilot.tap(f"age-{age}")


def answer_one(pilot: Any, rng: random.Random) -> None:
    """Tap an answer for the question on screen (right about two times in three)."""
    logic = pilot.scene.logic
    item = logic.item
    if item.question.kind == "estimate":  # the norms item: tap a number on its 0-100 line, then Submit
        from game.levels.quiz.scene import SCALE_Y, scale_x

        pilot.touch((scale_x(rng.randint(0, 100)), SCALE_Y))
        pilot.tap("submit")
        return
    right = rng.random() < 0.66
    picks = [o.id for o in item.options if o.correct == right] or [item.options[0].id]
    if item.question.kind == "multiple":
        for option_id in [o.id for o in item.options if o.correct] if right else picks[:1]:
            pilot.tap(f"option-{option_id}")
        pilot.tap("submit")
    else:
        pilot.tap(f"option-{rng.choice(picks)}")


def play(pilot: Any, rng: random.Random, track: str, want: int | None, count: Callable[[], int]) -> None:
    """Play rounds until `want` answers are committed (forever when want is None)."""
    from game.actions import Action

    round_no = 0
    while want is None or count() < want:
        round_no += 1
        if pilot.scene.name != "title":
            pilot.press(Action.BACK)
            continue
        sign_in(pilot, f"P{round_no % 1000}", "7B")
        pilot.tap(f"track-{track}")
        while pilot.scene.name in ("runner", "level_done") and (want is None or count() < want):
            if pilot.scene.name == "level_done":  # a level's complete card
                pilot.tap("continue")
                continue
            pilot.tap("go")
            play_level(pilot, rng, want, count)
        if want is not None and count() >= want:
            return
        go_home(pilot)


def play_level(pilot: Any, rng: random.Random, want: int | None, count: Callable[[], int]) -> None:
    """Answer the quiz just opened (until `want` answers), or leave a chase or any other level type."""
    from game.actions import Action

    if pilot.scene.name == "quiz":
        while pilot.scene.name == "quiz" and (want is None or count() < want):
            if pilot.scene.logic.phase == "feedback":
                pilot.tap("next")
            else:
                answer_one(pilot, rng)
    elif pilot.scene.name != "runner":
        pilot.press(Action.PAUSE)
        if pilot.has_button("quit"):
            pilot.tap("quit")


def go_home(pilot: Any) -> None:
    """Back to the title screen, by its home button where a screen has one."""
    from game.actions import Action

    while pilot.scene.name != "title":
        if pilot.has_button("home"):
            pilot.tap("home")
        else:
            pilot.press(Action.BACK)


def run_player(db: Path, log: Path | None, seed: int, track: str, want: int | None, content: Any = None) -> int:
    """Open the store, hook it, build the App and play; returns the number of answers committed."""
    from game.app import AppConfig, build_app
    from game.pilot import Pilot
    from game.store import Store

    store = Store.open(db)
    log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644) if log else None
    committed = [0]

    def on_commit(answer_id: int, question_id: str, attempt_id: int) -> None:
        committed[0] += 1
        if log_fd is not None:
            os.write(log_fd, f"{answer_id} {question_id} {attempt_id}\n".encode())

    _hook_store(store, on_commit)
    app = build_app(
        AppConfig(db=db, window=(480, 270), seed=seed, muted=True, lang="zh-CN"), store=store, content=content
    )
    pilot = Pilot(app)
    pilot.frame()
    try:
        play(pilot, random.Random(seed), track, want, lambda: committed[0])
    finally:
        app.close()
    return committed[0]


def fork_server(db: Path, log: Path | None, track: str) -> int:
    """Load everything once, then fork one player per request, so a crash test can kill many
    players without paying the interpreter's start-up each time. Protocol on stdin/stdout:
    `run SEED` -> `pid PID` (a child now plays until killed); `wait PID` -> `status N`."""
    from game import paths
    from game.app import build_app  # noqa: F401 - imported here so the children need not
    from game.content.loader import load_content
    from game.levels import LEVEL_TYPES

    for level_type in LEVEL_TYPES.values():
        level_type.scene_class()
    import pygame  # noqa: F401 - imported, never initialised, before forking

    content = load_content(paths.CONTENT)
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, value = line.strip().partition(" ")
        if command == "run":
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    run_player(db, log, int(value), track, None, content)
                    code = 0
                finally:
                    os._exit(code)
            print(f"pid {pid}", flush=True)
        elif command == "wait":
            _, status = os.waitpid(int(value), 0)
            print(f"status {status}", flush=True)
        elif command == "quit":
            break
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.devtools.scripted", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the SQLite database to play into (required unless --chase-tuning)")
    parser.add_argument("--log", type=Path, help="append 'answer_id question_id attempt_id' per committed answer")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--track", default="junior")
    parser.add_argument("--answers", type=int, help="stop after this many answers (default: never)")
    parser.add_argument("--fork-server", action="store_true", help="fork players on request (see fork_server)")
    parser.add_argument(
        "--chase-tuning", action="store_true", help="print the chase tuning figures (JSON lines) and exit"
    )
    parser.add_argument("--runs", type=int, default=40, help="--chase-tuning: seeds per level (default 40)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # the content's art lint loads pygame: no banner
    if args.chase_tuning:  # JSON lines on stdout, nothing else
        from game import paths
        from game.content.loader import load_content
        from game.levels.chase.bot import chase_tuning

        for row in chase_tuning(load_content(paths.CONTENT), args.runs):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if args.db is None:
        parser.error("--db is required")
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    if args.fork_server:
        return fork_server(args.db, args.log, args.track)
    run_player(args.db, args.log, args.seed, args.track, args.answers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
