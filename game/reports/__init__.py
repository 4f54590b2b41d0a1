"""Teacher reports: pure functions from stored rows to summaries, and their renderers.

    model.py     the plain dataclasses: thresholds and the reports (the rows SQL hands in, and the
                 filters, are the store's: game/store/rows.py, named here too)
    stats.py     the arithmetic: facility, discrimination, efficiency, alpha, gain, medians
    catalog.py   what the reports need to know about the content (topics, drugs, options, titles)
    build.py     rows -> report dataclasses (no SQL, no pygame)
    collect.py   the one entry point: store + catalog + filters -> Report
    html.py, charts.py, csvout.py   files to share; game/scenes/teacher/ draws the same Report
    insight.py, skills.py, integrity.py, retention.py   refusal skills, "check these", the re-test
    cli.py       `report`, `export`, `teacher-pin` (`report --district` is game/district/cli.py's)
The PIN is game/auth.py; simulate and the benchmarks are in game/devtools/.

Nothing here imports pygame; all SQL is in game/store/reports.py.
"""
