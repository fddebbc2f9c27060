"""Every fault of issue 10 item 6 becomes one typed error with one clear sentence, and the password
is in no message, log line or traceback. Faults come from the real servers (wrong password, another
user's calendar, a missing collection) or from a proxy in front of them."""

from __future__ import annotations

import base64
import logging
import re
import traceback

import pytest

from missiontui.core.ical.tasks import TaskFields, task_text
from missiontui.sync import errors
from missiontui.sync.transport import Stale, connect
from tests.caldav_servers import (PASSWORD, USER, caldav_server, collection_url,  # noqa: F401  (fixtures)
                                  radicale_server)
from tests.fault_proxy import FaultProxy

LEAKS = (PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(), "Pw-CANARY")


def item(uid: str) -> bytes:
    return task_text(TaskFields(uid=uid, title="Note de cadrage", mission_ref="D-22"))


@pytest.fixture
def proxy(caldav_server):
    p = FaultProxy(caldav_server.port)
    yield p
    p.close()


@pytest.fixture
def through_proxy(caldav_server, collection_url, proxy):
    """The collection, created and holding two items, reached through the proxy."""
    url = collection_url.replace(caldav_server.base, proxy.base)
    with connect(url, USER, PASSWORD, timeout=2) as remote:
        remote.create("DNS")
        for uid in ("a", "b"):
            remote.put_new(remote.href_for(uid), item(uid))
        yield remote


@pytest.fixture
def everything(caplog, capfd):
    """Whatever a fault could leave for someone to read: log records at every level and the output."""
    caplog.set_level(logging.DEBUG)

    def collected(exc: BaseException) -> str:
        out, err = capfd.readouterr()
        return "\n".join([str(exc), repr(exc), exc.localized("fr"), "".join(traceback.format_exception(exc)),
                          caplog.text, out, err, *(str(a) for a in exc.args)])

    return collected


def assert_one_sentence_without_password(exc: errors.SyncError, text: str) -> None:
    message = str(exc)
    assert message and "\n" not in message and "Traceback" not in message
    assert not re.search(r"https?://[^ ]*@", message)
    for secret in LEAKS:
        assert secret not in text


def fails(call, error_type, everything):
    with pytest.raises(error_type) as raised:
        call()
    assert_one_sentence_without_password(raised.value, everything(raised.value))
    return str(raised.value)


# Xandikos runs without authentication here (its --htpasswd needs TLS): its 401 and 403 come from the proxy.


def test_wrong_password_is_401(radicale_server, everything):
    with connect(radicale_server.collection_url("dns"), USER, PASSWORD + "-wrong", timeout=5) as remote:
        message = fails(remote.exists, errors.AuthenticationFailed, everything)
    assert message == f"127.0.0.1:{radicale_server.port} refused the login of 'alice' (401): check the user name " \
                      "and the password"


def test_another_users_calendar_is_403(radicale_server, everything):
    with connect(f"{radicale_server.base}/bob/private/", USER, PASSWORD, timeout=5) as remote:
        message = fails(remote.exists, errors.AccessDenied, everything)
    assert "does not let 'alice' do this on /bob/private/ (403)" in message


def test_a_missing_collection_is_404(caldav_server, collection_url, everything):
    with connect(collection_url, USER, PASSWORD, timeout=5) as remote:
        message = fails(remote.changes, errors.CollectionMissing, everything)
        fails(lambda: remote.put_new(remote.href_for("x"), item("x")), errors.CollectionMissing, everything)
    assert message.startswith("there is no calendar at /")


@pytest.mark.parametrize("status, error", [
    (401, errors.AuthenticationFailed), (403, errors.AccessDenied), (404, errors.CollectionMissing),
    (500, errors.ServerFailure), (502, errors.ServerFailure), (503, errors.ServerFailure),
])
def test_an_http_error_on_the_listing(through_proxy, proxy, everything, status, error):
    proxy.fail("REPORT", status=status)
    fails(through_proxy.changes, error, everything)


def test_a_503_with_retry_after_is_not_slept_on(through_proxy, proxy, everything):
    proxy.fail("PUT", status=503)
    fails(lambda: through_proxy.put_new(through_proxy.href_for("c"), item("c")), errors.ServerFailure, everything)


def test_a_412_from_the_server_is_an_outcome_and_is_not_retried(through_proxy, proxy):
    href = through_proxy.href_for("a")
    proxy.fail("PUT", status=412)
    before = len(proxy.state.seen)
    assert through_proxy.put_update(href, item("a"), '"whatever"') == Stale(href)
    assert [m for m, _, _ in proxy.state.seen[before:]] == ["PUT"]  # one request: no blind retry


