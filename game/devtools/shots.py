"""`python main.py shots --out DIR`: a gallery of the game's screens, for people to look at.

The real App is built headless on a throwaway database and driven by the Pilot (real taps, real
scenes, real recorder) to each screen of SHOTS in turn; each screen is written as a numbered PNG
(`01-title.png`, ...) at the window size asked for (the 1920x1080 canvas scaled as a window of
that size shows it). The table is the one place to add a screen: a Shot names the file, the
scene the screen must be on (checked, so a broken route fails loudly instead of saving the
wrong picture) and a function that drives the app from the title to that screen. Every shot
starts on the title (Home) with the same seed, so each can be taken alone (`--only`).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_SIZE = (1920, 1080)
SETTLE_S = 0.7  # a scene transition and its buttons popping in are over after this long


@dataclass(frozen=True)
class Shot:
    name: str  # the file name after its number: 07-chase.png
    scene: str  # the scene's name the screen is on (checked before saving)
    reach: Callable[[Any], None]  # drives a Pilot from the title to the screen
    about: str = ""


class ShotError(RuntimeError):
    """A shot did not reach the screen it names."""


# -- helpers the routes share ---------------------------------------------------------------------
def _settle(pilot: Any, seconds: float = SETTLE_S) -> None:
    pilot.advance(seconds)


def _player(pilot: Any, nickname: str = "MING", age: str = "junior") -> Any:
    from game.session import Player

    store = pilot.app.ctx.store
    return Player(store.add_player(nickname, "7B", age), nickname, "7B", age)


def _track_for(content: Any, level_id: str) -> Any:
    for track in content.tracks.values():
        if any(level == level_id for level, _ in track.sequence()):
            return track
    return next(iter(content.tracks.values()))


def _open_level(pilot: Any, level_id: str, role: str = "level") -> Any:
    """The level's intro card in a runner whose only level it is, then Go: the level scene."""
    _runner(pilot, level_id, role)
    pilot.tap("go")
    _settle(pilot)
    return pilot.scene


def _runner(pilot: Any, level_id: str, role: str = "level") -> Any:
    from game.scene import Push
    from game.scenes.runner import RunnerScene

    ctx = pilot.app.ctx
    age = level_id.split("-")[0]
    runner = RunnerScene(
        ctx,
        _player(pilot, age=age if age in ("primary", "junior", "senior", "university") else "junior"),
        _track_for(ctx.content, level_id),
    )
    runner.sequence = [(level_id, role)]
    pilot.app.apply(Push(runner))
    _settle(pilot)
    return runner


def _first_level(content: Any, kind: str, prefer: str = "junior") -> str:
    ids = [lid for lid, level in content.levels.items() if level.type == kind]
    return next((lid for lid in ids if lid.startswith(prefer)), ids[0])


def _chase(pilot: Any) -> Any:
    scene = _open_level(
        pilot,
        "junior-chase"
        if "junior-chase" in pilot.app.ctx.content.levels
        else _first_level(pilot.app.ctx.content, "chase"),
    )
    pilot.run_until(lambda: scene.logic.t > 0.5, timeout=10, what="the chase running (after its countdown)")
    return scene


def _answer(pilot: Any, right: bool) -> None:
    item = pilot.scene.logic.item
    wanted = [o.id for o in item.options if o.correct == right] or [item.options[0].id]
    if item.question.kind == "multiple":
        for option in [o.id for o in item.options if o.correct] if right else wanted[:1]:
            pilot.tap(f"option-{option}")
        pilot.tap("submit")
    else:
        pilot.tap(f"option-{wanted[0]}")


def _quiz(pilot: Any) -> Any:
    scene = _open_level(
        pilot,
        "junior-recognise"
        if "junior-recognise" in pilot.app.ctx.content.levels
        else _first_level(pilot.app.ctx.content, "quiz"),
    )
    while scene.logic.item.question.kind != "single" and scene.logic.index + 1 < len(scene.logic.items):
        _answer(pilot, True)  # a single-choice question shows best: skip to the first
        pilot.tap("next")
    return scene


def _estimate_level(content: Any) -> str:
    for track in content.tracks.values():
        if track.pre_test:
            return track.pre_test
    return _first_level(content, "quiz")


