"""The feed server under the load of a team's calendars, on 127.0.0.1: 200 simultaneous clients
and 20 slow ones, and nothing left behind afterwards. Figures for TESTING.md: bench/feed_load.py."""

import contextlib
import http.client
import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from missiontui.frontends.http.feeds import Feeds
from missiontui.frontends.http.server import HttpServer
from missiontui.usecases.subscriptions import add_feed

TODAY = date(2022, 5, 16)
TIMEOUT = 1.0  # the server's deadline for a request head; short so the test is quick


def open_sockets() -> int:
    """Sockets and pipes: what connections and the event loop hold (database files come and go
    with the export's connections and do not count here)."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            count += os.readlink(f"/proc/self/fd/{fd}").startswith(("socket:", "pipe:"))
    return count


@pytest.fixture
def feed(seeded):
    return "/feeds/" + add_feed(seeded, label="équipe").token + ".ics"


def fetch(address, path, headers=None) -> tuple[int, bytes, str | None]:
    conn = http.client.HTTPConnection(*address, timeout=60)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("ETag")
    finally:
        conn.close()


class SlowClient(threading.Thread):
    """A client that connects and then sends nothing, or sends its request head one byte at a
    time (a byte every 50 ms: the head would take 3 s, three times the server's deadline).
    Ends when the server hangs up, or gives up 10 s after the deadline; records what it saw."""

    def __init__(self, address, path, trickle: bool):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(address)
        self.connected = time.monotonic()
        self.trickle = trickle
        self.head = f"GET {path} HTTP/1.1\r\nHost: calendar\r\nUser-Agent: slowloris\r\n\r\n".encode()
        self.answer, self.seconds, self.sent, self.cut = b"", None, 0, False

    def run(self):
        give_up = self.connected + TIMEOUT + 10
        with self.sock:
            while time.monotonic() < give_up:
                if self.trickle and self.sent < len(self.head):
                    try:
                        self.sock.send(self.head[self.sent:self.sent + 1])
                        self.sent += 1
                    except OSError:
                        self.cut = True
                        break
                pace = 0.05 if self.trickle and self.sent < len(self.head) else give_up - time.monotonic()
                readable, _, _ = select.select([self.sock], [], [], max(pace, 0))
                if readable:  # the server answered or hung up
                    try:
                        data = self.sock.recv(65536)
                    except ConnectionError:
                        data = b""
                    if not data:
                        self.cut = True
                        break
                    self.answer += data
        self.seconds = time.monotonic() - self.connected


@pytest.fixture
def counted(seeded):
    """The process's threads and descriptors before the server exists, then the server (stopped
    at the end whatever happens, so a failure never leaves it running)."""
    before = (threading.active_count(), open_sockets())
    server = HttpServer(("127.0.0.1", 0), [Feeds(seeded.store, lambda: TODAY, "fr", (7, 1)).route()], quiet=True,
                        timeout=TIMEOUT)
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    try:
        yield server, serving, before
    finally:
        server.shutdown()
        server.server_close()
        serving.join()


def test_200_simultaneous_calendars_and_20_slow_clients(counted, feed):
    server, serving, before = counted
    address = server.server_address[:2]
    status, body, etag = fetch(address, feed)  # warm-up: what every calendar holds already
    assert status == 200 and body.count(b"BEGIN:VEVENT") == 13
    assert server.idle.wait(10)
    sockets_serving = open_sockets()  # the listening socket (and the event loop's self-pipe)

    slow = [SlowClient(address, feed, trickle=n % 2 == 0) for n in range(20)]
    for client in slow:
        client.start()
    calendars = subprocess.run([sys.executable, str(Path(__file__).with_name("load_clients.py")), *map(str, address),
                                feed, etag, "200"], capture_output=True, text=True, timeout=120, check=True)
    for client in slow:
        client.join()

    results = json.loads(calendars.stdout)
    assert Counter(status for status, _, _ in results) == {200: 100, 304: 100}  # no error, no time-out
    assert all(size > 1000 for status, size, _ in results if status == 200)  # the whole calendar, gzipped
    worst = max(seconds for _, _, seconds in results)
    assert worst < 1.0, f"the slowest of 200 answers took {worst:.2f} s"
    for client in slow:  # every slow client cut at the deadline, without an answer to its request
        assert client.cut and TIMEOUT <= client.seconds < TIMEOUT + 10
        assert client.answer == b"" or client.answer.startswith(b"HTTP/1.1 408 ")
        if client.trickle:
            assert client.sent < len(client.head)  # it was still sending when it was cut

    assert server.idle.wait(10) and open_sockets() == sockets_serving  # not one socket left open
    server.shutdown()
    server.server_close()
    serving.join()
    assert (threading.active_count(), open_sockets()) == before  # nor a thread, nor a socket
