"""The district view (issue 9): devices sync to a real PostgreSQL server; the district report equals the
class report on the same data merged.

The server tests need PostgreSQL's server programs (Debian: `apt-get install postgresql`; .ci/run installs
them). They start one throwaway server for the session (game/devtools/throwaway.py) and give each test
its own database. Without the programs they are skipped with that instruction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from game import paths
from game.devtools.simulate import simulate
from game.district.identity import IdentityError, check_site_id, configure, identity
from game.reports.catalog import Catalog
from game.reports.collect import build_report
from game.store import Store
from game.store.sessionfile import export_session, import_session
from tests.test_import import counts

TABLES = ("players", "sessions", "attempts", "answers", "events")


# -- without a server: the change numbers and the identity --------------------------------------------------
def test_every_write_gets_a_newer_change_number(tmp_path):
    store = Store.open(tmp_path / "g.db")
    player = store.add_player("小明", "7A", "junior")
    session = store.start_session(player, "junior", "zh-CN", "c1", "g1")
    attempt = store.start_attempt(session, "quiz-1", "quiz")
    store.record_answer(attempt, "q1", ["a"], True, 1, 1, 900)
    rev = {t: store.conn.execute(f"SELECT MAX(rev) FROM {t}").fetchone()[0] for t in TABLES[:4]}
    assert rev["players"] < rev["sessions"] < rev["attempts"] < rev["answers"]
    store.finish_attempt(attempt, 1, 1, True)
    store.end_session(session, "finished")
    after = {t: store.conn.execute(f"SELECT MAX(rev) FROM {t}").fetchone()[0] for t in ("attempts", "sessions")}
    assert after["attempts"] > rev["answers"] and after["sessions"] > after["attempts"]  # updates are changes too
    clock = store.conn.execute("SELECT n FROM sync_clock").fetchone()[0]
    assert clock == after["sessions"]  # one clock for the device
    store.close()


def test_a_database_from_before_sync_gets_change_numbers_on_upgrade(tmp_path):
    from game.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + MIGRATIONS[1] + "PRAGMA user_version = 2;")
    conn.execute(
        "INSERT INTO players (uuid, nickname, class_code, age_group, created_at) VALUES ('u1', 'a', '7A', 'junior', 't')"
    )
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert store.conn.execute("SELECT rev FROM players").fetchone()[0] == 1
    store.add_player("b", "7A", "junior")
    assert [r[0] for r in store.conn.execute("SELECT rev FROM players ORDER BY id")] == [1, 2]
    store.close()


def test_player_keys_hide_nicknames_but_match_across_a_sites_devices(tmp_path):
    one, two, other = (Store.open(tmp_path / f"{n}.db") for n in ("one", "two", "other"))
    secret = "school-12-shared-secret-abcdef"
    a = configure(one, "school-12", secret)
    b = configure(two, "school-12", secret)
    c = configure(other, "school-13")
    assert a.device_id != b.device_id
    assert a.player_key("7A", "小明") == b.player_key("7A", "小明")  # same student, two kiosks of one site
    assert "小明" not in a.player_key("7A", "小明")
    assert a.player_key("7A", "小明") != a.player_key("7B", "小明") != c.player_key("7A", "小明")
    shared = configure(one, share_nicknames=True)
    assert shared.player_key("7A", "小明") == "小明"
    for store in (one, two, other):
        store.close()


@pytest.mark.parametrize("bad", ["", "has space", "a/b", "x" * 65, "-lead", "学校"])
def test_a_bad_site_id_is_refused_with_a_reason(bad):
    with pytest.raises(IdentityError, match="site id"):
        check_site_id(bad)


def test_sync_without_a_site_id_says_how_to_set_it(tmp_path):
    from game.district.sync import SyncError, sync

    Store.open(tmp_path / "g.db").close()
    with pytest.raises(SyncError, match="site --site-id"):
        sync(tmp_path / "g.db", "postgresql://nobody@/x?host=/nonexistent")


# -- a real server -------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def pg():
    from game.devtools.throwaway import Throwaway, missing

    reason = missing()
    if reason and os.environ.get("JINDU_REQUIRE_PG"):
        pytest.fail(f"JINDU_REQUIRE_PG is set (as in .ci/run) but: {reason}")
    if reason:
        pytest.skip(f"no PostgreSQL server programs: {reason}")
    pytest.importorskip("psycopg", reason="psycopg is in the test extra: pip install -e '.[test]'")
    server = Throwaway().start()
    yield server
    server.stop()


@pytest.fixture
def server(pg):
    """A fresh, empty database on the throwaway server: its URL."""
    return pg.create_database("t_" + uuid.uuid4().hex[:12])


@pytest.fixture(scope="module")
def content():
    from game.content.loader import load_content_cached

    return load_content_cached(paths.CONTENT)


def device(folder: Path, content, site: str, number: int, students: int = 6, seed: int = 0) -> Path:
    """One kiosk's database: `students` simulated students of a class of that site."""
    path = folder / f"{site}-{number}.db"
    store = Store.open(path)
    configure(store, site, secret=f"{site}-secret-0123456789")
    tracks = sorted(content.tracks)
    simulate(
        store,
        content,
        f"{site}-{7 + number % 3}{'ABC'[number % 3]}",
        students,
        seed=seed,
        track_id=tracks[seed % len(tracks)],
        start=dt.date(2026, 10, 5) + dt.timedelta(days=3 * seed),
        days=9,
    )
    store.close()
    return path


