"""What a device may push to the hub: the rows' shapes, checked strictly before anything is written.

A push is JSON: {"device_id": UUID, "schema_version": N, "rows": {"players": [...], "sessions": [...],
"attempts": [...], "answers": [...], "events": [...]}}, each row with every column of its table, named
as a session file names them (game/store/outbox.py Snapshot.rows_of_class), and standing on its own
(every parent a row names is in the push). Columns a migration added have defaults here, so an older
device's push (without them) is taken too.
Types are strict (no "1" for 1, no true for 1), text has a length limit, and the values the game
itself could never have written are refused: a nickname the game's nickname rules refuse, or not
stored the way the game stores it (game/names.py, shared with the entry screen and the kiosk's
filter), a class code the entry keypad cannot type, a stage, role or status the schema does not
know, a time that is not a UTC time.
Anything else than exactly these fields is refused too. The class of every row is checked later,
in the same transaction that writes them (game/store/sessionfile.py merge_payload).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from game.names import CLASS_MAX, NAME_MAX, stored_class_ok, stored_name_ok

MAX_ROWS = 5000  # per table and push; a device sends a few hundred at most

Uuid = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
Stamp = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")]
Id = Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9_.:\-]+$")]
Short = Annotated[str, StringConstraints(max_length=80)]
Count = Annotated[int, Field(ge=0, le=10**9)]
Flag = Annotated[int, Field(ge=0, le=1)]


def _nickname(text: str) -> str:
    if not stored_name_ok(text):
        raise ValueError(f"not a nickname the game accepts (1 to {NAME_MAX} letters or digits, single spaces, - _ . ·)")
    return text


def _class_code(text: str) -> str:
    if not stored_class_ok(text):
        raise ValueError(f"only letters, digits, - and _ as the entry keypad types them ({CLASS_MAX} at most)")
    return text


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PlayerRow(_Row):
    uuid: Uuid
    class_code: Annotated[str, AfterValidator(_class_code)]
    nickname: Annotated[str, AfterValidator(_nickname)]
    age_group: Literal["primary", "junior", "senior", "university"]
    created_at: Stamp
    rev: Count


class SessionRow(_Row):
    uuid: Uuid
    player_uuid: Uuid
    track_id: Id
    lang: Literal["zh-CN", "en"]
    mode: Literal["play", "classroom", "kiosk"]
    content_version: Short
    game_version: Short
    started_at: Stamp
    ended_at: Stamp | None
    status: Literal["open", "finished", "abandoned", "quit"]
    device: Annotated[str, StringConstraints(max_length=120, pattern=r"^[A-Za-z0-9_.:\-]*$")] = ""  # migration 4
    rev: Count


class AttemptRow(_Row):
    uuid: Uuid
    session_uuid: Uuid
    level_id: Id
    level_type: Id
    role: Literal["pre", "level", "post", "retention"]  # 'retention': the re-test weeks later (migration 4)
    started_at: Stamp
    ended_at: Stamp | None
    score: Count | None
    max_score: Count | None
    passed: Flag | None
    status: Literal["open", "finished", "abandoned"]
    rev: Count


class AnswerRow(_Row):
    uuid: Uuid
    attempt_uuid: Uuid
    question_id: Id
    chosen: Annotated[str, StringConstraints(max_length=200, pattern=r"^[A-Za-z0-9_.:|\-]*$")]
    correct: Flag
    score: Count
    max_score: Count
    response_ms: Count
    answered_at: Stamp
    position: Annotated[int, Field(ge=1, le=1000)] | None = None  # where the chosen option was shown (migration 4)
    rev: Count


class EventRow(_Row):
    uuid: Uuid
    attempt_uuid: Uuid | None
    kind: Id
    data: Annotated[str, StringConstraints(max_length=4000)]
    t_ms: Count
    at: Stamp
    rev: Count


class Rows(_Row):
    players: Annotated[list[PlayerRow], Field(max_length=MAX_ROWS)] = []
    sessions: Annotated[list[SessionRow], Field(max_length=MAX_ROWS)] = []
    attempts: Annotated[list[AttemptRow], Field(max_length=MAX_ROWS)] = []
    answers: Annotated[list[AnswerRow], Field(max_length=MAX_ROWS)] = []
    events: Annotated[list[EventRow], Field(max_length=MAX_ROWS)] = []


class Push(_Row):
    device_id: Uuid
    schema_version: Annotated[int, Field(ge=1)]
    rows: Rows


class Refused(Exception):
    """A push refused before anything was written: the HTTP status and one line saying why, and the row
    refused ({"table": ..., "uuid": ...}) when it was one row (the device then holds back that student)."""

    def __init__(self, status: int, message: str, row: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.row = row


def read_push(body: bytes) -> Push:
    """The push in a request body, or Refused(400/422) with the first problem named."""
    import json

    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, "the body is not JSON") from None
    try:
        return Push.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first.get("loc", ()))
        where = ".".join(str(part) for part in loc)
        row = _row_at(data, loc)
        named = f"{row['table']} row {row['uuid']}: {'.'.join(str(p) for p in loc[3:])}" if row else where or "the push"
        raise Refused(422, f"refused: {named}: {first.get('msg', 'not valid')}", row) from None


def _row_at(data: Any, loc: tuple) -> dict[str, str] | None:
    """The table and uuid of the row an error's location points into (rows.<table>.<i>...), if it has a uuid."""
    if len(loc) < 3 or loc[0] != "rows" or not isinstance(loc[2], int):
        return None
    try:
        row = data["rows"][loc[1]][loc[2]]
    except (KeyError, IndexError, TypeError):
        return None
    found = row.get("uuid") if isinstance(row, dict) else None
    return {"table": str(loc[1]), "uuid": found[:40]} if isinstance(found, str) and found else None


def payload(push: Push) -> dict[str, list[dict[str, Any]]]:
    """The rows as merge_payload takes them (the same shape as a session file's payload)."""
    return {table: [row.model_dump() for row in getattr(push.rows, table)] for table in Rows.model_fields}
