"""The rows of one class that the classroom hub's live board is built from (game/classroom/hub/board.py).

A lesson is a few dozen students and a few thousand answers: every row of it is read in one snapshot
(one read transaction, so an answer is never read without its attempt) and the board is worked out
in Python. Rows come in the order the hub stored them (id order), which is the order they arrived.

The lesson: sessions started at or after `since` (a UTC ISO time; the class report's Filters.start
counts the same way), and players created since then who have not started one yet. Last week's
lesson of the same class is not on this week's board.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from game.store.db import Store, StoreError, _explain

# `?` = the class code, then the lesson's start (a UTC ISO time, '' for all time)
PLAYERS = (
    "SELECT p.id, p.uuid, p.nickname, p.age_group, p.created_at FROM players p WHERE p.class_code = ?1"
    " AND (p.created_at >= ?2 OR EXISTS (SELECT 1 FROM sessions s WHERE s.player_id = p.id AND s.started_at >= ?2))"
    " ORDER BY p.id"
)
SESSIONS = (
    "SELECT s.id, s.player_id, s.track_id, s.started_at, s.ended_at, s.status FROM sessions s"
    " JOIN players p ON p.id = s.player_id WHERE p.class_code = ?1 AND s.started_at >= ?2 ORDER BY s.id"
)
ATTEMPTS = (
    "SELECT t.id, t.session_id, t.level_id, t.role, t.started_at, t.status, t.score, t.max_score"
    " FROM attempts t JOIN sessions s ON s.id = t.session_id JOIN players p ON p.id = s.player_id"
    " WHERE p.class_code = ?1 AND s.started_at >= ?2 ORDER BY t.id"
)
ANSWERS = (
    "SELECT a.id, a.attempt_id, a.question_id, a.chosen, a.correct, a.max_score, a.answered_at FROM answers a"
    " JOIN attempts t ON t.id = a.attempt_id JOIN sessions s ON s.id = t.session_id"
    " JOIN players p ON p.id = s.player_id WHERE p.class_code = ?1 AND s.started_at >= ?2 ORDER BY a.id"
)


@dataclass
class ClassRows:
    """Plain tuples, in the column order of the queries above."""

    players: list[tuple[Any, ...]] = field(default_factory=list)
    sessions: list[tuple[Any, ...]] = field(default_factory=list)
    attempts: list[tuple[Any, ...]] = field(default_factory=list)
    answers: list[tuple[Any, ...]] = field(default_factory=list)


def class_rows(store: Store, class_code: str, since: str = "") -> ClassRows:
    """Every player, session, level attempt and answer of one class's lesson, read in one snapshot."""
    conn = store.conn
    try:
        conn.execute("BEGIN")
        try:
            return ClassRows(
                *(conn.execute(sql, (class_code, since)).fetchall() for sql in (PLAYERS, SESSIONS, ATTEMPTS, ANSWERS))
            )
        finally:
            conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise StoreError(_explain(exc)) from None
