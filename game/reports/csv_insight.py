"""The teacher-insight sections as CSV tables (game/reports/insight.py), written beside the class report's:

- skills.csv: per group (all, class, student; in a district all, site, age group) and refusal skill: how often
  on offer, picked, safe, its share of the safe replies and its uptake, with the group's second chances;
- skill_lines.csv: the scenario lines most often answered unsafely (everyone, then per class);
- check.csv: the attempts to check, one row each, a column per reason (empty when it did not apply);
- overview_checked.csv: overview.csv's figures without the attempts to check;
- retention.csv: pre -> post -> re-test per class and track (and everyone), then per student.

Same conventions as game/reports/csvout.py: UTF-8 with a byte-order mark, player-typed text defused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

INSIGHT_FILES = ("skills.csv", "skill_lines.csv", "check.csv", "overview_checked.csv", "retention.csv")


def write_insight_csv(report: Any, catalog: Any, folder: Path, lang: str) -> list[Path]:
    from game.reports.csvout import _write, num, safe_text
    from game.reports.integrity import REASONS

    skills = report.skills
    _write(
        folder / "skills.csv",
        (
            "scope",
            "key",
            "nickname",
            "skill",
            "offered",
            "picked",
            "safe",
            "share_of_safe",
            "uptake",
            "replies",
            "safe_replies",
            "went_unsafe",
            "came_back",
        ),
        (
            [
                p.scope,
                safe_text(p.key or ""),
                safe_text(p.nickname or ""),
                c.skill,
                c.offered,
                c.chosen,
                c.safe,
                num(c.share),
                num(c.uptake),
                p.decisions,
                p.safe,
                p.went_unsafe,
                p.came_back,
            ]
            for p in (skills.profiles if skills else [])
            for c in p.skills
        ),
    )
    _write(
        folder / "skill_lines.csv",
        ("class_code", "question_id", "level_id", "speaker", "line", "n", "unsafe", "unsafe_percent"),
        (
            [
                safe_text(line.key or ""),
                line.question_id,
                line.level_id,
                catalog.speakers.get(line.question_id, {}).get(lang, ""),
                catalog.prompt(line.question_id, lang),
                line.n,
                line.unsafe,
                num(line.percent),
            ]
            for line in (skills.lines if skills else [])
        ),
    )
    integrity = report.integrity
    _write(
        folder / "check.csv",
        ("class_code", "nickname", "level_id", "role", "attempt_id", *REASONS),
        (
            [
                safe_text(f.class_code),
                safe_text(f.nickname),
                f.level_id,
                f.role,
                f.attempt,
                *[safe_text(f.reasons.get(r, "")) for r in REASONS],
            ]
            for f in (integrity.flags if integrity else [])
        ),
    )
    _write(
        folder / "overview_checked.csv",
        (
            "scope",
            "class_code",
            "students",
            "participants",
            "participation",
            "sessions",
            "finished_sessions",
            "scored_students",
            "mean_percent",
            "pass_rate",
            "excellent_rate",
            "median_minutes",
            "flagged_attempts",
        ),
        (
            [
                ("all" if o.class_code is None else "class"),
                safe_text(o.class_code or ""),
                o.students,
                o.participants,
                num(o.participation),
                o.sessions,
                o.finished_sessions,
                o.scored,
                num(o.mean_percent),
                num(o.pass_rate),
                num(o.excellent_rate),
                num(o.median_minutes),
                sum(1 for f in integrity.flags if o.class_code in (None, f.class_code)),
            ]
            for o in (integrity.overview if integrity else [])
        ),
    )
    retention = report.retention
    _write(
        folder / "retention.csv",
        (
            "scope",
            "track_id",
            "class_code",
            "nickname",
            "eligible",
            "took",
            "pre_percent",
            "post_percent",
            "retention_percent",
            "kept",
            "weeks",
        ),
        [
            *(
                [
                    "all" if c.class_code is None else "class",
                    c.track_id,
                    safe_text(c.class_code or ""),
                    "",
                    c.eligible,
                    c.took,
                    num(c.pre),
                    num(c.post),
                    num(c.retention),
                    num(c.kept, 3),
                    num(c.weeks, 1),
                ]
                for c in (retention.classes if retention else [])
            ),
            *(
                [
                    "student",
                    s.track_id,
                    safe_text(s.class_code),
                    safe_text(s.nickname),
                    1,
                    1,
                    num(s.pre),
                    num(s.post),
                    num(s.retention),
                    num(s.kept, 3),
                    num(s.weeks, 1),
                ]
                for s in (retention.students if retention else [])
            ),
        ],
    )
    return [folder / name for name in INSIGHT_FILES]
