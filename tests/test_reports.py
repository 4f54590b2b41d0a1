"""Report figures against small examples worked out by hand (in the comments), through the real SQL."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

import pytest

from game.reports import stats
from game.reports.catalog import Catalog
from game.reports.collect import build_report
from game.reports.model import Filters, Thresholds
from game.store import Store

HERE = Path(__file__).resolve().parent
PREPOST = HERE / "data" / "prepost"


class Clock:
    """The store's clock: one second per write, from a fixed day (so 'first' attempts are known)."""

    def __init__(self, start="2026-03-02T01:00:00"):
        self.t = dt.datetime.fromisoformat(start).replace(tzinfo=dt.UTC)

    def __call__(self):
        self.t += dt.timedelta(seconds=1)
        return self.t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@pytest.fixture(scope="module")
def catalog():
    from game.content.loader import load_content

    return Catalog.from_content(load_content(PREPOST))


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "r.sqlite3", now=Clock())
    yield s
    s.close()


# q1: single, key a (options a b c), drug heroin, topic recognition
# q2: true/false, key "true", topic law
# q3: multiple, key a|b (options a b c), topic refusal
RIGHT = {"q1": "a", "q2": "true", "q3": "a|b"}
WRONG = {"q1": "b", "q2": "false", "q3": "a"}


def play(store, nickname, level, role, marks, class_code="7B", track="junior", ms=4000, finish=True):
    """One session with one attempt; marks: {qid: 1 right / 0 wrong}; each item is worth 10."""
    player = store.add_player(nickname, class_code, "junior")
    session = store.start_session(player, track, "zh-CN", "v1", "0.1.0")
    attempt = store.start_attempt(session, level, "quiz", role)
    total = 0
    for qid, right in marks.items():
        store.record_answer(attempt, qid, (RIGHT if right else WRONG)[qid].split("|"), bool(right), 10 * right, 10, ms)
        total += 10 * right
    if finish:
        store.finish_attempt(attempt, total, 10 * len(marks), total >= 6 * len(marks))
    store.end_session(session, "finished" if finish else "quit")
    return attempt


# The worked example: five students, one level, three items of 10 points (first attempts).
#        q1  q2  q3  total
#   A    10  10  10   30
#   B    10  10   0   20
#   C    10   0  10   20
#   D     0  10   0   10
#   E     0   0   0    0
EXAMPLE = {
    "A": {"q1": 1, "q2": 1, "q3": 1},
    "B": {"q1": 1, "q2": 1, "q3": 0},
    "C": {"q1": 1, "q2": 0, "q3": 1},
    "D": {"q1": 0, "q2": 1, "q3": 0},
    "E": {"q1": 0, "q2": 0, "q3": 0},
}


def load_example(store):
    for nickname, marks in EXAMPLE.items():
        play(store, nickname, "l1", "level", marks)
    # A second, better try by E must not change the item analysis (first attempts only)
    play(store, "E", "l1", "level", {"q1": 1, "q2": 1, "q3": 1})


def item(report, qid):
    (found,) = [i for i in report.items if i.question_id == qid and i.level_id == "l1"]
    return found


