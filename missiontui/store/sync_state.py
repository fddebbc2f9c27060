"""The sync's memory: linked missions, the merge base of every synced item, open conflicts.

Written by the sync use case inside the same transaction as the change sets it records, so the
database never says an item was merged when its change is not there, or the reverse. Decides nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from missiontui.core.changes import decode, decode_state, encode, encode_state
from missiontui.core.model import Person
from missiontui.core.sync_state import Link, OpenConflict, Synced
from missiontui.store import rows

_LINK = """SELECT l.mission_id, m.reference, l.url, l.token, l.last_sync, l.linked_at
           FROM sync_link l JOIN mission m ON m.id = l.mission_id"""


def _link(row: dict) -> Link:
    return Link(row["mission_id"], row["reference"], row["url"], row["token"], row["last_sync"], row["linked_at"])


def _synced(row: dict) -> Synced:
    return Synced(row["mission_id"], row["uid"], row["entity"], row["entity_id"], row["href"], row["etag"],
                  decode_state(row["entity"], row["base"]), json.loads(row["extra"]), row["version"])


def _conflict(row: dict) -> OpenConflict:
    entity, name = row["entity"], row["field"]
    return OpenConflict(row["mission_id"], row["uid"], entity, row["entity_id"], name,
                        decode(entity, name, row["base"]), decode(entity, name, row["theirs"]),
                        decode(entity, name, row["yours"]), row["found_at"])


class SyncStateMixin:
    # --- links ----------------------------------------------------------------------------------

    def sync_links(self) -> list[Link]:
        return [_link(r) for r in self._rows(_LINK + " WHERE m.deleted_at IS NULL ORDER BY m.reference")]

    def sync_link(self, mission_id: int) -> Link | None:
        row = self._one(_LINK + " WHERE l.mission_id = ?", (mission_id,))
        return _link(row) if row else None

    def sync_link_by_url(self, url: str) -> Link | None:
        row = self._one(_LINK + " WHERE l.url = ?", (url,))
        return _link(row) if row else None

    def save_sync_link(self, mission_id: int, url: str, at: str) -> None:
        with self._write():
            self.conn.execute("INSERT INTO sync_link(mission_id, url, linked_at) VALUES (?, ?, ?)",
                              (mission_id, url, at))

    def delete_sync_link(self, mission_id: int) -> None:
        """The link, its items and its conflicts (the server is not touched)."""
        with self._write():
            self.conn.execute("DELETE FROM sync_conflict WHERE mission_id = ?", (mission_id,))
            self.conn.execute("DELETE FROM sync_item WHERE mission_id = ?", (mission_id,))
            self.conn.execute("DELETE FROM sync_link WHERE mission_id = ?", (mission_id,))

    def save_sync_token(self, mission_id: int, token: str | None, at: str) -> None:
        with self._write():
            self.conn.execute("UPDATE sync_link SET token = ?, last_sync = ? WHERE mission_id = ?",
                              (token, at, mission_id))

    # --- items ----------------------------------------------------------------------------------

    def synced_items(self, mission_id: int, uids: Iterable[str]) -> dict[str, Synced]:
        found: dict[str, Synced] = {}
        uids = list(uids)
        for start in range(0, len(uids), 500):
            chunk = uids[start:start + 500]
            for row in self._rows(f"SELECT * FROM sync_item WHERE mission_id = ? AND uid IN"
                                  f" ({','.join('?' * len(chunk))})", [mission_id, *chunk]):
                found[row["uid"]] = _synced(row)
        return found

    def synced_etags(self, mission_id: int) -> dict[str, tuple[str, str | None]]:
        """href -> (uid, etag) of every known item: what a full listing is compared with."""
        with self._lock:
            return {href: (uid, etag) for href, uid, etag in self.conn.execute(
                "SELECT href, uid, etag FROM sync_item WHERE mission_id = ?", (mission_id,))}

    def synced_by_hrefs(self, mission_id: int, hrefs: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """href -> (uid, etag) of those of `hrefs` the sync knows: what a delta is compared with."""
        hrefs, found = list(hrefs), {}
        for start in range(0, len(hrefs), 500):
            chunk = hrefs[start:start + 500]
            with self._lock:
                found.update((href, (uid, etag)) for href, uid, etag in self.conn.execute(
                    f"SELECT href, uid, etag FROM sync_item WHERE mission_id = ? AND href IN"
                    f" ({','.join('?' * len(chunk))})", [mission_id, *chunk]))
        return found

    def synced_mission(self, mission_id: int) -> Synced | None:
        row = self._one("SELECT * FROM sync_item WHERE mission_id = ? AND entity = 'mission'", (mission_id,))
        return _synced(row) if row else None

    def uids_of(self, ids: Iterable[int]) -> dict[int, str]:
        """Deliverable id -> UID, for the dependencies an item names."""
        ids, found = list(ids), {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            with self._lock:
                found.update(self.conn.execute(
                    f"SELECT id, uid FROM deliverable WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def ids_of_uids(self, uids: Iterable[str]) -> dict[str, int]:
        uids, found = list(uids), {}
        for start in range(0, len(uids), 500):
            chunk = uids[start:start + 500]
            with self._lock:
                found.update(self.conn.execute(
                    f"SELECT uid, id FROM deliverable WHERE uid IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def mission_people(self, mission_id: int) -> list[Person]:
        """Its lead and everyone who owns one of its live deliverables: who a colleague's copy needs."""
        return [rows.person(r) for r in self._rows(
            """SELECT * FROM person WHERE id IN (
                   SELECT lead_id FROM mission WHERE id = ?1
                   UNION SELECT o.person_id FROM owner o JOIN deliverable d ON d.id = o.deliverable_id
                          WHERE d.mission_id = ?1 AND d.deleted_at IS NULL)
               ORDER BY name COLLATE NOCASE""", (mission_id,))]

    def count_synced(self, mission_id: int) -> int:
        return self._one("SELECT count(*) AS n FROM sync_item WHERE mission_id = ?", (mission_id,))["n"]

    def save_synced(self, items: Iterable[Synced]) -> None:
        rows = [(s.mission_id, s.uid, s.entity, s.entity_id, s.href, s.etag, encode_state(s.entity, s.base),
                 json.dumps(s.extra, ensure_ascii=False, separators=(",", ":")), s.version) for s in items]
        with self._write():
            self.conn.executemany(
                "INSERT OR REPLACE INTO sync_item(mission_id, uid, entity, entity_id, href, etag, base, extra, version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def forget_synced(self, mission_id: int, uids: Iterable[str]) -> None:
        """Items gone from both sides (or to be sent again as new): their record and conflicts."""
        rows = [(mission_id, uid) for uid in uids]
        with self._write():
            self.conn.executemany("DELETE FROM sync_conflict WHERE mission_id = ? AND uid = ?", rows)
            self.conn.executemany("DELETE FROM sync_item WHERE mission_id = ? AND uid = ?", rows)

    def mark_unsent(self, mission_id: int, uid: str) -> None:
        """The local value must be sent at the next sync even if the entity did not change."""
        with self._write():
            self.conn.execute("UPDATE sync_item SET version = NULL WHERE mission_id = ? AND uid = ?", (mission_id, uid))

    def unsent(self, mission_id: int) -> list[tuple[str, int, str]]:
        """(entity, id, uid) of what changed here since it was last synced: deliverables new here, changed
        (their version moved on), moved to another mission, and the mission itself."""
        return [(r["entity"], r["id"], r["uid"]) for r in self._rows(
            """SELECT 'deliverable' AS entity, d.id, d.uid FROM deliverable d
                 LEFT JOIN sync_item s ON s.mission_id = ?1 AND s.uid = d.uid
                WHERE d.mission_id = ?1
                  AND CASE WHEN s.uid IS NULL THEN d.deleted_at IS NULL
                           ELSE s.version IS NULL OR s.version <> d.version END
               UNION ALL
               SELECT s.entity, s.entity_id, s.uid FROM sync_item s JOIN deliverable d ON d.id = s.entity_id
                WHERE s.mission_id = ?1 AND s.entity = 'deliverable' AND d.mission_id <> ?1
               UNION ALL
               SELECT 'mission', m.id, coalesce(s.uid, '') FROM mission m
                 LEFT JOIN sync_item s ON s.mission_id = m.id AND s.entity = 'mission'
                WHERE m.id = ?1 AND (s.uid IS NULL OR s.version IS NULL OR s.version <> m.version)""",
            (mission_id,))]

    # --- conflicts ------------------------------------------------------------------------------

    def open_conflicts(self, mission_id: int | None = None, uid: str | None = None) -> list[OpenConflict]:
        clauses, params = [], []
        if mission_id is not None:
            clauses.append("mission_id = ?")
            params.append(mission_id)
        if uid is not None:
            clauses.append("uid = ?")
            params.append(uid)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return [_conflict(r) for r in self._rows(f"SELECT * FROM sync_conflict{where} ORDER BY mission_id, entity_id,"
                                                 " rowid", params)]

    def count_conflicts(self, mission_id: int) -> int:
        return self._one("SELECT count(DISTINCT uid) AS n FROM sync_conflict WHERE mission_id = ?", (mission_id,))["n"]

    def replace_conflicts(self, mission_id: int, uid: str, conflicts: Iterable[OpenConflict]) -> None:
        """The item's open conflicts are now these (none: all settled)."""
        with self._write():
            self.conn.execute("DELETE FROM sync_conflict WHERE mission_id = ? AND uid = ?", (mission_id, uid))
            self.conn.executemany(
                "INSERT INTO sync_conflict(mission_id, uid, entity, entity_id, field, base, theirs, yours, found_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(c.mission_id, c.uid, c.entity, c.entity_id, c.field, encode(c.field, c.base),
                  encode(c.field, c.theirs), encode(c.field, c.yours), c.found_at) for c in conflicts])
