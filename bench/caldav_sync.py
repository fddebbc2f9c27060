#!/usr/bin/env python3
"""Team sync against a local Radicale and a local Xandikos (loopback): what a sync costs, and whose cost it is.

    bench/caldav_sync.py                      # 1,000 and 10,000 deliverables on both servers (~15 min)
    bench/caldav_sync.py --sizes 1000 --push  # also the first push of 1,000 by PUT (~4 min per server)

For each server and size N (one mission of N deliverables, owners and dependencies):
- clone: the first sync of a colleague: every item listed, fetched and read, the mission created here;
- push (with --push, N <= --push-limit): the first sync of the one who publishes: one conditional PUT per
  item (both servers check each PUT's UID against the whole collection, so this grows with N);
- no-op: a sync with nothing to do, as `missiontui sync` in its own process (what a user waits for),
  with its peak memory;
- 10 changes: 5 edited here and 5 edited on the server by a colleague: received, merged, sent.
Each time is split into the server's part (waiting for HTTP answers) and ours (everything else).
Medians of 3 runs (clone and push: one run). Nothing asserts on a time.

A 10,000-item collection is seeded straight into the server's storage (the upload column of
bench/caldav_transport.py shows why), then cloned.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from missiontui.core.drafts import DeliverableDraft, MissionDraft, PersonDraft  # noqa: E402
from missiontui.core.ical.tasks import mission_text, mission_uid, task_text  # noqa: E402
from missiontui.core.model import Due, Kind, Precision  # noqa: E402
from missiontui.settings import Config, SyncSettings  # noqa: E402
from missiontui.store import Store  # noqa: E402
from missiontui.sync.transport import connect  # noqa: E402
from missiontui.usecases import deliverables as edits  # noqa: E402
from missiontui.usecases import sync as syncing  # noqa: E402
from missiontui.usecases import sync_links  # noqa: E402
from missiontui.usecases.context import Context, FixedClock  # noqa: E402
from missiontui.usecases.plans import create_mission  # noqa: E402
from tests.caldav_servers import SERVERS, running  # noqa: E402

REF = "BENCH-SYNC"
PEOPLE = [f"Personne {n:02d}" for n in range(20)]


class Waiting:
    """Time spent waiting for the server: every HTTP request of the caldav client, summed."""

    def __init__(self):
        self.seconds = 0.0

    @contextmanager
    def counting(self):
        from caldav.davclient import DAVClient

        original = DAVClient.request

        def timed(client, *args, **kwargs):
            started = time.perf_counter()
            try:
                return original(client, *args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        DAVClient.request = timed
        try:
            yield self
        finally:
            DAVClient.request = original


def draft(size: int) -> MissionDraft:
    start = date(2022, 1, 3)
    return MissionDraft(
        reference=REF, title="Mission de mesure", signatory="Olivier Véran", addressees=("IGAS",),
        signed_on=date(2022, 1, 3), lead=PEOPLE[0], people=tuple(PersonDraft(p, f"p{n}@igas.gouv.fr")
                                                                 for n, p in enumerate(PEOPLE)),
        deliverables=tuple(DeliverableDraft(
            key=str(i), title=f"Livrable n° {i} — entretiens, synthèse", kind=Kind.OTHER,
            due=Due(start + timedelta(days=i % 900), Precision.DAY, ""), owners=(PEOPLE[i % 20], PEOPLE[(i + 7) % 20]),
            notes="Notes " * 10, depends_on=(str(i - 1),) if i % 5 else ()) for i in range(size)))


def context(path: Path, actor: str) -> Context:
    return Context(Store(path), actor, FixedClock(date(2022, 5, 16)), Config(sync=SyncSettings(allow_http=True)))


def seed_server(server, url: str, store) -> None:
    """Our own items for every deliverable of the mission, written into the server's storage."""
    from missiontui.core.sync_fields import task_fields, mission_fields
    from missiontui.core.changes import deliverable_state, mission_state

    folder = url.replace(server.base, "").strip("/")
    target = (server.root / "collections" / "collection-root" / folder) if server.name == "radicale" else \
        (server.root / "data" / folder)
    mission = store.mission(REF)
    emails = {p.id: p.email for p in store.people()}
    uid_of = {d.id: d.uid for d in store.deliverables()}
    for d in store.deliverables():
        fields = task_fields(deliverable_state(d), uid=d.uid, mission_ref=REF, emails=emails, uid_of_id=uid_of,
                             extra={}, sequence=0, editor="Alice", now=None)
        (target / (d.uid.replace("@", "_") + ".ics")).write_bytes(task_text(fields))
    journal = mission_fields(mission_state(mission), uid=mission_uid(REF), lead=mission.lead, people=(),
                             sequence=0, editor="Alice", now=None)
    (target / "mission.ics").write_bytes(mission_text(journal))
    if server.name == "xandikos":
        git = ["git", "-C", str(target), "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        subprocess.run(git + ["add", "-A", "."], check=True, capture_output=True)
        subprocess.run(git + ["commit", "-q", "-m", "seed"], check=True, capture_output=True)


def timed(fn, runs: int = 3) -> tuple[float, float, float, object]:
    """(median wall seconds, median seconds waiting for the server, median CPU seconds of ours, last result).
    Our CPU time is the honest measure of our part on a busy machine: the server is another process."""
    walls, waits, cpus, result = [], [], [], None
    for _ in range(runs):
        with Waiting().counting() as waiting:
            started, cpu = time.perf_counter(), time.process_time()
            result = fn()
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        waits.append(waiting.seconds)
    return statistics.median(walls), statistics.median(waits), statistics.median(cpus), result


def as_a_process(db: Path, config: Path) -> tuple[float, float, int]:
    """`missiontui sync` in its own process: (wall seconds, CPU seconds, peak resident KB). The peak is
    the process's own VmHWM (ru_maxrss would count the benchmark's memory it was forked from)."""
    code = ("import sys, time\n"
            "started, cpu = time.perf_counter(), time.process_time()\n"
            "from missiontui.frontends.cli import main\n"
            "try:\n    main(['--db', sys.argv[1], 'sync', '-q'])\n"
            "except SystemExit:\n    pass\n"
            "peak = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
            "print(time.perf_counter() - started, time.process_time() - cpu, peak)\n")
    env = {**os.environ, "MISSIONTUI_CONFIG": str(config), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, env=env, check=True)
    wall, cpu, peak = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu), int(peak)


