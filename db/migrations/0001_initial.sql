-- Schema version 1: missions, deliverables, people, owners, dependencies, history, search.
-- Dates are ISO 'YYYY-MM-DD' text (calendar dates, never timestamps); times are UTC ISO text.

CREATE TABLE person (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
    email        TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);

CREATE TABLE mission (
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(reference) <> ''),
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
    updated_at TEXT NOT NULL
);

CREATE TABLE deliverable (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,          -- iCalendar UID: fixed at creation, never from content
    mission_id   INTEGER NOT NULL REFERENCES mission(id),
    title        TEXT NOT NULL CHECK (trim(title) <> ''),
    kind         TEXT NOT NULL CHECK (kind IN ('mandate','checkpoint','report','decision','meeting','other')),
    due          TEXT NOT NULL,
    precision    TEXT NOT NULL CHECK (precision IN ('day','early-month','mid-month','end-of-month','month','quarter','half','year')),
    phrase       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('planned','in-progress','done','blocked','cancelled')),
    notes        TEXT NOT NULL DEFAULT '',
    completed_on TEXT,
    version      INTEGER NOT NULL DEFAULT 1,    -- optimistic concurrency: bumped on every write
    sequence     INTEGER NOT NULL DEFAULT 0,    -- iCalendar SEQUENCE: bumped when date, title or status change
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,                          -- tombstone: feeds publish the cancellation
    CHECK (status <> 'done' OR completed_on IS NOT NULL)
);
CREATE INDEX deliverable_due ON deliverable(due, id) WHERE deleted_at IS NULL;
CREATE INDEX deliverable_mission ON deliverable(mission_id, due);

CREATE TABLE owner (
    deliverable_id INTEGER NOT NULL REFERENCES deliverable(id),
    person_id      INTEGER NOT NULL REFERENCES person(id),
    lead           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (deliverable_id, person_id)
) WITHOUT ROWID;
CREATE INDEX owner_person ON owner(person_id);

CREATE TABLE dependency (
    deliverable_id INTEGER NOT NULL REFERENCES deliverable(id),
    depends_on_id  INTEGER NOT NULL REFERENCES deliverable(id),
    PRIMARY KEY (deliverable_id, depends_on_id),
    CHECK (deliverable_id <> depends_on_id)
) WITHOUT ROWID;

CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,                    -- 'mission', 'deliverable', 'person'
    entity_id INTEGER NOT NULL,
    action    TEXT NOT NULL,                    -- 'create', 'update', 'delete', 'restore'
    field     TEXT NOT NULL DEFAULT '',
    old       TEXT,
    new       TEXT,
    reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_entity ON history(entity, entity_id, id);

-- Full-text search over titles and notes; kept current by triggers.
CREATE VIRTUAL TABLE deliverable_fts USING fts5(
    title, notes, content='deliverable', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER deliverable_fts_insert AFTER INSERT ON deliverable BEGIN
    INSERT INTO deliverable_fts(rowid, title, notes) VALUES (new.id, new.title, new.notes);
END;
CREATE TRIGGER deliverable_fts_delete AFTER DELETE ON deliverable BEGIN
    INSERT INTO deliverable_fts(deliverable_fts, rowid, title, notes) VALUES ('delete', old.id, old.title, old.notes);
END;
CREATE TRIGGER deliverable_fts_update AFTER UPDATE OF title, notes ON deliverable BEGIN
    INSERT INTO deliverable_fts(deliverable_fts, rowid, title, notes) VALUES ('delete', old.id, old.title, old.notes);
    INSERT INTO deliverable_fts(rowid, title, notes) VALUES (new.id, new.title, new.notes);
END;
