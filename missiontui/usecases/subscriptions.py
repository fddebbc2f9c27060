"""Subscription links: the secret URLs calendars poll (`missiontui serve` answers them)."""

from __future__ import annotations

from missiontui.core.changes import Change, ChangeSet
from missiontui.core.errors import InvalidInput, NotFound
from missiontui.core.frozen import replace
from missiontui.core.ids import new_secret
from missiontui.core.rules import clean_text
from missiontui.store.tokens import FeedToken
from missiontui.usecases.context import Context
from missiontui.usecases.inputs import find_person
from missiontui.usecases.records import record


def add_feed(ctx: Context, *, mission: str | None = None, person: str | None = None, label: str = "") -> FeedToken:
    """A link to everything, one mission, or one person's deliverables."""
    if mission and person:
        raise InvalidInput.of("error.feed_scope")
    store = ctx.store
    with store.transaction():
        values = {"scope": "mission" if mission else "person" if person else "all",
                  "mission_id": store.mission(mission).id if mission else None,
                  "person_id": find_person(store, person).id if person else None,
                  "label": clean_text(label, "the label"), "revoked": False}
        secret = new_secret()
        record(ctx, ChangeSet((Change("feed_token", -1, {}, values, secret=secret),)))
        return replace(store.feed_token(secret), token=secret)  # the secret, this once


def revoke_feed(ctx: Context, token_or_id: str) -> FeedToken:
    """Calendars subscribed to a revoked link get 404 from then on."""
    store = ctx.store
    with store.transaction():
        token = store.feed_token_by_id(token_or_id)
        if token is None:
            raise NotFound.of("error.no_feed", key=token_or_id.strip())
        record(ctx, ChangeSet((Change("feed_token", token.id, {"revoked": False}, {"revoked": True}),)))
        return token
