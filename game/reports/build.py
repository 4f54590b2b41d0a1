"""Rows in, report dataclasses out: every figure a teacher sees, with no SQL and no pygame.

The rows come from game/store/reports.py (aggregated in SQL); tests hand them in directly.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from operator import attrgetter

from game.reports import stats
from game.reports.catalog import Catalog
from game.reports.model import (
    CLASS_TOTAL,
    ClassGain,
    Filters,
    GainRow,
    HitRow,
    Item,
    ItemRow,
    Mastery,
    MasteryRow,
    OptionRow,
    OptionStat,
    Overview,
    Report,
    Rows,
    Student,
    StudentGain,
    StudentLevel,
    StudentLevelRow,
    StudentRow,
    Test,
    TestRow,
    Thresholds,
)

SCORED_ROLES = ("level", "post")  # a pre-test measures what they knew before: not in the scores


def _pct(score: float, whole: float) -> float | None:
    return stats.percent(score, whole)


# -- students -------------------------------------------------------------------------------------
def students(
    rows: Iterable[StudentRow],
    levels: Iterable[StudentLevelRow],
    topics: Iterable[MasteryRow],
    hits: Iterable[HitRow],
    thresholds: Thresholds = Thresholds(),
) -> list[Student]:
    """One Student per (class, nickname): attempts, first and best score, topics, hits, needs-help."""
    by_student: dict[tuple[str, str], list[StudentLevelRow]] = defaultdict(list)
    for level in levels:
        by_student[(level.class_code, level.nickname)].append(level)
    topic_rows: dict[tuple[str, str], dict[str, tuple[int, int]]] = defaultdict(dict)
    for t in topics:
        topic_rows[(t.class_code, t.nickname)][t.key] = (t.n, t.correct)
    hit_rows: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for h in hits:
        hit_rows[(h.class_code, h.nickname)][h.drug] = h.hits
    out = []
    order = {"pre": 0, "level": 1, "post": 2}
    no_levels: list[StudentLevelRow] = []
    for row in rows:
        key = (row.class_code, row.nickname)
        own = by_student.get(key, no_levels)
        if len(own) > 1:
            own.sort(key=lambda r: (order.get(r.role, 1), r.level_id))
        first_score = first_max = best_score = best_max = attempts = 0
        for r in own:
            attempts += r.attempts
            if r.role in SCORED_ROLES:
                first_score += r.first_score
                first_max += r.first_max
                best_score += r.best_score
                best_max += r.best_max
        first = 100.0 * first_score / first_max if first_max else None
        best = 100.0 * best_score / best_max if best_max else None
        counts = topic_rows.get(key, {})
        accuracy = {topic: 100.0 * c / n for topic, (n, c) in counts.items() if n}
        reasons = []
        if first is not None and first < thresholds.help_overall:
            reasons.append("overall")
        if accuracy:
            reasons += [f"topic:{t}" for t, p in sorted(accuracy.items()) if p < thresholds.help_topic]
        hit = hit_rows.get(key)
        out.append(
            Student(
                class_code=row.class_code,
                nickname=row.nickname,
                age_group=row.age_group,
                sessions=row.sessions,
                attempts=attempts,
                first_percent=first,
                best_percent=best,
                minutes=row.minutes,
                topics=accuracy,
                topic_counts={t: n for t, (n, _) in counts.items()},
                hits=dict(sorted(hit.items(), key=lambda kv: (-kv[1], kv[0]))) if hit else {},
                needs_help=bool(reasons),
                reasons=tuple(reasons),
                levels=tuple(
                    StudentLevel(
                        r.level_id,
                        r.role,
                        r.attempts,
                        100.0 * r.first_score / r.first_max if r.first_max else None,
                        100.0 * r.best_score / r.best_max if r.best_max else None,
                        bool(r.untimed),
                    )
                    for r in own
                ),
            )
        )
    out.sort(key=attrgetter("class_code", "nickname"))
    return out


def score_bands(studs: Iterable[Student]) -> list[tuple[str, int]]:
    """Students per ten-point band of first-try score, labelled 0–9 ... 90–100: the one distribution
    that both the HTML file and the teacher area chart, so they cannot drift apart."""
    counts = [0] * 10
    for s in studs:
        if s.first_percent is not None:
            counts[min(9, max(0, int(s.first_percent // 10)))] += 1
    return [(f"{10 * i}–{10 * i + 9}" if i < 9 else "90–100", n) for i, n in enumerate(counts)]


# -- class overview -----------------------------------------------------------------------------------
def overview(
    rows: Iterable[StudentRow],
    studs: Iterable[Student],
    thresholds: Thresholds = Thresholds(),
    group: Callable[[StudentRow], str] = attrgetter("class_code"),
) -> list[Overview]:
    """Everyone first, then one Overview per class code (sorted); or per group(row), such as a site."""
    rows = list(rows)
    first = {(s.class_code, s.nickname): s.first_percent for s in studs}
    groups: dict[str | None, list[StudentRow]] = {None: rows}
    for row in rows:
        groups.setdefault(group(row), []).append(row)
    out = []
    for key in [None] + sorted(k for k in groups if k is not None):
        members = groups[key]
        percents: list[float] = []
        minutes: list[float] = []  # of the students who finished a session
        sessions = finished = 0
        for r in members:
            p = first.get((r.class_code, r.nickname))
            if p is not None:
                percents.append(p)
            sessions += r.sessions
            finished += r.finished_sessions
            if r.finished_sessions > 0:
                minutes.append(r.minutes)
        out.append(
            Overview(
                class_code=key,
                students=len(members),
                participants=len(minutes),
                participation=_pct(len(minutes), len(members)),
                sessions=sessions,
                finished_sessions=finished,
                scored=len(percents),
                mean_percent=stats.mean(percents),
                pass_rate=_pct(sum(p >= thresholds.pass_percent for p in percents), len(percents)),
                excellent_rate=_pct(sum(p >= thresholds.excellent_percent for p in percents), len(percents)),
                median_minutes=stats.median(minutes),
            )
        )
    return out


# -- items and tests -----------------------------------------------------------------------------------------
def _options(row: ItemRow, chosen: dict[str, int], catalog: Catalog) -> tuple[OptionStat, ...]:
    info = catalog.questions.get(row.question_id)
    n = max(row.n, 1)
    stats_out = []
    known = [o.id for o in info.options] if info else []
    key = info.key if info else frozenset()
    for option_id in known:
        count = chosen.get(option_id, 0)
        stats_out.append(OptionStat(option_id, count, 100.0 * count / n, option_id in key))
    for option_id in sorted(set(chosen) - set(known) - {""}):
        stats_out.append(OptionStat(option_id, chosen[option_id], 100.0 * chosen[option_id] / n, False, known=False))
    if chosen.get(""):
        stats_out.append(OptionStat("", chosen[""], 100.0 * chosen[""] / n, False))
    return tuple(stats_out)


FLAGS = ("distractor_beats_key", "low_discrimination", "too_hard", "too_easy", "unused_distractor")  # legend order


def _flags(
    facility: float | None,
    di: float | None,
    options: tuple[OptionStat, ...],
    t: Thresholds,
    kind: str = "single",
    n: int | None = None,
) -> tuple[str, ...]:
    """Moodle-style warnings, from t.min_n answers on (one answer makes every question "too easy" or
    "too hard"). A wrong option beats the key when more chose it than the least-chosen right option
    of a choose-all question, or than all right options together where one right reply is enough
    (a scenario's node usually has several safe replies)."""
    if n is not None and n < t.min_n:
        return ()
    flags = []
    if facility is not None and facility > t.too_easy:
        flags.append("too_easy")
    if facility is not None and facility < t.too_hard:
        flags.append("too_hard")
    if di is not None and di < t.low_discrimination:
        flags.append("low_discrimination")
    distractors = [o for o in options if o.known and o.option_id and not o.correct]
    keyed = [o.count for o in options if o.correct]
    if any(o.count == 0 for o in distractors):
        flags.append("unused_distractor")
    beat = (min(keyed) if kind == "multiple" else sum(keyed)) if keyed else None
    if beat is not None and any(o.count > beat for o in distractors):
        flags.append("distractor_beats_key")
    return tuple(flags)


def items(
    rows: Iterable[ItemRow], options: Iterable[OptionRow], catalog: Catalog, thresholds: Thresholds = Thresholds()
) -> list[Item]:
    """Item analysis per question per test (level and role), on first attempts."""
    chosen: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for o in options:
        bucket = chosen[(o.level_id, o.role, o.question_id)]
        if not o.chosen:
            bucket[""] += o.count
        for option_id in filter(None, o.chosen.split("|")):
            bucket[option_id] += o.count
    out = []
    for r in rows:
        fac = stats.facility(r.n, r.sx, r.max_score)
        di = stats.discrimination_index(r.n, r.sx, r.sr, r.sxx, r.srr, r.sxr)
        de = stats.discriminative_efficiency(r.n, r.sx, r.sr, r.sxr, r.sxr_sorted)
        var = stats.variance_from_sums(r.n, r.sx, r.sxx)
        sd = 100.0 * math.sqrt(var) / r.max_score if var is not None and r.max_score else None
        opts = _options(r, chosen.get((r.level_id, r.role, r.question_id), {}), catalog)
        out.append(
            Item(
                r.level_id,
                r.role,
                r.question_id,
                catalog.topic_of(r.question_id),
                r.n,
                fac,
                di,
                de,
                sd,
                r.median_ms,
                opts,
                _flags(fac, di, opts, thresholds, catalog.kind_of(r.question_id), r.n),
            )
        )
    out.sort(key=lambda i: (i.level_id, {"pre": 0, "level": 1, "post": 2}.get(i.role, 1), i.question_id))
    return out


def tests(rows: Iterable[TestRow], item_rows: Iterable[ItemRow]) -> list[Test]:
    """Per test (level and role): attempts, items, mean %, Cronbach's alpha."""
    variances: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in item_rows:
        v = stats.variance_from_sums(r.n, r.sx, r.sxx)
        if v is not None:
            variances[(r.level_id, r.role)].append(v)
    out = []
    for t in rows:
        total_var = stats.variance_from_sums(t.n, t.st, t.stt)
        item_vars = variances.get((t.level_id, t.role), [])
        mean_pct = 100.0 * t.st / (t.n * t.max_total) if t.n and t.max_total else None
        out.append(Test(t.level_id, t.role, t.n, len(item_vars), mean_pct, stats.cronbach_alpha(item_vars, total_var)))
    out.sort(key=lambda t: (t.level_id, {"pre": 0, "level": 1, "post": 2}.get(t.role, 1)))
    return out


# -- topics and drugs ---------------------------------------------------------------------------------------
def mastery(rows: Iterable[MasteryRow]) -> list[Mastery]:
    """Per class (nickname None) then per student, for each topic or drug key."""
    rows = list(rows)
    per_class: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        cell = per_class.get((r.class_code, r.key))
        if cell is None:
            per_class[(r.class_code, r.key)] = [r.n, r.correct]
        else:
            cell[0] += r.n
            cell[1] += r.correct
    out = [Mastery(c, None, k, n, ok, _pct(ok, n)) for (c, k), (n, ok) in sorted(per_class.items())]
    students_out = [
        Mastery(r.class_code, r.nickname, r.key, r.n, r.correct, 100.0 * r.correct / r.n if r.n else None)
        for r in rows
        if r.nickname != CLASS_TOTAL
    ]
    students_out.sort(key=attrgetter("class_code", "nickname", "key"))
    return out + students_out


# -- before and after ------------------------------------------------------------------------------------------
def gain(rows: Iterable[GainRow]) -> tuple[list[StudentGain], list[ClassGain]]:
    """Students with both a pre-test and a post-test in a track; class means and g."""
    students_out = []
    for r in rows:
        pre = _pct(r.pre_score or 0, r.pre_max or 0) if r.pre_max else None
        post = _pct(r.post_score or 0, r.post_max or 0) if r.post_max else None
        if pre is None or post is None:
            continue
        students_out.append(
            StudentGain(r.class_code, r.nickname, r.track_id, pre, post, stats.normalised_gain(pre, post))
        )
    students_out.sort(key=lambda g: (g.track_id, g.class_code, g.nickname))
    groups: dict[tuple[str | None, str], list[StudentGain]] = defaultdict(list)
    for g in students_out:
        groups[(None, g.track_id)].append(g)
        groups[(g.class_code, g.track_id)].append(g)
    classes_out = []
    for (class_code, track_id), members in sorted(
        groups.items(), key=lambda kv: (kv[0][1], kv[0][0] is not None, kv[0][0] or "")
    ):
        pre = stats.mean(m.pre_percent for m in members)
        post = stats.mean(m.post_percent for m in members)
        classes_out.append(
            ClassGain(
                class_code,
                track_id,
                len(members),
                pre,
                post,
                stats.normalised_gain(pre, post),
                stats.mean(m.gain for m in members if m.gain is not None),
            )
        )
    return students_out, classes_out


# -- all of it --------------------------------------------------------------------------------------------------
def build(
    rows: Rows,
    catalog: Catalog,
    filters: Filters = Filters(),
    thresholds: Thresholds = Thresholds(),
    generated_at: str = "",
) -> Report:
    studs = students(rows.students, rows.levels, rows.topics, rows.hits, thresholds)
    gain_students, gain_classes = gain(rows.gain)
    return Report(
        filters=filters,
        thresholds=thresholds,
        generated_at=generated_at,
        answers=rows.answers,
        overview=overview(rows.students, studs, thresholds),
        students=studs,
        items=items(rows.items, rows.options, catalog, thresholds),
        tests=tests(rows.tests, rows.items),
        topics=mastery(rows.topics),
        drugs=mastery(rows.drugs),
        gain_students=gain_students,
        gain_classes=gain_classes,
    )
