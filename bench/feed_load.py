"""W8 under load: N calendars asking for one feed at once (half poll with their ETag, half fetch it
whole with gzip; from another process, as calendars are other machines) while S slow clients hold
connections (half send nothing, half send their request head a byte every 50 ms).

    python bench/feed_load.py DB [N=200] [S=20] [TIMEOUT=10] [mixed|poll]

`poll`: every calendar holds the current ETag, as on an ordinary hourly refresh (all 304).

Prints one line of figures: answers by status, median and worst latency, how long the slow clients
were held, and the threads and sockets of the server's process before, during and after.
The same scenario is a test (tests/test_feeds_load.py); this prints what it measures.
"""

from __future__ import annotations

import http.client
import json
import os
import select
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sockets() -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}").startswith(("socket:", "pipe:"))
        except OSError:
            pass
    return count


def slow_client(address, path: str, trickle: bool, give_up: float, held: list) -> None:
    head = f"GET {path} HTTP/1.1\r\nHost: calendar\r\n\r\n".encode()
    sock = socket.create_connection(address)
    started, sent = time.monotonic(), 0
    with sock:
        while time.monotonic() - started < give_up:
            if trickle and sent < len(head):
                try:
                    sent += sock.send(head[sent:sent + 1])
                except OSError:
                    break
            pace = 0.05 if trickle and sent < len(head) else give_up
            if select.select([sock], [], [], pace)[0]:
                try:
                    if not sock.recv(65536):
                        break
                except OSError:
                    break
    held.append(time.monotonic() - started)


def run(server, path: str, calendars: int = 200, slow: int = 20, give_up: float = 60.0, mode: str = "mixed") -> dict:
    """The scenario against a running `server` (anything with `server_address`)."""
    address = server.server_address[:2]
    conn = http.client.HTTPConnection(*address, timeout=60)
    conn.request("HEAD", path)  # the ETag every calendar holds (without holding a 90 MB body here)
    response = conn.getresponse()
    response.read()
    etag = response.getheader("ETag")
    conn.close()
    if hasattr(server, "idle"):
        server.idle.wait(10)
    threads_idle, sockets_idle = threading.active_count(), sockets()
    held: list[float] = []
    slow_threads = [threading.Thread(target=slow_client, args=(address, path, n % 2 == 0, give_up, held))
                    for n in range(slow)]
    for thread in slow_threads:
        thread.start()
    clients = subprocess.run([sys.executable, str(ROOT / "tests" / "load_clients.py"), *map(str, address), path,
                              etag, str(calendars), mode], capture_output=True, text=True, check=True)
    for thread in slow_threads:
        thread.join()
    results = json.loads(clients.stdout)
    latencies = [seconds for _, _, seconds in results]
    return {
        "answers": dict(Counter(str(status) for status, _, _ in results)),
        "median_s": round(statistics.median(latencies), 3), "worst_s": round(max(latencies), 3),
        "slow_held_s": [round(min(held), 2), round(max(held), 2)] if held else [],
        "threads_sockets_idle": [threads_idle, sockets_idle],
    }


def main() -> None:
    from missiontui.frontends.http.feeds import Feeds
    from missiontui.frontends.http.server import HttpServer
    from missiontui.store import Store

    db = sys.argv[1]
    calendars, slow = (int(a) for a in (sys.argv[2:4] + ["200", "20"][len(sys.argv[2:4]):]))
    timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
    mode = sys.argv[5] if len(sys.argv) > 5 else "mixed"
    threads_before, sockets_before = threading.active_count(), sockets()
    store = Store(db, "bench")
    token = store.feed_tokens()[0] if store.feed_tokens() else store.add_feed_token(label="bench")
    server = HttpServer(("127.0.0.1", 0), [Feeds(store, lambda: date(2026, 11, 22), "fr", (7, 1)).route()],
                        quiet=True, timeout=timeout)
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    try:
        figures = run(server, f"/feeds/{token.token}.ics", calendars, slow, timeout + 30, mode)
        server.idle.wait(30)
        figures["threads_sockets_after_load"] = [threading.active_count(), sockets()]
    finally:
        server.shutdown()
        server.server_close()
        serving.join()
    store.close()
    figures["threads_sockets_before_after"] = [[threads_before, sockets_before], [threading.active_count(), sockets()]]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
