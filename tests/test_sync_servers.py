"""Two colleagues on two databases, and a foreign task client, through a real Radicale and a real
Xandikos (every test runs on both): the scenarios of issue 10, item 8."""

from __future__ import annotations

from datetime import date

import pytest

from missiontui.core.ical.tasks import MissionFields, TaskFields, mission_uid
from missiontui.core.model import Due, Kind, Precision, Status
from missiontui.usecases import deliverables as edits
from missiontui.usecases import sync_links
from missiontui.usecases.seeds import load_seeds
from missiontui.usecases.sync import SyncRefused
from tests.caldav_servers import caldav_server, collection_url  # noqa: F401  (fixtures)
from tests.sync_helpers import DNS, database_dump, mission_view, put_raw, replica, server_items

CHECKPOINT = "Point d'étape associant Dominique Pon et Laura Létourneau"
REPORT = "Remise des travaux de la mission (bilan d'étape de la DNS et propositions)"
DECISIONS = "Mise en œuvre des décisions"
MANDATE = "Lettre de mission signée (Pégase D-22-010393)"


@pytest.fixture
def alice(tmp_path, caldav_server, collection_url):
    """Alice has the two real letters and publishes the DNS mission."""
    a = replica(tmp_path / "alice.db", "Alice", caldav_server)
    load_seeds(a.ctx)
    a.link(collection_url)
    yield a
    a.close()


@pytest.fixture
def bob(tmp_path, caldav_server, collection_url, alice):
    """Bob clones Alice's mission into his empty database."""
    alice.sync()
    b = replica(tmp_path / "bob.db", "Bob", caldav_server)
    b.clone(collection_url)
    yield b
    b.close()


def test_first_push_puts_every_deliverable_and_the_mission_on_the_server(alice, caldav_server, collection_url):
    report = alice.sync()
    assert report.complete and report.count("server", "create") == 5 and not report.conflicts
    items = server_items(caldav_server, collection_url)
    assert len(items) == 5
    journal = items[mission_uid(DNS)]
    assert isinstance(journal, MissionFields)
    assert (journal.reference, journal.signatory, journal.lead, journal.signed_on) == (
        DNS, "Olivier Véran", "Thomas Audigé", date(2022, 4, 21))
    assert journal.addressees == ("Thomas Audigé, Chef de l'Inspection générale des affaires sociales",)
    tasks = {t.title: t for t in items.values() if isinstance(t, TaskFields)}
    checkpoint = tasks[CHECKPOINT]  # "d'ici la fin juin" in a letter of 21 April 2022
    assert checkpoint.due == Due(date(2022, 6, 30), Precision.END_OF_MONTH, "d'ici la fin juin")
    assert checkpoint.kind is Kind.CHECKPOINT and checkpoint.status is Status.PLANNED
    assert sorted((o.name, o.lead) for o in checkpoint.owners) == [
        ("Dominique Pon", False), ("Laura Létourneau", False), ("Thomas Audigé", True)]
    assert tasks[REPORT].depends_on == (checkpoint.uid,) and tasks[DECISIONS].depends_on == (tasks[REPORT].uid,)
    assert tasks[MANDATE].status is Status.DONE and tasks[MANDATE].completed_on == date(2022, 4, 21)
    assert all(t.editor == "Alice" and t.mission_ref == DNS for t in tasks.values())
    again = alice.sync()
    assert again.lines == [] and again.complete


def test_clone_gets_the_whole_mission_into_an_empty_database(alice, bob):
    assert mission_view(bob.store) == mission_view(alice.store)
    mission = bob.store.mission(DNS)
    assert (mission.signatory, mission.lead, mission.authority) == (
        "Olivier Véran", "Thomas Audigé", "Ministère des Solidarités et de la Santé")
    assert {p.name for p in bob.store.people()} == {"Olivier Véran", "Thomas Audigé", "Dominique Pon",
                                                     "Laura Létourneau"}
    report = bob.store.deliverables_by_ids([bob.by_title(REPORT).id])[0]
    assert [d.title for d in bob.store.deliverables_by_ids(list(report.depends_on))] == [CHECKPOINT]
    assert bob.store.history()[0].source == "sync"
    assert bob.sync().lines == [] and alice.sync().lines == []


