"""Teacher insight (game/reports/insight.py): refusal skills, the "check these" list, the re-test weeks later.

Every figure is worked out again here, independently, from the answers export (`export --format csv`:
one row per answer, with where and how it was played) and the content, and compared with the report.
The integrity checks must list the simulated fast clickers and copiers, and nobody in an ordinary
simulated class.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections import Counter, defaultdict

import pytest

from game.devtools.simulate import simulate
from game.reports.catalog import Catalog
from game.reports.collect import build_report
from game.store import Store

START = dt.date(2026, 9, 7)


@pytest.fixture(scope="module")
def world(tmp_path_factory, shipped_content):
    """Two classes: 7A plays as a class does; 7B has 3 scripted fast clickers and 2 copiers. Both take the
    re-test (7A four weeks later, 7B eight)."""
    folder = tmp_path_factory.mktemp("insight")
    db = folder / "insight.sqlite3"
    store = Store.open(db)
    normal = simulate(store, shipped_content, "7A", 30, seed=21, start=START, retention_weeks=4)
    odd = simulate(
        store, shipped_content, "7B", 30, seed=22, start=START, fast_clickers=3, copiers=2, retention_weeks=8
    )
    catalog = Catalog.from_content(shipped_content)
    report = build_report(store, catalog)
    store.close()
    from game.cli import main

    assert (
        main(["export", "--db", str(db), "--format", "csv", "--with-device", "--out", str(folder / "answers.csv")]) == 0
    )
    with (folder / "answers.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    yield {
        "db": db,
        "report": report,
        "rows": rows,
        "normal": normal,
        "odd": odd,
        "catalog": catalog,
        "content": shipped_content,
        "folder": folder,
    }


# -- the answers export, read independently -----------------------------------------------------------------------
def attempts_of(rows):
    """attempt id -> its answers in the order given (by time, then id)."""
    out = defaultdict(list)
    for r in sorted(rows, key=lambda r: (r["answered_at"], int(r["attempt_id"]))):
        out[r["attempt_id"]].append(r)
    return out


def first_attempts(rows):
    """(class, nickname, level, role) -> the answers of the student's first attempt there (earliest answer first).
    In the simulation an attempt's first answer follows its start, and a student's attempts never overlap."""
    firsts = {}
    for aid, answers in attempts_of(rows).items():
        a = answers[0]
        key = (a["class_code"], a["player"], a["level_id"], a["role"])
        if key not in firsts or a["answered_at"] < firsts[key][0]["answered_at"]:
            firsts[key] = answers
    return firsts


def scored(answers):
    return [a for a in answers if int(a["max_score"]) > 0]


# -- refusal skills -----------------------------------------------------------------------------------------------------
def skill_profile(attempts, skill_of, offered_at):
    """Skills chosen, offered and chosen safely; how many went unsafe with answers to come, how many came back."""
    chosen, offered, safe = Counter(), Counter(), Counter()
    went = back = 0
    for answers in attempts:
        unsafe_seen = False
        came = False
        for i, a in enumerate(answers):
            skill = skill_of[(a["question_id"], a["chosen"])]
            chosen[skill] += 1
            for s in offered_at[a["question_id"]]:
                offered[s] += 1
            if a["correct"] == "1":
                safe[skill] += 1
                came = came or unsafe_seen
            elif not unsafe_seen:
                unsafe_seen = True
                went += i + 1 < len(answers)
        back += came and unsafe_seen
    return chosen, offered, safe, went, back


def test_skill_profiles_match_the_export(world):
    content, report = world["content"], world["report"]
    skill_of = {}
    for level in content.levels.values():
        if level.type == "scenario":
            for node in level.nodes:
                for c in node.choices:
                    skill_of[(f"{level.id}:{node.id}", c.id)] = c.skill or "none"
    offered_at = defaultdict(set)
    for (qid, _), skill in skill_of.items():
        offered_at[qid].add(skill)

    scenario = {
        k: scored(v)
        for k, v in first_attempts(world["rows"]).items()
        if content.levels[k[2]].type == "scenario" and k[3] == "level"
    }
    groups = {("all", None, None): list(scenario.values())}
    for (code, nick, _, _), answers in scenario.items():
        groups.setdefault(("class", code, None), []).append(answers)
        groups.setdefault(("student", code, nick), []).append(answers)
    assert len(groups) > 40
    for (scope, key, nick), attempts in groups.items():
        chosen, offered, safe, went, back = skill_profile(attempts, skill_of, offered_at)
        got = report.skills.of(scope, key, nick)
        assert got is not None, (scope, key, nick)
        total_safe = sum(safe.values())
        assert got.decisions == sum(chosen.values()) and got.safe == total_safe, (scope, key, nick)
        assert (got.went_unsafe, got.came_back) == (went, back), (scope, key, nick)
        for c in got.skills:
            assert (c.offered, c.chosen, c.safe) == (offered[c.skill], chosen[c.skill], safe[c.skill]), (scope, key, c)
            if total_safe:
                assert c.share == pytest.approx(100.0 * safe[c.skill] / total_safe)
    # every skill is used, no unsafe reply names one, and some second chances are taken
    everyone = report.skills.of("all")
    shares = {c.skill: c.share for c in everyone.skills}
    assert all(shares[s] > 0 for s in ("say_no", "give_reason", "change_subject", "leave", "tell_adult"))
    assert shares["none"] == 0 and 0 < everyone.came_back <= everyone.went_unsafe


def test_persuasion_lines_match_the_export(world):
    content, report = world["content"], world["report"]
    n, unsafe = Counter(), Counter()
    for (code, nick, level, role), answers in first_attempts(world["rows"]).items():
        if content.levels[level].type == "scenario":
            for a in scored(answers):
                n[a["question_id"]] += 1
                unsafe[a["question_id"]] += a["correct"] == "0"
    everyone = [line for line in report.skills.lines if line.key is None]
    assert everyone and everyone == sorted(everyone, key=lambda p: (-p.unsafe, -p.percent, p.question_id))
    for line in everyone:
        assert (line.n, line.unsafe) == (n[line.question_id], unsafe[line.question_id])
    top = max(unsafe.values())
    assert everyone[0].unsafe == top


# -- "check these" -----------------------------------------------------------------------------------------------------
def reading(content):
    """question id -> ({language: characters read: question and options}, options shown), from the content itself:
    quiz questions, scenario decision points (the line and the replies) and spot items (their own report items)."""
    out = {}
    for q in content.questions.values():
        out[q.id] = (
            {
                lang: len(q.prompt.get(lang)) + sum(len(o.text.get(lang)) for o in q.choices())
                for lang in ("zh-CN", "en")
            },
            len(q.choices()),
        )
    for level in content.levels.values():
        if level.type == "scenario":
            for node in level.nodes:
                if node.choices:
                    out[f"{level.id}:{node.id}"] = (
                        {
                            lang: len(node.text.get(lang)) + sum(len(c.text.get(lang)) for c in node.choices)
                            for lang in ("zh-CN", "en")
                        },
                        len(node.choices),
                    )
        elif level.type == "spot":
            for qid, _, _, _, prompt, options in level.report_items():
                out[qid] = (
                    {
                        lang: len(prompt.get(lang)) + sum(len(t.get(lang)) for _, _, t in options)
                        for lang in ("zh-CN", "en")
                    },
                    len(options),
                )
    return out


def floor_ms(chars, rules):
    speed = rules.reading.chars_per_second
    return {
        lang: max(rules.reading.min_ms, 1000.0 * n / (speed.zh if lang == "zh-CN" else speed.en))
        for lang, n in chars.items()
    }


def expected_flags(world):
    """(class, nickname, level, role) -> {reason: value}, worked out from the export and the content's rules."""
    content, rows = world["content"], world["rows"]
    rules = content.integrity
    firsts = first_attempts(rows)
    texts = reading(content)
    floors = {qid: floor_ms(chars, rules) for qid, (chars, _) in texts.items()}
    found = defaultdict(dict)
    for reason, flags in (
        ("fast", fast_flags(firsts, floors, rules)),
        ("same_position", same_position_flags(firsts, texts, rules)),
        ("identical", identical_flags(firsts, rules)),
        ("device_burst", device_burst_flags(firsts, rows, rules)),
    ):
        for key, value in flags.items():
            found[key][reason] = value
    return found


