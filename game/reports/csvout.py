"""CSV and JSON files: the report as a folder of CSV tables, and the raw per-answer export.

Every CSV is UTF-8 with a byte-order mark, so Excel opens Chinese text correctly, and is
written by the csv module (quotes and commas inside nicknames survive a round trip). Text that
a spreadsheet would run as a formula (starting with = + - @) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from game.reports.model import District, Overview, Report

ENCODING = "utf-8-sig"
EXPORT_COLUMNS = (
    "attempt_id",
    "player",
    "class_code",
    "age_group",
    "level_id",
    "question_id",
    "chosen",
    "correct",
    "score",
    "max_score",
    "response_ms",
    "answered_at",
    # where and how it was played (the integrity checks and the re-test can be recomputed from these)
    "role",
    "position",
    "session_id",
    "session_started_at",
    "lang",
    "mode",
)
# The device id of the session, only on request (`export --with-device`): it links one child's sessions under
# different nicknames, and a student's data is a nickname or seat, a class code and an age group, nothing more.
# The device-burst check of "check these" is the one figure that needs it.
DEVICE_COLUMN = "device"
TYPED_NAMES = ("player", "class_code", "lang", "mode", DEVICE_COLUMN)
ITEM_COLUMNS = ("question_id", "n", "facility", "discrimination_index", "discriminative_efficiency")
REPORT_FILES = (
    "overview.csv",
    "students.csv",
    "items.csv",
    "topics.csv",
    "gain.csv",
    "tests.csv",
    # refusal skills, "check these", the re-test weeks later (game/reports/csv_insight.py)
    "skills.csv",
    "skill_lines.csv",
    "check.csv",
    "overview_checked.csv",
    "retention.csv",
)
DISTRICT_FILES = ("sites.csv", "age_groups.csv", "weeks.csv", "city_topics.csv", "city_drugs.csv")
GROUP_COLUMNS = (
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
)


def safe_text(value: str) -> str:
    """Defuse spreadsheet formulas in player-typed text (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def num(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _write(path: Path, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    with path.open("w", encoding=ENCODING, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(list(header))
        writer.writerows(rows)


def write_report_csv(report: Report, catalog: Any, folder: Path, lang: str = "zh-CN") -> list[Path]:
    """overview.csv, students.csv, items.csv, topics.csv, gain.csv (and tests.csv) in folder; for a district
    report also DISTRICT_FILES (sites, age groups, weeks, and city-wide topics and drugs, weakest first)."""
    folder.mkdir(parents=True, exist_ok=True)
    topics = catalog.topics_in_order({t for s in report.students for t in s.topics})

    _write(
        folder / "overview.csv",
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
            "pass_percent",
            "excellent_percent",
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
                num(report.thresholds.pass_percent, 0),
                num(report.thresholds.excellent_percent, 0),
            ]
            for o in report.overview
        ),
    )

    columns = (
        "class_code",
        "nickname",
        "age_group",
        "sessions",
        "attempts",
        "first_percent",
        "best_percent",
        "minutes",
    )
    if report.district is not None:  # the district grain: each student's totals (topics are per class, in topics.csv)
        _write(
            folder / "students.csv",
            columns,
            (
                [
                    safe_text(s.class_code),
                    safe_text(s.nickname),
                    s.age_group,
                    s.sessions,
                    s.attempts,
                    num(s.first_percent),
                    num(s.best_percent),
                    num(s.minutes, 1),
                ]
                for s in report.students
            ),
        )
    else:
        _write(
            folder / "students.csv",
            (*columns, "needs_help", "reasons", *[f"topic_{t}" for t in topics], "drugs_hit", "untimed"),
            (
                [
                    safe_text(s.class_code),
                    safe_text(s.nickname),
                    s.age_group,
                    s.sessions,
                    s.attempts,
                    num(s.first_percent),
                    num(s.best_percent),
                    num(s.minutes, 1),
                    int(s.needs_help),
                    " ".join(s.reasons),
                    *[num(s.topics.get(t)) for t in topics],
                    ";".join(f"{d}:{n}" for d, n in s.hits.items()),
                    int(s.untimed),
                ]
                for s in report.students
            ),
        )

    _write(
        folder / "items.csv",
        (*ITEM_COLUMNS, "level_id", "role", "topic", "sd_percent", "median_ms", "flags", "options", "prompt"),
        (
            [
                i.question_id,
                i.n,
                num(i.facility),
                num(i.discrimination_index),
                num(i.discriminative_efficiency),
                i.level_id,
                i.role,
                i.topic,
                num(i.sd_percent),
                num(i.median_ms, 0),
                " ".join(i.flags),
                ";".join(f"{o.option_id or '-'}{'*' if o.correct else ''}={o.count}" for o in i.options),
                catalog.prompt(i.question_id, lang),
            ]
            for i in report.items
        ),
    )

    _write(
        folder / "topics.csv",
        ("kind", "class_code", "nickname", "key", "name", "n", "correct", "percent"),
        (
            [
                kind,
                safe_text(m.class_code),
                safe_text(m.nickname or ""),
                m.key,
                catalog.topic_name(m.key, lang) if kind == "topic" else catalog.drug_name(m.key, lang),
                m.n,
                m.correct,
                num(m.percent),
            ]
            for kind, rows in (("topic", report.topics), ("drug", report.drugs))
            for m in rows
        ),
    )

    _write(
        folder / "gain.csv",
        ("scope", "track_id", "class_code", "nickname", "n", "pre_percent", "post_percent", "gain", "mean_gain"),
        [
            *(
                [
                    "all" if g.class_code is None else "class",
                    g.track_id,
                    safe_text(g.class_code or ""),
                    "",
                    g.n,
                    num(g.pre_percent),
                    num(g.post_percent),
                    num(g.gain, 3),
                    num(g.mean_gain, 3),
                ]
                for g in report.gain_classes
            ),
            *(
                [
                    "student",
                    g.track_id,
                    safe_text(g.class_code),
                    safe_text(g.nickname),
                    1,
                    num(g.pre_percent),
                    num(g.post_percent),
                    num(g.gain, 3),
                    "",
                ]
                for g in report.gain_students
            ),
        ],
    )

    _write(
        folder / "tests.csv",
        ("level_id", "role", "n", "items", "mean_percent", "cronbach_alpha"),
        ([t.level_id, t.role, t.n, t.items, num(t.mean_percent), num(t.alpha, 3)] for t in report.tests),
    )
    from game.reports.csv_insight import write_insight_csv

    write_insight_csv(report, catalog, folder, lang)
    if report.district is None:
        return [folder / name for name in REPORT_FILES]
    _write_district(report.district, catalog, folder, lang)
    return [folder / name for name in REPORT_FILES + DISTRICT_FILES]


def _group(o: Overview) -> list[Any]:
    return [
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
    ]


def _write_district(d: District, catalog: Any, folder: Path, lang: str) -> None:
    """sites.csv, age_groups.csv, weeks.csv, city_topics.csv and city_drugs.csv of a district report.

    Site ids and age groups come from devices: they go through safe_text like class codes do."""
    from game.reports.html import by_age

    _write(
        folder / "sites.csv",
        ("site_id", *GROUP_COLUMNS, "devices", "last_sync_utc"),
        (
            [
                safe_text(o.class_code or ""),
                *_group(o),
                d.devices.get(o.class_code or "", 0),
                d.last_sync.get(o.class_code or "", ""),
            ]
            for o in d.sites
        ),
    )
    _write(
        folder / "age_groups.csv",
        ("age_group", "name", *GROUP_COLUMNS),
        (
            [
                safe_text(o.class_code or ""),
                safe_text(
                    catalog.text(f"age.{o.class_code}", lang)
                    if f"age.{o.class_code}" in catalog.strings
                    else o.class_code or ""
                ),
                *_group(o),
            ]
            for o in by_age(d.age_groups)
        ),
    )
    _write(
        folder / "weeks.csv",
        ("week", "timezone", "students", "sessions", "attempts", "mean_percent"),
        ([w.week, d.timezone, w.students, w.sessions, w.attempts, num(w.mean_percent)] for w in d.weeks),
    )
    for name, rows, title in (
        ("city_topics.csv", d.topics, catalog.topic_name),
        ("city_drugs.csv", d.drugs, catalog.drug_name),
    ):
        _write(
            folder / name,
            ("rank", "key", "name", "n", "correct", "percent"),
            (
                [rank, safe_text(m.key), safe_text(title(m.key, lang)), m.n, m.correct, num(m.percent)]
                for rank, m in enumerate(rows, 1)
            ),
        )


def export_columns(device: bool = False) -> tuple[str, ...]:
    """The export's columns: EXPORT_COLUMNS, and the device id last when asked for."""
    return EXPORT_COLUMNS + ((DEVICE_COLUMN,) if device else ())


def write_export(rows: Iterable[tuple], out: Path, fmt: str = "csv", device: bool = False) -> int:
    """One row per answer (export_columns(device); rows carry the device id only when device is True).
    CSV: UTF-8 with BOM. JSON: an array of objects."""
    columns = export_columns(device)
    typed = [columns.index(c) for c in TYPED_NAMES if c in columns]
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    if fmt == "csv":
        with out.open("w", encoding=ENCODING, newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for row in rows:
                values = list(row)
                for i in typed:  # text that came from a device or a session file, not from the game's content
                    if isinstance(values[i], str):
                        values[i] = safe_text(values[i])
                writer.writerow(values)
                count += 1
        return count
    with out.open("w", encoding="utf-8") as f:
        f.write("[")
        for row in rows:
            record = dict(zip(columns, row))
            record["correct"] = bool(record["correct"])
            f.write(("\n" if count == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
            count += 1
        f.write("\n]\n")
    return count
