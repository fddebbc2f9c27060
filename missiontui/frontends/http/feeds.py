"""`missiontui serve`: calendar subscription feeds over HTTP, one secret URL per feed.

GET /feeds/<token>.ics answers the calendar of the token's scope, with ETag and Last-Modified so
calendars that poll every hour get a 304 when nothing changed. A wrong or revoked token gets the
same 404 as any unknown path, and the access log never prints tokens.
"""

from __future__ import annotations

import re
import sys
import zlib
from collections.abc import Callable
from datetime import date
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from missiontui.usecases.calendars import export_calendar, feed_scope, feed_version
from missiontui.store import Store

_FEED_PATH = re.compile(r"^/feeds/([A-Za-z0-9_-]{16,64})(?:\.ics)?$")
_TOKEN_IN_LOG = re.compile(r"/feeds/[^ \"]+")


class _TextWriter:
    """The text file interface export_calendar writes to, over a socket, in 64 KB writes."""

    def __init__(self, raw):
        self.raw, self.pending, self.size = raw, [], 0

    def write(self, text: str) -> None:
        self.pending.append(text)
        self.size += len(text)
        if self.size > 65536:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self._send("".join(self.pending).encode("utf-8"))
            self.pending, self.size = [], 0

    def _send(self, data: bytes) -> None:
        self.raw.write(data)

    def close(self) -> None:
        self.flush()


class _GzipWriter(_TextWriter):
    def __init__(self, raw):
        super().__init__(raw)
        self.compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip header and trailer

    def _send(self, data: bytes) -> None:
        self.raw.write(self.compressor.compress(data))

    def close(self) -> None:
        self.flush()
        self.raw.write(self.compressor.flush())


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], store: Store, *, today: Callable[[], date], language: str,
                 reminders: tuple[int, ...], quiet: bool = False):
        super().__init__(address, FeedHandler)
        self.store, self.today, self.language, self.reminders, self.quiet = store, today, language, reminders, quiet


class FeedHandler(BaseHTTPRequestHandler):
    server: FeedServer
    server_version = "missiontui"
    sys_version = ""

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        match = _FEED_PATH.match(self.path.split("?", 1)[0])
        token = self.server.store.feed_token(match.group(1)) if match else None
        if token is None:
            self._send(404, b"Not found\n", "text/plain; charset=utf-8", body)
            return
        options = dict(today=self.server.today(), language=self.server.language, reminders=self.server.reminders)
        version = feed_version(self.server.store, token, **options)
        if self._not_modified(version.etag, version.last_modified):
            self.send_response(304)
            self.send_header("ETag", version.etag)
            self.send_header("Last-Modified", version.last_modified)
            self.end_headers()
            return
        self._stream_feed(token, version, options, body)

    def _stream_feed(self, token, version, options: dict, body: bool) -> None:
        """Written to the socket as it is built (HTTP/1.0: the end of the body closes the connection),
        gzip-compressed when the calendar accepts it: memory stays flat at 100,000 deliverables."""
        gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        for name, value in (("ETag", version.etag), ("Last-Modified", version.last_modified),
                            ("Cache-Control", "no-cache"), ("Content-Disposition", 'inline; filename="missiontui.ics"')):
            self.send_header(name, value)
        if gzip:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if body:
            sink = _GzipWriter(self.wfile) if gzip else _TextWriter(self.wfile)
            export_calendar(self.server.store, sink, feed_scope(token), **options)
            sink.close()

    def _not_modified(self, etag: str, last_modified: str) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                return parsedate_to_datetime(if_modified_since) >= parsedate_to_datetime(last_modified)
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status: int, content: bytes, content_type: str, body: bool, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(content)

    def log_message(self, format: str, *args) -> None:
        if not self.server.quiet:  # tokens are secrets: the log shows /feeds/… instead
            sys.stderr.write(f"{self.log_date_time_string()} {_TOKEN_IN_LOG.sub('/feeds/…', format % args)}\n")
