"""Scenario and spot levels through the real App, driven by the Pilot: touch in both languages,
keys, pause; every reply and every item judgement is in the database before its feedback shows.

play_scenario() and play_spot() are scripted players a track playthrough can reuse.
"""

from __future__ import annotations

import pytest

from game.actions import Action
from tests.test_chase_play import DrawnText, not_blank
from tests.test_playthrough import sign_in


def open_level(pilot, level_id: str, role: str = "level"):
    """Sign in with the level's age group, open a track, make the runner play just `level_id`."""
    age = level_id.split("-")[0]
    sign_in(pilot, age=age)
    tracks = [b.id for b in pilot.scene.widgets() if b.id.startswith("track-")]
    pilot.tap(f"track-{age}" if f"track-{age}" in tracks else tracks[0])
    runner = pilot.scene
    runner.sequence = [(level_id, role)]
    runner.index = 0
    pilot.frame()
    pilot.tap("go")
    pilot.advance(0.6)  # let a scene transition finish
    return pilot.scene


def play_scenario(pilot, safe: bool = True, touch: bool = True) -> list[tuple[str, str, bool]]:
    """Reply until the ending (the first safe reply, or the first unsafe one if there is one when
    safe=False), then Continue. Returns what the answers table must hold: (question id, reply, safe)."""
    scene = pilot.scene
    expected = []
    while scene.logic.phase == "talk":
        choices = scene.logic.choices
        pick = next((c for c in choices if c.safe == safe), choices[0])
        node = scene.logic.node_id
        pilot.tap(f"choice-{pick.id}", touch=touch)
        stored = pilot.app.ctx.store.answers()[-1]  # committed before the next node is drawn
        assert (stored.question_id, stored.chosen) == (f"{scene.level.id}:{node}", (pick.id,))
        expected.append((stored.question_id, pick.id, pick.safe))
    assert scene.logic.phase == "ending"
    pilot.tap("next", touch=touch)
    return expected


def play_spot(pilot, right: bool = True, touch: bool = True) -> dict[str, str]:
    """Tap the suspicious items (or the ordinary ones when right=False), Done, Continue.
    Returns item question id -> the chosen option the answers table must hold."""
    scene = pilot.scene
    level = scene.level
    for item in level.items:
        if item.suspicious == right:
            pilot.tap(f"item-{item.id}", touch=touch)
    pilot.tap("done", touch=touch)
    assert scene.logic.phase == "feedback"
    expected = {f"{level.id}:{i.id}": "flagged" if i.suspicious == right else "not_flagged" for i in level.items}
    stored = {
        a.question_id: a.chosen[0] for a in pilot.app.ctx.store.answers() if a.question_id.startswith(f"{level.id}:")
    }
    assert stored == expected  # every judgement is stored before the feedback is drawn
    pilot.tap("next", touch=touch)
    return expected


# -- scenarios ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_a_safe_scenario_by_touch_is_stored_reply_by_reply(make_pilot, shipped_content, tmp_path, monkeypatch, lang):
    pilot = make_pilot(lang=lang)
    scene = open_level(pilot, "junior-scenario-vape")
    assert scene.name == "scenario"
    not_blank(pilot.screenshot(tmp_path / f"scenario-{lang}.png"))
    drawn = DrawnText(pilot, monkeypatch)
    tongue = "zh" if lang == "zh-CN" else "en"
    assert getattr(scene.logic.node.text, tongue) in drawn.draw()
    assert pilot.button("choice-a").label == getattr(scene.logic.choices[0].text, tongue)

    # reply by reply, but look at the ending before leaving it
    first = scene.logic.choices[0]
    pilot.tap(f"choice-{first.id}")
    second = next(c for c in scene.logic.choices if c.safe)
    pilot.tap(f"choice-{second.id}")
    assert scene.logic.phase == "ending" and scene.logic.safe
    not_blank(pilot.screenshot(tmp_path / f"scenario-ending-{lang}.png"))
    strings = " ".join(drawn.draw())
    for skill in scene.logic.skills_used():
        assert getattr(shipped_content.strings[f"skill.{skill}"], tongue) in strings
    assert getattr(scene.logic.node.ending.feedback, tongue) in strings
    pilot.tap("next")
    assert pilot.scene.name == "results"  # the runner played its one level

    store = pilot.app.ctx.store
    (attempt,) = store.attempts(1)
    assert (attempt["level_type"], attempt["status"], attempt["score"], attempt["max_score"], attempt["passed"]) == (
        "scenario",
        "finished",
        20,
        20,
        1,
    )
    assert [(a.question_id, a.chosen, a.correct) for a in store.answers()] == [
        ("junior-scenario-vape:offer", (first.id,), True),
        ("junior-scenario-vape:push", (second.id,), True),
    ]
    (end,) = [e for e in store.events(attempt["id"]) if e["kind"] == "scenario_end"]
    assert end["data"]["safe"] is True and end["data"]["ending"] == scene.logic.node_id
    assert end["data"]["skills"] == scene.logic.skills_used()


