"""Start-up: what a play start imports and does before its first title frame (bench startup
times it; these tests hold the shape of it), and that the work moved out of the way still happens."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap

import pytest

from game import paths
from game.cli import EXTENSIONS, _parse_without_extensions, build_parser


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--smoke", "--db", "x.sqlite3"],
        ["--kiosk", "--lang", "en", "--window", "800x600"],
        ["play", "--mute"],
        ["validate"],
        ["validate", "content"],
        ["--class", "7B"],
    ],
)
def test_play_and_validate_lines_parse_the_same_without_the_extensions(argv):
    parser, _ = build_parser()
    fast = _parse_without_extensions(parser, argv)
    assert fast is not None
    full_parser, sub = build_parser()
    for name in EXTENSIONS:
        importlib.import_module(name).register(sub)
    assert vars(fast) == vars(full_parser.parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--db", "x"],
        ["bench", "startup"],
        ["--help"],
        ["-h"],
        ["--he"],
        ["--window", "huge"],
        ["--lang", "fr"],
        ["play", "extra"],
        ["nonsense"],
    ],
)
def test_other_lines_are_left_to_the_full_parser(argv):
    parser, _ = build_parser()
    assert _parse_without_extensions(parser, argv) is None


def _run(tmp_path, code: str) -> str:
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_a_cached_start_draws_the_title_without_the_heavy_modules(tmp_path):
    db = tmp_path / "g.sqlite3"
    code = f"""
        import sys
        from game.cli import main
        assert main(["--smoke", "--db", {str(db)!r}]) == 0
        heavy = ("pydantic", "pydantic_core", "yaml", "game.content.schema", "game.content.lint", "game.levels",
                 "game.content.nickname", "game.reports.cli", "game.devtools.bench", "game.devtools.bench_suite", "logging")
        print("loaded:", sorted(m for m in heavy if m in sys.modules))
    """
    first = _run(tmp_path, code)  # checks the content and writes the cache: the models are loaded
    assert "game.content.schema" in first
    again = _run(tmp_path, code)
    assert "smoke ok: title drawn" in again
    assert again.strip().endswith("loaded: []")


def test_sounds_load_in_the_second_frame_and_the_log_file_on_the_first_record(tmp_path):
    code = f"""
        import logging
        from game import app as game_app
        from game.app import AppConfig, build_app
        game_app._setup_logging()
        app = build_app(AppConfig(db={str(tmp_path / "g.sqlite3")!r}, muted=True))
        assert not app.ctx.sounds.started
        app.step()
        assert not app.ctx.sounds.started  # the first frame does not wait for them
        app.step()
        assert app.ctx.sounds.started
        log_file = game_app.paths.data_dir() / "game.log"
        assert not log_file.exists()
        logging.getLogger("game.kiosk").warning("a record from anywhere under 'game'")
        app.close()
        assert "a record from anywhere" in log_file.read_text(encoding="utf-8")
        print("ok")
    """
    assert _run(tmp_path, code).strip() == "ok"


def test_text_shares_one_font_until_opened_and_draws_the_same_pixels(monkeypatch):
    import pygame

    from game.ui.text import TextRenderer

    pygame.init()
    pygame.display.set_mode((320, 240))
    opened = []
    real = pygame.font.Font
    monkeypatch.setattr(pygame.font, "Font", lambda *a: opened.append(a[1]) or real(*a))
    boxes = [
        ("禁毒小勇士", 104, (0, 0, 900, 160)),
        ("开始 Start", 64, (0, 170, 600, 150)),
        ("中文 English 说明文字", 32, (0, 330, 300, 200)),
        ("设置", 40, (0, 540, 340, 100)),
        ("老师", 30, (400, 540, 210, 72)),
        ("换语言 Language", 46, (0, 650, 380, 110)),
    ]
    shared, plain = TextRenderer(paths.FONT, share_until_opened=True), TextRenderer(paths.FONT)
    a, b = pygame.Surface((1000, 800)), pygame.Surface((1000, 800))
    for text, size, rect in boxes:
        shared.draw(a, text, size, (255, 255, 255), rect, valign="middle")
    assert len(opened) == 1  # the first frame: one font, resized per text
    for text, size, rect in boxes:
        plain.draw(b, text, size, (255, 255, 255), rect, valign="middle")
    assert pygame.image.tobytes(a, "RGB") == pygame.image.tobytes(b, "RGB")
    shared.open_fonts()
    opened.clear()
    for text, size, rect in boxes:
        shared.draw(a, text + "!", size, (255, 255, 255), rect)
    assert sorted(opened) == sorted(
        size for _, size, _ in boxes[:-1]
    )  # each size gets its own; the shared one stays on as the last size's
    pygame.quit()
