-- Schema version 2: secret tokens for calendar subscription feeds (missiontui serve), and a cache
-- of calendar text.

CREATE TABLE feed_token (
    id         INTEGER PRIMARY KEY,
    token      TEXT NOT NULL UNIQUE,
    scope      TEXT NOT NULL CHECK (scope IN ('all', 'mission', 'person')),
    mission_id INTEGER REFERENCES mission(id),
    person_id  INTEGER REFERENCES person(id),
    label      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    CHECK ((scope = 'all' AND mission_id IS NULL AND person_id IS NULL)
        OR (scope = 'mission' AND mission_id IS NOT NULL AND person_id IS NULL)
        OR (scope = 'person' AND person_id IS NOT NULL AND mission_id IS NULL))
);

-- Each deliverable's iCalendar text, per variant (VEVENT or VTODO, language, reminders, emails),
-- for the version it was written from: exports and feeds reuse it until the deliverable changes.
-- Derived data: deleting every row loses nothing.
CREATE TABLE ical_cache (
    deliverable_id INTEGER NOT NULL REFERENCES deliverable(id),
    variant        TEXT NOT NULL,
    version        INTEGER NOT NULL,
    body           TEXT NOT NULL,
    PRIMARY KEY (deliverable_id, variant)
);  -- a rowid table: WITHOUT ROWID is for small rows, these are ~1 KB

-- Exports walk every deliverable, deleted ones included, in due order.
CREATE INDEX deliverable_due_all ON deliverable(due, id);
