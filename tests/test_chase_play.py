"""The chase level through the real App, driven by the Pilot on the shipped content.

Each test signs in, opens the junior track and jumps the runner straight to a chase level
(by setting its index), then plays it with touch or keys and checks the screen and the database.
"""

from __future__ import annotations

import math

import pygame
import pytest

from game.actions import Action
from tests.test_playthrough import answer_option, chase_trafficker, sign_in

CHASE = "junior-chase"


def open_chase(pilot, level_id: str = CHASE):
    """Sign in, open the junior track, jump to `level_id` and start it; returns the ChaseScene."""
    sign_in(pilot)
    pilot.tap("track-junior")
    runner = pilot.scene
    assert runner.name == "runner"
    runner.index = [lid for lid, _ in runner.sequence].index(level_id)
    pilot.frame()
    pilot.tap("go")
    scene = pilot.scene
    assert scene.name == "chase" and scene.level.id == level_id
    assert scene.countdown > 0 and scene.logic.t == 0  # 3, 2, 1, go: the chase waits
    pilot.run_until(lambda: scene.countdown == 0, timeout=5, what="the countdown")
    assert scene.logic.phase == "play" and scene.logic.t < 0.1
    return scene


def answer_quiz(pilot) -> list[tuple[str, int]]:
    """Answer every mini-quiz question right; returns (question id, points) as the quiz scene scored them."""
    answered = []
    while pilot.scene.name == "quiz":
        item = pilot.scene.logic.item
        answer_option(pilot)
        stored = pilot.app.ctx.store.answers()[-1]
        assert stored.question_id == item.question.id and stored.correct
        answered.append((stored.question_id, stored.score))
        pilot.tap("next")
    return answered


class DrawnText:
    """Records every string the scene hands to ctx.text.draw during one App.draw()."""

    def __init__(self, pilot, monkeypatch):
        self.strings: list[str] = []
        text = pilot.app.ctx.text
        original = text.draw

        def spy(surface, string, *args, **kwargs):
            self.strings.append(string)
            return original(surface, string, *args, **kwargs)

        monkeypatch.setattr(text, "draw", spy)
        self.pilot = pilot

    def draw(self) -> list[str]:
        self.strings.clear()
        self.pilot.app.draw()
        return list(self.strings)


def not_blank(path) -> pygame.Surface:
    image = pygame.image.load(str(path))
    assert image.get_size() == (1920, 1080)
    colours = {image.get_at((x, y))[:3] for x in range(0, 1920, 37) for y in range(0, 1080, 41)}
    assert len(colours) > 20, "the screenshot looks blank"
    return image


# -- a whole chase, caught --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_catching_the_trafficker_is_stored_with_the_mini_quiz(make_pilot, shipped_content, lang):
    pilot = make_pilot(lang=lang)
    scene = open_chase(pilot)
    strings = shipped_content.strings
    tongue = "zh" if lang == "zh-CN" else "en"
    assert pilot.button("pause").label == getattr(strings["quiz.pause"], tongue)

    chase_trafficker(pilot)
    logic = scene.logic
    assert logic.result == "caught" and logic.catches == scene.level.catches == 3
    assert pilot.scene.name == "quiz", "the mini-quiz follows the summary"
    answered = answer_quiz(pilot)
    assert len(answered) == scene.level.mini_quiz.count
    assert pilot.scene.name == "runner"  # the chase popped its result back to the runner

    store = pilot.app.ctx.store
    (attempt,) = store.attempts(1)
    assert (attempt["level_id"], attempt["level_type"], attempt["status"]) == (CHASE, "chase", "finished")
    events = store.events(attempt["id"])
    kinds = [e["kind"] for e in events]
    assert kinds.count("caught") == 3
    assert [e["data"]["n"] for e in events if e["kind"] == "caught"] == [1, 2, 3]
    assert kinds[-1] == "chase_end" and kinds.count("chase_end") == 1
    end = events[-1]["data"]
    assert end["result"] == "caught" and end["catches"] == 3
    assert end["hit"] == logic.hit and end["dodged"] == logic.dodged
    assert end["lives"] == logic.lives == scene.level.lives - len(logic.hit)
    assert [e["data"]["drug"] for e in events if e["kind"] == "hit"] == logic.hit
    assert [e["t_ms"] for e in events] == sorted(e["t_ms"] for e in events)

    answers = store.answers()
    assert [(a.question_id, a.score) for a in answers] == answered
    assert {a.attempt_id for a in answers} == {attempt["id"]}
    quiz_points = sum(a.score for a in answers)
    assert quiz_points > 0
    assert attempt["score"] == 100 * 3 + quiz_points
    assert attempt["max_score"] == 100 * 3 + sum(a.max_score for a in answers)
    assert attempt["passed"] == 1