@pytest.mark.parametrize(
    "level_id", ["primary-scenario-sweets", "senior-scenario-happywater", "university-scenario-parcel"]
)
def test_an_unsafe_path_ends_unsafe_and_does_not_pass(make_pilot, level_id):
    pilot = make_pilot(lang="en")
    open_level(pilot, level_id)
    expected = play_scenario(pilot, safe=False)
    assert any(not safe for _, _, safe in expected)
    store = pilot.app.ctx.store
    assert [(a.question_id, a.chosen[0], a.correct) for a in store.answers()] == expected
    (attempt,) = store.attempts(1)
    assert attempt["passed"] == 0 and attempt["score"] == 10 * sum(safe for *_, safe in expected)
    (end,) = [e for e in store.events(attempt["id"]) if e["kind"] == "scenario_end"]
    assert end["data"]["safe"] is False


def test_a_scenario_by_keys(make_pilot):
    pilot = make_pilot(lang="en")
    scene = open_level(pilot, "junior-scenario-milktea")
    pilot.press(Action.CHOICE_2)  # "We have to go": straight to a safe ending
    assert scene.logic.phase == "ending" and scene.logic.node_id == "walked"
    pilot.press(Action.CONFIRM)
    assert pilot.scene.name == "results"  # the runner played its one level
    (answer,) = pilot.app.ctx.store.answers()
    assert (answer.question_id, answer.chosen) == ("junior-scenario-milktea:offer", ("b",))


def test_arrows_and_enter_pick_a_reply(make_pilot):
    pilot = make_pilot(lang="zh-CN")
    scene = open_level(pilot, "senior-scenario-pills")
    pilot.press(Action.DOWN)  # focus the first reply
    pilot.press(Action.DOWN)
    focused = pilot.scene.buttons.buttons[pilot.scene.buttons.focus].id
    pilot.press(Action.CONFIRM)
    (answer,) = pilot.app.ctx.store.answers()
    assert f"choice-{answer.chosen[0]}" == focused and scene.logic.node_id != "offer"


def test_leaving_a_scenario_from_pause_keeps_the_replies(make_pilot):
    pilot = make_pilot(lang="en")
    open_level(pilot, "university-scenario-eliquid")
    pilot.tap("choice-a")
    pilot.tap("pause")
    assert pilot.scene.name == "pause"
    quit_id = next(b.id for b in pilot.scene.widgets() if "quit" in b.id or "leave" in b.id)
    pilot.tap(quit_id)
    pilot.run_until(lambda: pilot.scene.name == "title", timeout=5, what="back at the title")
    store = pilot.app.ctx.store
    assert [a.question_id for a in store.answers()] == ["university-scenario-eliquid:offer"]
    (attempt,) = store.attempts(1)
    assert attempt["status"] == "abandoned"