def test_item_analysis_matches_the_worked_example(store, catalog):
    load_example(store)
    report = build_report(store, catalog)
    q1, q2, q3 = item(report, "q1"), item(report, "q2"), item(report, "q3")
    assert (q1.n, q2.n, q3.n) == (5, 5, 5)
    # facility = 100 * mean score / max: q1 30/50 = 60, q2 30/50 = 60, q3 20/50 = 40
    assert q1.facility == pytest.approx(60.0, abs=0.01)
    assert q2.facility == pytest.approx(60.0, abs=0.01)
    assert q3.facility == pytest.approx(40.0, abs=0.01)
    # q1: x = [10,10,10,0,0], rest = total - x = [20,10,10,10,0]
    #   mean x 6, mean r 10, mean xr = (200+100+100)/5 = 80 -> cov = 80 - 60 = 20
    #   var x = 60 - 36 = 24, var r = (400+100+100+100)/5 - 100 = 40
    #   DI = 100 * 20 / sqrt(24 * 40) = 64.55
    #   sorted pairs: x [0,0,10,10,10] with r [0,10,10,10,20]: mean = 400/5 = 80 -> cov_max 20 -> DE = 100
    assert q1.discrimination_index == pytest.approx(64.55, abs=0.01)
    assert q1.discriminative_efficiency == pytest.approx(100.0, abs=0.01)
    # q2: x = [10,10,0,10,0], r = [20,10,20,0,0]: mean xr = 300/5 = 60, cov = 60 - 6*10 = 0 -> DI 0, DE 0
    assert q2.discrimination_index == pytest.approx(0.0, abs=0.01)
    assert q2.discriminative_efficiency == pytest.approx(0.0, abs=0.01)
    # q3: x = [10,0,10,0,0], r = [20,20,10,10,0]: mean x 4, mean r 12, mean xr = 300/5 = 60 -> cov 12
    #   var x = 40 - 16 = 24, var r = 1000/5 - 144 = 56 -> DI = 1200 / sqrt(1344) = 32.73
    #   sorted: x [0,0,0,10,10], r [0,10,10,20,20]: mean = 400/5 = 80 -> cov_max = 80 - 48 = 32 -> DE = 37.50
    assert q3.discrimination_index == pytest.approx(32.73, abs=0.01)
    assert q3.discriminative_efficiency == pytest.approx(37.50, abs=0.01)
    # five answers are too few to flag anything (issue 19, item 3): flags start at min_n (20) answers
    assert q1.flags == q2.flags == q3.flags == ()
    flagged = build_report(store, catalog, thresholds=Thresholds(min_n=5))
    q1f, q2f = item(flagged, "q1"), item(flagged, "q2")
    # flags: q2 discriminates poorly (DI 0 < 15); nobody chose q1's option c
    assert "low_discrimination" in q2f.flags
    assert "unused_distractor" in q1f.flags and "distractor_beats_key" not in q1f.flags
    # distractor table of q1: a (key) 3, b 2, c 0
    assert [(o.option_id, o.count, o.correct) for o in q1.options] == [("a", 3, True), ("b", 2, False), ("c", 0, False)]
    assert q1.median_ms == 4000


def test_cronbach_alpha_matches_the_worked_example(store, catalog):
    load_example(store)
    (test,) = [t for t in build_report(store, catalog).tests if t.level_id == "l1"]
    # item variances 24, 24, 24 (each: mean of squares 60 - 36, or 40 - 16);
    # totals [30,20,20,10,0]: mean 16, mean of squares 1800/5 = 360, var = 360 - 256 = 104
    # alpha = 3/2 * (1 - 72/104) = 0.4615
    assert test.n == 5 and test.items == 3
    assert test.alpha == pytest.approx(0.46, abs=0.01)
    assert test.mean_percent == pytest.approx(80 / 150 * 100, abs=0.01)


def test_students_first_and_best_and_needs_help(store, catalog):
    load_example(store)
    report = build_report(store, catalog)
    by = {s.nickname: s for s in report.students}
    assert set(by) == set(EXAMPLE)
    e = by["E"]
    assert e.sessions == 2 and e.attempts == 2
    assert e.first_percent == pytest.approx(0.0) and e.best_percent == pytest.approx(100.0)
    assert e.needs_help and "overall" in e.reasons
    # A: 100 % everywhere; B: 67 % overall, refusal (q3) 0 % -> needs help for the topic only
    assert not by["A"].needs_help
    assert by["B"].first_percent == pytest.approx(66.67, abs=0.01)
    assert by["B"].reasons == ("topic:refusal",)
    assert by["B"].topics == {"recognition": 100.0, "law": 100.0, "refusal": 0.0}
    overview = report.total
    # first-attempt percents: A 100, B 66.7, C 66.7, D 33.3, E 0 -> mean 53.33; pass (>= 60) 3/5; excellent 1/5
    assert overview.students == 5 and overview.sessions == 6
    assert overview.mean_percent == pytest.approx(53.33, abs=0.01)
    assert overview.pass_rate == pytest.approx(60.0) and overview.excellent_rate == pytest.approx(20.0)


def test_thresholds_are_settable(store, catalog):
    load_example(store)
    report = build_report(store, catalog, thresholds=Thresholds(pass_percent=50, excellent_percent=60))
    assert report.total.pass_rate == pytest.approx(60.0)  # 100, 66.7, 66.7 >= 50
    assert report.total.excellent_rate == pytest.approx(60.0)  # the same three >= 60
    store.set_setting("report.thresholds", {"pass_percent": 30})
    assert build_report(store, catalog).total.pass_rate == pytest.approx(80.0)  # D's 33.3 passes too


