"""The reads that must not grow with the data use their index (issue 14). Not timed: SQLite's own
plan for the very statements the store runs, captured as it runs them."""

from datetime import date

from missiontui.core.model import DeliverableFilter


def plans(store, call) -> list[str]:
    """Every step of SQLite's plan for each statement `call` makes the store run."""
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        call()
    finally:
        store.conn.set_trace_callback(None)
    steps = []
    for sql in statements:
        if sql.lstrip().upper().startswith("SELECT"):
            steps += [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]
    return steps


def test_the_overview_counts_from_the_index_alone(seeded):
    """done/total, overdue and the next deadline of each mission: no deliverable row is read."""
    store = seeded.store
    steps = plans(store, lambda: store.mission_summaries(date(2022, 5, 16)))
    counting = [s for s in steps if "deliverable" in s and "mission" not in s.split(" USING")[0]]
    assert any("COVERING INDEX deliverable_mission" in s for s in steps), steps
    assert not any(s.startswith("SCAN deliverable") or s.startswith("SCAN d ") for s in counting), steps


def test_a_mission_list_starts_from_the_mission_not_from_every_deliverable(seeded):
    store = seeded.store
    steps = plans(store, lambda: store.deliverable_ids(DeliverableFilter(mission="D-22-010393")))
    steps += plans(store, lambda: store.deliverables(DeliverableFilter(mission="D-22-010393")))
    assert any("INDEX deliverable_mission (mission_id=?" in s for s in steps), steps
    assert not any(s.startswith("SCAN d") for s in steps), steps


def test_a_month_and_the_live_ids_come_from_the_due_index(seeded):
    store = seeded.store
    month = DeliverableFilter(due_after=date(2022, 6, 1), due_before=date(2022, 6, 30))
    steps = plans(store, lambda: store.deliverables(month))
    assert any("INDEX deliverable_due (due>? AND due<?)" in s for s in steps), steps
    live = plans(store, lambda: store.deliverable_ids(DeliverableFilter()))
    assert live == ["SCAN d USING COVERING INDEX deliverable_due"]  # in order: no sort, no row read
    assert not any("TEMP B-TREE" in s for s in steps + live)