def dump(url: str) -> dict[str, list[tuple]]:
    """Every device row on the server (not the devices table: it records when each synced)."""
    import psycopg

    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY uuid").fetchall() for t in TABLES}


def server_counts(url: str, by_site: bool = False) -> dict:
    import psycopg

    with psycopg.connect(url) as conn:
        if by_site:
            return {
                t: dict(conn.execute(f"SELECT site_id, count(*) FROM {t} GROUP BY site_id").fetchall()) for t in TABLES
            }
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_many_sites_and_devices_sync_at_once_and_the_server_holds_their_sum(tmp_path, server, content):
    from game.district.sync import sync

    devices = {
        (f"site-{s}", d): device(tmp_path, content, f"site-{s}", d, students=4, seed=3 * s + d)
        for s in range(5)
        for d in range(3)
    }
    with ThreadPoolExecutor(max_workers=15) as pool:  # every device at once, each also migrating the server
        results = list(pool.map(lambda p: sync(p, server, init=True, batch=200), devices.values()))
    assert all(r.sent == sum(counts(p).values()) for r, p in zip(results, devices.values()))
    local = {t: sum(counts(p)[t] for p in devices.values()) for t in TABLES}
    assert server_counts(server) == local
    per_site = server_counts(server, by_site=True)
    for t in TABLES:
        for s in range(5):
            assert per_site[t][f"site-{s}"] == sum(counts(devices[(f"site-{s}", d)])[t] for d in range(3))
    assert local["answers"] > 500
    # the running totals, refreshed by fifteen syncs at once, equal a recount
    assert totals(server)["agg_dirty"] == []
    fast, slow = both_ways(server, Catalog.from_content(content))
    assert fast == slow


def test_syncing_again_adds_nothing_and_sends_only_what_changed(tmp_path, server, content):
    from game.district.sync import sync

    path = device(tmp_path, content, "school-1", 0, students=5)
    first = sync(path, server, init=True)
    before = dump(server)
    again = sync(path, server)
    assert again.sent == 0 and again.batches == 0
    assert dump(server) == before
    # new play: a session still open, then finished; the server gets the new rows, then the finished session
    store = Store.open(path)
    player = store.add_player("新同学", "school-1-7A", "junior")
    session = store.start_session(player, "junior", "zh-CN", "c", "g")
    attempt = store.start_attempt(session, "junior-quiz-1", "quiz")
    store.record_answer(attempt, "q-x", ["a"], False, 0, 1, 1200)
    third = sync(path, server)
    assert {t: r.inserted for t, r in third.tables.items()} == {
        "players": 1,
        "sessions": 1,
        "attempts": 1,
        "answers": 1,
        "events": 0,
    }
    store.finish_attempt(attempt, 0, 1, False)
    store.end_session(session, "finished")
    store.close()
    fourth = sync(path, server)
    assert {t: (r.inserted, r.updated) for t, r in fourth.tables.items() if r.sent} == {
        "sessions": (0, 1),
        "attempts": (0, 1),
    }
    rows = dump(server)
    assert sum(len(v) for v in rows.values()) == first.sent + 4
    status = {r[0]: r for r in rows["sessions"]}[uuid.UUID(Store.open(path).session(session)["uuid"])]
    assert "finished" in status


