"""Colleagues on their own databases, syncing through a real server: what the sync tests share."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from missiontui.core.ical.tasks import read_item
from missiontui.settings import Config, SyncSettings
from missiontui.store import Store
from missiontui.sync.transport import connect
from missiontui.usecases import sync as syncing
from missiontui.usecases import sync_links
from missiontui.usecases.context import Context, FixedClock

TODAY = date(2022, 5, 16)
DNS = "D-22-010393"


@dataclass
class Replica:
    """One colleague: their database, who they are, and how they reach the server."""

    name: str
    ctx: Context
    server: object  # tests.caldav_servers.Server (or a proxy's address in its place)
    base: str = ""  # another base URL for the server (a fault proxy)

    @property
    def store(self):
        return self.ctx.store

    def connect(self, url: str):
        if self.base:
            url = url.replace(self.server.base, self.base)
        return connect(url, self.server.user, self.server.password, timeout=10)

    def sync(self, **options):
        reports = syncing.sync(self.ctx, connect=self.connect, **options)
        return reports[0] if len(reports) == 1 else reports

    def clone(self, url: str):
        return sync_links.clone(self.ctx, url, connect=self.connect)

    def link(self, url: str, reference: str = DNS):
        return sync_links.link(self.ctx, reference, url)

    def by_title(self, title: str):
        found = [d for d in self.store.deliverables() if d.title == title]
        assert len(found) == 1, (title, [d.title for d in self.store.deliverables()])
        return found[0]

    def by_uid(self, uid: str):
        return self.store.deliverable_by_uid(uid)

    def close(self):
        self.store.close()


def replica(path: Path, name: str, server, **settings) -> Replica:
    config = Config(sync=SyncSettings(allow_http=True, **settings))
    return Replica(name, Context(Store(path), name, FixedClock(TODAY), config), server)


def mission_view(store, reference: str = DNS) -> dict:
    """What two colleagues must agree on: the mission and its live deliverables by UID, with owners by
    name and dependencies by UID (local ids differ between databases)."""
    mission = store.mission(reference)
    live = [d for d in store.deliverables() if d.mission_ref == mission.reference]
    uid_of = {d.id: d.uid for d in store.deliverables_by_ids([x for d in live for x in d.depends_on])}
    return {
        "mission": (mission.reference, mission.title, mission.authority, mission.signatory, mission.addressees,
                    mission.signed_on, mission.summary, mission.status, mission.lead),
        "deliverables": {d.uid: (d.title, d.kind, d.due, d.status, d.completed_on, d.notes,
                                 tuple(sorted((o.name, o.lead) for o in d.owners)),
                                 tuple(sorted(uid_of[x] for x in d.depends_on))) for d in live},
    }


def server_items(server, url: str) -> dict:
    """UID -> fields of every item in the collection, read with plain HTTP (PROPFIND + GET)."""
    path = url.replace(server.base, "")
    status, _, body = server.raw("PROPFIND", path, b'<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/>'
                                 b"</prop></propfind>", {"Depth": "1", "Content-Type": "application/xml"})
    assert status == 207, (status, body[:200])
    import re
    from urllib.parse import unquote, urlsplit

    items = {}
    for href in re.findall(rb"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>", body):
        href = unquote(urlsplit(href.decode()).path)
        if href.rstrip("/") == path.rstrip("/"):
            continue
        status, _, data = server.raw("GET", href)
        if status == 200:
            fields = read_item(data)
            items[fields.uid] = fields
    return items


def database_dump(path: Path) -> list[str]:
    """Every row of the database as SQL: 'local data untouched' means this does not change."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def put_raw(server, href: str, text: str, etag: str | None = None) -> tuple[int, dict]:
    """A foreign client's PUT: plain HTTP, its own bytes."""
    headers = {"Content-Type": "text/calendar; charset=utf-8"}
    if etag:
        headers["If-Match"] = etag
    status, response_headers, _ = server.raw("PUT", href, text.replace("\n", "\r\n").encode(), headers)
    return status, response_headers
