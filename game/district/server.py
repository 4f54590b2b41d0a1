"""The central PostgreSQL server: its schema (made and migrated by `sync --init`), and connecting.

The server keeps every device's rows keyed by their UUID, each with the site and device it came
from and its `rev` (the device's change number, so a re-sent row replaces only an older copy).
Timestamps stay ISO-8601 UTC text, exactly as the devices write them, so a date filter means the
same on the server as in a class report.
"""

from __future__ import annotations

import uuid
from typing import Any

# Each entry migrates the server one step; never edit one that has shipped: add the next.
SERVER_MIGRATIONS: list[str] = [
    # 1: the first district schema
    """
    CREATE TABLE devices (
        device_id      text PRIMARY KEY,
        site_id        text NOT NULL CHECK (site_id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        device_schema  integer NOT NULL,
        game_version   text NOT NULL,
        first_sync     timestamptz NOT NULL DEFAULT now(),
        last_sync      timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE players (
        uuid        uuid PRIMARY KEY,
        site_id     text NOT NULL CHECK (site_id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        device_id   text NOT NULL,
        player_key  text NOT NULL,   -- a keyed hash of class code + nickname, or the nickname if the site shares them
        class_code  text NOT NULL,
        age_group   text NOT NULL,
        created_at  text NOT NULL,
        rev         bigint NOT NULL
    );
    CREATE TABLE sessions (
        uuid             uuid PRIMARY KEY,
        site_id          text NOT NULL CHECK (site_id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
        device_id        text NOT NULL,
        player_uuid      uuid NOT NULL REFERENCES players (uuid),
        track_id         text NOT NULL,
        lang             text NOT NULL,
        mode             text NOT NULL,
        content_version  text NOT NULL,
        game_version     text NOT NULL,
        started_at       text NOT NULL,
        ended_at         text,
        status           text NOT NULL,
        rev              bigint NOT NULL
    );
    CREATE INDEX sessions_player ON sessions (player_uuid);
    CREATE INDEX sessions_started ON sessions (started_at);
    CREATE TABLE attempts (
        uuid          uuid PRIMARY KEY,
        site_id       text NOT NULL,
        device_id     text NOT NULL,
        session_uuid  uuid NOT NULL REFERENCES sessions (uuid),
        level_id      text NOT NULL,
        level_type    text NOT NULL,
        role          text NOT NULL,
        started_at    text NOT NULL,
        ended_at      text,
        score         integer,
        max_score     integer,
        passed        integer,
        status        text NOT NULL,
        rev           bigint NOT NULL
    );
    CREATE INDEX attempts_session ON attempts (session_uuid);
    CREATE TABLE answers (
        uuid          uuid PRIMARY KEY,
        site_id       text NOT NULL,
        device_id     text NOT NULL,
        attempt_uuid  uuid NOT NULL REFERENCES attempts (uuid),
        question_id   text NOT NULL,
        chosen        text NOT NULL,
        correct       integer NOT NULL,
        score         integer NOT NULL,
        max_score     integer NOT NULL,
        response_ms   integer NOT NULL,
        answered_at   text NOT NULL,
        rev           bigint NOT NULL
    );
    CREATE INDEX answers_attempt ON answers (attempt_uuid);
    CREATE TABLE events (
        uuid          uuid PRIMARY KEY,
        site_id       text NOT NULL,
        device_id     text NOT NULL,
        attempt_uuid  uuid REFERENCES attempts (uuid),
        kind          text NOT NULL,
        data          jsonb NOT NULL,
        t_ms          bigint NOT NULL,
        at            text NOT NULL,
        rev           bigint NOT NULL
    );
    CREATE INDEX events_kind ON events (kind, attempt_uuid);
    """,
    # 2: the district report's running totals (game/district/aggregate.py keeps them; see its docstring)
    """
    CREATE INDEX players_key ON players (player_key, class_code);
    -- attempts whose rows or answers changed since the totals were last brought up to date: a log, not a set,
    -- so a mark made by a transaction that has not committed yet is never taken (or lost) by a refresh
    CREATE TABLE agg_dirty (attempt_uuid uuid NOT NULL);
    CREATE FUNCTION agg_mark_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO agg_dirty (attempt_uuid) SELECT DISTINCT uuid FROM changed;
        RETURN NULL;
    END $$;
    CREATE FUNCTION agg_mark_answers() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO agg_dirty (attempt_uuid) SELECT DISTINCT attempt_uuid FROM changed;
        RETURN NULL;
    END $$;
    CREATE TRIGGER attempts_agg_insert AFTER INSERT ON attempts REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION agg_mark_attempts();
    CREATE TRIGGER attempts_agg_update AFTER UPDATE ON attempts REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION agg_mark_attempts();
    CREATE TRIGGER answers_agg_insert AFTER INSERT ON answers REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION agg_mark_answers();
    CREATE TRIGGER answers_agg_update AFTER UPDATE ON answers REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION agg_mark_answers();
    -- students whose rows moved to another key (a session re-sent from another site, a player with another key):
    -- what was counted under the old key is taken out at the next refresh
    CREATE TABLE agg_dirty_student (site_id text NOT NULL, class_code text NOT NULL, player_key text NOT NULL);
    -- (EXECUTE: planned for each statement's own rows; a plan cached from an insert-only batch, whose update
    -- trigger sees no rows, made a later batch of many moved rows a nested loop over both)
    CREATE FUNCTION agg_mark_players() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        EXECUTE 'INSERT INTO agg_dirty_student (site_id, class_code, player_key)
                 SELECT DISTINCT s.site_id, o.class_code, o.player_key
                 FROM old_rows o JOIN new_rows n USING (uuid) JOIN sessions s ON s.player_uuid = o.uuid
                 WHERE (o.class_code, o.player_key) IS DISTINCT FROM (n.class_code, n.player_key)';
        EXECUTE 'INSERT INTO agg_dirty (attempt_uuid)
                 SELECT DISTINCT t.uuid
                 FROM old_rows o JOIN new_rows n USING (uuid) JOIN sessions s ON s.player_uuid = o.uuid
                 JOIN attempts t ON t.session_uuid = s.uuid
                 WHERE (o.class_code, o.player_key) IS DISTINCT FROM (n.class_code, n.player_key)';
        RETURN NULL;
    END $$;
    CREATE FUNCTION agg_mark_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        EXECUTE 'INSERT INTO agg_dirty_student (site_id, class_code, player_key)
                 SELECT DISTINCT o.site_id, p.class_code, p.player_key
                 FROM old_rows o JOIN new_rows n USING (uuid) JOIN players p ON p.uuid = o.player_uuid
                 WHERE (o.site_id, o.player_uuid) IS DISTINCT FROM (n.site_id, n.player_uuid)';
        EXECUTE 'INSERT INTO agg_dirty (attempt_uuid)
                 SELECT DISTINCT t.uuid
                 FROM old_rows o JOIN new_rows n USING (uuid) JOIN attempts t ON t.session_uuid = o.uuid
                 WHERE (o.site_id, o.player_uuid) IS DISTINCT FROM (n.site_id, n.player_uuid)';
        RETURN NULL;
    END $$;
    CREATE TRIGGER players_agg_update AFTER UPDATE ON players REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION agg_mark_players();
    CREATE TRIGGER sessions_agg_update AFTER UPDATE ON sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION agg_mark_sessions();
    -- per student (site, class code, player key), level and role: finished scored attempts, the first and the best
    CREATE TABLE agg_group (
        site_id text NOT NULL, class_code text NOT NULL, player_key text NOT NULL, level_id text NOT NULL,
        role text NOT NULL, n integer NOT NULL, answers integer NOT NULL, first_uuid uuid NOT NULL,
        first_score integer, first_max integer, best_score integer, best_max integer,
        PRIMARY KEY (site_id, class_code, player_key, level_id, role)
    );
    -- per student: attempts in all, and first and best scores summed over the scored roles (level, post)
    CREATE TABLE agg_student (
        site_id text NOT NULL, class_code text NOT NULL, player_key text NOT NULL, attempts integer NOT NULL,
        first_score integer NOT NULL, first_max integer NOT NULL, best_score integer NOT NULL,
        best_max integer NOT NULL, PRIMARY KEY (site_id, class_code, player_key)
    );
    -- per student and track: the first finished pre-test and post-test (for the gain)
    CREATE TABLE agg_gain (
        site_id text NOT NULL, class_code text NOT NULL, player_key text NOT NULL, track_id text NOT NULL,
        pre_score integer, pre_max integer, post_score integer, post_max integer,
        PRIMARY KEY (site_id, class_code, player_key, track_id)
    );
    -- the ledger: every scored answer of a first attempt, as the totals below count it
    CREATE TABLE agg_answers (
        attempt_uuid uuid NOT NULL, site_id text NOT NULL, class_code text NOT NULL, level_id text NOT NULL,
        role text NOT NULL, question_id text NOT NULL, chosen text NOT NULL, score integer NOT NULL,
        rest integer NOT NULL, max_score integer NOT NULL, correct integer NOT NULL, response_ms integer NOT NULL
    );
    CREATE INDEX agg_answers_attempt ON agg_answers (attempt_uuid);
    -- item analysis cells, per class answers per question, response times in 128 ms buckets
    CREATE TABLE agg_cells (
        level_id text NOT NULL, role text NOT NULL, question_id text NOT NULL, chosen text NOT NULL,
        score integer NOT NULL, rest integer NOT NULL, max_score integer NOT NULL, site_id text NOT NULL,
        n integer NOT NULL, correct integer NOT NULL,
        PRIMARY KEY (level_id, role, question_id, chosen, score, rest, max_score, site_id)
    );
    CREATE TABLE agg_class_q (
        site_id text NOT NULL, class_code text NOT NULL, pre boolean NOT NULL, question_id text NOT NULL,
        n integer NOT NULL, correct integer NOT NULL, PRIMARY KEY (site_id, class_code, pre, question_id)
    );
    CREATE TABLE agg_ms_bucket (
        level_id text NOT NULL, role text NOT NULL, question_id text NOT NULL, bucket integer NOT NULL,
        site_id text NOT NULL, n integer NOT NULL, PRIMARY KEY (level_id, role, question_id, bucket, site_id)
    );
    -- a server from before these totals: every attempt it holds is counted at the next refresh
    INSERT INTO agg_dirty (attempt_uuid) SELECT uuid FROM attempts;
    """,
    # 3: the refusal-skill rows of the district report (game/district/insight.py): each student's first attempt
    # at each scenario level, its scored replies in the order given ("<decision point>=<reply>=<1 if safe>",
    # joined by ","), kept by the same refresh as the other totals (game/district/aggregate.py)
    """
    CREATE TABLE agg_scenario (
        site_id text NOT NULL, class_code text NOT NULL, player_key text NOT NULL, level_id text NOT NULL,
        role text NOT NULL, replies text NOT NULL,
        PRIMARY KEY (site_id, class_code, player_key, level_id, role)
    );
    -- the scenarios a server held before: counted at the next refresh
    INSERT INTO agg_dirty (attempt_uuid) SELECT uuid FROM attempts WHERE level_type = 'scenario';
    """,
]
SERVER_SCHEMA = len(SERVER_MIGRATIONS)


