"""Command line: `python main.py [play]`, `python main.py validate [DIR]`.

Every subcommand returns an exit code; none prints a traceback for bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game import __version__, paths
from game.cliargs import number_between, window_size


def _class_code(text: str) -> str:
    from game.classroom import clean_class_code

    code = clean_class_code(text)
    if not code:
        raise argparse.ArgumentTypeError(f"a class code is letters and digits, like 7B; got {text!r}")
    return code


def _camera_index(text: str) -> int:
    try:
        index = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a camera number like 0 (the first camera), got {text!r}") from None
    if not 0 <= index <= 99:
        raise argparse.ArgumentTypeError(f"a camera number is 0 to 99, got {index}")
    return index


def _zone(text: str) -> tuple[float, float, float, float]:
    from game.camera.config import parse_zone

    try:
        return parse_zone(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> tuple[argparse.ArgumentParser, Any]:
    parser = argparse.ArgumentParser(prog="python main.py", description="A youth drug-prevention game.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command")

    def play_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", type=Path, help="SQLite database file (default: in the user data folder)")
        p.add_argument("--content", type=Path, default=paths.CONTENT, help="content folder (default: the shipped one)")
        p.add_argument("--lang", choices=["zh-CN", "en"], help="start in this language (default: the last one used)")
        p.add_argument(
            "--window", type=window_size, metavar="WxH", help="window size, e.g. 1280x720 (default 1280x720)"
        )
        p.add_argument("--fullscreen", action="store_true", help="fill the screen")
        p.add_argument("--seed", type=int, help="random seed (default: from the clock)")
        p.add_argument("--mute", action="store_true", help="start with sound off")
        p.add_argument(
            "--speech",
            choices=["auto", "espeak", "os", "none"],
            default="auto",
            help="voices for reading aloud: auto (what is installed), espeak (eSpeak NG), "
            "os (the system's, via pyttsx3), none (silent)",
        )
        p.add_argument("--smoke", action="store_true", help="start, draw the title once, quit (for CI)")
        p.add_argument(
            "--class",
            dest="class_code",
            type=_class_code,
            metavar="CODE",
            help="classroom mode: students sign in to this class (pre-test, levels, post-test)",
        )
        p.add_argument(
            "--kiosk",
            action="store_true",
            help="exhibition kiosk: fullscreen, attract demo, idle reset, no way out but the operator's (docs/kiosk.md)",
        )
        p.add_argument(
            "--attract-after",
            type=_seconds,
            metavar="S",
            help="kiosk: seconds idle on the title before the demo (default 60)",
        )
        p.add_argument(
            "--idle-reset",
            type=_seconds,
            metavar="S",
            help="kiosk: seconds idle in play before 'are you still there?' (default 90)",
        )
        p.add_argument("--display", type=int, default=0, metavar="N", help="which screen to fill (0 = the first)")
        p.add_argument(
            "--sync-to",
            metavar="URL",
            help="kiosk: also send play data to this district server in the background (docs/district.md)",
        )
        p.add_argument(
            "--sync-every",
            type=_minutes,
            default=15.0,
            metavar="MIN",
            help="kiosk: minutes between background syncs (default 15; only with --sync-to)",
        )
        p.add_argument(
            "--hub",
            metavar="URL",
            help="live classroom: send the class's answers to the teacher's hub, e.g. http://192.168.1.20:8765",
        )
        p.add_argument("--code", metavar="CODE", help="live classroom: the join code the hub shows (with --hub)")
        p.add_argument(
            "--camera",
            type=_camera_index,
            metavar="N",
            help="steer by moving in front of camera N (0 = the first); needs pip install '.[camera]' (docs/kiosk.md)",
        )
        p.add_argument(
            "--camera-zone",
            type=_zone,
            metavar="X0,Y0,X1,Y1",
            help="camera: the play zone, as fractions of the picture (default 0.1,0.1,0.9,0.9); motion outside it is ignored",
        )
        p.add_argument(
            "--camera-preview", action="store_true", help="camera: show a small mirrored camera picture in a corner"
        )

    play_options(parser)
    play = sub.add_parser("play", help="play the game (the default)")
    play_options(play)

    validate = sub.add_parser("validate", help="check content YAML; prints path:line: message per problem")
    validate.add_argument("dir", nargs="?", type=Path, default=paths.CONTENT, help="content folder (default: content)")
    validate.add_argument(
        "--acknowledged",
        action="store_true",
        help="also list each review finding acknowledged with '# ack: <rule> <why>' (path:line: rule: why)",
    )
    return parser, sub


def cmd_validate(args: argparse.Namespace) -> int:
    from collections import Counter

    from game.content.loader import check_content_fully

    checked = check_content_fully(args.dir)
    for problem in sorted(checked.errors + checked.warnings, key=lambda e: (e.path, e.line, e.message)):
        print(problem)
    if args.acknowledged:
        for ack in checked.acknowledged:
            print(ack)
    rules = Counter(ack.rule for ack in checked.acknowledged)
    acks = f"{len(checked.acknowledged)} acknowledged exception(s)" + (
        f" ({', '.join(f'{rule} {n}' for rule, n in sorted(rules.items()))})" if rules else ""
    )
    if checked.errors or checked.warnings or checked.content is None:
        problems = len(checked.errors) + len(checked.warnings)
        print(f"{problems} problem(s) found ({len(checked.warnings)} warning(s)); {acks}", file=sys.stderr)
        return 1
    print(f"ok: {checked.content.summary()}; {acks}")
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    from game.app import AppConfig, run_app

    config = AppConfig(
        db=args.db,
        content=args.content,
        lang=args.lang,
        window=args.window,
        fullscreen=args.fullscreen,
        seed=args.seed,
        muted=args.mute,
        speech=args.speech,
        smoke=args.smoke,
        class_code=args.class_code,
        kiosk=args.kiosk,
        kiosk_config=_kiosk_config(args),
        display=args.display,
        camera=_camera_config(args),
    )
    if (args.camera_zone or args.camera_preview) and args.camera is None:
        print("note: --camera-zone and --camera-preview apply with --camera N (the camera to use)", file=sys.stderr)
    if args.sync_to and not args.kiosk:
        print(
            "note: --sync-to syncs in the background in kiosk mode only; otherwise run python main.py sync --to URL",
            file=sys.stderr,
        )
    if args.code and not args.hub:
        print("error: --code goes with --hub URL (the teacher's hub: python main.py classroom host)", file=sys.stderr)
        return 2
    if not args.kiosk and not args.smoke:
        if args.hub and not args.class_code:
            print(
                "note: with --hub, give --class CODE too, or students type the class code themselves", file=sys.stderr
            )
        config.live, config.hub, config.hub_code = True, args.hub, args.code  # the App stops it with everything else
    if args.kiosk and args.sync_to:
        config.sync_to, config.sync_every = args.sync_to, args.sync_every  # the App stops it with everything else
    return run_app(config)


_minutes = number_between("minutes", 1, 1440)
_seconds = number_between("seconds", 5, 86400)


def _camera_config(args: argparse.Namespace) -> Any:
    if args.camera is None:
        return None
    from game.camera.config import DEFAULT_ZONE, CameraConfig

    return CameraConfig(device=args.camera, zone=args.camera_zone or DEFAULT_ZONE, preview=args.camera_preview)


def _kiosk_config(args: argparse.Namespace) -> Any:
    if not args.kiosk or (args.attract_after is None and args.idle_reset is None):
        return None
    from game.kiosk.config import KioskConfig

    default = KioskConfig()
    return KioskConfig(
        attract_after_s=args.attract_after or default.attract_after_s,
        idle_reset_s=args.idle_reset or default.idle_reset_s,
    )


COMMANDS = {"play": cmd_play, "validate": cmd_validate}

# Modules that add subcommands: each has register(subparsers) -> {name: handler(args) -> int}.
# register() must stay cheap (argparse set-up only); handlers import what they need.
# game.district.cli comes after game.reports.cli: it takes over `report` to add `--district`.
EXTENSIONS: tuple[str, ...] = (
    "game.reports.cli",
    "game.classroom.cli",
    "game.kiosk.cli",
    "game.district.cli",
    "game.classroom.hub.cli",
    "game.devtools.shots",
    "game.devtools.bench",
    "game.devtools.simulate",
)


def main(argv: list[str] | None = None) -> int:
    import importlib
    import os

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

    parser, sub = build_parser()
    commands = dict(COMMANDS)
    args = _parse_without_extensions(parser, argv)
    if args is None:
        for name in EXTENSIONS:
            commands.update(importlib.import_module(name).register(sub))
        args = parser.parse_args(argv)
    return commands[args.command or "play"](args)


def _parse_without_extensions(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace | None:
    """A play or validate command line parsed before the EXTENSIONS are imported (a kiosk's start
    would spend ~30 ms importing subcommand modules it does not use); None for anything else
    (another command, help, a mistake), which is then parsed in full, messages and all."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if any(arg == "-h" or arg.startswith("--h") for arg in argv):
        return None  # help lists every command
    parser.exit_on_error = False
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    finally:
        parser.exit_on_error = True
    return None if rest else args