def bench(name: str, size: int, push: bool, push_limit: int) -> dict:
    rows = {}
    with running(name) as server, tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        url = server.collection_url(f"bench-{size}")
        conn = lambda u: connect(u, server.user, server.password, timeout=1800)  # noqa: E731
        alice = context(folder / "alice.db", "Alice")
        create_mission(alice, draft(size))
        if push and size <= push_limit:
            sync_links.link(alice, REF, url)
            rows["push"] = timed(lambda: syncing.sync(alice, connect=conn), runs=1)[:3]
        else:
            with conn(url) as remote:
                remote.create("bench")
            seed_server(server, url, alice.store)
            with conn(url) as remote:  # Radicale builds its cache of items it did not receive at their first
                remote.changes(None)   # listing (35 s at 1,000): a server that got them by PUT has it already
        bob = context(folder / "bob.db", "Bob")
        rows["clone"] = timed(lambda: sync_links.clone(bob, url, connect=conn), runs=1)[:3]
        syncing.sync(bob, connect=conn)  # settles what the clone's token does not cover yet
        rows["noop"] = timed(lambda: syncing.sync(bob, connect=conn))[:3]
        config = folder / "config.toml"
        user = f'user = "{server.user}"\n' if server.user else ""
        config.write_text(f'user = "Bob"\n[sync]\n{user}keyring = false\n', encoding="utf-8")
        os.environ["MISSIONTUI_SYNC_PASSWORD"] = server.password or ""
        rows["noop_process"] = as_a_process(folder / "bob.db", config)
        ids = [d.id for d in bob.store.deliverables()]

        def ten_changes():
            picked = ids[:: max(1, len(ids) // 10)][:10]
            for deliverable_id in picked[:5]:
                edits.edit_deliverable(bob, deliverable_id,
                                       {"notes": f"bob {time.perf_counter_ns()}"})
            with conn(url) as remote:  # a colleague's five edits on the server
                for deliverable_id in picked[5:]:
                    d = bob.store.deliverable(deliverable_id)
                    item = remote.fetch([bob.store.synced_items(d.mission_id, [d.uid])[d.uid].href]).items[0]
                    text = item.data.replace(b"SUMMARY:", b"SUMMARY:(changed) ", 1)
                    remote.put_update(item.href, text, item.etag)
            wall, wait, cpu, reports = timed(lambda: syncing.sync(bob, connect=conn), runs=1)
            assert len(reports[0].lines) == 10, reports[0].lines
            return wall, wait, cpu

        runs = [ten_changes() for _ in range(3)]
        rows["ten"] = tuple(statistics.median(r[n] for r in runs) for n in range(3))
        alice.store.close(), bob.store.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--servers", nargs="+", default=list(SERVERS))
    parser.add_argument("--push", action="store_true", help="also time the first push by PUT")
    parser.add_argument("--push-limit", type=int, default=1000)
    args = parser.parse_args()
    print("| server | N | first sync: clone | first push (PUT each) | no-op sync | no-op as a process (peak) | "
          "10 changes |")
    print("|---|---:|---:|---:|---:|---:|---:|")

    def cell(measured) -> str:
        wall, wait, cpu = measured
        return f"{wall:.2f} s (server {wait:.2f}, ours {wall - wait:.2f}; our CPU {cpu:.2f})"

    for size in args.sizes:
        for name in args.servers:
            r = bench(name, size, args.push, args.push_limit)
            wall, cpu, peak = r["noop_process"]
            process = f"{wall:.2f} s (CPU {cpu:.2f}; {peak / 1024:.0f} MB)"
            print(f"| {name} | {size:,} | {cell(r['clone'])} | {cell(r['push']) if 'push' in r else '—'} | "
                  f"{cell(r['noop'])} | {process} | {cell(r['ten'])} |", flush=True)


if __name__ == "__main__":
    main()