# -- the routes -------------------------------------------------------------------------------------
def title(pilot: Any) -> None:
    _settle(pilot, 1.0)


def attract(pilot: Any) -> None:
    from game.kiosk.attract import AttractScene
    from game.scene import Push

    pilot.app.apply(Push(AttractScene(pilot.app.ctx)))
    pilot.advance(4.0)


def entry(pilot: Any) -> None:
    pilot.tap("start")
    _settle(pilot)
    for ch in "MING":
        pilot.tap(f"key-{ch}")


def ages(pilot: Any) -> None:
    entry(pilot)
    pilot.tap("ok")
    for ch in "7B":
        pilot.tap(f"key-{ch}")
    pilot.tap("ok")
    _settle(pilot)


def tracks(pilot: Any) -> None:
    ages(pilot)
    pilot.tap("age-junior")
    _settle(pilot)


def settings(pilot: Any) -> None:
    pilot.tap("settings")
    _settle(pilot)


def intro_card(pilot: Any) -> None:
    _runner(
        pilot,
        "junior-chase"
        if "junior-chase" in pilot.app.ctx.content.levels
        else _first_level(pilot.app.ctx.content, "chase"),
    )


def countdown(pilot: Any) -> None:
    _open_level(
        pilot,
        "junior-chase"
        if "junior-chase" in pilot.app.ctx.content.levels
        else _first_level(pilot.app.ctx.content, "chase"),
    )
    pilot.advance(0.4)


def chase_play(pilot: Any) -> None:
    scene = _chase(pilot)
    scene.logic.invulnerable = True  # 30 drugs in the air for the picture, none of them ends it
    scene.logic.fill(30)
    pilot.advance(1.0)


def chase_card(pilot: Any) -> None:
    scene = _chase(pilot)
    logic = scene.logic
    pilot.advance(1.0)
    logic.hazards.append([logic.player.x, logic.player.y, 0.0, 0.0, 0, float("inf"), False])  # a drug on the officer
    pilot.run_until(lambda: logic.phase == "card", timeout=2, what="a hit")
    _settle(pilot, 0.8)


def chase_summary(pilot: Any) -> None:
    scene = _chase(pilot)
    logic = scene.logic

    def chase() -> bool:
        if logic.phase == "card":
            logic.dismiss_card()
        logic.player.x, logic.player.y = logic.trafficker.x, logic.trafficker.y  # the officer keeps up
        return scene.stage != "play"

    pilot.run_until(chase, timeout=60, what="the chase's end")
    _settle(pilot, 1.0)


def quiz_question(pilot: Any) -> None:
    _quiz(pilot)


def quiz_right(pilot: Any) -> None:
    _quiz(pilot)
    _answer(pilot, True)
    _settle(pilot, 0.5)


def quiz_wrong(pilot: Any) -> None:
    _quiz(pilot)
    _answer(pilot, False)
    _settle(pilot, 0.5)


def estimate(pilot: Any) -> None:
    scene = _open_level(pilot, _estimate_level(pilot.app.ctx.content), "pre")
    if scene.logic.item.question.kind != "estimate":
        raise ShotError(f"{scene.level.id} does not open with an estimate question")
    for _ in range(2):
        pilot.tap("est-minus10")


def estimate_feedback(pilot: Any) -> None:
    estimate(pilot)
    pilot.tap("submit")
    _settle(pilot, 0.5)


def scenario(pilot: Any) -> None:
    _open_level(
        pilot,
        "junior-scenario-milktea"
        if "junior-scenario-milktea" in pilot.app.ctx.content.levels
        else _first_level(pilot.app.ctx.content, "scenario"),
    )


def scenario_ending(pilot: Any) -> None:
    scenario(pilot)
    scene = pilot.scene
    while scene.logic.phase == "talk":
        choices = scene.logic.choices
        pilot.tap(f"choice-{next((c for c in choices if c.safe), choices[0]).id}")
    _settle(pilot, 0.8)


def spot(pilot: Any) -> None:
    scene = _open_level(
        pilot,
        "primary-spot"
        if "primary-spot" in pilot.app.ctx.content.levels
        else _first_level(pilot.app.ctx.content, "spot"),
    )
    first = next(item for item in scene.level.items if item.suspicious)
    pilot.tap(f"item-{first.id}")