def test_nicknames_stay_on_the_device_unless_the_site_shares_them(tmp_path, server, content):
    from game.district.sync import sync

    path = device(tmp_path, content, "school-2", 0, students=5)
    sync(path, server, init=True)
    nicknames = {r[0] for r in sqlite3.connect(path).execute("SELECT nickname FROM players")}
    keys = {row[3] for row in dump(server)["players"]}
    assert nicknames and not nicknames & keys
    assert all(len(k) == 24 for k in keys)
    store = Store.open(path)
    configure(store, share_nicknames=True)
    store.add_player("S99", "school-2-7A", "junior")
    store.close()
    sync(path, server)
    assert "S99" in {row[3] for row in dump(server)["players"]}


def test_a_sync_killed_halfway_then_run_again_gives_the_same_server_as_one_clean_sync(tmp_path, pg, content):
    from game.district.sync import sync

    path = device(tmp_path, content, "school-3", 0, students=12)
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    clean, killed = (
        pg.create_database("clean_" + uuid.uuid4().hex[:8]),
        pg.create_database("kill_" + uuid.uuid4().hex[:8]),
    )
    sync(copy, clean, init=True, batch=50)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            str(paths.ROOT / "main.py"),
            "sync",
            "--to",
            killed,
            "--db",
            str(path),
            "--init",
            "--batch",
            "50",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=paths.ROOT,
    )
    lines = []
    for line in proc.stdout:  # kill it after a few acknowledged batches, in the middle of the answers
        lines.append(line)
        if line.startswith("answers:") and sum(x.startswith("answers:") for x in lines) == 3:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, (lines, proc.stderr.read())
    partial = server_counts(killed)
    assert 0 < partial["answers"] < counts(path)["answers"]  # it really stopped halfway
    resumed = sync(path, killed, batch=50)
    assert resumed.tables["players"].sent == 0  # what was acknowledged is not sent again
    assert dump(killed) == dump(clean)
    assert totals(killed) == totals(clean)


def test_a_batch_committed_but_not_acknowledged_is_sent_again_and_changes_nothing(tmp_path, server, content):
    from game.district.sync import sync

    path = device(tmp_path, content, "school-4", 0, students=6)

    class PowerCut(Exception):
        pass

    def cut(table: str, batch: int) -> None:
        if table == "answers":
            raise PowerCut  # after the server's COMMIT, before the device records it

    with pytest.raises(PowerCut):
        sync(path, server, init=True, batch=100, after_commit=cut)
    on_server = server_counts(server)["answers"]
    assert on_server == 100
    again = sync(path, server, batch=100)
    assert again.tables["answers"].sent == counts(path)["answers"]  # the unacknowledged batch went again ...
    assert again.tables["answers"].inserted == counts(path)["answers"] - 100  # ... and added nothing twice
    assert server_counts(server) == counts(path)


def totals(url: str) -> dict[str, list[tuple]]:
    """The running totals a district report reads (a total at 0 may stay behind as a row: left out)."""
    import psycopg

    with psycopg.connect(url) as conn:
        out = {
            t: sorted(conn.execute(f"SELECT * FROM {t} WHERE n > 0").fetchall(), key=repr)
            for t in ("agg_cells", "agg_class_q", "agg_ms_bucket")
        }
        for t in ("agg_group", "agg_student", "agg_gain", "agg_answers", "agg_dirty", "agg_scenario"):
            out[t] = sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
        return out


