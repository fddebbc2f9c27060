"""A small HTTP proxy on 127.0.0.1 in front of a real server, that fails on demand.

`proxy.fail(...)` arms one fault for the next requests matching a method (or every method):
an HTTP status (401, 403, 404, 412, 500, 503), a connection dropped half-way through the answer,
an answer that never comes (the client's timeout cuts it; the proxy is released at teardown), a
write the server makes whose answer never comes, a colleague's write slipped in just before a
request (a real 412 race), or a rewrite of the server's answer (malformed items in a listing).
`after=N` lets N matching requests through first; `state.hanging` is set when one is held.
`proxy.refuse()` closes the listening socket so connections are refused. Everything else is
forwarded untouched.
"""

from __future__ import annotations

import http.client
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization",
              "proxy-authenticate", "content-length", "accept-encoding"}  # plain bodies, so faults can rewrite them


@dataclass
class Fault:
    method: str | None  # None: any method
    status: int | None = None  # answer this status instead of forwarding
    drop: bool = False  # forward, then cut the connection half-way through the body
    hang: bool = False  # never answer
    rewrite: Callable[[bytes], bytes] | None = None  # forward, then change the body
    remaining: int | None = None  # how many requests it applies to (None: all)
    after: int = 0  # let this many matching requests through untouched first
    lose_answer: bool = False  # forward (the server does it), then never answer: a write whose answer is lost
    before: Callable[[str, str], None] | None = None  # called with (method, path) before forwarding: a race


@dataclass
class _State:
    upstream_port: int
    faults: list[Fault] = field(default_factory=list)
    seen: list[tuple[str, str, dict]] = field(default_factory=list)  # (method, path, headers) of each request
    release: threading.Event = field(default_factory=threading.Event)
    hanging: threading.Event = field(default_factory=threading.Event)  # set when a request is held unanswered
    lock: threading.Lock = field(default_factory=threading.Lock)
    connections: set = field(default_factory=set)  # open client connections, cut by refuse()

    def fault_for(self, method: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.method in (None, method) and (fault.remaining is None or fault.remaining > 0):
                    if fault.after > 0:
                        fault.after -= 1
                        return None
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: _State

    def log_message(self, *args) -> None:  # quiet
        pass

    def setup(self) -> None:
        super().setup()
        with self.state.lock:
            self.state.connections.add(self.connection)

    def finish(self) -> None:
        with self.state.lock:
            self.state.connections.discard(self.connection)
        super().finish()

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items()}
        self.state.seen.append((self.command, self.path, headers))
        fault = self.state.fault_for(self.command)
        if fault and fault.hang:
            self.state.hanging.set()
            self.state.release.wait(60)  # the client's timeout ends the wait on its side
            self.close_connection = True
            return
        if fault and fault.status:
            payload = f"fault {fault.status}".encode()
            self.send_response(fault.status)
            if fault.status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="proxy"')
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        if fault and fault.before:
            fault.before(self.command, self.path)
        upstream = http.client.HTTPConnection("127.0.0.1", self.state.upstream_port, timeout=60)
        try:
            upstream.request(self.command, self.path, body=body,
                             headers={k: v for k, v in headers.items() if k.lower() not in HOP_BY_HOP})
            response = upstream.getresponse()
            payload = response.read()
            out_headers = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP]
            status = response.status
        finally:
            upstream.close()
        if fault and fault.lose_answer:
            self.state.hanging.set()
            self.state.release.wait(60)
            self.close_connection = True
            return
        if fault and fault.rewrite:
            payload = fault.rewrite(payload)
        if fault and fault.drop and not payload:  # nothing to cut half-way (a PUT's 201): cut before the status
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.send_response(status)
        for k, v in out_headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if fault and fault.drop:
            self.wfile.write(payload[: max(1, len(payload) // 2)])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.wfile.write(payload)

    do_GET = do_PUT = do_DELETE = do_PROPFIND = do_PROPPATCH = do_REPORT = do_MKCALENDAR = do_OPTIONS = _any
    do_HEAD = do_POST = _any


class FaultProxy:
    def __init__(self, upstream_port: int):
        self.state = _State(upstream_port)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail(self, method: str | None = None, *, status: int | None = None, drop: bool = False,
             hang: bool = False, rewrite: Callable[[bytes], bytes] | None = None, times: int | None = None,
             after: int = 0, lose_answer: bool = False, before: Callable[[str, str], None] | None = None) -> None:
        self.state.faults.append(Fault(method, status, drop, hang, rewrite, times, after, lose_answer, before))

    def heal(self) -> None:
        self.state.faults.clear()

    def refuse(self) -> None:
        """The server goes away: open connections are cut and new ones refused."""
        self.close()
        with self.state.lock:
            for connection in list(self.state.connections):
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.state.release.set()
        self._server.shutdown()
        self._server.server_close()
