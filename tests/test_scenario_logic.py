"""Scenario rules without pygame: branching, endings, what is recorded, the graph lint, and every
shipped scenario walked down every path."""

from __future__ import annotations

import copy

import pytest

from game.content.levels.scenario import SKILLS, ScenarioLevel, lint_scenario_level
from game.content.schema import Text
from game.levels.scenario.logic import ScenarioLogic, question_id
from game.outcomes import AnswerChosen, GameEvent, LevelFinished


def t(s: str) -> dict:
    return {"zh-CN": s + "（中）", "en": s}


def level(**changes) -> ScenarioLevel:
    data = {
        "id": "s1",
        "type": "scenario",
        "title": t("Scenario"),
        "characters": [{"id": "lin", "name": t("Lin")}],
        "start": "offer",
        "nodes": [
            {
                "id": "offer",
                "speaker": "lin",
                "text": t("Want some?"),
                "choices": [
                    {"id": "a", "text": t("No thanks"), "to": "push", "safe": True, "skill": "say_no"},
                    {"id": "b", "text": t("OK"), "to": "took", "safe": False},
                ],
            },
            {
                "id": "push",
                "speaker": "lin",
                "text": t("Just one"),
                "choices": [
                    {"id": "a", "text": t("I'm off"), "to": "left", "safe": True, "skill": "leave"},
                    {"id": "b", "text": t("Fine"), "to": "took", "safe": False},
                ],
            },
            {
                "id": "left",
                "text": t("You leave."),
                "ending": {"safe": True, "skills": ["say_no", "leave"], "feedback": t("Good")},
            },
            {
                "id": "took",
                "text": t("You took it."),
                "ending": {
                    "safe": False,
                    "feedback": t("Not safe"),
                    "now": {
                        "tell": ["parent"],
                        "say": {
                            "zh-CN": "现在就告诉爸爸妈妈，即使你没有任何感觉。",
                            "en": "Tell your parents now, even if you feel fine.",
                        },
                    },
                },
            },
        ],
    }
    data.update(changes)
    return ScenarioLevel.model_validate(data)


class FakeContent:
    def __init__(self):
        self.drugs: dict = {}
        self.quizzes: dict = {}

    def is_broken(self, *_):
        return False


# -- branching and recording ---------------------------------------------------------------------


def test_a_safe_path_records_each_reply_then_the_ending_then_the_result():
    logic = ScenarioLogic(level())
    assert (logic.phase, logic.node_id) == ("talk", "offer")
    logic.update(1.5)
    first = logic.choose("a")
    assert first == [AnswerChosen("s1:offer", ("a",), True, 10, 10, 1500, position=1)]  # replies in the file's order
    assert logic.node_id == "push" and logic.phase == "talk"
    logic.update(0.25)
    second = logic.choose("a")
    answer, end = second
    assert answer == AnswerChosen("s1:push", ("a",), True, 10, 10, 250, position=1)
    assert isinstance(end, GameEvent) and end.kind == "scenario_end"
    assert end.data == {
        "ending": "left",
        "safe": True,
        "skills": ["say_no", "leave"],
        "path": ["offer", "push", "left"],
    }
    assert end.t_ms == 1750
    assert logic.phase == "ending" and logic.choices == []
    assert logic.finish() == [LevelFinished(20, 20, True)]
    assert logic.phase == "done" and logic.finish() == []


def test_an_unsafe_reply_scores_nothing_and_an_unsafe_ending_does_not_pass():
    logic = ScenarioLogic(level())
    logic.choose("a")
    outcomes = logic.choose("b")
    assert outcomes[0].correct is False and outcomes[0].score == 0 and outcomes[0].max_score == 10
    assert outcomes[1].data["safe"] is False and outcomes[1].data["ending"] == "took"
    assert outcomes[1].data["skills"] == ["say_no"]  # the skill of the first reply is still named
    assert logic.finish() == [LevelFinished(10, 20, False)]


def test_moves_that_do_not_apply_change_nothing():
    logic = ScenarioLogic(level())
    assert logic.choose("zzz") == [] and logic.node_id == "offer" and logic.answers == []
    assert logic.finish() == []  # no ending yet
    logic.choose("b")
    assert logic.phase == "ending"
    assert logic.choose("a") == [] and len(logic.answers) == 1


def test_question_ids_name_level_and_node():
    assert question_id("junior-scenario-vape", "push") == "junior-scenario-vape:push"


# -- the graph lint ---------------------------------------------------------------------------------


def test_lint_accepts_the_good_graph():
    assert lint_scenario_level(level(), FakeContent()) == []


def test_lint_finds_unreachable_dangling_loops_and_unknown_speakers():
    nodes = copy.deepcopy(level().model_dump(by_alias=True)["nodes"])
    nodes[1]["choices"][1]["to"] = "offer"  # push -> offer: a loop
    nodes[0]["choices"][1]["to"] = "nowhere"  # dangling
    nodes[0]["speaker"] = "mei"
    nodes.append({"id": "lost", "text": t("Never"), "ending": {"safe": False, "feedback": t("x")}})
    problems = dict(lint_scenario_level(level(nodes=nodes), FakeContent()))
    assert problems[("nodes", 0, "choices", 1, "to")] == "choice leads to unknown node 'nowhere'"
    assert problems[("nodes", 0, "speaker")] == "unknown speaker 'mei' (not in characters:)"
    assert problems[("nodes", 1, "choices", 1, "to")].startswith("this choice loops back (offer -> push -> offer)")
    assert problems[("nodes", 4, "id")] == "node 'lost' cannot be reached from the start 'offer'"
    assert problems[("nodes", 3, "id")] == "node 'took' cannot be reached from the start 'offer'"


