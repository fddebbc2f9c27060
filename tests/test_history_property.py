"""Random sequences of what two colleagues do — edits from fresh and stale reads, conflicts, deletes,
undo and redo — and afterwards every state anyone saw comes back exactly from the history."""

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from missiontui.core.changes import deliverable_state, rebuild
from missiontui.core.errors import Conflict, MissionError
from missiontui.store import Store
from missiontui.usecases import deliverables, undo
from missiontui.usecases.context import Context, FixedClock
from missiontui.usecases.seeds import load_seeds

TARGETS = (11, 12)  # the DNS checkpoint and report: 12 depends on 11
PEOPLE = ("Thomas Audigé", "Dominique Pon", "Laura Létourneau")
VALUES = {
    "title": st.sampled_from(["Point d'étape", "Rapport", "Rapport définitif", "Synthèse"]),
    "due": st.sampled_from(["fin juin", "mi-octobre", "2022-09-30", "T3 2022", ""]),
    "status": st.sampled_from(["planned", "in-progress", "done", "blocked", "cancelled"]),
    "notes": st.sampled_from(["", "relu", "à revoir", "« validé »"]),
    "owners": st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique=True),
}

edit = st.tuples(st.just("edit"), st.sampled_from("AB"), st.sampled_from(TARGETS), st.booleans(),
                 st.sets(st.sampled_from(sorted(VALUES)), min_size=1, max_size=2).flatmap(
                     lambda keys: st.fixed_dictionaries({k: VALUES[k] for k in keys})))
other = st.tuples(st.sampled_from(["undo", "redo", "delete", "restore", "read"]), st.sampled_from("AB"),
                  st.sampled_from(TARGETS), st.booleans(), st.just({}))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(edit, other), min_size=1, max_size=25))
def test_every_state_seen_is_rebuilt_from_the_history(steps):
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "m.db") as store:
        users = {name: Context(store, name, FixedClock(date(2022, 5, 16))) for name in ("Alice", "Bob")}
        load_seeds(users["Alice"])
        read = {(u, t): store.deliverable(t).version for u in "AB" for t in TARGETS}  # what each one has on screen
        seen = {t: {store.deliverable(t).version: deliverable_state(store.deliverable(t))} for t in TARGETS}
        for action, who, target, stale, values in steps:
            ctx = users["Alice" if who == "A" else "Bob"]
            try:
                if action == "edit":
                    version = read[(who, target)] if stale else None
                    deliverables.edit_deliverable(ctx, target, values, version=version)
                elif action == "delete":
                    deliverables.delete(ctx, target)
                elif action == "restore":
                    deliverables.restore(ctx, target)
                elif action in ("undo", "redo"):
                    getattr(undo, action)(ctx)
                event(f"{action}: done")
            except (Conflict, MissionError) as refused:  # nothing was written (checked below)
                event(f"{action}: refused ({type(refused).__name__})")
            for t in TARGETS:
                d = store.deliverable(t, include_deleted=True)
                state = deliverable_state(d)
                assert seen[t].setdefault(d.version, state) == state  # a version never means two states
                if action == "read":  # this colleague refreshes their screen
                    read[(who, t)] = d.version
        for t in TARGETS:
            now = deliverable_state(store.deliverable(t, include_deleted=True))
            history = store.history("deliverable", t)
            for version, state in seen[t].items():
                assert rebuild(now, history, version) == state, (t, version)
