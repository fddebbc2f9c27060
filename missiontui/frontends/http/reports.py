"""GET /reports/<token>: a mission's status report as it stands now, for whoever holds the link.

Built afresh for every request (the page is a few hundred kilobytes at most and takes well under a
second at 1,000 deliverables); its ETag is a hash of the page, so a reload that changed nothing gets
a 304 and no body. The page is the same self-contained HTML as `missiontui report --format html`,
with its Content-Security-Policy sent as a header too (no script, nothing remote, never framed).
A wrong or revoked token, or a deleted mission, gets the same 404 as any unknown path. The page is
in the reader's language when the browser asks for one we speak, else in `serve`'s.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from missiontui.core.report.html import CSP
from missiontui.frontends.http.negotiation import preferred_language
from missiontui.frontends.http.server import NOT_FOUND, Request, Response, Route
from missiontui.store import Store
from missiontui.usecases.report_links import live_report

PATH = re.compile(r"/reports/([A-Za-z0-9_-]{16,64})")
HEADERS = (
    ("Content-Security-Policy", CSP + "; frame-ancestors 'none'"),
    # Browsers revalidate on every visit (live), and no shared cache or proxy keeps a copy.
    ("Cache-Control", "private, no-cache"),
    ("X-Robots-Tag", "noindex, nofollow"),
    ("Vary", "Accept-Language"),
)
LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Reports:
    store: Store
    today: Callable[[], date]
    language: str

    def route(self) -> Route:
        return Route(PATH, self.answer)

    def answer(self, request: Request) -> Response:
        language = preferred_language(request.headers.get("accept-language"), LANGUAGES, self.language)
        page = live_report(self.store, request.match.group(1), today=self.today(), language=language)
        if page is None:
            return NOT_FOUND
        body = page.encode("utf-8")
        return Response(200, body, content_type="text/html; charset=utf-8",
                        etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"', headers=HEADERS)