def _unsafe_ending(**changes) -> list:
    nodes = copy.deepcopy(level().model_dump(by_alias=True)["nodes"])
    for key, value in changes.items():
        if key == "text":
            nodes[3]["text"] = value
        elif value is None:
            nodes[3]["ending"].pop(key)
        else:
            nodes[3]["ending"][key] = value
    return lint_scenario_level(level(nodes=nodes), FakeContent())


def test_lint_wants_an_unsafe_ending_to_say_tell_an_adult_now():
    assert _unsafe_ending(now=None) == [
        (
            ("nodes", 3, "ending"),
            "act-now: an unsafe ending needs `now:` (tell: whom; say: tell a trusted adult at once, whatever you feel)",
        )
    ]
    unwell = {
        "tell": ["parent"],
        "say": {"zh-CN": "如果觉得不舒服，就告诉妈妈。", "en": "If you feel unwell, tell Mum."},
    }
    assert [loc for loc, _ in _unsafe_ending(now=unwell)] == [("nodes", 3, "ending", "now", "say")]
    feedback = {"zh-CN": "觉得头晕就告诉老师。", "en": "Tell a teacher when you feel dizzy."}
    assert [loc for loc, _ in _unsafe_ending(feedback=feedback)] == [("nodes", 3, "ending", "feedback")]


def test_lint_wants_120_first_when_someone_cannot_be_woken():
    asleep = {"zh-CN": "朋友昏睡，叫不醒。", "en": "Your friend cannot be woken."}
    (problem,) = _unsafe_ending(text=asleep)
    assert problem[0] == ("nodes", 3, "ending", "now") and problem[1].startswith("emergency-120: '昏睡'")
    called = {
        "tell": ["trusted_adult"],
        "call": [110, 120],
        "say": {"zh-CN": "马上打120和110。", "en": "Call 120 and 110 now."},
    }
    assert [m.split(":")[0] for _, m in _unsafe_ending(text=asleep, now=called)] == [
        "emergency-120"
    ]  # 120 must come first
    called["call"] = [120, 110]
    assert _unsafe_ending(text=asleep, now=called) == []
    called["say"] = {"zh-CN": "马上打120。", "en": "Call an ambulance now."}
    assert [m for _, m in _unsafe_ending(text=asleep, now=called)] == [
        "act-now: `say` must give the number 120 (it is in `call`), in both languages",
        "act-now: `say` must give the number 110 (it is in `call`), in both languages",
    ]


def test_lint_wants_a_reachable_safe_ending_and_a_known_start():
    nodes = copy.deepcopy(level().model_dump(by_alias=True)["nodes"])
    nodes[2]["ending"]["safe"] = False
    assert dict(lint_scenario_level(level(nodes=nodes), FakeContent()))[("start",)].startswith("no safe ending")
    assert dict(lint_scenario_level(level(start="nope"), FakeContent())) == {
        ("start",): "start node 'nope' is not in nodes:"
    }


# -- every shipped scenario ------------------------------------------------------------------------------


def walk_all(scenario: ScenarioLevel) -> list[list[str]]:
    """Every path from the start, by playing the logic (fails on a path longer than the node count)."""
    paths = []
    todo = [[]]
    while todo:
        picks = todo.pop()
        logic = ScenarioLogic(scenario)
        for pick in picks:
            assert logic.choose(pick)
        assert len(picks) <= len(scenario.nodes), f"{scenario.id}: a path runs on and on: {picks}"
        if logic.phase == "ending":
            paths.append(logic.path)
        else:
            todo += [picks + [c.id] for c in logic.choices]
    return paths


def scenarios(content):
    return [lv for lv in content.levels.values() if lv.type == "scenario"]


def test_there_are_eight_scenarios_covering_all_four_tracks(shipped_content):
    found = scenarios(shipped_content)
    assert len(found) >= 8
    assert {lv.id.split("-")[0] for lv in found} == {"primary", "junior", "senior", "university"}


def test_every_path_of_every_shipped_scenario_ends_and_every_ending_is_reached(shipped_content):
    for scenario in scenarios(shipped_content):
        paths = walk_all(scenario)
        endings = {n.id for n in scenario.nodes if n.ending is not None}
        assert {p[-1] for p in paths} == endings, scenario.id
        assert any(scenario.node(p[-1]).ending.safe for p in paths)
        assert any(not scenario.node(p[-1]).ending.safe for p in paths), f"{scenario.id}: no unsafe way to learn from"
        for node in scenario.nodes:
            if node.ending is not None:
                assert set(node.ending.skills) <= set(SKILLS)
                assert node.ending.safe == bool(node.ending.skills), f"{scenario.id}:{node.id}"


def test_the_report_catalogue_knows_every_decision_point(shipped_content):
    from game.reports.catalog import Catalog

    catalog = Catalog.from_content(shipped_content)
    for scenario in scenarios(shipped_content):
        for node in scenario.nodes:
            qid = question_id(scenario.id, node.id)
            if node.choices:
                info = catalog.questions[qid]
                assert info.topic == "refusal"
                assert [(o.id, o.correct) for o in info.options] == [(c.id, c.safe) for c in node.choices]
                assert info.prompt["en"] == node.text.en
            else:
                assert qid not in catalog.questions


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_replies_and_endings_are_in_both_languages(shipped_content, lang):
    for scenario in scenarios(shipped_content):
        for node in scenario.nodes:
            texts = [node.text] + [c.text for c in node.choices] + ([node.ending.feedback] if node.ending else [])
            assert all(isinstance(x, Text) and x.get(lang).strip() for x in texts)
