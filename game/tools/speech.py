"""Render ahead every text a track can read aloud, so a kiosk speaks at once from its first visitor.

    python -m game.tools.speech --content content/ [--track junior ...] [--lang zh-CN|en|both]
                                [--engine auto|espeak|os] [--rate 1.0 ...] [--cache DIR]

It lists what the game's screens read (level titles and intros; every question, its options with
their letters, its verdicts and explanation; fact cards and the chase summary; scenario lines,
replies and endings; spot-the-disguise prompts, items and signs; the results' fixed lines) and
renders each text once into the speech cache the game reads (game.speech.cache: keyed by engine,
voice, rate and text). A progress bar shows on stderr. Interrupted, it loses nothing: a rendered
text is a whole file in the cache, and the next run skips it. At the end it prints how many texts,
how many were rendered now, and how much room the track takes in the cache.

Texts with the player's score (the results' score, "you guessed 60 out of 100", the skills a scenario's
ending lists) are not rendered ahead: they are short and rendered the first time they are read (eSpeak
NG needs well under a second for one). A text that names the player (the results' title, with the
nickname: a minor's data) is never written to the cache at all, here or in the game: it is read live
from a temporary file deleted at once (game.speech.cache.Private). The rate must be the device's
reading speed setting (default 1.0: normal); --rate takes several.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from game.content.loader import fill

BADGES = "ABCDEF"  # as the quiz scene letters its options
# Strings whose text depends on the play (the player's nickname, score or guess, the skills they used):
# read aloud as filled in, never rendered ahead. Everything else a screen reads is in track_texts().
ON_USE = ("results.title", "results.score", "scenario.skills", "quiz.estimate_feedback")


def _t(content: Any, key: str, lang: str, **values: Any) -> str:
    return fill(content.text(key, lang), **values)


def quiz_texts(content: Any, questions: Iterable[Any], lang: str) -> list[str]:
    out = [_t(content, "quiz.wrong", lang), _t(content, "quiz.timeout", lang), _t(content, "quiz.right_plain", lang)]
    for question in questions:
        out.append(question.prompt.get(lang))
        out += BADGES[: max(2, len(question.options or ()))]
        for option in question.choices():
            out.append(
                _t(content, f"quiz.{option.id}", lang) if question.kind == "truefalse" else option.text.get(lang)
            )
        out.append(question.explanation.get(lang))
        if question.kind == "estimate":
            for mark in question.marks:
                number = f"{mark.value:g}" if mark.high is None else f"{mark.value:g}–{mark.high:g}"
                out.append(_t(content, "quiz.estimate_mark", lang, n=number, what=mark.label.get(lang)))
        elif question.max_points:
            out.append(_t(content, "quiz.right", lang, points=question.max_points))
    return out


def level_texts(content: Any, level: Any, lang: str) -> list[str]:
    """What the screens of one level read aloud (its card before it included)."""
    out = [level.title.get(lang)]
    if level.intro is not None:
        out.append(level.intro.get(lang))
    if level.type == "quiz":
        ids = list(level.questions) or [q.id for q in content.quizzes[level.quiz].questions]
        out += quiz_texts(content, (content.questions[i] for i in ids), lang)
    elif level.type == "chase":
        drugs = list(dict.fromkeys(d for wave in level.waves for d in wave.drugs))
        out += [
            _t(content, "chase.looks", lang),
            _t(content, "chase.harm", lang),
            _t(content, "chase.hit_list", lang),
            _t(content, "chase.dodged_list", lang),
            _t(content, "chase.none", lang),
        ]
        out += [_t(content, f"chase.result_{r}", lang) for r in ("caught", "timeout", "out_of_lives")]
        out += [_t(content, "chase.catches", lang, n=n, total=level.catches) for n in range(level.catches + 1)]
        for drug_id in drugs:
            drug = content.drugs[drug_id]
            out += [_t(content, "chase.card_title", lang, drug=drug.name.get(lang)), drug.name.get(lang)]
            out += [x.get(lang) for x in (*drug.looks, *drug.harms)]
        if level.mini_quiz is not None:
            bank = content.quizzes[level.mini_quiz.quiz]
            out += quiz_texts(
                content, (q for q in bank.questions if set(q.drugs) & set(drugs) and q.kind != "estimate"), lang
            )
    elif level.type == "scenario":
        out += [_t(content, "scenario.safe", lang), _t(content, "scenario.unsafe", lang)]
        for node in level.nodes:
            out.append(node.text.get(lang))
            out += [str(i + 1) for i in range(len(node.choices))]
            out += [choice.text.get(lang) for choice in node.choices]
            if node.ending is not None:
                out.append(node.ending.feedback.get(lang))
    elif level.type == "spot":
        out += [level.prompt.get(lang), level.lesson.get(lang)]
        out += [_t(content, "spot.result", lang, right=n, total=len(level.items)) for n in range(len(level.items) + 1)]
        sep = ": " if lang == "en" else "："
        for item in level.items:
            could = _t(content, "spot.could_hide" if item.suspicious else "spot.ordinary", lang)
            out += [item.label.get(lang), f"{item.label.get(lang)}{sep}{could}", item.sign.get(lang)]
    return out


def on_use_patterns(content: Any, lang: str) -> list[Any]:
    """The ON_USE strings as patterns (each {field} stands for any text): what a play reads beyond track_texts()."""
    import re

    from game.speech.engines import speakable

    return [
        re.compile(".+".join(re.escape(part) for part in re.split(r"\{\w+\}", speakable(content.text(key, lang)))))
        for key in ON_USE
    ]


def track_texts(content: Any, track: Any, lang: str) -> list[str]:
    """Every text a play of this track can read aloud (but the player's name and score), each once."""
    from game.speech.engines import speakable

    out: list[str] = [_t(content, "results.learned", lang), _t(content, "settings.speech_sample", lang)]
    if track.pre_test and track.post_test:  # the results' before-and-after sentence
        out += [_t(content, f"results.{v}", lang) for v in ("all_right", "better_some", "same", "lower")]
        out += [_t(content, "results.better", lang, diff=n) for n in range(1, 21)]
    for level_id, _role in track.sequence():
        out += level_texts(content, content.levels[level_id], lang)
    return [t for t in dict.fromkeys(speakable(x) for x in out) if t]


def _bar(done: int, total: int, rendered: int, started: float, final: bool = False) -> None:
    width = 30
    filled = width * done // max(1, total)
    rate = rendered / max(1e-6, time.monotonic() - started)
    line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  rendered {rendered} ({rate:.1f}/s)"
    if sys.stderr.isatty() or final or done % max(1, total // 10) == 0:
        print(
            line if sys.stderr.isatty() else line.strip(),
            end="\n" if final or not sys.stderr.isatty() else "",
            file=sys.stderr,
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.tools.speech", description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=None, help="content folder (default: the shipped one)")
    parser.add_argument(
        "--track", action="append", metavar="ID", help="a track id (repeat for several; default: every track)"
    )
    parser.add_argument(
        "--lang", choices=["zh-CN", "en", "both"], default="both", help="which language(s) (default: both)"
    )
    parser.add_argument(
        "--engine", choices=["auto", "espeak", "os"], default="auto", help="voices (default: what the game picks)"
    )
    parser.add_argument(
        "--rate",
        type=float,
        action="append",
        metavar="R",
        help="reading speed(s) to render, as the settings screen sets it (default 1.0)",
    )
    parser.add_argument(
        "--cache", type=Path, default=None, help="cache folder (default: the game's, in the user cache folder)"
    )
    args = parser.parse_args(argv)

    from game import paths
    from game.content.loader import ContentInvalid, load_content
    from game.speech import build_speech

    try:
        content = load_content(args.content or paths.CONTENT)
    except ContentInvalid as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print("The content has problems (listed above); run `python main.py validate`.", file=sys.stderr)
        return 1
    tracks = args.track or sorted(content.tracks)
    unknown = [t for t in tracks if t not in content.tracks]
    if unknown:
        print(f"no such track: {', '.join(unknown)} (there are: {', '.join(sorted(content.tracks))})", file=sys.stderr)
        return 1
    langs = ["zh-CN", "en"] if args.lang == "both" else [args.lang]
    rates = args.rate or [1.0]
    speech = build_speech(args.engine, args.cache)
    speech._find_voices()
    voices = speech.voices or {}
    missing = [lang for lang in langs if lang not in voices]
    if missing:
        print(
            f"no voice for {', '.join(missing)} with engine {args.engine!r}: install eSpeak NG "
            '(`apt-get install espeak-ng`) or pyttsx3 (`pip install -e ".[speech]"`)',
            file=sys.stderr,
        )
        langs = [lang for lang in langs if lang in voices]
        if not langs:
            return 2
    cache = speech.ensure_cache()
    jobs = [
        (text, lang, rate)
        for track in tracks
        for lang in langs
        for text in track_texts(content, content.tracks[track], lang)
        for rate in rates
    ]
    jobs = list(dict.fromkeys(jobs))
    print(
        f"{len(jobs)} texts in {', '.join(tracks)} ({', '.join(f'{lang}: {voices[lang][0].name} {voices[lang][1]}' for lang in langs)}), "
        f"cache {cache.folder}",
        file=sys.stderr,
    )
    started = time.monotonic()
    rendered = failed = 0
    size = 0
    try:
        for done, (text, lang, rate) in enumerate(jobs, 1):
            engine, voice = voices[lang]
            hit = cache.lookup(engine.name, voice, rate, text)
            if hit is None:
                path = speech.render(text, lang, rate)
                if path is None:
                    failed += 1
                else:
                    rendered += 1
                    hit = path
            if hit is not None:
                size += hit.stat().st_size
            _bar(done, len(jobs), rendered, started, final=done == len(jobs))
    except KeyboardInterrupt:
        print(
            f"\nstopped: {rendered} rendered this time; run again to go on (rendered texts are kept)", file=sys.stderr
        )
        return 130
    finally:
        speech.close()
    files, total = speech.ensure_cache().size()
    print(
        f"texts: {len(jobs)}; rendered now: {rendered}; already cached: {len(jobs) - rendered - failed}; failed: {failed}"
    )
    print(
        f"these texts take {size / 1e6:.1f} MB; the whole speech cache: {files} files, {total / 1e6:.1f} MB "
        f"({time.monotonic() - started:.1f} s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
