"""GET /feeds/<token>.ics: the calendar of a subscription token's scope.

ETag and Last-Modified come from one cheap aggregate query, so calendars polling every hour get a
304 without the calendar being built. A wrong or revoked token gets the same 404 as any unknown
path. The server (server.py) does the HTTP: timeouts, 304s, gzip, the log without tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from missiontui.frontends.http.server import NOT_FOUND, Request, Response, Route
from missiontui.store import Store
from missiontui.usecases.calendars import FeedVersions, export_calendar, feed_scope

PATH = re.compile(r"/feeds/([A-Za-z0-9_-]{16,64})(?:\.ics)?")


@dataclass(frozen=True)
class Feeds:
    store: Store
    today: Callable[[], date]
    language: str
    reminders: tuple[int, ...]
    versions: FeedVersions = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "versions", FeedVersions(self.store))

    def route(self) -> Route:
        return Route(PATH, self.answer)

    def answer(self, request: Request) -> Response:
        token = self.store.feed_token(request.match.group(1))
        if token is None:
            return NOT_FOUND
        options = dict(today=self.today(), language=self.language, reminders=self.reminders)
        version = self.versions(token, **options)
        return Response(
            200, lambda out: export_calendar(self.store, out, feed_scope(token), **options),
            content_type="text/calendar; charset=utf-8", etag=version.etag, last_modified=version.last_modified,
            headers=(("Cache-Control", "no-cache"), ("Content-Disposition", 'inline; filename="missiontui.ics"')))
