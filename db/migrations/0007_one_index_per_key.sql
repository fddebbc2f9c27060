-- Schema version 7: one index per key, and the missions overview counted from an index (issue 14).
--
-- The due order had two indexes on (due, id), one partial (live deliverables) for the lists and one
-- whole for the exports: every write paid for both. One index serves both now: deleted_at is read
-- from the index itself, so a list of live ids never visits a row.
DROP INDEX IF EXISTS deliverable_due;
DROP INDEX IF EXISTS deliverable_due_all;
CREATE INDEX deliverable_due ON deliverable(due, id, deleted_at);

-- A mission's deliverables by status and date: the overview's figures (done/total, overdue, next
-- deadline) come from this index alone, without reading a row, and a mission's list (tombstones
-- included, as its feed needs) still finds its rows here.
DROP INDEX IF EXISTS deliverable_mission;
CREATE INDEX deliverable_mission ON deliverable(mission_id, status, due, deleted_at);
