"""`python main.py shots`: every screen of the gallery, in both languages, at the size asked for."""

from __future__ import annotations

import pytest

from game import shots


def colours(path):
    import pygame

    image = pygame.image.load(str(path))
    w, h = image.get_size()
    return image.get_size(), {tuple(image.get_at((x, y)))[:3] for x in range(0, w, 7) for y in range(0, h, 7)}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_shots_writes_every_screen_in_both_languages(tmp_path, lang):
    written = shots.take(tmp_path, lang=lang, size=(640, 360), log=lambda line: None)
    names = [p.name for p in written]
    assert len(shots.SHOTS) >= 16
    assert names == [shots.file_name(i, s) for i, s in enumerate(shots.SHOTS, 1)]
    import pygame

    pygame.init()
    try:
        for path in written:
            size, seen = colours(path)
            assert size == (640, 360), path.name
            assert len(seen) >= 12, f"{path.name} is (nearly) blank: {len(seen)} colours"
    finally:
        pygame.quit()


def test_a_shot_that_misses_its_screen_fails(tmp_path, monkeypatch):
    wrong = shots.Shot("wrong", "quiz", shots.title, "claims a quiz, stays on the title")
    monkeypatch.setattr(shots, "SHOTS", [wrong])
    with pytest.raises(shots.ShotError, match="ended on scene 'title'"):
        shots.take(tmp_path, size=(320, 240), log=lambda line: None)
    assert not list(tmp_path.glob("*.png"))


def test_the_command_line_names_unknown_shots(tmp_path, capsys):
    from game.cli import main

    assert main(["shots", "--out", str(tmp_path), "--only", "nope"]) == 2
    assert "no such shot: nope" in capsys.readouterr().err
