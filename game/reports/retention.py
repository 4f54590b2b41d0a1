"""The re-test weeks later: pre-test -> post-test -> re-test, per student and per class, and how much of
the gain was kept.

A track may declare `retention_test:` (a third parallel form); a teacher schedules it for a class and
students who start a session after that date play it first (game/classroom/retention.py). Here, from
each student's first finished attempt at each of the three forms:

- per student: the three percentages, the share of the gain kept, (re-test - pre) / (post - pre), when
  the post-test was at least MIN_STUDENT_GAIN points (about two of the eight questions) above the
  pre-test (a smaller gain on so short a test is mostly chance, and so is a share of it), and the weeks
  between the post-test and the re-test;
- per class and track (and for everyone): how many could take the re-test (a pre- and a post-test) and
  how many did; the three means over those who did; the share of the mean gain kept; the median weeks.

The re-test compared is the first one that started after the post-test; the pre- and post-tests of a student
with a re-test are read whatever the report's dates (game/store/insight.py), so a report from the re-test's date
on still compares it with the lesson weeks before. Re-tests of students without both a pre- and a post-test
(or with none after the post-test) are counted apart and left out of the figures.
Pure functions over FormRows (game.reports.insight); no SQL, no pygame.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from game.reports import stats
from game.reports.insight import FormRow, Retention, RetentionClass, RetentionStudent

MIN_GAIN = 0.5  # percentage points: a smaller post - pre of a class's means is no gain to keep a share of
# A student's forms have 8 scored questions: one answer moves a score by 12.5 points, so a gain of one answer is
# as likely chance as learning, and a share of it (0, 1 or 2 of a one-answer gain) says nothing. Below about two
# answers the student's row shows the three scores only.
MIN_STUDENT_GAIN = 25.0


def kept(pre: float | None, post: float | None, retention: float | None, least: float = MIN_GAIN) -> float | None:
    """The share of the gain kept, (retention - pre) / (post - pre); None without a gain of at least `least`."""
    if pre is None or post is None or retention is None or post - pre < least:
        return None
    return (retention - pre) / (post - pre)


def beyond(value: float | None) -> bool:
    """A kept share below 0 (the re-test under the pre-test) or above 1 (over the post-test), as shown (2 places)."""
    return value is not None and (round(value, 2) < 0 or round(value, 2) > 1)


def _weeks(start: str, end: str) -> float | None:
    try:
        a = dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
        b = dt.datetime.fromisoformat(end.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (b - a).total_seconds() / (7 * 86400)


def firsts(rows: Iterable[FormRow]) -> dict[tuple[str, str, str], dict[str, FormRow]]:
    """(class, nickname, track) -> role -> the earliest attempt in that role (rows with max_score 0 are left out);
    the re-test is the earliest one that started after the (first) post-test: a re-test before any post-test
    is kept under "retention" only when there is no post-test at all (it is then counted apart)."""
    every: dict[tuple[str, str, str], dict[str, list[FormRow]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r.max_score > 0:
            every[(r.class_code, r.nickname, r.track_id)][r.role].append(r)
    out: dict[tuple[str, str, str], dict[str, FormRow]] = {}
    for key, roles in every.items():
        mine = {role: min(found, key=lambda f: f.started_at) for role, found in roles.items()}
        post = mine.get("post")
        if post is not None and "retention" in mine:
            later = [f for f in roles["retention"] if f.started_at > post.started_at]
            if later:
                mine["retention"] = min(later, key=lambda f: f.started_at)
            else:
                del mine["retention"]
        out[key] = mine
    return out


def build(rows: Iterable[FormRow], tracks: Iterable[str] = (), schedule: dict[str, str] | None = None) -> Retention:
    """tracks: those that have a re-test (a track without one, and without re-tests played, is left out)."""
    rows = list(rows)
    found = firsts(rows)
    last: dict[tuple[str, str, str], str] = {}
    for f in rows:
        if f.role == "retention" and f.max_score > 0:
            key = (f.class_code, f.nickname, f.track_id)
            last[key] = max(last.get(key, ""), f.started_at)
    tracks = set(tracks) | {track for (_, _, track), forms in found.items() if "retention" in forms}
    students: list[RetentionStudent] = []
    eligible: dict[tuple[str | None, str], int] = defaultdict(int)
    alone = 0
    for (code, nickname, track), forms in sorted(found.items()):
        if track not in tracks:
            continue
        pre, post, ret = forms.get("pre"), forms.get("post"), forms.get("retention")
        if pre is None or post is None:
            alone += ret is not None
            continue
        eligible[(None, track)] += 1
        eligible[(code, track)] += 1
        if ret is None:
            continue
        p, q, r = (100.0 * f.score / f.max_score for f in (pre, post, ret))
        students.append(
            RetentionStudent(
                code,
                nickname,
                track,
                p,
                q,
                r,
                kept(p, q, r, MIN_STUDENT_GAIN),
                _weeks(post.started_at, ret.started_at),
                last[(code, nickname, track)],
            )
        )
    groups: dict[tuple[str | None, str], list[RetentionStudent]] = defaultdict(list)
    for s in students:
        groups[(None, s.track_id)].append(s)
        groups[(s.class_code, s.track_id)].append(s)
    classes = []
    for group in sorted(eligible, key=lambda k: (k[1], k[0] is not None, k[0] or "")):
        members = groups.get(group, [])
        mean_pre = stats.mean(s.pre for s in members)
        mean_post = stats.mean(s.post for s in members)
        mean_ret = stats.mean(s.retention for s in members)
        classes.append(
            RetentionClass(
                group[0],
                group[1],
                eligible[group],
                len(members),
                mean_pre,
                mean_post,
                mean_ret,
                kept(mean_pre, mean_post, mean_ret),
                stats.median(s.weeks for s in members if s.weeks is not None),
            )
        )
    return Retention(classes, students, alone, dict(schedule or {}))


def uptake(retention: Retention, class_code: str, since_utc: str) -> tuple[int, int]:
    """(took, of) for a class's current re-test: of its students with a pre- and a post-test, how many took the
    re-test at or after since_utc (the start of the day it opened). A re-test taken for an earlier date does not
    count: the teacher asked for a new one."""
    of = sum(c.eligible for c in retention.classes if c.class_code == class_code)
    took = sum(1 for s in retention.students if s.class_code == class_code and s.last_taken >= since_utc)
    return took, of
