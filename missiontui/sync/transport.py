"""One CalDAV calendar collection, seen as what a sync needs: changes since a token, items with
their ETags, and conditional writes whose race is an outcome, not an error.

Over the `caldav` library's DAVClient (its HTTP session, authentication negotiation, TLS
settings). The requests themselves are written here rather than through caldav's object layer,
because the sync needs what that layer hides: the exact bytes we PUT (its save() re-serialises and
bumps SEQUENCE unless told not to; two clients that both bump loop forever), `If-None-Match: *` /
`If-Match` on every write with a 412 handed back, one calendar-multiget for a batch instead of one
GET per item, and whether a token was refused (a full listing then means "anything not listed is
gone"). Every fault becomes one typed SyncError (errors.py) whose text holds no password.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import socket
import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.sax.saxutils import escape

from missiontui.core.ical.tasks import MalformedItem, MissionFields, TaskFields, read_item
from missiontui.sync import errors

DEFAULT_TIMEOUT = 30.0
MULTIGET_BATCH = 250  # hrefs per calendar-multiget: one request per batch, bodies of ~250 KB

_DAV, _CALDAV = "{DAV:}", "{urn:ietf:params:xml:ns:caldav}"
_XML = {"Content-Type": 'application/xml; charset="utf-8"'}
_ICS = {"Content-Type": "text/calendar; charset=utf-8"}


@dataclass(frozen=True)
class Ref:
    """A member of the collection as a listing names it."""

    href: str  # path on the server, unquoted, e.g. /alice/d-22/abc.ics: the key of an item everywhere
    etag: str


@dataclass(frozen=True)
class Changes:
    """What changed since a token. When `complete`, `changed` lists every member (the first sync,
    a server without tokens, a refused token): a known href that is not listed was deleted."""

    token: str | None  # pass it to the next changes(); None: the server has no sync tokens
    changed: tuple[Ref, ...]
    deleted: tuple[str, ...]
    complete: bool
    token_refused: bool = False  # the server did not accept the token we gave (expired, bogus)


@dataclass(frozen=True)
class RemoteItem:
    href: str
    etag: str
    data: bytes  # as the server returned it: keep it to rewrite the item without losing others' fields
    fields: TaskFields | MissionFields


@dataclass(frozen=True)
class Skipped:
    """A member we could not read: listed for the user, never fatal."""

    href: str
    reason: str


@dataclass(frozen=True)
class Fetched:
    items: tuple[RemoteItem, ...]
    skipped: tuple[Skipped, ...]
    missing: tuple[str, ...]  # deleted between the listing and the fetch


@dataclass(frozen=True)
class Written:
    href: str
    etag: str | None  # None: the server did not say (it may have changed our bytes); fetch it to know


@dataclass(frozen=True)
class Deleted:
    href: str


@dataclass(frozen=True)
class Stale:
    """412 (or a UID conflict): someone changed the item since our ETag, or created it first.
    Re-fetch and merge; never retry the same write."""

    href: str


@dataclass(frozen=True)
class Gone:
    """The item we meant to update or delete is no longer on the server."""

    href: str


def check_url(url: str, allow_http: bool = False) -> str:
    """The URL if we may send a password to it: HTTPS, or HTTP to this machine (or explicitly allowed)."""
    try:
        parts = urlsplit(url)
        host, scheme, password = parts.hostname, parts.scheme, parts.password
    except ValueError:
        host = scheme = password = None
    if not host or scheme not in ("http", "https"):
        shown = re.sub(r"//[^/]*@", "//", url)  # never echo what may be credentials
        raise errors.UnsafeUrl.of("sync.bad_url", url=shown if len(shown) <= 80 else shown[:79] + "…")
    if password is not None:
        raise errors.UnsafeUrl.of("sync.password_in_url")
    if scheme == "http" and not allow_http and not _is_loopback(host):
        raise errors.UnsafeUrl.of("sync.http_remote", host=host)
    return url if url.endswith("/") else url + "/"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Collection:
    """A CalDAV calendar collection at a URL. Use connect() to make one."""

    def __init__(self, client, url: str, user: str | None, timeout: float):
        self._client = client
        self.url = url
        parts = urlsplit(url)
        self.host = parts.hostname + (f":{parts.port}" if parts.port else "")
        self.path = unquote(parts.path)  # hrefs are kept unquoted, as listings give them
        self._user = user or ""
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"Collection({self.url!r})"

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Collection":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ the collection

    def exists(self) -> bool:
        """Whether the collection is there (and is a calendar)."""
        status, tree, _ = self._request("PROPFIND", self.url, _propfind("<D:resourcetype/>"), {"Depth": "0"},
                                        missing_ok=True)
        if status == 404 or any(code == 404 for _, code, _ in _responses(tree)):  # Xandikos: 207 with a 404 inside
            return False
        kinds = tree.find(f".//{_DAV}resourcetype") if tree is not None else None
        if kinds is None or kinds.find(f"{_CALDAV}calendar") is None:
            raise errors.UnexpectedAnswer.of("sync.not_calendar", host=self.host, path=self.path)
        return True

    def create(self, display_name: str) -> bool:
        """Create the collection for tasks and the mission's journal; False if it was already there."""
        if self.exists():
            return False
        body = ('<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" '
                'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
                f"<D:displayname>{escape(display_name)}</D:displayname>"
                '<C:supported-calendar-component-set><C:comp name="VTODO"/><C:comp name="VJOURNAL"/>'
                "</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>")
        self._request("MKCALENDAR", self.url, body.encode(), {}, missing_is="collection")
        return True

    # ------------------------------------------------------------ reading

    def changes(self, token: str | None = None) -> Changes:
        """Members changed and deleted since `token` (RFC 6578); every member when there is no token,
        the server refuses it (403 Radicale, 412 Xandikos), or the server has no sync-collection."""
        refused = False
        if token:
            try:
                return self._sync_collection(token)
            except _TokenRefused:
                refused = True
        try:
            full = self._sync_collection("")
        except _TokenRefused:  # a server without sync-collection: list the ETags with PROPFIND
            return Changes(None, tuple(self._propfind_listing()), (), True, refused)
        return Changes(full.token, full.changed, (), True, refused)

    def _sync_collection(self, token: str) -> Changes:
        body = ('<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:">'
                f"<D:sync-token>{escape(token)}</D:sync-token><D:sync-level>1</D:sync-level>"
                "<D:prop><D:getetag/></D:prop></D:sync-collection>").encode()
        changed, deleted = {}, set()
        for _page in range(1000):  # a truncated answer (507 for the collection) goes on with its new token
            status, tree, _ = self._request("REPORT", self.url, body, {"Depth": "1"}, token_request=True)
            if tree is None:
                raise errors.UnexpectedAnswer.of("sync.unexpected", host=self.host, reason="an empty sync answer")
            truncated = False
            for href, item_status, props in _responses(tree):
                if self._same(href, self.path):
                    truncated = truncated or item_status == 507
                    continue
                etag = props.get("getetag")
                if item_status == 404 or etag is None:
                    deleted.add(href)
                    changed.pop(href, None)
                else:
                    changed[href] = Ref(href, etag)
                    deleted.discard(href)
            new_token = _text(tree.find(f"{_DAV}sync-token"))
            if not truncated or not new_token or new_token == token:
                break
            token = new_token
            body = body.split(b"<D:sync-token>")[0] + f"<D:sync-token>{escape(token)}</D:sync-token>".encode() + \
                body.split(b"</D:sync-token>")[1]
        return Changes(new_token or None, tuple(changed.values()), tuple(sorted(deleted)), False)

    def _propfind_listing(self) -> Iterator[Ref]:
        _, tree, _ = self._request("PROPFIND", self.url, _propfind("<D:getetag/>"), {"Depth": "1"})
        for href, item_status, props in _responses(tree):
            if not self._same(href, self.path) and item_status == 200 and props.get("getetag"):
                yield Ref(href, props["getetag"])

    def fetch(self, hrefs: Iterable[str]) -> Fetched:
        """The items at `hrefs` with their ETags, read; unreadable ones are skipped and listed."""
        hrefs = list(dict.fromkeys(hrefs))
        items, skipped, missing = [], [], []
        for start in range(0, len(hrefs), MULTIGET_BATCH):
            batch = hrefs[start:start + MULTIGET_BATCH]
            body = ('<?xml version="1.0" encoding="utf-8"?><C:calendar-multiget xmlns:D="DAV:" '
                    'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop>'
                    + "".join(f"<D:href>{escape(_quote(h))}</D:href>" for h in batch)
                    + "</C:calendar-multiget>").encode()
            _, tree, _ = self._request("REPORT", self.url, body, {"Depth": "1"})
            seen = set()
            for href, item_status, props in _responses(tree):
                seen.add(href)
                if item_status == 404:
                    missing.append(href)
                    continue
                data, etag = props.get("calendar-data"), props.get("getetag")
                if item_status != 200 or data is None or not etag:
                    skipped.append(Skipped(href, f"the server returned no data for it (HTTP {item_status})"))
                    continue
                raw = data.encode("utf-8")
                try:
                    items.append(RemoteItem(href, etag, raw, read_item(raw)))
                except MalformedItem as exc:
                    skipped.append(Skipped(href, str(exc)))
            missing += [h for h in batch if _unquote(h) not in seen]
        return Fetched(tuple(items), tuple(skipped), tuple(missing))

    def get(self, href: str) -> RemoteItem | None:
        """One item, or None if it is not there (a plain GET: for a server whose multiget misbehaves)."""
        status, _, response = self._request("GET", self._absolute(href), b"", {}, missing_ok=True)
        if status == 404:
            return None
        raw = response.headers.get("ETag")
        return RemoteItem(href, raw or "", _body(response), read_item(_body(response)))

    # ------------------------------------------------------------ writing

    def href_for(self, uid: str) -> str:
        """Where a new item with this UID goes: the same on every replica, so two colleagues who create
        it both meet the If-None-Match: * of the other (412) instead of making a duplicate."""
        name = re.sub(r"[^A-Za-z0-9._@-]", "_", uid)[:100]
        if name != uid:  # two UIDs that differ only in the replaced characters must not meet
            name += "-" + hashlib.sha256(uid.encode("utf-8")).hexdigest()[:12]
        return self.path + name + ".ics"

    def put_new(self, href: str, data: bytes) -> Written | Stale:
        """Create an item: `If-None-Match: *`, so an item already there is never overwritten."""
        return self._put(href, data, {"If-None-Match": "*"})

    def put_update(self, href: str, data: bytes, etag: str) -> Written | Stale | Gone:
        """Replace an item only if it is still the version with `etag` (If-Match)."""
        return self._put(href, data, {"If-Match": etag})

    def delete(self, href: str, etag: str) -> Deleted | Stale | Gone:
        """Delete an item only if it is still the version with `etag` (If-Match)."""
        status, _, _ = self._request("DELETE", self._absolute(href), b"", {"If-Match": etag}, outcomes=(404, 412))
        if status == 412:
            return Stale(href)
        return Gone(href) if status == 404 else Deleted(href)

    def _put(self, href: str, data: bytes, condition: dict) -> Written | Stale | Gone:
        status, tree, response = self._request("PUT", self._absolute(href), data, {**_ICS, **condition},
                                               outcomes=(404, 409, 412), item=True)
        if status == 412:
            return Stale(href)
        if status == 409 and b"no-uid-conflict" not in _body(response):  # RFC 4918 9.7.1: no parent collection
            raise errors.CollectionMissing.of("sync.missing", host=self.host, path=self.path)
        if status == 409:  # RFC 4791 5.3.2.1 no-uid-conflict: the UID lives at another href (Xandikos: 412)
            return Stale(href)
        if status == 404:
            if "If-None-Match" in condition:
                raise errors.CollectionMissing.of("sync.missing", host=self.host, path=self.path)
            return Gone(href)
        return Written(href, response.headers.get("ETag"))

    # ------------------------------------------------------------ HTTP

    def _absolute(self, href: str) -> str:
        return urljoin(self.url, _quote(href))

    def _same(self, href: str, path: str) -> bool:
        return _unquote(href).rstrip("/") == _unquote(path).rstrip("/")

    def _request(self, method: str, url: str, body: bytes, headers: dict, *, missing_ok: bool = False,
                 missing_is: str = "collection", token_request: bool = False, outcomes: tuple = (),
                 item: bool = False):
        """(status, XML tree or None, response); every failure raised as one SyncError."""
        from caldav.lib import error as caldav_error

        headers = {**(_XML if not item else {}), **headers}
        try:
            try:
                response = self._client.request(url, method, body, headers)
            except caldav_error.AuthorizationError as exc:
                if exc.status != 401 or not self._client.auth_type:
                    raise
                # Basic was sent up front (connect): a server that wants Digest says 401; negotiate instead
                self._client.auth = self._client.auth_type = None
                response = self._client.request(url, method, body, headers)
        except caldav_error.AuthorizationError as exc:
            if token_request and any(p.endswith("valid-sync-token") for p in exc.preconditions):
                raise _TokenRefused() from None
            if exc.status == 401:
                raise errors.AuthenticationFailed.of("sync.unauthorized", host=self.host, user=self._user) from None
            raise self._forbidden(exc.body) from None
        except caldav_error.RateLimitError as exc:
            raise errors.ServerFailure.of("sync.server_error", host=self.host, status=exc.status or 503) from None
        except caldav_error.DAVError as exc:
            raise errors.UnexpectedAnswer.of("sync.unexpected", host=self.host,
                                             reason=type(exc).__name__) from None
        except Exception as exc:  # the HTTP library's own exceptions, whatever library caldav picked
            if type(exc).__name__ == "XMLSyntaxError":  # caldav parses any XML-typed answer
                raise errors.UnexpectedAnswer.of("sync.unexpected", host=self.host, reason="not XML") from None
            raise self._network_error(exc) from None
        status = response.status
        tree = getattr(response, "tree", None)
        if status in outcomes:
            return status, tree, response
        if token_request and status in (400, 409, 412, 501):  # Xandikos refuses a bad token with 412
            raise _TokenRefused()
        if status == 404:
            if missing_ok:
                return status, None, response
            raise errors.CollectionMissing.of("sync.missing", host=self.host, path=self.path)
        if status == 403:
            raise self._forbidden(_body(response))
        if status == 401:
            raise errors.AuthenticationFailed.of("sync.unauthorized", host=self.host, user=self._user)
        if status >= 500:
            raise errors.ServerFailure.of("sync.server_error", host=self.host, status=status)
        if status >= 300:
            raise errors.UnexpectedAnswer.of("sync.unexpected", host=self.host, reason=f"HTTP {status}")
        if method in ("PROPFIND", "REPORT") and tree is None:
            raise errors.UnexpectedAnswer.of("sync.unexpected", host=self.host, reason="not XML")
        return status, tree, response

    def _forbidden(self, body) -> errors.SyncError:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
        if "supported-calendar-component" in text:
            return errors.AccessDenied.of("sync.component_refused", host=self.host, component="VTODO/VJOURNAL")
        return errors.AccessDenied.of("sync.forbidden", host=self.host, user=self._user or "?", path=self.path)

    def _network_error(self, exc: Exception) -> errors.SyncError:
        """The HTTP library's exception, told by its chain of causes (never by its text, which may hold
        request details), as one typed SyncError."""
        chain, seen = [], exc
        while seen is not None and len(chain) < 20:
            chain.append(seen)
            seen = seen.__cause__ or seen.__context__
        names = " ".join(type(e).__name__ for e in chain)
        if any(isinstance(e, socket.gaierror) for e in chain) or "NameResolution" in names:
            return errors.DnsFailure.of("sync.dns", host=self.host)
        if any(isinstance(e, ssl.SSLError | ssl.CertificateError) for e in chain) or "SSL" in names:
            reason = next((e.reason for e in chain if isinstance(e, ssl.SSLError) and e.reason), "TLS")
            return errors.TlsFailure.of("sync.tls", host=self.host, reason=str(reason).lower().replace("_", " "))
        if any(isinstance(e, TimeoutError | socket.timeout) for e in chain) or "Timeout" in names:
            return errors.ServerTimeout.of("sync.timeout", host=self.host, seconds=f"{self._timeout:g}")
        if any(isinstance(e, ConnectionRefusedError) for e in chain) or "NewConnectionError" in names:
            return errors.ServerUnreachable.of("sync.refused", host=self.host)
        if any(isinstance(e, ConnectionError) for e in chain) or any(
                n in names for n in ("RemoteDisconnected", "IncompleteRead", "ProtocolError", "ChunkedEncoding",
                                     "ConnectionError", "ReadError")):
            return errors.ConnectionDropped.of("sync.dropped", host=self.host)
        return errors.ServerUnreachable.of("sync.unreachable", host=self.host, reason=type(exc).__name__)


