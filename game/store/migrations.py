"""Schema migrations, applied forward one step at a time; PRAGMA user_version counts them.

Never edit a migration that has shipped: add the next one.
"""

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE players (
        id          INTEGER PRIMARY KEY,
        uuid        TEXT NOT NULL UNIQUE,
        nickname    TEXT NOT NULL,
        class_code  TEXT NOT NULL DEFAULT '',
        age_group   TEXT NOT NULL CHECK (age_group IN ('primary', 'junior', 'senior', 'university')),
        created_at  TEXT NOT NULL
    );
    CREATE INDEX players_class ON players (class_code);

    CREATE TABLE sessions (
        id               INTEGER PRIMARY KEY,
        uuid             TEXT NOT NULL UNIQUE,
        player_id        INTEGER NOT NULL REFERENCES players (id),
        track_id         TEXT NOT NULL,
        lang             TEXT NOT NULL,
        mode             TEXT NOT NULL DEFAULT 'play',
        content_version  TEXT NOT NULL,
        game_version     TEXT NOT NULL,
        started_at       TEXT NOT NULL,
        ended_at         TEXT,
        status           TEXT NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'finished', 'abandoned', 'quit'))
    );
    CREATE INDEX sessions_player ON sessions (player_id);

    -- one play of one level (the level result)
    CREATE TABLE attempts (
        id          INTEGER PRIMARY KEY,
        uuid        TEXT NOT NULL UNIQUE,
        session_id  INTEGER NOT NULL REFERENCES sessions (id),
        level_id    TEXT NOT NULL,
        level_type  TEXT NOT NULL,
        role        TEXT NOT NULL DEFAULT 'level' CHECK (role IN ('pre', 'level', 'post')),
        started_at  TEXT NOT NULL,
        ended_at    TEXT,
        score       INTEGER,
        max_score   INTEGER,
        passed      INTEGER,
        status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished', 'abandoned'))
    );
    CREATE INDEX attempts_session ON attempts (session_id);

    CREATE TABLE answers (
        id           INTEGER PRIMARY KEY,
        uuid         TEXT NOT NULL UNIQUE,
        attempt_id   INTEGER NOT NULL REFERENCES attempts (id),
        question_id  TEXT NOT NULL,
        chosen       TEXT NOT NULL,          -- option ids joined by '|'; '' when time ran out
        correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
        score        INTEGER NOT NULL,
        max_score    INTEGER NOT NULL,
        response_ms  INTEGER NOT NULL,
        answered_at  TEXT NOT NULL
    );
    CREATE INDEX answers_attempt ON answers (attempt_id);
    CREATE INDEX answers_question ON answers (question_id);

    CREATE TABLE events (
        id          INTEGER PRIMARY KEY,
        uuid        TEXT NOT NULL UNIQUE,
        attempt_id  INTEGER REFERENCES attempts (id),
        kind        TEXT NOT NULL,
        data        TEXT NOT NULL DEFAULT '{}',
        t_ms        INTEGER NOT NULL DEFAULT 0,
        at          TEXT NOT NULL
    );
    CREATE INDEX events_attempt ON events (attempt_id);

    CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
    );
    """,
    # 2: indexes for the teacher reports (date range filter; chase hits by kind)
    """
    CREATE INDEX sessions_started ON sessions (started_at);
    CREATE INDEX events_kind ON events (kind, attempt_id);
    """,
    # 3: district sync (see game/district/sync.py). Every synced table gets `rev`, a change number
    # from one device-wide clock, set by triggers on insert and on every later update; a sync sends the
    # rows whose rev is above what the server last acknowledged (sync_state, per server and table).
    """
    CREATE TABLE sync_clock (one INTEGER PRIMARY KEY CHECK (one = 1), n INTEGER NOT NULL);
    CREATE TABLE sync_state (
        server  TEXT NOT NULL,      -- the server's own id (made by `sync --init`)
        tbl     TEXT NOT NULL,
        rev     INTEGER NOT NULL,   -- every row of tbl with rev <= this is on that server
        PRIMARY KEY (server, tbl)
    );
    ALTER TABLE players ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
    UPDATE players SET rev = id;
    CREATE INDEX players_rev ON players (rev);
    CREATE TRIGGER players_rev_insert AFTER INSERT ON players BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE players SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    CREATE TRIGGER players_rev_update AFTER UPDATE ON players WHEN NEW.rev = OLD.rev BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE players SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    ALTER TABLE sessions ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
    UPDATE sessions SET rev = id;
    CREATE INDEX sessions_rev ON sessions (rev);
    CREATE TRIGGER sessions_rev_insert AFTER INSERT ON sessions BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE sessions SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    CREATE TRIGGER sessions_rev_update AFTER UPDATE ON sessions WHEN NEW.rev = OLD.rev BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE sessions SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    ALTER TABLE attempts ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
    UPDATE attempts SET rev = id;
    CREATE INDEX attempts_rev ON attempts (rev);
    CREATE TRIGGER attempts_rev_insert AFTER INSERT ON attempts BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE attempts SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    CREATE TRIGGER attempts_rev_update AFTER UPDATE ON attempts WHEN NEW.rev = OLD.rev BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE attempts SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    ALTER TABLE answers ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
    UPDATE answers SET rev = id;
    CREATE INDEX answers_rev ON answers (rev);
    CREATE TRIGGER answers_rev_insert AFTER INSERT ON answers BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE answers SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    CREATE TRIGGER answers_rev_update AFTER UPDATE ON answers WHEN NEW.rev = OLD.rev BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE answers SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    ALTER TABLE events ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
    UPDATE events SET rev = id;
    CREATE INDEX events_rev ON events (rev);
    CREATE TRIGGER events_rev_insert AFTER INSERT ON events BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE events SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    CREATE TRIGGER events_rev_update AFTER UPDATE ON events WHEN NEW.rev = OLD.rev BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE events SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    INSERT INTO sync_clock (one, n) SELECT 1, MAX(
        (SELECT ifnull(MAX(id), 0) FROM players), (SELECT ifnull(MAX(id), 0) FROM sessions),
        (SELECT ifnull(MAX(id), 0) FROM attempts), (SELECT ifnull(MAX(id), 0) FROM answers),
        (SELECT ifnull(MAX(id), 0) FROM events));
    """,
    # 4: teacher insight (game/reports/skills.py, integrity.py, retention.py). Sessions remember the device they
    # were played on (a burst of sessions on one device is worth a look); an answer remembers the position
    # its option was shown at, 1 = first (a long run of the same position is); attempts gain the role
    # 'retention' (the re-test weeks later). SQLite cannot change a CHECK, so attempts is rebuilt the way
    # the SQLite manual describes (foreign keys off around it: Store.migrate), with its indexes and triggers.
    """
    ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
    ALTER TABLE answers ADD COLUMN position INTEGER;
    CREATE TABLE attempts_v4 (
        id          INTEGER PRIMARY KEY,
        uuid        TEXT NOT NULL UNIQUE,
        session_id  INTEGER NOT NULL REFERENCES sessions (id),
        level_id    TEXT NOT NULL,
        level_type  TEXT NOT NULL,
        role        TEXT NOT NULL DEFAULT 'level' CHECK (role IN ('pre', 'level', 'post', 'retention')),
        started_at  TEXT NOT NULL,
        ended_at    TEXT,
        score       INTEGER,
        max_score   INTEGER,
        passed      INTEGER,
        status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished', 'abandoned')),
        rev         INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO attempts_v4 (id, uuid, session_id, level_id, level_type, role, started_at, ended_at, score, max_score,
                             passed, status, rev)
    SELECT id, uuid, session_id, level_id, level_type, role, started_at, ended_at, score, max_score, passed, status, rev
    FROM attempts ORDER BY id;
    DROP TABLE attempts;
    ALTER TABLE attempts_v4 RENAME TO attempts;
    CREATE INDEX attempts_session ON attempts (session_id);
    CREATE INDEX attempts_rev ON attempts (rev);
    CREATE TRIGGER attempts_rev_insert AFTER INSERT ON attempts BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE attempts SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    CREATE TRIGGER attempts_rev_update AFTER UPDATE ON attempts WHEN NEW.rev = OLD.rev BEGIN
        UPDATE sync_clock SET n = n + 1;
        UPDATE attempts SET rev = (SELECT n FROM sync_clock) WHERE id = NEW.id;
    END;
    """,
]