def spot_feedback(pilot: Any) -> None:
    spot(pilot)
    scene = pilot.scene
    for item in scene.level.items:
        if item.suspicious and item.id not in scene.logic.flagged:
            pilot.tap(f"item-{item.id}")
            break
    pilot.tap("done")
    _settle(pilot, 0.8)


def results(pilot: Any) -> None:
    from game.outcomes import LevelResult
    from game.scene import Push
    from game.scenes.results import ResultsScene

    ctx = pilot.app.ctx
    track = ctx.content.tracks.get("junior") or next(iter(ctx.content.tracks.values()))
    rows = []
    for i, (level_id, role) in enumerate(track.sequence()):
        if role != "level":
            continue
        level = ctx.content.levels[level_id]
        score = (100, 80, 100, 60, 90, 100)[i % 6]
        learned = (level.intro,) if getattr(level, "intro", None) is not None else ()
        rows.append(LevelResult(level_id, score, 100, score >= 60, learned))
    pilot.app.apply(Push(ResultsScene(ctx, _player(pilot), track, rows)))
    _settle(pilot, 2.5)


def leaderboard(pilot: Any) -> None:
    from game.scene import Push
    from game.scenes.leaderboard import LeaderboardScene

    ctx = pilot.app.ctx
    store = ctx.store
    mine = None
    from game.store.leaderboard import today

    for row in today(store):  # taken before in this gallery: the same rows
        mine = row.session_id if row.nickname == "MING" else mine
    for nickname, score in (
        (
            ("XIAOYU", 540),
            ("LEO", 500),
            ("MING", 470),
            ("ANNA", 430),
            ("7B-12", 410),
            ("HAO", 380),
            ("MIA", 350),
            ("JUN", 300),
        )
        if mine is None
        else ()
    ):
        player = store.add_player(nickname, "", "junior")
        session = store.start_session(player, "junior", ctx.lang, ctx.content.version, "shots")
        attempt = store.start_attempt(session, "junior-chase", "chase")
        store.finish_attempt(attempt, score, 600, True)
        store.end_session(session, "finished")
        mine = session if nickname == "MING" else mine
    pilot.app.apply(Push(LeaderboardScene(ctx, highlight=mine, board="course")))
    _settle(pilot)


def quick_start(pilot: Any) -> None:
    """Quick play's one screen before the chase: language, stage, Play, and the countdown ring."""
    pilot.tap("quick")
    _settle(pilot, 1.5)


def quick_chase(pilot: Any) -> None:
    quick_start(pilot)
    pilot.tap("play")
    pilot.advance(6.0)  # past the chase's 3, 2, 1


def quick_results(pilot: Any) -> None:
    """The end of a quick visit: a generated nickname (Change), score, rank, what was learned."""
    from game.outcomes import LevelResult
    from game.scene import Push
    from game.scenes.quick import QuickResultsScene, new_nickname, quick_tracks
    from game.session import Player, Recorder
    from game.store.kiosk import QUICK_MODE

    ctx = pilot.app.ctx
    track = quick_tracks(ctx.content)["junior"]
    nickname = new_nickname(ctx)
    player = Player(ctx.store.add_player(nickname, "", track.age_group), nickname, "", track.age_group)
    recorder = Recorder(ctx.store, player, track.id, ctx.lang, ctx.content.version, QUICK_MODE)
    results = []
    for (level_id, role), (score, top) in zip(track.quick_sequence(), ((460, 600), (100, 100))):
        level = ctx.content.levels[level_id]
        attempt = recorder.begin_level(level_id, level.type, role)
        ctx.store.finish_attempt(attempt, score, top, True)
        if level.type == "chase":  # what each level teaches when it ends: a harm met, the safe ending's words
            learned = (ctx.content.drugs[level.waves[0].drugs[0]].harms[0],)
        else:
            learned = tuple(n.ending.feedback for n in level.nodes if n.ending is not None and n.ending.safe)[:1]
        results.append(LevelResult(level_id, score, top, True, learned))
    recorder.end("finished")
    pilot.app.apply(Push(QuickResultsScene(ctx, player, track, results, recorder.session_id)))
    _settle(pilot, 1.0)


