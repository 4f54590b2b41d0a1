"""`python main.py bench classroom`: how long an answer takes from the device to the teacher's board.

N simulated devices (threads; each its own SQLite file, the game's session recorder and quiz rules,
and the real device-side push, game/classroom/live.py, watching its file) play a track at once
against a real hub started as `python main.py classroom host` in its own process on 127.0.0.1.
A listener reads the board's event stream as the teacher's browser does. For every answer:

- commit: the device's own commit (Store.record_answer, synchronous=FULL): the baseline, what every
  answer costs today without a hub;
- to board: from that commit returning on the device to the first board event in which the
  student's answer count includes it (push, the hub's commit, the board's rebuild, the event).

Printed as one JSON object: medians and p99 of both, with the settings. Target (issue 21): p99 to
the board under 2 s with 30 devices on this 2-core machine.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class LiveStudent:
    """One device and its student: signs in to the class and plays the track's quiz levels with the
    game's quiz rules and recorder (other level types are recorded as finished with a score)."""

    db: Path
    nickname: str
    class_code: str
    content: Any
    track_id: str
    seed: int = 0
    skill: float = 0.6  # the chance of knowing an answer; otherwise a guess
    learn: float = 0.2  # how much more often they know it in the post-test (the lesson worked)
    commits: list[tuple[int, float, float]] = field(default_factory=list)  # (answer number, when, seconds)

    def play(
        self,
        answers: int,
        pause: tuple[float, float] = (0.0, 0.0),
        stop: threading.Event | None = None,
        end: str | None = "finished",
    ) -> int:
        """Answer up to `answers` questions (the whole track if it has fewer), pausing between answers
        as a student reads, then end the session as `end` (None: leave it open, a student mid-lesson);
        returns how many were answered."""
        from game.levels.quiz.logic import QuizLogic
        from game.outcomes import AnswerChosen, LevelFinished
        from game.session import Player, Recorder
        from game.store import Store

        rng = random.Random(f"{self.seed}|{self.nickname}")
        track = self.content.tracks[self.track_id]
        store = Store.open(self.db)
        try:
            player = Player(
                store.add_player(self.nickname, self.class_code, track.age_group),
                self.nickname,
                self.class_code,
                track.age_group,
            )
            recorder = Recorder(store, player, track.id, "zh-CN", self.content.version, "classroom")
            done = 0
            for level_id, role in track.sequence():
                level = self.content.levels[level_id]
                recorder.begin_level(level_id, level.type, role)
                if level.type != "quiz":
                    recorder.record(LevelFinished(rng.randint(40, 100), 100, True))
                    continue
                logic = QuizLogic.build(level, self.content.quizzes[level.quiz], rng, self.content.questions)
                while logic.phase != "done":
                    if done >= answers or (stop is not None and stop.is_set()):
                        if end:
                            recorder.end(end)
                        return done
                    if pause[1] > 0:
                        time.sleep(rng.uniform(*pause))
                    if logic.item.question.kind == "estimate":
                        logic.set_value(rng.randint(0, 100))
                        outcomes = logic.submit()
                    else:
                        options = [o.id for o in logic.item.options]
                        knows = self.skill + (self.learn if role == "post" else 0.0) if self.skill else 0.0
                        pick = (
                            rng.choice(options)
                            if rng.random() >= knows
                            else next((o.id for o in logic.item.options if o.correct), options[0])
                        )
                        outcomes = logic.choose(pick)
                        if not outcomes:  # a choose-all question: the pick, then Submit
                            outcomes = logic.submit()
                    for outcome in outcomes:
                        t0 = time.perf_counter()
                        recorder.record(outcome)
                        if isinstance(outcome, AnswerChosen):
                            done += 1
                            self.commits.append((done, time.perf_counter(), time.perf_counter() - t0))
                    for outcome in logic.next():
                        recorder.record(outcome)
            recorder.end("finished")
            return done
        finally:
            store.close()