def both_ways(url: str, catalog: Catalog, site: str | None = None) -> tuple:
    """The district rows from the running totals, and recounted from every answer (at the same grain)."""
    from game.district import aggregate, report
    from game.district import server as srv
    from game.reports.model import Filters

    topics = {qid: q.topic for qid, q in catalog.questions.items()}
    drugs = {qid: q.drugs for qid, q in catalog.questions.items() if q.drugs}
    params = report._params(Filters(), site, "Asia/Shanghai", catalog)  # the refusal-skill rows too
    conn = srv.connect(url)
    try:
        aggregate.refresh(conn)
        fast = report._from_totals(conn, topics, drugs, params, None)
        rows, weeks, devices = report._recomputed(conn, Filters(), topics, drugs, params, None)
    finally:
        conn.close()

    def norm(found: tuple) -> tuple:
        rows, weeks, devices = found
        return (
            {
                f.name: sorted(map(repr, v)) if isinstance(v, list) else v
                for f in dataclasses.fields(rows)
                for v in [getattr(rows, f.name)]
            },
            weeks,
            devices,
        )

    return norm(fast), norm((report.district_grain(rows), weeks, devices))


def test_the_running_totals_equal_a_recount_whatever_order_rows_arrive_in(tmp_path, pg, server, content):
    from game.district.sync import sync

    catalog = Catalog.from_content(content)
    # two kiosks of one school, the same class and nicknames (so the same students, by their player keys):
    # the same track, `earlier` played from 5 October, `later` some days after; and a second school
    later = device(tmp_path, content, "school-9", 3, students=6, seed=len(content.tracks))
    earlier = device(tmp_path, content, "school-9", 0, students=6, seed=0)
    other = device(tmp_path, content, "school-8", 1, students=4, seed=1)

    def same() -> None:
        for site in (None, "school-9", "school-8"):
            fast, slow = both_ways(server, catalog, site)
            assert fast == slow, site
        assert totals(server)["agg_dirty"] == []

    class Stop(Exception):
        pass

    def stop(table: str, batch: int) -> None:
        if batch == 12:
            raise Stop

    with pytest.raises(Stop):  # stopped in the middle of the answers: the sync's own refresh never ran
        sync(later, server, init=True, batch=40, after_commit=stop)
    assert totals(server)["agg_dirty"]
    same()  # the report brings the totals up to date first
    sync(later, server, batch=40)
    sync(other, server)
    same()
    firsts = {row[:5]: row[7] for row in totals(server)["agg_group"]}
    # the same students' earlier attempts arrive from the other kiosk: their first attempts change
    sync(earlier, server, batch=40)
    moved = {row[:5]: row[7] for row in totals(server)["agg_group"]}
    assert sum(firsts[k] != moved[k] for k in firsts) > len(firsts) // 4
    same()
    # an attempt synced while open, then finished; and a sync killed as the device's power would be
    store = Store.open(earlier)
    player = store.add_player("S01", "school-9-7A", "junior")
    session = store.start_session(player, "junior", "zh-CN", "c", "g")
    attempt = store.start_attempt(session, "junior-quiz-1", "quiz")
    store.record_answer(attempt, "q-x", ["a"], False, 0, 1, 1200)
    sync(earlier, server)
    same()
    store.record_answer(attempt, "q-y", ["b"], True, 1, 1, 900)
    store.finish_attempt(attempt, 1, 2, False)
    store.end_session(session, "finished")
    store.close()
    sync(earlier, server)
    same()
    # the totals of that whole history are the totals of one clean sync of the same devices
    clean = pg.create_database("clean_" + uuid.uuid4().hex[:8])
    for path in (earlier, later, other):
        sync(path, clean, init=True)  # another server: the device sends it everything
    assert totals(clean) == totals(server)


