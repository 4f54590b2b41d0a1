"""Hostile players: nicknames and class codes with any Unicode (emoji, zero-width, RTL override,
10,000 characters, SQL and HTML fragments) are stored exactly, drawn without crashing, and
escaped in the HTML report; and no SQL anywhere in game/ is built by string formatting.

The entry screen filters what a student can type (game/scenes/entry.py, and the kiosk's
nickname filter); these tests go around it on purpose: the store and every screen and file
that shows a name must be safe even for a name that got past any filter.
"""

from __future__ import annotations

import ast
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import paths
from game.store import Store, StoreError

HOSTILE = [
    "Robert'); DROP TABLE players;--",
    "' OR '1'='1",
    '"; DELETE FROM answers; --',
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</td></tr></table><h1>hi</h1>",
    "{nickname}{0}%s%(x)s",  # format strings: must never be formatted
    "😀👩‍👩‍👧‍👦🏳️‍🌈",  # emoji, ZWJ sequences, flags
    "a\u200bb\u200c\u200d\ufeffc",  # zero-width space, joiners, BOM
    "\u202eevil\u202c txt.exe",  # right-to-left override
    "مرحبا שלום",  # right-to-left scripts
    "Z̷̢̛̛a̸l̵g̶o̴" * 5,  # stacked combining marks
    "\x00nul\x07bell\x1b[31m",  # control characters
    "\u2028line\u2029para\r\n",
    "𠜎𠜱𠝹𠱓",  # CJK extension B: not in the bundled font
    "x" * 10_000,
    "长" * 10_000,
]