# -- spot levels ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_spotting_by_touch_stores_one_judgement_per_item(make_pilot, shipped_content, tmp_path, monkeypatch, lang):
    pilot = make_pilot(lang=lang)
    scene = open_level(pilot, "primary-spot")
    assert scene.name == "spot"
    tongue = "zh" if lang == "zh-CN" else "en"
    not_blank(pilot.screenshot(tmp_path / f"spot-{lang}.png"))
    pilot.tap("item-shop-gummies")  # an ordinary thing, wrongly suspected...
    pilot.tap("item-stranger-beans")
    assert scene.logic.flagged == {"shop-gummies", "stranger-beans"}
    pilot.tap("item-shop-gummies")  # ...and taken back
    assert scene.logic.flagged == {"stranger-beans"}
    assert pilot.app.ctx.store.answers() == []  # nothing is stored before Done
    pilot.tap("done")
    stored = {a.question_id: (a.chosen[0], a.correct) for a in pilot.app.ctx.store.answers()}
    truth = {i.id: i.suspicious for i in scene.level.items}
    assert stored == {
        f"primary-spot:{i}": ("flagged" if i == "stranger-beans" else "not_flagged", i == "stranger-beans" or not s)
        for i, s in truth.items()
    }
    drawn = DrawnText(pilot, monkeypatch)
    missed = next(i for i in scene.level.items if i.suspicious and i.id != "stranger-beans")
    assert scene.logic.opened == missed.id
    assert getattr(missed.sign, tongue) in drawn.draw()
    pilot.tap("item-water" if pilot.has_button("item-water") else "item-school-juice")
    assert getattr(scene.level.items[5].sign, tongue) in drawn.draw()
    not_blank(pilot.screenshot(tmp_path / f"spot-feedback-{lang}.png"))
    pilot.tap("next")
    (attempt,) = pilot.app.ctx.store.attempts(1)
    right = sum(c for _, c in stored.values())
    assert (attempt["level_type"], attempt["score"], attempt["max_score"]) == ("spot", 10 * right, 10 * len(truth))


@pytest.mark.parametrize("level_id", ["junior-spot", "senior-spot", "university-spot"])
def test_every_spot_level_plays_right_and_passes(make_pilot, level_id):
    pilot = make_pilot(lang="en")
    open_level(pilot, level_id)
    expected = play_spot(pilot)
    assert pilot.scene.name == "results"  # the runner played its one level
    (attempt,) = pilot.app.ctx.store.attempts(1)
    assert attempt["passed"] == 1 and attempt["score"] == attempt["max_score"] == 10 * len(expected)


def test_spot_by_keys(make_pilot):
    pilot = make_pilot(lang="en")
    scene = open_level(pilot, "junior-spot")
    pilot.press(Action.RIGHT)  # focus the first item
    first = pilot.scene.buttons.buttons[pilot.scene.buttons.focus].id
    pilot.press(Action.CONFIRM)
    assert scene.logic.flagged == {first[len("item-") :]}
    while pilot.scene.buttons.buttons[pilot.scene.buttons.focus].id != "done":
        pilot.press(Action.DOWN)
    pilot.press(Action.CONFIRM)
    assert scene.logic.phase == "feedback" and len(pilot.app.ctx.store.answers()) == len(scene.level.items)


def test_a_shelf_is_stored_whole_or_not_at_all(make_pilot):
    """Done stores one answer per item in one transaction: a failure half-way keeps none of them."""
    import sqlite3

    from game.store import StoreError

    pilot = make_pilot(lang="en")
    open_level(pilot, "junior-spot")
    store = pilot.app.ctx.store
    real = store.conn

    class FailingThirdAnswer:
        inserts = 0

        def execute(self, sql, *args):
            if sql.lstrip().upper().startswith("INSERT INTO ANSWERS"):
                FailingThirdAnswer.inserts += 1
                if FailingThirdAnswer.inserts == 3:
                    raise sqlite3.OperationalError("disk I/O error")
            return real.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(real, name)

    store.conn = FailingThirdAnswer()
    with pytest.raises(StoreError):
        pilot.tap("done")
    store.conn = real
    assert FailingThirdAnswer.inserts == 3
    assert [a for a in store.answers() if a.question_id.startswith("junior-spot:")] == []


