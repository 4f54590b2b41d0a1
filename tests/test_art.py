"""The art atlas: pictures by id from the PNG atlases, and the lint of the art content names
(known id, every SVG it is made from listed in LICENSES.md, a raster that is a picture)."""

from __future__ import annotations

import json
import shutil

import pytest

from game import paths
from game.content.art_lint import art_refs, check_art, lint_art
from game.ui.art import Art


@pytest.fixture(scope="module")
def pg():
    import pygame

    pygame.init()
    yield pygame
    pygame.quit()


@pytest.fixture
def art_copy(tmp_path):
    """A copy of assets/art and LICENSES.md to break."""
    folder = tmp_path / "art"
    shutil.copytree(paths.ART, folder)
    licences = tmp_path / "LICENSES.md"
    shutil.copyfile(paths.ASSETS / "LICENSES.md", licences)
    return folder, licences


def test_every_drug_flies_as_a_picture_and_the_shipped_art_passes(shipped_content, pg):
    art = Art()
    assert all(drug.art and art.has(drug.art) for drug in shipped_content.drugs.values())
    refs = list(art_refs(shipped_content))
    assert {r[3] for r in refs} >= {d.art for d in shipped_content.drugs.values()}
    assert any(kind == "level" for kind, *_ in refs), "spot items name their pictures too"
    assert lint_art(shipped_content) == []


def test_image_is_cached_scaled_and_flipped(pg):
    art = Art()
    big = art.image("bubble-tea", 150)
    assert big.get_height() == 150 and art.image("bubble-tea", 150) is big
    small = art.image("bubble-tea", 60)
    assert small.get_height() == 60
    left = art.image("officer", 100, flip=True)
    right = art.image("officer", 100)
    w = right.get_width()
    assert left.get_at((3, 50)) == right.get_at((w - 4, 50))
    with pytest.raises(KeyError):
        art.image("no-such-picture", 50)


def test_unknown_art_id(art_copy, pg):
    folder, licences = art_copy
    problems = check_art("snowball", Art(folder), licences.read_text(encoding="utf-8"))
    assert problems and "unknown art 'snowball'" in problems[0]


def test_an_svg_not_listed_in_licenses(art_copy, pg):
    folder, licences = art_copy
    text = licences.read_text(encoding="utf-8")
    kept = "\n".join(line for line in text.splitlines() if "art/svg/bubble-tea.svg" not in line)
    problems = check_art("bubble-tea", Art(folder), kept)
    assert problems == [
        "art 'bubble-tea' is made from art/svg/bubble-tea.svg, which is not listed in assets/LICENSES.md"
    ]
    (folder / "svg" / "bubble-tea.svg").unlink()
    assert "not vendored" in check_art("bubble-tea", Art(folder), text)[0]


@pytest.mark.parametrize(
    "fill, reason", [((0, 0, 0, 0), "is blank (transparent)"), ((200, 40, 40, 255), "is one flat colour")]
)
def test_a_blank_raster(art_copy, pg, fill, reason):
    folder, licences = art_copy
    index = json.loads((folder / "atlas.json").read_text(encoding="utf-8"))
    sheet_path = folder / index["atlases"]["items-72"]["file"]
    sheet = pg.image.load(str(sheet_path))
    sheet.fill(fill, index["atlases"]["items-72"]["sprites"]["ice"])
    pg.image.save(sheet, str(sheet_path))
    problems = check_art("ice", Art(folder), licences.read_text(encoding="utf-8"))
    assert problems == [f"art 'ice' {reason} in art/items-72.png"]
    assert check_art("candy", Art(folder), licences.read_text(encoding="utf-8")) == []


def test_lint_points_at_the_yaml_line(shipped_content, art_copy, pg):
    """A drug whose picture is broken is reported at its `art:` line."""
    folder, licences = art_copy
    text = "\n".join(
        line for line in licences.read_text(encoding="utf-8").splitlines() if "art/svg/ice.svg" not in line
    )
    licences.write_text(text, encoding="utf-8")
    from game.content.loader import load_content

    content = load_content(paths.CONTENT)
    errors = lint_art(content, Art(folder), licences)
    meth = [e for e in errors if e.path.endswith("methamphetamine.yaml")]
    assert meth and "art/svg/ice.svg" in meth[0].message
    line = (paths.CONTENT / "drugs" / "methamphetamine.yaml").read_text(encoding="utf-8").splitlines()[meth[0].line - 1]
    assert line.startswith("art: ice")