def quick_board(pilot: Any) -> None:
    """Today's quick-play board, with the visit just played highlighted among other visitors'."""
    from game.scene import Push
    from game.scenes.leaderboard import LeaderboardScene
    from game.store.kiosk import QUICK_MODE
    from game.store.leaderboard import today

    quick_results(pilot)
    mine = pilot.scene.session_id
    ctx = pilot.app.ctx
    store = ctx.store
    if len(today(store, board="quick")) < 5:  # other visitors of the day, once per gallery
        track = next(t for t in ctx.content.tracks.values() if t.quick is not None)
        level_id, _ = track.quick_sequence()[0]
        for nickname, score in (
            ("勇敢的海豚 7", 580),
            ("快乐的熊猫 12", 540),
            ("Brave Fox 3", 500),
            ("安静的小鹿 21", 420),
            ("Kind Otter 5", 360),
            ("聪明的松鼠 9", 300),
        ):
            player = store.add_player(nickname, "", track.age_group)
            session = store.start_session(player, track.id, ctx.lang, ctx.content.version, "shots", QUICK_MODE)
            store.finish_attempt(store.start_attempt(session, level_id, "chase"), score, 700, True)
            store.end_session(session, "finished")
    pilot.app.apply(Push(LeaderboardScene(ctx, highlight=mine, board="quick")))
    _settle(pilot)


def teacher(pilot: Any) -> None:
    from game.devtools.simulate import simulate
    from game.scene import Push
    from game.scenes.teacher import TeacherScene
    from game.store.reports import class_codes

    ctx = pilot.app.ctx
    if "7C" not in class_codes(ctx.store):  # two simulated classes, once per gallery
        simulate(ctx.store, ctx.content, "7B", 28, seed=1)
        simulate(ctx.store, ctx.content, "7C", 26, seed=2)
    pilot.app.apply(Push(TeacherScene(ctx)))
    _settle(pilot)


def teacher_students(pilot: Any) -> None:
    teacher(pilot)
    pilot.tap("tab-students")
    _settle(pilot)


def chase_retry(pilot: Any) -> None:
    """A chase lost (out of lives): try again beside Continue."""
    scene = _chase(pilot)
    logic = scene.logic

    def lose() -> bool:
        if logic.phase == "card":
            pilot.tap("card-ok")
        elif logic.phase != "over":
            logic.grace = 0
            logic.hazards.insert(0, [logic.player.x, logic.player.y, 0.0, 0.0, 0, float("inf"), False])
        return scene.stage != "play"

    pilot.run_until(lose, timeout=60, what="the chase lost")
    _settle(pilot, 1.0)
    if not pilot.has_button("retry"):
        raise ShotError("the lost chase offers no retry")


def entry_words(pilot: Any) -> None:
    """The nickname step's words to tap (a Chinese nickname needs no input method): two taken."""
    pilot.tap("start")
    _settle(pilot)
    pilot.tap("mode")
    pilot.tap("adjective-1")
    pilot.tap("animal-2")
    _settle(pilot, 0.4)


def _quiz_kind(pilot: Any, kind: str) -> Any:
    """A quiz level's first question of `kind` (answered right up to it), on the first level that has one."""
    content = pilot.app.ctx.content
    for level_id, level in content.levels.items():
        if level.type != "quiz" or not any(q.kind == kind for q in _questions_of(content, level)):
            continue
        scene = _open_level(pilot, level_id)
        while scene.logic.item.question.kind != kind and scene.logic.index + 1 < len(scene.logic.items):
            _answer(pilot, True)
            _settle(pilot, 1.0)  # as a player would: the last answer's star burst is over
            pilot.tap("next")
        if scene.logic.item.question.kind == kind:
            return scene
        from game.scene import Home

        pilot.app.apply(Home())
        _settle(pilot)
    raise ShotError(f"no quiz level asks a {kind!r} question")


def _questions_of(content: Any, level: Any) -> list[Any]:
    """The questions a quiz level may ask: its list, or all of its bank."""
    if level.questions:
        return [content.questions[i] for i in level.questions if i in content.questions]
    quiz = content.quizzes.get(level.quiz)
    return list(quiz.questions) if quiz is not None else []