def test_a_refresh_while_another_transaction_is_writing_loses_none_of_its_rows(tmp_path, server, content):
    import psycopg

    from game.district import aggregate
    from game.district import server as srv
    from game.district.sync import sync

    sync(device(tmp_path, content, "school-12", 0, students=3), server, init=True)
    with psycopg.connect(server, autocommit=True) as conn:
        attempt, site, dev = conn.execute(
            "SELECT a.uuid, a.site_id, a.device_id FROM agg_group g JOIN attempts a ON a.uuid = g.first_uuid "
            "WHERE g.role = 'level' AND a.level_type = 'quiz' ORDER BY a.uuid LIMIT 1"
        ).fetchone()
        conn.execute("UPDATE attempts SET rev = rev WHERE uuid = %s", (attempt,))  # a committed mark for it
    writer = psycopg.connect(server)  # e.g. a sync's answers batch, between its upsert and its commit
    writer.execute(
        "INSERT INTO answers (uuid, site_id, device_id, attempt_uuid, question_id, chosen, correct, score, "
        "max_score, response_ms, answered_at, rev) VALUES (gen_random_uuid(), %s, %s, %s, 'q-late', 'a', 1, "
        "1, 1, 1500, '2026-10-06T01:00:00.000Z', 1)",
        (site, dev, attempt),
    )
    other = srv.connect(server)
    assert aggregate.refresh(other) > 0  # takes the committed mark; cannot see the writer's answer yet
    other.close()
    writer.commit()
    writer.close()
    assert totals(server)["agg_dirty"]  # the writer's own mark is still there ...
    fast, slow = both_ways(server, Catalog.from_content(content))  # ... so the next refresh counts its answer
    assert fast == slow
    assert any("q-late" in row for row in fast[0]["options"])


def test_rows_re_sent_under_another_site_and_key_leave_the_totals_equal_to_a_recount(tmp_path, server, content):
    from game.district.sync import sync

    kiosk = device(tmp_path, content, "school-10", 0, students=4)
    sync(kiosk, server, init=True)
    # a teacher merges the kiosk's session file into a device of another site with another secret, which
    # has written more rows of its own (so its change numbers are higher), and syncs that device too
    teacher = device(tmp_path, content, "school-11", 1, students=12, seed=5)
    exported = tmp_path / "kiosk.session"
    store = Store.open(kiosk)
    export_session(store, exported)
    store.close()
    store = Store.open(teacher)
    import_session(store, exported)
    store.close()
    before = {row[0]: (row[1], row[3]) for row in dump(server)["players"]}
    moved = sync(teacher, server)
    assert moved.tables["sessions"].updated > 0 and moved.tables["players"].updated > 0
    after = {row[0]: (row[1], row[3]) for row in dump(server)["players"]}
    assert any(after[u] != before[u] for u in before)  # the kiosk's students now carry the teacher's site and key
    fast, slow = both_ways(server, Catalog.from_content(content))
    assert fast == slow
    assert not any(code.startswith("school-10/") for code in {r.split("'")[1] for r in fast[0]["students"]})


def test_a_server_with_another_collation_reports_the_same(tmp_path, pg, content):
    """Under an ICU collation '~' sorts before digits: an open date range must not become a bound."""
    import psycopg

    from game.district.report import build_district_report
    from game.district.sync import sync
    from game.reports.model import Filters

    name = "icu_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'")
    url = pg.url(name)
    sync(device(tmp_path, content, "school-13", 0, students=4), url, init=True)
    catalog = Catalog.from_content(content)
    fast, slow = both_ways(url, catalog)
    assert fast == slow and len(fast[0]["students"]) == 4
    since = build_district_report(url, catalog, Filters(start="2026-01-01T00:00:00Z"), now="t")  # recounted
    assert len(since.students) == 4 and since.answers == build_district_report(url, catalog, now="t").answers


