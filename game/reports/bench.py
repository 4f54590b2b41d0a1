"""`python main.py bench report --answers N`: how long every report table takes on N answers.

It simulates classes of 40 students (through the game's own store methods) into a temporary
database until it holds at least N answers, then times build_report (all the SQL and the
arithmetic behind overview, students, items, topics and gain) and the HTML and CSV renders.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

CLASS_SIZE = 40


def fill(store: Any, content: Any, answers: int, seed: int = 1) -> dict[str, Any]:
    from game.reports.simulate import simulate

    made = {"answers": 0, "students": 0, "sessions": 0, "classes": 0}
    while made["answers"] < answers:
        made["classes"] += 1
        result = simulate(store, content, f"C{made['classes']:04d}", CLASS_SIZE, seed=seed + made["classes"])
        made["answers"] += result.answers
        made["students"] += CLASS_SIZE
        made["sessions"] += result.sessions
        if result.answers == 0:
            break
    return made


def bench_report(answers: int, db: Path | str | None = None, repeat: int = 3, content_dir: Path | str | None = None,
                 render: bool = True) -> dict[str, Any]:
    """Fill a database with about `answers` answers (or reuse `db` if it has enough), time the report."""
    from game import paths
    from game.content.loader import load_content
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report
    from game.store import Store

    content = load_content(content_dir or paths.CONTENT)
    catalog = Catalog.from_content(content)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(db) if db else Path(tmp) / "bench.sqlite3"
        store = Store.open(path)
        try:
            have = store.answer_count()
            t0 = time.perf_counter()
            if have < answers:
                fill(store, content, answers - have)
            generate = time.perf_counter() - t0
            import gc

            runs, cpu, timings, report = [], [], {}, None
            for _ in range(max(1, repeat)):
                del report  # each run starts with the last one's report gone, as a fresh command would
                gc.collect()
                timings = {}
                t0, c0 = time.perf_counter(), time.process_time()
                report = build_report(store, catalog, timings=timings)
                runs.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)  # the machine is shared: CPU time shows the work itself
            out: dict[str, Any] = {
                "answers": report.answers,
                "students": report.total.students,
                "sessions": report.total.sessions,
                "items": len(report.items),
                "generate_seconds": round(generate, 3),
                "report_seconds": round(statistics.median(runs), 4),
                "report_seconds_min": round(min(runs), 4),
                "report_cpu_seconds": round(statistics.median(cpu), 4),
                "runs": len(runs),
                "queries": {k: round(v, 4) for k, v in timings.items()},
            }
            if render:
                from game.reports.csvout import write_report_csv
                from game.reports.html import render_html

                t0 = time.perf_counter()
                render_html(report, catalog, "zh-CN")
                out["html_seconds"] = round(time.perf_counter() - t0, 4)
                t0 = time.perf_counter()
                write_report_csv(report, catalog, Path(tmp) / "csv")
                out["csv_seconds"] = round(time.perf_counter() - t0, 4)
            return out
        finally:
            store.close()