def test_two_colleagues_editing_different_fields_keep_both(alice, bob):
    edits.edit_deliverable(alice.ctx, alice.by_title(REPORT).id, {"title": "Rapport final"})
    edits.edit_deliverable(bob.ctx, bob.by_title(REPORT).id, {"due": "mi-octobre", "notes": "entretiens ARS"})
    alice.sync(), bob.sync(), alice.sync()
    for colleague in (alice, bob):
        d = colleague.by_title("Rapport final")
        assert d.due == Due(date(2022, 10, 15), Precision.MID_MONTH, "mi-octobre") and d.notes == "entretiens ARS"
    assert mission_view(alice.store) == mission_view(bob.store)
    received = [r for r in alice.store.history("deliverable", alice.by_title("Rapport final").id) if r.source == "sync"]
    assert received[0].actor == "Bob" and set(received[0].after) == {"due", "notes"}
    assert alice.sync().lines == [] and bob.sync().lines == []


def test_the_same_change_on_both_sides_is_no_conflict(alice, bob):
    for colleague in (alice, bob):
        edits.complete(colleague.ctx, colleague.by_title(CHECKPOINT).id, on=date(2022, 6, 28))
    alice.sync()
    report = bob.sync()
    assert report.conflicts == 0 and not sync_links.conflicts(bob.ctx)
    assert bob.by_title(CHECKPOINT).status is Status.DONE


@pytest.mark.parametrize("choice", ["theirs", "yours"])
def test_the_same_field_changed_differently_is_a_conflict_until_resolved(alice, bob, caldav_server, collection_url,
                                                                        choice):
    edits.edit_deliverable(alice.ctx, alice.by_title(REPORT).id, {"title": "Rapport (Alice)"})
    edits.edit_deliverable(bob.ctx, bob.by_title(REPORT).id, {"title": "Rapport (Bob)", "notes": "relu"})
    alice.sync()
    report = bob.sync()
    assert report.conflicts == 1
    [view] = sync_links.conflicts(bob.ctx)
    assert (view.conflict.field, view.conflict.base, view.conflict.theirs, view.conflict.yours) == (
        "title", REPORT, "Rapport (Alice)", "Rapport (Bob)")
    uid = bob.by_title("Rapport (Bob)").uid  # yours stays here…
    on_server = server_items(caldav_server, collection_url)[uid]
    assert on_server.title == "Rapport (Alice)" and on_server.notes == "relu"  # …and only the other field went out
    assert bob.sync().conflicts == 1 and server_items(caldav_server, collection_url)[uid].title == "Rapport (Alice)"
    sync_links.resolve(bob.ctx, deliverable_id=bob.by_uid(uid).id, choices={"title": choice})
    bob.sync(), alice.sync()
    expected = "Rapport (Alice)" if choice == "theirs" else "Rapport (Bob)"
    assert alice.by_uid(uid).title == bob.by_uid(uid).title == expected
    assert server_items(caldav_server, collection_url)[uid].title == expected
    assert not sync_links.conflicts(bob.ctx) and mission_view(alice.store) == mission_view(bob.store)


def test_offline_edits_on_both_sides_converge(alice, bob):
    edits.add_deliverable(alice.ctx, mission=DNS, title="Note de cadrage", due="fin mai", owners=["Thomas Audigé"])
    edits.complete(alice.ctx, alice.by_title(CHECKPOINT).id, on=date(2022, 6, 20))
    edits.edit_deliverable(alice.ctx, alice.by_title(DECISIONS).id, {"due": "T1 2023"})
    bob_note = edits.add_deliverable(bob.ctx, mission=DNS, title="Entretiens ARS", owners=["Laura Létourneau"],
                                     depends_on=[bob.by_title(CHECKPOINT).id]).deliverable
    edits.edit_deliverable(bob.ctx, bob.by_title(REPORT).id, {"owners": ["Thomas Audigé", "Dominique Pon"],
                                                              "lead": "Dominique Pon"})
    alice.sync(), bob.sync(), alice.sync()
    assert mission_view(alice.store) == mission_view(bob.store)
    assert not sync_links.conflicts(alice.ctx) and not sync_links.conflicts(bob.ctx)
    undated = alice.by_uid(bob_note.uid)  # Bob gave it no date: a deliverable to schedule on both sides
    assert undated.due is None and [o.name for o in undated.owners] == ["Laura Létourneau"]
    assert [d.title for d in alice.store.deliverables_by_ids(list(undated.depends_on))] == [CHECKPOINT]
    assert [(o.name, o.lead) for o in alice.by_title(REPORT).owners] == [("Dominique Pon", True),
                                                                         ("Thomas Audigé", False)]
    assert alice.sync().lines == [] and bob.sync().lines == []