def fast_flags(firsts, floors, rules):
    """Attempts with too many answers faster than their reading floor: key -> "fast/timed"."""
    flags = {}
    for key, answers in firsts.items():
        timed = [a for a in scored(answers) if a["question_id"] in floors]
        fast = sum(int(a["response_ms"]) < floors[a["question_id"]][a["lang"]] for a in timed)
        if len(timed) >= rules.fast.min_answers and fast >= rules.fast.share * len(timed):
            flags[key] = f"{fast}/{len(timed)}"
    return flags


def same_position_flags(firsts, texts, rules):
    """The least likely run of one option position (chance = product of 1/options after its first answer):
    key -> the run's length, where its chance is small enough."""
    flags = {}
    for key, answers in firsts.items():
        best_run, best = 0, 1.0
        run, chance, last = 0, 1.0, None
        for a in scored(answers):
            p = int(a["position"]) if a["position"] else None
            k = texts[a["question_id"]][1] if a["question_id"] in texts else 0
            if p is not None and p == last and k:
                run, chance = run + 1, chance / k
            else:
                run, chance = (1, 1.0) if p is not None else (0, 1.0)
            last = p
            if run > 1 and chance < best:
                best_run, best = run, chance
        if best <= rules.same_position.max_chance:
            flags[key] = str(best_run)
    return flags


