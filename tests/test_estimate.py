"""The norms estimate ("out of 100 students your age, how many...?"): the picker's rules without
pygame, then through the App by touch and by keys, and what the store and the reports make of it."""

from __future__ import annotations

import random

import pytest

from game.actions import Action
from game.content.levels.quiz import QuizLevel
from game.levels.quiz.logic import QuizLogic
from game.levels.quiz.scene import SCALE_X0, SCALE_X1, SCALE_Y, scale_x
from tests.test_playthrough import answer_option, sign_in

TRACKS = ("primary", "junior", "senior", "university")


def pre_logic(content, track="junior"):
    level = content.levels[f"{track}-pre"]
    return QuizLogic.build(level, content.quizzes[level.quiz], random.Random(1), content.questions)


# -- rules -------------------------------------------------------------------------------------------


def test_each_track_asks_the_estimate_first_in_its_pre_and_post_test(shipped_content):
    for track in TRACKS:
        for role in ("pre", "post"):
            level = shipped_content.levels[f"{track}-{role}"]
            first = shipped_content.questions[level.questions[0]]
            assert (first.id, first.kind, first.topic) == (f"norms-{track}", "estimate", "norms")
            assert first.ages == [track]
            assert first.marks and all(m.source in shipped_content.sources for m in first.marks)


def test_the_estimate_is_never_scored(shipped_content):
    logic = pre_logic(shipped_content)
    assert logic.item.question.kind == "estimate"
    scored = sum(i.question.points for i in logic.items if i.question.kind != "estimate")
    assert logic.max_score == scored  # the estimate adds nothing to the maximum
    assert logic.submit() == []  # nothing picked yet
    logic.set_value(137.4)
    assert logic.value == 100
    logic.nudge(-10)
    logic.set_value(36.6)
    (answer,) = logic.submit()
    assert (answer.question_id, answer.chosen, answer.correct, answer.score, answer.max_score) == (
        "norms-junior",
        ("37",),
        False,
        0,
        0,
    )
    assert logic.phase == "feedback"
    logic.next()
    assert logic.value is None and logic.item.question.kind != "estimate"


def test_nudges_start_from_the_middle_and_stay_on_the_scale(shipped_content):
    logic = pre_logic(shipped_content)
    logic.nudge(1)
    assert logic.value == 51
    for _ in range(10):
        logic.nudge(-10)
    assert logic.value == 0
    logic.nudge(10)
    assert logic.value == 10


def test_time_running_out_keeps_the_number_picked(shipped_content):
    level = QuizLevel(
        id="t",
        type="quiz",
        title=shipped_content.levels["junior-pre"].title,
        quiz="norms",
        questions=["norms-junior", "norms-senior"],
        time_limit_s=5,
    )
    logic = QuizLogic.build(level, shipped_content.quizzes["norms"], random.Random(1))
    logic.set_value(12)
    (answer,) = logic.update(6)
    assert answer.chosen == ("12",) and answer.timed_out and answer.max_score == 0
    logic.next()
    (answer,) = logic.update(6)
    assert answer.chosen == () and answer.timed_out


# -- through the App ---------------------------------------------------------------------------------------


def open_pre_test(pilot, track="junior", role="pre"):
    sign_in(pilot, age=track)
    pilot.tap(f"track-{track}") if pilot.has_button(f"track-{track}") else pilot.tap(
        next(b.id for b in pilot.scene.widgets() if b.id.startswith("track-"))
    )
    runner = pilot.scene
    runner.sequence = [(f"{track}-{role}", role)]
    runner.index = 0
    pilot.frame()
    pilot.tap("go")
    scene = pilot.scene
    assert scene.name == "quiz" and scene.logic.item.question.kind == "estimate"
    pilot.advance(0.6)  # let any scene transition finish before the screenshots
    return scene


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_picking_by_touch_stores_the_number_before_the_feedback(make_pilot, shipped_content, tmp_path, lang):
    pilot = make_pilot(lang=lang)
    scene = open_pre_test(pilot)
    assert not pilot.button("submit").enabled
    pilot.screenshot(tmp_path / f"estimate-ask-{lang}.png")
    pilot.touch((SCALE_X0 + (SCALE_X1 - SCALE_X0) * 0.3, SCALE_Y))  # a tap on the line at 30
    assert scene.logic.value == 30
    pilot.tap("est-plus1")
    pilot.tap("est-minus10")
    assert scene.logic.value == 21
    assert pilot.button("submit").enabled
    pilot.tap("submit")
    assert scene.logic.phase == "feedback"
    (stored,) = pilot.app.ctx.store.answers()
    assert (stored.question_id, stored.chosen, stored.correct, stored.score, stored.max_score) == (
        "norms-junior",
        ("21",),
        False,
        0,
        0,
    )
    pilot.screenshot(tmp_path / f"estimate-feedback-{lang}.png")
    pilot.tap("next")
    assert scene.logic.item.question.kind != "estimate"


def test_picking_by_keys(make_pilot):
    pilot = make_pilot(lang="en")
    scene = open_pre_test(pilot, "senior")
    pilot.press(Action.CONFIRM)
    assert scene.logic.phase == "asking"  # Enter does nothing before a number is picked
    for action in (Action.RIGHT, Action.RIGHT, Action.RIGHT, Action.UP, Action.UP, Action.DOWN, Action.LEFT):
        pilot.press(action)
    assert scene.logic.value == 62
    pilot.press(Action.CONFIRM)
    (stored,) = pilot.app.ctx.store.answers()
    assert stored.question_id == "norms-senior" and stored.chosen == ("62",)


def test_dragging_along_the_line(make_pilot):
    import pygame

    pilot = make_pilot()
    scene = open_pre_test(pilot)
    w, h = pilot.app.screen.window_size
    for value in (10, 40, 75):
        x, y = pilot.app.screen.to_window((scale_x(value), SCALE_Y))
        pygame.event.post(
            pygame.event.Event(pygame.FINGERMOTION, x=x / w, y=y / h, touch_id=1, finger_id=1, dx=0, dy=0, pressure=1)
        )
        pilot.frame()
        assert scene.logic.value == value


def test_reports_keep_the_estimate_out_of_scores_topics_and_items(make_pilot, shipped_content):
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report

    pilot = make_pilot(lang="en")
    scene = open_pre_test(pilot, role="post")  # a post-test counts in topics (a pre-test does not)
    pilot.touch((scale_x(40), SCALE_Y))
    pilot.tap("submit")
    while scene.logic.phase != "done":  # answer the rest right
        if scene.logic.phase == "feedback":
            pilot.tap("next")
            continue
        answer_option(pilot)
    store = pilot.app.ctx.store
    (attempt,) = store.attempts(1)
    answers = store.answers()
    assert answers[0].chosen == ("40",) and answers[0].max_score == 0
    assert attempt["score"] == attempt["max_score"] == sum(a.max_score for a in answers) > 0  # all right: 100 %
    report = build_report(store, Catalog.from_content(shipped_content))
    assert "norms-junior" not in {i.question_id for i in report.items}, (
        "the estimate (0 points) must stay out of item analysis: rep_ans in game/store/reports.py needs "
        "`WHERE a.max_score > 0`"
    )
    student = report.students[0]
    assert student.topics and all(p == 100.0 for p in student.topics.values()), (
        student.topics
    )  # 0 points is no wrong answer
    assert student.first_percent == 100.0