def test_every_write_is_conditional(through_proxy, proxy):
    href = through_proxy.href_for("c")
    etag = through_proxy.put_new(href, item("c")).etag
    etag = through_proxy.put_update(href, item("c"), etag).etag
    through_proxy.delete(href, etag)
    writes = [(m, h) for m, _, h in proxy.state.seen if m in ("PUT", "DELETE")][-3:]
    assert writes[0][1].get("If-None-Match") == "*"
    assert writes[1][1].get("If-Match") and writes[2][1].get("If-Match")


def test_a_connection_dropped_mid_answer(through_proxy, proxy, everything):
    proxy.fail("REPORT", drop=True)
    message = fails(through_proxy.changes, errors.ConnectionDropped, everything)
    assert "closed the connection before its answer was complete" in message


def test_a_server_that_goes_away_mid_sync(through_proxy, proxy, everything):
    """Open connections are cut, new ones refused: either way one ServerUnreachable."""
    proxy.refuse()
    fails(through_proxy.changes, errors.ServerUnreachable, everything)


def test_a_refused_connection(through_proxy, proxy, everything):
    proxy.refuse()
    with connect(through_proxy.url, USER, PASSWORD, timeout=2) as fresh:
        message = fails(fresh.changes, errors.ServerUnreachable, everything)
    assert "connection was refused" in message


def test_a_server_that_never_answers_is_cut_by_the_timeout(through_proxy, proxy, everything):
    proxy.fail("REPORT", hang=True)
    message = fails(through_proxy.changes, errors.ServerTimeout, everything)
    assert message.endswith("did not answer within 2 s; try again later")


def test_an_answer_that_is_not_xml(through_proxy, proxy, everything):
    proxy.fail("REPORT", rewrite=lambda body: b"<html><body>Proxy error</body></html")
    fails(through_proxy.changes, errors.UnexpectedAnswer, everything)


def test_malformed_items_in_a_listing_are_skipped_and_listed(through_proxy, proxy):
    hrefs = [r.href for r in through_proxy.changes(None).changed]
    first = hrefs[0].rsplit("/", 1)[-1].encode()

    def corrupt_first(body: bytes) -> bytes:  # the first item's data becomes garbage, the rest untouched
        start = body.index(first)
        data = body.index(b"BEGIN:VCALENDAR", start)
        return body[:data] + b"BEGIN:VCALENDAR\nBEGIN:VTODO\nDUE:garbage\n" + body[body.index(b"END:VCALENDAR", data):]

    proxy.fail("REPORT", rewrite=corrupt_first)
    fetched = through_proxy.fetch(hrefs)
    assert [i.href for i in fetched.items] == hrefs[1:]
    assert [s.href for s in fetched.skipped] == hrefs[:1] and "iCalendar" in fetched.skipped[0].reason


def test_a_dns_failure(everything):
    with connect("https://calendar.invalid/dav/alice/dns/", USER, PASSWORD, timeout=5) as remote:
        message = fails(remote.exists, errors.DnsFailure, everything)
    assert message == "cannot find the server calendar.invalid (DNS lookup failed): check the URL and the network"


def test_a_tls_failure(caldav_server, everything):
    """HTTPS to a port that speaks plain HTTP: the handshake fails."""
    url = f"https://127.0.0.1:{caldav_server.port}{caldav_server.home}dns/"
    with connect(url, USER, PASSWORD, timeout=5) as remote:
        message = fails(remote.exists, errors.TlsFailure, everything)
    assert message.startswith(f"the secure connection to 127.0.0.1:{caldav_server.port} failed")


@pytest.mark.parametrize("url, allow, sentence", [
    ("http://calendar.example.org/dav/", False, "refusing plain HTTP to calendar.example.org"),
    ("https://alice:Pw-CANARY-7f3b9e-sésame@calendar.example.org/dav/", False, "the server URL holds a password"),
    ("ftp://calendar.example.org/", False, "is not a server URL"),
    ("calendar.example.org/dav", False, "is not a server URL"),
])
def test_urls_refused_before_anything_is_sent(url, allow, sentence, everything):
    message = fails(lambda: connect(url, USER, PASSWORD, allow_http=allow), errors.UnsafeUrl, everything)
    assert sentence in message


@pytest.mark.parametrize("url", ["http://127.0.0.1:5232/alice/", "http://localhost:5232/", "http://[::1]:5232/"])
def test_plain_http_is_fine_to_this_machine(url):
    assert connect(url, USER, PASSWORD).url == url


def test_plain_http_to_another_machine_with_the_explicit_flag():
    assert connect("http://calendar.example.org/dav", USER, PASSWORD, allow_http=True).url == \
        "http://calendar.example.org/dav/"


def test_the_password_is_not_in_the_collection_repr(caldav_server, collection_url):
    with connect(collection_url, USER, PASSWORD) as remote:
        assert PASSWORD not in repr(remote) and PASSWORD not in repr(vars(remote))
