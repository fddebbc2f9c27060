"""A small HTTP/1.1 server for missiontui's secret links (calendar feeds, report pages).

Routes map a path to a handler that runs on a worker thread and returns a `Response`; the server
does the rest the same way for every route: timeouts, conditional requests (304), gzip, and an
access log that shows neither secrets nor control characters.

Why asyncio rather than http.server's ThreadingHTTPServer or a library: a calendar server is polled
by every colleague's calendar, so a slow or idle client must cost a socket, never a thread. Here a
connection waits for its request head on the event loop, under one deadline for the whole head
(a client sending a byte at a time is cut when it expires, however steadily it trickles); only a
complete request reaches the worker pool. ThreadingHTTPServer gives each connection a thread with
no deadline (its listen backlog of 5 also dropped 62 of 200 simultaneous requests); waitress keeps
slow clients off its threads but only times out silence, so steady trickles hold its connection
slots. Both measured in the commit that brought this file.

Each response closes its connection (calendars poll hourly; keep-alive would buy nothing).
"""

from __future__ import annotations

import asyncio
import re
import socket
import sys
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import TextIO

from missiontui.core.textsafe import visible
from missiontui.frontends.http.negotiation import accepts_gzip, none_match, not_modified_since

REASONS = {200: "OK", 304: "Not Modified", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           408: "Request Timeout", 414: "URI Too Long", 431: "Request Header Fields Too Large",
           500: "Internal Server Error", 503: "Service Unavailable", 505: "HTTP Version Not Supported"}
MAX_LINE = 8192  # octets in the request line or one header line
MAX_HEADERS = 100
CHUNK = 65536  # a streamed body goes out in writes of about this size
# Secrets in paths (tokens are 32 URL-safe characters) are never logged, wherever they stand.
_SECRET = re.compile(r"[A-Za-z0-9_%-]{16,}")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_VERSION = re.compile(r"HTTP/(\d)\.(\d)")


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # as sent: path and query
    path: str
    headers: dict[str, str]  # lower-case names; a repeated header's values joined by ", "
    match: re.Match | None  # the route's pattern against the path: its groups are the route's arguments


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes | Callable[[TextIO], object] = b""  # bytes, or a function writing text to a stream
    content_type: str = "text/plain; charset=utf-8"
    etag: str | None = None  # a strong validator, quoted: '"…"'
    last_modified: str | None = None  # an HTTP date
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern  # matched against the whole path
    handler: Callable[[Request], Response]  # runs on a worker thread: may read the database


NOT_FOUND = Response(404, b"Not found\n")


class _Refused(Exception):
    def __init__(self, status: int):
        self.status = status


