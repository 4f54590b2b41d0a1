"""`simulate`: plausible, repeatable data through the game's store; planted items are caught."""

from __future__ import annotations

from html import escape

import pytest

from game.devtools.simulate import simulate
from game.reports.catalog import Catalog
from game.reports.collect import build_report
from game.reports.stats import item_figures
from game.store import Store

EASY, MISKEYED = "jq-meth-look", "jq-law-357"


@pytest.fixture(scope="module")
def planted(tmp_path_factory, shipped_content):
    store = Store.open(tmp_path_factory.mktemp("sim") / "sim.sqlite3")
    result = simulate(store, shipped_content, "8A", 80, seed=11, easy=[EASY], miskeyed=[MISKEYED])
    report = build_report(store, Catalog.from_content(shipped_content))
    yield store, result, report
    store.close()


def test_planted_bad_key_is_flagged(planted):
    _, _, report = planted
    (bad,) = [i for i in report.items if i.question_id == MISKEYED]
    assert bad.discrimination_index is not None and bad.discrimination_index < 0
    assert "low_discrimination" in bad.flags and "distractor_beats_key" in bad.flags


def test_planted_easy_item_is_flagged_too_easy(planted):
    _, _, report = planted
    (easy,) = [i for i in report.items if i.question_id == EASY]
    assert easy.facility > 90 and "too_easy" in easy.flags
    ordinary = [i for i in report.items if i.question_id not in (EASY, MISKEYED)]
    assert sum("distractor_beats_key" in i.flags for i in ordinary) <= len(ordinary) // 4


def test_simulated_class_is_plausible(planted):
    store, result, report = planted
    assert report.total.students == 80 and report.total.sessions == result.sessions >= 80
    assert 0 < report.answers <= store.answer_count() == result.answers
    assert 40 < report.total.mean_percent < 90
    # the pre-test and post-test (the track's last level, same items) show a gain on average
    (everyone,) = [g for g in report.gain_classes if g.class_code is None]
    assert everyone.n >= 70 and everyone.post_percent > everyone.pre_percent and everyone.gain > 0.05
    assert all(t.alpha is not None for t in report.tests)
    medians = [i.median_ms for i in report.items]
    assert min(medians) > 1000 and max(medians) < 30000 and len(set(medians)) > 5


def test_sql_item_figures_match_a_direct_computation(planted):
    """The SQL aggregation against the definition, straight from the stored answers."""
    store, _, report = planted
    first: dict[tuple, int] = {}
    players = {p["id"]: p for p in store.players()}
    attempts = []
    for sid in range(1, report.total.sessions + 1):
        session = store.session(sid)
        for attempt in store.attempts(sid):
            if attempt["status"] == "finished":
                attempts.append(
                    (
                        attempt["started_at"],
                        attempt["id"],
                        players[session["player_id"]]["nickname"],
                        attempt["level_id"],
                        attempt["role"],
                    )
                )
    for started, aid, nickname, level, role in sorted(attempts):
        first.setdefault((nickname, level, role), aid)
    wanted = {aid: (level, role) for (_, level, role), aid in first.items()}
    totals: dict[int, int] = {}
    rows = [a for a in store.answers() if a.attempt_id in wanted]
    for a in rows:
        totals[a.attempt_id] = totals.get(a.attempt_id, 0) + a.score
    for it in report.items[:6]:
        pairs = [
            (a.score, totals[a.attempt_id] - a.score)
            for a in rows
            if a.question_id == it.question_id and wanted[a.attempt_id] == (it.level_id, it.role)
        ]
        di, de = item_figures([p[0] for p in pairs], [p[1] for p in pairs])
        assert it.n == len(pairs)
        assert it.discrimination_index == pytest.approx(di, abs=1e-6)
        assert it.discriminative_efficiency == pytest.approx(de, abs=1e-6)


def test_same_seed_same_data(tmp_path, shipped_content):
    def run(name):
        store = Store.open(tmp_path / name)
        simulate(store, shipped_content, "9C", 5, seed=4)
        out = [(a.question_id, a.chosen, a.correct, a.response_ms, a.answered_at) for a in store.answers()]
        store.close()
        return out

    assert run("a.sqlite3") == run("b.sqlite3")


def test_simulate_command(tmp_path):
    from game.cli import main

    db = tmp_path / "cli.sqlite3"
    assert (
        main(["simulate", "--db", str(db), "--class", "7B", "--students", "6", "--seed", "2", "--start", "2026-03-02"])
        == 0
    )
    store = Store.open(db)
    try:
        players = store.players()
        assert {p["class_code"] for p in players} == {"7B"} and len({p["nickname"] for p in players}) == 6
        assert all(a.answered_at.startswith("2026-03-0") and a.answered_at.endswith("Z") for a in store.answers())
    finally:
        store.close()
    assert main(["simulate", "--db", str(db), "--class", "7B", "--students", "2", "--plant-easy", "no-such-q"]) == 1


def test_store_transaction_is_all_or_nothing(tmp_path):
    store = Store.open(tmp_path / "t.sqlite3")
    try:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_player("A", "7B", "junior")
            raise RuntimeError("power cut")
        assert store.players() == []
        with store.transaction(), store.transaction():  # nested: joins the outer one
            store.add_player("B", "7B", "junior")
        assert [p["nickname"] for p in store.players()] == ["B"]
    finally:
        store.close()


