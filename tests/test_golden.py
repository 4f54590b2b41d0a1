"""Tests that see: a handful of screens, drawn headless, compared with the pictures under tests/golden/.

The screens are the gallery's (game/devtools/shots.py: the same routes, the same seed, so every run
draws the same pixels) at 960x540. A screen matches when at most MAX_SHARE of its pixels differ by more
than TOLERANCE in any channel: room for a new pygame-ce or FreeType smoothing a glyph's edge differently,
none for a moved button, a missing line or boxes instead of Chinese.

On a mismatch the test writes tests/golden/failures/<name>.png: expected | actual | where they differ
(red), side by side, and says so. When a screen is meant to change, look at that picture, then rewrite
the goldens with `JINDU_UPDATE_GOLDENS=1 python -m pytest tests/test_golden.py` and look at the new ones
before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.devtools import shots

GOLDEN = Path(__file__).resolve().parent / "golden"
FAILURES = GOLDEN / "failures"
SIZE = (960, 540)
TOLERANCE = 40  # per channel, of 255
MAX_SHARE = 0.005  # of the pixels may differ by more than that
SCREENS = {  # language -> gallery shots: the title, a fact card, a scenario, the teacher's overview, feedback
    "zh-CN": ("title", "chase-card", "scenario", "teacher"),
    "en": ("quiz-right", "spot-feedback"),
}
CASES = [(lang, name) for lang, names in SCREENS.items() for name in names]


def _pixels(surface):
    import numpy as np
    import pygame

    return np.asarray(pygame.surfarray.pixels3d(surface), dtype=np.int16).copy()


def difference(expected, actual) -> tuple[float, int]:
    """(share of pixels off by more than TOLERANCE in some channel, the largest channel difference)."""
    a, b = _pixels(expected), _pixels(actual)
    if a.shape != b.shape:
        return 1.0, 255
    off = abs(a - b).max(axis=2)
    return float((off > TOLERANCE).mean()), int(off.max())


def side_by_side(expected, actual):
    """expected | actual | the expected dimmed with every pixel off by more than TOLERANCE in red."""
    import numpy as np
    import pygame

    w, h = expected.get_size()
    sheet = pygame.Surface((w * 3 + 20, max(h, actual.get_height())))
    sheet.fill((255, 255, 255))
    sheet.blit(expected, (0, 0))
    sheet.blit(actual, (w + 10, 0))
    if actual.get_size() == expected.get_size():
        a, b = _pixels(expected), _pixels(actual)
        marked = (a // 3).astype(np.uint8)
        marked[abs(a - b).max(axis=2) > TOLERANCE] = (255, 0, 0)
        sheet.blit(pygame.surfarray.make_surface(marked), (2 * w + 20, 0))
    return sheet


def assert_screen_match(actual_path: Path, name: str) -> None:
    import pygame

    golden = GOLDEN / f"{name}.png"
    actual = pygame.image.load(str(actual_path))
    if os.environ.get("JINDU_UPDATE_GOLDENS") == "1":
        GOLDEN.mkdir(exist_ok=True)
        pygame.image.save(actual, str(golden))
        return
    assert golden.is_file(), f"no golden picture {golden}: make it with JINDU_UPDATE_GOLDENS=1 (and look at it)"
    expected = pygame.image.load(str(golden))
    share, largest = difference(expected, actual)
    if share > MAX_SHARE:
        FAILURES.mkdir(parents=True, exist_ok=True)
        pygame.image.save(side_by_side(expected, actual), str(FAILURES / f"{name}.png"))
        pytest.fail(
            f"{name}: {share:.2%} of the pixels differ by more than {TOLERANCE} (largest {largest}); "
            f"expected | actual | difference in {FAILURES / f'{name}.png'}"
        )


@pytest.fixture(scope="module")
def taken(tmp_path_factory) -> dict[tuple[str, str], Path]:
    found = {}
    for lang, names in SCREENS.items():
        folder = tmp_path_factory.mktemp(f"golden-{lang}")
        for path in shots.take(folder, lang=lang, size=SIZE, only=list(names), log=lambda line: None):
            found[(lang, path.stem.split("-", 1)[1])] = path
    return found


@pytest.mark.parametrize(("lang", "name"), CASES, ids=[f"{name}-{lang}" for lang, name in CASES])
def test_the_screen_matches_its_golden_picture(taken, lang, name):
    assert_screen_match(taken[(lang, name)], f"{name}-{lang}")


def test_the_comparison_sees_a_moved_button_and_forgives_smoothing(tmp_path):
    """The check can fail: a block of wrong pixels fails it; a small shift of every colour does not."""
    import pygame

    expected = pygame.image.load(str(GOLDEN / "title-zh-CN.png"))
    smoothed = expected.copy()
    smoothed.fill((20, 20, 20), special_flags=pygame.BLEND_RGB_ADD)  # every pixel a little lighter
    assert difference(expected, smoothed)[0] == 0.0
    moved = expected.copy()
    moved.fill((255, 0, 255), pygame.Rect(100, 100, 120, 60))  # 7,200 pixels: 1.4 % of the screen
    share, largest = difference(expected, moved)
    assert share > MAX_SHARE and largest > TOLERANCE
    sheet = side_by_side(expected, moved)
    assert sheet.get_size() == (SIZE[0] * 3 + 20, SIZE[1])
    assert tuple(sheet.get_at((2 * SIZE[0] + 20 + 150, 130)))[:3] == (255, 0, 0)  # the moved block, marked
