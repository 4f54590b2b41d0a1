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
    from game.devtools.simulate import simulate

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


def bench_report(
    answers: int,
    db: Path | str | None = None,
    repeat: int = 3,
    content_dir: Path | str | None = None,
    render: bool = True,
) -> dict[str, Any]:
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

            runs: list[float] = []
            cpu: list[float] = []
            timings: dict[str, float] = {}
            report = None
            for _ in range(max(1, repeat)):
                del report  # each run starts with the last one's report gone, as a fresh command would
                gc.collect()
                timings = {}
                t0, c0 = time.perf_counter(), time.process_time()
                report = build_report(store, catalog, timings=timings)
                runs.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)  # the machine is shared: CPU time shows the work itself
            assert report is not None, "the loop runs at least once (max(1, repeat))"
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


def bench_growth(
    small: int,
    small_db: Path | str,
    big: int,
    big_db: Path | str,
    repeat: int = 5,
    content_dir: Path | str | None = None,
) -> dict[str, Any]:
    """The report at two sizes in one run, interleaved (small, big, small, big ...), so whatever else
    the machine is doing falls on both alike; growth = big / small (medians). Linear growth is
    big answers / small answers. The databases are filled first if they hold too few answers."""
    import gc

    from game import paths
    from game.content.loader import load_content
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report
    from game.store import Store

    content = load_content(content_dir or paths.CONTENT)
    catalog = Catalog.from_content(content)
    stores = []
    try:
        for n, db in ((small, small_db), (big, big_db)):
            store = Store.open(Path(db))
            stores.append(store)
            if store.answer_count() < n:
                fill(store, content, n - store.answer_count())
        wall: list[list[float]] = [[], []]
        cpu: list[list[float]] = [[], []]
        timings: list[dict[str, float]] = [{}, {}]
        answers = [0, 0]
        for _ in range(max(1, repeat)):
            for i, store in enumerate(stores):
                gc.collect()
                steps: dict[str, float] = {}
                t0, c0 = time.perf_counter(), time.process_time()
                report = build_report(store, catalog, timings=steps)
                wall[i].append(time.perf_counter() - t0)
                cpu[i].append(time.process_time() - c0)
                answers[i] = report.answers
                for k, v in steps.items():  # each step's best run
                    timings[i][k] = min(timings[i].get(k, v), v)
                del report
    finally:
        for store in stores:
            store.close()
    med = [statistics.median(w) for w in wall]
    med_cpu = [statistics.median(c) for c in cpu]
    return {
        "answers": answers,
        "runs": max(1, repeat),
        "report_seconds": [round(m, 4) for m in med],
        "report_seconds_min": [round(min(w), 4) for w in wall],
        "report_cpu_seconds": [round(m, 4) for m in med_cpu],
        "growth": round(med[1] / med[0], 2),
        "growth_min": round(min(wall[1]) / min(wall[0]), 2),
        "growth_cpu": round(med_cpu[1] / med_cpu[0], 2),
        "linear_growth": round(answers[1] / max(answers[0], 1), 2),
        "steps_best": [{k: round(v, 4) for k, v in sorted(t.items(), key=lambda kv: -kv[1])} for t in timings],
    }