def identical_flags(firsts, rules):
    """Same options on every question, wrong ones included, too close for chance: key -> the others' nicknames."""
    share = Counter()
    answered = Counter()
    size = Counter()
    for (code, nick, level, role), answers in firsts.items():
        size[(code, level, role)] += 1
        for a in scored(answers):
            share[(level, role, a["question_id"], a["chosen"])] += 1
            answered[(level, role, a["question_id"])] += 1
    same = defaultdict(list)
    for (code, nick, level, role), answers in firsts.items():
        mine = scored(answers)
        if (
            len(mine) >= rules.identical.min_items
            and sum(a["correct"] == "0" for a in mine) >= rules.identical.min_wrong
        ):
            same[(code, level, role, frozenset((a["question_id"], a["chosen"]) for a in mine))].append(nick)
    flags = {}
    for (code, level, role, sig), nicks in same.items():
        if len(set(nicks)) < 2:
            continue
        chance = math.prod(share[(level, role, q, c)] / answered[(level, role, q)] for q, c in sig)
        n = size[(code, level, role)]
        if chance * n * (n - 1) / 2 < rules.identical.family_chance:
            for nick in nicks:
                key = next(k for k in firsts if k[0] == code and k[1] == nick and k[2] == level and k[3] == role)
                flags[key] = ", ".join(sorted(set(nicks) - {nick}))
    return flags


def device_burst_flags(firsts, rows, rules):
    """Bursts of sessions on one device (sessions with scored answers, in the listed modes): key -> the burst's size."""
    sessions = {}
    for a in rows:
        if int(a["max_score"]) > 0 and a["device"] and a["mode"] in rules.device_burst.modes:
            sessions[a["session_id"]] = (
                a["device"],
                dt.datetime.fromisoformat(a["session_started_at"].replace("Z", "+00:00")),
            )
    burst = {}
    by_device = defaultdict(list)
    for sid, (device, start) in sessions.items():
        by_device[device].append((start, sid))
    for starts in by_device.values():
        starts.sort()
        for i in range(len(starts)):
            window = [
                s for t, s in starts[: i + 1] if (starts[i][0] - t).total_seconds() <= 60 * rules.device_burst.minutes
            ]
            if len(window) >= rules.device_burst.sessions:
                for s in window:
                    burst[s] = max(burst.get(s, 0), len(window))
    return {
        key: str(burst[answers[0]["session_id"]])
        for key, answers in firsts.items()
        if answers[0]["session_id"] in burst
    }


def test_integrity_flags_match_the_export(world):
    report = world["report"]
    want = expected_flags(world)
    got = {(f.class_code, f.nickname, f.level_id, f.role): f.reasons for f in report.integrity.flags}
    # a chase attempt (no answers, so not in the export) in a burst session is flagged too: compare the rest
    chase = {k for k in got if world["content"].levels[k[2]].type == "chase"}
    assert {k: v for k, v in got.items() if k not in chase} == dict(want)
    assert all(set(got[k]) == {"device_burst"} for k in chase)


def test_flags_fire_on_the_scripted_students_and_nobody_else(world):
    report, odd = world["report"], world["odd"]
    flagged = {(f.class_code, f.nickname) for f in report.integrity.flags}
    assert flagged == {("7B", n) for n in odd.fast_clickers + odd.copiers}
    assert not any(f.class_code == "7A" for f in report.integrity.flags)  # an ordinary class: nothing to check
    reasons = defaultdict(set)
    for f in report.integrity.flags:
        reasons[f.nickname] |= set(f.reasons)
    for nick in odd.fast_clickers:
        assert {"fast", "same_position", "device_burst"} <= reasons[nick]
    for nick in odd.copiers:
        assert reasons[nick] == {"identical"}
    assert report.integrity.flagged_students == 5


