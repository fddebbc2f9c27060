#!/usr/bin/env python3
"""The CalDAV transport on a local Radicale and a local Xandikos (loopback), before the sync exists.

    bench/caldav_transport.py              # 1,000 and 10,000 items on both servers (several minutes)
    bench/caldav_transport.py --sizes 1000 # quicker

For each server and size: the upload (one conditional PUT per item, as a first push does), a full
listing (sync-collection with no token: hrefs and ETags), the fetch of every item (calendar-multiget
in batches, each item read by core.ical.tasks), and, after 10 items changed, the delta since the
token plus the fetch of those 10. Times are wall-clock medians of 3 runs (the upload: one run).
Nothing here asserts on a time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from missiontui.core.ical.tasks import TaskFields, TaskOwner, task_text  # noqa: E402
from missiontui.core.model import Due, Kind, Precision  # noqa: E402
from missiontui.sync.transport import connect  # noqa: E402
from tests.caldav_servers import SERVERS, running  # noqa: E402


def fields(i: int, title: str = "") -> TaskFields:
    return TaskFields(uid=f"bench-{i:06d}", title=title or f"Livrable n° {i} — entretiens, synthèse",
                      mission_ref="BENCH-1", due=Due(date(2022, 1, 1 + i % 28), Precision.DAY, "fin du mois"),
                      kind=Kind.OTHER, owners=(TaskOwner("Thomas Audigé", "t.audige@igas.gouv.fr", True),
                                               TaskOwner("Anne Martin")), depends_on=(f"bench-{max(0, i - 1):06d}",),
                      notes="Notes " * 10, percent=0, last_modified=datetime(2022, 5, 16, tzinfo=timezone.utc))


def median(fn, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def seed(server, remote, texts: list[bytes]) -> None:
    """Fill the collection straight into the server's storage: both servers check every PUT's UID
    against the whole collection, so 10,000 PUTs would take hours (see the upload column)."""
    folder = remote.path.strip("/")
    if server.name == "radicale":
        target = server.root / "collections" / "collection-root" / folder
        for i, text in enumerate(texts):
            (target / f"bench-{i:06d}.ics").write_bytes(text)
        return
    target = server.root / "data" / folder
    for i, text in enumerate(texts):
        (target / f"bench-{i:06d}.ics").write_bytes(text)
    git = ["git", "-C", str(target), "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    subprocess.run(git + ["add", "-A", "."], check=True, capture_output=True)
    subprocess.run(git + ["commit", "-q", "-m", "seed"], check=True, capture_output=True)


def upload(remote, texts: list[bytes]) -> tuple[float, float, float, dict]:
    """(total, ms per item over the first 100, over the last 100, etags) of one PUT per item."""
    etags, stamps = {}, [time.perf_counter()]
    for i, text in enumerate(texts):
        href = remote.href_for(f"bench-{i:06d}")
        etags[href] = remote.put_new(href, text).etag
        stamps.append(time.perf_counter())
    first = (stamps[min(100, len(texts))] - stamps[0]) / min(100, len(texts)) * 1000
    last = (stamps[-1] - stamps[max(0, len(texts) - 100)]) / min(100, len(texts)) * 1000
    return stamps[-1] - stamps[0], first, last, etags


def bench(name: str, size: int, upload_limit: int) -> dict:
    with running(name) as server:
        with connect(server.collection_url(f"bench-{size}"), server.user, server.password, timeout=1800) as remote:
            remote.create("bench")
            texts = [task_text(fields(i)) for i in range(size)]
            if size <= upload_limit:
                total, first, last, etags = upload(remote, texts)
                sent = f"{total:.0f} s ({first:.0f} → {last:.0f} ms/item)"
            else:
                seed(server, remote, texts)
                started = time.perf_counter()  # the server's first look at items it did not receive itself
                etags = {r.href: r.etag for r in remote.changes(None).changed}
                sent = f"seeded in storage; first listing {time.perf_counter() - started:.0f} s"

            listing_time, listing = median(lambda: remote.changes(None))
            fetch_time, fetched = median(lambda: remote.fetch(r.href for r in listing.changed), runs=1 if size > 1000
                                         else 3)
            assert len(fetched.items) == size, (len(fetched.items), fetched.skipped[:3])

            token = listing.token
            for i in range(0, size, size // 10)[:10]:
                href = remote.href_for(f"bench-{i:06d}")
                remote.put_update(href, task_text(fields(i, f"changed {i}")), etags[href])

            def delta():
                changes = remote.changes(token)
                return changes, remote.fetch(r.href for r in changes.changed)

            delta_time, (changes, got) = median(delta)
            assert len(changes.changed) == 10 and len(got.items) == 10, changes
            return {"server": name, "size": size, "upload": sent, "list": listing_time, "fetch": fetch_time,
                    "delta": delta_time}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--servers", nargs="+", default=list(SERVERS))
    parser.add_argument("--upload-limit", type=int, default=1000, help="above this size, seed the storage directly")
    args = parser.parse_args()
    print("| server | items | upload (1 PUT each) | full listing (hrefs+ETags) | fetch all (multiget + read) | "
          "10 changes: delta + fetch |")
    print("|---|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        for name in args.servers:
            r = bench(name, size, args.upload_limit)
            print(f"| {r['server']} | {r['size']:,} | {r['upload']} | "
                  f"{r['list'] * 1000:.0f} ms | {r['fetch']:.2f} s | {r['delta'] * 1000:.0f} ms |", flush=True)


if __name__ == "__main__":
    main()
