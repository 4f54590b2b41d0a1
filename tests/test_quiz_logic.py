"""Quiz rules without pygame: ordering, scoring, multiple choice, time limits, determinism."""

from __future__ import annotations

import random

from game.content.levels.quiz import QuizLevel
from game.content.schema import Option, Question, QuizFile, Text
from game.levels.quiz.logic import QuizLogic
from game.outcomes import AnswerChosen, LevelFinished


def t(s: str) -> Text:
    return Text(zh=s, en=s)


def single(qid: str, right: str = "a", points: int = 10) -> Question:
    options = [Option(id=o, text=t(o), correct=o == right) for o in "abcd"]
    return Question(
        id=qid, topic="effects", prompt=t(qid), options=options, explanation=t("x"), source="s", points=points
    )


BANK = QuizFile(
    id="bank",
    title=t("bank"),
    questions=[
        single("q1"),
        single("q2", right="c", points=20),
        Question(id="tf", kind="truefalse", topic="law", prompt=t("tf"), answer=False, explanation=t("x"), source="s"),
        Question(
            id="multi",
            kind="multiple",
            topic="refusal",
            prompt=t("m"),
            explanation=t("x"),
            source="s",
            options=[
                Option(id="a", text=t("a"), correct=True),
                Option(id="b", text=t("b"), correct=True),
                Option(id="c", text=t("c")),
            ],
        ),
    ],
)


def level(**fields) -> QuizLevel:
    return QuizLevel(id="l", type="quiz", title=t("l"), quiz="bank", **fields)


def test_answers_score_and_finish():
    logic = QuizLogic.build(level(shuffle_options=False), BANK, random.Random(1))
    assert [i.question.id for i in logic.items] == ["q1", "q2", "tf", "multi"]
    assert logic.max_score == 50

    out = logic.choose("a")
    assert out == [AnswerChosen("q1", ("a",), True, 10, 10, 0, position=1)]  # shown first (no shuffle)
    assert logic.phase == "feedback"
    assert logic.choose("b") == []  # no second answer during feedback
    assert logic.next() == []

    logic.update(1.5)
    (wrong,) = logic.choose("a")
    assert (wrong.correct, wrong.score, wrong.max_score, wrong.response_ms) == (False, 0, 20, 1500)
    logic.next()

    (tf,) = logic.choose("false")
    assert tf.correct and tf.chosen == ("false",) and tf.position == 2  # true/false keep their order
    logic.next()

    # multiple: taps toggle, submit answers; all-or-nothing scoring
    assert logic.submit() == []  # nothing selected yet
    assert logic.choose("a") == [] and logic.choose("c") == [] and logic.choose("c") == []
    (multi,) = logic.submit()
    assert multi.chosen == ("a",) and not multi.correct and multi.position == 1
    assert logic.next() == [LevelFinished(score=20, max_score=50, passed=False)]
    assert logic.phase == "done"


def test_multiple_all_right():
    logic = QuizLogic.build(level(questions=["multi"], shuffle_options=False), BANK, random.Random(1))
    logic.choose("b")
    logic.choose("a")
    (answer,) = logic.submit()
    assert answer.correct and answer.chosen == ("a", "b") and answer.score == 10
    assert answer.position is None  # several chosen: no one place on the screen
    assert logic.next() == [LevelFinished(10, 10, True)]


def test_pass_mark():
    logic = QuizLogic.build(
        level(questions=["q1", "tf"], pass_percent=50, shuffle_options=False), BANK, random.Random(1)
    )
    logic.choose("a")
    logic.next()
    logic.choose("true")
    assert logic.next() == [LevelFinished(10, 20, True)]


def test_time_limit_answers_nothing_when_time_runs_out():
    logic = QuizLogic.build(level(questions=["q1"], time_limit_s=2), BANK, random.Random(1))
    assert logic.update(1.0) == []
    assert logic.time_left == 1.0
    (answer,) = logic.update(1.0)
    assert answer.timed_out and answer.chosen == () and not answer.correct and answer.response_ms == 2000
    assert logic.update(5.0) == []  # time stops during feedback


def test_seeded_shuffle_is_deterministic_and_varies_by_seed():
    def order(seed: int) -> list[tuple[str, list[str]]]:
        logic = QuizLogic.build(level(shuffle_questions=True), BANK, random.Random(seed))
        return [(i.question.id, [o.id for o in i.options]) for i in logic.items]

    assert order(5) == order(5)
    assert len({str(order(s)) for s in range(10)}) > 1
    for qid, options in order(3):
        if qid == "tf":
            assert options == ["true", "false"]  # true/false keeps its natural order


def test_count_draws_a_subset_in_bank_order():
    logic = QuizLogic.build(level(count=2), BANK, random.Random(4))
    ids = [i.question.id for i in logic.items]
    assert len(ids) == 2 and ids == sorted(ids, key=[q.id for q in BANK.questions].index)


def test_unknown_option_is_ignored():
    logic = QuizLogic.build(level(), BANK, random.Random(1))
    assert logic.choose("zzz") == [] and logic.phase == "asking"


def test_a_level_leaves_out_what_the_session_asked_already():
    """Issue 19, item 6: a chase's mini-quiz may take one of a later level's questions; that level
    then does not ask it again. If nothing would be left, the level asks its list as written."""
    logic = QuizLogic.build(level(questions=["q1", "q2", "tf"]), BANK, random.Random(1), avoid={"q2"})
    assert [i.question.id for i in logic.items] == ["q1", "tf"]
    logic = QuizLogic.build(level(count=2), BANK, random.Random(1), avoid={"q1", "q2", "tf"})
    assert [i.question.id for i in logic.items] == ["multi"]
    logic = QuizLogic.build(level(questions=["q1"]), BANK, random.Random(1), avoid={"q1"})
    assert [i.question.id for i in logic.items] == ["q1"]


def test_feedback_marks_chosen_right_and_missed_options_apart():
    """Issue 19, item 11: a chosen option wore the same tick as a right one, and right options the
    player did not pick wore a green tick too. Chosen and right, chosen and wrong, right but missed
    and untouched are four different marks."""
    from game.levels.quiz.scene import option_mark

    marks = {(c, ch): option_mark(c, ch) for c in (True, False) for ch in (True, False)}
    assert marks == {(True, True): "right", (False, True): "wrong", (True, False): "missed", (False, False): ""}


def test_the_position_is_where_the_option_was_shown():
    """Options are shuffled per level; the answer records the place on the screen of the one chosen."""
    logic = QuizLogic.build(level(questions=["q1"], shuffle_options=True), BANK, random.Random(3))
    shown = [o.id for o in logic.item.options]
    (answer,) = logic.choose(shown[2])
    assert answer.position == 3 and answer.chosen == (shown[2],)
