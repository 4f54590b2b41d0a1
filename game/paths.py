"""Where the game's own files are (assets, shipped content) and where its data goes."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
CONTENT = ROOT / "content"
FONT = ASSETS / "fonts" / "NotoSansSC-Subset.otf"
FONT_COVERAGE = ASSETS / "fonts" / "coverage.txt"
LATIN_FONT = ASSETS / "fonts" / "AtkinsonHyperlegible-Regular.ttf"  # dyslexia-friendly Latin text (a setting)
SOUNDS = ASSETS / "sounds"
MUSIC = ASSETS / "music"  # looping beds per mood, made by game/tools/make_music.py
ART = ASSETS / "art"  # PNG atlases built by game/tools/art.py, and the SVGs they are made from


def data_dir() -> Path:
    """The per-user data folder (created by the caller when it first writes)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("jindu-game", appauthor=False))


def cache_dir() -> Path:
    """The per-user cache folder (checked content; safe to delete at any time)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("jindu-game", appauthor=False))


def default_db() -> Path:
    return data_dir() / "game.sqlite3"
