"""Spot-the-disguise rules without pygame: flags, one answer per item at Done, feedback, scoring,
and the shipped shelves (neither tapping everything nor tapping nothing passes)."""

from __future__ import annotations

from game.content.levels.spot import SpotLevel, lint_spot_level
from game.levels.spot.logic import FLAGGED, NOT_FLAGGED, SpotLogic
from game.outcomes import LevelFinished


def t(s: str) -> dict:
    return {"zh-CN": s + "（中）", "en": s}


def item(ident: str, suspicious: bool, drug: str | None = None) -> dict:
    data = {"id": ident, "draw": "candy", "label": t(ident), "suspicious": suspicious, "sign": t("why " + ident)}
    if suspicious:
        data["source"] = "s1"
    if drug:
        data["drug"] = drug
    return data


def level(**changes) -> SpotLevel:
    data = {
        "id": "p1",
        "type": "spot",
        "title": t("Spot"),
        "prompt": t("Tap"),
        "lesson": t("Ask an adult"),
        "items": [
            item("beans", True, "mdma"),
            item("stamps", True),
            item("water", False),
            item("juice", False),
            item("gum", False),
        ],
    }
    data.update(changes)
    return SpotLevel.model_validate(data)


def test_tapping_flags_and_unflags_and_records_nothing():
    logic = SpotLogic(level())
    assert logic.toggle("beans") == [] and logic.flagged == {"beans"}
    logic.toggle("water")
    logic.toggle("water")
    assert logic.flagged == {"beans"}
    assert logic.toggle("nope") == [] and logic.flagged == {"beans"}
    assert logic.answers == []


def test_done_records_one_answer_per_item_judged_against_the_truth():
    logic = SpotLogic(level())
    logic.toggle("beans")
    logic.toggle("juice")
    logic.update(4.2)
    outcomes = logic.done()
    got = {a.question_id: (a.chosen, a.correct, a.score, a.max_score, a.response_ms) for a in outcomes}
    assert got == {
        "p1:beans": ((FLAGGED,), True, 10, 10, 4200),
        "p1:stamps": ((NOT_FLAGGED,), False, 0, 10, 4200),  # missed
        "p1:water": ((NOT_FLAGGED,), True, 10, 10, 4200),
        "p1:juice": ((FLAGGED,), False, 0, 10, 4200),  # wrongly suspected
        "p1:gum": ((NOT_FLAGGED,), True, 10, 10, 4200),
    }
    assert logic.phase == "feedback" and logic.opened == "stamps"  # the first item judged wrong
    assert logic.done() == []  # only once


def test_feedback_taps_open_an_item_and_finish_gives_the_result():
    logic = SpotLogic(level())
    for ident in ("beans", "stamps"):
        logic.toggle(ident)
    logic.done()
    assert logic.opened == "beans"  # all right: the first suspicious item is opened
    logic.toggle("water")
    assert logic.opened == "water" and logic.flagged == {"beans", "stamps"}
    assert logic.finish() == [LevelFinished(50, 50, True)]
    assert logic.finish() == []


def test_lint_wants_real_choices_and_known_drugs():
    class Content:
        def __init__(self):
            self.drugs = {"mdma": object()}

        def is_broken(self, *_):
            return False

    assert lint_spot_level(level(), Content()) == []
    everything = level(items=[item(f"x{i}", True) for i in range(4)])
    assert lint_spot_level(everything, Content())[0][0] == ("items",)
    dupes = level(items=[item("a", True, "lsd"), item("a", False), item("b", False), item("c", False)])
    assert dict(lint_spot_level(dupes, Content())) == {
        ("items", 1, "id"): "duplicate item id 'a'",
        ("items", 0, "drug"): "unknown drug 'lsd' (no drugs/lsd.yaml)",
    }


def spots(content):
    return [lv for lv in content.levels.values() if lv.type == "spot"]


def test_every_track_has_a_spot_level_and_blanket_answers_do_not_pass(shipped_content):
    found = spots(shipped_content)
    assert {lv.id.split("-")[0] for lv in found} == {"primary", "junior", "senior", "university"}
    for spot in found:
        everything, nothing, right = SpotLogic(spot), SpotLogic(spot), SpotLogic(spot)
        for i in spot.items:
            everything.toggle(i.id)
            if i.suspicious:
                right.toggle(i.id)
        for logic in (everything, nothing, right):
            logic.done()
        assert not everything.passed, f"{spot.id}: tapping everything passes (not every sweet is a drug)"
        assert not nothing.passed, f"{spot.id}: tapping nothing passes"
        assert right.passed and right.score == right.max_score
        assert all(i.source in shipped_content.sources for i in spot.items if i.suspicious)


def test_the_report_catalogue_knows_every_spot_item(shipped_content):
    from game.reports.catalog import Catalog

    catalog = Catalog.from_content(shipped_content)
    for spot in spots(shipped_content):
        for i in spot.items:
            info = catalog.questions[f"{spot.id}:{i.id}"]
            assert info.topic == "recognition" and info.key == frozenset({FLAGGED if i.suspicious else NOT_FLAGGED})
            assert info.drugs == ((i.drug,) if i.drug else ())
