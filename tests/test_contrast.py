"""Every text colour on every background it is drawn on reaches WCAG AA (4.5:1), in both palettes.

Issue 19, item 15: the colour-blind palette's blue "Right!" heading sat on navy at about 2:1, and
white words on the green and orange option fills were near 3:1. Each palette is a Theme value
(theme.PALETTES; the App's context holds the one in use), read here without switching anything."""

from __future__ import annotations

import pytest

from game.ui import theme


def test_the_contrast_formula_matches_wcag():
    assert theme.contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert theme.contrast((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)  # WCAG's #777 example
    assert theme.contrast((10, 20, 30), (10, 20, 30)) == pytest.approx(1.0)


@pytest.mark.parametrize("palette", sorted(theme.PALETTES))
def test_every_theme_text_pair_reaches_aa(palette):
    th = theme.PALETTES[palette]
    low = []
    for ink, paper in theme.TEXT_PAIRS:
        ratio = theme.contrast(getattr(th, ink), getattr(th, paper))
        if ratio < theme.AA_TEXT:
            low.append(f"{ink} on {paper}: {ratio:.2f}")
    assert not low, f"{palette}: " + "; ".join(low)


@pytest.mark.parametrize("palette", sorted(theme.PALETTES))
def test_the_levels_own_colours_reach_aa(palette):
    from game.levels.chase.scene import LABEL_BG
    from game.levels.scenario import scene as scenario
    from game.levels.spot.scene import FLAG

    th = theme.PALETTES[palette]
    pairs = {
        "speech": (scenario.BUBBLE_INK, scenario.BUBBLE_FILL),
        "speaker's name": (scenario.NAME_INK, scenario.BUBBLE_FILL),
        "the player's reply": (scenario.BUBBLE_INK, scenario.REPLY_FILL),
        "the player's label": (scenario.REPLY_INK, scenario.REPLY_FILL),
        "drug labels": (th.TEXT, LABEL_BG),
        "the flag tag": (th.ACCENT_TEXT, FLAG),
        "'your picks'": (FLAG, th.BG),
    }
    low = [
        f"{what}: {theme.contrast(*colours):.2f}"
        for what, colours in pairs.items()
        if theme.contrast(*colours) < theme.AA_TEXT
    ]
    assert not low, f"{palette}: " + "; ".join(low)


def test_every_text_pair_names_theme_colours():
    """TEXT_PAIRS names colours every Theme has (a typo would make the check above read nothing)."""
    for ink, paper in theme.TEXT_PAIRS:
        assert ink in theme.DEFAULTS and paper in theme.DEFAULTS, (ink, paper)
