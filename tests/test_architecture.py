"""The seams stay where the design puts them: rules without pygame, cheap imports, SQL in one place."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOGIC_MODULES = sorted(p for p in (ROOT / "game" / "levels").glob("*/logic.py"))


@pytest.mark.parametrize("path", LOGIC_MODULES, ids=lambda p: p.parent.name)
def test_level_logic_does_not_import_pygame(path):
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    code = f"import sys, {module}; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False", f"{module} pulls in pygame"


def test_there_is_level_logic_to_check():
    assert LOGIC_MODULES, "no game/levels/*/logic.py found"


def test_import_game_is_cheap():
    code = (
        "import sys, game, game.cli, game.content.loader, game.levels;"
        "heavy = [m for m in ('pygame', 'pydantic', 'yaml', 'sqlite3', 'platformdirs') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "pygame" not in out.stdout and "sqlite3" not in out.stdout, out.stdout


SQL = re.compile(r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b", re.I)


def test_sql_lives_only_in_game_store():
    """SQL on the device's SQLite file lives in game/store; the district server's PostgreSQL statements
    (its schema, the sync's upserts, the district report's queries) in game/district."""
    offenders = []
    for path in (ROOT / "game").rglob("*.py"):
        if path.relative_to(ROOT / "game").parts[0] in ("store", "district"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_no_sql_built_by_string_formatting():
    """Values go in as ? parameters; an f-string or % or .format in a SQL call is refused."""
    pattern = re.compile(r"""execute\w*\(\s*(f["']|["'][^"']*["']\s*(%|\.format))""")
    offenders = []
    for path in (ROOT / "game").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            line = text[: match.start()].count("\n") + 1
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    # the one allowed exception: migrations run as a fixed script with a version number
    allowed = {"game/store/db.py"}
    assert {o.split(":")[0] for o in offenders} <= allowed, offenders


def test_only_the_input_mapper_reads_events():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "game").rglob("*.py")
        if "pygame.event.get(" in p.read_text(encoding="utf-8") and p.name != "input.py"
    ]
    assert not offenders, offenders


def test_every_module_has_a_docstring():
    import ast

    missing = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "game").rglob("*.py")
        if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert not missing, missing
