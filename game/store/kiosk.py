"""The SQL behind kiosk mode: today's leaderboard, today's counts, tidying sessions left open.

No new tables: sessions and attempts already hold what a leaderboard needs. Times are the
store's UTC ISO strings, so a window is two string bounds ([since, until)).

Two boards: quick play (the two-minute visit, sessions of mode `kiosk-quick`) and the full course
(every other mode), so a visitor's two minutes are never ranked against a 25-minute course.
Warm-up tests (pre) and re-tests (retention) do not count.

The board ranks by percent (points over the most the session's levels allowed), not raw points:
tracks have different maxima (a university course offers more points than the primary one), so
raw points would rank the course, not the player.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.store.db import Store

LEADERBOARD_SQL = """
WITH days AS (
    SELECT s.id AS session_id, s.player_id, s.ended_at
    FROM sessions s
    WHERE s.status = 'finished' AND s.started_at >= ? AND s.ended_at >= ? AND s.ended_at < ?
      AND (s.mode = 'kiosk-quick') = ?
), tries AS (  -- a level tried again ("try again") counts once, by its last try, as the results screen does
    SELECT d.session_id, a.score, a.max_score,
           ROW_NUMBER() OVER (PARTITION BY d.session_id, a.level_id, a.role ORDER BY a.id DESC) AS latest
    FROM days d JOIN attempts a ON a.session_id = d.session_id
    WHERE a.status = 'finished' AND a.role NOT IN ('pre', 'retention')
), scored AS (
    SELECT d.session_id, d.player_id, d.ended_at,
           COALESCE(SUM(t.score), 0) AS score, COALESCE(SUM(t.max_score), 0) AS max_score
    FROM days d LEFT JOIN tries t ON t.session_id = d.session_id AND t.latest = 1
    GROUP BY d.session_id
), rated AS (
    SELECT *, CASE WHEN max_score > 0 THEN CAST(score AS REAL) / max_score ELSE 0.0 END AS share FROM scored
), best AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY player_id ORDER BY share DESC, score DESC, ended_at, session_id) AS r
    FROM rated
)
SELECT b.session_id, p.nickname, b.score, b.max_score, b.ended_at
FROM best b JOIN players p ON p.id = b.player_id
WHERE b.r = 1
ORDER BY b.share DESC, b.score DESC, b.ended_at, b.session_id
LIMIT ?
"""


@dataclass(frozen=True)
class BoardRow:
    rank: int
    session_id: int
    nickname: str
    score: int
    max_score: int

    @property
    def percent(self) -> int:
        """What the board shows and ranks by: points as a whole percentage of the session's maximum."""
        return round(100 * self.score / self.max_score) if self.max_score else 0


@dataclass(frozen=True)
class DayCounts:
    sessions: int
    finished: int
    abandoned: int
    quit: int
    answers: int


QUICK_MODE = "kiosk-quick"  # sessions.mode of quick play (game.scenes.quick)
BOARDS = ("quick", "course")


def leaderboard(
    store: Store, since: str, until: str, earliest_start: str, limit: int = 10, board: str = "course"
) -> list[BoardRow]:
    """Each player's best finished session in [since, until) by percent on one board ("quick" or
    "course"), best first; ties: more points, then who finished first.

    `earliest_start` (a bound on started_at a little before `since`) lets the sessions_started
    index skip older days; a kiosk session never lasts that long.
    """
    if board not in BOARDS:
        raise ValueError(f"no board {board!r}; the boards are {', '.join(BOARDS)}")
    rows = store._read(LEADERBOARD_SQL, (earliest_start, since, until, board == "quick", limit))
    return [BoardRow(i + 1, r["session_id"], r["nickname"], r["score"], r["max_score"]) for i, r in enumerate(rows)]


def day_counts(store: Store, since: str) -> DayCounts:
    """Sessions started since `since` by status, and answers given since then."""
    row = store._read(
        "SELECT COUNT(*) AS n, COALESCE(SUM(status = 'finished'), 0) AS finished,"
        " COALESCE(SUM(status = 'abandoned'), 0) AS abandoned, COALESCE(SUM(status = 'quit'), 0) AS quit"
        " FROM sessions WHERE started_at >= ?",
        (since,),
    )[0]
    answers = store._read("SELECT COUNT(*) AS n FROM answers WHERE answered_at >= ?", (since,))[0]["n"]
    return DayCounts(row["n"], row["finished"], row["abandoned"], row["quit"], answers)


def abandon_open_sessions(store: Store) -> int:
    """Close sessions a power cut or a kill left open (kiosk start: no session can still be running)."""
    open_ids = [r["id"] for r in store._read("SELECT id FROM sessions WHERE status = 'open'")]
    for session_id in open_ids:
        store.end_session(session_id, "abandoned")
    return len(open_ids)