def test_overview_without_the_flagged_attempts(world, shipped_content):
    """The mean first-try score without the flagged attempts, from the stored attempts and the flags."""
    report = world["report"]
    store = Store.open(world["db"])
    try:
        players = {p["id"]: p for p in store.players()}
        rows = store.conn.execute(
            "SELECT s.player_id, t.level_id, t.role, t.score, t.max_score, t.started_at, t.id FROM attempts t"
            " JOIN sessions s ON s.id = t.session_id WHERE t.status = 'finished' AND t.max_score IS NOT NULL"
        ).fetchall()
    finally:
        store.close()
    firsts = {}
    for pid, level, role, score, top, started, aid in sorted(rows, key=lambda r: (r[5], r[6])):
        p = players[pid]
        firsts.setdefault((p["class_code"], p["nickname"], level, role), (score or 0, top))
    flagged = {(f.class_code, f.nickname, f.level_id, f.role) for f in report.integrity.flags}
    sums = defaultdict(lambda: [0, 0])
    for key, (score, top) in firsts.items():
        if key[3] in ("level", "post") and key not in flagged:
            sums[key[:2]][0] += score
            sums[key[:2]][1] += top
    percents = {k: 100.0 * s / t for k, (s, t) in sums.items() if t}
    plain = {o.class_code: o for o in report.integrity.overview}
    for code in (None, "7A", "7B"):
        mine = [p for (c, _), p in percents.items() if code in (None, c)]
        assert plain[code].mean_percent == pytest.approx(sum(mine) / len(mine))
        assert plain[code].scored == len(mine)
    assert plain["7A"] == next(o for o in report.overview if o.class_code == "7A")  # nothing flagged there
    assert plain["7B"].mean_percent > next(o for o in report.overview if o.class_code == "7B").mean_percent


# -- the re-test weeks later ---------------------------------------------------------------------------------------
def test_retention_figures_match_the_export(world):
    content, report = world["content"], world["report"]
    track_of = {t.retention_test: t.id for t in content.tracks.values()}
    track_of.update({t.pre_test: t.id for t in content.tracks.values()})
    track_of.update({t.post_test: t.id for t in content.tracks.values()})
    firsts = first_attempts(world["rows"])
    forms = defaultdict(dict)
    for (code, nick, level, role), answers in firsts.items():
        if role in ("pre", "post"):
            top = sum(int(a["max_score"]) for a in answers)
            forms[(code, nick, track_of[level])][role] = (
                100.0 * sum(int(a["score"]) for a in answers) / top,
                answers[0]["answered_at"],
            )
    # the re-test: the earliest one after the post-test (a student who left before the post-test is offered the
    # re-test too, and may then play the post-test after it in that session)
    for answers in sorted(attempts_of(world["rows"]).values(), key=lambda a: a[0]["answered_at"]):
        a = answers[0]
        if a["role"] != "retention":
            continue
        mine = forms[(a["class_code"], a["player"], track_of[a["level_id"]])]
        if "retention" not in mine and "post" in mine and a["answered_at"] > mine["post"][1]:
            top = sum(int(x["max_score"]) for x in answers)
            mine["retention"] = (100.0 * sum(int(x["score"]) for x in answers) / top, a["answered_at"])
    students = {(s.class_code, s.nickname, s.track_id): s for s in report.retention.students}
    eligible = Counter()
    took = defaultdict(list)
    for key, f in forms.items():
        if "pre" in f and "post" in f:
            eligible[key[0]] += 1
            if "retention" in f:
                took[key[0]].append(f)
                s = students[key]
                pre, post, ret = f["pre"][0], f["post"][0], f["retention"][0]
                assert (s.pre, s.post, s.retention) == pytest.approx((pre, post, ret))
                # a student's share kept only from a gain of about two of the eight questions (25 points)
                assert s.kept == (pytest.approx((ret - pre) / (post - pre)) if post - pre >= 25 else None)
    assert len(students) == sum(len(v) for v in took.values()) > 30
    for c in report.retention.classes:
        if c.class_code is None:
            continue
        mine = took[c.class_code]
        assert (c.eligible, c.took) == (eligible[c.class_code], len(mine))
        pre = sum(f["pre"][0] for f in mine) / len(mine)
        post = sum(f["post"][0] for f in mine) / len(mine)
        ret = sum(f["retention"][0] for f in mine) / len(mine)
        assert (c.pre, c.post, c.retention) == pytest.approx((pre, post, ret))
        assert c.kept == (pytest.approx((ret - pre) / (post - pre)) if post - pre >= 0.5 else None)
    by = {c.class_code: c for c in report.retention.classes}
    assert by["7A"].weeks == pytest.approx(5, abs=1.5) and by["7B"].weeks == pytest.approx(9, abs=1.5)
    assert report.retention.schedule == {
        "7A": world["normal"].retention_opens.isoformat(),
        "7B": world["odd"].retention_opens.isoformat(),
    }


