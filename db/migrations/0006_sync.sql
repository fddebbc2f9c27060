-- Team sync over CalDAV (issue 10): which mission is linked to which calendar collection, and, for
-- each item, what both sides last agreed on — the base of the three-way merge. No password here, ever.

CREATE TABLE sync_link (
    mission_id INTEGER PRIMARY KEY REFERENCES mission(id),
    url        TEXT NOT NULL UNIQUE,            -- the collection, ending in '/'
    token      TEXT,                            -- RFC 6578 sync token of the last complete sync; NULL: list all
    last_sync  TEXT,                            -- UTC time the last sync ended without error
    linked_at  TEXT NOT NULL
);

-- One row per item of a linked collection: a deliverable's VTODO or the mission's VJOURNAL.
CREATE TABLE sync_item (
    mission_id INTEGER NOT NULL REFERENCES sync_link(mission_id) ON DELETE CASCADE,
    uid        TEXT NOT NULL,                   -- the item's UID: the key on both sides
    entity     TEXT NOT NULL CHECK (entity IN ('deliverable', 'mission')),
    entity_id  INTEGER NOT NULL,
    href       TEXT NOT NULL,                   -- path on the server
    etag       TEXT,                            -- of the server's version merged last; NULL: not known
    base       TEXT NOT NULL,                   -- JSON: the fields as last synced (core.changes.encode_state)
    extra      TEXT NOT NULL DEFAULT '{}',      -- JSON: what the server keeps that is not ours to merge
    version    INTEGER,                         -- the local version `base` was agreed at; other or NULL: to send
    PRIMARY KEY (mission_id, uid)
) WITHOUT ROWID;
CREATE INDEX sync_item_entity ON sync_item(entity, entity_id);
CREATE INDEX sync_item_href ON sync_item(mission_id, href);

-- A field both sides changed differently: the local value stays and is not sent until the user chooses.
CREATE TABLE sync_conflict (
    mission_id INTEGER NOT NULL REFERENCES sync_link(mission_id) ON DELETE CASCADE,
    uid        TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER NOT NULL,
    field      TEXT NOT NULL,
    base       TEXT,                            -- JSON typed values (core.changes.encode)
    theirs     TEXT,
    yours      TEXT,
    found_at   TEXT NOT NULL,
    PRIMARY KEY (mission_id, uid, field)
);
