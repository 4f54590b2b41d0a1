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
]