class _TokenRefused(Exception):
    pass


def connect(url: str, user: str | None, password: str | None, *, timeout: float = DEFAULT_TIMEOUT,
            allow_http: bool = False, verify: bool | str = True) -> Collection:
    """A Collection at `url`. Nothing is sent yet; HTTPS unless the host is this machine or
    `allow_http`. `verify` may name a CA bundle (a company's own certificate authority)."""
    url = check_url(url, allow_http)
    from caldav import DAVClient

    # Basic credentials go with the first request (HTTPS, or this machine): asking anonymously first costs
    # a 401 per run, and Radicale slows every refused request by a second. A Digest server's 401 falls
    # back to caldav's negotiation (Collection._request).
    client = DAVClient(url=url, username=user, password=password, timeout=timeout, ssl_verify_cert=verify,
                       enable_rfc6764=False, auth_type="basic" if user and password is not None else None)
    return Collection(client, url, user, timeout)


# ---------------------------------------------------------------- XML


def _propfind(props: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop>{props}</D:prop>'
            "</D:propfind>").encode()


def _text(element) -> str | None:
    return element.text.strip() if element is not None and element.text else None


def _status_code(element) -> int | None:
    text = _text(element)
    try:
        return int(text.split()[1]) if text else None
    except (IndexError, ValueError):
        return None


def _responses(tree) -> Iterator[tuple[str, int, dict]]:
    """(href path, status, {local prop name: text}) of each DAV:response of a multistatus."""
    if tree is None:
        return
    for response in tree.iter(f"{_DAV}response"):
        href = _text(response.find(f"{_DAV}href"))
        if not href:
            continue
        path = _unquote(urlsplit(href).path or href)
        status = _status_code(response.find(f"{_DAV}status"))
        props = {}
        for propstat in response.findall(f"{_DAV}propstat"):
            code = _status_code(propstat.find(f"{_DAV}status"))
            if code != 200:
                continue
            status = status or 200
            for prop in propstat.find(f"{_DAV}prop") if propstat.find(f"{_DAV}prop") is not None else ():
                name = prop.tag.rsplit("}", 1)[-1]
                props[name] = prop.text if name == "calendar-data" else _text(prop)
        yield path, status or 404, props


def _unquote(href: str) -> str:
    return unquote(href)


def _quote(href: str) -> str:
    return quote(unquote(href), safe="/:@!$&'()*+,;=~")


def _body(response) -> bytes:
    raw = getattr(response, "_raw_body", None) or getattr(response, "_raw", b"")
    return raw if isinstance(raw, bytes) else str(raw).encode("utf-8")
