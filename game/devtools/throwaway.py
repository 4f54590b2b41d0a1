"""A throwaway PostgreSQL server in a temporary folder, for the tests and `bench sync`.

It uses the server programs of Debian's `postgresql` package (initdb and pg_ctl, found on PATH or
under /usr/lib/postgresql/*/bin). PostgreSQL refuses to run as root, so as root it runs them as the
`postgres` user the package creates. It listens on a Unix socket in its own folder only (no TCP port),
and is removed, data and all, by stop().
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

INSTALL = (
    "PostgreSQL server programs not found (initdb, pg_ctl). Install them with "
    "`sudo apt-get install postgresql` (Debian/Ubuntu; .ci/run does this), or put their folder on PATH"
)


def bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True):
        if os.access(os.path.join(candidate, "initdb"), os.X_OK):
            return Path(candidate)
    return None


def missing() -> str | None:
    """Why a throwaway server cannot start here (None if it can)."""
    if bindir() is None:
        return INSTALL
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run the server as (apt-get install postgresql makes one)"
        if shutil.which("runuser") is None:
            return "running as root and `runuser` (util-linux) is missing"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Throwaway:
    def __init__(self, durable: bool = False):
        """durable=False turns fsync off (tests); True keeps the server's default durability (benchmarks)."""
        reason = missing()
        if reason:
            raise RuntimeError(reason)
        found = bindir()
        if found is None:  # missing() has just found it: only a package removed in between gets here
            raise RuntimeError(INSTALL)
        self.bin = found
        self.durable = durable
        self.root = Path(tempfile.mkdtemp(prefix="jindu-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()  # only names the socket file: listen_addresses is empty
        self.started = False

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")

    def start(self) -> Throwaway:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"
        )
        options = f"-k {self.root} -p {self.port} -c listen_addresses= -c max_connections=60"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "start")
        self.started = True
        return self

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@/{dbname}?host={self.root}&port={self.port}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def stop(self) -> None:
        try:
            if self.started:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            self.started = False
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Throwaway:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