def test_a_server_from_before_the_running_totals_is_upgraded_by_init_and_counts_what_it_held(
    tmp_path, server, content, monkeypatch
):
    from game.district import server as srv
    from game.district.sync import SyncError, sync

    path = device(tmp_path, content, "school-7", 0, students=4)
    more = device(tmp_path, content, "school-7", 1, students=3, seed=1)
    with monkeypatch.context() as m:  # the server as the first district release made it: schema 1, no totals
        m.setattr(srv, "SERVER_MIGRATIONS", srv.SERVER_MIGRATIONS[:1])
        m.setattr(srv, "SERVER_SCHEMA", 1)
        conn = srv.connect(server)
        from game.store.db import SCHEMA_VERSION

        srv.migrate(conn, SCHEMA_VERSION)  # (the device's schema moves on with the game: accepted, as --init did then)
        conn.close()
        m.setattr("game.district.aggregate.refresh", lambda conn, timings=None: 0)  # that game had none
        sync(path, server)
    held = server_counts(server)
    with pytest.raises(SyncError, match=r"schema \(1\) is older.*--init.*Nothing was sent"):
        sync(more, server)
    assert server_counts(server) == held
    sync(more, server, init=True)  # migration 2 counts every attempt the server already held
    fast, slow = both_ways(server, Catalog.from_content(content))
    assert fast == slow and len(fast[0]["students"]) == 7


def test_a_device_newer_than_the_server_is_refused_and_sends_nothing(tmp_path, server, content):
    import psycopg

    from game.district.sync import SyncError, sync

    path = device(tmp_path, content, "school-5", 0, students=3)
    sync(path, server, init=True)
    with psycopg.connect(server) as conn:  # the server as an older game left it
        conn.execute("UPDATE district_meta SET value = '2' WHERE key = 'device_schema'")  # this game writes 3+
        conn.execute("TRUNCATE answers, events")
    from game.store.db import SCHEMA_VERSION

    with pytest.raises(SyncError, match=rf"refused.*schema {SCHEMA_VERSION}.*up to 2.*--init"):
        sync(path, server)
    assert server_counts(server)["answers"] == 0


def test_an_uninitialised_or_unreachable_server_gets_a_plain_message(tmp_path, server, content):
    from game.district.sync import SyncError, sync

    path = device(tmp_path, content, "school-6", 0, students=2)
    with pytest.raises(SyncError, match="--init"):
        sync(path, server)
    with pytest.raises(SyncError, match="cannot connect"):
        sync(path, "postgresql://nobody@/nodb?host=/nonexistent-folder&port=1")
    done = subprocess.run(
        [
            sys.executable,
            str(paths.ROOT / "main.py"),
            "sync",
            "--to",
            "postgresql://nobody@/nodb?host=/nonexistent-folder&port=1",
            "--db",
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=60,
    )
    assert done.returncode == 1 and "cannot connect" in done.stderr and "Traceback" not in done.stderr


def _norm(value):
    """Floats to 6 significant digits; minutes differ in the 7th (julianday vs epoch arithmetic)."""
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, (list, tuple)):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        return _norm(dataclasses.asdict(value))
    return value