def test_scenarios_and_spot_shelves_are_played_by_their_own_rules(tmp_path, shipped_content):
    store = Store.open(tmp_path / "sim.sqlite3")
    simulate(store, shipped_content, "7C", 8, seed=3, track_id="senior")
    by_type: dict[str, list] = {}
    for session in range(1, 9):
        for attempt in store.attempts(session):
            by_type.setdefault(attempt["level_type"], []).append(attempt)
    assert {"scenario", "spot"} <= set(by_type)
    for kind in ("scenario", "spot"):
        for attempt in by_type[kind]:
            answers = [a for a in store.answers() if a.attempt_id == attempt["id"]]
            events = {e["kind"] for e in store.events(attempt["id"])}
            assert answers and all(a.question_id.startswith(attempt["level_id"] + ":") for a in answers)
            assert attempt["score"] == sum(a.score for a in answers) and attempt["max_score"] == sum(
                a.max_score for a in answers
            )
            assert "hit" not in events and "caught" not in events  # not played as a chase
            if kind == "scenario":
                assert "scenario_end" in events
            else:
                level = shipped_content.levels[attempt["level_id"]]
                assert len(answers) == len(level.items)
    store.close()


def test_html_report_labels_questions_by_their_words_and_explains_negative_figures(tmp_path, shipped_content):
    """Issue 19, item 4: the facility chart was labelled `jq-nitrous-law`; spot options showed as the
    tokens flagged/not_flagged; a negative alpha or g stood there without a word."""
    import dataclasses
    import re

    from game.reports.catalog import Catalog
    from game.reports.collect import build_report
    from game.reports.html import render_html

    store = Store.open(tmp_path / "labels.sqlite3")
    simulate(store, shipped_content, "7B", 6, seed=3)
    catalog = Catalog.from_content(shipped_content)
    report = build_report(store, catalog)
    store.close()
    ids = {i.question_id for i in report.items}
    assert any(":" in q for q in ids)  # spot and scenario items are in it
    for lang in ("zh-CN", "en"):
        html = render_html(report, catalog, lang)
        chart = html[html.index('<section id="questions">') : html.index('<section id="topics">')]
        labels = set(re.findall(r"<text[^>]*>([^<]+)</text>", chart))
        assert not labels & ids, f"chart labels that are ids: {sorted(labels & ids)[:3]}"
        assert catalog.short_prompt(report.items[0].question_id, lang) in html
        assert ">flagged" not in chart and ">not_flagged" not in chart
        assert catalog.option_text(next(q for q in ids if q.startswith("junior-spot:")), "flagged", lang) in chart
        # negative alpha and gain: one plain sentence where they appear
        negative = any(t.alpha is not None and round(t.alpha, 2) < 0 for t in report.tests)
        assert (escape(catalog.text("report.alpha_negative", lang)) in html) == negative
        worse = dataclasses.replace(
            report,
            tests=[dataclasses.replace(t, alpha=-0.4) for t in report.tests],
            gain_classes=[dataclasses.replace(g, gain=-0.2) for g in report.gain_classes],
        )
        html = render_html(worse, catalog, lang)
        assert escape(catalog.text("report.alpha_negative", lang)) in html
        assert escape(catalog.text("report.gain_negative", lang)) in html


def test_simulated_nicknames_come_from_the_content_not_the_code(shipped_content):
    """Simulated students are named the way a student names themself by tapping: an adjective and an animal
    of content/nicknames.yaml, each pair once per class; past the pairs, an animal and the seat number."""
    from game.content.nickname import check_nickname, join_words, words_in
    from game.devtools.simulate import class_nicknames

    words = shipped_content.nicknames
    for lang in ("zh-CN", "en"):
        adjectives, animals = words_in(words.adjectives, lang), words_in(words.animals, lang)
        pairs = {join_words((a, b), lang) for a in adjectives for b in animals}
        names = class_nicknames(shipped_content, "7B", len(pairs) + 5, lang)
        assert len(set(names)) == len(names) == len(pairs) + 5
        assert set(names[: len(pairs)]) == pairs
        assert all(n.startswith(tuple(animals)) and n[-3:].isdigit() for n in names[len(pairs) :])
        assert all(check_nickname(n, None, None).ok for n in names)
    assert class_nicknames(shipped_content, "7B", 30) != class_nicknames(
        shipped_content, "7C", 30
    )  # each class its own
    assert class_nicknames(shipped_content, "7B", 3, prefix="<b>") == ["<b>01", "<b>02", "<b>03"]


def test_a_simulated_class_is_played_under_the_names_it_reports(tmp_path, shipped_content):
    from game.devtools.simulate import class_nicknames

    store = Store.open(tmp_path / "n.sqlite3")
    result = simulate(store, shipped_content, "7B", 5, seed=3, fast_clickers=1, copiers=1, retention_weeks=4)
    players = {row[0] for row in store.conn.execute("SELECT nickname FROM players WHERE class_code = '7B'")}
    store.close()
    assert result.nicknames == class_nicknames(shipped_content, "7B", 5) and players == set(result.nicknames)
    assert result.fast_clickers == result.nicknames[-1:] and result.copiers == result.nicknames[-2:-1]
    assert set(result.retested) <= set(result.nicknames[:-2])
