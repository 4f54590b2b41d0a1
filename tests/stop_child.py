"""A child process for tests/test_stop_signals.py: the real `play` entry (game.app.run_app) on a
database, optionally with a level under way (a Pilot signs in and starts the first level before the
wall-clock loop begins), so the test can signal it and see the session closed.

    python tests/stop_child.py --db PATH [--kiosk] [--in-level] [--hub URL]

--hub: the live classroom push runs too (game.classroom.live), to that hub.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def start_a_level(app) -> None:
    from game.devtools.scripted import sign_in
    from game.pilot import Pilot

    pilot = Pilot(app)
    pilot.frame()
    sign_in(pilot, "SIG1")
    track = next(b.id for b in pilot.scene.widgets() if b.id.startswith("track-"))
    pilot.tap(track)
    pilot.tap("go")
    assert pilot.scene.name not in ("title", "runner"), pilot.scene.name


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--kiosk", action="store_true")
    parser.add_argument("--in-level", action="store_true")
    parser.add_argument("--hub")
    args = parser.parse_args()
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.app import AppConfig, run_app

    config = AppConfig(
        db=args.db,
        window=(640, 360),
        seed=3,
        muted=True,
        lang="zh-CN",
        kiosk=args.kiosk,
        live=args.hub is not None,
        hub=args.hub,
        hub_code="ABCD",
    )
    return run_app(config, prepare=start_a_level if args.in_level else None)


if __name__ == "__main__":
    sys.exit(main())