# -- hit by a drug: the fact card -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_a_hit_shows_the_fact_card_and_is_stored_at_once(make_pilot, shipped_content, tmp_path, monkeypatch, lang):
    pilot = make_pilot(lang=lang)
    scene = open_chase(pilot)
    logic = scene.logic
    drug_id = "ketamine"
    assert drug_id in logic.drugs and logic.grace == 0
    p = logic.player
    logic.hazards.insert(0, [p.x, p.y, 0.0, 0.0, logic.drugs.index(drug_id), math.inf, False])
    lives = logic.lives
    pilot.frame()

    assert logic.phase == "card" and logic.card_drug == drug_id
    assert logic.lives == lives - 1
    assert pilot.has_button("card-ok")
    hits = [e for e in pilot.app.ctx.store.events() if e["kind"] == "hit"]
    assert [e["data"] for e in hits] == [{"drug": drug_id, "lives": lives - 1}]

    not_blank(pilot.screenshot(tmp_path / "card.png"))
    tongue = "zh" if lang == "zh-CN" else "en"
    name = getattr(shipped_content.drugs[logic.card_drug].name, tongue)
    drawn = DrawnText(pilot, monkeypatch).draw()
    assert pilot.app.ctx.tr("chase.card_title", drug=name) in drawn
    harm = shipped_content.drugs[drug_id].harms[0]
    assert getattr(harm, tongue) in drawn
    assert pilot.button("card-ok").label == getattr(shipped_content.strings["chase.continue"], tongue)

    t = logic.t
    pilot.frame(10)  # the card holds the game still
    assert logic.t == t and logic.phase == "card"
    pilot.tap("card-ok")
    assert logic.phase == "play" and logic.card_drug is None
    assert not pilot.has_button("card-ok")
    pilot.frame(5)
    assert logic.t > t
    drawn = DrawnText(pilot, monkeypatch).draw()
    assert pilot.app.ctx.tr("chase.card_title", drug=name) not in drawn


def test_a_fact_card_waits_for_a_tap(make_pilot):
    """Issue 19, item 7: the card closed itself after 8 s while a slow reader was still reading."""
    pilot = make_pilot()
    scene = open_chase(pilot)
    logic = scene.logic
    p = logic.player
    logic.hazards.insert(0, [p.x, p.y, 0.0, 0.0, 0, math.inf, False])
    pilot.frame()
    assert logic.phase == "card" and pilot.has_button("card-ok")
    t = logic.t
    pilot.advance(30)
    assert logic.phase == "card" and pilot.has_button("card-ok") and logic.t == t
    pilot.tap("card-ok")
    assert logic.phase == "play" and not pilot.has_button("card-ok")


# -- keyboard and pause -----------------------------------------------------------------------


def test_holding_right_moves_the_officer_right(make_pilot):
    pilot = make_pilot(lang="en")
    scene = open_chase(pilot)
    logic = scene.logic
    x, y = logic.player.x, logic.player.y
    pilot.hold(Action.RIGHT)
    pilot.frame(30)
    pilot.release(Action.RIGHT)
    pilot.frame()
    moved = logic.player.x - x
    assert logic.phase == "play"
    assert moved == pytest.approx(30 * scene.level.player.speed / 60)
    assert logic.player.y == y
    pilot.frame(10)
    assert logic.player.x - x == pytest.approx(moved)  # released: he stops


def test_pause_freezes_the_chase_and_resume_goes_on(make_pilot):
    pilot = make_pilot(lang="en")
    scene = open_chase(pilot)
    logic = scene.logic
    pilot.frame(240)  # past the start's grace time: hazards are in the air
    pilot.press(Action.PAUSE)
    assert pilot.scene.name == "pause"
    frozen = (logic.t, logic.player.x, logic.trafficker.x, logic.trafficker.y, [list(h) for h in logic.hazards])
    assert frozen[4], "no hazards on the arena to freeze"
    pilot.hold(Action.RIGHT)  # keys held on the pause screen do not steer the officer behind it
    pilot.frame(120)
    pilot.release(Action.RIGHT)
    pilot.frame()
    assert (logic.t, logic.player.x, logic.trafficker.x, logic.trafficker.y, [list(h) for h in logic.hazards]) == frozen
    pilot.press(Action.PAUSE)  # that frame pops the pause, then steps the chase once
    assert pilot.scene is scene
    assert logic.t == pytest.approx(frozen[0] + 1 / 60, abs=1e-9)
    pilot.frame(30)
    assert logic.phase == "card" or logic.t == pytest.approx(frozen[0] + 31 / 60, abs=1e-9)
    assert logic.t > frozen[0]


def test_the_pause_button_pauses_and_quit_abandons_the_attempt(make_pilot):
    pilot = make_pilot()
    scene = open_chase(pilot)
    pilot.frame(10)
    t = scene.logic.t
    pilot.tap("pause")
    assert pilot.scene.name == "pause"
    pilot.frame(30)
    assert scene.logic.t == t
    pilot.tap("quit")
    assert pilot.scene.name == "title"
    store = pilot.app.ctx.store
    (attempt,) = store.attempts(1)
    assert attempt["status"] == "abandoned" and attempt["level_type"] == "chase"
    assert store.session(1)["status"] == "quit"


def test_a_tap_on_the_arena_walks_the_officer_there(make_pilot):
    pilot = make_pilot()
    scene = open_chase(pilot)
    logic = scene.logic
    target = (700.0, 600.0)  # canvas; the arena starts 120 px down
    pilot.touch(target)
    pilot.frame(60)
    assert (logic.player.x, logic.player.y) == pytest.approx((target[0], target[1] - 120))
