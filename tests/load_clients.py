"""N calendars asking for one feed at the same moment, from a process of their own (as calendars are
other machines): half poll with the ETag they hold, half fetch it whole with gzip.

    python tests/load_clients.py HOST PORT PATH ETAG N [poll]  ->  JSON: [[status, octets, seconds], ...]

With `poll`, every calendar holds the current ETag (the usual hourly refresh: a 304).
"""

import http.client
import json
import sys
import threading
import time


def main(host: str, port: str, path: str, etag: str, count: str, mode: str = "mixed") -> None:
    start = threading.Barrier(int(count))
    results = []

    def calendar(n: int) -> None:
        headers = {"If-None-Match": etag} if n % 2 or mode == "poll" else {"Accept-Encoding": "gzip"}
        start.wait()
        began = time.monotonic()
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            results.append((response.status, len(body), time.monotonic() - began))
        except OSError as exc:
            results.append((str(exc), 0, time.monotonic() - began))
        finally:
            conn.close()

    clients = [threading.Thread(target=calendar, args=(n,)) for n in range(int(count))]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:])
