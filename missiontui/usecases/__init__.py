"""Use cases: one module per thing users do. Every change goes through here, as a change set.

context (what each use case is given), inputs (what users type → typed values), records (write a
change set, rebuild a past state), deliverables, missions, people, plans (a whole mission at once),
seeds, imports, undo, subscriptions, filters, calendars (export and feeds)."""
