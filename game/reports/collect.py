"""The one entry point: a store, the content catalogue and filters in, a finished Report out.

The in-game teacher area, the HTML and CSV files and the benchmark all call build_report, so
the screens and the files show the same figures for the same data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from game.reports.build import build
from game.reports.catalog import Catalog
from game.reports.insight import build_insight
from game.reports.integrity import floor_table
from game.reports.model import Filters, Report, Thresholds


def thresholds_from(store, base: Thresholds = Thresholds()) -> Thresholds:
    """Cut-offs a teacher changed (settings key 'report.thresholds'), else the defaults."""
    saved = store.setting("report.thresholds", {}) or {}
    fields = {
        k: float(v) for k, v in saved.items() if k in Thresholds.__dataclass_fields__ and isinstance(v, (int, float))
    }
    return Thresholds(**{**base.__dict__, **fields})


def build_report(
    store,
    catalog: Catalog,
    filters: Filters = Filters(),
    thresholds: Thresholds | None = None,
    now: str | None = None,
    timings: dict[str, float] | None = None,
) -> Report:
    import gc
    import time

    from game.store.reports import fetch_rows

    thresholds = thresholds or thresholds_from(store)
    topics = {qid: q.topic for qid, q in catalog.questions.items()}
    drugs: dict[str, Iterable[str]] = {qid: q.drugs for qid, q in catalog.questions.items() if q.drugs}
    generated = now or dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    # A big report makes hundreds of thousands of small objects and no reference cycles: the cyclic
    # garbage collector would only rescan them again and again while they are built.
    paused = gc.isenabled()
    gc.disable()
    try:
        rows = fetch_rows(store, filters, topics, drugs, timings, insight=floor_table(catalog))
        t0 = time.perf_counter()
        report = build(rows, catalog, filters, thresholds, generated)
        if timings is not None:
            timings["build"] = time.perf_counter() - t0  # the arithmetic in Python, after the SQL
        t0 = time.perf_counter()
        build_insight(report, rows, rows.insight, catalog)
        if report.retention is not None:
            from game.store.retention import schedule

            report.retention.schedule = schedule(store)
        if timings is not None:
            timings["insight"] = time.perf_counter() - t0  # refusal skills, checks, re-tests
        return report
    finally:
        if paused:
            gc.enable()
