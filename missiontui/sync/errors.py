"""Every fault of a CalDAV exchange as one typed error with one sentence, in English and French.

The sentence names the server by host (never a URL with credentials in it) and says what to do.
Nothing from the HTTP layer is passed on: its exception text may hold request headers. A stale
write (412) is not an error at all but an outcome (transport.Stale): the sync re-fetches and merges.
"""

from __future__ import annotations

from missiontui.core.errors import MissionError


class SyncError(MissionError):
    """The exchange with the server failed; the local database was not touched by it."""


class UnsafeUrl(SyncError):
    """A URL we refuse before connecting: plain HTTP to another machine, a password inside it, no host."""


class ServerUnreachable(SyncError):
    pass


class ConnectionDropped(ServerUnreachable):
    """The server closed the connection before its answer was complete."""


class DnsFailure(ServerUnreachable):
    pass


class TlsFailure(SyncError):
    pass


class ServerTimeout(SyncError):
    pass


class AuthenticationFailed(SyncError):
    """401: the user name or the password is wrong."""


class AccessDenied(SyncError):
    """403: logged in, but this user may not do that here."""


class CollectionMissing(SyncError):
    """404 on the collection itself: the URL is wrong, or someone deleted the calendar."""


class ServerFailure(SyncError):
    """5xx: the server is broken or overloaded; try again later."""


class UnexpectedAnswer(SyncError):
    """An answer no CalDAV server should give (not XML, an unknown status...)."""


