"""The CalDAV transport against a real Radicale (htpasswd, owner_only) and a real Xandikos: what the
sync will stand on. Every test runs on both servers."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from missiontui.core.ical.tasks import (MissionFields, TaskFields, TaskOwner, mission_text, mission_uid,
                                        read_task, task_text)
from missiontui.core.model import Due, Kind, Precision, Status
from missiontui.sync.transport import Deleted, Gone, Stale, Written, connect
from tests.caldav_servers import caldav_server, collection_url  # noqa: F401  (fixtures)

MOMENT = datetime(2022, 5, 16, 9, 30, tzinfo=timezone.utc)


def task(uid: str, title: str = "Note de cadrage", **changes) -> TaskFields:
    base = dict(uid=uid, title=title, mission_ref="D-22-010393", due=Due(date(2022, 5, 31), Precision.END_OF_MONTH,
                "fin mai"), kind=Kind.OTHER, owners=(TaskOwner("Thomas Audigé", "t.audige@igas.gouv.fr", True),
                TaskOwner("Martin, Anne")), depends_on=("mandate-1",), percent=0, last_modified=MOMENT)
    return TaskFields(**{**base, **changes})


@pytest.fixture
def remote(caldav_server, collection_url):
    with connect(collection_url, caldav_server.user, caldav_server.password, timeout=10) as collection:
        collection.create("D-22-010393 — stratégie nationale de santé")
        yield collection


def test_create_makes_the_collection_once(caldav_server, collection_url):
    with connect(collection_url, caldav_server.user, caldav_server.password, timeout=10) as collection:
        assert collection.exists() is False
        assert collection.create("DNS") is True
        assert collection.exists() is True
        assert collection.create("DNS") is False


def test_every_field_survives_a_put_and_a_get(caldav_server, remote):
    """PUT our text, GET it back with a plain HTTP client: the server may re-order and re-fold,
    the fields must be the same (Radicale rewrites with vobject)."""
    sent = task("f-1", notes="Entretiens: DGS, DGOS; ARS.\nPuis synthèse.", status=Status.BLOCKED,
                categories=("IGAS",), sequence=4)
    written = remote.put_new(remote.href_for(sent.uid), task_text(sent))
    assert isinstance(written, Written) and written.etag
    status, headers, body = caldav_server.raw("GET", written.href)
    assert status == 200 and headers["etag"] == written.etag
    assert read_task(body) == sent


def test_both_owners_survive_while_a_comma_list_would_be_cut_on_radicale(caldav_server, remote):
    listed = task_text(task("f-2")).replace(b"END:VTODO", b"X-LISTED:Anne,Bob\r\nEND:VTODO")
    written = remote.put_new(remote.href_for("f-2"), listed)
    body = caldav_server.raw("GET", written.href)[2]
    assert [o.name for o in read_task(body).owners] == ["Thomas Audigé", "Martin, Anne"]
    expected = b"X-LISTED:Anne\r\n" if caldav_server.name == "radicale" else b"X-LISTED:Anne,Bob\r\n"
    assert expected in body  # vobject keeps the first value only; Xandikos keeps the list


def test_the_mission_item_round_trips(caldav_server, remote):
    mission = MissionFields(uid=mission_uid("D-22-010393"), reference="D-22-010393", title="Stratégie, volet 2",
                            addressees=("IGAS", "IGF, service"), signed_on=date(2022, 3, 2), lead="Thomas Audigé",
                            last_modified=MOMENT)
    written = remote.put_new(remote.href_for(mission.uid), mission_text(mission))
    fetched = remote.fetch([written.href])
    assert [item.fields for item in fetched.items] == [mission]


def test_a_second_create_of_the_same_item_is_stale_not_an_overwrite(remote):
    href = remote.href_for("f-3")
    first = remote.put_new(href, task_text(task("f-3", "mine")))
    assert remote.put_new(href, task_text(task("f-3", "theirs"))) == Stale(href)
    assert remote.fetch([href]).items[0].fields.title == "mine"
    assert isinstance(first, Written)


def test_update_and_delete_need_the_current_etag(remote):
    href = remote.href_for("f-4")
    v1 = remote.put_new(href, task_text(task("f-4")))
    v2 = remote.put_update(href, task_text(task("f-4", "renamed", sequence=1)), v1.etag)
    assert isinstance(v2, Written) and v2.etag != v1.etag
    assert remote.put_update(href, task_text(task("f-4", "lost update")), v1.etag) == Stale(href)
    assert remote.delete(href, v1.etag) == Stale(href)
    assert remote.fetch([href]).items[0].fields.title == "renamed"
    assert remote.delete(href, v2.etag) == Deleted(href)
    assert remote.delete(href, v2.etag) == Gone(href)
    assert remote.put_update(href, task_text(task("f-4")), v2.etag) in (Gone(href), Stale(href))


def test_our_sequence_is_sent_as_is(remote):
    """caldav's save() would bump SEQUENCE on every write: two clients doing so loop forever."""
    href = remote.href_for("f-5")
    remote.put_new(href, task_text(task("f-5", sequence=7)))
    assert remote.fetch([href]).items[0].fields.sequence == 7