def test_topic_and_drug_mastery_per_class_and_student(store, catalog):
    load_example(store)
    play(store, "F", "l1", "level", {"q1": 1, "q2": 0, "q3": 0}, class_code="7C")
    report = build_report(store, catalog)
    cls = {(m.class_code, m.key): m for m in report.topics if m.nickname is None}
    # 7B recognition (q1): A B C right, D E wrong -> 3/5 = 60 %; law (q2) 3/5; refusal (q3) 2/5
    assert cls[("7B", "recognition")].percent == pytest.approx(60.0)
    assert cls[("7B", "refusal")].percent == pytest.approx(40.0)
    assert cls[("7C", "recognition")].percent == pytest.approx(100.0)
    student = {(m.nickname, m.key): m.percent for m in report.topics if m.nickname is not None}
    assert student[("D", "law")] == 100.0 and student[("D", "recognition")] == 0.0
    drugs = {(m.class_code, m.nickname, m.key): m.percent for m in report.drugs}
    assert drugs[("7B", None, "heroin")] == pytest.approx(60.0)  # q1 is the heroin question
    assert [o.class_code for o in report.overview] == [None, "7B", "7C"]


def test_gain_per_student_and_class(store, catalog):
    # A: pre 50 % -> post 80 %: g = 30/50 = 0.60;  B: pre 80 % -> post 90 %: g = 10/20 = 0.50
    # class: mean pre 65, mean post 85 -> g = 20/35 = 0.571; mean of the students' g = 0.55
    for nickname, pre, post in (("A", 5, 8), ("B", 8, 9)):
        for level, role, score in (("lpre", "pre", pre), ("lpost", "post", post)):
            player = store.add_player(nickname, "7B", "junior")
            session = store.start_session(player, "junior", "zh-CN", "v1", "0.1.0")
            attempt = store.start_attempt(session, level, "quiz", role)
            store.finish_attempt(attempt, score, 10, False)
            store.end_session(session, "finished")
    # C has only a pre-test: left out of the gain
    play(store, "C", "lpre", "pre", {"q1": 1, "q2": 0, "q3": 0})
    report = build_report(store, catalog)
    by = {g.nickname: g for g in report.gain_students}
    assert set(by) == {"A", "B"}
    assert by["A"].gain == pytest.approx(0.60, abs=0.01) and by["B"].gain == pytest.approx(0.50, abs=0.01)
    everyone = [g for g in report.gain_classes if g.class_code is None][0]
    assert everyone.n == 2
    assert everyone.pre_percent == pytest.approx(65.0) and everyone.post_percent == pytest.approx(85.0)
    assert everyone.gain == pytest.approx(0.57, abs=0.01)
    assert everyone.mean_gain == pytest.approx(0.55, abs=0.01)
    # pre-tests are not in the students' scores
    assert {s.nickname: s.first_percent for s in report.students}["C"] is None


def test_filters_class_dates_track_level(store, catalog):
    load_example(store)
    play(store, "F", "l1", "level", {"q1": 1, "q2": 1, "q3": 1}, class_code="7C")
    store.now.t += dt.timedelta(days=10)
    play(store, "G", "l1", "level", {"q1": 1, "q2": 1, "q3": 1}, class_code="7C", track="other")
    play(store, "H", "lpre", "pre", {"q1": 1, "q2": 1, "q3": 1}, class_code="7C")

    def names(**kw):
        return sorted(s.nickname for s in build_report(store, catalog, Filters(**kw)).students)

    assert names(class_code="7C") == ["F", "G", "H"]
    assert names(end="2026-03-05T00:00:00.000Z") == ["A", "B", "C", "D", "E", "F"]
    assert names(start="2026-03-05T00:00:00.000Z") == ["G", "H"]
    assert names(track_id="other") == ["G"]
    report = build_report(store, catalog, Filters(level_id="lpre"))
    assert {i.level_id for i in report.items} == {"lpre"}
    assert names(age_group="senior") == []


def test_hits_from_chase_events(store, catalog):
    player = store.add_player("K", "7B", "junior")
    session = store.start_session(player, "junior", "zh-CN", "v1", "0.1.0")
    attempt = store.start_attempt(session, "chase-1", "chase", "level")
    for drug in ("heroin", "heroin", "ketamine"):
        store.record_event(attempt, "hit", {"drug": drug})
    store.record_event(attempt, "caught", {})
    store.finish_attempt(attempt, 70, 100, True)
    store.end_session(session, "finished")
    (k,) = build_report(store, catalog).students
    assert k.hits == {"heroin": 2, "ketamine": 1}


def test_abandoned_attempts_are_not_scored(store, catalog):
    play(store, "A", "l1", "level", {"q1": 0, "q2": 0}, finish=False)
    play(store, "A", "l1", "level", {"q1": 1, "q2": 1, "q3": 1})
    report = build_report(store, catalog)
    assert report.students[0].first_percent == pytest.approx(100.0)
    assert report.total.sessions == 2 and report.total.finished_sessions == 1