class ServerError(Exception):
    """The server cannot be reached or used; the message says why and what to do."""


def driver() -> Any:
    """psycopg, or a clear message saying how to install it (the game runs without it)."""
    try:
        import psycopg
    except ImportError:
        raise ServerError(
            "the PostgreSQL driver is not installed: pip install -e '.[district]' "
            "(psycopg 3 with its own libpq; no PostgreSQL needed on this machine)"
        ) from None
    return psycopg


def shown(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        parts = conninfo_to_dict(url)
    except Exception:  # noqa: BLE001 - an unparseable URL is shown as "the server"
        return "the server"
    host = parts.get("host") or "localhost"
    return f"{parts.get('dbname', '')}@{host}:{parts.get('port', 5432)}"


def first_line(exc: BaseException) -> str:
    """A driver error's first line (its detail and hint lines are for developers), or its type."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def connect(url: str, timeout: int = 10) -> Any:
    """An autocommit connection: every change below goes inside an explicit `conn.transaction()`."""
    psycopg = driver()
    try:
        return psycopg.connect(url, connect_timeout=timeout, application_name="jindu-game", autocommit=True)
    except psycopg.Error as exc:
        raise ServerError(f"{shown(url)}: cannot connect ({first_line(exc)})") from None


def _meta(conn: Any) -> dict[str, str]:
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('district_meta') IS NOT NULL")
        if not cur.fetchone()[0]:
            return {}
        cur.execute("SELECT key, value FROM district_meta")
        return dict(cur.fetchall())


def migrate(conn: Any, device_schema: int) -> dict[str, str]:
    """Create or bring the server schema up to date, and let it accept devices up to device_schema."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(7305)")  # two --init at once: one waits for the other
        cur.execute("CREATE TABLE IF NOT EXISTS district_meta (key text PRIMARY KEY, value text NOT NULL)")
        meta = _meta(conn)
        version = int(meta.get("schema", 0))
        if version > SERVER_SCHEMA:
            raise ServerError(
                f"the server's schema ({version}) is newer than this game knows ({SERVER_SCHEMA}): "
                "run --init from the newest game"
            )
        for number in range(version + 1, SERVER_SCHEMA + 1):
            cur.execute(SERVER_MIGRATIONS[number - 1])
        upsert = (
            "INSERT INTO district_meta (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        cur.execute(upsert, ("schema", str(SERVER_SCHEMA)))
        if "server_id" not in meta:
            cur.execute(upsert, ("server_id", str(uuid.uuid4())))
        accepted = max(int(meta.get("device_schema", 0)), device_schema)
        cur.execute(upsert, ("device_schema", str(accepted)))
    return _meta(conn)


def ready(conn: Any, url: str, device_schema: int) -> dict[str, str]:
    """The server's metadata, once it is known to take this device's rows."""
    meta = _meta(conn)
    if "server_id" not in meta:
        raise ServerError(
            f"{shown(url)}: no district schema here yet; create it with python main.py sync --to URL --init"
        )
    schema = int(meta.get("schema", 0))
    if schema < SERVER_SCHEMA:
        raise ServerError(
            f"{shown(url)}: the server's schema ({schema}) is older than this game's ({SERVER_SCHEMA}): bring it up "
            "to date with python main.py sync --to URL --init (it keeps every row). Nothing was sent."
        )
    accepted = int(meta.get("device_schema", 0))
    if device_schema > accepted:
        raise ServerError(
            f"{shown(url)}: refused: this device's database has schema {device_schema}, newer than the server "
            f"accepts (up to {accepted}). Update the server first: run python main.py sync --to URL --init "
            "with this version of the game. Nothing was sent."
        )
    return meta
