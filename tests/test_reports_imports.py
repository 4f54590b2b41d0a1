"""game/reports stays pure: no pygame anywhere in it, and the CLI registration imports nothing heavy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts) for p in (ROOT / "game" / "reports").glob("*.py"))


def test_report_modules_do_not_import_pygame():
    code = f"import sys; import {', '.join(MODULES)}; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_registering_the_report_commands_is_cheap():
    code = (
        "import sys, argparse, game.reports.cli as c;"
        "p = argparse.ArgumentParser(); c.register(p.add_subparsers());"
        "print(','.join(m for m in ('pygame', 'pygal', 'sqlite3', 'pydantic', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""
