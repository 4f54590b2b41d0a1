"""`python main.py bench sync`: the district figures, each beside a baseline from the same run.

- sync: one device with N answers (default 100,000; simulated once and kept in the cache folder)
  pushed to an empty server (a throwaway local PostgreSQL with its default durability, or --to URL),
  including the refresh of the district report's running totals that every sync ends with.
  Baseline: the same answer rows read from SQLite and COPYed by hand into a bare table with no keys,
  indexes or upserts, in one transaction: the least any sync of these rows could cost here.
- district report: the whole district report over M answers (default 1,000,000; --quick 100,000)
  on that server, median of 3 (from connecting to the built report; the totals are up to date, as
  after any sync). Baselines: a bare join of every answer to its attempt on the server,
  and the class report (SQLite, same rows) on the device's own file.
Targets (issue 9): sync of 100,000 answers <= 10 s; district report over 1,000,000 answers <= 3 s.
"""

from __future__ import annotations

import statistics
import time
import uuid
from pathlib import Path
from typing import Any

BARE = "CREATE TEMP TABLE bare (LIKE answers)"
BARE_COPY = "COPY bare FROM STDIN"
SCAN = "SELECT count(*), sum(a.score) FROM answers a JOIN attempts t ON t.uuid = a.attempt_uuid"


def _device(cache: Path, answers: int, content: Any) -> Path:
    """A device database with at least `answers` answers (made once, then reused from the cache)."""
    from game.devtools.bench_report import fill
    from game.district.identity import configure
    from game.store import Store

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"report-{answers}.sqlite3"  # the same files `bench report` keeps
    store = Store.open(path)
    try:
        if store.answer_count() < answers:
            fill(store, content, answers - store.answer_count())
        configure(store, site_id="bench-site")
    finally:
        store.close()
    return path


def _bare_copy(url: str, db: Path) -> float:
    """Every answer row read as the sync reads it, COPYed into a bare table: no keys, no upsert."""
    import psycopg

    from game.store import Store
    from game.store.outbox import Snapshot

    t0 = time.perf_counter()
    store = Store.open(db)
    snapshot = Snapshot(store)
    try:
        with psycopg.connect(url) as conn, conn.cursor() as cur:
            cur.execute(BARE)
            with cur.copy(BARE_COPY) as pipe:
                for u, t, *rest in snapshot.unsent("answers", 0, 1 << 62):
                    pipe.write_row((u, "s", "d", t, *rest))
            conn.commit()
    finally:
        snapshot.close()
        store.close()
    return time.perf_counter() - t0


def bench_sync(
    answers: int = 100_000,
    report_answers: int = 1_000_000,
    url: str | None = None,
    cache: Path | None = None,
    repeat: int = 3,
) -> dict[str, Any]:
    from game import paths
    from game.content.loader import load_content_cached
    from game.devtools.throwaway import Throwaway
    from game.district.report import build_district_report
    from game.district.sync import sync
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report
    from game.store import Store

    content = load_content_cached(paths.CONTENT)
    catalog = Catalog.from_content(content)
    if cache is None:
        cache = paths.cache_dir() / "bench"
    small = _device(cache, answers, content)
    big = _device(cache, report_answers, content) if report_answers != answers else small
    server = None if url else Throwaway(durable=True).start()
    try:

        def fresh() -> str:
            return server.create_database("bench_" + uuid.uuid4().hex[:8]) if server else url  # type: ignore[return-value]

        target = fresh()
        pushed = sync(small, target, init=True)
        bare = _bare_copy(target, small)
        out: dict[str, Any] = {
            "sync": {
                "answers": pushed.tables["answers"].sent,
                "rows": pushed.sent,
                "batches": pushed.batches,
                "seconds": round(pushed.seconds, 3),
                "of_which_refresh_s": round(pushed.refresh_seconds, 3),
                "baseline_bare_copy_s": round(bare, 3),
                "ratio": round(pushed.seconds / bare, 2),
                "target_s": 10.0,
                "met": pushed.seconds <= 10.0,
            },
        }
        target = target if big == small else fresh()
        t0 = time.perf_counter()
        if big != small:
            sync(big, target, init=True, batch=20_000)
        filled = time.perf_counter() - t0
        runs: list[float] = []
        timings: dict[str, float] = {}
        for _ in range(max(1, repeat)):
            timings = {}
            t0 = time.perf_counter()
            report = build_district_report(target, catalog, timings=timings)
            runs.append(time.perf_counter() - t0)
        import psycopg

        with psycopg.connect(target) as conn:
            t0 = time.perf_counter()
            conn.execute(SCAN).fetchone()
            scan = time.perf_counter() - t0
        store = Store.open(big)
        try:
            t0 = time.perf_counter()
            build_report(store, catalog)
            local = time.perf_counter() - t0
        finally:
            store.close()
        seconds = statistics.median(runs)
        out["district_report"] = {
            "answers": report.answers,
            "students": report.total.students,
            "sync_to_fill_s": round(filled, 1),
            "seconds": round(seconds, 3),
            "seconds_min": round(min(runs), 3),
            "runs": len(runs),
            "baseline_scan_s": round(scan, 3),
            "ratio_to_scan": round(seconds / scan, 2),
            "class_report_sqlite_s": round(local, 3),
            "ratio_to_class_report": round(seconds / local, 2),
            "target_s": 3.0,
            "met": seconds <= 3.0,
            "steps": {k: round(v, 3) for k, v in timings.items()},
        }
        return out
    finally:
        if server:
            server.stop()