def test_empty_database_gives_an_empty_report(store, catalog):
    report = build_report(store, catalog)
    assert report.total.students == 0 and report.total.mean_percent is None
    assert report.items == [] and report.gain_classes == []


# -- the arithmetic on its own ------------------------------------------------------------------------------
def test_stats_on_plain_lists():
    di, de = stats.item_figures([10, 10, 10, 0, 0], [20, 10, 10, 10, 0])
    assert di == pytest.approx(64.55, abs=0.01) and de == pytest.approx(100.0)
    # a mis-keyed item: the strongest students score 0 on it -> negative DI and DE
    di, de = stats.item_figures([0, 0, 10, 10], [30, 20, 10, 0])
    # mean x 5, mean r 15, mean xr = 100/4 = 25 -> cov = 25 - 75 = -50; var x 25, var r 125
    # DI = -5000 / sqrt(3125) = -89.44; sorted pairs: x [0,0,10,10], r [0,10,20,30]: 500/4 = 125 -> cov_max 50 -> DE -100
    assert di == pytest.approx(-89.44, abs=0.01) and de == pytest.approx(-100.0, abs=0.01)
    assert stats.item_figures([10, 10, 10], [1, 2, 3]) == (None, None)  # no spread: undefined, not 0
    assert stats.cronbach_alpha([24, 24, 24], 104) == pytest.approx(0.4615, abs=0.0001)
    assert stats.cronbach_alpha([1.0], 2.0) is None
    assert stats.normalised_gain(50, 80) == pytest.approx(0.6)
    assert stats.normalised_gain(100, 100) is None
    assert stats.normalised_gain(60, 40) == pytest.approx(-0.5)
    assert stats.median([3, 1, 2, 10]) == 2.5 and stats.median([]) is None
    assert stats.facility(4, 30, 10) == pytest.approx(75.0)


@pytest.mark.parametrize(
    "times",
    [
        [4000, 1000, 127, 128, 255, 256],  # even n: the middle two (255, 256) fall in different 128 ms buckets
        [0, 127, 128, 129, 5000],  # odd n: the middle one on a bucket's first value
        [300, 300, 300, 301],  # ties
        [70000],
    ],
)
def test_median_response_time_is_exact(store, catalog, times):
    """The median is found bucket by bucket (no sort of every answer): it must still be the exact median."""
    import statistics

    for i, ms in enumerate(times):
        play(store, f"S{i}", "l1", "level", {"q1": i % 2}, ms=ms)
    report = build_report(store, catalog)
    assert item(report, "q1").median_ms == pytest.approx(statistics.median(times))


def test_a_wrong_reply_beats_the_key_only_against_every_right_reply_when_one_is_enough():
    from game.reports.build import _flags
    from game.reports.model import OptionStat

    # a scenario node: replies a and b are both safe (6 + 11 chose them), d is not (8 chose it)
    options = (OptionStat("a", 6, 20.0, True), OptionStat("b", 11, 36.7, True), OptionStat("d", 8, 26.7, False))
    assert "distractor_beats_key" not in _flags(70.0, 30.0, options, Thresholds(), kind="single")
    # a choose-all question: 8 picked the wrong d, only 6 the right a: a real warning
    assert "distractor_beats_key" in _flags(70.0, 30.0, options, Thresholds(), kind="multiple")
    # one right answer (a miskeyed item looks like this): 8 > 6
    one_key = (OptionStat("a", 6, 30.0, True), OptionStat("d", 8, 40.0, False))
    assert "distractor_beats_key" in _flags(40.0, 30.0, one_key, Thresholds(), kind="single")


def test_item_flags_wait_for_the_minimum_number_of_answers_and_have_a_legend(store, catalog):
    """One answer made a question "too easy" (issue 19, item 3): no flag below min_n answers, and the
    HTML report says so and explains every flag it can show."""
    from game.reports.build import FLAGS, _flags
    from game.reports.html import render_html
    from game.reports.model import OptionStat

    options = (OptionStat("a", 19, 100.0, True), OptionStat("b", 0, 0.0, False))
    assert _flags(100.0, None, options, Thresholds(), n=19) == ()
    assert set(_flags(100.0, None, options, Thresholds(), n=20)) == {"too_easy", "unused_distractor"}
    play(store, "A", "l1", "level", {"q1": 1, "q2": 1, "q3": 1})  # one answer each: everything "too easy"
    report = build_report(store, catalog)
    assert all(i.flags == () for i in report.items)
    for lang in ("zh-CN", "en"):
        html = render_html(report, catalog, lang)
        assert catalog.text("report.flags_min_n", lang, n="20") in html
        for flag in FLAGS:
            assert escape(catalog.text(f"report.about_flag_{flag}", lang)) in html
