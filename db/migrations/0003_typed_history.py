"""Schema version 3: a history that can rebuild any past state, and deliverables without a date yet.

- `change`: one row per user action (who, when, why, from where; undo/redo links); `history` rows
  belong to a change and hold each field's old and new value as JSON typed values, with the
  entity's version after the change. A create records only its label (title, name, reference):
  a past state is the current row with the later changes taken back.
- `deliverable.due` and `precision` may be NULL ("to schedule"); precision may be 'season'.
- Missions and people get tombstones (`deleted_at`) like deliverables, so creating one can be
  undone; a reference or a name is unique among the live ones. `person.version`, for optimistic
  concurrency like the other entities.

Older history rows held display strings ("2022-09-30 (remis en septembre 2022)", "Ann (lead), Bob");
they are converted by walking each entity's history backwards from its current state, so the
rebuilt states end exactly at today's rows. A deadline's precision was not recorded: it is read
again from its phrase, and is 'day' when the phrase does not give back the same date.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

DELIVERABLE = """
CREATE TABLE deliverable_v3 (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,          -- iCalendar UID: fixed at creation, never from content
    mission_id   INTEGER NOT NULL REFERENCES mission(id),
    title        TEXT NOT NULL CHECK (trim(title) <> ''),
    kind         TEXT NOT NULL CHECK (kind IN ('mandate','checkpoint','report','decision','meeting','other')),
    due          TEXT,                          -- NULL: no date yet ("to schedule")
    precision    TEXT CHECK (precision IN ('day','early-month','mid-month','end-of-month','month','season',
                                           'quarter','half','year')),
    phrase       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('planned','in-progress','done','blocked','cancelled')),
    notes        TEXT NOT NULL DEFAULT '',
    completed_on TEXT,
    version      INTEGER NOT NULL DEFAULT 1,    -- optimistic concurrency: bumped on every write
    sequence     INTEGER NOT NULL DEFAULT 0,    -- iCalendar SEQUENCE: bumped when date, title or status change
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,                          -- tombstone: feeds publish the cancellation
    CHECK (status <> 'done' OR completed_on IS NOT NULL),
    CHECK ((due IS NULL) = (precision IS NULL))
)"""

STATEMENTS = [
    # SQLite's way to change a table's constraints: build the new one, copy, drop, rename (the
    # migration runner switches foreign keys off around it and checks them all before COMMIT).
    DELIVERABLE,
    "INSERT INTO deliverable_v3 SELECT id, uid, mission_id, title, kind, due, precision, phrase, status, notes,"
    " completed_on, version, sequence, created_at, updated_at, deleted_at FROM deliverable",
    "DROP TABLE deliverable",
    "ALTER TABLE deliverable_v3 RENAME TO deliverable",
    "CREATE INDEX deliverable_due ON deliverable(due, id) WHERE deleted_at IS NULL",
    "CREATE INDEX deliverable_mission ON deliverable(mission_id, due)",
    "CREATE INDEX deliverable_due_all ON deliverable(due, id)",
    """CREATE TRIGGER deliverable_fts_insert AFTER INSERT ON deliverable BEGIN
    INSERT INTO deliverable_fts(rowid, title, notes) VALUES (new.id, new.title, new.notes);
END""",
    """CREATE TRIGGER deliverable_fts_delete AFTER DELETE ON deliverable BEGIN
    INSERT INTO deliverable_fts(deliverable_fts, rowid, title, notes) VALUES ('delete', old.id, old.title, old.notes);
END""",
    """CREATE TRIGGER deliverable_fts_update AFTER UPDATE OF title, notes ON deliverable BEGIN
    INSERT INTO deliverable_fts(deliverable_fts, rowid, title, notes) VALUES ('delete', old.id, old.title, old.notes);
    INSERT INTO deliverable_fts(rowid, title, notes) VALUES (new.id, new.title, new.notes);