def test_a_date_filter_keeps_the_lesson_the_retest_is_compared_with(world, shipped_content):
    """`report --from <the re-test date>`: the re-test sessions are in the filter, the lesson's pre- and post-tests
    are not; each re-test must still be paired with the student's own first pre- and post-test (weeks before), not
    with anything else in the filtered sessions."""
    from game.classroom.retention import utc_start
    from game.reports.model import Filters

    everyone = {(s.class_code, s.nickname): s for s in world["report"].retention.students}
    opens = min(world["normal"].retention_opens, world["odd"].retention_opens)
    store = Store.open(world["db"])
    try:
        later = build_report(store, world["catalog"], Filters(start=utc_start(opens)))
    finally:
        store.close()
    got = {(s.class_code, s.nickname): s for s in later.retention.students}
    assert got and set(got) == set(everyone)
    for key, s in got.items():
        whole = everyone[key]
        assert (s.pre, s.post, s.retention, s.kept) == (whole.pre, whole.post, whole.retention, whole.kept), key
        assert s.weeks == pytest.approx(whole.weeks) and s.weeks > 3


def test_a_retest_counts_only_after_the_post_test():
    from game.reports.insight import FormRow
    from game.reports.retention import build

    rows = [
        FormRow("7A", "a", "junior", "pre", 2, 10, "2026-01-01T09:00:00.000Z"),
        FormRow("7A", "a", "junior", "retention", 9, 10, "2026-01-01T09:05:00.000Z"),  # before the post-test
        FormRow("7A", "a", "junior", "post", 6, 10, "2026-01-01T09:30:00.000Z"),
        FormRow("7A", "a", "junior", "retention", 5, 10, "2026-02-12T09:00:00.000Z"),
        FormRow("7A", "b", "junior", "pre", 2, 10, "2026-01-01T09:00:00.000Z"),
        FormRow("7A", "b", "junior", "retention", 9, 10, "2026-01-01T09:05:00.000Z"),  # never after a post-test
        FormRow("7A", "b", "junior", "post", 6, 10, "2026-01-01T09:30:00.000Z"),
    ]
    out = build(rows, ["junior"])
    [a] = out.students
    assert (a.nickname, a.retention, a.weeks) == ("a", 50.0, pytest.approx(6.0, abs=0.01))
    everyone = next(c for c in out.classes if c.class_code is None)
    assert (everyone.eligible, everyone.took) == (2, 1)


def test_a_students_kept_share_needs_a_gain_of_about_two_questions(shipped_content):
    """On an 8-question form one answer is 12.5 points: a gain of one answer (and a share of it) is noise."""
    from game.reports.insight import FormRow
    from game.reports.retention import MIN_STUDENT_GAIN, build

    for track in shipped_content.tracks.values():  # "about two questions" of each shipped form
        scored = [
            q
            for q in shipped_content.levels[track.pre_test].questions
            if shipped_content.questions[q].kind != "estimate"
        ]
        assert 1.5 <= MIN_STUDENT_GAIN / (100 / len(scored)) <= 2.5, track.id

    def student(pre, post, ret):
        rows = [
            FormRow("7A", "a", "junior", "pre", pre, 80, "2026-01-01T09:00:00.000Z"),
            FormRow("7A", "a", "junior", "post", post, 80, "2026-01-01T09:30:00.000Z"),
            FormRow("7A", "a", "junior", "retention", ret, 80, "2026-02-01T09:00:00.000Z"),
        ]
        return build(rows, ["junior"]).students[0]

    one = student(40, 50, 60)  # one more right after the lesson, two more at the re-test: "kept 2" was shown
    assert (one.pre, one.post, one.retention, one.kept) == (50.0, 62.5, 75.0, None)
    two = student(40, 60, 50)
    assert two.kept == pytest.approx(0.5)