def test_the_district_report_equals_the_class_report_on_the_merged_data(tmp_path, server, content):
    from game.district.report import build_district_report
    from game.district.sync import sync
    from game.reports.model import Filters

    paths_ = [device(tmp_path, content, f"site-{s}", d, students=5, seed=2 * s + d) for s in range(3) for d in range(2)]
    merged = Store.open(tmp_path / "merged.db")  # the teacher's way of merging devices: session files
    for i, path in enumerate(paths_):
        store = Store.open(path)
        export_session(store, tmp_path / f"{i}.session")
        store.close()
        import_session(merged, tmp_path / f"{i}.session")
        sync(path, server, init=True)
    catalog = Catalog.from_content(content)
    local = build_report(merged, catalog, now="t")
    merged.close()
    district = build_district_report(server, catalog, now="t")

    def unsite(code):
        return code.split("/", 1)[-1] if code else code

    assert district.answers == local.answers > 300
    assert _norm(district.items) == _norm(local.items)
    assert _norm(district.tests) == _norm(local.tests)
    assert _norm(district.overview[0]) == _norm(local.overview[0])
    assert sorted(
        _norm([dataclasses.replace(o, class_code=unsite(o.class_code)) for o in district.overview[1:]]), key=str
    ) == sorted(_norm(local.overview[1:]), key=str)
    classes = lambda ms: sorted((unsite(m.class_code), m.key, m.n, m.correct) for m in ms if m.nickname is None)  # noqa: E731
    assert classes(district.topics) == classes(local.topics)
    assert classes(district.drugs) == classes(local.drugs)
    assert _norm([dataclasses.replace(g, class_code=unsite(g.class_code)) for g in district.gain_classes]) == _norm(
        local.gain_classes
    )

    def by_score(studs):
        return sorted((s.first_percent or -1, s.best_percent or -1, s.attempts, s.sessions) for s in studs)

    assert _norm(by_score(district.students)) == _norm(by_score(local.students))
    # the district's own figures: the same overview() per site, and totals that add up
    sites = {o.class_code: o for o in district.district.sites}
    assert set(sites) == {"site-0", "site-1", "site-2"}
    assert sum(o.students for o in sites.values()) == district.total.students
    assert sum(o.sessions for o in sites.values()) == district.total.sessions
    assert district.district.devices == {"site-0": 2, "site-1": 2, "site-2": 2}
    assert sum(w.sessions for w in district.district.weeks) == district.total.sessions
    topics = district.district.topics
    assert [t.percent for t in topics] == sorted(t.percent for t in topics)  # weakest first
    assert sum(t.n for t in topics) == sum(m.n for m in local.topics if m.nickname is None)
    # one class, named as the district report shows it (site/class): recounted from its answers, as the class report
    store = Store.open(tmp_path / "merged.db")
    one_local = build_report(store, catalog, Filters(class_code="site-1-8B"), now="t")
    store.close()
    one = build_district_report(server, catalog, Filters(class_code="site-1/site-1-8B"), now="t")
    assert one.meta["district"]["site"] == "site-1" and one.filters.class_code == "site-1-8B"
    assert one.answers == one_local.answers > 0
    assert _norm(one.items) == _norm(one_local.items)
    assert _norm(one.overview[0]) == _norm(one_local.overview[0])
    assert classes(one.topics) == classes(one_local.topics)

    # refusal skills: everyone, per site and per age group, from the totals' ledger, are the class report's
    # replies summed the same way (and one class, recounted from its answers, is that class's)
    def counts(profiles):
        out = [0, 0, 0, 0, {}]
        for p in profiles:
            out[0] += p.decisions
            out[1] += p.safe
            out[2] += p.went_unsafe
            out[3] += p.came_back
            for c in p.skills:
                was = out[4].get(c.skill, (0, 0, 0))
                out[4][c.skill] = (was[0] + c.offered, was[1] + c.chosen, was[2] + c.safe)
        return out

    assert (
        counts([district.skills.of("all")]) == counts([local.skills.of("all")])
        and local.skills.of("all").decisions > 20
    )
    assert [(x.question_id, x.n, x.unsafe) for x in district.skills.lines] == [
        (x.question_id, x.n, x.unsafe) for x in local.skills.lines if x.key is None
    ]
    local_students = [p for p in local.skills.profiles if p.scope == "student"]
    ages = {(st.class_code, st.nickname): st.age_group for st in local.students}
    for scope, key_of in (
        ("site", lambda p: p.key.rsplit("-", 1)[0]),
        ("age_group", lambda p: ages[(p.key, p.nickname)]),
    ):
        theirs = {p.key: counts([p]) for p in district.skills.profiles if p.scope == scope}
        mine: dict = {}
        for p in local_students:
            mine.setdefault(key_of(p), []).append(p)
        assert theirs == {k: counts(v) for k, v in mine.items() if counts(v)[0]}, scope
    assert counts([one.skills.of("all")]) == counts([one_local.skills.of("class", "site-1-8B")])