def _reply_until_the_end(pilot, safe: bool) -> None:
    scene = pilot.scene
    while scene.logic.phase == "talk":
        choices = scene.logic.choices
        pilot.tap(f"choice-{next((c for c in choices if c.safe == safe), choices[0]).id}")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_an_unsafe_ending_offers_one_more_try_recorded_as_a_second_attempt(make_pilot, lang):
    """Issue 19, item 9: after an unsafe ending the player may try again, once; the first try stays
    finished (the reports read first attempts) and the second is a new attempt of the same level."""
    pilot = make_pilot(lang=lang)
    scene = open_level(pilot, "primary-scenario-cousin")
    runner = pilot.app.stack[-2]
    _reply_until_the_end(pilot, safe=False)
    assert not scene.logic.safe and pilot.has_button("retry")
    assert pilot.button("retry").label == pilot.app.ctx.tr("level.retry")
    pilot.tap("retry")
    again = pilot.scene
    assert again.name == "scenario" and again is not scene and again.logic.phase == "talk"
    store = pilot.app.ctx.store
    first, second = store.attempts(1)
    assert (first["level_id"], first["status"], first["passed"]) == ("primary-scenario-cousin", "finished", 0)
    assert (second["level_id"], second["status"], second["role"]) == ("primary-scenario-cousin", "open", "level")
    pilot.advance(0.6)
    _reply_until_the_end(pilot, safe=False)
    assert not pilot.has_button("retry"), "a retry is offered once"
    pilot.tap("next")
    assert pilot.scene is runner or pilot.scene.name in ("results", "level_done", "leaderboard")
    assert [a["status"] for a in store.attempts(1)] == ["finished", "finished"]


def test_a_safe_ending_offers_no_retry(make_pilot):
    pilot = make_pilot(lang="en")
    scene = open_level(pilot, "primary-scenario-cousin")
    _reply_until_the_end(pilot, safe=True)
    assert scene.logic.safe and not pilot.has_button("retry")


def test_a_failed_chase_offers_one_more_try(make_pilot):
    import math

    pilot = make_pilot(lang="en")
    scene = open_level(pilot, "junior-chase")
    logic = scene.logic
    while logic.phase != "over":  # drugs on the officer until he is out of lives
        if logic.phase == "card":
            pilot.tap("card-ok")
        logic.grace = 0
        p = logic.player
        logic.hazards.insert(0, [p.x, p.y, 0.0, 0.0, 0, math.inf, False])
        pilot.frame()
    assert logic.result == "out_of_lives" and pilot.has_button("retry") and pilot.has_button("summary-ok")
    pilot.tap("retry")
    assert pilot.scene.name == "chase" and pilot.scene is not scene
    attempts = pilot.app.ctx.store.attempts(1)
    assert [(a["level_id"], a["status"]) for a in attempts] == [("junior-chase", "finished"), ("junior-chase", "open")]
    assert attempts[0]["passed"] == 0


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_players_reply_is_their_speech_bubble_and_every_figure_keeps_its_look(make_pilot, monkeypatch, lang):
    """Issue 19, item 14: the player's chosen line was never shown, a silent figure turned out to be Mum,
    and figures changed colour when another spoke. Now the player stands on the stage as "you", their last
    reply is their bubble, every figure wears its name and is drawn the same way at every line."""
    import game.levels.scenario.scene as module
    from tests.test_teacher import _text_boxes

    drawn_people = []
    real = module.draw_person
    monkeypatch.setattr(
        module,
        "draw_person",
        lambda surface, people, x, floor, who, **k: (
            drawn_people.append((who.id, x, k.get("dim", False))) or real(surface, people, x, floor, who, **k)
        ),
    )
    pilot = make_pilot(lang=lang)
    scene = open_level(pilot, "primary-scenario-cousin")
    tr = pilot.app.ctx.tr
    first = [t for t, _ in _text_boxes(pilot)]
    names = [c.name.get(lang) for c in scene.level.characters]
    assert all(any(name in t for t in first) for name in names)  # Mum is named from the first line
    looks = set()
    while scene.logic.phase == "talk":
        reply = scene.logic.choices[0]
        pilot.tap(f"choice-{reply.id}")
        drawn_people.clear()
        texts = [t for t, _ in _text_boxes(pilot)]
        assert reply.text.get(lang) in texts and tr("scenario.you") in texts
        assert not any(dim for _, _, dim in drawn_people)
        looks.add(tuple(sorted((who, x) for who, x, _ in drawn_people)))
    assert len(looks) == 1  # the same figures in the same places at every line
    assert ("you", module.PLAYER_X) in next(iter(looks))