def test_changes_since_a_token_list_only_what_changed(remote):
    hrefs = {uid: remote.href_for(uid) for uid in ("a", "b", "c")}
    etags = {uid: remote.put_new(href, task_text(task(uid))).etag for uid, href in hrefs.items()}
    first = remote.changes(None)
    assert first.complete and first.token and {r.href for r in first.changed} == set(hrefs.values())
    assert remote.changes(first.token).changed == () and remote.changes(first.token).deleted == ()

    remote.put_update(hrefs["a"], task_text(task("a", "moved")), etags["a"])
    remote.delete(hrefs["b"], etags["b"])
    remote.put_new(remote.href_for("d"), task_text(task("d")))
    delta = remote.changes(first.token)
    assert not delta.complete
    assert {r.href for r in delta.changed} == {hrefs["a"], remote.href_for("d")}
    assert delta.deleted == (hrefs["b"],)
    fetched = remote.fetch(r.href for r in delta.changed)
    assert {i.fields.title for i in fetched.items} == {"moved", "Note de cadrage"}
    assert {i.etag for i in fetched.items} == {r.etag for r in delta.changed}


def test_a_refused_token_falls_back_to_a_complete_listing(caldav_server, remote):
    """A bogus token: Radicale answers 403, Xandikos 412 (both with DAV:valid-sync-token)."""
    href = remote.href_for("e")
    remote.put_new(href, task_text(task("e")))
    bogus = "http://radicale.org/ns/sync/0000" if caldav_server.name == "radicale" else "0" * 40
    listing = remote.changes(bogus)
    assert listing.token_refused and listing.complete
    assert [r.href for r in listing.changed] == [href] and listing.token


def test_fetch_reports_members_deleted_since_the_listing(remote):
    href = remote.href_for("g")
    etag = remote.put_new(href, task_text(task("g"))).etag
    gone = remote.href_for("never-there")
    remote.delete(href, etag)
    fetched = remote.fetch([href, gone])
    assert fetched.items == () and set(fetched.missing) == {href, gone}


def test_a_malformed_member_is_skipped_and_listed_not_fatal(caldav_server, remote):
    good = remote.href_for("h")
    remote.put_new(good, task_text(task("h")))
    event = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VJOURNAL\r\nUID:j-1\r\n"
             b"DTSTAMP:20220101T000000Z\r\nSUMMARY:Compte rendu\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n")
    other = remote.path + "journal.ics"
    assert caldav_server.raw("PUT", other, event, {"Content-Type": "text/calendar"})[0] == 201
    fetched = remote.fetch(r.href for r in remote.changes(None).changed)
    assert [i.href for i in fetched.items] == [good]
    assert [(s.href, s.reason) for s in fetched.skipped] == [(other, "the item is a journal entry, not a task")]


def test_a_foreign_client_writing_raw_icalendar_is_read(caldav_server, remote):
    """A Thunderbird-like task, undated, with no X- property: read as undated with nothing of ours."""
    body = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n"
            b"BEGIN:VTODO\r\nCREATED:20220601T080000Z\r\nDTSTAMP:20220601T080000Z\r\nUID:tb-1\r\n"
            b"SUMMARY:Relancer la DGS\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")
    href = remote.path + "tb-1.ics"
    assert caldav_server.raw("PUT", href, body, {"Content-Type": "text/calendar"})[0] == 201
    [item] = remote.fetch([href]).items
    assert item.fields.due is None and item.fields.present == frozenset() and item.fields.title == "Relancer la DGS"


def test_many_items_come_in_one_request_per_batch(remote):
    hrefs = [remote.href_for(f"m-{i}") for i in range(300)]
    for i, href in enumerate(hrefs):
        remote.put_new(href, task_text(task(f"m-{i}", f"item {i}")))
    fetched = remote.fetch(hrefs)
    assert sorted(i.fields.title for i in fetched.items) == sorted(f"item {i}" for i in range(300))


def test_an_href_with_spaces_and_accents(caldav_server, remote):
    href = remote.path + "réunion de cadrage.ics"
    etag = remote.put_new(href, task_text(task("r-1"))).etag
    [ref] = remote.changes(None).changed
    assert ref.href == href and ref.etag == etag
    assert remote.fetch([ref.href]).items[0].fields.uid == "r-1"


def test_an_item_is_known_by_one_href_from_put_listing_and_fetch(remote):
    uid = "Réunion/2022 #1?"
    href = remote.href_for(uid)
    written = remote.put_new(href, task_text(task(uid)))
    [ref] = remote.changes(None).changed
    [fetched] = remote.fetch([ref.href]).items
    assert written.href == ref.href == fetched.href == href and fetched.fields.uid == uid
    assert remote.get(href).fields.uid == uid and remote.get(href).etag == ref.etag


def test_uids_that_differ_only_in_odd_characters_get_different_hrefs(remote):
    assert remote.href_for("a/b") != remote.href_for("a_b") != remote.href_for("a b")
    assert remote.href_for("0192a5b0-7c1e-7d4e-8f00-aa55") == remote.path + "0192a5b0-7c1e-7d4e-8f00-aa55.ics"


def test_get_of_a_missing_item_is_none(remote):
    assert remote.get(remote.href_for("nothing")) is None
