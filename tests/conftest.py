"""Fixtures build real SQLite files in tmp_path and run the CLI through its real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from missiontui.frontends.cli import main
from missiontui.store import Store
from missiontui.usecases.context import Context, FixedClock
from missiontui.usecases.seeds import load_seeds

ROOT = Path(__file__).resolve().parent.parent
DB_DIR = ROOT / "db"  # migrations, seeds and the two real letters (shipped in the wheel)
LETTERS = DB_DIR / "letters"
DATA = ROOT / "tests" / "data"
TODAY = date(2022, 5, 16)  # the corpus' TUI reference date: the DNS mission is under way


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """No test reads the developer's own config, database or login name."""
    monkeypatch.setenv("MISSIONTUI_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("MISSIONTUI_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("MISSIONTUI_USER", "Thomas Audigé")
    monkeypatch.setenv("MISSIONTUI_TODAY", TODAY.isoformat())
    monkeypatch.delenv("LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "missions.db"


@pytest.fixture
def store(db_path):
    with Store(db_path) as s:
        yield s


@pytest.fixture
def ctx(store) -> Context:
    """What the use cases are given: a real database, "tester" acting, and today pinned."""
    return Context(store, "tester", FixedClock(TODAY))


@pytest.fixture
def seeded(ctx) -> Context:
    """The two real letters loaded through the seed use case."""
    load_seeds(ctx)
    return ctx


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(capsys, db_path):
    """Run `missiontui --db <db_path> ARGS...` in-process, exactly as the console script does."""

    def run(*args: str, db: Path | None = db_path) -> Result:
        argv = (["--db", str(db)] if db else []) + list(args)
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        captured = capsys.readouterr()
        return Result(exit_info.value.code or 0, captured.out, captured.err)

    return run


def run_process(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """The installed command in a real process: for start-up, imports and exit codes."""
    return subprocess.run([sys.executable, "-m", "missiontui", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


@contextmanager
def open_as(path: Path, actor: str, today: date = TODAY):
    """A colleague on their own connection to the same file, acting through the use cases."""
    with Store(path) as other:
        yield Context(other, actor, FixedClock(today))


def add_many(ctx: Context, mission: str, count: int, *, title: str, first_due: date, days_apart=lambda n: n,
             uid=lambda n: None, notes: str = "") -> None:
    """`count` planned deliverables in one change set (the bulk path imports take), for tests that
    need a big mission: titles "TITLE N", due first_due + days_apart(N)."""
    from datetime import timedelta

    from missiontui.core.changes import Change, ChangeSet
    from missiontui.core.ids import new_uids
    from missiontui.core.model import Due
    from missiontui.core.rules import deliverable_values
    from missiontui.usecases.records import record

    mission_id = ctx.store.mission(mission).id
    uids = new_uids(count)
    record(ctx, ChangeSet(tuple(
        Change("deliverable", -1 - n, {}, deliverable_values(
            {"mission_id": mission_id, "title": title.format(n=n), "notes": notes,
             "due": Due(first_due + timedelta(days=days_apart(n)))}, None, ctx.today()), uid=uid(n) or uids[n])
        for n in range(count))))


@contextmanager
def serving(*routes):
    """missiontui's HTTP server on a free port of 127.0.0.1 answering `routes`, in a thread, its log
    kept in memory (`srv.log`), for the time of the block."""
    import io
    import threading

    from missiontui.frontends.http.server import HttpServer

    srv = HttpServer(("127.0.0.1", 0), list(routes), log=io.StringIO())
    thread = threading.Thread(target=srv.serve_forever)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join()


def http_get(srv, path: str, headers: dict | None = None, method: str = "GET"):
    """(response, body) of one request to a server from `serving`, on a connection of its own."""
    import http.client

    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=30)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()
