"""Identifiers made on this machine that must never collide with a colleague's."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Iterator
from itertools import count, islice


def new_uids(count: int) -> list[str]:
    """Calendar UIDs (RFC 5545): time-ordered so the unique index grows at its end, with 64 random
    bits so two colleagues' machines never collide."""
    return list(islice(uid_stream(), count))


def uid_stream() -> Iterator[str]:
    """As many UIDs as asked for, one at a time (a bulk load need not hold a million of them). The
    counter is zero-padded: the UIDs sort in the order they were made, as the index wants."""
    stamp, salt = time.time_ns() // 1000, secrets.token_hex(8)
    return (f"{stamp:x}-{n:06x}-{salt}@missiontui" for n in count())


def new_secret() -> str:
    """192 random bits, safe in a URL: the unguessable part of a subscription link."""
    return secrets.token_urlsafe(24)


def secret_digest(secret: str) -> str:
    """What the database keeps of a secret: its SHA-256. A link is found by the digest of the part
    of its URL a caller presents; a copy of the database gives no working link."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