def test_the_report_explains_a_kept_share_outside_0_to_1(shipped_content):
    from game.reports.html_insight import retention as section
    from game.reports.insight import Retention, RetentionClass, RetentionStudent

    class H:
        lang = "en"
        catalog = Catalog.from_content(shipped_content)

        def t(self, key, **kw):
            return self.catalog.text(f"report.{key}", "en", **kw)

        klass = staticmethod(lambda code: code or "all")
        pct = staticmethod(lambda v: "" if v is None else f"{v:.0f}%")
        num = staticmethod(lambda v, d: "" if v is None else f"{v:.{d}f}")

    class Report:
        filters = type("F", (), {"class_code": None})()

    def html(kept):
        report = Report()
        report.retention = Retention(
            [RetentionClass("7A", "junior", 1, 1, 20.0, 60.0, 50.0, 0.75, 6.0)],
            [RetentionStudent("7A", "a", "junior", 20.0, 60.0, 50.0 if kept is None else 20 + 40 * kept, kept, 6.0)],
            0,
        )
        return section(report, H())

    plain = H().t("kept_beyond")
    assert plain not in html(0.75) and plain not in html(1.0) and plain not in html(None)
    assert plain in html(-0.25) and plain in html(1.25)
    assert H().t("kept_students", least="25") in html(0.75)


def test_the_retest_forgets_with_time(tmp_path, shipped_content):
    """simulate's decay: the longer after the post-test, the less of the gain is kept (on average)."""
    kept = {}
    for weeks in (2, 24):
        store = Store.open(tmp_path / f"decay{weeks}.sqlite3")
        simulate(store, shipped_content, "9A", 60, seed=5, start=START, retention_weeks=weeks, half_life_weeks=6)
        report = build_report(store, Catalog.from_content(shipped_content))
        store.close()
        everyone = next(c for c in report.retention.classes if c.class_code is None)
        assert everyone.took >= 40
        kept[weeks] = everyone.retention - everyone.pre
    assert kept[2] > kept[24]


# -- the checks on hand-made rows ------------------------------------------------------------------------------------
def test_a_run_counts_by_the_options_shown():
    from game.reports.integrity import Rules, same_position_run, shortest_run

    assert same_position_run([(1, 4)] * 8) == (8, pytest.approx(0.25**7))
    assert same_position_run([(1, 2)] * 8)[1] == pytest.approx(0.5**7)  # true/false keep their order: likelier
    assert same_position_run([(2, 4), (2, 4), (0, 0), (2, 4), (2, 4), (2, 4)]) == (
        3,
        pytest.approx(1 / 16),
    )  # 0 breaks it
    assert same_position_run([]) == (0, 1.0)
    rules = Rules.from_content(None)  # the shipped content/integrity.yaml
    assert 0.25**7 <= rules.same_chance < 0.25**6  # four options: 8 in a row is listed, 7 is not
    assert shortest_run(rules) == 7  # with six options 7 in a row would do; shorter attempts are not read


def test_the_answer_texts_come_back_in_the_order_given():
    from game.reports.insight import AttemptRow, given

    texts = [given(12, "lv:node", "b", 2, 3), given(3, "q1", "a|c", None, 4), given(7, "q2", "true", 1, 2)]
    row = AttemptRow(1, "7B", "S01", "lv", "level", 1, 3, 0, 3, 1, ",".join(texts))
    assert row.sequence() == [("q1=a|c", 0, 4), ("q2=true", 1, 2), ("lv:node=b", 2, 3)]


def test_device_bursts_on_hand_made_sessions():
    from game.reports.insight import SessionRow
    from game.reports.integrity import Rules, device_bursts

    def at(minute):
        return f"2027-01-05T08:{minute:02d}:00.000Z"

    sessions = [
        SessionRow(1, "7B", "a", "tab-1", "classroom", at(0)),
        SessionRow(2, "7B", "b", "tab-1", "classroom", at(4)),
        SessionRow(3, "7B", "c", "tab-1", "classroom", at(9)),
        SessionRow(4, "7B", "d", "tab-1", "classroom", at(30)),
        SessionRow(5, "", "e", "kiosk-1", "kiosk", at(0)),
        SessionRow(6, "", "f", "kiosk-1", "kiosk", at(1)),
        SessionRow(7, "", "g", "kiosk-1", "kiosk", at(2)),
        SessionRow(8, "7B", "h", "", "classroom", at(0)),
        SessionRow(9, "7B", "i", "", "classroom", at(1)),
        SessionRow(10, "7B", "j", "", "classroom", at(2)),
    ]
    assert device_bursts(sessions, Rules.from_content(None)) == {
        1: 3,
        2: 3,
        3: 3,
    }  # a kiosk hall and unknown devices are left out
