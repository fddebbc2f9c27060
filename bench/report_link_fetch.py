"""W9: a mission's live report link over HTTP on 127.0.0.1 (the 1,000-deliverable mission of
bench/report_mission.py): a full fetch and a reload that changed nothing (304), median ms each.
The page is built for every request, a 304 included (its ETag is a hash of the page).

    python bench/report_link_fetch.py bench/out/report-100000.db [RUNS]
"""

import http.client
import statistics
import sys
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from missiontui.frontends.http.reports import Reports  # noqa: E402
from missiontui.frontends.http.server import HttpServer  # noqa: E402
from missiontui.store import Store  # noqa: E402
from missiontui.usecases.context import Context, FixedClock  # noqa: E402
from missiontui.usecases.report_links import add_report_link, report_links  # noqa: E402

TODAY = date(2026, 11, 22)  # bench/run's MISSIONTUI_TODAY


def get(address, path, headers=None):
    conn = http.client.HTTPConnection(*address, timeout=120)
    started = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    return response, len(body), elapsed


if __name__ == "__main__":
    store = Store(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    links = report_links(store)
    link = links[0] if links else add_report_link(Context(store, "bench", FixedClock(TODAY)), "BENCH-REPORT", "bench")
    server = HttpServer(("127.0.0.1", 0), [Reports(store, lambda: TODAY, "fr").route()], quiet=True)
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    address, path = server.server_address[:2], f"/reports/{link.token}"
    first, size, _ = get(address, path)  # warm-up
    assert first.status == 200
    full = [get(address, path)[2] for _ in range(runs)]
    not_modified = []
    for _ in range(runs):
        response, _, elapsed = get(address, path, {"If-None-Match": first.getheader("ETag")})
        assert response.status == 304
        not_modified.append(elapsed)
    server.shutdown()
    serving.join()
    print(f"{statistics.median(full):.1f} {statistics.median(not_modified):.1f} {size}")