# -- the store ---------------------------------------------------------------------------------
def _tables(store: Store) -> set[str]:
    return {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_store_keeps_hostile_names_exactly(tmp_path, value):
    store = Store.open(tmp_path / "h.sqlite3")
    tables = _tables(store)
    player = store.add_player(value, value, "junior")
    session = store.start_session(player, "junior", "zh-CN", "v", "0")
    attempt = store.start_attempt(session, value, "quiz")
    store.record_answer(attempt, value, [value, "b"], True, 10, 10, 100)
    store.record_event(attempt, value, {"name": value}, 1)
    store.set_setting(value, value)
    store.close()
    store = Store.open(tmp_path / "h.sqlite3")
    (row,) = store.players()
    assert (row["nickname"], row["class_code"]) == (value, value)
    assert store.answers()[0].question_id == value
    assert store.events()[0]["data"] == {"name": value}
    assert store.setting(value) == value
    assert _tables(store) == tables  # nothing dropped, nothing made
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(nickname=st.text(max_size=60), class_code=st.text(max_size=20))
def test_store_round_trips_any_text(tmp_path, nickname, class_code):
    store = Store.open(":memory:")
    store.add_player(nickname, class_code, "senior")
    assert [(p["nickname"], p["class_code"]) for p in store.players()] == [(nickname, class_code)]
    store.close()


def test_text_that_sqlite_cannot_take_is_a_store_error_not_a_crash():
    """A lone surrogate cannot be UTF-8 encoded; the store must refuse it with StoreError
    (which the game shows as a message), not let a UnicodeEncodeError escape."""
    store = Store.open(":memory:")
    try:
        with pytest.raises(StoreError):
            store.add_player("a\ud800b", "", "junior")
    finally:
        store.close()


# -- drawing -----------------------------------------------------------------------------------
def _db_with_hostile_players(path: Path, content) -> Path:
    """A few finished quiz attempts by players named by HOSTILE, through the store's own methods."""
    store = Store.open(path)
    level = next(lv for lv in content.levels.values() if lv.type == "quiz")
    questions = list(content.quizzes[level.quiz].questions)[:3]
    for i, value in enumerate(HOSTILE):
        player = store.add_player(value, value[:40], "junior")
        session = store.start_session(player, "junior", "zh-CN", content.version, "0")
        attempt = store.start_attempt(session, level.id, "quiz")
        score = 0
        for j, q in enumerate(questions):
            right = (i + j) % 2 == 0
            points = 10 if right else 0
            score += points
            chosen = [q.options[0].id] if getattr(q, "options", None) else ["true"]
            store.record_answer(attempt, q.id, chosen, right, points, 10, 900 + i)
        store.finish_attempt(attempt, score, 10 * len(questions), score >= 20)
        store.end_session(session, "finished")
    store.close()
    return path


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_screens_draw_hostile_names(make_pilot, shipped_content, tmp_path, lang):
    """Track select and results greet the player by name; the teacher lists show every name."""
    from game.outcomes import LevelResult
    from game.scene import Push
    from game.scenes.results import ResultsScene
    from game.scenes.teacher import TeacherScene
    from game.scenes.tracks import TrackSelectScene
    from game.session import Player

    db = _db_with_hostile_players(tmp_path / "names.sqlite3", shipped_content)
    pilot = make_pilot(lang=lang, db=db)
    app = pilot.app
    track = next(iter(shipped_content.tracks.values()))
    level_id = track.sequence()[0][0]
    for i, value in enumerate(HOSTILE):
        player = Player(i + 1, value, value, "junior")
        app.apply(Push(TrackSelectScene(app.ctx, player)))
        pilot.frame(2)
        assert pilot.scene.name == "tracks"
        app.apply(Push(ResultsScene(app.ctx, player, track, [LevelResult(level_id, 10, 30, False, (), False)])))
        pilot.frame(2)
        assert pilot.scene.name == "results"
    pilot.screenshot(tmp_path / f"results-{lang}.png")
    app.apply(Push(TeacherScene(app.ctx)))
    pilot.frame()
    pilot.tap("tab-students")
    shown = {s.nickname for s in pilot.scene.rows()}
    assert shown == set(HOSTILE)
    opened = set()
    for _ in range(len(HOSTILE)):  # every page of the list, and each page's first student opened
        pilot.frame()
        first = next(b.id for b in pilot.scene.widgets() if b.id.startswith("student-"))
        if first in opened:
            break
        opened.add(first)
        pilot.tap(first)
        assert pilot.scene.name == "teacher_student"
        pilot.frame()
        pilot.tap("back")
        if not pilot.has_button("next"):
            break
        pilot.tap("next")
    assert len(opened) >= 2
    pilot.tap("tab-topics")
    pilot.frame()
    pilot.screenshot(tmp_path / f"teacher-topics-{lang}.png")


# -- the HTML report ---------------------------------------------------------------------------
class _Tags(HTMLParser):
    """Every start tag and attribute, and the page's text, as a browser would parse them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


def test_html_report_escapes_hostile_names(tmp_path, shipped_content):
    from game.reports.catalog import Catalog
    from game.reports.collect import build_report
    from game.reports.html import render_html

    db = _db_with_hostile_players(tmp_path / "report.sqlite3", shipped_content)
    store = Store.open(db)
    try:
        catalog = Catalog.from_content(shipped_content)
        page = render_html(build_report(store, catalog), catalog, "en")
    finally:
        store.close()
    parsed = _Tags()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert parsed.tags.count("h1") == 1  # the report's own title; a name's "<h1>" stays text
    assert not [a for a in parsed.attrs if a.startswith("on")]
    assert "<script>alert(1)</script>" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    text = "".join(parsed.text)
    for value in ("Robert'); DROP TABLE players;--", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'):
        assert value in text  # shown as the text it is


def test_the_html_check_sees_an_unescaped_name():
    parsed = _Tags()
    parsed.feed('<p><b>"><img src=x onerror=alert(1)></b></p>')
    assert "img" in parsed.tags and "onerror" in parsed.attrs


# -- no SQL built by string formatting ---------------------------------------------------------
SQL_WORDS = (
    "SELECT ",
    "INSERT ",
    "UPDATE ",
    "DELETE ",
    "PRAGMA ",
    "CREATE ",
    "DROP ",
    "ALTER ",
    " WHERE ",
    "VALUES",
    "BEGIN",
    "COMMIT",
    "SAVEPOINT",
    "ATTACH ",
)
EXECUTORS = {"execute", "executemany", "executescript", "_write", "_read"}

# Reviewed: (file, a piece of the line) -> why it is safe. Keep this list short.
WHITELIST = {
    (
        "game/store/db.py",
        'f"BEGIN IMMEDIATE;\\n{MIGRATIONS[number - 1]}',
    ): "the migration text is a constant of game/store/migrations.py and the version an int from range()",
    (
        "game/store/reports.py",
        '"PRAGMA temp_store = " + str(int(old_temp))',
    ): "PRAGMA takes no parameters; the value is an int SQLite itself returned, passed through int()",
    (
        "game/store/reports.py",
        '"PRAGMA cache_size = " + str(int(old_cache))',
    ): "PRAGMA takes no parameters; the value is an int SQLite itself returned, passed through int()",
    (
        "game/store/reports.py",
        '"PRAGMA mmap_size = " + str(int(old_mmap[0])',
    ): "PRAGMA takes no parameters; the value is an int SQLite itself returned, passed through int()",
    (
        "game/store/reports.py",
        'f"DROP TABLE IF EXISTS temp.{name}"',
    ): "name runs over a literal tuple of the report's own temporary table names, written right there",
    (
        "game/store/sessionfile.py",
        'f"SELECT {select} FROM {table} {alias}"',
    ): "table from the fixed TABLES mapping, alias a literal of the callers; columns from the database's own schema",
    (
        "game/store/sessionfile.py",
        'f"SELECT {select}, p.uuid FROM {table} {alias} LEFT JOIN {parent_table} p',
    ): "table and parent_table from the fixed TABLES mapping, alias a literal of the callers; columns from the schema",
    ("game/store/sessionfile.py", 'f"{select} ORDER BY t.id"'): "select is row_select()'s (the entries above)",
    (
        "game/store/sessionfile.py",
        'f"SELECT id FROM {table} WHERE uuid = ?"',
    ): "table from the fixed TABLES mapping; the uuid from the file is a ? parameter",
    (
        "game/store/sessionfile.py",
        "f\"INSERT INTO {table} ({', '.join(names)}) VALUES",
    ): "names are only keys that are columns of the table per its schema; every value from the file is a ?",
    (
        "game/store/outbox.py",
        'f"SELECT {cols} FROM {src} WHERE x.rev > ? ORDER BY x.rev LIMIT ?"',
    ): "cols and src from the literal SOURCES table of the module, at import; revs and batch sizes are ? parameters",
    (
        "game/store/outbox.py",
        'f"{select} JOIN {STUDENT[table]} WHERE x.rev > ? AND c.class_code = ? ORDER BY x.rev',
    ): "select from sessionfile.row_select, the joins from the literal STUDENT table; rev, class code and batch are ?",
    (
        "game/store/outbox.py",
        'f"{select} JOIN {STUDENT[table]} WHERE c.uuid = ? ORDER BY x.rev"',
    ): "select from sessionfile.row_select, the joins from the literal STUDENT table; the player's uuid is a ?",
    (
        "game/store/outbox.py",
        'f"{select} WHERE x.uuid = ?"',
    ): "select from sessionfile.row_select; the uuid is a ? parameter",
    (
        "game/store/outbox.py",
        'f"SELECT ifnull(MAX(rev), 0) FROM {t}"',
    ): "t runs over the literal TABLES tuple of the module",
}


def assignments(node: ast.FunctionDef) -> dict[str, list[ast.AST]]:
    """Name -> the values assigned to it in a function (an augmented assignment whole: sql += ...)."""
    assigned: dict[str, list[ast.AST]] = {}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assign):
            for target in sub.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(sub.value)
        elif isinstance(sub, ast.AugAssign) and isinstance(sub.target, ast.Name):
            assigned.setdefault(sub.target.id, []).append(sub)  # sql += ...: built piece by piece
    return assigned


class _SqlFormatting(ast.NodeVisitor):
    """Finds SQL text built by f-strings, %, .format() or + with anything but constants: in an
    execute-like call's SQL argument, in a variable later passed as one, or anywhere it looks like SQL."""

    def __init__(self, source: str):
        self.source = source
        self.constants: dict[str, ast.expr] = {}
        self.found: list[tuple[int, str]] = []
        self.local: dict[str, list[ast.AST]] = {}  # the current function's assignments, by name
        tree = ast.parse(source)
        for node in tree.body:  # module-level NAME = <expr>: constants SQL may be composed of
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                self.constants[node.targets[0].id] = node.value
        self.visit(tree)

    def static(self, node: ast.expr, seen: frozenset = frozenset()) -> bool:
        """Text known when the module is read: literals, and + / tuples of them and of such constants."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(isinstance(v, ast.Constant) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.static(node.left, seen) and self.static(node.right, seen)
        if isinstance(node, (ast.Tuple, ast.List)):
            return all(self.static(e, seen) for e in node.elts)
        if isinstance(node, ast.Name) and node.id not in seen:
            if node.id in self.local:  # a variable of the function: static if every value it gets is
                return all(
                    self.static(v.value if isinstance(v, ast.AugAssign) else v, seen | {node.id})
                    for v in self.local[node.id]
                )
            if node.id in self.constants:
                return self.static(self.constants[node.id], seen | {node.id})
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):  # CONST.replace("a", "b")
            return (
                self.static(node.func.value, seen)
                and all(self.static(a, seen) for a in node.args)
                and not node.keywords
            )
        return False

    def formatted(self, node: ast.expr) -> bool:
        if isinstance(node, ast.JoinedStr):
            return not self.static(node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            return isinstance(node.left, (ast.Constant, ast.JoinedStr)) and isinstance(
                getattr(node.left, "value", ""), str
            )
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return not self.static(node)
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and not self.composed(node.func.value)
        )

    @staticmethod
    def composed(node: ast.expr) -> bool:
        """psycopg's sql.SQL("... {} ...").format(sql.Identifier(x)): psycopg quotes what goes in, so it
        composes table and column names safely (values still go as parameters)."""
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "SQL"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "sql"
        )

    def looks_like_sql(self, node: ast.expr) -> bool:
        parts = [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        return any(word in part.upper() and word.strip() in part for part in parts for word in SQL_WORDS)

    def flag(self, node: ast.AST) -> None:
        self.found.append((node.lineno, ast.get_source_segment(self.source, node) or ""))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        assigned = assignments(node)
        outer, self.local = self.local, assigned
        for sub in ast.walk(node):
            if (
                isinstance(sub, ast.Call)
                and isinstance(sub.func, ast.Attribute)
                and sub.func.attr in EXECUTORS
                and sub.args
            ):
                self.check_executed(sub.args[0], assigned)
        self.generic_visit(node)
        self.local = outer

    def check_executed(self, sql: ast.expr, assigned: dict[str, list[ast.AST]]) -> None:
        """Flag the SQL handed to an executor if it, or what its name was assigned, is built by formatting."""
        if self.formatted(sql):
            self.flag(sql)
        elif isinstance(sql, ast.Name):
            for value in assigned.get(sql.id, []):
                if isinstance(value, ast.AugAssign):
                    if not self.static(value.value):
                        self.flag(value)
                elif self.formatted(value):
                    self.flag(value)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def generic_visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.expr) and self.formatted(node) and self.looks_like_sql(node):
            self.flag(node)
        super().generic_visit(node)


def sql_formatting(source: str) -> list[tuple[int, str]]:
    return sorted(set(_SqlFormatting(source).found))


def test_no_sql_is_built_by_string_formatting():
    problems = []
    for path in sorted((paths.ROOT / "game").rglob("*.py")):
        rel = path.relative_to(paths.ROOT).as_posix()
        for line, segment in sql_formatting(path.read_text(encoding="utf-8")):
            if any(rel == file and piece in segment for file, piece in WHITELIST):
                continue
            problems.append(
                f"{rel}:{line}: SQL built by string formatting: {segment[:120]!r} (use ? or :name parameters)"
            )
    assert not problems, "\n".join(problems)


def test_whitelist_entries_still_exist():
    """A whitelisted line that is gone should leave the list too."""
    for file, piece in WHITELIST:
        assert piece in (paths.ROOT / file).read_text(encoding="utf-8"), (file, piece)


@pytest.mark.parametrize(
    "code",
    [
        'def f(c, x):\n    c.execute(f"SELECT * FROM t WHERE a = {x}")\n',
        'def f(c, x):\n    c.execute("SELECT * FROM t WHERE a = %s" % x)\n',
        'def f(c, x):\n    c.execute("SELECT * FROM t WHERE a = {}".format(x))\n',
        'def f(c, x):\n    c.execute("SELECT * FROM t WHERE a = \'" + x + "\'")\n',
        'def f(c, x):\n    sql = f"DELETE FROM t WHERE a = {x}"\n    c.execute(sql)\n',
        'def f(c, x):\n    sql = "SELECT * FROM t"\n    sql += " WHERE a = " + x\n    c.execute(sql)\n',
        'def f(s, x):\n    s._write(f"UPDATE t SET a = {x}", ())\n',
        'def f(x):\n    return f"INSERT INTO t VALUES ({x})"\n',
        'def f(c, x):\n    c.execute(SQL("SELECT * FROM {}").format(x))\n',  # not psycopg's sql.SQL
    ],
)
def test_the_sql_check_finds_formatting(code):
    assert sql_formatting(code), code


@pytest.mark.parametrize(
    "code",
    [
        'def f(c, x):\n    c.execute("SELECT * FROM t WHERE a = ?", (x,))\n',
        'A = "SELECT 1"\nB = A + " WHERE x = :x"\ndef f(c):\n    c.execute(B, {"x": 1})\n',
        'SETUP = ("DELETE FROM t", "PRAGMA x")\ndef f(c):\n    for sql in SETUP:\n        c.execute(sql)\n',
        'def f(x):\n    return f"score {x}"\n',
        'def f(c, t):\n    c.execute(sql.SQL("SELECT * FROM {} WHERE a = %s").format(sql.Identifier(t)), (1,))\n',
    ],
)
def test_the_sql_check_passes_parameters(code):
    assert not sql_formatting(code), code


def test_sqlite_parameters_do_not_run_injected_sql():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE players (nickname TEXT)")
    conn.execute("INSERT INTO players (nickname) VALUES (?)", (HOSTILE[0],))
    assert conn.execute("SELECT nickname FROM players").fetchall() == [(HOSTILE[0],)]
