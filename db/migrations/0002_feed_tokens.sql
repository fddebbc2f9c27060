-- Schema version 2: secret tokens for calendar subscription feeds (missiontui serve).

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