def test_a_delete_on_either_side_reaches_the_other_as_a_restorable_tombstone(alice, bob, caldav_server,
                                                                            collection_url):
    uid = alice.by_title(DECISIONS).uid
    edits.delete(alice.ctx, alice.by_title(DECISIONS).id, reason="décision abandonnée")
    assert alice.sync().count("server", "delete") == 1
    assert uid not in server_items(caldav_server, collection_url)
    report = bob.sync()
    assert report.count("here", "delete") == 1 and report.backup is not None
    assert bob.by_uid(uid).deleted_at is not None
    edits.restore(bob.ctx, bob.by_uid(uid).id)  # Bob brings it back: it is sent again as new
    bob.sync(), alice.sync()
    assert server_items(caldav_server, collection_url)[uid].title == DECISIONS
    assert bob.by_uid(uid).deleted_at is None
    assert sync_links.conflicts(alice.ctx)[0].conflict.field == "deleted"  # Alice deleted it: she is asked


def test_a_server_delete_of_an_item_changed_here_is_a_conflict(alice, bob, caldav_server, collection_url):
    uid = alice.by_title(DECISIONS).uid
    edits.delete(alice.ctx, alice.by_title(DECISIONS).id)
    edits.edit_deliverable(bob.ctx, bob.by_uid(uid).id, {"notes": "arbitrage en cours"})
    alice.sync()
    assert bob.sync().conflicts == 1
    [view] = sync_links.conflicts(bob.ctx)
    assert (view.conflict.field, view.conflict.theirs, view.conflict.yours) == ("deleted", True, False)
    assert bob.by_uid(uid).deleted_at is None and bob.by_uid(uid).notes == "arbitrage en cours"
    sync_links.resolve(bob.ctx, deliverable_id=bob.by_uid(uid).id, choices={"deleted": "yours"})
    bob.sync()
    assert server_items(caldav_server, collection_url)[uid].notes == "arbitrage en cours"


def test_a_delete_here_of_an_item_changed_on_the_server_is_a_conflict(alice, bob, caldav_server, collection_url):
    uid = alice.by_title(DECISIONS).uid
    edits.edit_deliverable(alice.ctx, alice.by_uid(uid).id, {"title": "Décisions (calendrier revu)"})
    edits.delete(bob.ctx, bob.by_uid(uid).id)
    alice.sync()
    assert bob.sync().conflicts == 1
    assert uid in server_items(caldav_server, collection_url)  # not deleted while Bob has not chosen
    sync_links.resolve(bob.ctx, deliverable_id=bob.by_uid(uid).id, every="theirs")
    assert bob.by_uid(uid).deleted_at is None and bob.by_uid(uid).title == "Décisions (calendrier revu)"
    assert bob.sync().lines == [] and mission_view(alice.store) == mission_view(bob.store)


def test_more_deletes_than_allowed_stop_the_sync_until_allowed(alice, bob):
    for title in (CHECKPOINT, REPORT, DECISIONS):
        edits.delete(alice.ctx, alice.by_title(title).id)
    alice.sync(allow_deletes=True)
    before = database_dump(bob.store.path)
    with pytest.raises(SyncRefused, match="would delete 3 deliverables here"):
        bob.sync()
    assert database_dump(bob.store.path) == before
    assert bob.sync(allow_deletes=True).count("here", "delete") == 3


def test_dry_run_writes_nothing_anywhere(alice, bob, caldav_server, collection_url):
    edits.edit_deliverable(alice.ctx, alice.by_title(REPORT).id, {"title": "Rapport final"})
    alice.sync()
    edits.edit_deliverable(bob.ctx, bob.by_title(CHECKPOINT).id, {"notes": "visio"})
    before, remote_before = database_dump(bob.store.path), server_items(caldav_server, collection_url)
    report = bob.sync(dry_run=True)
    assert sorted((line.side, line.action, line.title, line.fields) for line in report.lines) == [
        ("here", "update", REPORT, ("title",)), ("server", "update", CHECKPOINT, ("notes",))]
    assert database_dump(bob.store.path) == before
    assert server_items(caldav_server, collection_url) == remote_before


FOREIGN_TODO = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
BEGIN:VTODO
UID:{uid}
CREATED:20220501T080000Z
LAST-MODIFIED:20220517T083000Z
DTSTAMP:20220517T083000Z
SUMMARY:Rapport définitif (remis au cabinet)
DUE;TZID=Europe/Paris:20221014T180000
STATUS:IN-PROCESS
PERCENT-COMPLETE:40
CATEGORIES:report
X-MOZ-GENERATION:3
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER;VALUE=DURATION:-P1D
DESCRIPTION:Rappel
END:VALARM
END:VTODO
END:VCALENDAR
"""

UNDATED_TODO = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Apple Inc.//iOS 15.4//EN
BEGIN:VTODO
UID:apple-reminder-1
DTSTAMP:20220517T090000Z
SUMMARY:Relancer la DGOS
STATUS:NEEDS-ACTION
END:VTODO
END:VCALENDAR
"""


