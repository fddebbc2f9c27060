"""Secret links to a mission's live status report: `missiontui serve` answers /reports/<token> with
the report as of the moment it is asked, for a cabinet or a sponsor who has a browser but no terminal.

A link is a token of kind "report" in the feed tokens' table: created, labelled and revoked the same
way (with history and undo), and never usable as a calendar feed, nor a feed as a report.
"""

from __future__ import annotations

from datetime import date

from missiontui.core.changes import Change, ChangeSet
from missiontui.core.errors import NotFound
from missiontui.core.frozen import replace
from missiontui.core.ids import new_secret
from missiontui.core.rules import clean_text
from missiontui.store import Store
from missiontui.store.tokens import FeedToken
from missiontui.usecases.context import Context
from missiontui.usecases.records import record

KIND = "report"


def add_report_link(ctx: Context, mission: str, label: str = "") -> FeedToken:
    store = ctx.store
    with store.transaction():
        values = {"kind": KIND, "scope": "mission", "mission_id": store.mission(mission).id, "person_id": None,
                  "label": clean_text(label, "the label"), "revoked": False}
        secret = new_secret()
        record(ctx, ChangeSet((Change("feed_token", -1, {}, values, secret=secret),)))
        return replace(store.feed_token(secret, KIND), token=secret)  # the secret, this once


def revoke_report_link(ctx: Context, token_or_id: str) -> FeedToken:
    """The link answers 404 from then on, like an unknown one."""
    store = ctx.store
    with store.transaction():
        token = store.feed_token_by_id(token_or_id, KIND)
        if token is None:
            raise NotFound.of("reportlink.no_link", key=token_or_id.strip())
        record(ctx, ChangeSet((Change("feed_token", token.id, {"revoked": False}, {"revoked": True}),)))
        return token


def report_links(store: Store, *, include_revoked: bool = False) -> list[FeedToken]:
    return store.feed_tokens(include_revoked=include_revoked, kind=KIND)


def report_url(base: str, token: FeedToken) -> str:
    return f"{base.rstrip('/')}/reports/{token.token}"


def live_report(store: Store, secret: str, *, today: date, language: str) -> str | None:
    """The HTML page a live link shows now, or None when the link is unknown or revoked or its
    mission was deleted: the caller answers all of these alike, so a guess learns nothing."""
    from missiontui.core.report.html import render_html
    from missiontui.usecases.reports import status_report

    token = store.feed_token(secret, KIND)
    if token is None or token.mission_deleted:
        return None
    try:
        return render_html(status_report(store, token.mission_ref, today=today), language)
    except NotFound:  # deleted between the two reads
        return None
