"""The command line as a person uses it: smoke start, strings used by the code exist."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_smoke_draws_the_title_and_exits_0(tmp_path):
    result = run("--smoke", "--db", str(tmp_path / "db.sqlite3"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("smoke ok: title drawn")
    assert "Traceback" not in result.stderr


def test_bad_content_refuses_to_start_with_a_clear_message(tmp_path):
    (tmp_path / "content").mkdir()
    result = run("--smoke", "--db", str(tmp_path / "db.sqlite3"), "--content", str(tmp_path / "content"))
    assert result.returncode == 1
    assert "strings.yaml:1: file is missing" in result.stderr and "Traceback" not in result.stderr


def test_unopenable_database_is_a_clear_message(tmp_path):
    bad = tmp_path / "db.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    result = run("--smoke", "--db", str(bad))
    assert result.returncode == 1
    assert "Cannot open the game's database" in result.stderr and "Traceback" not in result.stderr


def test_every_string_key_the_code_uses_exists(shipped_content):
    used = set()
    pattern = re.compile(r"""\btr\(\s*f?["']([a-z_]+\.[a-z_{}.]+)["']""")
    for path in (ROOT / "game").rglob("*.py"):
        used.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 20
    missing = []
    for key in used:
        if "{" in key:  # f-string keys: check every known expansion exists
            prefix = key.split("{")[0]
            if not any(k.startswith(prefix) for k in shipped_content.strings):
                missing.append(key)
        elif key not in shipped_content.strings:
            missing.append(key)
    assert not missing, missing