def quiz_marks(pilot: Any) -> None:
    """Multiple choice after the answer: chosen and right (tick), chosen and wrong (cross), right but missed."""
    scene = _quiz_kind(pilot, "multiple")
    options = scene.logic.item.options
    right = [o.id for o in options if o.correct]
    wrong = [o.id for o in options if not o.correct]
    for option in right[:1] * (len(right) > 1) + wrong[:1]:
        pilot.tap(f"option-{option}")
    pilot.tap("submit")
    _settle(pilot, 0.5)


def scenario_reply(pilot: Any) -> None:
    """After the first reply: the player's own words in their bubble, the next line answering it."""
    scenario(pilot)
    choices = pilot.scene.logic.choices
    pilot.tap(f"choice-{next((c for c in choices if c.safe), choices[0]).id}")
    _settle(pilot, 0.5)


def scenario_retry(pilot: Any) -> None:
    """An unsafe ending: "try again" is offered once."""
    scenario(pilot)
    scene = pilot.scene
    while scene.logic.phase == "talk":
        choices = scene.logic.choices
        pilot.tap(f"choice-{next((c for c in choices if not c.safe), choices[0]).id}")
    _settle(pilot, 0.8)
    if not pilot.has_button("retry"):
        raise ShotError("the unsafe ending offers no retry")


def level_done(pilot: Any) -> None:
    from game.outcomes import LevelResult
    from game.scene import Push
    from game.scenes.level_done import LevelDoneScene

    ctx = pilot.app.ctx
    level_id = "junior-recognise" if "junior-recognise" in ctx.content.levels else _first_level(ctx.content, "quiz")
    pilot.app.apply(Push(LevelDoneScene(ctx, ctx.content.levels[level_id], LevelResult(level_id, 80, 100, True, ()))))
    _settle(pilot, 2.0)


def leave_asks(pilot: Any) -> None:
    intro_card(pilot)
    pilot.tap("leave")
    _settle(pilot)


def _teacher_tab(tab: str) -> Callable[[Any], None]:
    def reach(pilot: Any) -> None:
        teacher(pilot)
        pilot.tap(f"tab-{tab}")
        _settle(pilot)

    reach.__name__ = f"teacher_{tab}"
    return reach


# The gallery, in order. Add a screen by adding a row (its number is its place here).
SHOTS: list[Shot] = [
    Shot("title", "title", title, "the title screen"),
    Shot("attract", "attract", attract, "the kiosk's attract demo: the chase playing itself"),
    Shot("entry", "entry", entry, "nickname on the on-screen keypad"),
    Shot("age", "entry", ages, "the school stage"),
    Shot("tracks", "tracks", tracks, "track select"),
    Shot("settings", "settings", settings, "the player settings"),
    Shot("intro", "runner", intro_card, "a level's intro card"),
    Shot("countdown", "chase", countdown, "3, 2, 1, go: the chase's countdown"),
    Shot("chase", "chase", chase_play, "the chase mid-play with 30 drugs in the air"),
    Shot("chase-card", "chase", chase_card, "a drug hit the officer: its fact card"),
    Shot("chase-summary", "chase", chase_summary, "the chase's end: caught, hit and dodged"),
    Shot("quiz", "quiz", quiz_question, "a quiz question"),
    Shot("quiz-right", "quiz", quiz_right, "feedback on a right answer"),
    Shot("quiz-wrong", "quiz", quiz_wrong, "feedback on a wrong answer"),
    Shot("estimate", "quiz", estimate, "the norms estimate (0-100)"),
    Shot("estimate-feedback", "quiz", estimate_feedback, "the estimate's feedback: the real figures"),
    Shot("scenario", "scenario", scenario, "a refusal scenario's first line"),
    Shot("scenario-ending", "scenario", scenario_ending, "a scenario's safe ending"),
    Shot("spot", "spot", spot, "spot the disguise, looking"),
    Shot("spot-feedback", "spot", spot_feedback, "spot the disguise, the verdicts"),
    Shot("results", "results", results, "the results of a track"),
    Shot("leaderboard", "leaderboard", leaderboard, "today's top 10"),
    Shot("teacher", "teacher", teacher, "the teacher area: class overview"),
    Shot("teacher-students", "teacher", teacher_students, "the teacher area: students"),
    Shot("entry-words", "entry", entry_words, "a nickname from words to tap"),
    Shot("quiz-marks", "quiz", quiz_marks, "multiple choice: right, wrong and missed marks"),
    Shot("scenario-reply", "scenario", scenario_reply, "the player's reply as their speech bubble"),
    Shot("scenario-retry", "scenario", scenario_retry, "an unsafe ending: try again, once"),
    Shot("chase-retry", "chase", chase_retry, "a lost chase: try again, once"),
    Shot("level-done", "level_done", level_done, "the level-complete card with its stars"),
    Shot("leave-asks", "confirm", leave_asks, "leaving a course asks first"),
    Shot(
        "teacher-questions", "teacher", _teacher_tab("questions"), "the teacher area: questions, with the flag's legend"
    ),
    Shot("teacher-gain", "teacher", _teacher_tab("gain"), "the teacher area: before and after"),
    Shot("teacher-skills", "teacher", _teacher_tab("skills"), "the teacher area: refusal skills"),
    Shot("teacher-check", "teacher", _teacher_tab("check"), "the teacher area: answers to check"),
    Shot("quick-start", "quick_start", quick_start, "quick play: language, stage and the countdown to Play"),
    Shot("quick-chase", "chase", quick_chase, "quick play: the chase, a tap after the title"),
    Shot("quick-results", "quick_results", quick_results, "quick play's end: generated nickname, score and rank"),
    Shot("quick-board", "leaderboard", quick_board, "today's quick-play top 10, beside the course's"),
]


