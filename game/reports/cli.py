"""Subcommands for teachers and developers: report, export, simulate, teacher-pin.

register() only sets up argparse (cheap: `import game` stays light); each handler imports
what it needs. Bad input is a one-line message and exit code 1 or 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.cliargs import date as _date
from game.cliargs import fail as _fail
from game.cliargs import number_between


def _percent(text: str) -> float:
    return number_between("percent", 0, 100)(text)


def _filters(p: argparse.ArgumentParser, levels: bool = True) -> None:
    from game.reports.model import SESSION_MODES

    p.add_argument("--class", dest="class_code", metavar="CODE", help="only this class code")
    p.add_argument(
        "--age", dest="age_group", choices=["primary", "junior", "senior", "university"], help="only this school stage"
    )
    p.add_argument(
        "--from",
        dest="date_from",
        type=_date,
        metavar="DATE",
        help="sessions started on or after this local date (YYYY-MM-DD)",
    )
    p.add_argument(
        "--to", dest="date_to", type=_date, metavar="DATE", help="sessions started on or before this local date"
    )
    p.add_argument("--track", dest="track_id", metavar="ID", help="only this track")
    p.add_argument(
        "--mode",
        choices=SESSION_MODES,
        help="only sessions played this way: play, classroom, kiosk (the full course "
        "at a kiosk) or kiosk-quick (quick play)",
    )
    if levels:
        p.add_argument("--level", dest="level_id", metavar="ID", help="only this level")


def register(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    from game import paths

    report = sub.add_parser("report", help="teacher report of a database: one HTML file or a folder of CSV tables")
    report.add_argument(
        "--db",
        required=True,
        metavar="PATH|URL",
        help="the game's SQLite database, or with --district the district server (postgresql://...)",
    )
    report.add_argument(
        "--district", action="store_true", help="a city-wide report from the district server (see docs/district.md)"
    )
    report.add_argument("--site", metavar="ID", help="district report: only this site")
    report.add_argument("--format", choices=["html", "csv"], default="html", help="html (one file) or csv (a folder)")
    report.add_argument("--out", type=Path, required=True, help="the HTML file, or the folder for the CSV files")
    report.add_argument(
        "--lang", choices=["zh-CN", "en"], default="zh-CN", help="language of the report (default zh-CN)"
    )
    report.add_argument("--content", type=Path, default=paths.CONTENT, help="content folder (default: the shipped one)")
    report.add_argument("--pass-percent", type=_percent, help="pass mark in %% (default 60, or the teacher's setting)")
    report.add_argument("--excellent-percent", type=_percent, help="excellent mark in %% (default 90)")
    _filters(report)

    export = sub.add_parser(
        "export",
        help="every answer as one CSV (UTF-8 with BOM, for Excel) or JSON file,"
        " or the device's whole play data as a session file for `import`",
    )
    export.add_argument("--db", type=Path, required=True, help="the game's SQLite database")
    export.add_argument(
        "--format",
        choices=["csv", "json", "session"],
        default="csv",
        help="csv, json, or session (everything, for `python main.py import` on the teacher's machine)",
    )
    export.add_argument("--out", type=Path, required=True, help="the file to write")
    export.add_argument("--player", metavar="NICKNAME", help="only this nickname (a student's data on request)")
    export.add_argument(
        "--with-device",
        action="store_true",
        help="csv/json: add each session's device id (left out by default: it links one child's sessions"
        " under different nicknames; needed only to recheck the device-burst flags)",
    )
    _filters(export)

    pin = sub.add_parser("teacher-pin", help="forget the teacher PIN, so the next teacher sets a new one")
    pin.add_argument("--db", type=Path, required=True)
    pin.add_argument("--clear", action="store_true", required=True, help="forget the PIN")

    return {"report": cmd_report, "export": cmd_export, "teacher-pin": cmd_pin}


# -- helpers ---------------------------------------------------------------------------------------------
def _utc_bound(day: dt.date | None, next_day: bool = False) -> str | None:
    """Local midnight of `day` (or of the day after) as a UTC ISO timestamp, as the store writes them."""
    if day is None:
        return None
    if next_day:
        day = day + dt.timedelta(days=1)
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def filters_from(args: argparse.Namespace) -> Any:
    from game.reports.model import Filters

    return Filters(
        class_code=args.class_code,
        age_group=args.age_group,
        start=_utc_bound(args.date_from),
        end=_utc_bound(args.date_to, next_day=True),
        track_id=args.track_id,
        level_id=getattr(args, "level_id", None),
        mode=getattr(args, "mode", None),
    )


def _open_existing(path: Path) -> Any:
    from game.store import Store

    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such database file")
    return Store.open(path)


def report_content(path: Path) -> Any:
    from game.content.loader import ContentInvalid, load_content

    try:
        return load_content(path)
    except ContentInvalid as exc:
        raise ValueError(f"the content in {path} has problems (run python main.py validate):\n{exc}") from None


# -- handlers ------------------------------------------------------------------------------------------------
def is_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def thresholds_for(args: argparse.Namespace, thresholds: Any) -> Any:
    """The saved (or default) cut-offs with the ones given on the command line."""
    from dataclasses import replace

    return replace(
        thresholds,
        pass_percent=args.pass_percent if args.pass_percent is not None else thresholds.pass_percent,
        excellent_percent=args.excellent_percent
        if args.excellent_percent is not None
        else thresholds.excellent_percent,
    )


def cmd_report(args: argparse.Namespace) -> int:
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report, thresholds_from
    from game.store import StoreError

    if args.district or is_url(args.db):  # game/district/cli.py takes these before they come here
        return _fail("a district report needs the district commands (game/district/cli.py)")
    if args.site:
        return _fail("--site is for a district report (--district --db postgresql://...)")
    try:
        content = report_content(args.content)
        store = _open_existing(Path(args.db))
    except (FileNotFoundError, ValueError, StoreError) as exc:
        return _fail(str(exc))
    try:
        catalog = Catalog.from_content(content)
        thresholds = thresholds_for(args, thresholds_from(store))
        report = build_report(store, catalog, filters_from(args), thresholds)
        return write_report(args, report, catalog)
    except StoreError as exc:
        return _fail(str(exc))
    finally:
        store.close()


def write_report(args: argparse.Namespace, report: Any, catalog: Any) -> int:
    """The report as one HTML file or a folder of CSV tables."""
    report.meta.update(
        {
            "from": args.date_from.isoformat() if args.date_from else None,
            "to": args.date_to.isoformat() if args.date_to else None,
        }
    )
    try:
        if args.format == "html":
            from game.reports.html import render_html

            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(render_html(report, catalog, args.lang), encoding="utf-8")
            print(
                f"wrote {args.out} ({report.total.students} students, {len(report.items)} questions, {report.answers} answers)"
            )
        else:
            from game.reports.csvout import write_report_csv

            files = write_report_csv(report, catalog, args.out, args.lang)
            print(f"wrote {len(files)} files in {args.out}: {', '.join(f.name for f in files)}")
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from game.reports.csvout import write_export
    from game.store import StoreError
    from game.store.reports import export_answers

    try:
        store = _open_existing(args.db)
    except (FileNotFoundError, StoreError) as exc:
        return _fail(str(exc))
    if args.format == "session":
        return _export_session(store, args.out)
    try:
        count = write_export(
            export_answers(store, filters_from(args), args.player, device=args.with_device),
            args.out,
            args.format,
            device=args.with_device,
        )
    except StoreError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}")
    finally:
        store.close()
    print(f"wrote {count} answers to {args.out}")
    return 0


def _export_session(store: Any, out: Path) -> int:
    from game.store import StoreError
    from game.store.sessionfile import export_session

    try:
        header = export_session(store, out)
    except StoreError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}")
    finally:
        store.close()
    counts = header["counts"]
    print(
        f"wrote {out}: device {header['device_id'][:8]}, {counts['players']} players, {counts['sessions']} sessions,"
        f" {counts['answers']} answers"
    )
    return 0


def cmd_pin(args: argparse.Namespace) -> int:
    from game.auth import PinGuard
    from game.store import StoreError

    try:
        store = _open_existing(args.db)
    except (FileNotFoundError, StoreError) as exc:
        return _fail(str(exc))
    try:
        PinGuard(store).clear()
    finally:
        store.close()
    print("the teacher PIN is cleared: the next teacher to open the teacher area sets a new one")
    return 0
