"""Teacher reports: pure functions from stored rows to summaries, and their renderers.

    model.py     the plain dataclasses: filters, thresholds, the rows SQL hands in, the reports
    stats.py     the arithmetic: facility, discrimination, efficiency, alpha, gain, medians
    catalog.py   what the reports need to know about the content (topics, drugs, options, titles)
    build.py     rows -> report dataclasses (no SQL, no pygame)
    collect.py   the one entry point: store + catalog + filters -> Report
    html.py, charts.py, csvout.py   files to share; game/scenes/teacher/ draws the same Report
    export.py, simulate.py, pin.py, bench.py, cli.py

Nothing here imports pygame; all SQL is in game/store/reports.py.
"""
