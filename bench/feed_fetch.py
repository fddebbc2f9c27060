"""W8: the subscription feed over HTTP on 127.0.0.1: a full fetch and a 304 (median ms each).
The client reads in 64 KB chunks, so the peak memory is the server's."""

import http.client
import statistics
import sys
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from missiontui.frontends.http.feeds import Feeds  # noqa: E402
from missiontui.frontends.http.server import HttpServer  # noqa: E402
from missiontui.store import Store  # noqa: E402
from missiontui.usecases.context import Context, FixedClock  # noqa: E402
from missiontui.usecases.subscriptions import add_feed  # noqa: E402


def get(address, path, headers=None):
    conn = http.client.HTTPConnection(*address, timeout=120)
    started = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    size = 0
    while chunk := response.read(65536):  # read as a calendar client does, without holding it all
        size += len(chunk)
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    return response, size, elapsed


if __name__ == "__main__":
    store = Store(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    ctx = Context(store, "bench", FixedClock(date(2026, 11, 22)))
    token = store.feed_tokens()[0] if store.feed_tokens() else add_feed(ctx, label="bench")
    server = HttpServer(("127.0.0.1", 0), [Feeds(store, lambda: date(2026, 11, 22), "fr", (7, 1)).route()], quiet=True)
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    path = f"/feeds/{token.token}.ics"
    first, body, _ = get(server.server_address[:2], path)  # warm-up
    full = [get(server.server_address[:2], path)[2] for _ in range(runs)]
    etag = first.getheader("ETag")
    not_modified = []
    for _ in range(runs * 3):
        response, _, elapsed = get(server.server_address[:2], path, {"If-None-Match": etag})
        assert response.status == 304
        not_modified.append(elapsed)
    server.shutdown()
    serving.join()
    print(f"{statistics.median(full):.1f} {statistics.median(not_modified):.2f} {body}")