END""",
    """CREATE TABLE mission_v3 (
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL COLLATE NOCASE CHECK (trim(reference) <> ''),
    title      TEXT NOT NULL,
    authority  TEXT NOT NULL DEFAULT '',
    signatory  TEXT NOT NULL DEFAULT '',
    addressees TEXT NOT NULL DEFAULT '[]',      -- JSON list of strings
    signed_on  TEXT,
    summary    TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    lead_id    INTEGER REFERENCES person(id),
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
)""",
    "INSERT INTO mission_v3 SELECT id, reference, title, authority, signatory, addressees, signed_on, summary, status,"
    " lead_id, version, created_at, updated_at, NULL FROM mission",
    "DROP TABLE mission",
    "ALTER TABLE mission_v3 RENAME TO mission",
    "CREATE UNIQUE INDEX mission_reference ON mission(reference) WHERE deleted_at IS NULL",
    """CREATE TABLE person_v3 (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL COLLATE NOCASE CHECK (trim(name) <> ''),
    email        TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted_at   TEXT
)""",
    "INSERT INTO person_v3 SELECT id, name, email, role, organisation, created_at, 1, NULL FROM person",
    "DROP TABLE person",
    "ALTER TABLE person_v3 RENAME TO person",
    "CREATE UNIQUE INDEX person_name ON person(name) WHERE deleted_at IS NULL",
    """CREATE TABLE change (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,                       -- UTC
    actor  TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',            -- cli, tui, import FILE, seed, sync, migration…
    kind   TEXT NOT NULL DEFAULT 'do' CHECK (kind IN ('do', 'undo', 'redo')),
    target INTEGER REFERENCES change(id)        -- the change an undo or redo acts on
)""",
    "CREATE INDEX change_actor ON change(actor, id)",
    "ALTER TABLE history RENAME TO history_v2",
    "DROP INDEX history_entity",
    """CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL REFERENCES change(id),
    entity    TEXT NOT NULL,                    -- deliverable, mission, person, feed_token
    entity_id INTEGER NOT NULL,
    action    TEXT NOT NULL,                    -- create, update, delete, restore
    field     TEXT NOT NULL DEFAULT '',         -- '' for a create: `new` holds the whole state
    old       TEXT,                             -- JSON
    new       TEXT,                             -- JSON
    version   INTEGER NOT NULL                  -- the entity's version after this change
)""",
    "CREATE INDEX history_entity ON history(entity, entity_id, id)",
    "CREATE INDEX history_change ON history(change_id)",
]


LABEL = {"deliverable": "title", "mission": "reference", "person": "name", "feed_token": "scope"}


def migrate(db) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
    conn = db.conn
    old_rows = [dict(zip(("id", "at", "actor", "entity", "entity_id", "action", "field", "old", "new", "reason"), r))
                for r in conn.execute("SELECT id, at, actor, entity, entity_id, action, field, old, new, reason"
                                      " FROM history_v2 ORDER BY id")]
    change_of = _changes(conn, old_rows)
    converter = _Converter(conn)
    by_entity = defaultdict(list)
    for row in old_rows:
        by_entity[(row["entity"], row["entity_id"])].append(row)
    out = []
    for (entity, entity_id), rows in by_entity.items():
        out += converter.entity(entity, entity_id, rows, change_of)
    out.sort(key=lambda r: r[0])
    conn.executemany("INSERT INTO history(id, change_id, entity, entity_id, action, field, old, new, version)"
                     " VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)", [r[1:] for r in out])
    db.execute("DROP TABLE history_v2")


def _changes(conn, rows) -> dict[int, int]:
    """One change per write: consecutive rows with the same time and actor were one transaction."""
    change_of, key, current = {}, None, None
    for row in rows:
        if (row["at"], row["actor"]) != key:
            key = (row["at"], row["actor"])
            current = conn.execute("INSERT INTO change(at, actor, reason, source) VALUES (?, ?, ?, 'migration')",
                                   (row["at"], row["actor"], row["reason"] or "")).lastrowid
        elif row["reason"] and not conn.execute("SELECT reason FROM change WHERE id = ?", (current,)).fetchone()[0]:
            conn.execute("UPDATE change SET reason = ? WHERE id = ?", (row["reason"], current))
        change_of[row["id"]] = current
    return change_of


def _dump(value) -> str | None:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Converter:
    def __init__(self, conn):
        self.conn = conn
        self.people = {name.casefold(): pid for pid, name in conn.execute("SELECT id, name FROM person")}
        self.names = {pid: name for pid, name in conn.execute("SELECT id, name FROM person")}
        self.missions = {ref.casefold(): mid for mid, ref in conn.execute("SELECT id, reference FROM mission")}

    def entity(self, entity: str, entity_id: int, rows: list[dict], change_of: dict[int, int]) -> list[tuple]:
        state = self.current(entity, entity_id)
        if state is None:  # history of a row that no longer exists: nothing to rebuild it from
            return []
        groups: list[list[dict]] = []
        for row in rows:
            if groups and change_of[groups[-1][0]["id"]] == change_of[row["id"]]:
                groups[-1].append(row)
            else:
                groups.append([row])
        converted = []
        for group in reversed(groups):  # walk back from today's state
            before = {}
            for row in group:
                if row["action"] == "create":
                    continue
                name, old = self.field(entity, row)
                before[name] = old
            converted.append((group, before, dict(state)))
            for name, old in before.items():
                state[name] = old
        out, version = [], 0
        for group, before, after_state in reversed(converted):
            version += 1
            first = group[0]
            change_id = change_of[first["id"]]
            if first["action"] == "create":
                label = LABEL[entity]
                out.append((first["id"], change_id, entity, entity_id, "create", "", None,
                            _dump({label: after_state[label]}), version))
                continue
            action = first["action"]
            for row in group:
                name, _ = self.field(entity, row)
                out.append((row["id"], change_id, entity, entity_id, action, name, _dump(before[name]),
                            _dump(after_state[name]), version))
        return out

    def current(self, entity: str, entity_id: int) -> dict | None:
        if entity == "deliverable":
            row = self.conn.execute(
                "SELECT mission_id, title, kind, due, precision, phrase, status, completed_on, notes, deleted_at"
                " FROM deliverable WHERE id = ?", (entity_id,)).fetchone()
            if row is None:
                return None
            mission_id, title, kind, due, precision, phrase, status, completed, notes, deleted = row
            owners = [[pid, self.names.get(pid, ""), bool(lead)] for pid, lead in self.conn.execute(
                "SELECT person_id, lead FROM owner WHERE deliverable_id = ? ORDER BY NOT lead, person_id",
                (entity_id,))]
            deps = [d for (d,) in self.conn.execute(
                "SELECT depends_on_id FROM dependency WHERE deliverable_id = ? ORDER BY depends_on_id", (entity_id,))]
            return {"mission_id": mission_id, "title": title, "kind": kind,
                    "due": {"date": due, "precision": precision, "phrase": phrase} if due else None,
                    "status": status, "completed_on": completed, "owners": owners, "depends_on": deps,
                    "notes": notes, "deleted": deleted is not None}
        if entity == "mission":
            row = self.conn.execute("SELECT reference, title, authority, signatory, addressees, signed_on, summary,"
                                    " status, lead_id FROM mission WHERE id = ?", (entity_id,)).fetchone()
            if row is None:
                return None
            keys = ("reference", "title", "authority", "signatory", "addressees", "signed_on", "summary", "status",
                    "lead_id")
            state = dict(zip(keys, row))
            state["addressees"] = json.loads(state["addressees"] or "[]")
            return state
        if entity == "person":
            row = self.conn.execute("SELECT name, email, role, organisation FROM person WHERE id = ?",
                                    (entity_id,)).fetchone()
            return dict(zip(("name", "email", "role", "organisation"), row)) if row else None
        if entity == "feed_token":
            row = self.conn.execute("SELECT scope, mission_id, person_id, label, revoked_at FROM feed_token"
                                    " WHERE id = ?", (entity_id,)).fetchone()
            if row is None:
                return None
            return {"scope": row[0], "mission_id": row[1], "person_id": row[2], "label": row[3],
                    "revoked": row[4] is not None}
        return None

    def field(self, entity: str, row: dict):
        """(field, old value as typed JSON) of one schema-2 row."""
        action, name, old = row["action"], row["field"], row["old"]
        if entity == "feed_token" and action == "delete":
            return "revoked", False
        if action == "delete":
            return "deleted", False
        if action == "restore":
            return "deleted", True
        if old is None:
            return name, None
        if name == "due":
            return name, self.due(old)
        if name == "owners":
            owners = []
            for part in old.split(", "):
                lead = part.endswith(" (lead)")
                person = part.removesuffix(" (lead)")
                pid = self.people.get(person.casefold())
                if pid is not None:
                    owners.append([pid, person, lead])
            return name, owners
        if name == "depends_on":
            return name, [int(x.strip().lstrip("#")) for x in old.split(",") if x.strip()]
        if name == "mission_id":
            return name, self.missions.get(old.casefold())
        return name, old

    @staticmethod
    def due(text: str) -> dict:
        day, _, rest = text.partition(" ")
        phrase = rest[1:-1] if rest.startswith("(") and rest.endswith(")") else ""
        return {"date": day, "precision": _precision(phrase, date.fromisoformat(day)), "phrase": phrase}


def _precision(phrase: str, day: date) -> str:
    """The precision a phrase gives its date: read again from that day, then from the start of its
    year ("fin juin" gives 30 June either way); 'day' when neither gives the same date back."""
    if not phrase:
        return "day"
    from missiontui.core.dates import parse_due

    for reference in (day, date(day.year, 1, 1)):
        try:
            parsed = parse_due(phrase, reference)
        except Exception:  # a phrase today's rules refuse: keep the day, say nothing more
            continue
        if parsed.date == day:
            return parsed.precision.value
    return "day"
