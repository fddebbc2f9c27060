-- Schema 0009: secret links to a mission's live status report (`missiontui report-link add`), served
-- by `missiontui serve` at /reports/<token>. They are feed tokens of another kind: the same secret,
-- label, creation and revocation (with history and undo), bound to one mission. A column added
-- rather than the table rebuilt, so columns other branches add to feed_token survive the merge.
-- (0005 and 0006 are taken by other branches.)

ALTER TABLE feed_token ADD COLUMN kind TEXT NOT NULL DEFAULT 'feed'
    CHECK (kind = 'feed' OR (kind = 'report' AND scope = 'mission'));