class BoardListener:
    """Reads the board's event stream in a thread; notes when each student's answer count first rose to n."""

    def __init__(self, url: str, cookie: str):
        self.url, self.cookie = url, cookie
        self.shown: dict[str, dict[int, float]] = {}
        self.events = 0
        self.last: dict[str, Any] | None = None
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="board-listener", daemon=True)

    def start(self) -> BoardListener:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        request = urllib.request.Request(self.url + "/api/stream", headers={"Cookie": self.cookie})
        with opener.open(request, timeout=60) as stream:
            data: list[bytes] = []
            for line in stream:
                if self._stop.is_set():
                    return
                if line.startswith(b"data: "):
                    data.append(line[6:])
                elif line in (b"\n", b"\r\n") and data:
                    self._board(json.loads(b"".join(data)), time.perf_counter())
                    data = []

    def _board(self, board: dict[str, Any], when: float) -> None:
        self.events += 1
        self.last = board
        for student in board["students"]:
            seen = self.shown.setdefault(student["nickname"], {})
            top = max(seen, default=0)
            for n in range(top + 1, student["answers"] + 1):
                seen[n] = when


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _start_hub(db: Path, class_code: str, code: str) -> tuple[subprocess.Popen, str]:
    """`python main.py classroom host` in its own process on a free port of 127.0.0.1; its URL."""
    main = Path(__file__).resolve().parents[2] / "main.py"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(main),
            "classroom",
            "host",
            "--class",
            class_code,
            "--db",
            str(db),
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if "live board:" in line:
            url = line.split("live board:", 1)[1].split()[0].rstrip("/")
            _wait_up(url, code)
            return proc, url
    proc.kill()
    raise RuntimeError(f"the hub did not start: {proc.stderr.read() if proc.stderr else ''}")


def _wait_up(url: str, code: str) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for _ in range(200):
        try:
            opener.open(urllib.request.Request(url + "/api/hello", headers={"X-Join-Code": code}), timeout=2).read()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the hub at {url} does not answer")


def bench_classroom(
    devices: int = 30, answers: int = 20, pause: tuple[float, float] = (0.5, 2.5), folder: Path | None = None
) -> dict[str, Any]:
    from game import paths
    from game.auth import PinGuard
    from game.classroom.hub.server import Hub, HubConfig, join_code
    from game.classroom.live import LivePush
    from game.content.loader import load_content_cached
    from game.store import Store

    content = load_content_cached(paths.CONTENT)
    track_id = "junior" if "junior" in content.tracks else sorted(content.tracks)[0]
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        root = Path(tmp)
        teacher = root / "teacher.sqlite3"
        store = Store.open(teacher)
        PinGuard(store).set_pin("2468")
        code = join_code(store, "BENCH")
        store.close()
        proc, url = _start_hub(teacher, "BENCH", code)
        try:
            hub = Hub.open(HubConfig(db=teacher, class_code="BENCH", code=code, address=url))  # for a sign-in token
            cookie = "jindu_board=" + hub.token()
            hub.close()
            listener = BoardListener(url, cookie).start()
            students = [
                LiveStudent(root / f"device{i:02d}.sqlite3", f"D{i:02d}", "BENCH", content, track_id, seed=i)
                for i in range(devices)
            ]
            for s in students:
                Store.open(s.db).close()  # each device's file exists, migrated, before its push starts
            pushers = [LivePush(s.db, url, code).start() for s in students]
            threads = [threading.Thread(target=s.play, args=(answers, pause)) for s in students]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            played = time.perf_counter() - t0
            total = sum(len(s.commits) for s in students)
            deadline = time.monotonic() + 30
            while (
                time.monotonic() < deadline and sum(len(listener.shown.get(s.nickname, {})) for s in students) < total
            ):
                time.sleep(0.05)
            for p in pushers:
                p.stop()
            listener.stop()
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    commit_ms = [c[2] * 1000 for s in students for c in s.commits]
    latency_ms = [
        (listener.shown[s.nickname][n] - when) * 1000
        for s in students
        for n, when, _ in s.commits
        if n in listener.shown.get(s.nickname, {})
    ]
    return {
        "devices": devices,
        "answers_per_device": answers,
        "pause_s": list(pause),
        "answers": total,
        "shown_on_board": len(latency_ms),
        "seconds_playing": round(played, 1),
        "board_events": listener.events,
        "commit_median_ms": round(statistics.median(commit_ms), 2),
        "commit_p99_ms": round(_percentile(commit_ms, 99), 2),
        "to_board_median_ms": round(statistics.median(latency_ms), 1) if latency_ms else None,
        "to_board_p99_ms": round(_percentile(latency_ms, 99), 1) if latency_ms else None,
        "to_board_max_ms": round(max(latency_ms), 1) if latency_ms else None,
        "target_p99_ms": 2000,
    }
