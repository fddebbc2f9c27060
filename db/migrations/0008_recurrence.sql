-- Schema 0008: a meeting deliverable may repeat. `recurrence` holds an iCalendar RRULE value
-- ("FREQ=MONTHLY;BYDAY=1TU"), '' when it does not repeat. Its `due` is always the next occurrence
-- to hold: completing one moves it to the following one (core/recurrence.py).
-- (0004, 0006 and 0007 are taken by other branches: http, sync, perf.)

ALTER TABLE deliverable ADD COLUMN recurrence TEXT NOT NULL DEFAULT '';
