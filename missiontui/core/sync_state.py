"""What the sync remembers between runs, as the store hands it back: links, items, open conflicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Link:
    """A mission linked to a CalDAV calendar collection."""

    mission_id: int
    reference: str
    url: str
    token: str | None = None  # RFC 6578 sync token of the last complete sync
    last_sync: str | None = None  # UTC
    linked_at: str = ""


@dataclass(frozen=True)
class Synced:
    """One item of a linked collection as both sides last agreed on it."""

    mission_id: int
    uid: str
    entity: str  # "deliverable" or "mission"
    entity_id: int
    href: str
    etag: str | None
    base: dict[str, Any]  # typed values (core.changes): the merge base
    extra: dict[str, Any] = field(default_factory=dict)  # the server's own: percent, categories, foreign lines…
    version: int | None = None  # the local version `base` was agreed at; None or another: something to send


@dataclass(frozen=True)
class OpenConflict:
    """A field both sides changed differently since `base`: until the user chooses, yours stays here
    and theirs stays on the server."""

    mission_id: int
    uid: str
    entity: str
    entity_id: int
    field: str
    base: Any
    theirs: Any
    yours: Any
    found_at: str = ""