def test_a_foreign_client_that_drops_our_properties_changes_only_what_it_changed(alice, caldav_server, collection_url):
    """Thunderbird renames, moves DUE to a time in its zone, drops every X-MISSIONTUI property and keeps
    its alarm; Apple Reminders adds a task without a date."""
    alice.sync()
    report_item = alice.by_title(REPORT)
    href = alice.store.synced_items(report_item.mission_id, [report_item.uid])[report_item.uid].href
    assert put_raw(caldav_server, href, FOREIGN_TODO.format(uid=report_item.uid))[0] in (201, 204)
    assert put_raw(caldav_server, collection_url.replace(caldav_server.base, "") + "apple-reminder-1.ics",
                   UNDATED_TODO)[0] in (201, 204)
    report = alice.sync()
    assert report.conflicts == 0 and report.complete
    d = alice.by_uid(report_item.uid)
    assert d.title == "Rapport définitif (remis au cabinet)" and d.status is Status.IN_PROGRESS
    assert d.due == Due(date(2022, 10, 14), Precision.DAY, "")  # the day its author saw; the old words went
    assert [(o.name, o.lead) for o in d.owners] == [("Thomas Audigé", True)]  # dropped there, kept here
    assert [x.title for x in alice.store.deliverables_by_ids(list(d.depends_on))] == [CHECKPOINT]
    assert d.kind is Kind.REPORT
    undated = alice.by_title("Relancer la DGOS")
    assert undated.due is None and undated.mission_ref == DNS and undated.kind is Kind.OTHER
    thunderbird = [r for r in alice.store.history("deliverable", d.id) if r.source == "sync"][0]
    assert thunderbird.actor == f"127.0.0.1:{caldav_server.port} (CalDAV)"
    # Alice's next change goes out whole: our properties come back, Thunderbird's alarm and percentage stay
    edits.edit_deliverable(alice.ctx, d.id, {"notes": "version pour le cabinet"})
    alice.sync()
    status, _, body = caldav_server.raw("GET", href)
    assert status == 200 and b"BEGIN:VALARM" in body and b"X-MOZ-GENERATION:3" in body
    back = server_items(caldav_server, collection_url)[d.uid]
    assert [o.name for o in back.owners] == ["Thomas Audigé"] and back.notes == "version pour le cabinet"
    assert back.percent == 40 and back.title == "Rapport définitif (remis au cabinet)"


def test_the_mission_itself_travels_with_who_changed_it(alice, bob):
    from missiontui.usecases import missions

    missions.edit_mission(bob.ctx, DNS, {"title": "Bilan d'étape de la DNS", "lead": "Dominique Pon",
                                         "addressees": ["Thomas Audigé", "Inspection générale des finances"]})
    bob.sync()
    assert alice.sync().count("here", "update") == 1
    mission = alice.store.mission(DNS)
    assert (mission.title, mission.lead, mission.addressees) == (
        "Bilan d'étape de la DNS", "Dominique Pon", ("Thomas Audigé", "Inspection générale des finances"))
    [received] = [r for r in alice.store.history("mission", mission.id) if r.source == "sync"]
    assert received.actor == "Bob" and set(received.after) == {"title", "addressees", "lead_id"}


def test_a_calendar_holding_another_mission_is_refused_before_anything_is_written(alice, collection_url):
    alice.sync()
    sync_links.unlink(alice.ctx, DNS)
    sync_links.link(alice.ctx, "STSS-2018-02-09", collection_url)
    before = database_dump(alice.store.path)
    with pytest.raises(SyncRefused, match=f"holds the mission {DNS}, not STSS-2018-02-09"):
        alice.sync()
    assert database_dump(alice.store.path) == before


def test_the_publisher_sees_the_delete_of_an_item_she_created(alice, bob):
    """Alice creates an item and syncs; Bob deletes it: the token Alice kept must cover her own create,
    or the server, which never listed the item to her, would not report its delete (found by the
    property test on Xandikos)."""
    added = edits.add_deliverable(alice.ctx, mission=DNS, title="Note de cadrage", due="fin mai").deliverable
    alice.sync(), bob.sync()
    edits.delete(bob.ctx, bob.by_uid(added.uid).id)
    bob.sync()
    assert alice.sync().count("here", "delete") == 1
    assert alice.by_uid(added.uid).deleted_at is not None
