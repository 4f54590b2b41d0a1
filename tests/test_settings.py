"""Player settings: changed on the settings screen by touch or keys, in effect at once, remembered
on the device across restarts; damaged stored values fall back to defaults."""

from __future__ import annotations

from game.actions import Action
from game.settings import Settings
from game.store import Store
from game.ui import theme


def open_settings(pilot, touch=True):
    pilot.tap("settings", touch=touch)
    assert pilot.scene.name == "settings"


def test_settings_persist_across_app_restarts(make_pilot, tmp_path):
    db = tmp_path / "device.sqlite3"
    pilot = make_pilot(lang="zh-CN", db=db)
    open_settings(pilot)
    pilot.tap("lang-en")
    pilot.tap("toggle-large_text")
    pilot.tap("toggle-reduced_motion")
    pilot.tap("toggle-palette")
    pilot.tap("quieter")
    pilot.tap("quieter")
    pilot.tap("done")
    assert pilot.scene.name == "title"
    pilot.app.close()

    again = make_pilot(lang=None, db=db)  # no --lang: the device's own choice
    ctx = again.app.ctx
    s = ctx.settings
    assert (s.lang, s.large_text, s.reduced_motion, s.palette, s.volume) == ("en", True, True, "colourblind", 0.25)
    assert ctx.lang == "en" and ctx.text.scale == 1.25
    assert ctx.sounds.volume == 0.25
    assert ctx.theme.RIGHT == theme.PALETTES["colourblind"].RIGHT != theme.RIGHT  # the colours drawn with


def test_settings_screen_works_by_keys_alone(make_pilot):
    pilot = make_pilot(lang="en")
    pilot.press(Action.DOWN)  # focus the first button on the title (Start)
    for action in [
        Action.RIGHT,
        Action.RIGHT,
        Action.RIGHT,
        Action.UP,
        Action.UP,
    ]:  # Start -> Quick play -> Sound -> Teacher -> Settings
        if pilot.scene.buttons.buttons[pilot.scene.buttons.focus].id == "settings":
            break
        pilot.press(action)
    assert pilot.scene.buttons.buttons[pilot.scene.buttons.focus].id == "settings"
    pilot.press(Action.CONFIRM)
    assert pilot.scene.name == "settings"
    pilot.press(Action.DOWN)  # focus lands on the first control
    focused = pilot.scene.buttons.buttons[pilot.scene.buttons.focus].id
    while focused != "toggle-large_text":
        pilot.press(Action.DOWN)
        focused = pilot.scene.buttons.buttons[pilot.scene.buttons.focus].id
    pilot.press(Action.CONFIRM)
    assert pilot.app.ctx.settings.large_text and pilot.app.ctx.text.scale == 1.25
    assert pilot.app.ctx.store.setting("large_text") is True
    pilot.press(Action.BACK)
    assert pilot.scene.name == "title"


def test_language_and_mute_change_at_once_and_are_stored(make_pilot):
    pilot = make_pilot(lang="zh-CN")
    open_settings(pilot, touch=False)
    pilot.tap("lang-en", touch=False)
    assert pilot.app.ctx.lang == "en" and pilot.button("done").label == "Done"
    assert pilot.app.ctx.store.setting("lang") == "en"
    muted = pilot.app.ctx.sounds.muted
    pilot.tap("mute")
    assert pilot.app.ctx.sounds.muted is (not muted) and pilot.app.ctx.store.setting("muted") is (not muted)
    pilot.tap("louder")  # turning the volume up unmutes
    assert pilot.app.ctx.sounds.muted is False


def test_reduced_motion_stops_the_crossfade_and_the_backdrop(make_pilot):
    import pygame

    pilot = make_pilot(lang="en")
    pilot.tap("start")
    assert pilot.app._fade is not None  # the normal screen change fades
    pilot.press(Action.BACK)
    pilot.advance(0.5)
    open_settings(pilot)
    pilot.tap("toggle-reduced_motion")
    pilot.advance(0.5)  # the fade into the settings screen (motion was still on) ends
    pilot.tap("done")
    assert pilot.app._fade is None
    pilot.tap("start")
    assert pilot.app._fade is None and pilot.scene.name == "entry"
    # the background no longer moves: two frames seconds apart are identical
    first = pygame.image.tobytes(pilot.app.screen.canvas, "RGB")
    pilot.advance(3.0)
    pilot.app.draw()
    assert pygame.image.tobytes(pilot.app.screen.canvas, "RGB") == first


def test_colourblind_palette_marks_right_and_wrong_in_blue_and_orange(make_pilot):
    pilot = make_pilot(lang="en")
    open_settings(pilot)
    pilot.tap("toggle-palette")
    ctx = pilot.app.ctx
    # Okabe-Ito blue; the vermillion darkened so white words on it stay readable
    assert ctx.theme.RIGHT == (0, 114, 178) and ctx.theme.WRONG == (183, 81, 0)
    # the sample on the screen is drawn in the new colours (once the crossfade is over)
    pilot.advance(0.5)
    x, y, _, h = pilot.scene.buttons.by_id("toggle-palette").rect
    sample = pilot.app.screen.canvas.get_at((x + 440 + 8, y + h // 2))[:3]
    assert sample == ctx.theme.RIGHT


def test_colourblind_palette_reaches_the_teacher_charts(make_pilot):
    """The teacher's grades (low/high) come from the theme: the colour-blind palette changes them too."""
    from game.scenes.teacher.charts import level_color

    pilot = make_pilot(lang="en")
    ctx = pilot.app.ctx
    standard = (level_color(30, ctx.theme), level_color(90, ctx.theme))
    ctx.settings.palette = "colourblind"
    ctx.apply_settings()
    assert (level_color(30, ctx.theme), level_color(90, ctx.theme)) == ((213, 94, 0), (0, 114, 178)) != standard


def test_damaged_stored_values_fall_back_to_defaults(tmp_path):
    store = Store.open(tmp_path / "s.sqlite3")
    for key, value in (
        ("lang", "klingon"),
        ("volume", "loud"),
        ("large_text", "yes"),
        ("palette", 3),
        ("class_code", 7),
    ):
        store.set_setting(key, value)
    s = Settings.load(store)
    store.close()
    assert s == Settings()


def test_volume_is_clamped(tmp_path):
    store = Store.open(tmp_path / "s.sqlite3")
    store.set_setting("volume", 7.5)
    assert Settings.load(store).volume == 1.0
    store.close()
