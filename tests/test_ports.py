"""The ports (game/ports.py): the real objects have every method their Protocol names, and a stand-in with
only those methods runs the game (mypy checks the types; these check what mypy cannot see at run time)."""

from __future__ import annotations

import inspect

import pytest

from game import ports
from game.actions import Action


def _protocol_methods(protocol: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(value)
        for name, value in vars(protocol).items()
        if not name.startswith("_") and inspect.isfunction(value)
    }


def _protocol_properties(protocol: type) -> list[str]:
    return [name for name, value in vars(protocol).items() if isinstance(value, property)]


def _real(name: str) -> type:
    if name == "Text":
        from game.ui.text import TextRenderer

        return TextRenderer
    if name == "Sounds":
        from game.audio import Sounds

        return Sounds
    from game.session import Recorder

    return Recorder


@pytest.mark.parametrize("protocol", [ports.Text, ports.Sounds, ports.SessionRecorder], ids=lambda p: p.__name__)
def test_the_real_object_has_what_its_protocol_names(protocol):
    real = _real(protocol.__name__)
    methods = _protocol_methods(protocol)
    assert methods, f"{protocol.__name__} names no method"
    for name, wanted in methods.items():
        assert callable(getattr(real, name, None)), f"{real.__name__} has no {name}()"
        got = inspect.signature(getattr(real, name))
        # same parameters, in the same order, with the same defaults (a stand-in is called the same way)
        assert [(p.name, p.default) for p in got.parameters.values()] == [
            (p.name, p.default) for p in wanted.parameters.values()
        ], f"{real.__name__}.{name}{got} != {wanted}"
    if real.__name__ != "Recorder":  # (a Recorder's fields are set in __init__: mypy proves those, context.py)
        for name in _protocol_properties(protocol):
            assert isinstance(getattr(real, name, None), property), f"{real.__name__}.{name} is not a property"


class HeardSounds:
    """A stand-in with only what ports.Sounds names: it remembers what the game played."""

    def __init__(self) -> None:
        self.played: list[str] = []
        self._muted = False
        self._started = False
        self.stopped = False

    def play(self, name: str) -> None:
        self.played.append(name)

    @property
    def muted(self) -> bool:
        return self._muted

    def toggle_mute(self) -> bool:
        self._muted = not self._muted
        return self._muted

    @property
    def started(self) -> bool:
        return self._started

    def start(self) -> bool:
        self._started = True
        return True

    def stop(self) -> None:
        self.stopped = True


def test_a_stand_in_with_only_the_protocol_s_methods_plays_the_sounds(make_pilot):
    assert set(_protocol_methods(ports.Sounds)) | set(_protocol_properties(ports.Sounds)) == {
        name for name in vars(HeardSounds) if not name.startswith("_")
    }
    pilot = make_pilot(lang="en")
    heard = HeardSounds()
    pilot.app.ctx.sounds = heard
    pilot.frame(2)  # the App starts the sounds after its first frame
    assert heard.started
    pilot.tap("sound")
    assert heard.muted and pilot.app.ctx.settings.muted
    assert pilot.button("sound").label == pilot.app.ctx.tr("title.sound_off")
    pilot.tap("start")
    assert pilot.scene.name != "title"
    pilot.press(Action.BACK)
    assert heard.played[:2] == ["tap", "tap"], heard.played
    pilot.app.close()
    assert heard.stopped
