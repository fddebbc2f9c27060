"""Three colleagues edit and sync in any order through one real server: once every conflict is resolved
they hold the same mission, the server holds it once, and no accepted edit vanished — each is still
there, or a later change to the same field is in the history that replaced it.

A few dozen random interleavings in CI against Xandikos; MISSIONTUI_SYNC_EXAMPLES=500 for a long local
run, MISSIONTUI_SYNC_SERVER=radicale for the other server.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missiontui.core.changes import same
from missiontui.core.errors import MissionError
from missiontui.core.model import DeliverableFilter
from missiontui.usecases import deliverables as edits
from missiontui.usecases import missions, people, sync_links
from tests.caldav_servers import running
from tests.sync_helpers import mission_view, replica, server_items

EXAMPLES = int(os.environ.get("MISSIONTUI_SYNC_EXAMPLES", "20"))
REF = "P-1"
TITLES = ["Cadrage", "Entretiens", "Rapport", "Décision", "Suivi"]
NOTES = ["", "relu", "visio", "à reprendre"]
DUES = ["fin juin", "mi-octobre", "2022-09-30", None]


@pytest.fixture(scope="module")
def server():
    with running(os.environ.get("MISSIONTUI_SYNC_SERVER", "xandikos")) as s:
        yield s


edit = st.one_of(
    st.tuples(st.just("title"), st.sampled_from(TITLES)),
    st.tuples(st.just("notes"), st.sampled_from(NOTES)),
    st.tuples(st.just("due"), st.sampled_from(DUES)),
    st.tuples(st.just("done"), st.none()),
    st.tuples(st.just("delete"), st.none()),
    st.tuples(st.just("restore"), st.none()),
    st.tuples(st.just("add"), st.sampled_from(TITLES)),
    st.tuples(st.just("owner"), st.sampled_from(["Ann", "Bob"])),
)
step = st.one_of(st.tuples(st.integers(0, 2), st.just(("sync", None)), st.integers(0, 5)),
                 st.tuples(st.integers(0, 2), edit, st.integers(0, 5)))


class Team:
    def __init__(self, server, folder: Path, url: str):
        self.members = [replica(folder / f"{n}.db", n, server) for n in ("Ann", "Bob", "Cid")]
        ann = self.members[0]
        people.add_person(ann.ctx, "Ann"), people.add_person(ann.ctx, "Bob")
        missions.add_mission(ann.ctx, REF, "Mission P", lead="Ann")
        for title, owner in zip(TITLES[:3], ("Ann", "Bob", "Ann")):
            edits.add_deliverable(ann.ctx, mission=REF, title=title, due="fin juin", owners=[owner])
        ann.link(url, REF)
        ann.sync()
        for other in self.members[1:]:
            other.clone(url)
        self.accepted: list[tuple[int, str, str, int, object]] = []  # (member, uid, field, change id, value)

    def items(self, member) -> list:
        return sorted(member.store.deliverables(DeliverableFilter(mission=REF, include_deleted=True)),
                      key=lambda d: d.uid)

    def do(self, who: int, action: tuple, pick: int) -> None:
        member = self.members[who]
        kind, value = action
        if kind == "sync":
            member.sync(allow_deletes=True)
            return
        if kind == "add":
            saved = edits.add_deliverable(member.ctx, mission=REF, title=value, owners=["Bob"])
            self.accepted.append((who, saved.deliverable.uid, "title", saved.change_id, saved.deliverable.title))
            return
        found = self.items(member)
        d = found[pick % len(found)]
        try:
            if kind == "delete":
                saved = edits.delete(member.ctx, d.id)
                field, now = "deleted", True
            elif kind == "restore":
                saved = edits.restore(member.ctx, d.id)
                field, now = "deleted", False
            elif kind == "done":
                saved = edits.complete(member.ctx, d.id)
                field, now = "status", saved.deliverable.status
            elif kind == "owner":
                saved = edits.edit_deliverable(member.ctx, d.id, {"owners": [value]})
                field, now = "owners", saved.deliverable.owners
            else:
                saved = edits.edit_deliverable(member.ctx, d.id, {kind: value})
                field, now = kind, getattr(saved.deliverable, kind)
        except MissionError:  # editing a deleted one, restoring a live one: refused, so not an accepted edit
            return
        if saved.change_id is not None:
            self.accepted.append((who, d.uid, field, saved.change_id, now))

    def settle(self) -> None:
        """Everyone syncs, taking the server's side of every conflict, until nothing moves."""
        for _ in range(8):
            moved = False
            for member in self.members:
                report = member.sync(allow_deletes=True)
                moved = moved or bool(report.lines)
                for view in sync_links.conflicts(member.ctx):
                    c = view.conflict
                    if c.entity == "deliverable":
                        sync_links.resolve(member.ctx, deliverable_id=c.entity_id, every="theirs")
                    else:
                        sync_links.resolve(member.ctx, mission=view.reference, every="theirs")
                    moved = True
            if not moved:
                return
        raise AssertionError("the team did not settle in 8 rounds")

    def close(self) -> None:
        for member in self.members:
            member.close()


def tombstones(member) -> set[str]:
    return {d.uid for d in member.store.deliverables(DeliverableFilter(mission=REF, include_deleted=True))
            if d.deleted_at}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=1, max_size=12))
def test_random_edits_and_syncs_on_three_replicas_converge(server, steps):
    folder = Path(tempfile.mkdtemp(prefix="missiontui-prop-"))
    url = server.collection_url(folder.name.replace("_", "-"))
    team = Team(server, folder, url)
    try:
        for who, action, pick in steps:
            team.do(who, action, pick)
        team.settle()
        views = [mission_view(m.store, REF) for m in team.members]
        assert views[0] == views[1] == views[2]
        assert tombstones(team.members[0]) == tombstones(team.members[1]) == tombstones(team.members[2])
        assert len(server_items(server, url)) == 1 + len(views[0]["deliverables"])  # each live item once
        for who, uid, field, change_id, value in team.accepted:
            member = team.members[who]
            d = member.by_uid(uid)
            now = d.deleted_at is not None if field == "deleted" else getattr(d, field)
            later = [r for r in member.store.history("deliverable", d.id)
                     if r.change_id > change_id and field in r.after]
            assert same(field, now, value) or later, (who, uid, field, value, now)
    finally:
        team.close()
        shutil.rmtree(folder, ignore_errors=True)
