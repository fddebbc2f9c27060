"""Calendar files as real clients write them (tests/data/clients): each read as its JSON says, written by hand.

Each NAME.ics imitates what one client writes (from its documentation and source code: see the
JSON's `client` and `what_it_shows`); NAME.json lists every item expected, in file order, with the
fields that matter, and what is skipped or warned about. A field missing from an expected item is
not checked; `"uid": null` means a UID derived from the item's content (the file has none).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from missiontui.core.ical.reader import DERIVED_UID_DOMAIN, read_calendar

CLIENTS = Path(__file__).parent / "data" / "clients"
FILES = sorted(path.stem for path in CLIENTS.glob("*.ics"))
CHECKED = ("title", "component", "status", "rrule", "categories", "parent_uid", "priority", "percent_complete",
           "notes", "completed_on")


def expected(name: str) -> dict:
    return json.loads((CLIENTS / f"{name}.json").read_text(encoding="utf-8"))


def read(name: str):
    return read_calendar((CLIENTS / f"{name}.ics").read_bytes())


def as_written(item) -> dict:
    """An item in the JSON's terms: dates as ISO text, enums as their value, tuples as lists."""
    value = {}
    for field in CHECKED + ("due",):
        v = getattr(item, field)
        value[field] = (v.isoformat() if isinstance(v, date) else getattr(v, "value", v) if v is not None else None)
        if isinstance(v, tuple):
            value[field] = list(v)
    return value


def test_every_client_file_has_its_expectations():
    assert len(FILES) >= 10
    assert {path.stem for path in CLIENTS.glob("*.json")} == set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_client_file_reads_as_expected(name):
    want, got = expected(name), read(name)
    assert [i["title"] for i in want["items"]] == [i.title for i in got.items]
    for wanted, item in zip(want["items"], got.items):
        if wanted["uid"] is None:
            assert item.uid_derived and item.uid.endswith("@" + DERIVED_UID_DOMAIN), item
        else:
            assert (item.uid, item.uid_derived) == (wanted["uid"], False)
        assert as_written(item)["due"] == wanted["due"], item.title
        written = as_written(item)
        for field in CHECKED:
            if field in wanted:
                assert written[field] == wanted[field], (item.title, field)
            elif field in ("status", "rrule", "categories", "parent_uid"):
                assert written[field] in (None, "", []), (item.title, field)
    assert len(got.skipped) == len(want["skipped"]), got.skipped
    for line, reason in zip(got.skipped, want["skipped"]):
        assert reason in line
    assert len(got.warnings) == len(want["warnings"]), got.warnings
    for line, reason in zip(got.warnings, want["warnings"]):
        assert reason in line


@pytest.mark.parametrize("name", FILES)
def test_derived_uids_survive_refolding_and_other_line_endings(name):
    """A re-export that folds lines elsewhere or switches CRLF/LF names the same items."""
    data = (CLIENTS / f"{name}.ics").read_bytes()
    unfolded = data.replace(b"\r\n ", b"").replace(b"\n ", b"").replace(b"\r\n", b"\n")
    crlf = unfolded.replace(b"\n", b"\r\n")
    uids = [item.uid for item in read_calendar(data).items]
    assert [item.uid for item in read_calendar(crlf).items] == uids
    assert len(set(uids)) == len(uids)


def test_calcurse_items_keep_their_derived_uid_when_dtstamp_is_added():
    """Clients that add or refresh DTSTAMP on every export do not make new items."""
    data = (CLIENTS / "calcurse.ics").read_bytes()
    stamped = data.replace(b"BEGIN:VEVENT\n", b"BEGIN:VEVENT\nDTSTAMP:20260101T000000Z\n")
    assert [i.uid for i in read_calendar(stamped).items] == [i.uid for i in read_calendar(data).items]


def test_an_edited_calcurse_item_is_a_new_item():
    """The documented limit of derived UIDs: an item edited before the re-export comes back as another."""
    data = (CLIENTS / "calcurse.ics").read_bytes()
    before = {i.title: i.uid for i in read_calendar(data).items if i.component == "VEVENT"}
    after = {i.title: i.uid for i in read_calendar(data.replace(b"20220930", b"20221007")).items
             if i.component == "VEVENT"}
    assert after["Rapport définitif"] != before["Rapport définitif"]
    assert after["Point équipe"] == before["Point équipe"]
