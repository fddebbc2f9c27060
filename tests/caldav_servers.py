"""Real CalDAV servers for the tests: Radicale and Xandikos as subprocesses on free 127.0.0.1 ports.

Two independent implementations (Radicale parses with vobject and re-serialises; Xandikos keeps
bytes in a git store): whatever the sync relies on must hold on both. Each server starts in its own
tmp folder, is ready when it answers HTTP (polled against a deadline, never a fixed sleep), and is
stopped and removed afterwards.
"""

from __future__ import annotations

import base64
import os
import http.client
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

READY_DEADLINE = 30.0  # seconds for a server to answer; a cold start here takes ~1 s

# The user of the tests. The password is recognisable so tests can assert it never leaks anywhere.
USER = "alice"
PASSWORD = "Pw-CANARY-7f3b9e-sésame"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running server: where to reach it, who may log in, and where its collections live."""

    name: str  # "radicale" or "xandikos"
    port: int
    user: str | None  # None: no authentication
    password: str | None
    home: str  # path of the user's calendar home, e.g. "/alice/"
    process: subprocess.Popen
    root: Path
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def collection_url(self, name: str) -> str:
        return f"{self.base}{self.home}{name}/"

    def raw(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, dict, bytes]:
        """One plain HTTP request, as a foreign client would send it (no caldav library involved)."""
        headers = dict(headers or {})
        if self.user:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            headers["Authorization"] = "Basic " + token
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _wait_ready(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_DEADLINE
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("OPTIONS", "/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.02)  # polling interval, not a synchronisation: the deadline bounds the wait
    process.kill()
    raise RuntimeError(f"the server did not answer within {READY_DEADLINE} s:\n{log.read_text(errors='replace')}")


def _spawn(args: list[str], root: Path, port: int) -> tuple[subprocess.Popen, Path]:
    log = root / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=root)
    _wait_ready(process, port, log)
    return process, log


def start_radicale(root: Path, user: str = USER, password: str = PASSWORD) -> Server:
    """Radicale with htpasswd (plain) authentication and owner_only rights: what an IT department runs."""
    port = free_port()
    (root / "collections").mkdir(parents=True)
    users = root / "users"
    users.write_text(f"{user}:{password}\nbob:bob-password\n", encoding="utf-8")
    config = root / "config"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\n"
        "type = htpasswd\n"
        f"htpasswd_filename = {users}\n"
        "htpasswd_encryption = plain\n"
        "delay = 0\n"  # Radicale slows every failed login by default; the tests provoke some
        "[rights]\n"
        "type = owner_only\n"
        "[storage]\n"
        f"filesystem_folder = {root / 'collections'}\n"
        "[logging]\n"
        "level = warning\n", encoding="utf-8")
    process, log = _spawn([sys.executable, "-m", "radicale", "--config", str(config)], root, port)
    return Server("radicale", port, user, password, f"/{user}/", process, root, log)


def start_xandikos(root: Path) -> Server:
    """Xandikos without authentication (its --htpasswd needs TLS), principal at /u/."""
    port = free_port()
    data = root / "data"
    process, log = _spawn([sys.executable, "-m", "xandikos", "serve", "-d", str(data), "--defaults",
                           "-l", "127.0.0.1", "-p", str(port), "--current-user-principal", "/u/",
                           "--state-dir", str(root / "state")], root, port)
    return Server("xandikos", port, None, None, "/u/calendars/", process, root, log)


def start(name: str, root: Path) -> Server:
    return start_radicale(root) if name == "radicale" else start_xandikos(root)


class running:
    """`with running("radicale") as server:` a server in a fresh folder, removed afterwards."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self) -> Server:
        self.root = Path(tempfile.mkdtemp(prefix=f"missiontui-{self.name}-"))
        try:
            self.server = start(self.name, self.root)
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        return self.server

    def __exit__(self, *exc) -> None:
        self.server.stop()
        shutil.rmtree(self.root, ignore_errors=True)


SERVERS = ("radicale", "xandikos")


# ---------------------------------------------------------------- pytest fixtures (import them in a test module)

import itertools  # noqa: E402

import pytest  # noqa: E402

_names = itertools.count(1)


@pytest.fixture(scope="module", params=SERVERS)
def caldav_server(request) -> Server:
    """Each server once per test module (a start costs 0.2–0.5 s); tests use their own collection."""
    with running(request.param) as server:
        yield server


@pytest.fixture
def collection_url(caldav_server) -> str:
    """A collection URL no other test uses (not created yet)."""
    return caldav_server.collection_url(f"mission-{os.getpid()}-{next(_names)}")


@pytest.fixture(scope="module")
def radicale_server() -> Server:
    """Radicale alone: for what only a server with users shows (401, another user's calendar)."""
    with running("radicale") as server:
        yield server