@dataclass
class HttpServer:
    """Listens as soon as it is made (so the port is known and a busy one says so at once);
    `serve_forever()` serves until `shutdown()` is called from another thread."""

    address: tuple[str, int]
    routes: Sequence[Route]
    quiet: bool = False  # no access log
    log: TextIO = field(default_factory=lambda: sys.stderr)
    timeout: float = 10.0  # seconds for a request head, and for each write of an answer to progress
    workers: int = 16
    max_connections: int = 1000
    backlog: int = 1024

    def __post_init__(self):
        host, port = self.address
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]
        self.socket = socket.create_server((host, port), family=family, backlog=self.backlog)
        self.server_address = self.socket.getsockname()
        self._state = threading.Lock()
        self._stopping = self._entered = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._done = threading.Event()
        self._connections: set[asyncio.Task] = set()
        self.idle = threading.Event()  # set while no connection is open: a graceful stop can wait for it
        self.idle.set()

    # --- lifetime -------------------------------------------------------------------------------

    def serve_forever(self) -> None:
        with self._state:
            if self._stopping:
                return
            self._entered = True
        try:
            asyncio.run(self._main())
        finally:
            self._done.set()

    def shutdown(self) -> None:
        """Stop serving and wait until every connection and worker thread is gone."""
        with self._state:
            self._stopping = True
            loop, stop, entered = self._loop, self._stop, self._entered
        if loop is not None:
            with suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(stop.set)
        if entered:
            self._done.wait()

    def server_close(self) -> None:
        self.socket.close()

    async def _main(self) -> None:
        with self._state:
            if self._stopping:
                return
            self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        pool = ThreadPoolExecutor(self.workers, thread_name_prefix="missiontui-http")
        server = await asyncio.start_server(lambda r, w: self._accept(r, w, pool), sock=self.socket, limit=MAX_LINE,
                                            backlog=self.backlog)  # asyncio listens again, 100 by default
        try:
            await self._stop.wait()
        finally:
            server.close()
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            # Workers may still be finishing a write through this loop: wait for them without blocking it.
            await asyncio.get_running_loop().run_in_executor(None, pool.shutdown)

    # --- one connection -------------------------------------------------------------------------

    def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, pool) -> None:
        task = asyncio.ensure_future(self._connection(reader, writer, pool))
        self._connections.add(task)
        self.idle.clear()
        task.add_done_callback(self._closed)

    def _closed(self, task: asyncio.Task) -> None:
        self._connections.discard(task)
        if not self._connections:
            self.idle.set()

    async def _connection(self, reader, writer, pool) -> None:
        client = (writer.get_extra_info("peername") or ("-",))[0]
        line, status, sent = "", 0, 0
        try:
            if len(self._connections) > self.max_connections:
                raise _Refused(503)
            try:
                async with asyncio.timeout(self.timeout):  # one deadline for the whole head
                    raw = await self._read_line(reader, 414)
                    if not raw.strip():  # a stray empty line before the request is allowed (RFC 9112 2.2)
                        raw = await self._read_line(reader, 414)
                    line = raw.decode("latin-1").rstrip("\r\n")
                    request = await self._read_request(line, reader)
            except TimeoutError:
                raise _Refused(408) from None
            response = await self._respond(request, pool)
            status = response.status
            status, sent = await self._send(request, response, writer, pool)
        except _Refused as refused:
            status = refused.status
            sent = await self._send_plain(writer, status)
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError):
            pass  # the client went away or stopped reading: nothing more to say
        except Exception as exc:  # noqa: BLE001 - a failed answer (half sent) must not stop the server
            self._error(exc)
        finally:
            await self._close(writer)
            if status and not self.quiet:
                self._log(client, line, status, sent)

    async def _read_request(self, line: str, reader) -> Request:
        parts = line.split(" ")
        if len(parts) != 3 or not _TOKEN.fullmatch(parts[0]) or not parts[1]:
            raise _Refused(400)
        method, target, version = parts
        major_minor = _VERSION.fullmatch(version)
        if not major_minor:
            raise _Refused(400)
        if major_minor.group(1) != "1":
            raise _Refused(505)
        headers: dict[str, str] = {}
        for _ in range(MAX_HEADERS + 1):
            header = (await self._read_line(reader, 431)).decode("latin-1").rstrip("\r\n")
            if not header:
                break
            name, colon, value = header.partition(":")
            if not colon or not _TOKEN.fullmatch(name):  # also refuses obsolete line folding (RFC 9112 5.2)
                raise _Refused(400)
            name, value = name.lower(), value.strip(" \t")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        else:
            raise _Refused(431)
        if version == "HTTP/1.1" and "host" not in headers:
            raise _Refused(400)  # RFC 9112 3.2
        path = target.split("?", 1)[0]
        if "://" in path and not path.startswith("/"):  # absolute form (RFC 9112 3.2.2)
            path = "/" + path.split("://", 1)[1].partition("/")[2]
        return Request(method, target, path, headers, None)

    @staticmethod
    async def _read_line(reader, too_long: int) -> bytes:
        try:
            line = await reader.readuntil(b"\n")
        except asyncio.LimitOverrunError:
            raise _Refused(too_long) from None
        return line

    async def _respond(self, request: Request, pool) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response(405, b"Method not allowed\n", headers=(("Allow", "GET, HEAD"),))
        for route in self.routes:
            match = route.pattern.fullmatch(request.path)
            if match:
                routed = Request(request.method, request.target, request.path, request.headers, match)
                try:
                    return await asyncio.get_running_loop().run_in_executor(pool, route.handler, routed)
                except Exception as exc:  # noqa: BLE001 - one bad answer must not stop the server
                    self._error(exc)
                    return Response(500, b"Internal error\n")
        return NOT_FOUND

    # --- answering ------------------------------------------------------------------------------

    async def _send(self, request: Request, response: Response, writer, pool) -> tuple[int, int]:
        """Writes the answer; returns (status, body octets sent)."""
        headers = [("Content-Type", response.content_type), *response.headers]
        textual = response.content_type.startswith("text/")
        gzip = textual and accepts_gzip(request.headers.get("accept-encoding")) and (
            callable(response.body) or len(response.body) >= 1024)
        etag = response.etag
        if etag and gzip:
            etag = etag[:-1] + '-gzip"'  # another representation, another tag (RFC 9110 8.8.3.3)
        if textual and (callable(response.body) or len(response.body) >= 1024):
            headers.append(("Vary", "Accept-Encoding"))
        for name, value in (("ETag", etag), ("Last-Modified", response.last_modified)):
            if value:
                headers.append((name, value))
        status = response.status
        if status == 200 and self._current(request, etag, response.last_modified):
            await self._write_head(writer, 304, [h for h in headers if h[0] != "Content-Type"])
            return 304, 0
        if gzip:
            headers.append(("Content-Encoding", "gzip"))
        if not callable(response.body):
            body = zlib.compress(response.body, 6, 31) if gzip else response.body
            await self._write_head(writer, status, [*headers, ("Content-Length", str(len(body)))])
            if request.method != "HEAD":
                writer.write(body)
                await self._drain(writer)
                return status, len(body)
            return status, 0
        await self._write_head(writer, status, headers)  # the end of the body is the end of the connection
        if request.method == "HEAD":
            return status, 0
        sink = _Sink(self._sender(writer), gzip)
        await asyncio.get_running_loop().run_in_executor(pool, _stream, response.body, sink)
        return status, sink.sent

    @staticmethod
    def _current(request: Request, etag: str | None, last_modified: str | None) -> bool:
        """The client's copy is current: If-None-Match decides when present (RFC 9110 13.2.2)."""
        if_none_match = request.headers.get("if-none-match")
        if if_none_match is not None:
            return bool(etag) and none_match(if_none_match, etag)
        if_modified_since = request.headers.get("if-modified-since")
        return bool(if_modified_since and last_modified) and not_modified_since(if_modified_since, last_modified)

    async def _write_head(self, writer, status: int, headers: list[tuple[str, str]]) -> None:
        lines = [f"HTTP/1.1 {status} {REASONS.get(status, '')}", f"Date: {formatdate(usegmt=True)}",
                 "Server: missiontui", "Connection: close", "X-Content-Type-Options: nosniff",
                 "Referrer-Policy: no-referrer", *(f"{name}: {value}" for name, value in headers)]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await self._drain(writer)

    async def _send_plain(self, writer, status: int) -> int:
        body = f"{REASONS[status]}\n".encode()
        with suppress(ConnectionError, TimeoutError):
            await self._write_head(writer, status, [("Content-Type", "text/plain; charset=utf-8"),
                                                    ("Content-Length", str(len(body)))])
            writer.write(body)
            await self._drain(writer)
            return len(body)
        return 0

    async def _drain(self, writer) -> None:
        async with asyncio.timeout(self.timeout):  # a client that stops reading is let go
            await writer.drain()

    def _sender(self, writer) -> Callable[[bytes], None]:
        """For a worker thread: send bytes through the loop and wait until the client took them."""
        loop = asyncio.get_running_loop()

        async def send(data: bytes) -> None:
            writer.write(data)
            await self._drain(writer)

        return lambda data: asyncio.run_coroutine_threadsafe(send(data), loop).result()

    async def _close(self, writer) -> None:
        """Close the connection; a client that does not take the rest within the timeout (or a
        server shutting down) has it cut. Returns once the socket is released."""
        if not self._stop.is_set():
            writer.close()
            try:
                async with asyncio.timeout(self.timeout):
                    await writer.wait_closed()
                return
            except (TimeoutError, ConnectionError):
                pass
        writer.transport.abort()
        with suppress(ConnectionError):
            await writer.wait_closed()

    def _error(self, exc: Exception) -> None:
        """Said even with `quiet` (which silences the access log): a failing answer needs fixing."""
        self.log.write(f"error: {type(exc).__name__}: {visible(_SECRET.sub('…', str(exc)))}\n")
        self.log.flush()

    def _log(self, client: str, line: str, status: int, sent: int) -> None:
        shown = visible(_SECRET.sub("…", line))
        if len(shown) > 300:
            shown = shown[:300] + "…"
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.log.write(f'{client} [{stamp}] "{shown}" {status} {sent}\n')
        self.log.flush()


class _Sink:
    """The text stream a streamed body is written to, on a worker thread: UTF-8, gzip-compressed
    when the client accepts it, sent in writes of about CHUNK octets."""

    def __init__(self, send: Callable[[bytes], None], gzip: bool):
        self.send, self.pending, self.size, self.sent = send, [], 0, 0
        self.compressor = zlib.compressobj(6, zlib.DEFLATED, 31) if gzip else None  # 31: a gzip header

    def write(self, text: str) -> int:
        self.pending.append(text)
        self.size += len(text)
        if self.size >= CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.pending:
            data = "".join(self.pending).encode("utf-8")
            self.pending, self.size = [], 0
            self._out(self.compressor.compress(data) if self.compressor else data)

    def close(self) -> None:
        self.flush()
        if self.compressor:
            self._out(self.compressor.flush())

    def _out(self, data: bytes) -> None:
        if data:
            self.send(data)
            self.sent += len(data)


def _stream(produce: Callable[[TextIO], object], sink: _Sink) -> None:
    produce(sink)
    sink.close()
