"""The DNS mission as it stands on Monday 4 July 2022, built through the real use cases with the
history's clock pinned: the data every report test reads, and the facts they expect, by hand.

    2022-05-10  "Note de cadrage" added (due 31 May), done on 1 June
    2022-06-15  the checkpoint moves from 30 June to 1 July: "Dominique Pon indisponible fin juin"
    2022-06-20  "Entretiens ARS" added, due 12 July, planned
    2022-06-22  "Synthèse des entretiens" added, due 8 July, then blocked: "en attente des données DREES"
    2022-06-25  the report moves from 30 September to 15 October: "calendrier du ministre"
    2022-06-28  "Déplacement ARS Occitanie" added, due 20 July, then cancelled
    2022-06-29  "Questionnaire aux ARS" added, due 6 July, in progress
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from datetime import date

import pytest

from missiontui.usecases import deliverables
from missiontui.usecases.context import Context, FixedClock
from missiontui.usecases.seeds import load_seeds

REF = "D-22-010393"
TODAY = date(2022, 7, 4)


PARIS = "CET-1CEST,M3.5.0,M10.5.0/3"  # Paris time as a POSIX rule: no time zone database needed


@contextmanager
def paris_clock():
    """Reports show the day a change happened in local time: pin it, whatever the machine's zone."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = PARIS
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


@pytest.fixture
def paris():
    with paris_clock():
        yield


def uid(key: str) -> str:
    return f"{REF}/{key}@missiontui-seed"


def build(ctx: Context, extra_titles: tuple[str, ...] = ()) -> dict[str, int]:
    """Load the seeds and live the mission up to TODAY, each change at its own day and time. Returns
    the ids by short name."""
    store = ctx.store
    load_seeds(ctx)
    ids = {key: store.deliverable_by_uid(uid(key)).id for key in ("mandate", "checkpoint", "report", "decisions")}

    def at(day: str):
        ctx.clock = FixedClock(date.fromisoformat(day), f"{day}T12:00:00.000000Z")

    def add(title: str, due: str, **kw) -> int:
        return deliverables.add_deliverable(ctx, mission=REF, title=title, due=due, **kw).deliverable.id

    at("2022-05-10")
    ids["cadrage"] = add("Note de cadrage", "2022-05-31", owners=["Thomas Audigé"])
    at("2022-06-01")
    deliverables.complete(ctx, ids["cadrage"], on=date(2022, 6, 1))
    at("2022-06-15")
    deliverables.edit_deliverable(ctx, ids["checkpoint"], {"due": "2022-07-01"},
                                  reason="Dominique Pon indisponible fin juin")
    at("2022-06-20")
    ids["entretiens"] = add("Entretiens ARS", "2022-07-12", kind="meeting", owners=["Laura Létourneau"])
    at("2022-06-22")
    ids["synthese"] = add("Synthèse des entretiens", "2022-07-08", owners=["Thomas Audigé"])
    deliverables.edit_deliverable(ctx, ids["synthese"], {"status": "blocked"}, reason="en attente des données DREES")
    at("2022-06-25")
    deliverables.edit_deliverable(ctx, ids["report"], {"due": "2022-10-15"}, reason="calendrier du ministre")
    at("2022-06-28")
    ids["deplacement"] = add("Déplacement ARS Occitanie", "2022-07-20")
    deliverables.edit_deliverable(ctx, ids["deplacement"], {"status": "cancelled"})
    at("2022-06-29")
    ids["questionnaire"] = add("Questionnaire aux ARS", "2022-07-06", status="in-progress", owners=["Laura Létourneau"])
    for n, title in enumerate(extra_titles):
        ids[f"extra{n}"] = add(title, "2022-08-31", owners=["Thomas Audigé"])
    at(TODAY.isoformat())
    return ids