def test_the_district_report_command_writes_html_and_csv(tmp_path, server, content):
    from game.district.sync import sync

    sync(device(tmp_path, content, "hall-1", 0, students=4), server, init=True)
    for fmt, out in (("html", tmp_path / "d.html"), ("csv", tmp_path / "csv")):
        done = subprocess.run(
            [
                sys.executable,
                str(paths.ROOT / "main.py"),
                "report",
                "--db",
                server,
                "--district",
                "--format",
                fmt,
                "--out",
                str(out),
                "--lang",
                "en",
            ],
            capture_output=True,
            text=True,
            cwd=paths.ROOT,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert out.exists()
    assert "hall-1" in (tmp_path / "d.html").read_text(encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            str(paths.ROOT / "main.py"),
            "report",
            "--db",
            str(tmp_path / "x.db"),
            "--district",
            "--out",
            str(tmp_path / "x.html"),
        ],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=60,
    )
    assert done.returncode == 1 and "postgresql://" in done.stderr and "Traceback" not in done.stderr


def test_background_sync_keeps_trying_while_the_server_is_down(tmp_path, server, content):
    import time

    from game.district.sync import BackgroundSync

    path = device(tmp_path, content, "hall-2", 0, students=2)
    down = BackgroundSync(path, "postgresql://nobody@/nodb?host=/nonexistent-folder&port=1", minutes=0.002).start()
    deadline = time.monotonic() + 20
    while down.last_error is None and time.monotonic() < deadline:
        time.sleep(0.05)
    down.stop()
    assert down.last_error and "cannot connect" in down.last_error and down.thread.is_alive() is False
    from game.district.sync import sync

    sync(path, server, init=True)  # the server exists now; new rows follow in the background
    store = Store.open(path)
    store.add_player("late", "hall-2-7A", "junior")
    store.close()
    up = BackgroundSync(path, server, minutes=0.002).start()
    while (up.last is None or up.last.sent == 0) and time.monotonic() < deadline + 20:
        time.sleep(0.05)
    up.stop()
    assert up.last is not None and up.last.tables["players"].inserted == 1
    assert identity(Store.open(path)).site_id == "hall-2"


def test_kiosk_mode_syncs_in_the_background_only_when_asked(monkeypatch, tmp_path, content):
    import threading

    import game.app
    from game.app import AppConfig, build_app
    from game.cli import main

    seen = []
    monkeypatch.setattr(game.app, "run_app", lambda config: seen.append((config.sync_to, config.sync_every)) or 0)
    url = "postgresql://nobody@/nodb?host=/nonexistent-folder&port=1"
    assert main(["--kiosk", "--db", str(tmp_path / "k.db"), "--sync-to", url, "--sync-every", "5"]) == 0
    assert main(["--kiosk", "--db", str(tmp_path / "k.db")]) == 0
    assert (
        main(["--db", str(tmp_path / "k.db"), "--sync-to", url]) == 0
    )  # a classroom or home game never syncs by itself
    assert seen == [(url, 5.0), (None, 15.0), (None, 15.0)]
    # the kiosk's App runs the sync thread and stops it on close, within the shared stop deadline
    app = build_app(
        AppConfig(
            db=tmp_path / "k.db", window=(640, 360), muted=True, speech="none", kiosk=True, sync_to=url, sync_every=5.0
        ),
        content=content,
    )
    try:
        assert app.ctx.sync is not None and app.ctx.sync.thread.is_alive() and app.ctx.sync.interval == 300.0
    finally:
        app.close()
    assert not any(t.name == "district-sync" and t.is_alive() for t in threading.enumerate())


def test_the_server_refuses_a_site_id_a_tampered_device_sends(tmp_path, server, content):
    from game.district.identity import SITE
    from game.district.sync import SyncError, sync

    path = device(tmp_path, content, "school-7", 0, students=2)
    store = Store.open(path)
    store.set_setting(SITE, "<b>x</b>/y")  # past `site --site-id`, which would refuse it
    store.close()
    with pytest.raises(SyncError, match="check constraint"):
        sync(path, server, init=True)
    assert server_counts(server) == {t: 0 for t in TABLES}