def file_name(index: int, shot: Shot) -> str:
    return f"{index:02d}-{shot.name}.png"


def take(
    out: Path,
    lang: str = "zh-CN",
    size: tuple[int, int] = DEFAULT_SIZE,
    only: list[str] | None = None,
    seed: int = 7,
    content_dir: Path | None = None,
    log: Callable[[str], Any] = print,
) -> list[Path]:
    """Write the gallery's PNGs into `out`; returns their paths. Raises ShotError on a wrong screen."""
    import pygame

    from game import paths
    from game.app import AppConfig, build_app
    from game.pilot import Pilot
    from game.scene import Home

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="shots-") as tmp:
        config = AppConfig(
            db=Path(tmp) / "shots.sqlite3",
            content=content_dir or paths.CONTENT,
            lang=lang,
            window=size,
            seed=seed,
            muted=True,
        )
        app = build_app(config)
        try:
            pilot = Pilot(app)
            pilot.frame()
            for index, shot in enumerate(SHOTS, 1):
                if only and shot.name not in only:
                    continue
                app.apply(Home())
                app.ctx.seed, app.ctx.plays = seed, 0  # each shot alone gives the same picture
                app.ctx.set_lang(lang)
                pilot.advance(SETTLE_S)
                shot.reach(pilot)
                if app.scene.name != shot.scene:
                    raise ShotError(f"shot {shot.name!r} ended on scene {app.scene.name!r}, not {shot.scene!r}")
                path = out / file_name(index, shot)
                app.draw()
                app.screen.present()
                pygame.image.save(app.screen.window, str(path))
                written.append(path)
                log(f"{path}  {shot.about}")
        finally:
            app.close()
            pygame.quit()
    return written


def register(sub: Any) -> dict[str, Any]:
    from game.cliargs import window_size

    shots = sub.add_parser(
        "shots", help="write a numbered PNG of every screen in the gallery (SHOTS in game/devtools/shots.py)"
    )
    shots.add_argument("--out", type=Path, required=True, help="folder for the PNGs (made if missing)")
    shots.add_argument("--lang", choices=["zh-CN", "en"], default="zh-CN")
    shots.add_argument(
        "--size",
        type=window_size,
        default=DEFAULT_SIZE,
        metavar="WxH",
        help="window size the screens are shown at (default 1920x1080)",
    )
    shots.add_argument(
        "--only", nargs="+", metavar="NAME", help="just these shots, by name: " + ", ".join(s.name for s in SHOTS)
    )
    shots.add_argument("--seed", type=int, default=7)
    return {"shots": cmd_shots}


def cmd_shots(args: argparse.Namespace) -> int:
    import os
    import sys

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    unknown = sorted(set(args.only or ()) - {s.name for s in SHOTS})
    if unknown:
        print(f"error: no such shot: {', '.join(unknown)}", file=sys.stderr)
        return 2
    try:
        written = take(args.out, args.lang, args.size, args.only, args.seed)
    except ShotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(written)} screen(s) written to {args.out}")
    return 0
