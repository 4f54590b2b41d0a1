"""Test set-up: headless SDL, and fixtures that build the real App on a temporary database."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path

import pytest

from game import paths

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def shipped_content():
    """The content the game ships (GAME_TEST_CONTENT=DIR plays the same tests on another pack)."""
    from game.content.loader import load_content

    return load_content(os.environ.get("GAME_TEST_CONTENT") or paths.CONTENT)


@pytest.fixture
def make_pilot(tmp_path, shipped_content):
    """make_pilot(lang="zh-CN", window=(1920, 1080), seed=7, content=None, db=None, kiosk=None, speech="none",
    muted=True) -> Pilot on a fresh DB (or db); kiosk=KioskConfig(...) builds the app in kiosk mode with those
    timings; speech: "none" (silent: what is installed here must not matter), a kind, or engine objects."""
    from game.app import AppConfig, build_app
    from game.pilot import Pilot

    apps = []

    def make(
        lang: str = "zh-CN",
        window=(1920, 1080),
        seed: int = 7,
        content=None,
        db: Path | None = None,
        kiosk=None,
        speech="none",
        muted: bool = True,
    ):
        config = AppConfig(
            db=db or tmp_path / f"game{len(apps)}.sqlite3",
            lang=lang,
            window=window,
            seed=seed,
            muted=muted,
            kiosk=kiosk is not None,
            kiosk_config=kiosk,
            speech=speech,
            speech_cache=tmp_path / "speech",
        )
        app = build_app(config, content=content or shipped_content)
        apps.append(app)
        pilot = Pilot(app)
        pilot.frame()
        return pilot

    yield make
    import pygame

    for app in apps:
        app.close()
    pygame.quit()
